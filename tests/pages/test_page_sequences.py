"""AppTest: the sequences page shows per-token losses, perplexity and a policy trained toward a target,
all equal to independent computations (math and scipy)."""

import ast
import json
import math
import re

import numpy as np
import pytest
from helpers import ROOT, metrics, opened, set_sliders
from scipy.special import rel_entr, softmax, xlogy

from core.sequences import policy_steps

PAGE = "pages/sequences.py"
DEFAULT_PROBS = [0.1, 0.05, 0.2, 0.6, 0.8, 0.4]
START, TARGET = np.array([1.0, 0.0, -1.0]), np.array([0.1, 0.2, 0.7])
DEFAULT_STEPS = 3


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
        "Cross-entropy H(p, π)": f"{-xlogy(TARGET, policy).sum() / scale:.3f} {unit}",
        "Left to remove: KL(p ‖ π)": f"{rel_entr(TARGET, policy).sum() / scale:.3f} {unit}",
    }


def on_screen_kl(app, label):
    """The KL metric's number, as the page prints it (scientific notation when it is below 0.0005)."""
    return metrics(app)[label].split()[0]


def policy_after(steps, rate=1.0):
    """The policy after `steps` steps of gradient descent, with scipy's softmax."""
    z = START.copy()
    for _ in range(steps):
        z = z - rate * (softmax(z) - TARGET)
    return softmax(z)


def page_text(app):
    """Every piece of prose on the page, chart alt sentences included, whitespace collapsed."""
    parts = [element.value for kind in ("markdown", "caption", "info") for element in getattr(app, kind)]
    parts += [chart.proto.alt for chart in app.get("plotly_chart")]
    return " ".join(" ".join(str(part).split()) for part in parts)


def chart_figure(app, key):
    """The Plotly figure (as a dict) of the chart with this key."""
    return json.loads(
        next(chart.proto.spec for chart in app.get("plotly_chart") if chart.proto.id.endswith(f"-{key}"))
    )


def shown(app, labels):
    return {label: metrics(app)[label] for label in labels}


def test_default_sentence_and_a_policy_already_pulled_part_way(open_page):
    app = open_page(PAGE)
    assert not app.exception
    assert shown(app, sentence_metrics(DEFAULT_PROBS)) == sentence_metrics(DEFAULT_PROBS)
    assert app.slider(key="pst").value == DEFAULT_STEPS > 0, "the default shows the pull, not step 0"
    assert shown(app, policy_metrics(DEFAULT_STEPS)) == policy_metrics(DEFAULT_STEPS)
    text = page_text(app)
    assert f"after {DEFAULT_STEPS} steps" in text and "after 0 step" not in text
    start, now = softmax(START)[2], policy_after(DEFAULT_STEPS)[2]
    assert TARGET[2] - now < (TARGET[2] - start) / 2, "more than half of the way to the target's 'right'"
    assert f"probability {now:.2f} ({start:.2f} at the start), aiming for {TARGET[2]:.2f}" in text


@pytest.mark.parametrize("unit", ["nats", "bits"])
def test_moving_the_token_sliders(open_page, unit):
    probs = [0.5, 0.25, 0.9, 0.01, 1.0, 0.3]
    app = open_page(PAGE, units=unit)
    set_sliders(app, {f"tok{index}": p for index, p in enumerate(probs)})
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
    for steps in (DEFAULT_STEPS + 1, DEFAULT_STEPS + 2, DEFAULT_STEPS + 3):
        app.button(key="policy_step").click().run()
        assert app.slider(key="pst").value == steps
        assert shown(app, policy_metrics(steps)) == policy_metrics(steps)
    app.button(key="policy_reset").click().run()
    assert app.slider(key="pst").value == 0
    assert shown(app, policy_metrics(0)) == policy_metrics(0)
    text = page_text(app)
    assert "after 0 step" not in text and "before the first step" in text
    assert [trace["name"] for trace in chart_figure(app, "policy_chart")["data"]] == [
        "policy at the start",
        "target",
    ], "no 'policy after 0 steps' bars"


