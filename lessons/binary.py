"""The binary cross-entropy lesson: loss curves, their gradients, a table and the worked computation."""

import functools
import math

import numpy as np
import pandas as pd

from content.text import UNITS, format_gradient, format_loss, format_number, format_positive
from core.activations import logit
from core.losses import binary_cross_entropy, binary_cross_entropy_grad, binary_mse_grad, mse, safe_log
from lessons import _charts as charts
from lessons import palette

# The views a teacher wants to show in one click: the page's preset buttons (name: widget values).
PRESETS = {
    "Sure, right": {"y": 1, "q": 0.9},
    "Sure, wrong": {"y": 1, "q": 0.1},
    "Real email → spam": {"y": 0, "q": 0.98},
    "log 0: certain, wrong": {"y": 1, "q": 0.0},
}
ASKED = "Real email → spam"  # the preset the predict box asks about

EDGE = np.geomspace(1e-3, 0.05, 60)  # dense near 0 and 1, where -log q explodes
P_GRID = np.concatenate([EDGE, np.linspace(0.05, 0.95, 181)[1:-1], 1 - EDGE[::-1]])
VANISHING_RATIO = 0.2  # MSE's push counts as "vanished" below a fifth of cross-entropy's
P_AXIS_TITLE = "q, the predicted probability that y = 1"
LANDMARKS = (0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0)  # the rows of the chart tables
LOG_NAMES = {"nats": "ln", "bits": "log₂"}
GRADIENT_TITLE = "∂ℓ/∂z (CE, nats), ∂ℓ_MSE/∂z (no unit)"  # MSE's push has no unit either way
MSE_TITLE = "MSE (no unit, own scale)"  # its axis is not the loss's: a higher curve does not charge more
CE_GRADIENT_LABEL = "CE ∂ℓ/∂z, of the loss in nats"  # in bits too: q − y is the gradient of the loss in nats
MSE_GRADIENT_LABEL = "MSE ∂ℓ_MSE/∂z (no unit)"  # ℓ is cross-entropy's loss (the card)
MSE_HELP = (  # where the term first appears on a page, before any lesson text explains it
    "Mean squared error: the squared gap (q − y)² between the predicted probability and the label. "
    "A plain number with no unit, never above 1."
)
MSE_TICKS = (
    0.0,
    0.2,
    0.4,
    0.6,
    0.8,
    1.0,
)  # its own ticks: the right axis must not borrow the left one's grid


def legend_below_axis_title(presenter=False):
    """The legend moved clear of a long x-axis title, which the house position lets it touch on a phone."""
    return {"y": -0.4 if presenter else -0.32}


@functools.lru_cache(maxsize=16)
def binary_curves(y, *, base):
    """Cross-entropy and MSE for label `y` at every q of P_GRID, with both gradients in the logit.

    The same few curves serve every rerun and every visitor, so they are computed once and made read-only.
    """
    labels = np.full_like(P_GRID, float(y))
    z = logit(P_GRID)
    curves = {
        "q": P_GRID,
        "cross_entropy": binary_cross_entropy(labels, P_GRID, reduction="none", base=base),
        "other_label": binary_cross_entropy(1 - labels, P_GRID, reduction="none", base=base),
        "mse": mse(labels, P_GRID, reduction="none"),
        "cross_entropy_grad": binary_cross_entropy_grad(labels, z),
        "mse_grad": binary_mse_grad(labels, z),
    }
    for values in curves.values():
        values.flags.writeable = False
    return curves


def binary_point(q, y, *, base):
    """Both losses and both logit gradients at one prediction q for label y (gradients of the nats loss)."""
    z = logit(q)
    return {
        "cross_entropy": binary_cross_entropy(y, q, base=base),
        "mse": mse(float(y), float(q)),
        "cross_entropy_grad": float(binary_cross_entropy_grad(y, z)) + 0.0,  # + 0.0 turns -0.0 into 0.0
        "mse_grad": float(binary_mse_grad(y, z)) + 0.0,
    }


def vanishing_region(y):
    """The q interval where the model is wrong and MSE's push is under VANISHING_RATIO of cross-entropy's.

    |MSE gradient| / |CE gradient| = 2 q (1 - q), so the edge solves 2 q (1 - q) = VANISHING_RATIO.
    """
    edge = (1 - math.sqrt(1 - 2 * VANISHING_RATIO)) / 2
    return (0.0, edge) if y == 1 else (1 - edge, 1.0)


