"""The questions a teacher can send to the class: every Ask step of the lesson plan, and every lesson's
predict-then-reveal question. One list, read from the plan (content/plan.py), the answer forms
(assets/class_answers.md) and lessons/predict.py; each right answer computed with core/ when it is asked for.
"""

import functools
import math
import re
from typing import NamedTuple

import numpy as np

import catalogue
from content.class_answers import answer_forms
from content.plan import route
from core import binary_cross_entropy, softmax
from core.activations import renormalise
from core.information import entropy
from lessons import predict
from lessons.multiclass_sliders import ASKED as MULTICLASS_ASKED
from lessons.multiclass_sliders import PRESETS as MULTICLASS_PRESETS
from lessons.plan_numbers import filled, race_query, race_verdict
from lessons.training import ASKED as RACE_ASKED
from lessons.training import PRESETS, TARGET


class ClassQuestion(NamedTuple):
    """A question for the class: options (empty for a number), the number's label and range, the students'
    explanation (its {{numbers}} filled by explanation()), the lesson page and query that show the answer,
    and right(): the option or the number."""

    key: str
    title: str
    prompt: str
    options: tuple
    number: str
    low: float
    high: float
    why: str
    page: catalogue.Page
    query: dict
    right: object  # () -> option index, or number
    unit: str = ""  # a number's unit, as the answer is shown: 'nats'

    def shown(self, number):
        """A number of this question as the projector and phones show it: '0.105 nats'."""
        return f"{number:.3g} {self.unit}".strip()

    def explanation(self):
        """The explanation a phone shows after Reveal, with the live numbers of the lesson page's state."""
        return filled(self.why, self.page.slug, self.query)


def _default(slug, key):
    return catalogue.page(slug).param(key).default_of(key)


def _loss(query):
    return float(binary_cross_entropy(int(query.get("y", 1)), float(query.get("q", 0.7))))


def _times(ratio):
    """The Sure-and-wrong option: about twice (under 5x), about ten times (under 20x), or far more."""
    return 0 if ratio < 5 else 1 if ratio < 20 else 2


def _information_truth():
    """The weather page's default truth p: its four weights, renormalised."""
    return renormalise([_default("information", f"ip{i}") for i in range(4)])[0]


def _log_zero():
    with np.errstate(divide="ignore"):
        value = float(np.log(0.0))
    return 0 if value == -math.inf else 1 if value == 0 else 2


# How each plan step's right answer is computed, by step title: (step query, every step's query) -> answer.
_PLAN_ANSWERS = {
    "What is a loss?": lambda query, _: float(binary_cross_entropy(1, 1.0)),
    "Sure and right": lambda query, _: _loss(query),
    "Sure and wrong": lambda query, steps: _times(_loss(query) / _loss(steps["Sure and right"])),
    "From scores to probabilities": lambda query, _: float(
        softmax(np.array([_default("multiclass", f"z{i}") for i in range(3)]))[0]
    ),
    "Why not squared error?": lambda query, _: predict.push_prediction(query).correct,
    "The race": lambda query, _: race_verdict(query).correct,
    "The part no model removes": lambda query, _: int(entropy(_information_truth()) > 0),
    "What breaks on a computer": lambda query, _: _log_zero(),
}


def _plan_questions():
    steps = route()
    queries = {step.title: step.asked for step in steps}
    forms = answer_forms()
    for step in steps:
        form = forms.get(step.title)
        if form is None:
            continue
        compute = _PLAN_ANSWERS.get(step.title)
        query = queries[step.title]
        right = form.right if compute is None else functools.partial(compute, query, queries)
        yield ClassQuestion(
            step.key, f"Plan: {step.title}", form.ask or step.ask, form.options,
            form.number, form.low, form.high, form.why, step.page, query,
            right if callable(right) else (lambda value=right: value), form.unit,
        )  # fmt: skip


def _in_class(question):
    """A lesson's predict question as a phone asks it: no page moves, so no 'Before the page moves there:'."""
    return re.sub(r"Before the page moves there:\s+(\w)", lambda match: match.group(1).upper(), question)


def _predict_questions():
    """The lessons' predict-then-reveal questions the plan does not ask already, at their presets (in nats,
    the phones' unit): the multiclass page's, and the training lab's, answered by the race it measures."""
    found = predict.multiclass_prediction(MULTICLASS_PRESETS[MULTICLASS_ASKED])
    query = {key: str(value) for key, value in MULTICLASS_PRESETS[MULTICLASS_ASKED].items()}
    yield ClassQuestion(
        "predict/multiclass", f"Predict: {catalogue.page('multiclass').title}", _in_class(found.question),
        found.options, "", 0.0, 0.0, found.why, catalogue.page("multiclass"), query,
        lambda: found.correct,
    )  # fmt: skip
    question, options = predict.race_question(PRESETS[RACE_ASKED], preset=RACE_ASKED, target=TARGET)
    query = race_query(RACE_ASKED)
    yield ClassQuestion(
        "predict/training", f"Predict: {catalogue.page('training').title}", _in_class(question), options,
        "", 0.0, 0.0, "{{why}}", catalogue.page("training"), query, lambda: race_verdict(query).correct,
    )  # fmt: skip


@functools.lru_cache(maxsize=1)
def class_questions():
    """{key: ClassQuestion}, the plan's steps in order, then the lessons' predictions."""
    return {question.key: question for question in (*_plan_questions(), *_predict_questions())}


CLOSE = 0.02  # a guess within 2 % of the answer is close


def number_verdict(guess, right):
    """'Right' for the answer to two significant figures (0.66 for 0.659; exactly 0 for 0), 'Close' within
    CLOSE of it (0.65, but not 0.645 = 2 / 3.1), else None."""
    miss = abs(guess - right)
    if right == 0:
        return "Right" if miss < 0.0005 else None
    if miss <= 0.5 * 10 ** (math.floor(math.log10(abs(right))) - 1):
        return "Right"
    return "Close" if miss <= CLOSE * abs(right) else None
