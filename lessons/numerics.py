"""The numerics page: its figures, tables, alt text and state-dependent sentences (maths in core/numerics)."""

import math

import numpy as np

import catalogue
from content.text import format_loss, format_number
from core.activations import softmax
from core.losses import binary_cross_entropy, cross_entropy
from core.numerics import (
    FLOAT_NAMES,
    FLOAT_TYPES,
    clipped_cross_entropy,
    double_softmax_floor,
    double_softmax_loss,
    log_of_softmax_vs_log_softmax,
    log_zero_at,
    one_row,
    overflow_results,
    overflow_threshold,
    precision_lost_at,
    stable_softmax,
    sum_overflow_threshold,
)

Z_MAX = catalogue.page("numerics").param("nz").high  # the catalogue holds every slider's range and default
LOST_AT, ZERO_AT = precision_lost_at(max_distance=Z_MAX), log_zero_at(max_distance=Z_MAX)
TORCH_LOG_FLOOR = 100  # PyTorch's BCELoss clamps ln q at -100
NAN = "NaN"  # NaN is this lesson's subject: the page names it, and nan_note says what it is
# The true class's probability is the notation card's q_y: $q_y$ where Streamlit renders Markdown (labels,
# buttons, metrics, prose), "q(true class)", the card's other spelling, where it does not (Plotly, alt text).
Q_TRUE = "$q_y$"
Q_TRUE_TEXT = "q(true class)"
CLIP_PRESETS = {
    f"{Q_TRUE} = 0: certain and wrong": {"nq": "0"},
    f"{Q_TRUE} = 1e-12: below c": {"nq": "1e-12", "neps": "1e-7"},
    f"{Q_TRUE} = 0.5: untouched": {"nq": "0.5"},
}
OVERFLOW_PRESETS = {
    "z = 10: all agree": {"nz": 10},
    "z = 12: float16 breaks": {"nz": 12},
    "z = 100: float32 breaks": {"nz": 100},
    "z = 800: float64 breaks": {"nz": 800},
}
GAP_PRESETS = {
    "50 below: all agree": {"nd": 50},
    f"{LOST_AT} below: digits lost": {"nd": LOST_AT},
    "800 below: log 0": {"nd": 800},
}
# Cross-entropy in the libraries a learner will use: which take logits, which take probabilities.
FRAMEWORKS = """# These take logits and use log-softmax (or log-sigmoid) inside: stable.
torch.nn.functional.cross_entropy(logits, labels)  # = torch.nn.CrossEntropyLoss
torch.nn.BCEWithLogitsLoss()(logit, label)
tf.nn.softmax_cross_entropy_with_logits(labels, logits)
keras.losses.CategoricalCrossentropy(from_logits=True)
core.cross_entropy(labels, logits, from_logits=True)

# These take probabilities, and clip or clamp to avoid log 0.
# Keras: from_logits=False is the default; each probability is clipped to [1e-7, 1 - 1e-7].
keras.losses.CategoricalCrossentropy()(labels, probabilities)
# PyTorch: the log is clamped at -100, so one sample costs at most 100 nats.
torch.nn.BCELoss()(probability, label)

# The double-softmax mistake: softmax outputs passed where logits belong.
torch.nn.functional.cross_entropy(torch.softmax(logits, dim=1), labels)"""


def short_number(x):
    """A number as briefly as it is usually written: 1e-7, not 1e-07."""
    return f"{x:g}".replace("e-0", "e-").replace("e+0", "e+")


def loss_text(value, unit="nats"):
    """A loss at 3 decimals, or in scientific notation while it is too small to show at 3 decimals."""
    return f"{value:.1e} {unit}" if 0 < value < 5e-4 else format_loss(value, unit)


def clipping_moves(q_true, c):
    """Whether clipping to [c, 1 - c] moves the true class's probability `q_true`."""
    return q_true < c or q_true > 1 - c


def clipping_effect(q_true, c, *, base=math.e, unit="nats", symbol=Q_TRUE):
    """One sentence on what clipping q_y to [c, 1 - c] does to its loss, chosen by where q_y lies; q_y is
    written `symbol` ($q_y$ in Markdown, Q_TRUE_TEXT in plain text).

    Examples
    --------
    >>> clipping_effect(0.0, 1e-7)
    'turns the infinite loss of $q_y$ = 0 into the finite cap 16.118 nats'
    >>> clipping_effect(0.5, 1e-7, symbol=Q_TRUE_TEXT)
    'leaves q(true class) = 0.5 untouched: 0.693 nats either way'
    """
    capped = clipped_cross_entropy(q_true, c, base=base)
    if q_true == 0:
        return f"turns the infinite loss of {symbol} = 0 into the finite cap {loss_text(capped, unit)}"
    loss = 0.0 - math.log(q_true) / math.log(base)
    q = short_number(q_true)
    if q_true < c:
        return (
            f"lowers the loss of {symbol} = {q} from {loss_text(loss, unit)} to the cap "
            f"{loss_text(capped, unit)}"
        )
    if q_true > 1 - c:
        return (
            f"charges {symbol} = {q} a little: {symbol} is pulled down to 1 − c, so the loss is "
            f"{loss_text(capped, unit)} instead of {loss_text(loss, unit)}"
        )
    return f"leaves {symbol} = {q} untouched: {loss_text(loss, unit)} either way"


