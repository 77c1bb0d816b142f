"""The variants page: the loss curves of plain, focal, weighted and smoothed cross-entropy and their
sentences (the losses themselves are in core/variants.py, the figure, its table and alt sentence in
lessons/variants_figures.py)."""

import functools
import math

import numpy as np
import pandas as pd

from content.text import format_number, format_positive, format_probability, format_scientific
from core import _checks
from core.losses import cross_entropy
from core.variants import (
    balanced_weights,
    best_achievable_loss,
    confidence_cap,
    focal_loss,
    focal_weight,
    one_rare_class,
    optimal_logit_gap,
)

# The true class's probability is the notation card's q_y: $q_y$ where Streamlit renders Markdown (metrics,
# buttons, prose), "q(true class)", the card's other spelling, in plain text (live sliders, Plotly, alt text).
Q_TRUE_TEXT = "q(true class)"
SLIDERS = {  # the page's sliders, in order: link key: (label, tooltip); q_y and γ are live, in plain text
    "vq": (f"{Q_TRUE_TEXT}, the probability the model gives the true class y", None),
    "vk": ("Number of classes K", None),
    "vg": ("Focal loss: focusing exponent γ", "γ = 0 gives plain cross-entropy."),
    "vr": (
        "Class weights: r, the true class's share of the training data",
        "The weight is scikit-learn's 'balanced' one, w = 1 / (K r). The other K − 1 classes are assumed "
        "to share the remaining 1 − r of the data equally, (1 − r)/(K − 1) each.",
    ),
    "vs": ("Label smoothing ε", "The one-hot label becomes (1 − ε)·p + ε/K."),
}
LIVE_SLIDERS = ("vq", "vg")  # the sliders whose losses follow the pointer while they drag
SHARE_KEPT = r"Share kept, $(1 - q_y)^\gamma$"  # the focal box's metric; its live readout in plain text:
SHARE_KEPT_TEXT = f"Share kept, (1 − {Q_TRUE_TEXT}) to the power γ"

# The views a teacher wants to show in one click: the page's preset buttons (name: widget values).
PRESETS = {
    "Easy: $q_y$ = 0.95": {"vq": 0.95},
    "Hard: $q_y$ = 0.2": {"vq": 0.2},
    "γ = 0: plain CE": {"vg": 0.0},
    "Balanced classes": {"vr": 0.5, "vk": 2},
    "Rare class: 1 %": {"vr": 0.01},
    "Overconfident": {"vq": 0.99, "vs": 0.2},
}


def weight_text(weight):
    """A class weight as the page writes it everywhere: '5.000'."""
    return format_number(weight)


def factor_text(value):
    """The focal factor with at least two significant figures, so factor × loss can be checked by hand:
    '0.090', '0.0025', '6.3e-4', '1 − 4.5e-5'."""
    value = float(value)
    if 0 < value < 1e-3:
        return format_scientific(value)
    if 0 < value < 0.01:
        return f"{value:.4f}"
    return format_probability(value)


def loss_text(value, unit):
    """A loss with its unit, never a positive one shown as 0: '0.357 nats', '1.0e-6 nats', '∞ bits'."""
    return f"{format_positive(value)} {unit}"


def loss_labels(gamma, class_weight, label_smoothing):
    """{column: the page's metric label} for the four losses: 'Plain cross-entropy', 'Focal, γ = 2', ..."""
    return {
        "cross_entropy": "Plain cross-entropy",
        "focal": f"Focal, γ = {gamma:g}",
        "weighted": f"Weighted, w = {weight_text(class_weight)}",
        "smoothed": f"Smoothed, ε = {label_smoothing:g}",
    }


def _q_grid(values):
    """A 1-D grid of probabilities for the true class."""
    q = _checks.probabilities(values, "q_true_grid")
    return _checks.one_dimensional(q, "q_true_grid", "probability per grid point")


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
    return pd.DataFrame(_losses(q_true_grid, n_classes, gamma, class_weight, label_smoothing, base))


