"""Numerics that bite in practice: log(0), overflowing exp, clipping, and why frameworks take logits."""

import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from core import _checks
from core.activations import log_softmax, softmax
from core.losses import safe_log

FLOAT_TYPES = (np.float32, np.float64)


def _float_type(dtype):
    """float32 or float64, from a numpy type or its name."""
    try:
        kind = np.dtype(dtype).type
    except TypeError as error:
        raise ValueError(f"dtype: must be float32 or float64, got {dtype!r}") from error
    if kind not in FLOAT_TYPES:
        raise ValueError(f"dtype: must be float32 or float64, got {dtype!r}")
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
    dtype : {numpy.float64, numpy.float32}
        The float type every step is computed in.

    Returns
    -------
    numpy.ndarray
        In `dtype`. ``nan`` where exp overflowed (inf / inf) or where every
        exp underflowed to 0 (0 / 0): the failures are returned, not raised.

    Notes
    -----
    exp(z) overflows once z passes ``overflow_threshold(dtype)``: about 709.8
    in float64 and only 88.7 in float32. No RuntimeWarning is emitted.

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
    dtype : {numpy.float64, numpy.float32}
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
    dtype : {numpy.float64, numpy.float32}

    Returns
    -------
    float
        About 709.78 for float64 and 88.72 for float32.

    Examples
    --------
    >>> round(overflow_threshold(np.float64), 2)
    709.78
    >>> round(overflow_threshold(np.float32), 2)
    88.72
    """
    kind = _float_type(dtype)
    z_max = kind(np.log(np.finfo(kind).max))
    with np.errstate(over="ignore"):
        while np.isinf(np.exp(z_max)):  # the rounded log can land just past the edge
            z_max = np.nextafter(z_max, kind(-np.inf))
    return float(z_max)


def clipped_cross_entropy(q_true, eps, *, base=math.e):
    """-log(clip(q, eps, 1 - eps)): the loss of a true class given probability q, never above -log(eps).

    Parameters
    ----------
    q_true : array_like
        The probability the model gave the true class, in [0, 1].
    eps : float
        The clipping epsilon, in (0, 0.5).
    base : float
        e for nats, 2 for bits.

    Returns
    -------
    float or numpy.ndarray
        Between -log(1 - eps) and -log(eps); a float for a single q.

    Notes
    -----
    Without clipping, q = 0 gives -log 0 = inf. Clipping swaps that for the
    finite cap -log(eps), but it also flattens the loss for every q < eps, so
    the gradient there is 0 and a confidently wrong model gets no push at all.
    It also means a perfect prediction still costs -log(1 - eps) > 0.

    Examples
    --------
    >>> round(clipped_cross_entropy(0.0, 1e-7), 3)  # the cap, -log(1e-7)
    16.118
    >>> round(clipped_cross_entropy(0.5, 1e-7), 3)  # untouched inside [eps, 1 - eps]
    0.693
    >>> round(clipped_cross_entropy(0.0, 1e-3, base=2), 3)  # log2(1000)
    9.966
    """
    log_base = _checks.log_of_base(base)
    q = _checks.probabilities(q_true, "q_true")
    eps = _checks.number(eps, "eps", 0, 0.5, low_open=True, high_open=True)

    loss = -np.log(np.clip(q, eps, 1 - eps)) / log_base

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


def softmax_overflow_table(z):
    """One row per class: its logit, naive softmax in float32 and float64, and the stable softmax in both.

    Parameters
    ----------
    z : array_like
        1-D finite logits that fit in float32.

    Returns
    -------
    pandas.DataFrame
        Columns ``logit``, ``naive float32``, ``naive float64``, ``stable float32``,
        ``stable float64``; all float64, with any inf and nan kept for the page to format.

    Examples
    --------
    >>> softmax_overflow_table([100.0, 99.0]).round(4)
       logit  naive float32  naive float64  stable float32  stable float64
    0  100.0            NaN         0.7311          0.7311          0.7311
    1   99.0            NaN         0.2689          0.2689          0.2689
    """
    z = _one_row(z)

    return pd.DataFrame(
        {
            "logit": z,
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
