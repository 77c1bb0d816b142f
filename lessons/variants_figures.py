"""The variants page's figure: plain, focal, weighted and smoothed cross-entropy against the probability of
the true class, with its table and alt sentence (the curves and the sentences are in lessons/variants.py)."""

import math

import numpy as np

from content.text import format_number
from core import _checks
from core.variants import best_achievable_loss, confidence_cap
from lessons import _charts as charts
from lessons import palette
from lessons.variants import Q_TRUE_TEXT, loss_curves_by_variant, loss_text, weight_text

Q_GRID = np.linspace(0.005, 0.995, 199)  # probability of the true class; the ends would be infinite losses
# True in every state (at γ = 0, r = 1/K or ε = 0 some curves coincide), and short enough for a 390 px phone.
TITLE = "Four losses of the same prediction"
LOSS_CAP_NATS = 5.0  # y-axis top: high enough to show a loss exploding, low enough to read 0.1


def _settings(n_classes, gamma, class_weight, label_smoothing, base):
    """The keyword arguments of loss_curves_by_variant, from the chart's and the sentence's own."""
    return {
        "n_classes": n_classes,
        "gamma": gamma,
        "class_weight": class_weight,
        "label_smoothing": label_smoothing,
        "base": base,
    }


def variants_alt(
    q_true, *, n_classes=2, gamma=2.0, class_weight=5.0, label_smoothing=0.1, base=math.e, unit="nats"
):
    """What the variants chart shows, with the learner's q_y (written Q_TRUE_TEXT: a screen reader gets plain
    text) and the four losses there.

    Examples
    --------
    >>> variants_alt(0.7).split(": ")[-1]
    'plain 0.357 nats, focal 0.032 nats, weighted 1.783 nats, smoothed 0.399 nats.'
    """
    settings = _settings(n_classes, gamma, class_weight, label_smoothing, base)
    here = loss_curves_by_variant([q_true], **settings).iloc[0]
    q = Q_TRUE_TEXT
    focal = (
        f"focal (γ = {gamma:g}) is the same curve, since γ = 0"
        if gamma == 0
        else f"focal (γ = {gamma:g}) is turned down most where {q} is near 1"
    )
    if label_smoothing == 0:
        smoothing = "label smoothing (ε = 0) is the plain curve again"
    else:
        cap = confidence_cap(n_classes, label_smoothing)
        best = best_achievable_loss(n_classes, label_smoothing, base=base)
        smoothing = (
            f"label smoothing (ε = {label_smoothing:g}) has its own minimum, {best:.3f} {unit}, "
            f"at {q} = {cap:.3f}, and rises again towards {q} = 1"
        )
    shown = ", ".join(
        f"{name} {loss_text(here[column], unit)}"
        for column, name in (
            ("cross_entropy", "plain"),
            ("focal", "focal"),
            ("weighted", "weighted"),
            ("smoothed", "smoothed"),
        )
    )
    return (
        f"Four losses against {q}, the probability given to the true class: plain cross-entropy falls from "
        f"infinity at {q} = 0 to 0 at {q} = 1; {focal}; weighted (w = {weight_text(class_weight)}) is the "
        f"plain curve times w; {smoothing}. At your {q} = {q_true:.2f}: {shown}."
    )


VARIANT_NAMES = {
    "cross_entropy": "cross-entropy",
    "focal": "focal",
    "weighted": "weighted",
    "smoothed": "label smoothing",
}


