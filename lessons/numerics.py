"""The numerics page: its figures, tables, alt text and state-dependent sentences (maths in core/numerics)."""

import math

import numpy as np

from content.text import format_loss, format_number
from core.activations import softmax
from core.losses import cross_entropy
from core.numerics import (
    clipped_cross_entropy,
    double_softmax_loss,
    log_of_softmax_vs_log_softmax,
    one_row,
    overflow_results,
    stable_softmax,
)


def short_number(x):
    """A number as briefly as it is usually written: 1e-7, not 1e-07."""
    return f"{x:g}".replace("e-0", "e-").replace("e+0", "e+")


def loss_text(value, unit="nats"):
    """A loss at 3 decimals, or in scientific notation while it is too small to show at 3 decimals."""
    return f"{value:.1e} {unit}" if 0 < value < 5e-4 else format_loss(value, unit)


def clipping_effect(q_true, c, *, base=math.e, unit="nats"):
    """One sentence on what clipping q to [c, 1 - c] does to this q's loss, chosen by where q lies.

    Examples
    --------
    >>> clipping_effect(0.0, 1e-7)
    'turns the infinite loss of q = 0 into the finite cap 16.118 nats'
    >>> clipping_effect(0.5, 1e-7)
    'leaves q = 0.5 untouched: 0.693 nats either way'
    """
    clipped = clipped_cross_entropy(q_true, c, base=base)
    if q_true == 0:
        return f"turns the infinite loss of q = 0 into the finite cap {loss_text(clipped, unit)}"
    loss = 0.0 - math.log(q_true) / math.log(base)
    q = short_number(q_true)
    if q_true < c:
        return (
            f"lowers the loss of q = {q} from {loss_text(loss, unit)} to the cap {loss_text(clipped, unit)}"
        )
    if q_true > 1 - c:
        return (
            f"charges q = {q} a little: q is pulled down to 1 − c, so the loss is "
            f"{loss_text(clipped, unit)} instead of {loss_text(loss, unit)}"
        )
    return f"leaves q = {q} untouched: {loss_text(loss, unit)} either way"


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
        parts.append(f'breaks in {_listed(broken)}, where e^z overflows and ∞ / ∞ gives NaN, "not a number"')
    if wrong:
        values = " and ".join(sorted({format_number(results[name], 4) for name in wrong}))
        parts.append(
            f"gives a wrong {values} in {_listed(wrong)}, "
            "because the sum e^z + e^(z − 1) already overflows to ∞"
        )
    if parts:
        parts += [
            f"{_listed(names)} still give{'s' if len(names) == 1 else ''} {value}"
            for value, names in fine.items()
        ]
    else:
        given = " and ".join(f"{value} in {_listed(names)}" for value, names in fine.items())
        parts.append(f"gives {given}: nothing has overflowed yet")
    sentence = "the naive softmax " + "; ".join(parts)
    if len(fine) > 1:
        sentence += " (float16 keeps only about 3 significant digits)"
    return sentence


def _listed(names):
    """'a', 'a and b', 'a, b and c'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def gap_sentence(distance):
    """Why log(softmax(z)) and log_softmax(z) agree or differ for class B, d = `distance` below class A.

    Examples
    --------
    >>> gap_sentence(50)[:40]
    'both give -50.0000: q(B) = 1.93e-22 is a'
    >>> gap_sentence(800)[:60]
    'e^(−800) rounds to 0 in float64, so log(softmax(z)) is −∞ an'
    """
    z = np.array([0.0, -float(distance)])
    result = log_of_softmax_vs_log_softmax(z)
    naive, exact, gap = result.log_of_softmax[1], result.log_softmax[1], result.gap[1]
    exp_d = f"e^(−{distance:g})"
    if np.isinf(gap):
        return (
            f"{exp_d} rounds to 0 in float64, so log(softmax(z)) is −∞ and the loss infinite, "
            f"while log-softmax gives {format_number(exact, 4)}"
        )
    q_b = softmax(z)[1]
    if q_b >= np.finfo(np.float64).tiny:
        return (
            f"both give {format_number(exact, 4)}: q(B) = {q_b:.3g} is an ordinary float64 number, "
            "so nothing is lost yet"
        )
    if round(naive, 4) == round(exact, 4):
        noise = f" (the gap is {gap:.1e})" if gap > 0 else ""
        return (
            f"both still show {format_number(exact, 4)}: {exp_d} is subnormal and has lost digits, "
            f"but too few to show at 4 decimals{noise}"
        )
    return (
        f"{exp_d} is subnormal and has lost so many digits that log(softmax(z)) gives "
        f"{format_number(naive, 4)} instead of {format_number(exact, 4)}, off by {format_number(gap, 4)}"
    )
