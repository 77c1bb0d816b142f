"""Variants of cross-entropy a practitioner meets: focal loss, class weights and label smoothing."""

import math

import numpy as np

from core import _checks
from core.information import entropy
from core.losses import log_predictions, mass_times, smooth_labels, target_distribution


def _alpha(values, n_classes):
    """One finite weight >= 0 per class, or all ones when not given."""
    return np.ones(n_classes) if values is None else _checks.class_weights(values, n_classes, "alpha")


def _shares(values):
    """1-D class shares that sum to 1, with no empty class."""
    shares = _checks.one_dimensional(
        _checks.distribution(values, "class_shares"), "class_shares", "share per class"
    )
    if (shares == 0).any():
        raise ValueError("class_shares: a class with no samples has no balanced weight")
    return shares


def focal_loss(target, predicted, *, gamma=2.0, alpha=None, from_logits=False, reduction="mean", base=math.e):
    """FL = -sum_c alpha_c p_c (1 - q_c)^gamma log q_c: cross-entropy that turns down the easy samples.

    Parameters
    ----------
    target, predicted, from_logits, base
        As in ``cross_entropy``, with the classes on the last axis of `predicted`
        (binary classification is K = 2).
    gamma : float
        The focusing exponent, finite and >= 0. 0 gives plain cross-entropy.
    alpha : array_like, optional
        One weight >= 0 per class, shape (K,). None weighs every class 1.
    reduction : {'mean', 'sum', 'none'}
        'none' gives one loss per sample; 'mean' is the plain average over
        samples (also with `alpha`), 'sum' their total.

    Returns
    -------
    float or numpy.ndarray
        As for ``cross_entropy``: >= 0, and ``inf`` where the true class gets probability 0.

    Notes
    -----
    The factor (1 - q_c)^gamma is near 0 when the model already gives the true
    class a high probability, so well-classified samples add almost nothing
    and training attends to the hard ones. At gamma = 0 and alpha = None this
    is exactly ``cross_entropy``. 0 * log 0 counts as 0.

    Examples
    --------
    >>> round(focal_loss([1, 0], [0.9, 0.1], gamma=0), 4)  # = cross-entropy
    0.1054
    >>> round(focal_loss([1, 0], [0.9, 0.1], gamma=2), 6)  # an easy sample: 0.1 ** 2 of it
    0.001054
    >>> round(focal_loss(0, [0.1, 0.9], gamma=2), 4)  # a hard sample keeps most of its loss
    1.8651
    >>> focal_loss(0, [0.0, 1.0])
    inf
    """
    log_base = _checks.log_of_base(base)
    _checks.reduction(reduction)
    gamma = _checks.number(gamma, "gamma", 0)
    log_q = log_predictions(predicted, from_logits, -1)
    p, _ = target_distribution(target, np.shape(predicted), -1)
    alpha = _alpha(alpha, log_q.shape[-1])
    q = np.exp(log_q)

    losses = mass_times(alpha * p * (1 - q) ** gamma, -log_q).sum(axis=-1) / log_base

    return _checks.reduce(losses, reduction)


def focal_weight(q_true, gamma):
    """(1 - q)^gamma: the share of the cross-entropy that focal loss keeps when the true class gets q.

    Parameters
    ----------
    q_true : array_like
        Probability given to the true class, in [0, 1].
    gamma : float
        The focusing exponent, finite and >= 0.

    Returns
    -------
    float or numpy.ndarray
        1 at gamma = 0 (plain cross-entropy), near 0 for an easy sample (q near 1).

    Examples
    --------
    >>> round(focal_weight(0.9, 2.0), 4)
    0.01
    >>> focal_weight(0.9, 0.0)
    1.0
    """
    q = _checks.probabilities(q_true, "q_true")
    gamma = _checks.number(gamma, "gamma", 0)

    weight = (1 - q) ** gamma

    return float(weight) if weight.ndim == 0 else weight