def _prediction(q_true_grid, n_classes):
    """The true class (0) and the predicted rows: q_true, and the other K - 1 classes sharing the rest."""
    q_true = _q_grid(q_true_grid)
    n_classes = _checks.whole(n_classes, "n_classes", 2)
    true_class = np.zeros(len(q_true), dtype=int)
    return q_true, true_class, np.column_stack([q_true] + [(1 - q_true) / (n_classes - 1)] * (n_classes - 1))


def _losses(q_true_grid, n_classes, gamma, class_weight, label_smoothing, base):
    """loss_curves_by_variant's columns as arrays, without the DataFrame."""
    q_true, true_class, predicted = _prediction(q_true_grid, n_classes)
    log_base = _checks.log_of_base(base)
    weight = np.r_[_checks.number(class_weight, "class_weight", 0), np.ones(n_classes - 1)]
    return {
        "q_true": q_true,
        "cross_entropy": cross_entropy(true_class, predicted, reduction="none", base=base),
        "focal": focal_loss(true_class, predicted, gamma=gamma, reduction="none") / log_base,
        "weighted": cross_entropy(true_class, predicted, weight=weight, reduction="none", base=base),
        "smoothed": cross_entropy(
            true_class, predicted, label_smoothing=label_smoothing, reduction="none", base=base
        ),
    }


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


def other_shares(rare_share, n_classes):
    """How the other classes' shares of the data are set: the rest for K = 2, an assumed equal split above.

    Examples
    --------
    >>> other_shares(0.1, 2)
    'the other class makes up the remaining 1 − r = 90 %'
    >>> other_shares(0.5, 3)
    'the other 2 classes are assumed to share the remaining 1 − r equally, 25 % each'
    """
    others = _checks.whole(n_classes, "n_classes", 2) - 1
    if others == 1:
        return f"the other class makes up the remaining 1 − r = {percent(1 - rare_share)}"
    return (
        f"the other {others} classes are assumed to share the remaining 1 − r equally, "
        f"{percent((1 - rare_share) / others)} each"
    )


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
            f"The classes are balanced here: each makes up {balanced} of the data"
            f"{'' if n_classes == 2 else ' (the other classes are assumed to share the rest equally)'}, so "
            "every weight is 1 and the weighted loss is plain cross-entropy."
        )
    if role == "rare":
        return (
            f"The true class is rare here: {share} of the data, less than the {balanced} each class would "
            f"have if {every} were equally common. So its losses are multiplied by a weight above "
            f"1, here {weight_text(weights[0])}, and the model cannot ignore it and still score well."
        )
    return (
        f"The true class is common here: {share} of the data, more than the {balanced} each class would have "
        f"if {every} were equally common. So its weight is below 1, here {weight_text(weights[0])}, while "
        f"{other_classes(n_classes)} gets {weight_text(weights[1])}"
        f"{'' if n_classes == 2 else ' (they are assumed to share the rest of the data equally)'}, so "
        f"{'the rarer class is' if n_classes == 2 else 'the rarer classes are'} not drowned out."
    )


def focal_factor(gamma, factor, focal, ce, focal_zero):
    """The focal factor in words, from the formatted numbers; at γ = 0, once, that it is plain cross-entropy.

    Examples
    --------
    >>> focal_factor(0.0, "1.000", "0.357 nats", "0.357 nats", "0.357 nats")
    'With γ = 0 the factor is 1, so focal loss is plain cross-entropy: 0.357 nats.'
    """
    if gamma == 0:
        return f"With γ = 0 the factor is 1, so focal loss is plain cross-entropy: {focal}."
    return (
        "For $\\gamma > 0$ and an easy sample ($q_y$ near 1) the factor is near 0. "
        f"With γ = {format_number(gamma, 1)} the factor is {factor}, giving {focal} against {ce}. "
        f"At γ = 0 the factor is 1: {focal_zero}."
    )