def test_fifty_steps_bring_the_loss_to_the_targets_entropy(open_page):
    app = open_page(PAGE, pst="50", plr="5")
    assert not app.exception
    expected, on_screen = policy_metrics(50, rate=5.0), shown(app, policy_metrics(50, rate=5.0))
    kl = "Left to remove: KL(p ‖ π)"
    # the policy equals the target to double precision: the KL left is floating-point noise, and reads 0
    assert on_screen.pop(kl) == "0.000 nats" and float(expected.pop(kl).split()[0]) == 0
    assert on_screen == expected
    entropy_of_target = -xlogy(TARGET, TARGET).sum()
    assert metrics(app)["Cross-entropy H(p, π)"] == f"{entropy_of_target:.3f} nats"


def test_a_fractional_step_count_in_a_link_is_cut_to_whole_steps_as_streamlit_does(open_page):
    app = open_page(PAGE, pst="2.7")
    assert not app.exception
    assert [warning.value.endswith("starts at the step 2.") for warning in app.warning] == [True]
    assert app.slider(key="pst").value == 2
    assert shown(app, policy_metrics(2)) == policy_metrics(2)


def test_a_shared_link_opens_at_its_values(open_page):
    app = open_page(PAGE, tok1="0.5", pst="10", plr="0.5", units="bits")
    probs = [0.1, 0.5, 0.2, 0.6, 0.8, 0.4]
    assert shown(app, sentence_metrics(probs, "bits")) == sentence_metrics(probs, "bits")
    assert shown(app, policy_metrics(10, 0.5, "bits")) == policy_metrics(10, 0.5, "bits")


@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_lesson_fills_live_numbers_at_every_depth(open_page, depth):
    app = open_page(PAGE, depth=depth, pst="5")
    text = " ".join(block.value for block in app.markdown)
    assert "{{" not in text
    assert sentence_metrics(DEFAULT_PROBS)["Mean loss per word"] in text
    assert policy_metrics(5)["Cross-entropy H(p, π)"] in text or depth == "basic"


# --- Every sentence true in every state: slider ends, presets, both units, each depth, first and last step

BAD_PROSE = re.compile(
    r"\bnan\b|undefined|\bNone\b|\{\{|\binf\b|[—–]\s*(?:nats|bits|[.,;)])|after 0 step", re.I
)
PRESET_NAMES = ["Fair pick among 10 words", "Confident and right", "One impossible word"]
STATES = {
    "all at 0": {f"tok{index}": "0" for index in range(6)},
    "all at 1": {f"tok{index}": "1" for index in range(6)},
    "ends mixed": {"tok0": "0", "tok1": "1", "tok2": "0", "tok3": "1", "tok4": "1", "tok5": "1"},
    "step 0, slowest": {"pst": "0", "plr": "0.1"},
    "last step, fastest": {"pst": "50", "plr": "5"},
}


@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
@pytest.mark.parametrize("unit", ["nats", "bits"])
@pytest.mark.parametrize("state", [*STATES, *PRESET_NAMES])
def test_no_sentence_shows_nan_none_a_placeholder_or_a_dash_in_any_state(open_page, depth, unit, state):
    app = open_page(PAGE, depth=depth, units=unit, **STATES.get(state, {}))
    if state in PRESET_NAMES:
        app.button(key=f"preset_{state}").click().run()
    assert not app.exception
    text = page_text(app)
    assert not BAD_PROSE.search(text), BAD_PROSE.search(text).group(0)
    assert len(app.get("plotly_chart")) == 3
    assert all(chart.proto.alt for chart in app.get("plotly_chart")), "every chart has an alt sentence"
    other = "bits" if unit == "nats" else "nats"
    assert f" {other}" not in " ".join(metric.value for metric in app.metric)