def ce_and_mse_lines(curves, x, *, names, presenter=False, gradients=False, axes=("y", "y"), thin=False):
    """Cross-entropy's curve (solid) beside MSE's (dashed) against curves[x], each in its colour, as trace
    dicts; with `gradients`, their pushes on the logit instead. `axes` names each one's y-axis."""
    suffix = "_grad" if gradients else ""
    styles = (("cross_entropy", palette.CROSS_ENTROPY, None), ("mse", palette.MSE, "dash"))
    return [
        charts.line(
            curves[x],
            curves[loss + suffix],
            name=name,
            color=color,
            presenter=presenter,
            dash=dash,
            thin=thin,
        )
        | {"yaxis": axis}
        for (loss, color, dash), name, axis in zip(styles, names, axes, strict=True)
    ]


@charts.remembered
def binary_loss_figure(
    q, y, *, base, unit, presenter=False, log_scale=False, symbol="q", x_title=P_AXIS_TITLE, title=None
):
    """Loss against q for the true label y: cross-entropy -log q (or -log(1 - q)) beside MSE (q - y)^2.

    `symbol`, `x_title` and `title` let another lesson name the same curves its own way; a log scale
    or a custom title hides the other label's curve, which would only clutter it.
    """
    curves = binary_curves(y, base=base)
    point = binary_point(q, y, base=base)
    y_cap = 5.0 / np.log(base)  # 5 nats: high enough to show the explosion, low enough to read 0.1
    ce_name = f"Cross-entropy: −log {symbol}" if y == 1 else f"Cross-entropy: −log(1 − {symbol})"
    traces = ce_and_mse_lines(
        curves,
        "q",
        names=(ce_name, f"MSE: ({symbol} − {y})², right axis, own scale"),
        presenter=presenter,
        axes=("y", "y2"),
    )
    if not log_scale and title is None:
        traces.append(
            charts.line(
                curves["q"],
                curves["other_label"],
                name=f"Cross-entropy if y were {1 - y}",
                color=palette.NEUTRAL,
                presenter=presenter,
                dash="dot",
                thin=True,
            )
        )
    traces.append(
        charts.marker(q, min(point["cross_entropy"], y_cap), name="Your prediction", presenter=presenter)
    )
    annotations = []
    if point["cross_entropy"] > y_cap:
        loss_text = "∞" if np.isinf(point["cross_entropy"]) else f"{point['cross_entropy']:.1f}"
        annotations.append(
            {
                "x": q,
                "y": y_cap,
                "text": f"loss = {loss_text} {unit}",
                "showarrow": True,
                "ay": 30,
                "ax": -60 if q > 0.5 else 60,  # the label leans inwards, so it is never cut at an edge
                "font": {"color": palette.MARKER},
            }
        )
    if log_scale:
        y_axis = {"type": "log", "range": [-4, np.log10(y_cap * 1.05)]}
        mse_axis = {"type": "log", "range": [-4, np.log10(1.05)], "tickvals": [1e-4, 1e-3, 1e-2, 0.1, 1]}
    else:
        y_axis, mse_axis = {"range": [0, y_cap * 1.05]}, {"range": [0, 1.05], "tickvals": MSE_TICKS}
    mse_axis |= {"overlaying": "y", "side": "right", "showgrid": False, "title": {"text": MSE_TITLE}}
    return charts.figure(
        traces,
        # Shapes, not sizes: a loss in nats and a unitless MSE sit on two axes and are not compared by height.
        title=title
        or f"Label y = {y}: cross-entropy's fine has no limit for a confident mistake; MSE never passes 1",
        x_title=x_title,
        y_title=f"cross-entropy ({unit})",
        presenter=presenter,
        layout={
            "xaxis": {"range": [0, 1]},
            "yaxis": y_axis,
            "yaxis2": mse_axis,
            "annotations": annotations,
            "legend": legend_below_axis_title(presenter),
        },
    )


