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
from content.lesson_files import fill
from content.plan import route
from content.quiz_bank import grading_rule, is_right
from content.text import format_loss
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
    explanation (its {{numbers}} filled by explanation(units)), the lesson page and query that show the
    answer, right(base): the option or the number, and words(base): the explanation's numbers in those units.
    Everything a phone or the projector shows follows the units the teacher asked the question in."""

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
    right: object  # (base) -> option index, or number
    unit: str = ""  # 'loss' when the number is a loss, asked, shown and graded in the class's units
    words: object = None  # (base) -> {placeholder: text} for the explanation, or None

    def label(self, units):
        """The number field's label in `units`: 'the loss, in bits'."""
        return fill(self.number, _unit_words(units))

    def answer(self, units):
        """The right option, or the right number in `units` (nats or bits)."""
        return self.right(BASES[units])

    def shown(self, number, units):
        """A number of this question as the projector and phones show it: '0.105 nats', '0.152 bits'."""
        return f"{number:.3g} {units if self.unit else ''}".strip()

    def rule(self):
        """How close a typed number must be (the quiz's rule, content/quiz_bank.py), as the phone shows it."""
        return grading_rule(self.prompt)

    def verdict(self, guess, units):
        """Is the typed `guess` right, by rule()?"""
        return is_right(guess, self.answer(units), self.prompt)

    def explanation(self, units):
        """The explanation a phone shows after Reveal, with the live numbers of the lesson page's state."""
        extra = _unit_words(units) | (self.words(BASES[units]) if self.words else {})
        return filled(self.why, self.page.slug, self.query, extra)

    def link(self, units):
        """The lesson page's query that shows the answer, in `units`."""
        return self.query | ({"units": units} if units != "nats" else {})


BASES = {"nats": math.e, "bits": 2.0}


def _unit_words(units):
    """The placeholders every class text may use: {{unit}} (nats or bits) and {{log}} (ln or log₂)."""
    return {"unit": units, "log": "ln" if units == "nats" else "log₂"}


def _default(slug, key):
    return catalogue.page(slug).param(key).default_of(key)


def _loss(query, base=math.e):
    return float(binary_cross_entropy(int(query.get("y", 1)), float(query.get("q", 0.7)), base=base))


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


# Each plan step's right answer, by step title: (step query, every step's query, log base) -> answer.
_PLAN_ANSWERS = {
    "What is a loss?": lambda query, _, base: float(binary_cross_entropy(1, 1.0, base=base)),
    "Sure and right": lambda query, _, base: _loss(query, base),
    "Sure and wrong": lambda query, steps, _: _times(_loss(query) / _loss(steps["Sure and right"])),
    "From scores to probabilities": lambda query, _, base: float(
        softmax(np.array([_default("multiclass", f"z{i}") for i in range(3)]))[0]
    ),
    "Why not squared error?": lambda query, _, base: predict.push_prediction(query).correct,
    "The race": lambda query, _, base: race_verdict(query).correct,
    "The part no model removes": lambda query, _, base: int(entropy(_information_truth()) > 0),
    "What breaks on a computer": lambda query, _, base: _log_zero(),
}


def _losses(query, steps, base):
    """The explanation's binary losses in the class's units: this step's, and Sure and right's."""
    return {
        "loss": format_loss(_loss(query, base), _UNITS[base]),
        "loss_before": format_loss(_loss(steps["Sure and right"], base), _UNITS[base]),
    }


_UNITS = {math.e: "nats", 2.0: "bits"}


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
        right = functools.partial(compute, query, queries) if compute else (lambda _, value=form.right: value)
        words = functools.partial(_losses, query, queries) if step.page.slug == "binary" else None
        yield ClassQuestion(
            step.key, f"Plan: {step.title}", form.ask or step.ask, form.options,
            form.number, form.low, form.high, form.why, step.page, query, right, form.unit, words,
        )  # fmt: skip


def _in_class(question):
    """A lesson's predict question as a phone asks it: without 'Before the page shows it:'."""
    return re.sub(r"Before the page shows it:\s+(\w)", lambda match: match.group(1).upper(), question)


def _predict_questions():
    """The lessons' predict-then-reveal questions the plan does not ask already, at their presets (the why in
    the class's units): the multiclass page's, and the training lab's, answered by the race it measures."""
    preset = MULTICLASS_PRESETS[MULTICLASS_ASKED]
    found = predict.multiclass_prediction(preset)
    query = {key: str(value) for key, value in preset.items()}

    def why(base):
        return {"why": predict.multiclass_prediction(preset, base=base, unit=_UNITS[base]).why}

    yield ClassQuestion(
        "predict/multiclass", f"Predict: {catalogue.page('multiclass').title}", _in_class(found.question),
        found.options, "", 0.0, 0.0, "{{why}}", catalogue.page("multiclass"), query,
        lambda _: found.correct, "", why,
    )  # fmt: skip
    question, options = predict.race_question(PRESETS[RACE_ASKED], preset=RACE_ASKED, target=TARGET)
    query = race_query(RACE_ASKED)
    yield ClassQuestion(
        "predict/training", f"Predict: {catalogue.page('training').title}", _in_class(question), options,
        "", 0.0, 0.0, "{{why}}", catalogue.page("training"), query, lambda _: race_verdict(query).correct,
    )  # fmt: skip


@functools.lru_cache(maxsize=1)
def class_questions():
    """{key: ClassQuestion}, the plan's steps in order, then the lessons' predictions."""
    return {question.key: question for question in (*_plan_questions(), *_predict_questions())}
