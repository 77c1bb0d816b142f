"""Cross-entropy against MSE for one binary prediction of a true label y = 1, with q = σ(z).

Cross-entropy −log q is in nats or bits; MSE (1 − q)² on a probability has no unit (it is the Brier
score of one output). Gradients are in the logit z, of the loss in nats: q − 1 and 2(q − 1) q (1 − q).
Their ratio 1 / (2 q (1 − q)) is at least 2; only its growth towards q = 0 or 1 is saturation.
"""

import functools
import math

import numpy as np
import pandas as pd

from content.lesson_files import lesson
from content.text import format_gradient, format_loss, format_number, format_positive
from core.activations import logit, sigmoid
from core.losses import binary_cross_entropy, binary_cross_entropy_grad, binary_mse_grad
from lessons.binary import VANISHING_RATIO, vanishing_region

# The views a teacher wants to show in one click: the page's preset buttons (name: widget values).
PRESETS = {
    "q = 0.95, sure and right": {"q": 0.95},
    "q = 0.5": {"q": 0.5},
    "q = 0.02, sure and wrong": {"q": 0.02},
}

_EDGE = np.geomspace(1e-3, 0.05, 60)  # dense near 0 and 1, where −log q explodes and the pushes turn
Q_GRID = np.concatenate([_EDGE, np.linspace(0.05, 0.95, 181)[1:-1], 1 - _EDGE[::-1]])
Z_GRID = np.linspace(-10.0, 10.0, 401)
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
def curve_values(grid, *, base):
    """The curves against q ('q') or against z ('z'), read-only, computed once per base."""
    z = logit(Q_GRID) if grid == "q" else Z_GRID
    curves = _from_logits(z, base=base)
    if grid == "q":
        curves["q"] = Q_GRID
    for values in curves.values():
        values.flags.writeable = False
    return curves


def push_numbers(query):
    """The sentence the plan's point and class mode's explanation both quote, at the q of a link's query:
    MSE's push as a share of cross-entropy's, 2q(1 − q), and how many times weaker it is.

    Examples
    --------
    >>> push_numbers({"q": "0.02"})["push_compared"][:72]
    "Squared error's push is cross-entropy's times 2q(1 − q) = 0.039 here: 25"
    """
    point = comparison(float(query["q"]))
    share = format_gradient(point["mse_grad"] / point["cross_entropy_grad"])
    return {
        "push_compared": (
            f"Squared error's push is cross-entropy's times 2q(1 − q) = {share} here: "
            f"{format_number(point['grad_ratio'], 1)} times weaker (cross-entropy's push is of its loss in "
            "nats; squared error's has no unit)."
        )
    }


# --- what waits for the prediction's guess: its question asks whose push is stronger --------------------

HIDDEN_RATIO = "after your guess"
HIDDEN_HELP = "Lock in your guess in Predict, then reveal first: this number answers its question."
HIDDEN_CHARTS = (
    "The two charts of the pushes, against q and against the logit z, appear once you lock in your guess in "
    "**Predict, then reveal**: they show its answer."
)
HIDDEN_TEXT = (
    "*How the two pushes compare, and why, follows here once you lock in your guess in* "
    "**Predict, then reveal** *above.*"
)


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
        f"charges **{format_positive(point['mse'])}** (no unit)."
    )


def push_sentence(q, unit="nats"):
    """Cross-entropy's push against MSE's at q, in words that are true at q = 0 and q = 1 too; in bits it says
    the push is of the loss in nats."""
    point = comparison(q)
    of_nats = " (pushes of the loss in nats)" if unit == "bits" else ""
    ce_grad, mse_grad = format_gradient(point["cross_entropy_grad"]), format_gradient(point["mse_grad"])
    if q == 1:
        return "At q = 1 both pushes are 0: a perfect prediction needs no change."
    if q == 0:
        return (
            f"At q = 0 MSE's push is exactly 0 while cross-entropy's is {ce_grad}{of_nats}, its strongest: a "
            "model certain of the wrong answer gets no push at all from MSE."
        )
    times = format_number(point["grad_ratio"], 1)
    ratio = f"cross-entropy's push ({ce_grad}) is {times} times MSE's ({mse_grad}){of_nats}"
    if q < vanishing_region(1)[1]:
        return (
            f"Here, sure and wrong, {ratio}: MSE's push has faded to under {VANISHING_RATIO:.0%} of "
            "cross-entropy's, so here MSE learns far more slowly than cross-entropy."
        )
    if q >= 0.9:
        return (
            f"Here {ratio}, but both are small: the model is nearly right, so neither loss has much to fix."
        )
    return f"Here {ratio}."


def lesson_values(q, *, base, unit, depth="Basic", hidden=False):
    """Every {{placeholder}} of assets/lessons/ce-vs-mse.md at q; {{pushes}} is the depth's pushes section,
    or, while the page's prediction waits for a guess (`hidden`), a note that it follows the guess."""
    point = comparison(q, base=base)
    values = {
        "q": f"{q:.2f}",
        "ce": format_loss(point["cross_entropy"], unit),
        "mse": format_positive(point["mse"]),
        "ce_grad": format_gradient(point["cross_entropy_grad"]),
        "mse_grad": format_gradient(point["mse_grad"]),
        "ce_grad_bits": format_number(point["cross_entropy_grad"] / math.log(2)),
        "vanishing_edge": f"{vanishing_region(1)[1]:.2f}",
        "loss_sentence": loss_sentence(q, base=base, unit=unit),
        "push_sentence": push_sentence(q, unit),
        "of_nats": " (of the loss in nats)" if unit == "bits" else "",
    }
    return values | {"pushes": HIDDEN_TEXT if hidden else lesson("ce-vs-mse", f"{depth} pushes", values)}


