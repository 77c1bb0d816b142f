"""Numerics that bite in practice: log(0), overflowing exp, clipping, and why frameworks take logits."""

import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from content.text import format_loss, format_number
from core import _checks
from core.activations import log_softmax, softmax
from core.losses import cross_entropy, safe_log

FLOAT_TYPES = (np.float16, np.float32, np.float64)
FLOAT_NAMES = {np.float16: "float16", np.float32: "float32", np.float64: "float64"}


def _float_type(dtype):
    """float16, float32 or float64, from a numpy type or its name."""
    try:
        kind = np.dtype(dtype).type
    except TypeError as error:
        raise ValueError(f"dtype: must be float16, float32 or float64, got {dtype!r}") from error
    if kind not in FLOAT_TYPES:
        raise ValueError(f"dtype: must be float16, float32 or float64, got {dtype!r}")
    return kind


def _logits_as(z, dtype):
    """Finite logits stored in `dtype`; a value too large for that type is an error, not a silent inf."""
    z = _checks.finite(z, "z")
    with np.errstate(over="ignore"):
        stored = z.astype(_float_type(dtype))
    if np.isinf(stored).any():
        raise ValueError(f"z: {z[np.isinf(stored)].flat[0]:g} is too large to store in {stored.dtype.name}")
    return stored


def _one_row(z):
    """A 1-D array of finite logits, one per class."""
    z = _checks.finite(z, "z")
    if z.ndim != 1:
        raise ValueError(f"z: expected one logit per class (a 1-D array), got shape {z.shape}")
    return z


def naive_softmax(z, dtype=np.float64):
    """softmax(z)_i = exp(z_i) / sum_j exp(z_j), computed exactly as written, with no max subtraction.

    Parameters
    ----------
    z : array_like
        Finite logits, classes on the last axis.
    dtype : {numpy.float64, numpy.float32, numpy.float16}
        The float type every step is computed in.

    Returns
    -------
    numpy.ndarray
        In `dtype`. ``nan`` where exp overflowed (inf / inf) or where every
        exp underflowed to 0 (0 / 0): the failures are returned, not raised.

    Notes
    -----
    exp(z) overflows once z passes ``overflow_threshold(dtype)``: about 709.8
    in float64, 88.7 in float32 and only 11.09 in float16. No RuntimeWarning is emitted.

    Examples
    --------
    >>> naive_softmax([1.0, 0.0]).round(4)
    array([0.7311, 0.2689])
    >>> naive_softmax([100.0, 99.0], np.float32)  # exp(100) is inf in float32
    array([nan, nan], dtype=float32)
    >>> naive_softmax([-1000.0, -1000.0])
    array([nan, nan])
    """
    z = _logits_as(z, dtype)
    with np.errstate(over="ignore", invalid="ignore"):  # let inf and nan through, as they would in real code
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)


def stable_softmax(z, dtype=np.float64):
    """softmax(z)_i = exp(z_i - max z) / sum_j exp(z_j - max z), the same fraction with exp(-max z) cancelled.

    Parameters
    ----------
    z : array_like
        Finite logits, classes on the last axis.
    dtype : {numpy.float64, numpy.float32, numpy.float16}
        The float type every step is computed in.

    Returns
    -------
    numpy.ndarray
        In `dtype`; always finite, positive where not underflowed, summing to 1.

    Notes
    -----
    After the shift the largest exponent is exactly 0, so exp never exceeds 1
    and the denominator is at least 1: no overflow, no 0 / 0.

    Examples
    --------
    >>> stable_softmax([100.0, 99.0], np.float32).round(4)
    array([0.7311, 0.2689], dtype=float32)
    >>> stable_softmax([-1000.0, -1000.0])
    array([0.5, 0.5])
    """
    z = _logits_as(z, dtype)
    with np.errstate(over="ignore"):  # z - max can only overflow towards -inf, whose exp is the right 0
        e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def overflow_threshold(dtype=np.float64):
    """z_max = log(largest finite float): the largest logit whose exp is still finite in `dtype`.

    Parameters
    ----------
    dtype : {numpy.float64, numpy.float32, numpy.float16}

    Returns
    -------
    float
        About 709.78 for float64, 88.72 for float32 and 11.09 for float16 (largest value 65504),
        the format mixed-precision training meets.

    Examples
    --------
    >>> round(overflow_threshold(np.float64), 2)
    709.78
    >>> round(overflow_threshold(np.float32), 2)
    88.72
    >>> round(overflow_threshold(np.float16), 2)
    11.09
    """
    kind = _float_type(dtype)
    z_max = kind(np.log(np.finfo(kind).max))
    with np.errstate(over="ignore"):
        while np.isinf(np.exp(z_max)):  # the rounded log can land just past the edge
            z_max = np.nextafter(z_max, kind(-np.inf))
    return float(z_max)


