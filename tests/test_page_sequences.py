"""AppTest: the sequences page shows per-token losses, perplexity and a policy trained toward a target,
all equal to independent computations (math and scipy)."""

import inspect
import math

import numpy as np
import pytest
from conftest import metrics, opened
from scipy.special import rel_entr, softmax, xlogy

from core.sequences import policy_steps, sequence_losses

PAGE = "pages/sequences.py"
DEFAULT_PROBS = [0.1, 0.05, 0.2, 0.6, 0.8, 0.4]
START, TARGET = np.array([1.0, 0.0, -1.0]), np.array([0.1, 0.2, 0.7])


def sentence_metrics(probs, unit="nats"):
    """Mean, total and perplexity of -log p over the tokens, with math.log."""
    scale = math.log(2) if unit == "bits" else 1.0
    losses = [math.inf if p == 0 else -math.log(p) / scale for p in probs]
    mean = sum(losses) / len(losses)
    perplexity = math.inf if math.isinf(mean) else math.exp(mean * scale)
    as_text = lambda value: "∞" if math.isinf(value) else f"{value:.3f}"  # noqa: E731
    return {
        "Mean loss per word": f"{as_text(mean)} {unit}",
        f"Total over {len(probs)} words": f"{as_text(sum(losses))} {unit}",
        "Perplexity": "∞" if math.isinf(perplexity) else f"{perplexity:.2f}",
    }


def policy_metrics(steps, rate=1.0, unit="nats"):
    """Cross-entropy and KL after `steps` steps of z -= rate (softmax(z) - target), using scipy."""
    z = START.copy()
    for _ in range(steps):
        z = z - rate * (softmax(z) - TARGET)
    policy = softmax(z)
    scale = math.log(2) if unit == "bits" else 1.0
    return {
        "Cross-entropy H(target, policy)": f"{-xlogy(TARGET, policy).sum() / scale:.3f} {unit}",
        "Left to remove: KL(target ‖ policy)": f"{rel_entr(TARGET, policy).sum() / scale:.3f} {unit}",
    }


def shown(app, labels):
    return {label: metrics(app)[label] for label in labels}


def test_default_sentence_and_untrained_policy(open_page):
    app = open_page(PAGE)
    assert not app.exception
    assert shown(app, sentence_metrics(DEFAULT_PROBS)) == sentence_metrics(DEFAULT_PROBS)
    assert shown(app, policy_metrics(0)) == policy_metrics(0)


@pytest.mark.parametrize("unit", ["nats", "bits"])
def test_moving_the_token_sliders(open_page, unit):
    probs = [0.5, 0.25, 0.9, 0.01, 1.0, 0.3]
    app = open_page(PAGE, units=unit)
    for index, p in enumerate(probs):
        app.slider(key=f"tok{index}").set_value(p)
    app.run()
    assert not app.exception
    assert shown(app, sentence_metrics(probs, unit)) == sentence_metrics(probs, unit)


def test_perplexity_of_a_fair_pick_among_ten_words_is_ten(open_page):
    app = open_page(PAGE)
    app.button(key="preset_Fair pick among 10 words").click().run()
    assert metrics(app)["Perplexity"] == "10.00"
    assert metrics(app)["Mean loss per word"] == f"{math.log(10):.3f} nats"


def test_one_impossible_word_makes_everything_infinite_without_a_traceback(open_page):
    app = open_page(PAGE, units="bits")
    app.button(key="preset_One impossible word").click().run()
    assert not app.exception
    assert metrics(app)["Perplexity"] == "∞"
    assert metrics(app)["Mean loss per word"] == "∞ bits"
    opened(app, "sequence_chart_table")
    table = app.dataframe[0].value if app.dataframe else None
    assert table is None or math.isinf(table.iloc[-1, -1])


def test_each_gradient_step_matches_gradient_descent_with_scipy(open_page):
    app = open_page(PAGE)
    for steps in (1, 2, 3):
        app.button(key="policy_step").click().run()
        assert app.slider(key="pst").value == steps
        assert shown(app, policy_metrics(steps)) == policy_metrics(steps)
    app.button(key="policy_reset").click().run()
    assert app.slider(key="pst").value == 0
    assert shown(app, policy_metrics(0)) == policy_metrics(0)


def test_fifty_steps_bring_the_loss_to_the_targets_entropy(open_page):
    app = open_page(PAGE, pst="50", plr="5")
    assert not app.exception
    assert shown(app, policy_metrics(50, rate=5.0)) == policy_metrics(50, rate=5.0)
    entropy_of_target = -xlogy(TARGET, TARGET).sum()
    assert metrics(app)["Cross-entropy H(target, policy)"] == f"{entropy_of_target:.3f} nats"


def test_a_fractional_step_count_in_a_link_is_cut_to_whole_steps_as_streamlit_does(open_page):
    app = open_page(PAGE, pst="2.7")
    assert not app.exception and not app.warning
    assert app.slider(key="pst").value == 2
    assert shown(app, policy_metrics(2)) == policy_metrics(2)


def test_a_shared_link_opens_at_its_values(open_page):
    app = open_page(PAGE, tok1="0.5", pst="10", plr="0.5", units="bits")
    probs = [0.1, 0.5, 0.2, 0.6, 0.8, 0.4]
    assert shown(app, sentence_metrics(probs, "bits")) == sentence_metrics(probs, "bits")
    assert shown(app, policy_metrics(10, 0.5, "bits")) == policy_metrics(10, 0.5, "bits")


@pytest.mark.parametrize(
    ("key", "bad"),
    [
        ("tok0", "<script>alert(1)</script>"),
        ("tok0", "1.5"),
        ("tok0", "nan"),
        ("pst", "51"),
        ("pst", "-1"),
        ("pst", "**3**"),
        ("plr", "inf"),
        ("plr", "0"),
        ("plr", ""),
    ],
)
def test_a_bad_link_value_falls_back_with_a_notice(open_page, key, bad):
    app = open_page(PAGE, **{key: bad})
    assert not app.exception
    assert any("not usable" in warning.value for warning in app.warning)
    assert "<script>" not in " ".join(warning.value for warning in app.warning)
    assert shown(app, sentence_metrics(DEFAULT_PROBS)) == sentence_metrics(DEFAULT_PROBS)
    assert shown(app, policy_metrics(0)) == policy_metrics(0)


@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_lesson_fills_live_numbers_at_every_depth(open_page, depth):
    app = open_page(PAGE, depth=depth, pst="5")
    text = " ".join(block.value for block in app.markdown)
    assert "{{" not in text
    assert sentence_metrics(DEFAULT_PROBS)["Mean loss per word"] in text
    assert policy_metrics(5)["Cross-entropy H(target, policy)"] in text or depth == "basic"


def test_show_the_code_is_the_real_functions(open_page):
    app = opened(open_page(PAGE), "show_code")
    sources = {code.value.strip() for code in app.code}
    assert inspect.getsource(sequence_losses).strip() in sources
    assert inspect.getsource(policy_steps).strip() in sources
