"""The binary cross-entropy lesson: loss curves, their gradients, a table and the worked computation."""

import functools
import math

import numpy as np
import pandas as pd

from core import charts, palette
from core.activations import logit
from core.gradients import binary_cross_entropy_grad, binary_mse_grad
from core.losses import binary_cross_entropy, mse, safe_log
from core.text import UNITS, format_number

EDGE = np.geomspace(1e-3, 0.05, 60)  # dense near 0 and 1, where -log p explodes
P_GRID = np.concatenate([EDGE, np.linspace(0.05, 0.95, 181)[1:-1], 1 - EDGE[::-1]])
VANISHING_RATIO = 0.2  # MSE's push counts as "vanished" below a fifth of cross-entropy's
P_AXIS_TITLE = "p, the predicted probability that y = 1"


@functools.lru_cache(maxsize=16)
def binary_curves(y, *, base):
    """Cross-entropy and MSE for label `y` at every p of P_GRID, with both gradients in the logit.

    The same few curves serve every rerun and every visitor, so they are computed once and made read-only.
    """
    labels = np.full_like(P_GRID, float(y))
    z = logit(P_GRID)
    curves = {
        "p": P_GRID,
        "cross_entropy": binary_cross_entropy(labels, P_GRID, reduction="none", base=base),
        "other_label": binary_cross_entropy(1 - labels, P_GRID, reduction="none", base=base),
        "mse": mse(labels, P_GRID, reduction="none"),
        "cross_entropy_grad": binary_cross_entropy_grad(labels, z),
        "mse_grad": binary_mse_grad(labels, z),
    }
    for values in curves.values():
        values.flags.writeable = False
    return curves


def binary_point(p, y, *, base):
    """Both losses and both logit gradients at one prediction p for label y."""
    z = logit(p)
    return {
        "cross_entropy": binary_cross_entropy(y, p, base=base),
        "mse": mse(float(y), float(p)),
        "cross_entropy_grad": float(binary_cross_entropy_grad(y, z)),
        "mse_grad": float(binary_mse_grad(y, z)),
    }


def vanishing_region(y):
    """The p interval where the model is wrong and MSE's push is under VANISHING_RATIO of cross-entropy's.

    |MSE gradient| / |CE gradient| = 2 p (1 - p), so the edge solves 2 p (1 - p) = VANISHING_RATIO.
    """
    edge = (1 - math.sqrt(1 - 2 * VANISHING_RATIO)) / 2
    return (0.0, edge) if y == 1 else (1 - edge, 1.0)


def binary_loss_figure(
    p, y, *, base, unit, presenter=False, log_scale=False, symbol="p", x_title=P_AXIS_TITLE, title=None
):
    """Loss against p for the true label y: cross-entropy -log p (or -log(1-p)) beside MSE (p - y)^2.

    `symbol`, `x_title` and `title` let another lesson name the same curves its own way; a log scale
    or a custom title hides the other label's curve, which would only clutter it.
    """
    curves = binary_curves(y, base=base)
    point = binary_point(p, y, base=base)
    y_cap = 5.0 / np.log(base)  # 5 nats: high enough to show the explosion, low enough to read 0.1
    ce_name = f"Cross-entropy  −log {symbol}" if y == 1 else f"Cross-entropy  −log(1 − {symbol})"
    traces = [
        charts.line(
            curves["p"],
            curves["cross_entropy"],
            name=ce_name,
            color=palette.CROSS_ENTROPY,
            presenter=presenter,
        ),
        charts.line(
            curves["p"],
            curves["mse"],
            name=f"MSE  ({symbol} − {y})²",
            color=palette.MSE,
            presenter=presenter,
            dash="dash",
        ),
    ]
    if not log_scale and title is None:
        traces.append(
            charts.line(
                curves["p"],
                curves["other_label"],
                name=f"Cross-entropy if y were {1 - y}",
                color=palette.NEUTRAL,
                presenter=presenter,
                dash="dot",
                thin=True,
            )
        )
    traces.append(
        charts.marker(p, min(point["cross_entropy"], y_cap), name="Your prediction", presenter=presenter)
    )
    annotations = []
    if point["cross_entropy"] > y_cap:
        loss_text = "∞" if np.isinf(point["cross_entropy"]) else f"{point['cross_entropy']:.1f}"
        annotations.append(
            {
                "x": p,
                "y": y_cap,
                "text": f"loss = {loss_text} {unit}",
                "showarrow": True,
                "ay": 30,
                "font": {"color": palette.MARKER},
            }
        )
    y_axis = (
        {"type": "log", "range": [-4, np.log10(y_cap * 1.05)]} if log_scale else {"range": [0, y_cap * 1.05]}
    )
    return charts.figure(
        traces,
        title=title or f"Label y = {y}: cross-entropy fines a confident<br>mistake far more than MSE does",
        x_title=x_title,
        y_title=f"loss ({unit})",
        presenter=presenter,
        layout={"xaxis": {"range": [0, 1]}, "yaxis": y_axis, "annotations": annotations},
    )


def binary_gradient_figure(p, y, *, presenter=False, symbol="p", x_title=P_AXIS_TITLE):
    """Gradient of each loss in the logit z: p - y for cross-entropy, 2(p - y) p (1 - p) for MSE."""
    curves = binary_curves(y, base=np.e)
    point = binary_point(p, y, base=np.e)
    low, high = vanishing_region(y)
    note = {
        "x": high + 0.02 if y == 1 else low - 0.02,
        "y": 0.95,
        "showarrow": False,
        "xanchor": "left" if y == 1 else "right",
        "font": {"color": palette.MSE},
        "text": "◀ sure and wrong:<br>MSE barely learns"
        if y == 1
        else "sure and wrong: ▶<br>MSE barely learns",
    }
    traces = [
        charts.line(
            curves["p"],
            curves["cross_entropy_grad"],
            name=f"Cross-entropy  {symbol} − {y}",
            color=palette.CROSS_ENTROPY,
            presenter=presenter,
        ),
        charts.line(
            curves["p"],
            curves["mse_grad"],
            name=f"MSE  2({symbol} − {y})·{symbol}(1 − {symbol})",
            color=palette.MSE,
            presenter=presenter,
            dash="dash",
        ),
        charts.marker(
            p,
            point["cross_entropy_grad"],
            name="Cross-entropy gradient here",
            presenter=presenter,
            color=palette.CROSS_ENTROPY,
        ),
        charts.marker(p, point["mse_grad"], name="MSE gradient here", presenter=presenter, color=palette.MSE),
    ]
    return charts.figure(
        traces,
        title="The push on the logit: MSE's push fades<br>just when the model is sure and wrong",
        x_title=x_title,
        y_title="gradient dLoss/dz",
        presenter=presenter,
        layout={
            "xaxis": {"range": [0, 1]},
            "yaxis": {"range": [-1.05, 1.05]},
            "shapes": [charts.vband(low, high, color=palette.MSE), charts.hline(0)],
            "annotations": [note],
        },
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