@charts.remembered
def binary_gradient_figure(
    q,
    y,
    *,
    presenter=False,
    symbol="q",
    x_title=P_AXIS_TITLE,
    unit="nats",
    y_title=None,
    here=("Cross-entropy gradient here", "MSE gradient here"),
):
    """Gradient of each loss in the logit z: q - y for cross-entropy (in nats), 2(q - y) q (1 - q) for MSE.

    The CE vs MSE page draws the same chart for y = 1 with its own axis title and marker names.
    """
    curves = binary_curves(y, base=np.e)
    point = binary_point(q, y, base=np.e)
    low, high = vanishing_region(y)
    note = {
        "x": high + 0.02 if y == 1 else low - 0.02,
        "y": 0.95 if y == 1 else -0.95,  # across the axis from the curves, which lie below 0 for y = 1
        "showarrow": False,
        "xanchor": "left" if y == 1 else "right",
        "font": {"color": palette.MSE},
        "text": "◀ sure and wrong: MSE's<br>push under ⅕ of CE's"
        if y == 1
        else "sure and wrong: MSE's ▶<br>push under ⅕ of CE's",
    }
    names = (f"Cross-entropy: {symbol} − {y}", f"MSE: 2({symbol} − {y})·{symbol}(1 − {symbol})")
    traces = [
        *ce_and_mse_lines(curves, "q", names=names, presenter=presenter, gradients=True),
        charts.marker(
            q,
            point["cross_entropy_grad"],
            name=here[0],
            presenter=presenter,
            color=palette.CROSS_ENTROPY,
        ),
        charts.marker(q, point["mse_grad"], name=here[1], presenter=presenter, color=palette.MSE),
    ]
    if presenter:  # the long title would run past a projected plot's height: the chart's title names the push
        y_title = "push"
    elif y_title is None:
        y_title = GRADIENT_TITLE
    return charts.figure(
        traces,
        title="The push on the logit: MSE's push fades<br>just when the model is sure and wrong",
        x_title=x_title,
        y_title=y_title,
        presenter=presenter,
        layout={
            "xaxis": {"range": [0, 1]},
            "yaxis": {"range": [-1.05, 1.05]},
            "legend": legend_below_axis_title(presenter),
            "shapes": [charts.vband(low, high, color=palette.MSE), charts.hline(0)],
            "annotations": [note],
        },
    )


def _landmarks(q):
    """The tables' rows: a few telling values of q and the current one."""
    return np.unique(np.append(LANDMARKS, q))


def binary_table(q, y, *, base, unit="nats"):
    """The loss chart as a table: cross-entropy and MSE at landmark values of q and at the current one."""
    rows = [
        {
            "q": value,
            f"cross-entropy ({unit})": point["cross_entropy"],
            "MSE (no unit)": point["mse"],
        }
        for value in _landmarks(q)
        for point in [binary_point(value, y, base=base)]
    ]
    return pd.DataFrame(rows)


def binary_gradient_table(q, y):
    """The gradient chart as a table: both gradients in the logit (cross-entropy's of the loss in nats)."""
    rows = [
        {
            "q": value,
            f"cross-entropy gradient q − {y} (loss in nats)": point["cross_entropy_grad"],
            "MSE gradient": point["mse_grad"],
        }
        for value in _landmarks(q)
        for point in [binary_point(value, y, base=np.e)]
    ]
    return pd.DataFrame(rows)


def _cost(loss, unit):
    """'0.357 nats', or 'an infinite loss' in words, for a sentence."""
    return "an infinite loss" if math.isinf(loss) else format_loss(loss, unit)


def binary_loss_alt(q, y, *, base, unit):
    """What the loss chart shows, with this prediction's numbers, in one sentence for a screen reader."""
    point = binary_point(q, y, base=base)
    log = LOG_NAMES[unit]
    if y == 1:
        shape = (
            f"Cross-entropy −{log} q falls from infinity at q = 0 to 0 at q = 1, "
            "while MSE (q − 1)² falls from 1 to 0"
        )
    else:
        shape = (
            f"Cross-entropy −{log}(1 − q) rises from 0 at q = 0 to infinity at q = 1, "
            "while MSE q² rises from 0 to 1"
        )
    return (
        f"{shape}. This prediction, q = {q:.2f} with label y = {y}, costs "
        f"{_cost(point['cross_entropy'], unit)} in cross-entropy and {format_positive(point['mse'])} "
        "in MSE, which has no unit."
    )


def binary_gradient_alt(q, y, *, unit):
    """What the gradient chart shows, with this prediction's numbers, in one sentence for a screen reader."""
    point = binary_point(q, y, base=np.e)
    low, high = vanishing_region(y)
    if y == 1:
        line = "q − 1, rises in a straight line from −1 at q = 0 to 0 at q = 1"
        region = f"q below {high:.2f}"
    else:
        line = "q − y = q, rises in a straight line from 0 at q = 0 to 1 at q = 1"
        region = f"q above {low:.2f}"
    nats = " Cross-entropy's is the gradient of the loss in nats." if unit != "nats" else ""
    return (
        f"Cross-entropy's push on the logit, {line}. MSE's push, 2(q − {y})·q(1 − q), is 0 at both ends and "
        f"less than a fifth of cross-entropy's where the filter is sure and wrong ({region}). "
        f"Here, at q = {q:.2f}, they are {format_gradient(point['cross_entropy_grad'])} and "
        f"{format_gradient(point['mse_grad'])}.{nats}"
    )


