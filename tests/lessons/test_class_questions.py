"""The questions class mode can send: one per plan step and per lesson prediction, answers recomputed here."""

import math

import numpy as np
import pytest

from content.plan import route
from lessons.class_charts import choice_spread, histogram_bins, number_spread
from lessons.class_questions import class_questions

QUESTIONS = class_questions()


def test_every_ask_step_of_the_plan_and_every_prediction_can_be_sent():
    plan = [key for key in QUESTIONS if key.startswith("plan/")]
    assert len(plan) == len(route()), "a class question for each step (assets/class_answers.md)"
    assert [QUESTIONS[key].prompt for key in plan] == [step.ask for step in route()], "the plan's own words"
    assert {key for key in QUESTIONS if key.startswith("predict/")} == {
        "predict/binary",
        "predict/multiclass",
        "predict/ce-vs-mse",
    }


@pytest.mark.parametrize(
    "key, expected",
    [
        ("plan/what-is-a-loss", 0.0),  # -ln 1
        ("plan/sure-and-right", -math.log(0.9)),
        ("plan/sure-and-wrong", 2),  # -ln 0.02 / -ln 0.9 = 37 times: far more than ten
        ("plan/from-scores-to-probabilities", math.exp(2) / (math.exp(2) + math.exp(1) + math.exp(0.1))),
        ("plan/why-not-squared-error", 0),  # |0.02 - 1| against |2 (0.02 - 1) 0.02 0.98|
        ("plan/the-part-no-model-removes", 1),  # the default weather has entropy > 0
        ("plan/what-breaks-on-a-computer", 0),
        ("predict/binary", 3),  # -ln 0.02 = 3.9 nats: more than 3
        ("predict/multiclass", 1),  # the true class, cat
        ("predict/ce-vs-mse", 0),
    ],
)
def test_each_right_answer_is_what_the_maths_gives(key, expected):
    assert QUESTIONS[key].right() == pytest.approx(expected)


def test_numbers_have_a_label_and_a_range_and_choices_have_options():
    for question in QUESTIONS.values():
        assert question.options or (question.number and question.low < question.high), question.key
        right = question.right()
        if right is not None and question.options:
            assert 0 <= right < len(question.options)
        elif right is not None:
            assert question.low <= right <= question.high


def test_guesses_spanning_decades_get_a_log_scale_and_the_answer_is_marked():
    edges, log = histogram_bins([0.01, 0.1, 4.0])
    assert log and edges[0] == 0.01 and edges[-1] >= 4.0
    assert not histogram_bins([0.0, 0.1, 4.0])[1], "a zero cannot sit on a log axis"
    assert not histogram_bins([0.5, 0.6])[1]
    figure = number_spread([0.01, 0.1, 4.0], "loss", right=0.105)
    assert "log scale" in figure.layout.xaxis.title.text and sum(figure.data[0].y) == 3
    assert list(figure.layout.xaxis.ticktext) == ["0.01", "0.1", "1", "10"]
    assert figure.layout.shapes[0].x0 == pytest.approx(np.log10(0.105)), (
        "on a log axis at log10 of the answer"
    )
    assert number_spread([], "loss").data == ()


def test_choice_bars_count_every_option_and_mark_only_after_reveal():
    from collections import Counter

    hidden = choice_spread(("a", "b", "c"), Counter({2: 5, 0: 1}))
    assert list(hidden.data[0].x) == [1, 0, 5] and not any("✓" in label for label in hidden.data[0].y)
    shown = choice_spread(("a", "b", "c"), Counter({2: 5, 0: 1}), right=1)
    assert [label.startswith("✓") for label in shown.data[0].y] == [False, True, False]
