"""Predict, then reveal: each page's question, its options and the right one, computed by core/ from the
state a preset creates (never typed in). The words are in assets/predict.md (content/predictions.py)."""

import math
from typing import NamedTuple

import numpy as np

from content.predictions import prediction
from content.text import format_loss, format_number
from core.activations import renormalise
from core.losses import binary_cross_entropy, cross_entropy, cross_entropy_terms
from lessons.ce_vs_mse import comparison
from lessons.race_text import one_step_bound, reached, winner

LOSS_BANDS = (0.5, 1.5, 3.0)  # the binary question's ranges, in the page's unit
SAME_PUSH = 1.1  # pushes within this factor of each other count as "about the same"


class Prediction(NamedTuple):
    """A question, its options, the index of the right one, the answer in words and why."""

    question: str
    options: tuple
    correct: int
    answer: str
    why: str
    notes: tuple = ()  # (option, words) pairs: what a learner who guessed that wrong option is told


def _minus_log(unit):
    """-ln in nats, -log2 in bits, as KaTeX."""
    return r"-\ln" if unit == "nats" else r"-\log_2"


def _band(value, unit):
    return f"{value:g} {unit}"


def binary_prediction(values, *, base=math.e, unit="nats"):
    """How big is -log(probability given to the truth) at the preset's y and q: which of LOSS_BANDS?"""
    y, q = int(values["y"]), float(values["q"])
    loss = binary_cross_entropy(y, q, base=base)
    correct = sum(loss >= edge for edge in LOSS_BANDS)
    words = {f"band_{i}": _band(edge, unit) for i, edge in enumerate(LOSS_BANDS, start=1)}
    words |= {
        "q": f"{100 * q:g} %",
        "truth": f"{(q if y else 1 - q):.2f}",
        "loss": format_loss(loss, unit),
        "loss_unsure": format_loss(binary_cross_entropy(y, 0.5, base=base), unit),
        "log": _minus_log(unit),
    }
    question, options, why = prediction("binary", words)
    return Prediction(question, options, correct, f"{options[correct]}: the loss is {words['loss']}", why)


def multiclass_prediction(values, *, base=math.e, unit="nats"):
    """Which class's term of H(p, q) = -sum p_i log q_i is not zero, for the preset's one-hot target?"""
    names = values["classes"].split(",")
    q = renormalise([values[f"q{i}"] for i in range(len(names))])[0]
    true = names.index(values["true"])
    terms = cross_entropy_terms(np.eye(len(names))[true], q, base=base)
    deciding = np.flatnonzero(terms > 0)
    correct = int(deciding[0]) if len(deciding) == 1 else len(names)
    top = int(np.argmax(q))
    loss = cross_entropy(true, q, base=base)
    words = {f"name_{i}": name for i, name in enumerate(names)}
    words |= {
        "true_name": names[true],
        "shares": ", ".join(f"{name} {value:.2f}" for name, value in zip(names, q, strict=True)),
        "q_true": f"{q[true]:.2f}",
        "loss": format_loss(loss, unit),
        "top_name": names[top],
        "q_top": f"{q[top]:.2f}",
        "log": _minus_log(unit),
    }
    question, options, why = prediction("multiclass", words)
    answer = f"{options[correct]}: the loss is {words['loss']}"
    return Prediction(question, options, correct, answer, why)


def push_prediction(values):
    """Whose push on the logit is bigger at the preset's q (true label 1): |q - 1| or |2(q - 1) q (1 - q)|?"""
    q = float(values["q"])
    point = comparison(q)
    ce, mse = abs(point["cross_entropy_grad"]), abs(point["mse_grad"])
    if ce > SAME_PUSH * mse:
        correct, verdict = (
            0,
            f"Cross-entropy's push is {format_number(ce / mse, 1)} times as strong as MSE's.",
        )
    elif mse > SAME_PUSH * ce:
        correct, verdict = (
            1,
            f"MSE's push is {format_number(mse / ce, 1)} times as strong as cross-entropy's.",
        )
    else:
        correct, verdict = 2, f"The two pushes are within a factor of {SAME_PUSH:g} of each other."
    words = {
        "q": f"{q:.2f}",
        "ce_grad": format_number(point["cross_entropy_grad"]),
        "mse_grad": format_number(point["mse_grad"], 4),
        "factor": format_number(q * (1 - q), 4),
    }
    question, options, why = prediction("ce-vs-mse", words)
    return Prediction(question, options, correct, verdict, why)


def race_question(values, *, preset, target):
    """The training question and its options for the preset `values`, before anything is trained."""
    words = {"preset": preset, "target": f"{100 * target:g} %", "steps": values["steps"]}
    later = dict.fromkeys(("headline", "default_preset", "default_headline"), "")  # in the answer only
    return prediction("training", words | later)[:2]


def race_prediction(values, result, *, preset, headline, default_preset, default_headline):
    """Which loss reached the target first in `result`, the race (core.race) at the preset `values`?

    `headline` and `default_headline` are the race's sentence and the default preset's (race_text.headline).
    Steps too close for the rate grid to call (lessons.race_text.too_close_to_call) count as a tie.
    """
    steps = reached(result)
    ce, mse = steps["cross_entropy"], steps["mse"]
    verdict = winner(result)
    correct = {"cross_entropy": 0, "mse": 1, "tie": 2, "neither": 3}[verdict]
    words = {"preset": preset, "target": f"{100 * result.target:g} %", "steps": values["steps"]}
    words |= {"headline": headline, "default_preset": default_preset, "default_headline": default_headline}
    question, options, why = prediction("training", words)
    answer, notes = options[correct], ()
    if verdict == "tie" and ce != mse:
        first, first_step, other, other_step = (
            ("cross-entropy", ce, "MSE", mse) if ce < mse else ("MSE", mse, "cross-entropy", ce)
        )
        if first_step == 1:
            grid = one_step_bound(first, other)
        else:
            grid = (
                "closer than the rate grid can tell apart (its rates jump ×2 or ×2.5, so a rate off the grid "
                "could close or swap a gap that small)"
            )
        answer += f": cross-entropy at step {ce}, MSE at step {mse}; {grid}."
        note = (
            f"{first[0].upper()}{first[1:]} did reach {words['target']} first, at step {first_step} against "
            f"{other}'s step {other_step}, but a gap that small is within the rate grid's resolution, so the "
            "page calls it a tie."
        )
        notes = ((0 if ce < mse else 1, note),)
    return Prediction(question, options, correct, answer, why, notes)
