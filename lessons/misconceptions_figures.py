"""The misconceptions page's charts: for each charted myth its figure, its table and its alt sentence, which
take the same numbers (lessons.misconceptions has the sentences)."""

import functools
import math

import numpy as np
import pandas as pd

from content.text import UNITS, format_loss, format_number
from core import misconceptions as mc
from lessons import _charts as charts
from lessons import palette
from lessons.misconceptions import AGAINST, GAPS, LOSS_NAMES, _percent, _training


@charts.remembered
def swap_figure(p_first, q_first, *, unit, presenter=False):
    n = mc.swapped(p_first, q_first, base=UNITS[unit])
    names = ["H(p, q)", "H(q, p)", "KL(p ‖ q)", "KL(q ‖ p)"]
    values = [n["h_pq"], n["h_qp"], n["kl_pq"], n["kl_qp"]]
    colours = [palette.CROSS_ENTROPY, palette.CROSS_ENTROPY, palette.KL, palette.KL]
    bar = {"type": "bar", "x": names, "y": values, "marker": {"color": colours}, "showlegend": False}
    return charts.figure(
        [bar],
        title="Swapping p and q usually changes the number",
        x_title="quantity",
        y_title=f"value ({unit})",
        presenter=presenter,
        height=320,
    )


def swap_table(p_first, q_first, *, unit):
    n = mc.swapped(p_first, q_first, base=UNITS[unit])
    rows = {"H(p, q)": n["h_pq"], "H(q, p)": n["h_qp"], "KL(p ‖ q)": n["kl_pq"], "KL(q ‖ p)": n["kl_qp"]}
    rows["H(p)"] = n["h_p"]
    return pd.DataFrame({"quantity": list(rows), f"value ({unit})": [float(v) for v in rows.values()]})


def swap_alt(p_first, q_first, *, unit):
    n = mc.swapped(p_first, q_first, base=UNITS[unit])
    return (
        f"Bars for p = [{p_first:.2f}, {1 - p_first:.2f}] and q = [{q_first:.2f}, {1 - q_first:.2f}]: "
        f"H(p, q) = {format_loss(n['h_pq'], unit)}, H(q, p) = {format_loss(n['h_qp'], unit)}, "
        f"KL(p ‖ q) = {format_loss(n['kl_pq'], unit)}, KL(q ‖ p) = {format_loss(n['kl_qp'], unit)}."
    )


@charts.remembered
def calibration_figure(scale, *, presenter=False):
    n = mc.calibration(scale)
    traces = [
        charts.line(
            [0, 1],
            [0, 1],
            name="calibrated: q = frequency",
            color=palette.NEUTRAL,
            presenter=presenter,
            dash="dash",
        ),
        charts.line(
            n["q"],
            n["frequency"],
            name=f"model, scale {scale:.2f}",
            color=palette.PREDICTION,
            presenter=presenter,
        ),
    ]
    return charts.figure(
        traces,
        title="Softmax gives probabilities,<br>not necessarily calibrated ones",
        x_title="predicted q (class 1)",
        y_title="true frequency of class 1",
        presenter=presenter,
        height=360,
        layout={"legend": {"y": -0.3}},
    )


def calibration_table(scale):
    n = mc.calibration(scale)
    return pd.DataFrame({"x": mc.CALIBRATION_X, "predicted q": n["q"], "true frequency": n["frequency"]})


def calibration_alt(scale):
    n = mc.calibration(scale)
    return (
        f"The model's predicted q against the true frequency of class 1, at scale {scale:.2f}, beside the "
        f"diagonal of a calibrated model: mean confidence {_percent(n['confidence'])}, accuracy "
        f"{_percent(n['accuracy'])}."
    )


@charts.remembered
def training_figure(init_scale, *, presenter=False):
    runs = _training(float(init_scale))
    colours = {"cross_entropy": palette.CROSS_ENTROPY, "mse": palette.MSE}
    traces = [
        charts.line(
            np.arange(len(acc)), 100 * acc, name=LOSS_NAMES[loss], color=colours[loss], presenter=presenter
        )
        for loss, (_, _, acc) in runs.items()
    ]
    return charts.figure(
        traces,
        title="MSE trains a classifier too,<br>slower from a saturated start",
        x_title="gradient-descent step",
        y_title="accuracy (%)",
        presenter=presenter,
        height=340,
    )