def double_softmax_sentence(z, y, *, base=math.e, unit="nats"):
    """How the double-softmax loss of class `y` compares with the loss from the logits, in words.

    Examples
    --------
    >>> double_softmax_sentence([0.0, -800.0], 1)
    'it charges 1.313 nats instead of 800.000 nats'
    """
    z = one_row(z)
    double = format_loss(double_softmax_loss(z, y, base=base), unit)
    right = format_loss(float(cross_entropy(y, z, from_logits=True, base=base)), unit)
    if double == right:
        return f"it charges {double}, the same as from the logits, but only because the logits are equal"
    return f"it charges {double} instead of {right}"


def nan_note(results):
    """The note under the naive softmax's numbers when one of them is NaN (`results`: dtype name -> q(A))."""
    broken = [name for name, value in results.items() if math.isnan(value)]
    if not broken:
        return None
    return (
        f"NaN means “not a number”: in {listed(broken)}, exp(z) overflowed to ∞, so the softmax divided "
        "∞ by ∞, which has no value. Every later step that uses a NaN gives NaN too."
    )


def overflow_sentence(z):
    """What the naive softmax of [z, z - 1] gives in each float type, in words (NaN named, never as a number).

    A type either gives about the right 0.7311 (float16 only to about 3 digits), a wrong 0 (the sum
    e^z + e^(z - 1) overflowed while e^z did not), or NaN (e^z itself overflowed: ∞ / ∞).

    Examples
    --------
    >>> overflow_sentence(100).split(";")[1]
    ' float64 still gives 0.7311'
    >>> overflow_sentence(11).split(",")[0]
    'the naive softmax gives a wrong 0.0000 in float16'
    """
    right = float(stable_softmax([z, z - 1.0])[0])
    results = overflow_results(z)
    broken = [name for name, value in results.items() if math.isnan(value)]
    wrong = [name for name, value in results.items() if abs(value - right) > 1e-3]  # nan is not > 1e-3
    fine = {}
    for name in results:
        if name not in broken and name not in wrong:
            fine.setdefault(format_number(results[name], 4), []).append(name)
    parts = []
    if broken:
        parts.append(f'breaks in {listed(broken)}, where e^z overflows and ∞ / ∞ gives NaN, "not a number"')
    if wrong:
        values = " and ".join(sorted({format_number(results[name], 4) for name in wrong}))
        parts.append(
            f"gives a wrong {values} in {listed(wrong)}, "
            "because the sum e^z + e^(z − 1) already overflows to ∞"
        )
    if parts:
        parts += [
            f"{listed(names)} still give{'s' if len(names) == 1 else ''} {value}"
            for value, names in fine.items()
        ]
    else:
        given = " and ".join(f"{value} in {listed(names)}" for value, names in fine.items())
        parts.append(f"gives {given}: nothing has overflowed yet")
    sentence = "the naive softmax " + "; ".join(parts)
    if len(fine) > 1:
        sentence += " (float16 keeps only about 3 significant digits)"
    return sentence


