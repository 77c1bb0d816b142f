"""What every problem sheet is made of: an exercise (its question, its worked steps, the numbers it states and
the answers it gives), the units it is worked in, the seeded draws of hand-computable numbers, and how many
decimals the worked numbers carry.

Every number an answer gives is computed by core/; this module only draws the numbers a question states and
writes them down. A worked line is arithmetic a student can redo with a calculator: done on the numbers the
line shows, it gives the number it shows. So a number that a later line computes with is shown with
`carried` decimals (four, or more where a line needs them), and every answer is still its unrounded value
rounded.
"""

from dataclasses import dataclass, field

import numpy as np

from content.text import UNITS, format_loss, format_number


@dataclass(frozen=True)
class Exercise:
    """One exam-style exercise: what to do, and a worked solution a step at a time.

    `kind` names the generator that wrote it (the tests recompute each kind's answers on their own);
    `given` holds the numbers the question states; `answers` maps each final quantity to the text the steps
    write for it: a number and its unit, or a bare number where a table's header gives the unit (or the number
    has none).
    """

    kind: str
    title: str
    prompt: str
    steps: tuple
    given: dict = field(default_factory=dict)
    answers: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Units:
    """The learner's unit, nats or bits, and the symbols that go with it on the notation card."""

    name: str

    @property
    def base(self):
        return UNITS[self.name]

    @property
    def log(self):
        """The logarithm that counts in this unit, as KaTeX: ln for nats, log₂ for bits."""
        return r"\ln" if self.name == "nats" else r"\log_2"

    @property
    def loss(self):
        """One sample's loss: ℓ in nats, ℓ_bits in bits (the card keeps ℓ for nats)."""
        return r"\ell" if self.name == "nats" else r"\ell_{\text{bits}}"

    @property
    def loss_n(self):
        """Sample n's loss: ℓ_n in nats, ℓ_bits,n in bits."""
        return r"\ell_n" if self.name == "nats" else r"\ell_{\text{bits},n}"

    @property
    def mean(self):
        """The mean loss over a data set: L in nats, L_bits in bits."""
        return "L" if self.name == "nats" else r"L_{\text{bits}}"

    def __call__(self, value, decimals=3):
        """A loss with its unit, at three decimals (or `decimals`): '0.357 nats'."""
        return format_loss(value, self.name, decimals)

    def per_logit(self):
        """The unit of a gradient in the logits, of the loss in this unit."""
        return f"{self.name} per unit of logit"


def exercise_rng(seed, sheet, number):
    """The generator of one exercise's numbers: the same seed, sheet and number always give the same draw,
    and a change to one exercise leaves the others' numbers alone."""
    return np.random.default_rng([int(seed), sum(map(ord, sheet)), number])


def hundredths(rng, total, parts, low=1):
    """`parts` whole numbers of hundredths, each at least `low`, adding up to `total` (stars and bars)."""
    slots = total - parts * low + parts - 1
    bars = np.sort(rng.choice(slots, size=parts - 1, replace=False))
    sizes = np.diff(np.concatenate(([-1], bars, [slots]))) - 1
    return [int(size) + low for size in sizes]


CARRY_FROM = 4  # the fewest decimals of a number that a later line computes with
# A number without a unit (a probability, an exponential) is shown alike in nats and in bits: the decimals it
# carries are the ones that make the lines of both units come out right.
BASES = tuple(UNITS.values())


def rounded(value, decimals):
    """`value` as a line shows it with `decimals` decimals: the number a student reads off and types in."""
    return float(format_number(value, decimals))


def gives(computed, value, decimals=3):
    """Whether a line whose arithmetic, done on the numbers it shows, comes to `computed` may show `value` at
    `decimals` as its result: `computed` rounds to the same text, and not from a tie that a calculator could
    round either way."""
    return abs(computed - rounded(value, decimals)) < 0.5 * 10.0**-decimals * (1 - 1e-9)


def carried(lines_hold):
    """How many decimals the numbers a solution computes with are shown with: the fewest, from CARRY_FROM,
    at which lines_hold(decimals) is true, i.e. each worked line, redone on the numbers it shows at those
    decimals, gives the result it shows.

    >>> carried(lambda decimals: gives(3 * rounded(2 / 3, decimals), 2.0))
    4
    """
    for decimals in range(CARRY_FROM, 13):
        if lines_hold(decimals):
            return decimals
    raise ArithmeticError("no number of decimals makes the worked lines give their results")


def two(value):
    """A stated probability, as the question writes it: two decimals."""
    return f"{value:.2f}"


def signed(value, decimals):
    """A number at `decimals`, with a true minus sign, as the prose writes it."""
    return format_number(value, decimals).replace("-", "−")


def three(value):
    """A worked number at three decimals, with a true minus sign."""
    return signed(value, 3)


def tex_number(value, decimals=3):
    """A number for KaTeX: three decimals, a minus that KaTeX sets as one."""
    return format_number(value, decimals)


def vector(values, decimals=3):
    """(0.659, −0.242, 0.099) for prose, at `decimals`."""
    return "(" + ", ".join(signed(value, decimals) for value in values) + ")"


def tex_vector(values, decimals=3):
    """(0.659,\\ -0.242,\\ 0.099) for KaTeX, at `decimals`."""
    return "(" + ",\\ ".join(tex_number(value, decimals) for value in values) + ")"


def fraction_of(k):
    """'1/8 = 0.125', or '1/7 ≈ 0.143' when three decimals do not write it exactly."""
    shown = format_number(1 / k)
    return f"1/{k} {'=' if float(shown) == 1 / k else '≈'} {shown}"


def named(names, values, decimals=2):
    """'dog 0.20, cat 0.70, rabbit 0.10': each class with its value."""
    return ", ".join(f"{name} {value:.{decimals}f}" for name, value in zip(names, values, strict=True))
