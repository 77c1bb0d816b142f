"""The problem sheets: every final answer, recomputed here with NumPy and SciPy from the numbers the exercise
states (never with core/ or lessons/), equals the solution's to the decimals it shows, in nats and in bits,
for any seed; every equation a solution prints holds as printed, for every seed; each claim a solution makes
holds for that seed; the same seed gives the same sheet."""

import math
import re

import numpy as np
import pytest
from exercise_answers import UNITS, expected, holds_as_printed, printed_equations, shown_number
from helpers import reads_as
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import expit, softmax

import catalogue
from content.lesson_files import lesson as lesson_section
from lessons.exercises import WRITERS, next_seed, problem_sheet
from lessons.notation import SYMBOLS

SEEDS = st.integers(min_value=1, max_value=999)
EVERY_SEED = range(1, 1000)
# The equations 'arithmetic on numbers = a number' each kind prints at least, whatever its numbers: every line
# that ends in an answer, and the lines that lead to it. (The vectors are checked below, one kind at a time.)
EQUATIONS = {
    "home-photo": 1,  # −log q_y
    "home-uniform": 4,  # −log q_y; −log(1/K) = log K; 1/K; the difference of the two losses as shown
    "home-spread": 2,
    "home-halve": 4,  # before, after, their difference as shown, log 2
    "home-limits": 3,  # −log 1; −log 10^−p = p log 10; log 10
    "binary-four": 4,  # three running sums, the mean from the total shown
    "binary-mistake": 5,  # each loss, the total from the terms shown, the mean, the share
    "binary-logit": 3,  # q = 1/(1 + e^−z), the loss from q shown, q − y (and, in bits, / ln 2)
    "binary-confident": 2,
    "multiclass-softmax": 2,  # S from the e^z shown, −log(e^{z_y}/S) (and, in nats, ln S − z_y)
    "multiclass-targets": 4,
    "multiclass-temperature": 2,
    "multiclass-gradient": 0,
    "multiclass-shift": 0,
}
TEX_VECTOR = re.compile(r"\((-?\d+(?:\.\d+)?(?:,\\ -?\d+(?:\.\d+)?)+)\)")


@pytest.fixture(scope="module")
def every_sheet():
    """Every sheet of every seed, in nats and in bits: {(lesson, seed, units): its exercises}."""
    return {
        (lesson_name, seed, units): problem_sheet(lesson_name, seed, units).exercises
        for lesson_name in WRITERS
        for seed in EVERY_SEED
        for units in UNITS
    }


def tex_vectors(text):
    """The numbers of each KaTeX vector in `text`, as printed: [['0.0022', '0.1189', '0.8789'], …]."""
    return [match.split(",\\ ") for match in TEX_VECTOR.findall(text)]


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
    # "A confident mistake": the wrong class the prompt names gets at least 0.7, the most of any class
    assert uniform["wrong"] >= 0.7 and uniform["wrong"] + uniform["q_y"] <= 1
    assert (
        "A confident mistake" in home[1].title
        and f"puts {uniform['wrong']:.2f} on a wrong class" in home[1].prompt
    )
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
    assert min(targets["q"]) > 0 and 0.6 <= targets["soft"][targets["true"]] <= 0.8  # a photo of that class


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


def test_every_equation_a_solution_prints_holds_as_printed_for_every_seed_in_both_units(every_sheet):
    """A student redoing a line on a calculator, from the numbers it shows, gets the result it shows to the
    decimals shown: −log₂ 0.245 = 2.031 (it is 2.029) or 5 × 0.163 + 3.507 = 4.319 (4.322) would fail."""
    wrong, fewest = [], {}
    for (lesson_name, seed, units), exercises in every_sheet.items():
        for exercise in exercises:
            found = 0
            for step in exercise.steps:
                for expression, value, number, decimals in printed_equations(step):
                    found += 1
                    if not holds_as_printed(value, number, decimals):
                        wrong.append(f"{lesson_name} {seed} {units} {exercise.kind}: {expression} = {number}")
            fewest[exercise.kind] = min(fewest.get(exercise.kind, found), found)
    assert not wrong, f"{len(wrong)} printed equations do not hold as printed:\n" + "\n".join(wrong[:20])
    assert fewest == {kind: fewest[kind] for kind in EQUATIONS}
    for kind, least in EQUATIONS.items():
        assert fewest[kind] >= least, f"{kind}: only {fewest[kind]} equations found, expected {least}"


def test_the_vectors_a_solution_works_out_hold_as_printed_for_every_seed(every_sheet):
    """Softmax by hand: each q_i is e^{z_i}/S from the e^z and S the steps print. The gradient: (q − p)/T from
    the q printed, and in bits that divided by ln 2."""
    for (lesson_name, seed, units), exercises in every_sheet.items():
        if lesson_name != "multiclass":
            continue
        by_hand, gradient = exercises[0], exercises[3]
        (powers,) = tex_vectors(by_hand.steps[0])
        total = re.findall(r"= (\d+\.\d+)\.$", by_hand.steps[1])[0]
        assert holds_as_printed(sum(map(float, powers)), total, len(total.partition(".")[2])), (seed, units)
        q = re.findall(r"\*\*\((.*)\)\*\*", by_hand.steps[2])[0].replace("−", "-").split(", ")
        for power, q_i in zip(powers, q, strict=True):
            assert holds_as_printed(float(power) / float(total), q_i, 3), (seed, units, power, total, q_i)

        work = gradient.steps[-2]
        q, p, from_q, *in_bits = tex_vectors(work)
        t = gradient.given["t"]
        for i, (q_i, p_i, g_i) in enumerate(zip(q, p, from_q, strict=True)):
            nats = (float(q_i) - float(p_i)) / t
            assert holds_as_printed(nats, g_i, len(g_i.partition(".")[2])), (seed, units, i, work)
            if units == "bits":
                (g_nats, g_bits) = in_bits
                assert g_nats[i] == g_i
                assert holds_as_printed(float(g_i) / math.log(2), g_bits[i], 3), (seed, i, work)
        answer = in_bits[-1] if units == "bits" else from_q
        assert [gradient.answers[f"grad_{i}"].replace("−", "-") for i in range(3)] == answer