def listed(names):
    """'a', 'a and b', 'a, b and c'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def gap_sentence(distance):
    """Why ln(softmax(z)) and log_softmax(z) agree or differ for class B, d = `distance` below class A
    (natural logs, so in nats whatever the page's unit).

    Examples
    --------
    >>> gap_sentence(50)[:45]
    'both give -50.0000 nats: q(B) = 1.93e-22 is a'
    >>> gap_sentence(800)[:60]
    'e^(−800) rounds to 0 in float64, so ln(softmax(z)) is −∞ and'
    """
    z = np.array([0.0, -float(distance)])
    result = log_of_softmax_vs_log_softmax(z)
    naive, exact, gap = result.log_of_softmax[1], result.log_softmax[1], result.gap[1]
    exp_d = f"e^(−{distance:g})"
    if np.isinf(gap):
        return (
            f"{exp_d} rounds to 0 in float64, so ln(softmax(z)) is −∞ and the loss infinite, "
            f"while log-softmax gives {format_number(exact, 4)} nats"
        )
    q_b = softmax(z)[1]
    if q_b >= np.finfo(np.float64).tiny:
        return (
            f"both give {format_number(exact, 4)} nats: q(B) = {q_b:.3g} is an ordinary float64 number, "
            "so nothing is lost yet"
        )
    if round(naive, 4) == round(exact, 4):
        noise = f" (the gap is {gap:.1e} nats)" if gap > 0 else ""
        return (
            f"both still show {format_number(exact, 4)} nats: {exp_d} is subnormal and has lost digits, "
            f"but too few to show at 4 decimals{noise}"
        )
    return (
        f"{exp_d} is subnormal and has lost so many digits that ln(softmax(z)) gives "
        f"{format_number(naive, 4)} nats instead of {format_number(exact, 4)}, off by {format_number(gap, 4)}"
    )


def gap_text(gap):
    """The gap in scientific notation when it is rounding noise, so that it does not read as exactly 0."""
    return format_number(gap, 4) if not 0 < gap < 1e-3 else f"{gap:.1e}"


def clip_losses(q, c, *, base=math.e):
    """Section 1's numbers for true-class probability q (the card's q_y) and clip level c: −log q,
    −log clip(q, c, 1 − c) and the most clipping allows, −log c."""
    return {
        "loss": binary_cross_entropy(1.0, q, base=base),
        "clipped": clipped_cross_entropy(q, c, base=base),
        "cap": clipped_cross_entropy(0.0, c, base=base),
    }


def overflow_logits(z):
    """Section 2's logits: class A at z, class B at z − 1."""
    return np.array([z, z - 1.0])


def stable_q(z):
    """q(A) from softmax([z, z − 1]) with the largest logit subtracted first, in float32."""
    return stable_softmax(overflow_logits(z), np.float32)[0]


def gap_logits(distance):
    """Section 3's logits: class A at 0, class B `distance` below it."""
    return np.array([0.0, -float(distance)])


def gap_losses(logits, *, base=math.e):
    """Section 3's losses when B (class 1) is the truth: softmax then log, from the logits, and softmax
    fed in again as logits (the double-softmax mistake)."""
    return {
        "naive": cross_entropy(1, softmax(logits), base=base),
        "with_logits": cross_entropy(1, logits, from_logits=True, base=base),
        "double": double_softmax_loss(logits, 1, base=base),
    }


def torch_cap(*, base=math.e, unit="nats"):
    """The most PyTorch's BCELoss charges one sample: ln q is clamped at −100, so 100 nats (in bits, too).

    Examples
    --------
    >>> torch_cap(base=2, unit="bits")
    '100 nats = 144.270 bits'
    """
    nats = f"{TORCH_LOG_FLOOR} nats"
    return nats if unit == "nats" else f"{nats} = {format_loss(TORCH_LOG_FLOOR / math.log(base), unit)}"


def lesson_values(q_text, c_text, z, distance, *, base=math.e, unit="nats"):
    """Every {{placeholder}} of assets/lessons/numerics.md, from the four sliders (q and c as shown)."""
    q, c = float(q_text), float(c_text)
    clip, logits = clip_losses(q, c, base=base), gap_logits(distance)
    losses = gap_losses(logits, base=base)
    limits = {FLOAT_NAMES[kind]: overflow_threshold(kind) for kind in FLOAT_TYPES}
    sums = {FLOAT_NAMES[kind]: sum_overflow_threshold(kind) for kind in FLOAT_TYPES}
    return {
        "q": q_text,
        "c": c_text,
        "loss": format_loss(clip["loss"], unit),
        "clipped": format_loss(clip["clipped"], unit),
        "cap": format_loss(clip["cap"], unit),
        "clip_effect": clipping_effect(q, c, base=base, unit=unit),
        "z": z,
        "overflow": overflow_sentence(z),
        "stable": format_number(stable_q(z), 4),
        "limit16": format_number(limits["float16"], 2),
        "limit32": format_number(limits["float32"], 2),
        "limit64": format_number(limits["float64"], 2),
        "sum16": format_number(sums["float16"], 2),
        "sum32": format_number(sums["float32"], 2),
        "sum64": format_number(sums["float64"], 2),
        "distance": distance,
        "below": "equal to" if distance == 0 else f"{distance} below",  # never "0 below"
        "gap_sentence": gap_sentence(distance),
        "lost_at": LOST_AT,
        "zero_at": ZERO_AT,
        "naive_loss": format_loss(losses["naive"], unit),
        "with_logits": format_loss(losses["with_logits"], unit),
        "double": double_softmax_sentence(logits, 1, base=base, unit=unit),
        "double_floor": format_loss(double_softmax_floor(2, base=base), unit),
        "keras_cap": format_loss(clipped_cross_entropy(0.0, 1e-7, base=base), unit),
        "torch_cap": torch_cap(base=base, unit=unit),
    }
