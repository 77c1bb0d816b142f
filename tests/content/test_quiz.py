"""content.quiz_bank: the question bank, numeric questions against independent maths, answers, parsing."""

import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import log_softmax
from sklearn.metrics import log_loss
from test_quiz_distributions import KINDS as DISTRIBUTION_KINDS
from test_quiz_distributions import NO_UNIT, distribution_answer

from content import quiz_bank
from lessons.quiz import (
    CLASSES,
    Scenario,
    numeric_question,
    prediction_scenario,
    scenario_latex,
    scenario_loss,
)

PAGE_PATHS = {"home", "binary", "multiclass", "ce-vs-mse", "training", "information", "sequences", "numerics"}
PAGE_PATHS |= {"variants", "data", "misconceptions"}
QUESTIONS = quiz_bank.load_questions()
seeds = st.integers(0, 2**32 - 1)
units = st.sampled_from(["nats", "bits"])


# --- The question bank ---


def test_the_bank_has_at_least_20_questions_and_reads_every_one_in_the_file():
    raw = quiz_bank.QUESTIONS_FILE.read_text(encoding="utf-8")
    assert len(QUESTIONS) >= 20
    assert len(QUESTIONS) == len(re.findall(r"^## ", raw, flags=re.MULTILINE))
    assert len(QUESTIONS) == len(re.findall(r"^- \[x\] ", raw, flags=re.MULTILINE))


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.prompt[:40])
def test_each_question_has_one_right_answer_unique_options_reasons_and_a_teaching_page(question):
    assert question.prompt.strip()
    assert 3 <= len(question.options) <= 5
    assert 0 <= question.answer < len(question.options)
    assert len(set(question.options)) == len(question.options)
    assert len(question.reasons) == len(question.options)
    assert all(len(reason) > 20 for reason in question.reasons), "every option says why"
    assert question.page in PAGE_PATHS
    assert question.page in quiz_bank.TEACHING_PAGES
    assert all(text.count("$") % 2 == 0 for text in (question.prompt, *question.options, *question.reasons))


def test_prompts_are_unique():
    prompts = [question.prompt for question in QUESTIONS]
    assert len(set(prompts)) == len(prompts)


def test_the_bank_covers_every_idea_of_the_content_brief():
    def text_of(question):
        return " ".join((question.prompt, *question.options, *question.reasons)).lower()

    everything = " ".join(text_of(question) for question in QUESTIONS)
    ideas = [
        "loss function",
        "gradient descent",
        "one-hot",
        "binary cross-entropy",
        "softmax",
        "temperature",
        "squared error",
        "vanishing gradient",
        "entropy",
        "kl",
        "perplexity",
        "bits",
        "nats",
        "not symmetric",
        "backpropagation through time",
        "reinforcement",
        "log 0",
        "overflow",
        "logits",
        "log-sum-exp",
        "label smoothing",
        "class-weighted",
        "focal",
        "uniform",
    ]
    assert [idea for idea in ideas if idea not in everything] == []
    assert {question.page for question in QUESTIONS} == PAGE_PATHS, "every teaching page gets questions"


# Pages whose questions use real misconceptions as distractors, never topics the app does not teach
# (issue 19): a wrong option a learner can rule out by a name alone teaches nothing.
UNTAUGHT = re.compile(
    r"regularisation|gradient checkpointing|asynchronous|penalty on (?:large )?weights", re.I
)
CLEANED_PAGES = ("home", "binary", "multiclass", "ce-vs-mse", "sequences")


@pytest.mark.parametrize("page", CLEANED_PAGES)
def test_the_distractors_are_misconceptions_not_untaught_topics(page):
    wrong = [
        f"{option} {reason}"
        for question in QUESTIONS
        if question.page == page
        for index, (option, reason) in enumerate(zip(question.options, question.reasons, strict=True))
        if index != question.answer
    ]
    assert wrong, page
    assert [text for text in wrong if UNTAUGHT.search(text)] == []


def test_the_logits_memory_distractor_says_memory_is_not_the_reason():
    """Review 27-C #5: its feedback named gradient checkpointing, which /numerics never teaches."""
    question = next(question for question in QUESTIONS if "cross-entropy with logits" in question.prompt)
    reason = question.reasons[question.options.index("Logits take less memory than probabilities.")]
    assert reason == "They are the same size, one number per class, so memory is not the reason."


