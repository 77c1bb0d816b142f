"""Softmax and sigmoid: turning raw scores (logits) into probabilities."""

import math

import numpy as np

from core import _checks


def _scaled_logits(logits, axis, temperature):
    """Check the logits and temperature; return z / T and the class axis."""
    z = _checks.logits(logits, "logits")
    axis = _checks.class_axis(axis, z.ndim)
    with np.errstate(over="ignore"):
        z = z / _checks.temperature(temperature)
    if np.isposinf(z).any():
        raise ValueError("temperature: too small for these logits, z / T overflows")
    if np.isneginf(z).all(axis=axis).any():
        raise ValueError("logits: every logit is -inf, so no class has any probability")
    return z, axis


def softmax(logits, *, axis=-1, temperature=1.0):
    """softmax(z)_i = exp(z_i / T) / sum_j exp(z_j / T).

    Parameters
    ----------
    logits : array_like
        Raw scores, one per class along `axis`. ``-inf`` means probability 0.
    axis : int
        The class axis.
    temperature : float
        T > 0. T < 1 sharpens the distribution, T > 1 flattens it.

    Returns
    -------
    numpy.ndarray
        Positive probabilities that sum to 1 along `axis`.

    Notes
    -----
    exp(1000) overflows, so the largest logit is subtracted first. That changes
    nothing, because the common factor exp(-max) cancels in the fraction.

    Examples
    --------
    >>> softmax([2.0, 1.0, 0.1]).round(3)
    array([0.659, 0.242, 0.099])
    >>> softmax([1000.0, 0.0]).round(3)
    array([1., 0.])
    """
    z, axis = _scaled_logits(logits, axis, temperature)
    with np.errstate(over="ignore"):  # z - max can overflow to -inf near ±1e308; exp(-inf) = 0 is right
        shifted = np.exp(z - z.max(axis=axis, keepdims=True))
    return shifted / shifted.sum(axis=axis, keepdims=True)


def log_softmax(logits, *, axis=-1, temperature=1.0):
    """log softmax(z)_i = z_i / T - log sum_j exp(z_j / T), computed by log-sum-exp.

    Parameters
    ----------
    logits : array_like
        Raw scores, one per class along `axis`. ``-inf`` gives ``-inf``.
    axis : int
        The class axis.
    temperature : float
        T > 0.

    Returns
    -------
    numpy.ndarray
        Log-probabilities, each <= 0; finite wherever the logit is finite.

    Notes
    -----
    ``log(softmax(z))`` underflows to ``log(0) = -inf`` for a very negative
    logit; this form never takes the log of a rounded-off probability.

    Examples
    --------
    >>> log_softmax([0.0, 0.0]).round(4)
    array([-0.6931, -0.6931])
    >>> float(log_softmax([0.0, -1000.0])[1])
    -1000.0
    """
    z, axis = _scaled_logits(logits, axis, temperature)
    z_max = z.max(axis=axis, keepdims=True)
    with np.errstate(over="ignore"):  # as in softmax: near ±1e308 the shift overflows to -inf, correctly
        shifted = z - z_max
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def sigmoid(z):
    """sigmoid(z) = 1 / (1 + exp(-z)).

    Parameters
    ----------
    z : array_like
        Logits; infinities map to 0 and 1.

    Returns
    -------
    numpy.ndarray
        Probabilities in [0, 1], same shape as `z`.

    Notes
    -----
    For very negative z, exp(-z) overflows, so that side uses the equal form
    exp(z) / (1 + exp(z)). Only exp(-|z|) <= 1 is ever computed.

    Examples
    --------
    >>> float(sigmoid(0.0))
    0.5
    >>> sigmoid([-800.0, 800.0])
    array([0., 1.])
    """
    z = _checks.as_array(z, "z")
    small = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + small), small / (1 + small))


def logit(p):
    """logit(p) = log(p / (1 - p)), the inverse of sigmoid; logit(0) = -inf, logit(1) = +inf.

    Examples
    --------
    >>> float(logit(0.5))
    0.0
    >>> logit([0.0, 1.0])
    array([-inf,  inf])
    """
    p = _checks.probabilities(p, "p")
    with np.errstate(divide="ignore"):
        return np.log(p) - np.log1p(-p)


def log_sigmoid(z):
    """log sigmoid(z) = -log(1 + exp(-z)), computed as min(z, 0) - log(1 + exp(-|z|)) so exp never overflows.

    Examples
    --------
    >>> float(log_sigmoid(0.0).round(4))
    -0.6931
    >>> float(log_sigmoid(-1000.0))
    -1000.0
    """
    z = _checks.as_array(z, "z")
    return np.minimum(z, 0) - np.log1p(np.exp(-np.abs(z)))


def renormalise(weights):
    """q = w / sum(w): raw weights made into a distribution; also says whether that changed them."""
    w = np.asarray(weights, dtype=float)
    if not np.isfinite(w).all() or (w < 0).any():
        raise ValueError("weights: each weight must be a finite number >= 0")
    total = w.sum()
    if total <= 0:
        raise ValueError("weights: every weight is 0, so there is no distribution to normalise")
    return w / total, not math.isclose(total, 1.0, abs_tol=1e-9)
