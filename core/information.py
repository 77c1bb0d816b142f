"""Information theory: entropy, KL divergence, perplexity, and the class prior a blind model predicts."""

import math

import numpy as np

from core import _checks
from core.losses import mass_times, safe_log


def entropy(p, *, axis=-1, base=math.e):
    """H(p) = -sum_i p(i) log p(i), the average surprise of outcomes drawn from p.

    Parameters
    ----------
    p : array_like
        A distribution along `axis` (sums to 1).
    axis : int
        The outcome axis.
    base : float
        e for nats, 2 for bits.

    Returns
    -------
    float or numpy.ndarray
        >= 0; 0 for a certain outcome, log K for a uniform one. 0 log 0 counts as 0.
        A Python float for one distribution, one value per distribution otherwise.

    Examples
    --------
    >>> float(entropy([0.5, 0.5], base=2))
    1.0
    >>> float(entropy([1.0, 0.0]))
    0.0
    """
    log_base = _checks.log_of_base(base)
    p = _checks.distribution(p, "p", axis=axis)

    return _checks.scalar_as_float(mass_times(p, -safe_log(p)).sum(axis=axis) / log_base)


def kl_divergence(p, q, *, axis=-1, base=math.e):
    """KL(p || q) = sum_i p(i) log(p(i) / q(i)) = H(p, q) - H(p).

    Parameters
    ----------
    p, q : array_like
        Distributions of one shape along `axis`: p the truth, q the prediction.
    axis, base
        The outcome axis, and e for nats or 2 for bits, as in ``entropy``.

    Returns
    -------
    float or numpy.ndarray
        >= 0, and 0 only when q = p. ``inf`` where q(i) = 0 but p(i) > 0.
        Not symmetric: KL(p || q) differs from KL(q || p) in general.
        A Python float for one pair, one value per pair otherwise.

    Examples
    --------
    >>> round(float(kl_divergence([0.5, 0.5], [0.9, 0.1])), 4)
    0.5108
    >>> float(kl_divergence([0.5, 0.5], [1.0, 0.0]))
    inf
    """
    log_base = _checks.log_of_base(base)
    p = _checks.distribution(p, "p", axis=axis)
    q = _checks.distribution(q, "q", axis=axis)
    _checks.same_shape(p, q, "p", "q")

    with np.errstate(invalid="ignore"):  # log(0) - log(0) is NaN, but mass_times drops it (p = 0)
        log_ratio = safe_log(p) - safe_log(q)

    return _checks.scalar_as_float(mass_times(p, log_ratio).sum(axis=axis) / log_base)


def perplexity(mean_cross_entropy, *, base=math.e):
    """perplexity = base ** (mean cross-entropy): the effective number of equally likely choices.

    Parameters
    ----------
    mean_cross_entropy : float or array_like
        A mean cross-entropy per token (>= 0), in the unit `base` gives; or an array of them,
        one per sequence. For a sentence's per-token losses, pass their mean.
    base : float
        e for nats, 2 for bits: the unit of `mean_cross_entropy`.

    Returns
    -------
    float or numpy.ndarray
        >= 1. A Python float for one number, one perplexity per entry for an array.

    Examples
    --------
    >>> round(perplexity(math.log(10)), 6)
    10.0
    >>> perplexity(1.0, base=2)
    2.0
    >>> perplexity([1.0, 2.0], base=2)  # one perplexity per mean cross-entropy
    array([2., 4.])
    """
    log_base = _checks.log_of_base(base)
    loss = _checks.as_array(mean_cross_entropy, "mean_cross_entropy")
    if (loss < 0).any():
        raise ValueError("mean_cross_entropy: a cross-entropy is never negative")
    with np.errstate(over="ignore"):
        return _checks.scalar_as_float(np.exp(loss * log_base))


def class_prior(y, *, n_classes=None):
    """pi_k = (1/N) sum_n [y_n = k]: the share of each class among the labels.

    Parameters
    ----------
    y : array_like
        Class indices, shape (N,).
    n_classes : int, optional
        K; by default the largest label + 1. A class no label names gets 0.

    Returns
    -------
    numpy.ndarray
        Shape (K,), summing to 1.

    Examples
    --------
    >>> class_prior([0, 1, 1, 1])
    array([0.25, 0.75])
    >>> class_prior([0, 0], n_classes=3)
    array([1., 0., 0.])
    """
    y, n_classes = _checks.class_labels(y, "y", n_classes)
    counts = np.bincount(y, minlength=n_classes)

    return counts / counts.sum()


def class_prior_entropy(y, *, base=math.e):
    """H(pi) = -sum_k pi_k log pi_k, pi the label frequencies: the loss of a model that ignores its input.

    The best such model predicts q = pi for every sample, and its mean cross-entropy is H(pi) (any other
    constant q costs H(pi) + KL(pi || q)). A model that reads its input has to beat this number.

    Parameters
    ----------
    y : array_like
        Class indices, shape (N,).
    base : float
        e for nats, 2 for bits.

    Returns
    -------
    float
        >= 0; 0 when every label is the same, log K when the K classes are equally common.

    Examples
    --------
    >>> round(class_prior_entropy([0, 1, 1, 1], base=2), 4)  # a 1-in-4 class: 0.81 bits, not 1
    0.8113
    """
    return entropy(class_prior(y), base=base)
