"""Variants of cross-entropy a practitioner meets: focal loss, class weights and label smoothing."""

import math

import numpy as np
import pandas as pd

from content.text import format_loss
from core import _checks
from core.information import entropy
from core.losses import _log_predictions, _target_distribution, cross_entropy, mass_times, smooth_labels


def _alpha(values, n_classes):
    """One finite weight >= 0 per class, or all ones when not given."""
    return np.ones(n_classes) if values is None else _checks.class_weights(values, n_classes, "alpha")


def _shares(values):
    """1-D class shares that sum to 1, with no empty class."""
    shares = _checks.distribution(values, "class_shares")
    if shares.ndim != 1:
        raise ValueError(f"class_shares: expected a 1-D array, one share per class, got shape {shares.shape}")
    if (shares == 0).any():
        raise ValueError("class_shares: a class with no samples has no balanced weight")
    return shares


def _q_grid(values):
    """A 1-D grid of probabilities for the true class."""
    q = _checks.probabilities(values, "q_true_grid")
    if q.ndim != 1:
        raise ValueError(f"q_true_grid: expected a 1-D array, got shape {q.shape}")
    return q


def focal_loss(target, predicted, *, gamma=2.0, alpha=None, from_logits=False, reduction="mean"):
    """FL = -sum_c alpha_c p_c (1 - q_c)^gamma log q_c: cross-entropy that turns down the easy samples.

    Parameters
    ----------
    target : array_like
        Either a distribution with the shape of `predicted` (one-hot or soft
        labels), or class indices with that shape minus the last axis.
    predicted : array_like
        Probabilities, shape (K,) or (N, K), classes on the last axis; logits
        when `from_logits`. Binary classification is K = 2.
    gamma : float
        The focusing exponent, finite and >= 0. 0 gives plain cross-entropy.
    alpha : array_like, optional
        One weight >= 0 per class, shape (K,). None weighs every class 1.
    from_logits : bool
        Read `predicted` as logits and take log q by log-softmax.
    reduction : {'mean', 'sum', 'none'}
        'none' gives one loss per sample; 'mean' is the plain average over
        samples (also with `alpha`), 'sum' their total.

    Returns
    -------
    float or numpy.ndarray
        The loss in nats, >= 0; ``inf`` where the true class gets probability 0.

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
    _checks.reduction(reduction)
    gamma = _checks.number(gamma, "gamma", 0)
    log_q = _log_predictions(predicted, from_logits, -1)
    p, _ = _target_distribution(target, np.shape(predicted), -1)
    alpha = _alpha(alpha, log_q.shape[-1])
    q = np.exp(log_q)

    losses = mass_times(alpha * p * (1 - q) ** gamma, -log_q).sum(axis=-1)

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
    n_classes : int
        K >= 2.
    label_smoothing : float
        eps in [0, 1).

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


def loss_curves_by_variant(
    q_true_grid, *, n_classes=2, gamma=2.0, class_weight=5.0, label_smoothing=0.1, base=math.e
):
    """Plain, focal, weighted and smoothed cross-entropy of one sample, at each probability of its true class.

    Parameters
    ----------
    q_true_grid : array_like
        1-D probabilities given to the true class (class 0). The other K - 1
        classes share the rest equally.
    n_classes : int
        K >= 2.
    gamma : float
        Focal loss exponent (``focal_loss``).
    class_weight : float
        The weight of the true class (``cross_entropy(weight=...)``); > 1 for a rare class.
    label_smoothing : float
        eps in [0, 1) (``cross_entropy(label_smoothing=...)``).
    base : float
        e for nats, 2 for bits.

    Returns
    -------
    pandas.DataFrame
        Columns ``q_true``, ``cross_entropy``, ``focal``, ``weighted``, ``smoothed``.

    Notes
    -----
    Plain cross-entropy falls all the way to 0 at q_true = 1. The weighted one
    is the same curve scaled by the class weight; focal loss is flat near
    q_true = 1; the smoothed one has its minimum below 1 and rises again.

    Examples
    --------
    >>> loss_curves_by_variant([0.5, 0.9], gamma=2.0, class_weight=2.0, label_smoothing=0.1).round(3)
       q_true  cross_entropy  focal  weighted  smoothed
    0     0.5          0.693  0.173     1.386     0.693
    1     0.9          0.105  0.001     0.211     0.215
    """
    q_true = _q_grid(q_true_grid)
    n_classes = _checks.whole(n_classes, "n_classes", 2)
    log_base = _checks.log_of_base(base)
    true_class = np.zeros(len(q_true), dtype=int)
    predicted = np.column_stack([q_true] + [(1 - q_true) / (n_classes - 1)] * (n_classes - 1))
    weight = np.r_[_checks.number(class_weight, "class_weight", 0), np.ones(n_classes - 1)]

    return pd.DataFrame(
        {
            "q_true": q_true,
            "cross_entropy": cross_entropy(true_class, predicted, reduction="none", base=base),
            "focal": focal_loss(true_class, predicted, gamma=gamma, reduction="none") / log_base,
            "weighted": cross_entropy(true_class, predicted, weight=weight, reduction="none", base=base),
            "smoothed": cross_entropy(
                true_class, predicted, label_smoothing=label_smoothing, reduction="none", base=base
            ),
        }
    )


def percent(share):
    """A share as a percentage with at most one decimal: '50 %', '33.3 %', '1 %'."""
    return f"{100 * share:.1f}".removesuffix(".0") + " %"


def class_share_role(rare_share, n_classes):
    """'rare', 'balanced' or 'common': the true class's share r against the 1/K each class has when balanced.

    Examples
    --------
    >>> [class_share_role(r, k) for r, k in ((0.1, 2), (0.5, 2), (0.1, 10), (0.5, 3))]
    ['rare', 'balanced', 'balanced', 'common']
    """
    balanced = 1 / _checks.whole(n_classes, "n_classes", 2)
    if math.isclose(rare_share, balanced, rel_tol=1e-9, abs_tol=1e-9):
        return "balanced"
    return "rare" if rare_share < balanced else "common"


def other_classes(n_classes):
    """'the other class' for K = 2, else 'each of the other K - 1 classes' with K - 1 worked out.

    Examples
    --------
    >>> other_classes(2), other_classes(10)
    ('the other class', 'each of the other 9 classes')
    """
    others = _checks.whole(n_classes, "n_classes", 2) - 1
    return "the other class" if others == 1 else f"each of the other {others} classes"


def class_weight_sentence(rare_share, n_classes):
    """What the balanced weights do here, chosen by whether the true class is rare, balanced or common.

    Examples
    --------
    >>> class_weight_sentence(0.5, 2)[:60]
    'The classes are balanced here: each makes up 50 % of the dat'
    """
    weights = balanced_weights(one_rare_class(rare_share, n_classes))
    share, balanced = percent(rare_share), percent(1 / n_classes)
    role = class_share_role(rare_share, n_classes)
    every = "both" if n_classes == 2 else f"all {n_classes}"
    if role == "balanced":
        return (
            f"The classes are balanced here: each makes up {balanced} of the data, so every weight is 1 and "
            "the weighted loss is plain cross-entropy."
        )
    if role == "rare":
        return (
            f"The true class is rare here: {share} of the data, less than the {balanced} each class would "
            f"have if {every} were equally common. So its mistakes are multiplied by a weight above "
            f"1, here {weights[0]:.3f}, and the model cannot ignore it and still score well."
        )
    return (
        f"The true class is common here: {share} of the data, more than the {balanced} each class would have "
        f"if {every} were equally common. So its weight is below 1, here {weights[0]:.3f}, while "
        f"{other_classes(n_classes)} gets {weights[1]:.3f}, so the rarer classes are not drowned out."
    )


def smoothing_goal(n_classes, label_smoothing, *, base=math.e, unit="nats"):
    """What smoothing does to the best prediction, in words: nothing at eps = 0, a confidence cap above 0.

    Examples
    --------
    >>> smoothing_goal(2, 0.0)[:32]
    'With ε = 0 nothing is softened: '
    """
    if label_smoothing == 0:
        return (
            "With ε = 0 nothing is softened: the label stays one-hot, so this is plain cross-entropy and the "
            "best prediction is still q = 1, at a loss of 0."
        )
    cap = confidence_cap(n_classes, label_smoothing)
    best = best_achievable_loss(n_classes, label_smoothing, base=base)
    return (
        "The label is softened a little, so a probability of exactly 1 is no longer the goal. The best the "
        f"model can do is to give the true class {cap:.3f}, and even then it pays {best:.3f} {unit}. This "
        "keeps the model from becoming overconfident."
    )


def smoothing_optimum(n_classes, label_smoothing, *, base=math.e, unit="nats"):
    """Where the smoothed loss is lowest and why, in words; at eps = 0, that nothing changed.

    Examples
    --------
    >>> smoothing_optimum(10, 0.1)[-40:]
    'and the loss is its entropy, 0.500 nats.'
    """
    if label_smoothing == 0:
        return "With ε = 0 the label is still one-hot, so q = 1 stays optimal and the least loss is 0."
    cap = confidence_cap(n_classes, label_smoothing)
    best = best_achievable_loss(n_classes, label_smoothing, base=base)
    return (
        "Now q = 1 is no longer optimal, because the smoothed label puts mass on every class and −log 0 is "
        f"infinite. The best prediction is the smoothed label itself: the true class gets {cap:.3f} and the "
        f"loss is its entropy, {best:.3f} {unit}."
    )


def smoothing_logit_gap(n_classes, label_smoothing):
    """Where the optimal logits sit, in words: a finite gap for eps > 0, none at eps = 0.

    Examples
    --------
    >>> "= 4.511 instead of" in smoothing_logit_gap(10, 0.1)
    True
    """
    if label_smoothing == 0:
        return (
            "With ε = 0 there is no finite optimum: the loss keeps falling as $z_{\\text{true}} - "
            "z_{\\text{other}}$ grows, so training pushes the logits apart without bound."
        )
    gap = optimal_logit_gap(n_classes, label_smoothing)
    return (
        "In logit terms the optimum sits at a finite gap $z_{\\text{true}} - z_{\\text{other}} = "
        f"\\log\\big(\\text{{cap}}\\cdot K/\\varepsilon\\big)$ = {gap:.3f} instead of growing without bound, "
        "which acts as a regulariser and often improves calibration."
    )


def variants_alt(
    q_true, *, n_classes=2, gamma=2.0, class_weight=5.0, label_smoothing=0.1, base=math.e, unit="nats"
):
    """What the variants chart shows, with the learner's q and the four losses there.

    Examples
    --------
    >>> variants_alt(0.7).split(": ")[-1]
    'plain 0.357 nats, focal 0.032 nats, weighted 1.783 nats, smoothed 0.399 nats.'
    """
    settings = {
        "n_classes": n_classes,
        "gamma": gamma,
        "class_weight": class_weight,
        "label_smoothing": label_smoothing,
        "base": base,
    }
    here = loss_curves_by_variant([q_true], **settings).iloc[0]
    focal = (
        f"focal (γ = {gamma:g}) is the same curve, since γ = 0"
        if gamma == 0
        else f"focal (γ = {gamma:g}) is turned down most where q is near 1"
    )
    if label_smoothing == 0:
        smoothing = "label smoothing (ε = 0) is the plain curve again"
    else:
        cap = confidence_cap(n_classes, label_smoothing)
        best = best_achievable_loss(n_classes, label_smoothing, base=base)
        smoothing = (
            f"label smoothing (ε = {label_smoothing:g}) is lowest, {best:.3f} {unit}, at q = {cap:.3f} and "
            "rises again towards q = 1"
        )
    shown = ", ".join(
        f"{name} {format_loss(here[column], unit)}"
        for column, name in (
            ("cross_entropy", "plain"),
            ("focal", "focal"),
            ("weighted", "weighted"),
            ("smoothed", "smoothed"),
        )
    )
    return (
        "Four losses against the probability q given to the true class: plain cross-entropy falls from "
        f"infinity at q = 0 to 0 at q = 1; {focal}; weighted (w = {class_weight:.3f}) is the plain curve "
        f"times w; {smoothing}. At your q = {q_true:.2f}: {shown}."
    )
