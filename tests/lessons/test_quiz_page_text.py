"""The quiz page's sentences built in lessons/quiz.py: a numeric answer's verdict and the lesson's numbers."""

import math

from content.lesson_files import lesson
from content.quiz_bank import NumericQuestion, Score
from lessons.quiz import lesson_values, numeric_verdict


def question(answer, unit):
    return NumericQuestion("uniform", "prompt", {}, answer, unit, "solution", "multiclass")


def test_the_verdict_names_what_was_said_and_the_answer_with_its_unit():
    loss = math.log(4)  # a uniform guess over 4 classes
    assert numeric_verdict(1.39, True, question(loss, "nats")) == (
        "**Right.** You said 1.39; the answer is 1.386 nats."
    )
    assert numeric_verdict(2, False, question(loss, "nats")) == (
        "**Not quite.** You said 2; the answer is 1.386 nats."
    )


def test_the_verdict_echoes_the_number_as_typed_not_padded():
    assert "You said 3.03;" in numeric_verdict(3.03, False, question(3.0, "bits"))
    assert "You said 0.125;" in numeric_verdict(0.125, False, question(3.0, "bits"))


def test_an_answer_without_a_unit_leaves_no_trailing_space():
    assert numeric_verdict(4, True, question(4.0, "")).endswith("the answer is 4.000.")


def test_the_lesson_numbers_fill_every_depth():
    values = lesson_values(36, Score(correct=2, answered=3))
    assert values["score"] == "2 right out of 3" and values["n_questions"] == 36
    assert values["tolerance"] == "within 0.01 or 1 % of the answer, whichever is larger"
    for depth in ("Basic", "Medium", "Detailed"):
        assert "{{" not in lesson("quiz", depth, values)


def test_the_guess_prompt_names_the_true_class():
    assert lesson("quiz", "Guess", {"true_name": "fox"}).startswith(
        "The photo is a **fox**. Before you compute"
    )