def test_the_worst_word_is_the_one_with_the_lowest_probability_and_ties_are_all_named(open_page):
    app = open_page(PAGE, depth="basic", tok0="0.05")  # word 1 "the" ties word 2 "cat" at 0.05
    text = page_text(app)
    cost = -math.log(0.05)
    assert "The lowest probability, 0.05, went to word 1, “the” and word 2, “cat”, so" in text
    assert f"so those words cost the most: {cost:.3f} nats each" in text
    app = open_page(PAGE, depth="basic", **{f"tok{index}": "1" for index in range(6)})
    assert "Every word got probability 1.00, so each costs the same: 0.000 nats." in page_text(app)
    assert "the model was certain of every correct word" in page_text(app)


def test_the_policy_loss_really_falls_when_the_alt_sentence_says_so():
    from lessons.sequences import policy_loss_alt

    for rate in (0.1, 1.0, 2.5, 5.0):
        for steps in (1, 2, 5, 50):
            z = START.copy()
            start_loss = -xlogy(TARGET, softmax(z)).sum()
            for _ in range(steps):
                z = z - rate * (softmax(z) - TARGET)
            assert -xlogy(TARGET, softmax(z)).sum() <= start_loss
            assert "falls from" in policy_loss_alt(
                TARGET, policy_steps(START, TARGET, learning_rate=rate, steps=steps)
            )


@pytest.mark.parametrize("unit", ["nats", "bits"])
def test_every_chart_has_a_table_and_the_gradient_column_says_nats(open_page, unit):
    app = opened(
        open_page(PAGE, units=unit), "sequence_chart_table", "policy_chart_table", "policy_loss_chart_table"
    )
    assert not app.exception
    sequence, policy, loss = (table.value for table in app.dataframe)
    assert list(sequence[f"loss −log qₜ(yₜ) ({unit})"]) == pytest.approx(
        [-math.log(q) / (math.log(2) if unit == "bits" else 1) for q in DEFAULT_PROBS]
    )
    gradient = policy["gradient of the loss in nats, π − p (policy − target)"]
    assert list(gradient) == pytest.approx(list(policy_after(DEFAULT_STEPS) - TARGET))
    scale = math.log(2) if unit == "bits" else 1.0
    assert loss.iloc[-1, 1] == pytest.approx(-xlogy(TARGET, policy_after(DEFAULT_STEPS)).sum() / scale)
    assert len(loss) == DEFAULT_STEPS + 1


def test_truncated_bptt_limits_the_gradient_not_the_loss(open_page):
    text = page_text(open_page(PAGE, depth="detailed"))
    assert "Truncated BPTT limits how far back each gradient flows" in text
    assert "every loss term $\\ell_t$ still counts" in text
    assert "cuts that sum" not in text


def test_the_lesson_uses_the_notation_q_for_the_prediction_m_for_the_length():
    from content.lesson_files import LESSONS_DIR

    lesson = (LESSONS_DIR / "sequences.md").read_text(encoding="utf-8")
    assert "-\\log q" in lesson and "-\\log p" not in lesson
    assert "$T$" not in lesson and "{T}" not in lesson and "$m$" in lesson and "$n$" not in lesson
    assert "p_t(" not in lesson and "\\prod_{t=1}^{m} q_t(y_t)" in lesson
    assert "model's distribution over the vocabulary at step $t$" in lesson, "q_t is a distribution"
    page = ast.parse((ROOT / "pages" / "sequences.py").read_text(encoding="utf-8"))
    docstrings = {id(node.value) for node in ast.walk(page) if isinstance(node, ast.Expr)}
    texts = [
        node.value
        for node in ast.walk(page)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]
    assert max(len(text.split()) for text in texts) <= 10, "sentences live in the lesson file, not the page"


def test_the_sliders_and_the_legend_write_the_true_words_probability_q_t_of_y_t(open_page):
    """q is the whole predicted distribution; the number each slider sets is q_t(y_t), as the text writes it
    (review 19-B #9)."""
    app = open_page(PAGE)
    assert "**Probability $q_t(y_t)$ the model gave each correct next word $y_t$**" in [
        block.value for block in app.markdown
    ]
    names = [trace["name"] for trace in json.loads(app.get("plotly_chart")[0].proto.spec)["data"]]
    assert "loss of each word, −log qₜ(yₜ)" in names  # no <sub>: presenter mode keeps it 24 px


