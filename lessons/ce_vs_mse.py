"""Cross-entropy against MSE for one binary prediction of a true label y = 1, with q = σ(z).

Cross-entropy −log q is in nats or bits; MSE (1 − q)² on a probability has no unit (it is the Brier
score of one output). Gradients are in the logit z, of the loss in nats: q − 1 and 2(q − 1) q (1 − q).
Their ratio 1 / (2 q (1 − q)) is at least 2; only its growth towards q = 0 or 1 is saturation.
"""

import functools
import math

import numpy as np
import pandas as pd

from content.text import format_loss, format_number
from core.activations import logit, sigmoid
from core.losses import binary_cross_entropy, binary_cross_entropy_grad, binary_mse_grad
from lessons import _charts as charts
from lessons import palette
from lessons.binary import VANISHING_RATIO, vanishing_region

Q_AXIS_TITLE = "q, the probability the model gives the true class"
Z_AXIS_TITLE = "z, the logit of the true class (q = σ(z))"
GRADIENT_TITLE = "∂L/∂z (cross-entropy's loss in nats)"
MSE_TITLE = "MSE (no unit)"
MSE_TICKS = (
    0.0,
    0.2,
    0.4,
    0.6,
    0.8,
    1.0,
)  # its own ticks: the right axis must not borrow the left one's grid
_EDGE = np.geomspace(1e-3, 0.05, 60)  # dense near 0 and 1, where −log q explodes and the pushes turn
Q_GRID = np.concatenate([_EDGE, np.linspace(0.05, 0.95, 181)[1:-1], 1 - _EDGE[::-1]])
Z_GRID = np.linspace(-10.0, 10.0, 401)
LOSS_CAP_NATS = 5.0  # the q chart's top: high enough to show −log q exploding, low enough to read 0.1
Q_LANDMARKS = (0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99)
Z_LANDMARKS = (-10.0, -8.0, -6.0, -4.0, -2.0, 0.0, 2.0, 4.0, 6.0, 8.0, 10.0)


def _from_logits(z, *, base):
    """Both losses and both gradients (in nats) at logits z for y = 1; z may be ±inf."""
    z = np.asarray(z, dtype=float)
    q = sigmoid(z)
    ones = np.ones_like(z)
    return {
        "z": z,
        "q": q,
        "cross_entropy": binary_cross_entropy(ones, z, from_logits=True, reduction="none", base=base),
        "mse": (1 - q) ** 2,
        "cross_entropy_grad": binary_cross_entropy_grad(ones, z) + 0.0,  # + 0.0 turns -0.0 into 0.0
        "mse_grad": binary_mse_grad(ones, z) + 0.0,
    }


def comparison(q, *, base=math.e):
    """Both losses and gradients at q, as floats, and grad_ratio = |CE gradient| / |MSE gradient|.

    grad_ratio is ∞ at q = 0 (MSE's push is 0, cross-entropy's is −1) and NaN at q = 1 (both are 0):
    sentences are chosen by state, so neither is ever printed as a number.
    """
    return dict(_point(float(q), float(base)))


@functools.lru_cache(maxsize=64)
def _point(q, base):
    """comparison() for one (q, base), computed once: a rerun asks for it from every sentence."""
    point = {name: float(value) for name, value in _from_logits(logit(q), base=base).items()}
    point["q"] = float(q)  # σ(logit(q)) can differ from q in the last bit
    ce_push, mse_push = abs(point["cross_entropy_grad"]), abs(point["mse_grad"])
    if mse_push == 0:
        point["grad_ratio"] = math.nan if ce_push == 0 else math.inf
    else:
        point["grad_ratio"] = ce_push / mse_push
    return point


@functools.lru_cache(maxsize=8)
def _curves(grid, *, base):
    """The curves against q ('q') or against z ('z'), read-only, computed once per base."""
    z = logit(Q_GRID) if grid == "q" else Z_GRID
    curves = _from_logits(z, base=base)
    if grid == "q":
        curves["q"] = Q_GRID
    for values in curves.values():
        values.flags.writeable = False
    return curves


def _push(value):
    """A gradient with at least two significant digits, so a small push never reads as -0.000."""
    value = float(value)
    if value == 0 or not math.isfinite(value):
        return format_number(value)
    return format_number(value, max(3, 1 - math.floor(math.log10(abs(value)))))


