"""The binary cross-entropy lesson: loss curves, their gradients, a table and the worked computation."""

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core import charts, palette
from core.activations import logit
from core.gradients import binary_cross_entropy_grad, binary_mse_grad
from core.losses import binary_cross_entropy, mse, safe_log
from core.text import UNITS, format_number

P_GRID = np.linspace(0.001, 0.999, 999)
CONFIDENTLY_WRONG = 0.1  # the true class gets less than this probability


def binary_curves(y, *, base):
    """Cross-entropy and MSE for label `y` at every p of P_GRID, with both gradients in the logit."""
    labels = np.full_like(P_GRID, float(y))
    z = logit(P_GRID)
    return {
        "p": P_GRID,
        "cross_entropy": binary_cross_entropy(labels, P_GRID, reduction="none", base=base),
        "other_label": binary_cross_entropy(1 - labels, P_GRID, reduction="none", base=base),
        "mse": mse(labels, P_GRID, reduction="none"),
        "cross_entropy_grad": binary_cross_entropy_grad(labels, z),
        "mse_grad": binary_mse_grad(labels, z),
    }


def binary_point(p, y, *, base):
    """Both losses and both logit gradients at one prediction p for label y."""
    z = logit(p)
    return {
        "cross_entropy": binary_cross_entropy(y, p, base=base),
        "mse": mse(float(y), float(p)),
        "cross_entropy_grad": float(binary_cross_entropy_grad(y, z)),
        "mse_grad": float(binary_mse_grad(y, z)),
    }


def _wrong_region(y):
    """The p interval where a model is confidently wrong about label y."""
    return (0.0, CONFIDENTLY_WRONG) if y == 1 else (1 - CONFIDENTLY_WRONG, 1.0)


def binary_loss_figure(p, y, *, base, unit, presenter=False):
    """Loss against p for the true label y: cross-entropy -log p (or -log(1-p)) beside MSE (p - y)^2."""
    curves = binary_curves(y, base=base)
    point = binary_point(p, y, base=base)
    width = charts.line_width(presenter)
    y_cap = 5.0 / np.log(base)  # 5 nats: high enough to show the explosion, low enough to read 0.1
    ce_name = "Cross-entropy  −log p" if y == 1 else "Cross-entropy  −log(1 − p)"
    fig = go.Figure()
    fig.add_scatter(
        x=curves["p"],
        y=curves["cross_entropy"],
        name=ce_name,
        line={"color": palette.CROSS_ENTROPY, "width": width},
    )
    fig.add_scatter(
        x=curves["p"],
        y=curves["mse"],
        name="MSE  (p − y)²",
        line={"color": palette.MSE, "width": width, "dash": "dash"},
    )
    fig.add_scatter(
        x=curves["p"],
        y=curves["other_label"],
        name=f"Cross-entropy if y were {1 - y}",
        line={"color": palette.NEUTRAL, "width": width / 2, "dash": "dot"},
    )
    marker_y = min(point["cross_entropy"], y_cap)
    fig.add_trace(charts.marker(p, marker_y, name="Your prediction", presenter=presenter))
    if point["cross_entropy"] > y_cap:
        loss_text = "∞" if np.isinf(point["cross_entropy"]) else f"{point['cross_entropy']:.1f}"
        fig.add_annotation(
            x=p,
            y=y_cap,
            text=f"loss = {loss_text} {unit}",
            showarrow=True,
            ay=30,
            font={"color": palette.MARKER},
        )
    fig.update_yaxes(range=[0, y_cap * 1.05])
    fig.update_xaxes(range=[0, 1])
    return charts.style(
        fig,
        title=f"Label y = {y}: cross-entropy fines a confident<br>mistake far more than MSE does",
        x_title="p, the predicted probability that y = 1",
        y_title=f"loss ({unit})",
        presenter=presenter,
    )


def binary_gradient_figure(p, y, *, presenter=False):
    """Gradient of each loss in the logit z: p - y for cross-entropy, 2(p - y) p (1 - p) for MSE."""
    curves = binary_curves(y, base=np.e)
    point = binary_point(p, y, base=np.e)
    width = charts.line_width(presenter)
    low, high = _wrong_region(y)
    fig = go.Figure()
    fig.add_vrect(x0=low, x1=high, fillcolor=palette.MSE, opacity=0.15, line_width=0)
    fig.add_annotation(
        x=high + 0.02 if y == 1 else low - 0.02,
        y=0.95,
        showarrow=False,
        xanchor="left" if y == 1 else "right",
        text="◀ sure and wrong:<br>MSE barely learns" if y == 1 else "sure and wrong: ▶<br>MSE barely learns",
        font={"color": palette.MSE},
    )
    fig.add_scatter(
        x=curves["p"],
        y=curves["cross_entropy_grad"],
        name="Cross-entropy  p − y",
        line={"color": palette.CROSS_ENTROPY, "width": width},
    )
    fig.add_scatter(
        x=curves["p"],
        y=curves["mse_grad"],
        name="MSE  2(p − y)·p(1 − p)",
        line={"color": palette.MSE, "width": width, "dash": "dash"},
    )
    fig.add_trace(
        charts.marker(
            p,
            point["cross_entropy_grad"],
            name="Cross-entropy gradient here",
            presenter=presenter,
            color=palette.CROSS_ENTROPY,
        )
    )
    fig.add_trace(
        charts.marker(p, point["mse_grad"], name="MSE gradient here", presenter=presenter, color=palette.MSE)
    )
    fig.add_hline(y=0, line={"color": palette.NEUTRAL, "width": 1})
    fig.update_xaxes(range=[0, 1])
    fig.update_yaxes(range=[-1.05, 1.05])
    return charts.style(
        fig,
        title="The push on the logit: MSE's push fades<br>just when the model is sure and wrong",
        x_title="p, the predicted probability that y = 1",
        y_title="gradient dLoss/dz (per unit of logit)",
        presenter=presenter,
    )


def binary_table(p, y, *, base):
    """The chart as a table: both losses and gradients at landmark values of p and at the current one."""
    landmarks = np.unique(np.append([0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99], p))
    rows = [{"p": value, **binary_point(value, y, base=base)} for value in landmarks]
    return pd.DataFrame(rows).rename(
        columns={
            "cross_entropy": "cross-entropy",
            "mse": "MSE",
            "cross_entropy_grad": "CE gradient",
            "mse_grad": "MSE gradient",
        }
    )


def _latex_number(value, decimals=2):
    """A number for KaTeX, with \\infty for an infinite value."""
    text = format_number(value, decimals)
    return text.replace("-∞", r"-\infty").replace("∞", r"\infty")


def binary_worked_latex(p, y, *, units):
    """The formula with this prediction's numbers substituted, as KaTeX."""
    log = r"\ln" if units == "nats" else r"\log_2"
    loss = binary_cross_entropy(y, p, base=UNITS[units])
    log_p = safe_log(p) / np.log(UNITS[units])
    log_not_p = safe_log(1 - p) / np.log(UNITS[units])
    return (
        rf"\begin{{aligned}}\text{{CE}} &= -\big[\,y {log} p + (1-y) {log}(1-p)\,\big] \\"
        rf" &= -\big[\,{y} \cdot {log} {p:.2f} + {1 - y} \cdot {log} {1 - p:.2f}\,\big] \\"
        rf" &= -\big[\,{y} \cdot ({_latex_number(log_p, 3)})"
        rf" + {1 - y} \cdot ({_latex_number(log_not_p, 3)})\,\big] \\"
        rf" &= {_latex_number(loss, 3)}\ \text{{{units}}}\end{{aligned}}"
    )
