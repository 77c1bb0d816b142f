"""Numerics that bite in practice: log(0), overflowing exp, clipping, and why frameworks take logits."""

import math
from typing import NamedTuple

import numpy as np

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


def one_row(z):
    """A 1-D array of finite logits, one per class."""
    return _checks.one_dimensional(_checks.finite(z, "z"), "z", "logit per class")


def naive_softmax(z, dtype=np.float64):
    """softmax(z)_i = exp(z_i) / sum_j exp(z_j), computed exactly as written, with no max subtraction.

    Parameters
    ----------
    z, dtype
        Finite logits (classes on the last axis) and the float type every step
        is computed in, as in ``stable_softmax``.

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


def sum_overflow_threshold(dtype=np.float64, gap=1.0):
    """The largest z for which the naive softmax of [z, z - gap] still has a finite sum e^z + e^(z - gap).

    About ``overflow_threshold(dtype) - log(1 + e^-gap)``, found in `dtype`'s own arithmetic. Past it,
    and until exp(z) itself overflows, the naive softmax gives a wrong 0 (a finite e^z over an infinite sum).

    Examples
    --------
    >>> [round(sum_overflow_threshold(kind), 2) for kind in (np.float16, np.float32, np.float64)]
    [10.77, 88.41, 709.47]
    """
    kind = _float_type(dtype)

    def finite_sum(z):
        with np.errstate(over="ignore"):
            return bool(np.isfinite(np.exp(np.array([z, z - gap], dtype=kind)).sum()))

    z = kind(overflow_threshold(kind) - math.log1p(math.exp(-gap)))
    while not finite_sum(z):  # the estimate can land on either side of the edge
        z = np.nextafter(z, kind(-np.inf))
    while finite_sum(np.nextafter(z, kind(np.inf))):
        z = np.nextafter(z, kind(np.inf))
    return float(z)


def clipped_cross_entropy(q_true, c, *, base=math.e):
    """-log(clip(q_y, c, 1 - c)): the loss when the true class y gets probability q_y, never above -log(c).

    Parameters
    ----------
    q_true : array_like
        q_y, the probability the model gave the true class, in [0, 1].
    c : float
        The clip level, in (0, 0.5): q_y is kept inside [c, 1 - c].
    base : float
        e for nats, 2 for bits.

    Returns
    -------
    float or numpy.ndarray
        Between -log(1 - c) and -log(c); a float for a single q_y.

    Notes
    -----
    Without clipping, q_y = 0 gives -log 0 = inf. Clipping swaps that for the
    finite cap -log(c), but it also flattens the loss for every q_y < c, so
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
    q_y = _checks.probabilities(q_true, "q_true")
    c = _checks.number(c, "c", 0, 0.5, low_open=True, high_open=True)

    loss = -np.log(np.clip(q_y, c, 1 - c)) / log_base

    return float(loss) if loss.ndim == 0 else loss


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
    z = one_row(z)
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


def overflow_results(z):
    """q(A) = softmax([z, z - 1])_0 computed naively in float16, float32 and float64, keyed by type name."""
    logits = np.array([z, z - 1.0])
    return {FLOAT_NAMES[kind]: float(naive_softmax(logits, kind)[0]) for kind in FLOAT_TYPES}