def training_table(init_scale):
    runs = _training(float(init_scale))
    return pd.DataFrame(
        {"step": np.arange(mc.LAB_STEPS + 1)}
        | {f"accuracy, {LOSS_NAMES[loss]} (%)": 100 * acc for loss, (_, _, acc) in runs.items()}
    )


def training_alt(init_scale):
    runs = _training(float(init_scale))

    def reached(name):
        step = runs[name][0]
        return f"at step {step}" if step is not None else "never"

    return (
        f"Accuracy per step from initial weight scale {format_number(init_scale, 1)}: cross-entropy reaches "
        f"{_percent(mc.LAB_TARGET)} {reached('cross_entropy')}, MSE {reached('mse')}; after {mc.LAB_STEPS} "
        f"steps cross-entropy ends at {_percent(runs['cross_entropy'][1])}, "
        f"MSE at {_percent(runs['mse'][1])}."
    )


@functools.lru_cache(maxsize=len(UNITS))
def _double_softmax_curves(unit):
    """Over GAPS: the loss from logits, through softmax twice, and the push on z0 of each; once per unit."""
    rows = [mc.double_softmax(g, base=UNITS[unit]) for g in GAPS]
    return tuple(
        tuple(pick(row) for row in rows)
        for pick in (
            lambda row: row["loss"],
            lambda row: row["double_loss"],
            lambda row: float(row["grad"][0]) / math.log(UNITS[unit]),  # of the loss in `unit`
            lambda row: float(row["double_grad"][0]) / math.log(UNITS[unit]),
        )
    )


@charts.remembered
def double_softmax_figure(gap, *, unit, presenter=False):
    base = UNITS[unit]
    right, double = _double_softmax_curves(unit)[:2]
    here = mc.double_softmax(gap, base=base)
    traces = [
        charts.line(
            GAPS, right, name="from logits (right)", color=palette.CROSS_ENTROPY, presenter=presenter
        ),
        charts.line(
            GAPS, double, name="softmax twice (wrong)", color=palette.MARKER, presenter=presenter, dash="dot"
        ),
        {
            "type": "scatter",
            "x": [gap, gap],
            "y": [here["loss"], here["double_loss"]],
            "mode": "markers",
            "name": "your logits",
            "marker": {"color": palette.MARKER, "size": 10},
        },
    ]
    return charts.figure(
        traces,
        title="A double softmax flattens the loss",
        x_title="lead of the true class's logit, z₀",
        y_title=f"loss ({unit})",
        presenter=presenter,
        height=340,
        layout={"legend": {"y": -0.35}},
    )


def double_softmax_table(gap, *, unit):
    right, double, push, double_push = _double_softmax_curves(unit)
    return pd.DataFrame(
        {
            "z₀": GAPS,
            f"loss from logits ({unit})": right,
            f"loss, softmax twice ({unit})": double,
            f"push on z₀, right (gradient of the loss in {unit}{AGAINST})": push,
            f"push on z₀, softmax twice (gradient of the loss in {unit}{AGAINST})": double_push,
        }
    )


def double_softmax_alt(gap, *, unit):
    n = mc.double_softmax(gap, base=UNITS[unit])
    right, double = _double_softmax_curves(unit)[:2]
    return (
        f"The loss against the true logit's lead from −10 to 10: computed from the logits it falls from "
        f"{format_loss(right[0], unit)} to {format_loss(right[-1], unit)}; through a double softmax it only "
        f"goes from {format_loss(double[0], unit)} to {format_loss(double[-1], unit)}. At z₀ = {gap:.2f}: "
        f"{format_loss(n['loss'], unit)} against {format_loss(n['double_loss'], unit)}."
    )


CHARTS = {  # a myth's chart: its figure, its table and its alt sentence, which take the same numbers
    "swap": (swap_figure, swap_table, swap_alt),
    "calibration": (calibration_figure, calibration_table, calibration_alt),
    "mse": (training_figure, training_table, training_alt),
    "double_softmax": (double_softmax_figure, double_softmax_table, double_softmax_alt),
}


def chart_parts(name, *numbers, presenter=False, **options):
    """(figure, key, table builder, alt sentence) of the myth chart `name`, for ui.widgets.chart."""
    figure, table, alt = CHARTS[name]
    return (
        figure(*numbers, **options, presenter=presenter),
        f"{name}_chart",
        lambda: table(*numbers, **options),
        alt(*numbers, **options),
    )