def best_achievable_loss(n_classes, label_smoothing, *, base=math.e):
    """min_q H(p_smooth, q) = H(p_smooth): the lowest cross-entropy left once a one-hot label is smoothed.

    Parameters
    ----------
    n_classes : int
        K >= 2.
    label_smoothing : float
        eps in [0, 1); the label becomes p_smooth = (1 - eps) p + eps / K (``smooth_labels``).
    base : float
        e for nats, 2 for bits.

    Returns
    -------
    float
        0 when eps = 0; otherwise > 0, even for a model that matches the target.

    Notes
    -----
    H(p, q) = H(p) + KL(p || q) and KL >= 0 with equality only at q = p, so the
    minimum is reached by predicting the smoothed target itself.

    Examples
    --------
    >>> best_achievable_loss(10, 0.0)
    0.0
    >>> round(best_achievable_loss(10, 0.1), 4)
    0.5003
    """
    one_hot = np.eye(_checks.whole(n_classes, "n_classes", 2))[0]

    return float(entropy(smooth_labels(one_hot, label_smoothing), base=base))


def confidence_cap(n_classes, label_smoothing):
    """q_max = 1 - eps + eps / K: the probability on the true class that minimises the smoothed loss.

    Parameters
    ----------
    n_classes : int
        K >= 2.
    label_smoothing : float
        eps in [0, 1).

    Returns
    -------
    float
        1 when eps = 0; below 1 otherwise, so more confidence raises the loss.

    Examples
    --------
    >>> confidence_cap(10, 0.1)
    0.91
    """
    one_hot = np.eye(_checks.whole(n_classes, "n_classes", 2))[0]

    return float(smooth_labels(one_hot, label_smoothing)[0])


def optimal_logit_gap(n_classes, label_smoothing):
    """z_true - z_other = log(q_max / (eps / K)): how far the loss-minimising logits sit apart.

    Parameters
    ----------
    n_classes, label_smoothing
        K >= 2 and eps in [0, 1), as in ``confidence_cap``.

    Returns
    -------
    float
        ``inf`` when eps = 0: without smoothing the loss keeps falling as the
        true logit grows, so training pushes the logits apart forever.

    Examples
    --------
    >>> round(optimal_logit_gap(10, 0.1), 4)  # log(0.91 / 0.01)
    4.5109
    >>> optimal_logit_gap(10, 0.0)
    inf
    """
    q_max = confidence_cap(n_classes, label_smoothing)
    if label_smoothing == 0:
        return math.inf

    return math.log(q_max / (label_smoothing / n_classes))


def balanced_weights(class_shares):
    """w_c = 1 / (K r_c): the weight that makes a class with share r_c of the data count as much as any other.

    Parameters
    ----------
    class_shares : array_like
        1-D: the fraction of the training samples in each of the K classes;
        they sum to 1 and none is 0.

    Returns
    -------
    numpy.ndarray
        Shape (K,); pass it as ``weight`` to ``cross_entropy``. Equal shares give all ones.

    Notes
    -----
    This is scikit-learn's ``class_weight='balanced'``, N / (K n_c), with the
    share r_c = n_c / N. Each class's samples then add up to a total weight of
    w_c n_c = N / K, the same for every class.

    Examples
    --------
    >>> balanced_weights([0.9, 0.1])
    array([0.55555556, 5.        ])
    """
    shares = _shares(class_shares)

    return 1 / (len(shares) * shares)


def one_rare_class(rare_share, n_classes):
    """r = [r_0, (1 - r_0) / (K - 1), ...]: class 0 has the share r_0 = rare_share, the others split the rest.

    Examples
    --------
    >>> one_rare_class(0.1, 3)
    array([0.1 , 0.45, 0.45])
    """
    n_classes = _checks.whole(n_classes, "n_classes", 2)
    rare_share = _checks.number(rare_share, "rare_share", 0, 1, low_open=True, high_open=True)

    return np.r_[rare_share, np.full(n_classes - 1, (1 - rare_share) / (n_classes - 1))]