# --- sentences, chosen by state --------------------------------------------------------------------------


def ratio_shown(q):
    """The push ratio as a metric shows it: '25.5×', or in words where one or both pushes are 0."""
    ratio = comparison(q)["grad_ratio"]
    if math.isnan(ratio):
        return "both are 0"
    if math.isinf(ratio):
        return "MSE's is 0"
    return f"{format_number(ratio, 1)}×"


def loss_sentence(q, *, base, unit):
    """Both fines at q, in words that are true at q = 0 and q = 1 too."""
    point = comparison(q, base=base)
    if q == 0:
        return (
            "At q = 0 the model gave the true class no chance at all: cross-entropy's fine is infinite, "
            "while MSE charges 1, the most it ever can."
        )
    if q == 1:
        return "At q = 1 the prediction is perfect, and both fines are 0."
    return (
        f"At q = {q:.2f} cross-entropy charges **{format_loss(point['cross_entropy'], unit)}** while MSE "
        f"charges **{format_number(point['mse'])}** (no unit)."
    )


def push_sentence(q):
    """Cross-entropy's push against MSE's at q, in words that are true at q = 0 and q = 1 too."""
    point = comparison(q)
    ce_grad, mse_grad = _push(point["cross_entropy_grad"]), _push(point["mse_grad"])
    if q == 1:
        return "At q = 1 both pushes are 0: a perfect prediction needs no change."
    if q == 0:
        return (
            f"At q = 0 MSE's push is exactly 0 while cross-entropy's is {ce_grad}, its strongest: a model "
            "certain of the wrong answer gets no push at all from MSE."
        )
    times = format_number(point["grad_ratio"], 1)
    ratio = f"cross-entropy's push ({ce_grad}) is {times} times MSE's ({mse_grad})"
    if q < vanishing_region(1)[1]:
        return (
            f"Here, sure and wrong, {ratio}: MSE's push has faded to under "
            f"{VANISHING_RATIO:.0%} of cross-entropy's, so MSE barely learns."
        )
    if q >= 0.9:
        return (
            f"Here {ratio}, but both are small: the model is nearly right, so neither loss has much to fix."
        )
    return f"Here {ratio}."


def lesson_values(q, *, base, unit):
    """Every {{placeholder}} of assets/lessons/ce-vs-mse.md at q."""
    point = comparison(q, base=base)
    return {
        "q": f"{q:.2f}",
        "ce": format_loss(point["cross_entropy"], unit),
        "mse": format_number(point["mse"]),
        "ce_grad": format_number(point["cross_entropy_grad"]),
        "mse_grad": _push(point["mse_grad"]),
        "ce_grad_bits": format_number(point["cross_entropy_grad"] / math.log(2)),
        "vanishing_edge": f"{vanishing_region(1)[1]:.2f}",
        "loss_sentence": loss_sentence(q, base=base, unit=unit),
        "push_sentence": push_sentence(q),
    }


# --- tables ----------------------------------------------------------------------------------------------


def _rename(frame, unit):
    return frame.rename(
        columns={
            "cross_entropy": f"cross-entropy ({unit})",
            "mse": "MSE (no unit)",
            "cross_entropy_grad": "CE gradient ∂L/∂z (loss in nats)",
            "mse_grad": "MSE gradient ∂L/∂z",
        }
    )


def comparison_table(q, *, base=math.e, unit="nats"):
    """One row per loss: its value at q, its unit, and its gradient in the logit (of the loss in nats)."""
    point = comparison(q, base=base)
    return pd.DataFrame(
        {
            "loss": ["Cross-entropy  −log q", "MSE  (1 − q)²"],
            f"value at q = {q:.2f}": [point["cross_entropy"], point["mse"]],
            "unit": [unit, "no unit"],
            "gradient in z (loss in nats)": [point["cross_entropy_grad"], point["mse_grad"]],
        }
    )