def clipped_cross_entropy(q_true, c, *, base=math.e):
    """-log(clip(q, c, 1 - c)): the loss of a true class given probability q, never above -log(c).

    Parameters
    ----------
    q_true : array_like
        The probability the model gave the true class, in [0, 1].
    c : float
        The clip level, in (0, 0.5): q is kept inside [c, 1 - c].
    base : float
        e for nats, 2 for bits.

    Returns
    -------
    float or numpy.ndarray
        Between -log(1 - c) and -log(c); a float for a single q.

    Notes
    -----
    Without clipping, q = 0 gives -log 0 = inf. Clipping swaps that for the
    finite cap -log(c), but it also flattens the loss for every q < c, so
    the gradient there is 0 and a confidently wrong model gets no push at all.
    It also means a perfect prediction still costs -log(1 - c) > 0.

    Examples
    --------
    >>> round(clipped_cross_entropy(0.0, 1e-7), 3)  # the cap, -log(1e-7)
    16.118
    >>> round(clipped_cross_entropy(0.5, 1e-7), 3)  # untouched inside [c, 1 - c]
    0.693
    >>> round(clipped_cross_entropy(0.0, 1e-3, base=2), 3)  # log2(1000)
    9.966
    """
    log_base = _checks.log_of_base(base)
    q = _checks.probabilities(q_true, "q_true")
    c = _checks.number(c, "c", 0, 0.5, low_open=True, high_open=True)

    loss = -np.log(np.clip(q, c, 1 - c)) / log_base

    return float(loss) if loss.ndim == 0 else loss


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


class LogSoftmaxGap(NamedTuple):
    """log(softmax(z)), log_softmax(z) and the absolute gap between them."""

    log_of_softmax: np.ndarray
    log_softmax: np.ndarray
    gap: np.ndarray


def log_of_softmax_vs_log_softmax(z):
    """log(softmax(z)) next to log_softmax(z) = z - log sum_j exp(z_j), and |difference|.

    Parameters
    ----------
    z : array_like
        Finite logits, classes on the last axis.

    Returns
    -------
    LogSoftmaxGap
        ``(log_of_softmax, log_softmax, gap)``. The first is ``-inf`` wherever
        softmax underflowed to 0, and the gap is then ``inf``.

    Notes
    -----
    In float64 the gap is rounding noise (about 1e-16) while the probability
    is a normal float. About 708 below the largest logit it turns subnormal
    and keeps only a few digits, so the gap grows; about 745 below it rounds
    to 0, and its log is -inf: an infinite loss. log_softmax never forms that
    probability, and for a logit 800 below the top it returns -800. This is
    why frameworks offer a "cross-entropy with logits" API.

    Examples
    --------
    >>> result = log_of_softmax_vs_log_softmax([0.0, -800.0])
    >>> result.log_of_softmax
    array([  0., -inf])
    >>> result.log_softmax
    array([   0., -800.])
    >>> result.gap
    array([ 0., inf])
    """
    z = _checks.finite(z, "z")
    naive = safe_log(softmax(z))
    stable = log_softmax(z)

    return LogSoftmaxGap(naive, stable, np.abs(naive - stable))


