"""The multi-class page's sliders: its presets, and the switch between logits and probabilities that keeps
the distribution the learner set."""

import functools

import numpy as np

import catalogue
from content.text import format_loss
from core.activations import softmax
from core.losses import cross_entropy
from lessons.multiclass import DEFAULT_CLASSES, logits_for
from lessons.slider_sweeps import share_codes, sweep, weights_distribution

LINK = catalogue.page("multiclass")  # every slider's range and default
DEFAULT_LOGITS, DEFAULT_WEIGHTS = LINK.param("z0").default, LINK.param("q0").default
DEFAULT_TEMPERATURE = LINK.param("temp").default


def probability_preset(weights, true_class):
    """A preset in probability mode for dog, cat, rabbit."""
    values = {
        "classes": ",".join(DEFAULT_CLASSES),
        "mode": "probabilities",
        "target": "one-hot",
        "true": true_class,
        "smooth": 0.0,
        "temp": 1.0,
    }
    return values | {f"q{index}": weight for index, weight in enumerate(weights)}


PRESETS = {
    "[0.8, 0.1, 0.1]": probability_preset([0.8, 0.1, 0.1], "dog"),
    "70 % dog, is a cat": probability_preset([0.7, 0.2, 0.1], "cat"),
    "Perfect": probability_preset([1.0, 0.0, 0.0], "dog"),
    # Equal logits, so that softmax gives exactly 1/3 each (weights of 0.33 would add up to 0.99).
    "Uniform": probability_preset([], "dog") | {"mode": "logits", "z0": 0.0, "z1": 0.0, "z2": 0.0},
    "Confidently wrong": probability_preset([0.98, 0.01, 0.01], "rabbit"),
}
ASKED = "70 % dog, is a cat"  # the preset a learner predicts


def prediction_in(mode, sliders, n_classes):
    """The distribution set with the sliders of `mode` (values by key, defaults for the missing ones):
    softmax(z / T) of the logits, or the weights divided by their sum."""
    if mode == "logits":
        logits = [sliders.get(f"z{index}", DEFAULT_LOGITS[index]) for index in range(n_classes)]
        return softmax(logits, temperature=sliders.get("temp", DEFAULT_TEMPERATURE))
    weights = [sliders.get(f"q{index}", DEFAULT_WEIGHTS[index]) for index in range(n_classes)]
    return weights_distribution(weights)  # every weight 0: the page's uniform guess is the distribution kept


def switched_sliders(mode, sliders, n_classes):
    """The new values of `mode`'s sliders that keep the distribution the other mode's sliders set:
    probabilities q, or logits z = T log q (rounded to the sliders' 0.01 steps)."""
    previous = "probabilities" if mode == "logits" else "logits"
    q = prediction_in(previous, sliders, n_classes)
    if previous == "logits":
        return {f"q{index}": round(float(value), 2) for index, value in enumerate(q)}
    z = logits_for(q, sliders.get("temp", DEFAULT_TEMPERATURE))
    return {f"z{index}": round(float(value), 2) for index, value in enumerate(z)}


@functools.lru_cache(maxsize=64)
def prediction_readings(mode, values, index, grid, target, *, temperature, smoothing, base, unit):
    """What prediction slider `index` shows at each point of `grid`, the other sliders held at `values`: the
    loss as the page's metric writes it, and every class's probability as a share (lessons.slider_sweeps).

    The page's own rule at each point: softmax(z / T) of the logits, or the weights divided by their sum (a
    uniform guess while they are all 0); the target (one-hot or soft) and ε as the page holds them.
    """
    rows = sweep(values, index, grid)
    if mode == "logits":
        q = softmax(rows, temperature=temperature)
    else:
        q = np.array([weights_distribution(row) for row in rows])
    targets = np.tile(np.asarray(target, dtype=float), (len(grid), 1))
    losses = cross_entropy(targets, q, label_smoothing=smoothing, base=base, reduction="none")
    return {
        "readouts": (("Cross-entropy", tuple(format_loss(loss, unit) for loss in losses.tolist())),),
        "shares": share_codes(q),
    }


def soft_target(weights):
    """The soft target the weights set: divided by their sum, or all on the first class while every weight
    is 0 (the page says so)."""
    weights = np.asarray(weights, dtype=float)
    return weights_distribution(weights) if weights.any() else np.eye(len(weights))[0]


@functools.lru_cache(maxsize=64)
def target_readings(values, index, grid, q, *, smoothing, base, unit):
    """What target slider `index` shows at each point of `grid`, the other target weights held at `values`
    and the prediction at `q`: the loss as the page's metric writes it, and the target's shares."""
    targets = np.array([soft_target(row) for row in sweep(values, index, grid)])
    predictions = np.tile(np.asarray(q, dtype=float), (len(grid), 1))
    losses = cross_entropy(targets, predictions, label_smoothing=smoothing, base=base, reduction="none")
    return {
        "readouts": (("Cross-entropy", tuple(format_loss(loss, unit) for loss in losses.tolist())),),
        "shares": share_codes(targets),
    }