@pytest.mark.parametrize(
    ("unit", "base", "rule"), [("nats", math.e, "e (about 2.718)"), ("bits", 2, "2 raised")]
)
@pytest.mark.parametrize("depth", ["basic", "detailed"])
def test_perplexity_is_given_as_the_base_of_the_unit_raised_to_the_mean_loss(
    open_page, unit, base, rule, depth
):
    app = open_page(PAGE, units=unit, depth=depth)
    text = page_text(app)
    mean = -sum(math.log(q, base) for q in DEFAULT_PROBS) / len(DEFAULT_PROBS)
    assert rule in text and f"mean loss in {unit}" in text
    assert "is its exponential" not in text
    assert f"{base**mean:.2f}" in text, "the perplexity shown is base ** (mean loss in the unit shown)"


def test_bptt_defines_its_symbols_and_keeps_the_loss_the_mean(open_page):
    app = open_page("pages/sequences.py", depth="detailed")
    text = next(m.value for m in app.markdown if "backpropagation through time (BPTT)" in m.value)
    assert (
        r"Write $\ell_t = -\ln q_t(y_t)$ for step $t$'s loss (in nats, as the card writes ℓ) and $\theta$"
        in text
    )
    assert r"\partial L" not in text, "L is not defined on this page as a sum"
    assert r"the page's loss is the mean, $\frac{1}{m}\sum_{t} \ell_t$" in text and "divided by $m$" in text
    assert text.index(r"\ell_t = ") < text.index("Truncated BPTT")


@pytest.mark.parametrize("probability, certain", [("1", True), ("0.9", False)])
def test_the_chart_title_calls_perplexity_1_certainty(open_page, probability, certain):
    app = open_page(PAGE, **{f"tok{i}": probability for i in range(6)})
    title = chart_figure(app, "sequence_chart")["layout"]["title"]["text"]
    assert ("certain of every correct word" in title) == certain
    assert ("as unsure as a fair pick" in title) == (not certain)
    # whole phrases per line: never "perplexity" alone at a line's end, nor "words" cut off (review 19-B #10)
    lines = title.split("<br>")
    assert lines[1].startswith("perplexity ") and lines[0].endswith("per word,")
    assert certain or lines[-1] == "as unsure as a fair pick among that many words"


@pytest.mark.parametrize("depth, shown", [("basic", False), ("medium", True), ("detailed", True)])
def test_training_through_time_waits_for_medium(open_page, depth, shown):
    app = open_page(PAGE, depth=depth)
    boxes = [box.value for box in app.info if "Training through time" in box.value]
    assert bool(boxes) == shown
    words = " ".join(m.value for m in app.markdown) + " ".join(box.value for box in app.info)
    assert ("recurrent network" in words) == shown, "Basic uses no term it has not defined"


def test_a_policy_that_reached_its_target_has_no_floating_point_kl_left(open_page):
    """Review 27-B #5: at η = 5 after 50 steps the KL read 5.0e-17 nats, floating-point noise for 0."""
    app = open_page(PAGE, plr="5", pst="50")
    assert {m.label: m.value for m in app.metric}["Left to remove: KL(p ‖ π)"] == "0.000 nats"


def test_a_perplexity_that_rounds_to_1_is_not_called_certain(open_page):
    """Review 27-J S1: five words at 1 and one at 0.99 read 'Perplexity 1.00: the model was certain'."""
    app = open_page(PAGE, **{f"tok{i}": "1" for i in range(5)}, tok5="0.99")
    perplexity = math.exp(-math.log(0.99) / 6)
    text = page_text(app)
    assert "was certain of every correct word" not in text
    assert f"Perplexity {perplexity:.4f}: just above 1, so the model was nearly, not quite, certain" in text