def test_the_binary_checkpoints_speak_of_two_labels_never_of_k_classes():
    """/binary (and the pages before it) never define K, and its model chooses between two labels."""
    for question in (question for question in QUESTIONS if question.page == "binary"):
        text = " ".join([question.prompt, *question.options, *question.reasons])
        assert not re.search(r"\bK\b|other classes", text), question.prompt
    perfect = next(
        question for question in QUESTIONS if question.prompt.startswith("The model gives the true")
    )
    assert any(option.startswith(r"$\log 2$, the cost of a 50/50 guess") for option in perfect.options)


def test_every_right_answer_steps_against_the_gradient():
    """A gradient-descent step moves the weights against the gradient (the notation card); a right answer
    that says a step goes the gradient's way teaches the wrong sign (review 19-D #1)."""
    for question in QUESTIONS:
        right = question.options[question.answer]
        stepping = re.search(r"weights? (take|takes|move|moves) a (small )?step", right)
        if stepping and re.search(r"gradient|push", right):
            assert re.search(r"opposite|against", right), question.prompt
            assert not re.search(r"step (that|the same) way", right), question.prompt
            # Home's Basic text: the push points the way the loss grows; "fastest" belongs to the whole
            # gradient, not to each weight on its own (review 19-A #7).
            assert not re.search(r"each weight would raise the loss", right), question.prompt
    (home,) = [question for question in QUESTIONS if question.prompt.startswith("During training")]
    assert "points the way the loss grows" in home.options[home.answer]


@settings(max_examples=30)
@given(seed=seeds)
def test_shuffled_options_keep_the_right_answer_right(seed):
    rng = np.random.default_rng(seed)
    question = QUESTIONS[seed % len(QUESTIONS)]
    shuffled = quiz_bank.shuffle_options(question, rng)
    assert sorted(shuffled.options) == sorted(question.options)
    assert shuffled.options[shuffled.answer] == question.options[question.answer]
    for option, reason in zip(shuffled.options, shuffled.reasons, strict=True):
        assert reason == question.reasons[question.options.index(option)]


GOOD = """notes

## A question?
Page: binary

- [ ] wrong
  because
- [x] right
  because
"""


def test_a_well_formed_file_reads(tmp_path):
    path = tmp_path / "q.md"
    path.write_text(GOOD, encoding="utf-8")
    (question,) = quiz_bank.load_questions(path)
    assert question.prompt == "A question?"
    assert question.options == ("wrong", "right")
    assert question.answer == 1
    assert question.page == "binary"


@pytest.mark.parametrize(
    "change, problem",
    [
        (("- [x] right", "- [ ] right"), "exactly one right answer"),
        (("- [ ] wrong", "- [x] wrong"), "exactly one right answer"),
        (("- [ ] wrong", "- [ ] right"), "same answer twice"),
        (("Page: binary", "Page: chemistry"), "is not one of"),
        (("Page: binary\n", ""), "is not one of"),
        (("  because\n- [x]", "- [x]"), "indented line"),
        (("- [x] right\n  because", "- [x] right\nbecause"), "not indented"),
        (("## A question?", "A question?"), "no questions"),
        (("- [ ] wrong\n  because\n", ""), "at least two answers"),
    ],
)
def test_a_broken_file_names_the_problem(tmp_path, change, problem):
    path = tmp_path / "q.md"
    path.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(ValueError, match=rf"^path: .*{problem}"):
        quiz_bank.load_questions(path)


def test_a_missing_file_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="^path: cannot read"):
        quiz_bank.load_questions(tmp_path / "nowhere.md")


# --- Numeric questions, checked against maths done here independently ---


def independent_answer(question, base):
    """The answer from the question's own numbers, with math / scipy / sklearn only."""
    given = question.given
    ln_base = math.log(base)
    if question.kind in DISTRIBUTION_KINDS:
        return distribution_answer(question, base)
    if question.kind == "true_class":
        return -math.log(given["q"]) / ln_base
    if question.kind == "three_class":
        return -math.log(given["q"][given["true_class"]]) / ln_base
    if question.kind == "logits":
        return -log_softmax(np.array(given["z"]))[given["true_class"]] / ln_base
    if question.kind == "emails":
        return log_loss(given["y"], given["q"], labels=[0, 1]) / ln_base
    if question.kind == "uniform":
        return math.log(given["k"]) / ln_base
    return base ** given["mean_ce"]


