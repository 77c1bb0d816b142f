"""The cross-entropy vs MSE page's three figures: both losses against q, their pushes on the logit, and both
against the logit z (the numbers, tables and sentences are in lessons/ce_vs_mse.py)."""

import math

from content.text import format_loss
from core.activations import logit
from lessons import _charts as charts
from lessons import palette
from lessons.binary import (
    GRADIENT_TITLE,
    MSE_TICKS,
    MSE_TITLE,
    binary_gradient_figure,
    ce_and_mse_lines,
    legend_below_axis_title,
)
from lessons.ce_vs_mse import Z_GRID, comparison, curve_values

Q_AXIS_TITLE = "q, the probability the model gives the true class"
Z_AXIS_TITLE = "z, the logit of the true class (q = σ(z))"
LOSS_CAP_NATS = 5.0  # the q chart's top: high enough to show −log q exploding, low enough to read 0.1


def _your_markers(x, point, *, cap, presenter, loss_axes=("y", "y2"), gradient_axis=None):
    """Markers at the current point on each curve, the cross-entropy one held at the chart's top."""
    markers = [
        charts.marker(
            x,
            min(point["cross_entropy"], cap),
            name="your q: cross-entropy",
            presenter=presenter,
            color=palette.CROSS_ENTROPY,
        )
        | {"yaxis": loss_axes[0]},
        charts.marker(x, point["mse"], name="your q: MSE", presenter=presenter, color=palette.MSE)
        | {"yaxis": loss_axes[1]},
    ]
    if gradient_axis:
        markers += [
            charts.marker(x, point[name], name=f"your q: {label} push", presenter=presenter, color=color)
            | {"yaxis": gradient_axis, "showlegend": False}
            for name, label, color in (
                ("cross_entropy_grad", "cross-entropy", palette.CROSS_ENTROPY),
                ("mse_grad", "MSE", palette.MSE),
            )
        ]
    return markers


@charts.remembered
def loss_figure(q, *, base, unit, presenter=False, log_scale=False):
    """−log q (left axis, in the unit) beside (1 − q)² (right axis, no unit), against q."""
    curves = curve_values("q", base=base)
    point = comparison(q, base=base)
    cap = LOSS_CAP_NATS / math.log(base)
    names = ("Cross-entropy: −log q", "MSE: (1 − q)², right axis, own scale")
    traces = [
        *ce_and_mse_lines(curves, "q", names=names, presenter=presenter, axes=("y", "y2")),
        *_your_markers(q, point, cap=cap, presenter=presenter),
    ]
    if log_scale:
        powers = {"type": "log", "exponentformat": "power"}  # 10⁻⁴, not Plotly's SI "100μ"
        left = {**powers, "range": [-4, math.log10(cap * 1.05)]}
        right = {**powers, "range": [-4, math.log10(1.05)], "tickvals": [1e-4, 1e-3, 1e-2, 0.1, 1]}
    else:
        left, right = {"range": [0, cap * 1.05]}, {"range": [0, 1.05], "tickvals": MSE_TICKS}
    annotations = []
    if point["cross_entropy"] > cap:
        annotations.append(
            {
                "x": q,
                "y": cap,
                "text": f"cross-entropy = {format_loss(point['cross_entropy'], unit, 1)}",
                "showarrow": True,
                "ax": 50,
                "ay": 30,
                "xanchor": "left",
                "font": {"color": palette.MARKER},
            }
        )
    return charts.figure(
        traces,
        title="As q → 0, cross-entropy's fine grows without limit; MSE's never passes 1",
        x_title=Q_AXIS_TITLE,
        y_title=f"cross-entropy ({unit})",
        presenter=presenter,
        layout={
            "xaxis": {"range": [0, 1]},
            "legend": legend_below_axis_title(presenter),
            "yaxis": left,
            "yaxis2": right
            | {"overlaying": "y", "side": "right", "showgrid": False, "title": {"text": MSE_TITLE}},
            "annotations": annotations,
        },
    )


@charts.remembered
def gradient_figure(q, *, presenter=False):
    """The push on the logit against q: q − 1 for cross-entropy, 2(q − 1) q (1 − q) for MSE.

    The binary page's gradient chart for a true label y = 1, with this page's axis title and marker names.
    """
    return binary_gradient_figure(
        q,
        1,
        presenter=presenter,
        x_title=Q_AXIS_TITLE,
        y_title=GRADIENT_TITLE,
        here=("your q: cross-entropy", "your q: MSE"),
    )


@charts.remembered
def logit_figure(q, *, base, unit, presenter=False):
    """Against the logit z: both losses (top; MSE on its own axis) and both pushes (bottom)."""
    curves = curve_values("z", base=base)
    z = float(logit(q))
    top = float(curves["cross_entropy"][0]) * 1.05
    traces = [
        *ce_and_mse_lines(
            curves,
            "z",
            names=("Cross-entropy", "MSE, right axis, own scale"),
            presenter=presenter,
            axes=("y", "y2"),
        ),
        *ce_and_mse_lines(
            curves,
            "z",
            names=("Cross-entropy push", "MSE push"),
            presenter=presenter,
            gradients=True,
            axes=("y3", "y3"),
            thin=True,
        ),
    ]
    annotations = [
        {
            "xref": "paper",
            "yref": "paper",
            "x": 0.5,
            "y": 0.42,
            "yanchor": "bottom",
            "showarrow": False,
            "text": f"the pushes {GRADIENT_TITLE}",
        },
    ]
    if math.isfinite(z):
        traces += _your_markers(z, comparison(q, base=base), cap=top, presenter=presenter, gradient_axis="y3")
    else:
        annotations.append(
            {
                "xref": "paper",
                "yref": "paper",
                "x": 0.0 if z < 0 else 1.0,
                "y": 0.7,
                "xanchor": "left" if z < 0 else "right",
                "showarrow": False,
                "font": {"color": palette.MARKER},
                "text": f"your q = {q:.0f}: z = {'−' if z < 0 else '+'}∞,<br>off the chart",
            }
        )
    return charts.figure(
        traces,
        title="Against the logit z: when wrong, cross-entropy is a straight line,<br>"
        "MSE a plateau whose push fades to almost 0",
        x_title=Z_AXIS_TITLE,
        y_title=f"cross-entropy ({unit})",
        presenter=presenter,
        height=560,
        layout={
            "xaxis": {"range": [Z_GRID[0], Z_GRID[-1]], "anchor": "y3"},
            "yaxis": {"domain": [0.55, 1.0], "range": [0, top]},
            "yaxis2": {
                "overlaying": "y",
                "side": "right",
                "range": [0, 1.05],
                "tickvals": MSE_TICKS,
                "showgrid": False,
                "title": {"text": MSE_TITLE},
            },
            "yaxis3": {
                "domain": [0.0, 0.42],
                "range": [-1.05, 0.05],
                "anchor": "x",
                "title": {"text": "push ∂ℓ/∂z (CE), ∂ℓ_MSE/∂z"},
            },
            "annotations": annotations,
            "shapes": [charts.hline(0) | {"yref": "y3"}],
        },
    )
