"""The Home page's live demo: the loss for one photo as the model's belief in the true class changes."""

import functools
import math

import numpy as np
import pandas as pd

from content.text import format_loss, format_number
from core.losses import cross_entropy
from lessons import _charts as charts
from lessons import palette
from lessons.binary import LOG_NAMES
from lessons.multiclass import uniform_comparison

Q_GRID = np.linspace(0.005, 1.0, 400)
CLASSES = ("dog", "cat", "rabbit")


def photo_prediction(q_cat):
    """The model's three-way prediction for a cat photo: q_cat on 'cat', the rest split evenly."""
    rest = (1 - q_cat) / 2
    return np.array([rest, q_cat, rest])


def photo_loss(q_cat, *, base):
    """H(p, q) for a cat photo (one-hot target on 'cat'): only -log q(cat) survives."""
    return cross_entropy(CLASSES.index("cat"), photo_prediction(q_cat), base=base)


def uniform_guess_loss(n_classes, *, base):
    """The loss of guessing 1/K for every class: log K."""
    return cross_entropy(0, np.full(n_classes, 1 / n_classes), base=base)


def _off_the_chart(q_cat, loss, cap, unit):
    """A label for a loss above the chart's top (∞ at q(cat) = 0), as /binary gives one; none below it."""
    if loss <= cap:
        return []
    text = "∞" if math.isinf(loss) else f"{loss:.1f}"
    return [
        {
            "x": q_cat,
            "y": cap,
            "text": f"loss = {text} {unit}",
            "showarrow": True,
            "ax": 60,
            "ay": 30,
            "font": {"color": palette.MARKER},
        }
    ]


@charts.remembered
def surprise_figure(q_cat, *, base, unit, presenter=False):
    """Loss against the probability given to the true class, with the uniform-guess line at log 3."""
    predictions = np.stack([photo_prediction(q) for q in Q_GRID])
    losses = cross_entropy(np.ones(len(Q_GRID), dtype=int), predictions, reduction="none", base=base)
    uniform = uniform_guess_loss(len(CLASSES), base=base)
    loss, cap = photo_loss(q_cat, base=base), 5.0 / math.log(base)  # off the chart: held at the cap, labelled
    guide = {
        "x": 1,
        "xanchor": "right",
        "y": uniform,
        "yanchor": "bottom",
        "showarrow": False,
        "text": f"guessing 1/3 each: {LOG_NAMES[unit]} 3 = {uniform:.3f} {unit}",
        "font": {"color": palette.NEUTRAL},
    }
    return charts.figure(
        [
            charts.line(
                Q_GRID,
                losses,
                name="Cross-entropy: −log q(cat)",
                color=palette.CROSS_ENTROPY,
                presenter=presenter,
            ),
            charts.marker(q_cat, min(loss, cap), name="This prediction", presenter=presenter),
        ],
        title="Less belief in the truth, a larger loss",
        x_title="q(cat), the probability the model gives the true class",
        y_title=f"loss ({unit})",
        presenter=presenter,
        height=340,
        layout={
            "xaxis": {"range": [0, 1]},
            "yaxis": {"range": [0, 5.5 / math.log(base)]},
            "shapes": [charts.hline(uniform, dash="dot", width=charts.line_width(presenter) / 2)],
            "annotations": [guide, *_off_the_chart(q_cat, loss, cap, unit)],
        },
    )


def surprise_alt(q_cat, *, base, unit):
    """The Home chart in one sentence, with this prediction's numbers."""
    uniform = format_loss(uniform_guess_loss(len(CLASSES), base=base), unit)
    return (
        "Line chart: the cross-entropy −log q(cat) falls from infinity at q(cat) = 0 to 0 at q(cat) = 1; "
        f"a dotted line marks a uniform guess, {LOG_NAMES[unit]} 3 = {uniform}. This prediction, q(cat) = "
        f"{format_number(q_cat, 2)}, costs {format_loss(photo_loss(q_cat, base=base), unit)}."
    )


def surprise_table(q_cat, *, base, unit):
    """The Home chart as a table: the loss at q(cat) = 0, 0.05, ..., 1 and at this prediction."""
    grid = np.union1d(np.round(np.linspace(0, 1, 21), 2), [round(float(q_cat), 2)])
    return pd.DataFrame(
        {
            "q(cat)": grid,
            f"−log q(cat) ({unit})": [format_number(photo_loss(q, base=base)) for q in grid],  # ∞, not inf
            "this prediction": ["◀" if np.isclose(q, q_cat) else "" for q in grid],
        }
    )


def home_values(q_cat, *, base, unit):
    """Every {{placeholder}} of assets/lessons/home.md."""
    loss = photo_loss(q_cat, base=base)
    uniform = uniform_guess_loss(len(CLASSES), base=base)
    return {
        "q_cat": format_number(q_cat, 2),
        "loss": format_loss(loss, unit),
        "uniform": format_loss(uniform, unit),
        "unit": unit,
        "log": r"\ln" if unit == "nats" else r"\log_2",  # the card: log follows the units
        "uniform_comparison": uniform_comparison(loss, uniform, unit),
    }


@functools.lru_cache(maxsize=8)
def home_readings(grid, *, base, unit):
    """What Home's live slider shows at each q(cat) of `grid`: the loss, the sentence a screen reader hears,
    and the loss curve, held at the chart's top."""
    losses = tuple(photo_loss(q_cat, base=base) for q_cat in grid)
    texts = tuple(format_loss(loss, unit) for loss in losses)
    aria = tuple(f"q(cat) = {q:.2f}: cross-entropy {text}" for q, text in zip(grid, texts, strict=True))
    cap = 5.0 / math.log(base)
    return {"readouts": (("Cross-entropy", texts),), "aria": aria, "curve": losses, "cap": cap}


def formula_key(unit):
    """The letters of H(p, q) = −Σᵢ pᵢ log qᵢ, defined where it first appears, as the card has them."""
    log = "ln" if unit == "nats" else "log₂"
    return (
        "p: the truth (here 1 on the true class, 0 elsewhere) · q: the model's probabilities · i runs over "
        f"the classes · log is {log}, so the loss is in {unit}"
    )