def q_table(q, *, base=math.e, unit="nats"):
    """The charts against q as a table: both losses and gradients at landmark q and at this q."""
    landmarks = np.unique(np.append(Q_LANDMARKS, q))
    rows = [comparison(value, base=base) for value in landmarks]
    frame = pd.DataFrame(rows)[["q", "cross_entropy", "mse", "cross_entropy_grad", "mse_grad"]]
    return _rename(frame, unit)


def z_table(q, *, base=math.e, unit="nats"):
    """The chart against z as a table: both losses and gradients at landmark z and at this q's z."""
    z = float(logit(q))
    landmarks = np.unique(np.append(Z_LANDMARKS, z) if math.isfinite(z) else Z_LANDMARKS)
    frame = pd.DataFrame(_from_logits(landmarks, base=base))
    return _rename(frame, unit)


# --- alt sentences ---------------------------------------------------------------------------------------


def loss_alt(q, *, base, unit):
    """The loss-against-q chart in one sentence, with this q's numbers."""
    point = comparison(q, base=base)
    shape = (
        f"Cross-entropy −log q (left axis, {unit}) falls from infinity at q = 0 to 0 at q = 1; "
        "MSE (1 − q)² (right axis, no unit) falls from 1 to 0."
    )
    if q == 0:
        return f"{shape} At q = 0 cross-entropy is infinite (drawn at the top edge) and MSE is 1."
    return (
        f"{shape} At q = {q:.2f} cross-entropy is {format_loss(point['cross_entropy'], unit)} "
        f"and MSE is {format_number(point['mse'])}."
    )


def gradient_alt(q):
    """The gradient-against-q chart in one sentence, with this q's numbers."""
    point = comparison(q)
    strongest = comparison(1 / 3)["mse_grad"]
    return (
        "The push on the logit z, of the loss in nats: cross-entropy's q − 1 runs in a straight line from −1 "
        "at q = 0 to 0 at q = 1; MSE's 2(q − 1)q(1 − q) is 0 at both ends and strongest at q = 1/3, "
        f"{format_number(strongest)}. At q = {q:.2f} they are {_push(point['cross_entropy_grad'])} "
        f"and {_push(point['mse_grad'])}."
    )


def logit_alt(q, *, base, unit):
    """The chart against z in one sentence, with its left end's numbers and this q's z."""
    left = {name: float(values[0]) for name, values in _curves("z", base=base).items()}
    z = float(logit(q))
    if math.isinf(z):
        here = f"This q = {q:.0f} sits at z = {'−' if z < 0 else '+'}∞, off the chart."
    else:
        point = comparison(q, base=base)
        here = (
            f"This q = {q:.2f} sits at z = {format_number(z, 2)}: cross-entropy "
            f"{format_loss(point['cross_entropy'], unit)} "
            f"with push {_push(point['cross_entropy_grad'])}, "
            f"MSE {format_number(point['mse'])} with push {_push(point['mse_grad'])}."
        )
    return (
        f"Both losses and both pushes against the logit z from {left['z']:.0f} to {Z_GRID[-1]:.0f}. "
        "Towards very negative z cross-entropy becomes a straight line with push near −1, while MSE "
        f"flattens at 1 and its push fades to 0: at z = {left['z']:.0f} cross-entropy is "
        f"{format_loss(left['cross_entropy'], unit)} with push {format_number(left['cross_entropy_grad'])}, "
        f"MSE {format_number(left['mse'])} with push {_push(left['mse_grad'])}. {here}"
    )


# --- figures ---------------------------------------------------------------------------------------------


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


def loss_figure(q, *, base, unit, presenter=False, log_scale=False):
    """−log q (left axis, in the unit) beside (1 − q)² (right axis, no unit), against q."""
    curves = _curves("q", base=base)
    point = comparison(q, base=base)
    cap = LOSS_CAP_NATS / math.log(base)
    traces = [
        charts.line(
            curves["q"],
            curves["cross_entropy"],
            name="Cross-entropy  −log q",
            color=palette.CROSS_ENTROPY,
            presenter=presenter,
        ),
        charts.line(
            curves["q"],
            curves["mse"],
            name="MSE  (1 − q)², right axis",
            color=palette.MSE,
            presenter=presenter,
            dash="dash",
        )
        | {"yaxis": "y2"},
        *_your_markers(q, point, cap=cap, presenter=presenter),
    ]
    if log_scale:
        left = {"type": "log", "range": [-4, math.log10(cap * 1.05)]}
        right = {"type": "log", "range": [-4, math.log10(1.05)], "tickvals": [1e-4, 1e-3, 1e-2, 0.1, 1]}
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
        title="As q → 0, cross-entropy's fine grows without limit;<br>MSE's never passes 1",
        x_title=Q_AXIS_TITLE,
        y_title=f"cross-entropy ({unit})",
        presenter=presenter,
        layout={
            "xaxis": {"range": [0, 1]},
            "yaxis": left,
            "yaxis2": right
            | {"overlaying": "y", "side": "right", "showgrid": False, "title": {"text": MSE_TITLE}},
            "annotations": annotations,
        },
    )


