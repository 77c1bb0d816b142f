"""Calibration: does a model that says "80 % sure" get 80 % of those right? The reliability table, the
expected calibration error, and temperature scaling, which divides every logit by one fitted number T.
"""

import math
from typing import NamedTuple

import numpy as np

from core import _checks
from core.losses import cross_entropy, cross_entropy_grad

GOLDEN = (math.sqrt(5) - 1) / 2  # 0.618...: each golden-section step keeps this share of the bracket


class Reliability(NamedTuple):
    """Per confidence bin that holds a sample: its edges, its count, mean confidence and accuracy."""

    low: np.ndarray
    high: np.ndarray
    count: np.ndarray
    confidence: np.ndarray
    accuracy: np.ndarray


def _predictions(target, predicted):
    """Class indices (N,) and probabilities (N, K) for the same N samples."""
    q = _checks.two_dimensional(_checks.distribution(predicted, "predicted"), "predicted", "class")
    y, _ = _checks.class_labels(target, "target", n_classes=q.shape[1])
    if len(y) != len(q):
        raise ValueError(f"target: {len(y)} labels for {len(q)} rows of predicted")
    return y, q


def reliability_table(target, predicted, *, bins=10):
    """conf_b = mean over bin b of max_k q_nk, acc_b = mean over bin b of [argmax_k q_nk = y_n].

    Parameters
    ----------
    target : array_like
        Class indices, shape (N,).
    predicted : array_like
        Probabilities, shape (N, K). A sample's confidence is its largest probability,
        and its prediction that class (the first, on a tie).
    bins : int
        B equal-width bins: bin b holds confidences in [b / B, (b + 1) / B), the last one also 1.

    Returns
    -------
    Reliability
        ``(low, high, count, confidence, accuracy)``, one entry per bin that holds a sample
        (an empty bin has no mean). A calibrated model has accuracy = confidence in every bin.

    Examples
    --------
    >>> table = reliability_table([0, 1, 1], [[0.9, 0.1], [0.85, 0.15], [0.35, 0.65]], bins=4)
    >>> table.low.tolist(), table.count.tolist(), table.accuracy.tolist()
    ([0.5, 0.75], [1, 2], [1.0, 0.5])
    """
    y, q = _predictions(target, predicted)
    bins = _checks.whole(bins, "bins", 1)
    confidence = q.max(axis=1)
    correct = q.argmax(axis=1) == y
    which = np.minimum((confidence * bins).astype(int), bins - 1)

    count = np.bincount(which, minlength=bins)
    used = count > 0
    edges = np.linspace(0, 1, bins + 1)
    return Reliability(
        low=edges[:-1][used],
        high=edges[1:][used],
        count=count[used],
        confidence=np.bincount(which, weights=confidence, minlength=bins)[used] / count[used],
        accuracy=np.bincount(which, weights=correct, minlength=bins)[used] / count[used],
    )


def expected_calibration_error(target, predicted, *, bins=10):
    """ECE = sum_b (n_b / N) |acc_b - conf_b|: the gap between accuracy and confidence, weighted by bin size.

    Parameters
    ----------
    target, predicted, bins
        As for ``reliability_table``.

    Returns
    -------
    float
        In [0, 1]; 0 when every bin's accuracy equals its mean confidence.

    Examples
    --------
    >>> round(expected_calibration_error([0, 1, 1], [[0.9, 0.1], [0.85, 0.15], [0.35, 0.65]], bins=4), 4)
    0.3667
    """
    table = reliability_table(target, predicted, bins=bins)

    return float(np.sum(table.count / table.count.sum() * np.abs(table.accuracy - table.confidence)))


def _scaled(logits, temperature):
    """Finite logits z and a temperature T > 0."""
    return _checks.finite(logits, "logits"), _checks.temperature(temperature)


def temperature_scaled_loss(target, logits, temperature, *, base=math.e):
    """L(T) = (1/N) sum_n H(p_n, softmax(z_n / T)): the mean cross-entropy after dividing every logit by T.

    Parameters
    ----------
    target : array_like
        Class indices (N,) or distributions (N, K).
    logits : array_like
        Finite logits, shape (N, K).
    temperature : float
        T > 0: T > 1 softens an over-confident model, T < 1 sharpens an under-confident one.
    base : float
        e for nats, 2 for bits.

    Examples
    --------
    >>> round(temperature_scaled_loss([0, 1], [[2.0, 0.0], [2.0, 0.0]], 1.0), 4)
    1.1269
    """
    z, T = _scaled(logits, temperature)

    return cross_entropy(target, z / T, from_logits=True, base=base)


def temperature_scaled_loss_grad(target, logits, temperature):
    """dL/dT = -(1/N) sum_n (q_n - p_n) . z_n / T^2, with q_n = softmax(z_n / T): the chain rule via z / T.

    Examples
    --------
    >>> round(temperature_scaled_loss_grad([0, 1], [[2.0, 0.0], [2.0, 0.0]], 1.0), 4)
    -0.7616
    """
    z, T = _scaled(logits, temperature)

    return float(-(cross_entropy_grad(target, z / T) * z).sum(axis=-1).mean() / T**2)


def fit_temperature(target, logits, *, bounds=(0.01, 100.0), tol=1e-8):
    """T* = argmin over T > 0 of L(T): the one temperature that makes softmax(z / T) fit the labels best.

    Parameters
    ----------
    target, logits
        As for ``temperature_scaled_loss``, e.g. a held-out set's labels and logits.
    bounds : (float, float)
        0 < T_low < T_high: the search stays inside them.
    tol : float
        The search stops when log T is known to within `tol`.

    Returns
    -------
    float
        T*. Close to a bound when the best T lies beyond it: if every sample is
        classified right, sharper always helps and T* tends to 0.

    Notes
    -----
    A golden-section search on s = log T: L is convex in 1 / T, so it has one valley in s,
    and each step keeps the 61.8 % of the bracket that must hold its floor. Temperature
    never changes which class is largest, so accuracy stays the same.

    Examples
    --------
    >>> round(fit_temperature([0, 0, 0, 1], [[2.0, 0.0]] * 4), 4)  # right 3 in 4: sigmoid(2 / T) = 3/4
    1.8205
    """
    low = _checks.number(bounds[0], "bounds", 0, low_open=True)
    high = _checks.number(bounds[1], "bounds", low, low_open=True)
    tol = _checks.number(tol, "tol", 0, low_open=True)

    def loss(s):
        return temperature_scaled_loss(target, logits, math.exp(s))

    return math.exp(_golden_section(loss, math.log(low), math.log(high), tol))


def _golden_section(f, a, b, tol):
    """The x in [a, b] at the floor of f's one valley, to within tol: shrink [a, b] by GOLDEN each step."""
    c, d = b - GOLDEN * (b - a), a + GOLDEN * (b - a)
    f_c, f_d = f(c), f(d)
    while b - a > tol:
        if f_c < f_d:  # the floor is left of d
            b, d, f_d = d, c, f_c
            c = b - GOLDEN * (b - a)
            f_c = f(c)
        else:  # the floor is right of c
            a, c, f_c = c, d, f_d
            d = a + GOLDEN * (b - a)
            f_d = f(d)
    return (a + b) / 2