@settings(max_examples=60)
@given(seed=seeds, kind=st.sampled_from(list(quiz_bank.NUMERIC_KINDS)), unit=units)
def test_numeric_answers_match_independent_maths(seed, kind, unit):
    question = numeric_question(np.random.default_rng(seed), kind, units=unit)
    base = math.e if unit == "nats" else 2.0
    assert question.kind == kind
    assert question.answer == pytest.approx(independent_answer(question, base), rel=1e-9)
    assert question.unit == ("" if kind in NO_UNIT else unit)
    assert kind in NO_UNIT or unit in question.prompt
    assert question.page in quiz_bank.TEACHING_PAGES
    assert quiz_bank.check_numeric_answer(round(question.answer, 2), question.answer), "two decimals pass"


@settings(max_examples=40)
@given(seed=seeds, kind=st.sampled_from(list(quiz_bank.NUMERIC_KINDS)))
def test_the_numbers_shown_are_the_numbers_used(seed, kind):
    question = numeric_question(np.random.default_rng(seed), kind)
    numbers = [value for name, value in question.given.items() if name in ("q", "z", "mean_ce", "p", "eps")]
    flat = [x for value in numbers for x in (value if isinstance(value, tuple) else (value,))]
    assert flat or kind == "uniform"
    for x in flat:
        shown = f"{x:.1f}" if kind == "logits" else f"{x:.2f}"
        assert float(shown) == x, "rounded before use"
        assert shown in question.prompt
    if kind == "three_class":
        q = question.given["q"]
        assert math.isclose(sum(q), 1.0) and min(q) >= 0.02
        assert CLASSES[question.given["true_class"]] in question.prompt


def test_numeric_questions_depend_only_on_the_generator():
    for kind in quiz_bank.NUMERIC_KINDS:
        first = numeric_question(np.random.default_rng(7), kind)
        again = numeric_question(np.random.default_rng(7), kind)
        assert first == again
    prompts = {numeric_question(np.random.default_rng(seed), "true_class").prompt for seed in range(20)}
    assert len(prompts) > 10, "fresh numbers each time"


def test_the_brief_example_in_bits():
    rng = np.random.default_rng(0)
    questions = (numeric_question(rng, "true_class", units="bits") for _ in range(500))
    question = next(q for q in questions if q.given["q"] == 0.35)
    assert question.answer == pytest.approx(-math.log2(0.35))
    assert "0.35" in question.prompt and "bits" in question.prompt


@pytest.mark.parametrize("kind, unit", [("hinge", "nats"), ("uniform", "furlongs"), (["uniform"], "nats")])
def test_unknown_kind_or_unit_is_a_value_error(kind, unit):
    with pytest.raises(ValueError, match="^(kind|units): "):
        numeric_question(np.random.default_rng(0), kind, units=unit)


# --- Checking a numeric answer ---


@pytest.mark.parametrize(
    "given_value, expected, right",
    [
        (0.5, 0.5, True),
        (0.509, 0.5, True),
        (0.51, 0.5, True),  # exactly the absolute tolerance
        (0.49, 0.5, True),
        (0.5101, 0.5, False),
        (0.4899, 0.5, False),
        (101.0, 100.0, True),  # exactly 1 % relative
        (98.99, 100.0, False),
        (101.02, 100.0, False),
        (-0.105, 0.105, False),
        (math.inf, math.inf, True),
        (1e308, math.inf, False),
        (math.inf, 2.0, False),
        (-math.inf, math.inf, False),
    ],
)
def test_tolerance_edges(given_value, expected, right):
    assert quiz_bank.check_numeric_answer(given_value, expected) is right