def smoothing_split(n_classes, label_smoothing):
    """What the curves assume about the other classes' shares of 1 - q, and whether it matters."""
    others = _checks.whole(n_classes, "n_classes", 2) - 1
    if others == 1:
        return "With K = 2 the other class gets all of $1 − q_y$, so the smoothed curve assumes nothing more."
    if label_smoothing == 0:
        return (
            f"The other {others} classes share $1 − q_y$ equally here; at ε = 0 no other split changes "
            "a loss."
        )
    return (
        f"The smoothed curve assumes the other {others} classes share $1 − q_y$ equally, the cheapest split: "
        "each is charged −(ε/K) log of its share, so any uneven split of the same $1 − q_y$ costs more."
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
            "best prediction is still $q_y = 1$, at a loss of 0."
        )
    cap = confidence_cap(n_classes, label_smoothing)
    best = best_achievable_loss(n_classes, label_smoothing, base=base)
    return (
        f"The label is softened (here by ε = {label_smoothing:g}), so a probability of exactly 1 is no "
        "longer the goal. The best the "
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
        return "With ε = 0 the label is still one-hot, so $q_y = 1$ stays optimal and the least loss is 0."
    cap = confidence_cap(n_classes, label_smoothing)
    best = best_achievable_loss(n_classes, label_smoothing, base=base)
    return (
        "Now $q_y = 1$ is no longer optimal, because the smoothed label puts mass on every class and −log 0 "
        "is infinite. The best prediction is the smoothed label itself: the true class gets "
        f"{cap:.3f} and the loss is its entropy, {best:.3f} {unit}."
    )


def smoothing_logit_gap(n_classes, label_smoothing):
    """Where the optimal logits sit, in words: a finite gap for eps > 0, none at eps = 0.

    Examples
    --------
    >>> "= 4.511 (logits" in smoothing_logit_gap(10, 0.1)
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
        f"\\ln\\big(\\text{{cap}}\\cdot K/\\varepsilon\\big)$ = {gap:.3f} (logits are in natural-log units "
        "whatever the unit of the loss) instead of growing without bound, "
        "which acts as a regulariser and often improves calibration."
    )


@functools.lru_cache(maxsize=32)
def q_readings(grid, *, n_classes, gamma, class_weight, label_smoothing, base, unit):
    """What the live q_y slider shows at each q_y of `grid`: the four losses and the focal share kept, as the
    page's metrics write them, the sentence a screen reader hears (q_y written Q_TRUE_TEXT), and plain
    cross-entropy's curve, held at the chart's top (ui/live_slider.py)."""
    losses = _losses(grid, n_classes, gamma, class_weight, label_smoothing, base)
    labels = loss_labels(gamma, class_weight, label_smoothing)
    texts = {column: tuple(loss_text(value, unit) for value in losses[column]) for column in labels}
    kept = tuple(factor_text(focal_weight(q, gamma)) for q in grid)
    short = {
        "cross_entropy": "plain cross-entropy",
        "focal": "focal",
        "weighted": "weighted",
        "smoothed": "smoothed",
    }
    aria = tuple(
        f"{Q_TRUE_TEXT} = {q:.2f}: " + ", ".join(f"{short[column]} {texts[column][i]}" for column in labels)
        for i, q in enumerate(grid)
    )
    return {
        "readouts": (*((labels[column], texts[column]) for column in labels), (SHARE_KEPT_TEXT, kept)),
        "aria": aria,
        "curve": tuple(losses["cross_entropy"]),
        "cap": 5.0 / math.log(base),
    }


@functools.lru_cache(maxsize=32)
def gamma_readings(grid, *, q_true, n_classes, base, unit):
    """What the live γ slider shows at each γ of `grid`: focal loss at the learner's q_y and the share of
    plain cross-entropy it keeps, as the page's metrics write them, and the sentence a screen reader hears."""
    _, true_class, predicted = _prediction([q_true], n_classes)
    log_base = _checks.log_of_base(base)
    focal = tuple(
        loss_text(focal_loss(true_class, predicted, gamma=gamma, reduction="none")[0] / log_base, unit)
        for gamma in grid
    )
    kept = tuple(factor_text(focal_weight(q_true, gamma)) for gamma in grid)
    aria = tuple(
        f"γ = {gamma:.1f}: focal loss {loss}, share of the cross-entropy kept {share}"
        for gamma, loss, share in zip(grid, focal, kept, strict=True)
    )
    return {"readouts": (("Focal", focal), (SHARE_KEPT_TEXT, kept)), "aria": aria}