def precision_lost_at(tolerance=0.01, max_distance=1000):
    """The smallest whole distance d for which log(softmax([0, -d]))_1 misses -d by at least `tolerance`.

    In float64 that happens once exp(-d) is subnormal and keeps too few digits, a little before it
    rounds to 0 (``log_zero_at``). None if no d up to `max_distance` is that far off but finite.

    Examples
    --------
    >>> precision_lost_at()
    742
    """
    distance = np.arange(_checks.whole(max_distance, "max_distance", 1) + 1, dtype=float)
    gap = log_of_softmax_vs_log_softmax(np.column_stack([np.zeros_like(distance), -distance])).gap[:, 1]
    lost = np.flatnonzero(np.isfinite(gap) & (gap >= tolerance))
    return int(distance[lost[0]]) if lost.size else None


def log_zero_at(max_distance=1000):
    """The smallest whole distance d for which softmax([0, -d])_1 rounds to 0 in float64, so its log is -inf.

    Examples
    --------
    >>> log_zero_at()
    746
    """
    distance = np.arange(_checks.whole(max_distance, "max_distance", 1) + 1, dtype=float)
    naive = log_of_softmax_vs_log_softmax(
        np.column_stack([np.zeros_like(distance), -distance])
    ).log_of_softmax
    zero = np.flatnonzero(np.isneginf(naive[:, 1]))
    return int(distance[zero[0]]) if zero.size else None


def double_softmax_loss(z, y, *, base=math.e):
    """-log softmax(softmax(z))_y: the loss when softmax outputs are fed to an API that expects logits.

    Probabilities lie in [0, 1], so as logits they differ by at most 1: the loss can never fall below
    log(1 + (K - 1) / e), whatever the model predicts.

    Examples
    --------
    >>> round(double_softmax_loss([0.0, -800.0], 0), 3)  # log(1 + 1/e), not the 0.000 it should be
    0.313
    """
    z = _one_row(z)
    return float(cross_entropy(y, softmax(z), from_logits=True, base=base))


def double_softmax_floor(n_classes, *, base=math.e):
    """log(1 + (K - 1) / e): the least loss a double softmax allows, reached by a one-hot q on the true class.

    Examples
    --------
    >>> round(double_softmax_floor(2), 3)
    0.313
    """
    n_classes = _checks.whole(n_classes, "n_classes", 2)
    return math.log1p((n_classes - 1) / math.e) / math.log(base)


def double_softmax_sentence(z, y, *, base=math.e, unit="nats"):
    """How the double-softmax loss of class `y` compares with the loss from the logits, in words.

    Examples
    --------
    >>> double_softmax_sentence([0.0, -800.0], 1)
    'it charges 1.313 nats instead of 800.000 nats'
    """
    z = _one_row(z)
    double = format_loss(double_softmax_loss(z, y, base=base), unit)
    right = format_loss(float(cross_entropy(y, z, from_logits=True, base=base)), unit)
    if double == right:
        return f"it charges {double}, the same as from the logits, but only because the logits are equal"
    return f"it charges {double} instead of {right}"


def overflow_results(z):
    """q(A) = softmax([z, z - 1])_0 computed naively in float16, float32 and float64, keyed by type name."""
    logits = np.array([z, z - 1.0])
    return {FLOAT_NAMES[kind]: float(naive_softmax(logits, kind)[0]) for kind in FLOAT_TYPES}


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


def overflow_chart_table(z_max=1000.0, z=None):
    """The overflow chart as a table: q(A) for [z, z - 1] at the edges of each type's range, and at `z`."""
    edges = [0.0, float(z_max)]
    for kind in FLOAT_TYPES:
        threshold = overflow_threshold(kind)
        edges += [math.floor(threshold), math.floor(threshold) + 1]
    if z is not None:
        edges.append(float(z))
    grid = np.unique([edge for edge in edges if 0 <= edge <= z_max])
    logits = np.column_stack([grid, grid - 1])
    return pd.DataFrame(
        {"logit z of A": grid}
        | {
            f"naive {FLOAT_NAMES[kind]}": naive_softmax(logits, kind)[:, 0].astype(float)
            for kind in FLOAT_TYPES
        }
        | {"stable (max subtracted)": stable_softmax(logits)[:, 0]}
    )