def test_tolerances_can_be_tightened():
    assert quiz_bank.check_numeric_answer(0.505, 0.5)
    assert not quiz_bank.check_numeric_answer(0.505, 0.5, abs_tol=0.001, rel_tol=0.001)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"given": math.nan, "expected": 1.0}, "given"),
        ({"given": "1", "expected": 1.0}, "given"),
        ({"given": True, "expected": 1.0}, "given"),
        ({"given": 1.0, "expected": math.nan}, "expected"),
        ({"given": 1.0, "expected": 1.0, "abs_tol": -0.1}, "abs_tol"),
        ({"given": 1.0, "expected": 1.0, "rel_tol": math.inf}, "rel_tol"),
    ],
)
def test_bad_arguments_name_themselves(kwargs, name):
    with pytest.raises(ValueError, match=f"^{name}: "):
        quiz_bank.check_numeric_answer(**kwargs)


# --- Parsing what a learner typed ---


@pytest.mark.parametrize(
    "text, value",
    [
        ("1.52", 1.52),
        ("  1.52  ", 1.52),
        ("1,52", 1.52),
        ("0,35", 0.35),
        (".5", 0.5),
        ("5.", 5.0),
        ("+2", 2.0),
        ("1e-3", 0.001),
        ("1E3", 1000.0),
        ("1 234.5", 1234.5),
        ("1,234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("1,234,567", 1234567.0),
        ("1.52 bits", 1.52),
        ("2.3nats", 2.3),
        ("7.4 choices", 7.4),
        ("inf", math.inf),
        ("Infinity", math.inf),
        ("∞", math.inf),
        ("-inf", -math.inf),
        ("-0.5", -0.5),
        (3.5, 3.5),
    ],
)
def test_answers_a_person_would_type_are_read(text, value):
    assert quiz_bank.parse_answer(text) == quiz_bank.ParsedAnswer(value, "")


@pytest.mark.parametrize(
    "text, hint",
    [
        ("", "Type a number"),
        ("   ", "Type a number"),
        (None, "Type a number"),
        ("nan", "not a number"),
        ("abc", "not a number"),
        ("1..2", "not a number"),
        ("1.2.3", "not a number"),
        ("1_000", "not a number"),
        ("½", "not a number"),
        ("٣", "not a number"),
        ("<script>alert(1)</script>", "not a number"),
        ("1" * 200, "too long"),
    ],
)
def test_garbage_gets_a_friendly_message(text, hint):
    parsed = quiz_bank.parse_answer(text)
    assert parsed.value is None
    assert hint in parsed.problem


@settings(max_examples=200)
@given(text=st.text(max_size=80))
def test_parse_answer_never_raises(text):
    parsed = quiz_bank.parse_answer(text)
    assert (parsed.value is None) != (parsed.problem == "")
    assert parsed.value is None or not math.isnan(parsed.value)


@settings(max_examples=100)
@given(x=st.floats(allow_nan=False, allow_infinity=True))
def test_any_float_python_prints_reads_back(x):
    assert quiz_bank.parse_answer(repr(x)).value == x


@settings(max_examples=100)
@given(x=st.floats(-1e6, 1e6))
def test_a_decimal_comma_reads_like_a_point(x):
    assert quiz_bank.parse_answer(f"{x:.3f}".replace(".", ",")).value == float(f"{x:.3f}")


# --- Predict, then reveal ---


@settings(max_examples=40)
@given(seed=seeds, unit=units)
def test_scenarios_are_distributions_and_their_loss_is_minus_log_q_true(seed, unit):
    scenario = prediction_scenario(np.random.default_rng(seed))
    q = scenario.probabilities
    assert scenario.classes == CLASSES
    assert math.isclose(sum(q), 1.0) and min(q) >= 0.02
    assert all(round(x, 2) == x for x in q)
    assert 0 <= scenario.true_class < len(CLASSES)
    base = math.e if unit == "nats" else 2.0
    expected = -math.log(q[scenario.true_class], base)
    assert scenario_loss(scenario, base=base) == pytest.approx(expected)
    assert f"{expected:.3f}" in scenario_latex(scenario, units=unit)


@pytest.mark.parametrize(
    "guess, actual, words",
    [
        (1.61, 1.609, "Spot on."),
        (1.3, 1.609, "Close: 0.309 nats too low."),
        (1.9, 1.609, "Close: 0.291 nats too high."),
        (0.2, 1.609, "Off by 1.409 nats: the loss is higher than you thought."),
        (3.5, 1.609, "Off by 1.891 nats: the loss is lower than you thought."),
    ],
)
def test_judge_guess_says_how_far_off(guess, actual, words):
    gap, message = quiz_bank.judge_guess(guess, actual, unit="nats")
    assert gap == pytest.approx(guess - actual)
    assert message.endswith(words)
    # the guess with its slider's two decimals, as its metric shows it (review 19-D #9)
    assert message.startswith(f"You guessed {guess:.2f} nats; the loss is {actual:.3f} nats.")


def test_scenario_loss_worked_example_from_the_brief():
    scenario = Scenario(("cat", "dog", "rabbit"), (0.8, 0.1, 0.1), 0)
    assert scenario_loss(scenario) == pytest.approx(-math.log(0.8))


def test_score_counts_right_answers_out_of_answered():
    score = quiz_bank.Score()
    for right in (True, False, True, True):
        score = score.add(right)
    assert score == quiz_bank.Score(correct=3, answered=4)


# --- One notation, and claims that are true as stated ---


def bank_text():
    return " ".join(" ".join((q.prompt, *q.options, *q.reasons)) for q in QUESTIONS)


def test_the_prediction_is_q_and_the_truth_is_p_in_every_question():
    text = bank_text()
    forbidden = [
        r"\bp\s*[-−]\s*y\b",  # the binary gradient is q - y
        r"\(1\s*[-−]\s*p\)",  # 1 - q is the probability of class 0
        r"\bp\(1\b",  # sigma'(z) = q(1 - q)
        r"\\log p\b",  # the log is taken of the prediction
        r"p\(spam\)",
        r"\$p = 0\.\d",  # a predicted probability written p
    ]
    assert [pattern for pattern in forbidden if re.search(pattern, text)] == []
    assert "q - y" in text and "q - p" in text


def test_claims_the_issue_found_false_are_gone_and_their_true_versions_are_there():
    text = bank_text()
    assert "Squared error between probabilities is at most 1," not in text
    assert "is at most 1 (summed over the classes of a distribution it is at most 2)" in text
    assert "rewarded" not in text and not re.search(r"\bearns?\b", text)
    assert "Sharing a best point" not in text, "CE and MSE need not share the best model on a data set"
    assert "the reference line a trained model has to beat" not in text


def test_the_bounds_stated_for_squared_error_hold():
    rng = np.random.default_rng(0)
    q = rng.dirichlet(np.ones(4), size=2000)
    p = np.eye(4)[rng.integers(4, size=2000)]
    assert ((q - p) ** 2).sum(axis=1).max() <= 2
    assert ((np.array([1.0, 0.0]) - np.array([0.0, 1.0])) ** 2).sum() == 2, "the bound 2 is reached"
    binary = rng.uniform(0, 1, 2000)
    assert ((binary - 1) ** 2).max() <= 1 and ((binary - 0) ** 2).max() <= 1


def test_the_metaphors_are_tied_to_their_names_where_the_quiz_uses_them():
    text = bank_text()
    assert "fine (the loss)" in text and "push (the gradient)" in text
    assert not re.search(r"\bfined\b|\bcharged\b", text)


def test_what_a_loss_is_and_how_training_uses_it_point_to_home_where_they_are_taught():
    by_prompt = {question.prompt: question.page for question in QUESTIONS}
    assert by_prompt["What does a loss function give you?"] == "home"
    assert by_prompt["During training, what is done with the loss?"] == "home"
    from content.lesson_files import lesson_sections

    home = " ".join(lesson_sections("home").values()).lower()
    assert "loss function" in home and "gradient descent" in home and "backpropagation" in home


# --- Claims the bank must not make (issue 19, S1) ---


def _sentences(text):
    return [sentence for sentence in re.split(r"(?<=[.;:])\s+", text) if sentence.strip()]


def test_temperature_divides_the_logits_in_the_bank_as_in_the_softmax_lesson():
    from content.lesson_files import lesson_sections

    assert r"\mathrm{softmax}(z/T)" in " ".join(lesson_sections("multiclass").values())
    about_temperature = [
        sentence.lower()
        for question in QUESTIONS
        for text in (question.prompt, *question.options, *question.reasons)
        for sentence in _sentences(text)
        if "temperature" in sentence.lower()
    ]
    assert [s for s in about_temperature if "multipl" in s and "logit" in s] == []
    assert any("divid" in s and "logit" in s for s in about_temperature)


# "more probability on average" and the like: a claim about the plain (arithmetic) mean of q(true class).
_ARITHMETIC_CLAIM = re.compile(
    r"\b(more|higher|larger)\b[^.;]*\bprobability\b|\bhow much probability\b[^.;]*\bon average\b",
    re.IGNORECASE,
)


def _claims_a_higher_plain_mean(sentence):
    """A sentence saying a lower loss gives the truth more probability, with no 'log' or 'geometric'."""
    return (
        bool(_ARITHMETIC_CLAIM.search(sentence))
        and "log" not in sentence.lower()
        and "geometric" not in sentence.lower()
    )


def test_a_lower_mean_loss_is_never_read_as_more_probability_on_average():
    # Myth 1's pair, recomputed: B has the lower mean loss, yet gives the truth less probability on average.
    a, b = np.array([0.9, 0.9, 0.9, 0.02]), np.full(4, 0.45)
    assert log_loss(np.ones(4), b, labels=[0, 1]) < log_loss(np.ones(4), a, labels=[0, 1])
    assert b.mean() < a.mean()
    assert math.exp(np.log(b).mean()) > math.exp(np.log(a).mean()), "the geometric mean follows the loss"
    from content.lesson_files import lesson_sections

    myths = next(q for q in QUESTIONS if q.prompt.startswith("Model A has a lower mean cross-entropy"))
    right_texts = [myths.options[myths.answer], myths.reasons[myths.answer]]
    right_texts += [reason for question in QUESTIONS for reason in question.reasons]  # every feedback
    right_texts += [question.options[question.answer] for question in QUESTIONS]
    right_texts += [lesson_sections("misconceptions")[depth] for depth in ("Basic", "Medium", "Detailed")]
    claims = [s for text in right_texts for s in _sentences(text) if _claims_a_higher_plain_mean(s)]
    assert claims == []


def test_a_wrong_option_about_a_zero_loss_is_wrong_for_the_labels_the_question_names():
    """Cross-entropy can approach 0 on one-hot labels, so 'down to 0' is wrong only for labels with H(p) > 0:
    the question names such labels, or the option claims 0 for any labels."""
    for question in QUESTIONS:
        wrong = [o for i, o in enumerate(question.options) if i != question.answer and "down to 0" in o]
        for option in wrong:
            assert "H(p) > 0" in question.prompt or "for any labels" in option, question.prompt


def test_which_unit_gives_the_larger_number_only_for_a_loss_above_0():
    """At a loss of 0 (or ∞) the two numbers are equal, so the question names a finite loss above 0."""
    prompt = next(q.prompt for q in QUESTIONS if "Which number is larger" in q.prompt)
    assert "above 0" in prompt and "finite" in prompt


def test_the_sequence_question_does_not_tie_every_sequence_model_to_bptt():
    question = next(q for q in QUESTIONS if q.prompt.startswith("How is the training loss of a sequence"))
    right = question.options[question.answer]
    assert "the gradient of that total trains the weights" in right
    assert "(in a recurrent network, by backpropagation through time)" in right


def test_the_smoothing_feedback_says_why_a_sure_answer_costs_infinity():
    text = bank_text()
    assert "never pays out" not in text
    assert (
        "leaves probability 0 on the other classes, which the target gives $\\varepsilon/K$ each, "
        "so the loss is infinite" in text
    )


def test_the_distractors_the_quiz_lesson_names_are_in_the_bank():
    from content.lesson_files import lesson

    detailed, bank = lesson("quiz", "Detailed", {"score": "0"}), bank_text().lower()
    named = ("regularisation", "gradient checkpointing", "asynchronous", "dropout", "batch normalisation")
    assert "regularisation" in detailed
    for distractor in named:
        assert distractor not in detailed or distractor in bank, distractor


def test_no_feedback_says_a_samples_share_of_the_sum_is_its_loss_over_n():
    """Review 28-D #1 (S1): a sample's share of the sum is ℓₙ / Σℓ; ℓₙ / N is what it adds to the mean."""
    bank = (Path(__file__).resolve().parents[2] / "assets" / "quiz" / "questions.md").read_text()
    said = " ".join(bank.split())
    assert "share of the sum is its own loss divided by $N$" not in said
    assert "its share of the sum is its loss divided by the sum" in said