def test_what_the_medium_text_says_of_the_units_holds_on_every_sheet(every_sheet):
    """A probability, a softmax output or a share of the total is the same in nats and in bits; every loss
    and gradient in bits is its value in nats times 1/ln 2. 'Every answer changes with them' was false."""
    text = " ".join(lesson_section("exercises", "Medium").split())
    assert "every answer changes" not in text
    assert (
        "probabilities, and ratios of losses such as a mistake's share of the total, are the same in both"
        in text
    )
    assert "times 1/ln 2 ≈ 1.443" in text
    unit_free = 0
    for (lesson_name, seed, units), exercises in every_sheet.items():
        if units != "nats":
            continue
        for in_nats, in_bits in zip(exercises, every_sheet[(lesson_name, seed, "bits")], strict=True):
            for name, text_nats in in_nats.answers.items():
                text_bits = in_bits.answers[name]
                nats, bits = float(shown_number(text_nats, "nats")), float(shown_number(text_bits, "bits"))
                kind = in_nats.kind
                if "nats" in text_nats or kind == "multiclass-gradient" or name.startswith("loss_"):
                    digits = len(shown_number(text_bits, "bits").partition(".")[2])
                    assert abs(bits - nats / math.log(2)) <= 10**-digits + 10**-3 / math.log(2), (name, seed)
                else:  # no unit: a probability, a softmax output, a share
                    unit_free += 1
                    assert text_nats == text_bits, (lesson_name, seed, kind, name)
    assert unit_free == 999 * 10  # softmax by hand 3, temperature 2, the share, q = σ(z), the shift 3


def test_the_detailed_text_describes_the_numbers_every_sheet_draws(every_sheet):
    """'Whole-number logits' alone was false: the sigmoid's logit has one decimal (z = −1.2)."""
    text = " ".join(lesson_section("exercises", "Detailed").split())
    assert "whole-number logits for softmax and one-decimal logits for the sigmoid" in text
    fractional = 0
    for (_lesson, _seed, units), exercises in every_sheet.items():
        if units != "nats":
            continue
        for exercise in exercises:
            z = exercise.given.get("z")
            if exercise.kind == "binary-logit":
                assert math.isclose(z * 10, round(z * 10))
                fractional += z != round(z)
            elif z is not None:
                assert all(value == round(value) for value in z), exercise.kind
    assert fractional > 0


def test_the_softmax_gradient_derivation_defines_delta_and_shows_the_quotient_rule():
    """δ_ij was used but never defined, and the quotient-rule line students get stuck on was skipped."""
    for units in UNITS:
        steps = problem_sheet("multiclass", 1, units).exercises[3].steps
        text = " ".join(steps)
        first = text.index("\\delta_{ij}")
        assert text[first:].startswith("\\delta_{ij} = 1$ if $i = j$ and 0 otherwise")
        assert "(u' S - u S')/S^2" in text
        assert "\\dfrac{\\delta_{ij}\\,(e^{z_i/T}/T)\\, S - e^{z_i/T}\\,(e^{z_j/T}/T)}{S^2}" in text
        assert "= \\dfrac{q_i(\\delta_{ij} - q_j)}{T}" in text
        assert "the entries add up to 0" not in text.replace("Unrounded, the entries", "")
    card = dict(SYMBOLS)[r"i,\ j,\ k,\ \delta_{ij}"]  # the notation card says the same of δ_ij
    assert card.endswith(r"$\delta_{ij}$ is 1 if $i = j$, else 0")


@given(seed=SEEDS)
def test_the_wording_of_each_sheet_reads_as_the_review_asked(seed):
    """'z + -2' with a hyphen and an unnamed a; 'an ordinary email that matters'; 'gives the true labels
    (0.57, …)'; 'Which pays more' when they pay the same; the loss's unit in each cell of a phone's table."""
    home, binary, multi = (problem_sheet(name, seed, "bits").exercises for name in WRITERS)
    shift = multi[4]
    a = shift.given["a"]
    assert "+ -" not in shift.prompt and "$z + a$ with a = " in shift.prompt
    assert (
        f"a = {'−' if a < 0 else ''}{abs(a):g}" in shift.prompt
        and f"a = {abs(a):g}" not in shift.steps[0]
        or a > 0
    )
    assert f"a = {a:g}" not in shift.steps[0] or a > 0, "a true minus, not a hyphen"
    assert "that matters" not in binary[1].prompt
    assert "gives the true labels the probabilities (" in binary[3].steps[1]
    assert "Does either pay more? Why?" in home[2].prompt and "Which pays more" not in home[2].prompt
    header, _rule, *rows = binary[0].steps[1].split("\n\n")[1].splitlines()
    assert header.startswith("| n | y |") and header.endswith("(bits) |") and len(rows) == 4
    assert all(re.fullmatch(r"\| \d \| [01] \| 0\.\d\d \| 0\.\d\d \| \d\.\d{4,} \|", row) for row in rows), (
        rows
    )