def overflow_alt(z, z_max=1000.0):
    """What the overflow chart shows, with the thresholds and the learner's z.

    Examples
    --------
    >>> overflow_alt(5).split(";")[0][-42:]
    'when the largest logit is subtracted first'
    """
    limits = ", ".join(
        f"{format_number(overflow_threshold(kind), 2)} in {FLOAT_NAMES[kind]}" for kind in FLOAT_TYPES
    )
    right = format_number(float(stable_softmax([0.0, -1.0])[0]), 4)
    return (
        f"softmax([z, z − 1]) for class A is {right} for every z from 0 to {z_max:g} when the largest logit "
        f"is subtracted first; computed naively it becomes NaN once e^z overflows, past z = {limits}. "
        f"At your z = {z:g}, {overflow_sentence(z)}."
    )


def clipping_table(c, *, base=math.e, unit="nats"):
    """The clipping chart as a table: -log q and -log clip(q, c, 1 - c) at landmark probabilities."""
    q = np.unique(np.r_[0.0, c / 1000, c / 10, c, 10 * c, 0.001, 0.01, 0.1, 0.5, 0.9, 1 - c, 1.0])
    q = q[(q >= 0) & (q <= 1)]
    with np.errstate(divide="ignore"):
        plain = 0.0 - np.log(q) / math.log(base)
    return pd.DataFrame(
        {
            "q": q,
            f"−log q ({unit})": plain,
            f"−log clip(q, c, 1 − c) ({unit})": clipped_cross_entropy(q, c, base=base),
        }
    )


def clipping_alt(q_true, c, *, base=math.e, unit="nats"):
    """What the clipping chart shows, with the cap and the learner's q.

    Examples
    --------
    >>> clipping_alt(0.0, 1e-7)[:61]
    '−log q rises without bound as q falls to 0, while the clipped'
    """
    cap = clipped_cross_entropy(0.0, c, base=base)
    return (
        f"−log q rises without bound as q falls to 0, while the clipped loss −log clip(q, c, 1 − c) with "
        f"c = {short_number(c)} stops at the cap {loss_text(cap, unit)} and is flat for every q below c. "
        f"Clipping {clipping_effect(q_true, c, base=base, unit=unit)}."
    )


def softmax_overflow_table(z):
    """One row per class: its logit, naive softmax in float16, float32 and float64, and the stable softmax.

    Parameters
    ----------
    z : array_like
        1-D finite logits that fit in float32.

    Returns
    -------
    pandas.DataFrame
        Columns ``logit``, ``naive float16``, ``naive float32``, ``naive float64``, ``stable float32``,
        ``stable float64``; all float64, with any inf and nan kept for the page to format.

    Examples
    --------
    >>> softmax_overflow_table([100.0, 99.0])[["naive float32", "naive float64", "stable float32"]].round(4)
       naive float32  naive float64  stable float32
    0            NaN         0.7311          0.7311
    1            NaN         0.2689          0.2689
    """
    z = _one_row(z)

    return pd.DataFrame(
        {
            "logit": z,
            "naive float16": naive_softmax(z, np.float16).astype(float),
            "naive float32": naive_softmax(z, np.float32).astype(float),
            "naive float64": naive_softmax(z, np.float64),
            "stable float32": stable_softmax(z, np.float32).astype(float),
            "stable float64": stable_softmax(z, np.float64),
        }
    )


def log_softmax_table(z):
    """One row per class: its logit, log(softmax(z)), log_softmax(z) and the gap between them.

    Parameters
    ----------
    z : array_like
        1-D finite logits.

    Returns
    -------
    pandas.DataFrame
        Columns ``logit``, ``log(softmax(z))``, ``log_softmax(z)``, ``gap``; ``-inf``
        and ``inf`` kept as floats for the page to format.

    Examples
    --------
    >>> log_softmax_table([0.0, -800.0])
       logit  log(softmax(z))  log_softmax(z)  gap
    0    0.0              0.0             0.0  0.0
    1 -800.0             -inf          -800.0  inf
    """
    z = _one_row(z)
    result = log_of_softmax_vs_log_softmax(z)

    return pd.DataFrame(
        {
            "logit": z,
            "log(softmax(z))": result.log_of_softmax,
            "log_softmax(z)": result.log_softmax,
            "gap": result.gap,
        }
    )
