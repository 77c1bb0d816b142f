"""The quiz's distribution questions (gradient q - p, entropy, KL, perplexity from tokens, the floor under
label smoothing): each answer recomputed with scipy from the numbers the prompt shows, and graded."""

import math

import numpy as np
import pytest
from helpers import metrics
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize
from scipy.special import log_softmax, rel_entr, softmax
from scipy.stats import entropy as scipy_entropy
from scipy.stats import gmean

from content.quiz_bank import NUMERIC_KINDS, TEACHING_PAGES, check_numeric_answer
from lessons.quiz import numeric_question

KINDS = ("gradient", "entropy", "kl", "token_perplexity", "smoothing")
NO_UNIT = ("perplexity", "gradient", "token_perplexity")  # the gradient names its loss's unit in the prompt
seeds = st.integers(0, 2**32 - 1)


def smoothed_floor(k, eps):
    """min over the logits z of -sum p log softmax(z), by scipy's optimiser, p the smoothed one-hot label."""
    p = np.full(k, eps / k)
    p[0] += 1 - eps
    result = minimize(lambda z: -(p * log_softmax(z)).sum(), np.zeros(k), method="BFGS", tol=1e-12)
    return result.fun


def distribution_answer(question, base):
    """The answer from the question's own numbers, with numpy and scipy only."""
    given = question.given
    if question.kind == "gradient":  # q - p, with q recomputed by scipy's softmax of the logits log q
        q = softmax(np.log(given["q"]))  # in bits the loss is divided by ln 2, and so is its gradient
        return (q[given["asked"]] - (given["asked"] == given["true_class"])) / math.log(base)
    if question.kind == "entropy":
        return scipy_entropy(given["p"], base=base)
    if question.kind == "kl":
        return rel_entr(given["p"], given["q"]).sum() / math.log(base)
    if question.kind == "token_perplexity":
        return 1 / gmean(given["q"])  # exp(mean of -ln q): the geometric mean's reciprocal
    if question.kind == "smoothing":
        return smoothed_floor(given["k"], given["eps"]) / math.log(base)
    raise ValueError(question.kind)


def test_the_kinds_are_offered_by_the_quiz():
    assert set(KINDS) <= set(NUMERIC_KINDS)


@settings(max_examples=60)
@given(seed=seeds, kind=st.sampled_from(KINDS), unit=st.sampled_from(["nats", "bits"]))
def test_each_answer_matches_scipy_and_is_graded(seed, kind, unit):
    question = numeric_question(np.random.default_rng(seed), kind, units=unit)
    base = math.e if unit == "nats" else 2.0
    expected = distribution_answer(question, base)
    assert question.answer == pytest.approx(expected, rel=1e-6, abs=1e-6)
    assert question.page in TEACHING_PAGES
    assert check_numeric_answer(round(expected, 2), question.answer), "two right decimals pass"
    off = max(0.03, 0.03 * abs(expected))
    assert not check_numeric_answer(expected + off, question.answer), "a wrong number fails"
    assert not check_numeric_answer(expected - off, question.answer)
    assert f"{question.answer:.3f}" in question.solution, "the worked solution ends at the answer"


@settings(max_examples=40)
@given(seed=seeds)
def test_gradient_components_sum_to_zero_and_the_true_class_is_negative(seed):
    question = numeric_question(np.random.default_rng(seed), "gradient")
    q, true = np.array(question.given["q"]), question.given["true_class"]
    gradient = softmax(np.log(q)) - np.eye(3)[true]  # q - p, the whole vector
    assert gradient.sum() == pytest.approx(0, abs=1e-12)
    assert question.answer == pytest.approx(gradient[question.given["asked"]])
    assert (question.answer < 0) == (question.given["asked"] == true)
    z, p, h = np.log(q), np.eye(3)[true], 1e-6  # the loss -sum p log softmax(z), by central differences
    step = np.eye(3)[question.given["asked"]] * h
    slope = (-(p * log_softmax(z + step)).sum() + (p * log_softmax(z - step)).sum()) / (2 * h)
    assert question.answer == pytest.approx(slope, abs=1e-6)
    assert "in nats" in question.prompt


@settings(max_examples=20)
@given(seed=seeds)
def test_in_bits_the_gradient_is_of_the_loss_in_bits(seed):
    question = numeric_question(np.random.default_rng(seed), "gradient", units="bits")
    q, true = np.array(question.given["q"]), question.given["true_class"]
    z, p, h = np.log(q), np.eye(3)[true], 1e-6  # the loss -sum p log2 softmax(z), by central differences
    step = np.eye(3)[question.given["asked"]] * h
    slope = (-(p * log_softmax(z + step)).sum() + (p * log_softmax(z - step)).sum()) / (2 * h * math.log(2))
    assert question.answer == pytest.approx(slope, abs=1e-6)
    assert "(in bits)" in question.prompt and "nats" not in question.prompt
    assert r"(q_i - p_i) / \ln 2" in question.solution and f"{question.answer:.3f}" in question.solution
    # ℓ is the loss in nats (the card): the bits loss's gradient is ∂ℓ_bits/∂z (review 28-D #2, S1)
    assert r"\partial \ell_{\text{bits}}/\partial z_i" in question.solution
    assert r"\partial \ell/\partial z_i" not in question.solution


def test_kl_is_not_symmetric_in_the_question_numbers():
    question = numeric_question(np.random.default_rng(5), "kl")
    p, q = question.given["p"], question.given["q"]
    assert rel_entr(p, q).sum() != pytest.approx(rel_entr(q, p).sum())


def test_token_perplexity_is_the_same_in_nats_and_bits():
    for seed in range(10):
        nats = numeric_question(np.random.default_rng(seed), "token_perplexity", units="nats")
        bits = numeric_question(np.random.default_rng(seed), "token_perplexity", units="bits")
        assert nats.answer == pytest.approx(bits.answer)
        assert len(nats.given["q"]) >= 3


@pytest.mark.parametrize("kind", KINDS)
def test_a_page_grades_a_right_and_a_wrong_answer(open_page, kind):
    app = open_page("pages/quiz.py", qmode="Numeric", qkind=NUMERIC_KINDS[kind])
    question = app.session_state["quiz_numeric"]
    assert question.kind == kind and not app.exception
    expected = distribution_answer(question, math.e)
    app.text_input(key="quiz_typed").input(f"{expected:.3f}")
    next(button for button in app.button if button.label == "Check").click().run()
    assert app.success[0].value.startswith("**Right.**")
    assert app.info[0].value == question.solution
    app.button(key="quiz_new_numbers").click().run()
    question = app.session_state["quiz_numeric"]
    wrong = distribution_answer(question, math.e) + 0.5
    app.text_input(key="quiz_typed").input(f"{wrong:.3f}")
    next(button for button in app.button if button.label == "Check").click().run()
    assert app.error[0].value.startswith("**Not quite.**")
    assert metrics(app)["Score this session"] == "1 / 2"


@given(seed=st.integers(0, 2**32 - 1))
@settings(max_examples=20, deadline=None)
def test_the_entropy_prompt_names_the_distribution_p_it_asks_about(seed):
    question = numeric_question(np.random.default_rng(seed), "entropy", units="nats")
    shown = ", ".join(f"{a:.2f}" for a in question.given["p"])
    assert f"with probabilities p = ({shown})." in question.prompt and "H(p)" in question.prompt