@charts.remembered
def variants_figure(
    *,
    n_classes=2,
    gamma=2.0,
    class_weight=5.0,
    label_smoothing=0.1,
    base=math.e,
    q_true=None,
    presenter=False,
):
    """Plain, focal, weighted and smoothed cross-entropy against the probability of the true class.

    Parameters
    ----------
    n_classes, gamma, class_weight, label_smoothing, base
        As in ``lessons.variants.loss_curves_by_variant``.
    q_true : float, optional
        The learner's prediction: a dotted line and a dot on each curve there.
        A loss above the top of the chart is written out instead.
    presenter : bool
        Larger text and thicker lines for a projector.

    Returns
    -------
    plotly.graph_objects.Figure
        Four curves (plain cross-entropy first), a marker at the smoothed loss's
        minimum, then the dots at `q_true`.

    Examples
    --------
    >>> fig = variants_figure(gamma=2.0, class_weight=5.0, label_smoothing=0.1)
    >>> [trace.name for trace in fig.data][:2]
    ['cross-entropy', 'focal, γ = 2']
    """
    settings = _settings(n_classes, gamma, class_weight, label_smoothing, base)
    curves = loss_curves_by_variant(Q_GRID, **settings)
    unit = charts.unit_name(base)
    y_cap = LOSS_CAP_NATS / math.log(base)
    colours = dict(zip(VARIANT_NAMES, (palette.CROSS_ENTROPY, *palette.VARIANTS[:3]), strict=True))
    dashes = dict(zip(VARIANT_NAMES, (None, "dash", "dot", "dashdot"), strict=True))
    names = {
        "cross_entropy": "cross-entropy",
        "focal": f"focal, γ = {gamma:g}",
        "weighted": f"weighted, w = {weight_text(class_weight)}",
        "smoothed": f"label smoothing, ε = {label_smoothing:g}",
    }
    traces = [
        charts.line(
            curves["q_true"].to_numpy(),
            curves[column].to_numpy(),
            name=names[column],
            color=colours[column],
            presenter=presenter,
            dash=dashes[column],
        )
        for column in VARIANT_NAMES
    ]
    traces.append(
        {
            "type": "scatter",
            "x": np.array([confidence_cap(n_classes, label_smoothing)]),
            "y": np.array([best_achievable_loss(n_classes, label_smoothing, base=base)]),
            "mode": "markers",
            "name": (
                "smoothing's best: confidence capped here"
                if label_smoothing > 0
                else f"plain CE's best: {Q_TRUE_TEXT} = 1 (no cap)"
            ),
            "marker": {
                "color": palette.VARIANTS[2],
                "size": 16 if presenter else 11,
                "symbol": "diamond",
                "line": {"width": 1.5, "color": "black"},
            },
        }
    )
    layout = {"xaxis": {"range": [0, 1]}, "yaxis": {"range": [0, y_cap]}, "hovermode": "closest"}
    if q_true is not None:
        q_true = float(_checks.probabilities(q_true, "q_true"))
        here = loss_curves_by_variant([q_true], **settings).iloc[0]
        values = np.array([here[column] for column in VARIANT_NAMES])
        traces.append(_prediction_dots(q_true, values, list(colours.values()), y_cap, presenter))
        layout |= {"shapes": [charts.vline(q_true, color=palette.MARKER, dash="dot")]}
        layout |= {"annotations": _above_the_chart(q_true, values, y_cap)}
    return charts.figure(
        traces,
        title=TITLE,
        x_title="probability given to the true class",
        y_title=f"loss ({unit})",
        presenter=presenter,
        height=460,
        layout=layout | {"margin": {"t": 60 + (20 if presenter else 0)}},  # one title line
    )


def _prediction_dots(q_true, values, colours, y_cap, presenter):
    """A dot on each curve at the learner's prediction, pinned to the top edge when above the chart."""
    return {
        "type": "scatter",
        "x": np.full(len(values), q_true),
        "y": np.minimum(values, y_cap),
        "mode": "markers",
        "name": "your prediction",
        "marker": {"color": colours, "size": 14 if presenter else 10, "line": {"width": 2, "color": "white"}},
        "customdata": np.array(list(VARIANT_NAMES.values())),
        "hovertemplate": "%{customdata} at your prediction<extra></extra>",
    }


def _above_the_chart(q_true, values, y_cap):
    """A note listing the losses at q_true that lie above the top of the chart (none: no note)."""
    above = [
        f"{name} {format_number(value, 2)}"
        for name, value in zip(VARIANT_NAMES.values(), values, strict=True)
        if value > y_cap
    ]
    if not above:
        return []
    return [
        {
            "x": q_true,
            "y": y_cap,
            "xanchor": "left" if q_true < 0.5 else "right",
            "yanchor": "top",
            "showarrow": False,
            "text": "above the chart:<br>" + "<br>".join(above),
            "font": {"color": palette.MARKER},
            "bgcolor": charts.LABEL_BOX,
        }
    ]


def variants_table(q_true, **settings):
    """The variants chart as a table: the four losses at landmark probabilities and at `q_true`."""
    landmarks = np.unique(np.append([0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99], q_true))
    curves = loss_curves_by_variant(landmarks, **settings)
    unit = charts.unit_name(settings.get("base", math.e))
    names = {column: f"{name} ({unit})" for column, name in VARIANT_NAMES.items()}
    return curves.rename(columns={"q_true": Q_TRUE_TEXT, **names})