def gradient_comparison(q, y):
    """A sentence comparing the two pushes at q: their ratio 1 / (2 q (1 - q)), or the case of a 0."""
    point = binary_point(q, y, base=np.e)
    ce, mse_push = abs(point["cross_entropy_grad"]), abs(point["mse_grad"])
    if ce == 0:
        return "Both pushes are 0 here: the filter is certain and right, so neither loss asks it to change."
    if mse_push == 0:
        return (
            f"Here MSE's push is exactly 0, while cross-entropy's is q − y = "
            f"{format_number(point['cross_entropy_grad'])}, the largest it can be: "
            "MSE gives a filter that is certain and wrong no push at all."
        )
    return (
        f"Measured on the loss in nats, cross-entropy's push is {format_number(ce / mse_push, 1)} times "
        "MSE's here: "
        "the ratio is 1 / (2q(1 − q)), never below 2 and without bound as q nears 0 or 1."
    )


def gradient_unit_note(units):
    """In bits, a caption saying which loss the gradients belong to; None in nats."""
    if units == "nats":
        return None
    return (
        "The gradients are of the loss in nats, as q − y gives them; of the loss in bits, cross-entropy's "
        "would be 1/ln 2 ≈ 1.443 times larger. MSE has no unit, so its gradient is the same in both."
    )


def _latex_number(value, decimals=2):
    """A number for KaTeX, with \\infty for an infinite value."""
    text = format_number(value, decimals)
    return text.replace("-∞", r"-\infty").replace("∞", r"\infty")


def _latex_term(weight, log_value):
    """One term of the sum with its number, 'w · (log)', or 0 when its weight w is 0 (0 log 0 = 0)."""
    return "0" if weight == 0 else rf"{weight} \cdot ({_latex_number(log_value, 3)})"


def zero_log_zero_note(q, y):
    """Under the worked sum, when its switched-off term is 0 · log 0 (y = 1 at q = 1, y = 0 at q = 0): why
    it counts as 0, beside a sentence that says log 0 is minus infinity. None otherwise."""
    if (y == 1 and q == 1) or (y == 0 and q == 0):
        weight, off = ("1 − y", "1 − q") if y == 1 else ("y", "q")
        return (
            f"The switched-off term is 0 · log 0 (its weight {weight} is 0, and so is {off}). "
            "It counts as 0, not as minus infinity: x · log x goes to 0 as x goes to 0, so a term with "
            "weight 0 adds nothing."
        )
    return None


def binary_worked_latex(q, y, *, units):
    """ℓ = -[y log q + (1 - y) log(1 - q)] with this prediction's numbers substituted, as KaTeX."""
    log = r"\ln" if units == "nats" else r"\log_2"
    loss = binary_cross_entropy(y, q, base=UNITS[units])
    log_q = safe_log(q) / np.log(UNITS[units])
    log_not_q = safe_log(1 - q) / np.log(UNITS[units])
    ell = r"\ell" if units == "nats" else r"\ell_{\text{bits}}"  # ℓ is the loss in nats (the notation card)
    return (
        rf"\begin{{aligned}}{ell} &= -\big[\,y {log} q + (1-y) {log}(1-q)\,\big] \\"
        rf" &= -\big[\,{y} \cdot {log} {q:.2f} + {1 - y} \cdot {log} {1 - q:.2f}\,\big] \\"
        rf" &= -\big[\,{_latex_term(y, log_q)} + {_latex_term(1 - y, log_not_q)}\,\big] \\"
        rf" &= {_latex_number(loss, 3)}\ \text{{{units}}}\end{{aligned}}"
    )


@functools.lru_cache(maxsize=32)
def binary_readings(grid, y, *, base, unit, gradients):
    """What /binary's live slider shows at each q of `grid`: both losses (with gradients, both pushes on the
    logit), the sentence a screen reader hears, and cross-entropy's curve, held at the loss chart's top."""
    points = [binary_point(q, y, base=base) for q in grid]
    names = {"cross_entropy": "Cross-entropy", "mse": "MSE"}
    if gradients:
        names |= {"cross_entropy_grad": CE_GRADIENT_LABEL, "mse_grad": MSE_GRADIENT_LABEL}
    shown = {  # each as the page's metric writes it
        "cross_entropy": lambda value: format_loss(value, unit),
        "mse": format_positive,
        "cross_entropy_grad": format_gradient,
        "mse_grad": format_gradient,
    }
    readouts = tuple((name, tuple(shown[field](p[field]) for p in points)) for field, name in names.items())
    aria = tuple(
        f"q = {q:.2f}: cross-entropy {format_loss(p['cross_entropy'], unit)} for the label y = {y}, "
        f"MSE {format_positive(p['mse'])}"
        for q, p in zip(grid, points, strict=True)
    )
    curve = tuple(p["cross_entropy"] for p in points)
    return {"readouts": readouts, "aria": aria, "curve": curve, "cap": 5.0 / math.log(base)}