def gradient_figure(q, *, presenter=False):
    """The push on the logit against q: q − 1 for cross-entropy, 2(q − 1) q (1 − q) for MSE."""
    curves = _curves("q", base=math.e)
    point = comparison(q)
    low, high = vanishing_region(1)
    traces = [
        charts.line(
            curves["q"],
            curves["cross_entropy_grad"],
            name="Cross-entropy  q − 1",
            color=palette.CROSS_ENTROPY,
            presenter=presenter,
        ),
        charts.line(
            curves["q"],
            curves["mse_grad"],
            name="MSE  2(q − 1)·q(1 − q)",
            color=palette.MSE,
            presenter=presenter,
            dash="dash",
        ),
        charts.marker(
            q,
            point["cross_entropy_grad"],
            name="your q: cross-entropy",
            presenter=presenter,
            color=palette.CROSS_ENTROPY,
        ),
        charts.marker(q, point["mse_grad"], name="your q: MSE", presenter=presenter, color=palette.MSE),
    ]
    note = {
        "x": high + 0.02,
        "y": 0.95,
        "showarrow": False,
        "xanchor": "left",
        "font": {"color": palette.MSE},
        "text": "◀ sure and wrong:<br>MSE barely learns",
    }
    return charts.figure(
        traces,
        title="The push on the logit: MSE's push fades<br>just when the model is sure and wrong",
        x_title=Q_AXIS_TITLE,
        y_title=GRADIENT_TITLE,
        presenter=presenter,
        layout={
            "xaxis": {"range": [0, 1]},
            "yaxis": {"range": [-1.05, 1.05]},
            "shapes": [charts.vband(low, high, color=palette.MSE), charts.hline(0)],
            "annotations": [note],
        },
    )


def logit_figure(q, *, base, unit, presenter=False):
    """Against the logit z: both losses (top; MSE on its own axis) and both pushes (bottom)."""
    curves = _curves("z", base=base)
    z = float(logit(q))
    top = float(curves["cross_entropy"][0]) * 1.05
    traces = [
        charts.line(
            curves["z"],
            curves["cross_entropy"],
            name="Cross-entropy",
            color=palette.CROSS_ENTROPY,
            presenter=presenter,
        ),
        charts.line(
            curves["z"],
            curves["mse"],
            name="MSE, right axis",
            color=palette.MSE,
            presenter=presenter,
            dash="dash",
        )
        | {"yaxis": "y2"},
        charts.line(
            curves["z"],
            curves["cross_entropy_grad"],
            name="Cross-entropy push",
            color=palette.CROSS_ENTROPY,
            presenter=presenter,
            thin=True,
        )
        | {"yaxis": "y3"},
        charts.line(
            curves["z"],
            curves["mse_grad"],
            name="MSE push",
            color=palette.MSE,
            presenter=presenter,
            dash="dash",
            thin=True,
        )
        | {"yaxis": "y3"},
    ]
    annotations = [
        {
            "xref": "paper",
            "yref": "paper",
            "x": 0.5,
            "y": 0.42,
            "yanchor": "bottom",
            "showarrow": False,
            "text": "the pushes ∂L/∂z (cross-entropy's loss in nats)",
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
        title="Against the logit z: when wrong, cross-entropy<br>"
        "is a straight line, MSE a plateau with no push",
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
                "title": {"text": "push ∂L/∂z"},
            },
            "annotations": annotations,
            "shapes": [charts.hline(0) | {"yref": "y3"}],
        },
    )
