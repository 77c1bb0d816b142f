"""The problem sheets: every final answer, recomputed here with NumPy and SciPy from the numbers the exercise
states (never with core/ or lessons/), equals the solution's to the decimals it shows, in nats and in bits,
for any seed; each claim a solution makes holds for that seed; the same seed gives the same sheet."""

import math
import re

import numpy as np
import pytest
from exercise_answers import UNITS, expected, shown_number
from helpers import reads_as
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import expit, softmax

import catalogue
from lessons.exercises import WRITERS, next_seed, problem_sheet

SEEDS = st.integers(min_value=1, max_value=999)


def stated(value):
    """The texts a stated number may take in a question: 0.05, 0.5, 5 or -1."""
    return {f"{value:.2f}", f"{value:g}", f"{value:.1f}"}


def flat(values):
    return values if isinstance(values, tuple) else (values,)


@pytest.mark.parametrize("lesson", list(WRITERS))
@pytest.mark.parametrize("units", list(UNITS))
@given(seed=SEEDS)
def test_every_answer_equals_an_independent_recomputation_to_the_decimals_it_shows(lesson, units, seed):
    log_base = math.log(UNITS[units])
    for exercise in problem_sheet(lesson, seed, units).exercises:
        truth = expected(exercise.kind, exercise.given, log_base)
        assert set(truth) == set(exercise.answers), exercise.kind
        solution = " ".join(exercise.steps)
        numbers = set(re.findall(r"\d+(?:\.\d+)?", exercise.prompt))  # as stated, signs aside
        for name, text in exercise.answers.items():
            assert text in solution, f"{exercise.kind}: {name} = {text!r} is not in its solution"
            assert reads_as(shown_number(text, units), truth[name]), (exercise.kind, name, text, truth[name])
        for name, values in exercise.given.items():
            if name != "true":  # a class index, stated by the class's name
                for value in flat(values):
                    assert stated(abs(value)) & numbers, (exercise.kind, name, value)


@given(seed=SEEDS)
def test_every_claim_a_solution_makes_holds_for_the_seed(seed):
    home, binary, multi = (problem_sheet(lesson, seed).exercises for lesson in WRITERS)
    uniform = home[1].given  # "a model below 1/K pays more than the shrug"
    assert uniform["q_y"] < 1 / uniform["k"]
    spread = home[2].given  # the two models differ, but only off the true class
    assert spread["q_a"] != spread["q_b"] and spread["q_a"][spread["true"]] == spread["q_b"][spread["true"]]
    mistake = binary[1].given  # "costs more than the other N − 1 together"
    assert -np.log(1 - mistake["wrong"]) > (mistake["n"] - 1) * -np.log(mistake["right"])
    logit = binary[2].given  # "the push is never 0": 0 < q < 1
    assert 0 < expit(logit["z"]) < 1
    confident = binary[3].given  # both right on all four; B gives each true label more than A
    y = np.asarray(confident["y"])
    right_a, right_b = (
        np.where(y == 1, confident[key], 1 - np.asarray(confident[key])) for key in ("q_a", "q_b")
    )
    assert np.all(right_a > 0.5) and np.all(right_b > right_a) and 0 < y.sum() < 4
    for exercise in multi:  # distinct logits: the largest gets the largest probability, T keeps the order
        if "z" in exercise.given:
            assert len(set(exercise.given["z"])) == len(exercise.given["z"])
    temperature = multi[2]
    z, t = np.asarray(temperature.given["z"]), temperature.given["t"]
    sharper = softmax(z / t).max() > softmax(z).max()
    assert sharper == (t < 1) and ("sharpens" in " ".join(temperature.steps)) == sharper
    targets = multi[1].given
    assert math.isclose(sum(targets["q"]), 1) and math.isclose(sum(targets["soft"]), 1)
    assert min(targets["q"]) > 0 and targets["soft"][targets["true"]] >= 0.5


def test_the_same_seed_gives_the_same_sheet_and_other_seeds_other_numbers():
    for lesson in WRITERS:
        for units in UNITS:
            assert problem_sheet(lesson, 17, units) == problem_sheet(lesson, 17, units)
        prompts = {
            tuple(exercise.prompt for exercise in problem_sheet(lesson, seed).exercises)
            for seed in range(1, 21)
        }
        assert len(prompts) >= 18, f"{lesson}: 20 seeds should give (nearly) 20 different sheets"


def test_the_sheets_are_the_catalogues_and_each_has_four_or_five_exercises():
    assert tuple(WRITERS) == catalogue.SHEETS
    assert catalogue.page("exercises").param("exsheet").options == catalogue.SHEETS
    for lesson in WRITERS:
        assert 4 <= len(problem_sheet(lesson, 1).exercises) <= 5
    with pytest.raises(ValueError, match="no problem sheet"):
        problem_sheet("numerics", 1)


def test_new_numbers_moves_on_by_one_and_wraps_at_the_end():
    seed = catalogue.page("exercises").param("exseed")
    assert next_seed(1) == 2 and next_seed(seed.high) == seed.low


def test_a_lessons_end_links_to_its_own_sheet_only_if_it_has_one():
    assert catalogue.sheet_query("") == {"exsheet": "home"}
    assert catalogue.sheet_query("multiclass") == {"exsheet": "multiclass"}
    assert catalogue.sheet_query("numerics") is None