# --- tables ----------------------------------------------------------------------------------------------


def _rename(frame, unit):
    return frame.rename(
        columns={
            "cross_entropy": f"cross-entropy ({unit})",
            "mse": "MSE (no unit)",
            "cross_entropy_grad": "CE gradient ∂ℓ/∂z (loss in nats)",
            "mse_grad": "MSE gradient ∂ℓ_MSE/∂z",
        }
    )


def comparison_table(q, *, base=math.e, unit="nats", pushes=True):
    """One row per loss: its value at q, its unit, and (with `pushes`) its gradient in the logit (of the loss
    in nats).

    Written out as the sentences write them, so a small MSE or push reads 1.0e-4 or -0.00020, never 0.000.
    """
    point = comparison(q, base=base)
    table = pd.DataFrame(
        {
            "loss": ["Cross-entropy: −log q", "MSE: (1 − q)²"],
            f"value at q = {q:.2f}": [format_number(point["cross_entropy"]), format_positive(point["mse"])],
            "unit": [unit, "no unit"],
        }
    )
    if pushes:
        table["gradient in z (CE of the loss in nats)"] = [
            format_gradient(point["cross_entropy_grad"]),
            format_gradient(point["mse_grad"]),
        ]
    return table


def q_table(q, *, base=math.e, unit="nats", pushes=True):
    """The charts against q as a table: both losses and (with `pushes`) both gradients at landmark q and at
    this q."""
    landmarks = np.unique(np.append(Q_LANDMARKS, q))
    rows = [comparison(value, base=base) for value in landmarks]
    columns = ["q", "cross_entropy", "mse"] + (["cross_entropy_grad", "mse_grad"] if pushes else [])
    frame = pd.DataFrame(rows)[columns]
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
        "MSE (1 − q)² (right axis, on its own scale, no unit) falls from 1 to 0."
    )
    if q == 0:
        return f"{shape} At q = 0 cross-entropy is infinite (drawn at the top edge) and MSE is 1."
    return (
        f"{shape} At q = {q:.2f} cross-entropy is {format_loss(point['cross_entropy'], unit)} "
        f"and MSE is {format_positive(point['mse'])}."
    )


def gradient_alt(q):
    """The gradient-against-q chart in one sentence, with this q's numbers."""
    point = comparison(q)
    strongest = comparison(1 / 3)["mse_grad"]
    return (
        "The push on the logit z, of the loss in nats: cross-entropy's q − 1 runs in a straight line from −1 "
        "at q = 0 to 0 at q = 1; MSE's 2(q − 1)q(1 − q) is 0 at both ends and strongest at q = 1/3, "
        f"{format_number(strongest)}. At q = {q:.2f} they are {format_gradient(point['cross_entropy_grad'])} "
        f"and {format_gradient(point['mse_grad'])}."
    )


def logit_alt(q, *, base, unit):
    """The chart against z in one sentence, with its left end's numbers and this q's z."""
    left = {name: float(values[0]) for name, values in curve_values("z", base=base).items()}
    z = float(logit(q))
    if math.isinf(z):
        here = f"This q = {q:.0f} sits at z = {'−' if z < 0 else '+'}∞, off the chart."
    else:
        point = comparison(q, base=base)
        here = (
            f"This q = {q:.2f} sits at z = {format_number(z, 2)}: cross-entropy "
            f"{format_loss(point['cross_entropy'], unit)} "
            f"with push {format_gradient(point['cross_entropy_grad'])}, "
            f"MSE {format_positive(point['mse'])} with push {format_gradient(point['mse_grad'])}."
        )
    slope = (
        ""
        if unit == "nats"
        else f" (the line drawn in {unit} falls {format_number(1 / math.log(base))} {unit} per unit of z: "
        "the push of the loss in nats divided by ln 2)"
    )
    return (
        f"Both losses and both pushes (the pushes of the loss in nats) against the logit z from "
        f"{left['z']:.0f} to {Z_GRID[-1]:.0f}. "
        f"Towards very negative z cross-entropy becomes a straight line with push near −1{slope}, while MSE "
        f"flattens at 1 and its push fades towards 0: at z = {left['z']:.0f} cross-entropy is "
        f"{format_loss(left['cross_entropy'], unit)} with push {format_number(left['cross_entropy_grad'])}, "
        f"MSE {format_positive(left['mse'])} with push {format_gradient(left['mse_grad'])}. {here}"
    )


# --- figures ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def live_readings(grid, *, base, unit, pushes=True):
    """What the page's live slider shows at each q of `grid`: both losses and (with `pushes`; not while the
    prediction waits for a guess) the ratio of the pushes as the metrics print them, the sentence a screen
    reader hears, and cross-entropy's curve up to 5 nats."""
    points = [comparison(q, base=base) for q in grid]
    losses = tuple(format_loss(point["cross_entropy"], unit) for point in points)
    errors = tuple(format_positive(point["mse"]) for point in points)
    ratios = tuple(ratio_shown(q) for q in grid)
    aria = tuple(
        f"q = {q:.2f}: cross-entropy {loss}, MSE {error}"
        for q, loss, error in zip(grid, losses, errors, strict=True)
    )
    ratio = (("Cross-entropy's push (CE in nats) ÷ MSE's", ratios),) if pushes else ()
    return {
        "readouts": (("Cross-entropy", losses), ("MSE", errors), *ratio),
        "aria": aria,
        "curve": tuple(point["cross_entropy"] for point in points),
        "cap": 5.0 / math.log(base),
    }
