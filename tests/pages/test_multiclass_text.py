"""/multiclass's sentences in the states review 19-2 read: one letter for one sample's loss, ln where a
formula is in nats, honest gradient labels, like-for-like comparisons, and no answer given before it is asked.
Every number here is computed with numpy/scipy, never read from core/."""

import base64
import json
import re

import numpy as np
import pytest
from helpers import after_a_guess, reveal_all
from scipy.special import logsumexp, softmax

PAGE = "pages/multiclass.py"
Z = np.array([2.0, 1.0, 0.1])  # the default logits: dog, cat, rabbit
ASKED = np.array([0.7, 0.2, 0.1])  # the "70 % dog, is a cat" preset


def revealed_steps(app):
    """Every derive-it panel stepped to its end: each panel's title, then its steps' texts."""
    return [text for title, steps in reveal_all(app).items() for text in (title, *steps)]


def lesson_markdown(app):
    blocks = [block.value for block in app.main.markdown]
    start = next(index for index, block in enumerate(blocks) if block.startswith("#### Why?"))
    return " ".join(" ".join(blocks[start + 1 :]).split())


def gradient_spec(app):
    return next(
        json.loads(chart.proto.spec)
        for chart in app.get("plotly_chart")
        if chart.proto.id.endswith("-gradient_chart")
    )


def mse_in_u(u, target):
    """Mean over the classes of (softmax(u) − target)², by hand."""
    return float(((softmax(u) - target) ** 2).mean())


def finite_difference(loss, u, h=1e-6):
    return np.array([(loss(u + h * e) - loss(u - h * e)) / (2 * h) for e in np.eye(len(u))])


@pytest.mark.parametrize("units", ["nats", "bits"])
def test_one_samples_loss_is_ell_in_every_panel_and_in_the_prose(open_page, units):
    app = after_a_guess(open_page(PAGE, depth="detailed", units=units), "multiclass")
    text = " ".join(revealed_steps(app)) + " " + lesson_markdown(app)
    for other in ("∂²L", r"\nabla^2_z L", r"\partial H/\partial z", "∂H/∂z"):
        assert other not in text, other
    assert r"\nabla^2_z \ell" in text and "∂²ℓ/∂zᵢ∂zⱼ" in text and r"\partial \ell/\partial z_i" in text


def test_in_bits_the_gradient_panel_writes_ln_for_its_loss_in_nats(open_page):
    app = after_a_guess(open_page(PAGE, depth="detailed", units="bits", smooth="0.1", temp="2"), "multiclass")
    first = next(step for step in revealed_steps(app) if "One sample's loss" in step)
    target = 0.9 * np.eye(3)[0] + 0.1 / 3
    loss = float(-(target * (Z / 2 - logsumexp(Z / 2))).sum())
    assert f"{loss:.3f}" == "0.738"
    assert "ln qᵢ" in first and "log qᵢ" not in first and f"ℓ = {loss:.3f} nats" in first


@pytest.mark.parametrize("units", ["nats", "bits"])
def test_the_mse_bars_are_labelled_as_msees_gradient_with_no_unit(open_page, units):
    app = open_page(PAGE, units=units)
    spec = gradient_spec(app)
    names = [trace["name"] for trace in spec["data"]]
    # In bits, (q − p) / T is still the gradient of the loss in nats, and the legend says so
    cross_entropy = "Cross-entropy (q − p) / T" + (", loss in nats" if units == "bits" else "")
    assert names == [cross_entropy, "MSE ∂MSE/∂z (no unit)"], "one space, and MSE's own name"
    assert "ℓ in nats" not in spec["layout"]["yaxis"]["title"]["text"]
    app.session_state["gradient_chart_table"] = True
    table = app.run().dataframe[-1].value
    assert list(table.columns) == ["class", "cross-entropy ∂ℓ/∂z (ℓ in nats)", "MSE ∂MSE/∂z (no unit)"]
    expected = finite_difference(lambda u: mse_in_u(u, np.eye(3)[0]), Z)
    np.testing.assert_allclose(table["MSE ∂MSE/∂z (no unit)"], expected, atol=1e-6)


@pytest.mark.parametrize(
    ("preset", "q", "true"), [("70 % dog, is a cat", ASKED, 1), ("Confidently wrong", None, None)]
)
def test_medium_compares_the_two_losses_on_the_true_class(open_page, preset, q, true):
    app = open_page(PAGE, depth="medium")
    app.button(key=f"preset_{preset}").click().run()
    if preset == "70 % dog, is a cat":  # the question's own view: its text waits for the guess
        app = after_a_guess(app, "multiclass")
    if q is None:  # read the preset's prediction off the distribution chart's table
        app.session_state["distribution_chart_table"] = True
        shown = app.run().dataframe[0].value
        q, true = shown["prediction q"].to_numpy(), int(np.argmax(shown["target p"].to_numpy()))
    names = ["dog", "cat", "rabbit"]
    target = np.eye(3)[true]
    ce = q[true] - 1  # (q − p) at the true class, T = 1
    mse = finite_difference(lambda u: mse_in_u(u, target), np.log(q))[true]
    text = lesson_markdown(app)
    minus = lambda value: f"{value:.3f}".replace("-", "−")  # noqa: E731
    assert (
        f"On the true class, {names[true]}, its bar is {minus(mse)}, against {minus(ce)} for cross-entropy"
        in text
    )


def test_the_mse_help_names_the_target_it_was_computed_against(open_page):
    for smooth, symbol in (("0", "p(i)"), ("0.5", "p̃(i)")):
        app = open_page(PAGE, smooth=smooth)
        target = (1 - float(smooth)) * np.eye(3)[0] + float(smooth) / 3
        mse = float(((softmax(Z) - target) ** 2).mean())
        metric = next(metric for metric in app.metric if metric.label == "MSE (no unit)")
        assert metric.value == f"{mse:.3f}"
        assert f"(q(i) − {symbol})²" in metric.help
    assert f"{mse:.3f}" == "0.003"


def test_basic_prose_has_no_computer_notation(open_page):
    app = open_page(PAGE, depth="basic", smooth="0.2", temp="0.1")
    q_dog = softmax(Z / 0.1)[0]
    text = lesson_markdown(app)
    assert not re.search(r"\de-\d", text), re.search(r".{30}\de-\d.{10}", text)
    assert f"{q_dog:.5f} (almost 1)" in text


def test_medium_does_not_say_every_label_is_one_hot(open_page):
    text = lesson_markdown(open_page(PAGE, depth="medium"))
    assert "Written as a distribution, a single true class is **one-hot**" in text
    assert "A label as a distribution is" not in text


@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_negative_numbers_use_the_minus_sign(open_page, depth):
    app = open_page(PAGE, depth=depth)
    text = lesson_markdown(app) + " ".join(chart.proto.alt for chart in app.get("plotly_chart"))
    assert not re.search(r"(^|[\s(,:])-\d", text), re.search(r".{20}-\d.{10}", text)
    assert "−0." in text  # the default has negative gradient bars


def test_basic_keeps_the_predict_answer_hidden_until_the_guess_is_locked_in(open_page):
    app = open_page(PAGE, depth="basic")
    assert app.radio(key="multiclass_guess").value is None, "the question is open"
    text = lesson_markdown(app)
    assert "70 % dog" not in text and "does not care about “dog”" not in text
    assert "only looks at the probability given to that class" not in text
    app.radio(key="multiclass_guess").set_value(0).run()
    app.button(key="multiclass_commit").click().run()
    text = lesson_markdown(app)
    assert "only looks at the probability given to that class" in text
    assert "the loss does not care about “dog”, only about how little was left for “cat”" in text


def test_checkpoint_three_asks_about_a_different_case_than_the_predict_box():
    from ui.course import checkpoint_questions

    questions = checkpoint_questions("multiclass")
    assert len(questions) == 3
    for question in questions:
        assert "70 %" not in question.prompt and "dog 0.7, cat 0.2, rabbit 0.1" not in question.prompt.lower()
    soft = questions[2]
    assert "soft" in soft.prompt.lower()
    right = soft.options[soft.answer].lower()
    p, q = np.array([0.2, 0.8, 0.0]), np.array([0.5, 0.3, 0.2])  # the prompt's label and prediction
    assert "dog 0.2, cat 0.8, rabbit 0" in soft.prompt and "dog 0.5, cat 0.3, rabbit 0.2" in soft.prompt
    kept = np.flatnonzero(p)  # only the classes with label weight keep a term, weighted by it
    terms = " - ".join(f"{p[i]:g}\\log {q[i]:g}" for i in kept)
    assert f"$-{terms}$" in right and "rabbit" not in right


def test_probability_mode_takes_natural_logits_in_bits_too(open_page):
    """Review 19-B #1: softmax(ln q) = q, while softmax(log₂ q) ≠ q; the card keeps ln for logits."""
    q = np.array([0.7, 0.2, 0.1])
    assert np.allclose(softmax(np.log(q)), q) and not np.allclose(softmax(np.log2(q)), q)
    app = open_page("pages/multiclass.py", mode="probabilities", depth="medium", units="bits")
    text = " ".join(block.value for block in app.markdown)
    assert "uses the logits $z = \\ln q$" in text and "$z = \\log q$" not in text


def test_smoothing_a_soft_label_is_not_called_smoothing_a_one_hot_one(open_page):
    """Review 19-B #2: with a soft label the smoothed target comes from that label, not from a one-hot p."""
    app = open_page(
        "pages/multiclass.py", target="soft", t0="0.2", t1="0.8", t2="0", smooth="0.1", depth="detailed"
    )
    app = after_a_guess(app, "multiclass")  # the derivations wait for the predict box's guess
    steps = " ".join(revealed_steps(app))
    assert "not the one-hot p" not in steps and "not the label p itself" in steps
    smoothed = 0.9 * np.array([0.2, 0.8, 0.0]) + 0.1 / 3  # [0.213, 0.753, 0.033]
    assert all(f"{value:.3f}" in steps for value in smoothed)


@pytest.mark.parametrize("units", ["nats", "bits"])
def test_at_temperature_0_1_no_positive_loss_or_push_reads_0_000(open_page, units):
    """Review 19-B #5: at T = 0.1 the true class's bar is −(1 − q(dog))/T ≈ −4.5e-4, and the loss is
    positive; neither may print as 0.000 (nor the comparison read '0.000 against 0.000')."""
    app = after_a_guess(open_page(PAGE, depth="medium", temp="0.1", units=units), "multiclass")
    q = softmax(Z / 0.1)
    push = -(1 - q[0]) / 0.1
    loss = -np.log(q[0]) / (1 if units == "nats" else np.log(2))
    text = lesson_markdown(app)
    assert f"here −{-push:.1e} for dog".replace("e-04", "e-4") in text
    assert "0.000 for dog" not in text and "against 0.000" not in text
    assert f"{loss:.1e} {units}".replace("e-05", "e-5") in metrics_text(app)
    alts = " ".join(chart.proto.alt for chart in app.get("plotly_chart"))
    assert "dog 0.000" not in alts and f"together {loss:.1e} {units}".replace("e-05", "e-5") in alts


def metrics_text(app):
    return " ".join(str(metric.value) for metric in app.metric)


def test_detailed_says_a_one_hot_loss_only_approaches_0_through_softmax(open_page):
    """Review 19-B #6: softmax of finite logits gives q(true) < 1, so the default's loss only falls towards 0;
    it is 0 exactly for a one-hot q such as the Perfect preset's."""
    text = lesson_markdown(after_a_guess(open_page(PAGE, depth="detailed"), "multiclass"))
    assert "a perfect prediction reaches 0" not in text
    assert (
        r"the loss falls towards 0 as $q(\text{true}) \to 1$ and it is exactly 0 only when q equals" in text
    )


@pytest.mark.parametrize("smooth", ["0", "0.5"])
def test_detailed_writes_the_loss_and_push_of_the_target_the_page_uses(open_page, smooth):
    """Review 27-F S1: with smoothing, Detailed wrote the one-hot ℓ and (q − p)/T 'never vanishes', beside
    the chart's (q − p̃)/T of about 0 and a printed loss the one-hot formula does not give."""
    app = open_page(PAGE, z0="1.39", z1="0", z2="0", smooth=smooth, depth="detailed")
    text = lesson_markdown(app)
    z = np.array([1.39, 0.0, 0.0])
    eps = float(smooth)
    target = (1 - eps) * np.eye(3)[0] + eps / 3
    loss = -(target * (z - logsumexp(z))).sum()
    symbol = r"\tilde{p}" if eps else "p"
    assert f"The loss here, $H({symbol}, q)$, is **{loss:.3f} nats**" in text
    assert f"(q_i - {symbol}_i)/T$ is bounded" in text
    assert "vanishes only at" in text and ("it never vanishes" in text) == (eps == 0)
    assert "-z_y/T" not in text, "the one-hot shortcut waits for the predict box's guess"


def test_detailed_holds_back_which_class_counts_until_the_guess(open_page):
    """Review 27-F #2: at Detailed two paragraphs named q(true) and the one-hot shortcut before the guess."""
    app = open_page(PAGE, depth="detailed")
    assert r"q(\text{true})" not in lesson_markdown(app) and "-z_y/T" not in lesson_markdown(app)
    app = after_a_guess(app, "multiclass")
    assert r"q(\text{true})" in lesson_markdown(app) and "-z_y/T" in lesson_markdown(app)


def test_switching_the_mode_says_the_sliders_round_the_prediction(open_page):
    """Review 19-B #7: the radio keeps the distribution only to the sliders' 0.01 steps (0.602 → 0.599 bits);
    the note that the mode changed says so, so the learner knows why the loss moved."""
    app = open_page(PAGE, units="bits")
    before = app.metric[0].value
    app.radio(key="mode").set_value("probabilities").run()
    q = np.round(softmax(Z), 2)
    after = -np.log2(q[0] / q.sum())
    assert before == f"{-np.log2(softmax(Z)[0]):.3f} bits" != app.metric[0].value == f"{after:.3f} bits"
    (note,) = [box.value for box in app.info if "The mode changed" in box.value]
    assert "rounded to their 0.01 steps, so the loss can move in its last digits" in " ".join(note.split())


def test_a_tiny_loss_reads_the_same_in_the_metric_and_the_text(open_page):
    """Review 27-B #6/#7: the metric read 6.6e-5 bits and the text 0.0001 bits, and the text wrote 'log 3'
    beside the metric's log₂ 3. The default logits 2, 1, 0.1 at T = 0.1, the truth dog."""
    z = np.array([2.0, 1.0, 0.1]) / 0.1
    loss = -(z[0] - logsumexp(z)) / np.log(2)
    assert f"{loss:.1e}" == "6.6e-05"
    app = open_page(PAGE, temp="0.1", units="bits", depth="medium")
    text = lesson_markdown(app)
    assert {m.label: m.value for m in app.metric}["Cross-entropy"] == "6.6e-5 bits"
    assert "costs 0.000066 bits (almost 0)" in text and "costs log₂ 3 = **1.585 bits**" in text


def test_the_perfect_presets_zero_push_is_not_called_never_vanishing(open_page):
    """Review 27-J S1: at the Perfect preset q = p = [1, 0, 0] and every bar reads 0, beside 'never vanishes:
    a softmax gives every class some probability'. The claim now names its condition: finite logits."""
    app = after_a_guess(open_page(PAGE, depth="detailed"), "multiclass")
    app.button(key="preset_Perfect").click().run()
    text = lesson_markdown(app)
    assert "and vanishes only at $q = p$" in text
    assert "With finite logits a softmax gives every class some probability" in text


def test_the_perfect_preset_says_its_zero_push_needs_an_infinite_logit(open_page):
    """Review 27-M #2: at Perfect the bars read 0 beside 'never vanishes'; the text now says this q is why."""
    app = after_a_guess(open_page(PAGE, depth="detailed"), "multiclass")
    app.button(key="preset_Perfect").click().run()
    assert "as here: this prediction gives a class exactly 0, which as logits would take" in lesson_markdown(
        app
    )
    app = after_a_guess(open_page(PAGE, depth="detailed"), "multiclass")
    assert "as here:" not in lesson_markdown(app), "the default's logits are finite: its push is not 0"


def test_basic_does_not_name_the_class_that_counts_before_the_guess(open_page):
    """Review 27-M #1: 'the loss looks at the one the photo really is' answered the predict box at Basic."""
    assert "looks at the one the photo really is" not in lesson_markdown(open_page(PAGE))


def test_medium_says_only_mses_push_fades_when_confidently_wrong(open_page):
    """Review 27-M #3: 'softmax shrinks it as the prediction grows confident' is true of cross-entropy's
    Jacobian too; the log cancels it, so only MSE's push fades when the model is confidently wrong."""
    text = " ".join(lesson_markdown(open_page(PAGE, depth="medium")).split())
    assert "Cross-entropy's log cancels that shrinking" in text
    assert "only MSE's push fades while the model is confidently wrong" in text


@pytest.mark.parametrize("query", [{"smooth": "0.1"}, {"target": "soft"}])
def test_with_smoothing_or_a_soft_target_the_one_hot_rule_still_waits_for_the_guess(open_page, query):
    """Review 27-O #1: with ε > 0 (or a soft target) and the question open, the Medium text gave the one-hot
    rule and the derivations opened: the predict box's answer."""
    app = open_page(PAGE, depth="medium", **query)
    assert "A one-hot label would leave only" not in lesson_markdown(app)
    app = open_page(PAGE, depth="detailed", **query)
    assert not [block for block in app.markdown if block.value.startswith("##### Derive it")]
    app = after_a_guess(app, "multiclass")
    assert [block for block in app.markdown if block.value.startswith("##### Derive it")]


@pytest.mark.parametrize("t, smooth", [((0.5, 0.3, 0.2), 0.5), ((0.3, 0.7, 0.0), 0.1)])
def test_a_smoothed_soft_target_is_written_p_tilde_and_its_loss_is_against_p_tilde(open_page, t, smooth):
    """Review 28-B #1 (S1): with ε > 0 the Medium text wrote H(p, q) for the loss against p̃, and "every class
    with p(i) > 0 keeps its term" while rabbit, p = 0, still adds through p̃ = ε/K."""
    query = {f"t{i}": str(v) for i, v in enumerate(t)}
    app = open_page(PAGE, depth="medium", target="soft", smooth=str(smooth), **query)
    p = np.array(t) / sum(t)
    p_tilde = (1 - smooth) * p + smooth / 3
    loss = float(-(p_tilde * np.log(softmax(Z))).sum())
    text = lesson_markdown(app)
    assert f"H(\\tilde p, q) = -\\sum_i \\tilde p(i)\\log q(i)$ = **{loss:.3f} nats**" in text
    assert "every class with $p(i) > 0$ keeps its term" not in text


def test_where_q_equals_the_target_no_push_is_named(open_page):
    """Review 28-B #3: at q = p the gradient is 0, but floating-point residues (−3.1e-18) were named as the
    largest bars."""
    weights = {"mode": "probabilities", "q0": "0.7", "q1": "0.2", "q2": "0.1"}
    target = {"target": "soft", "t0": "0.7", "t1": "0.2", "t2": "0.1"}
    app = open_page(PAGE, depth="medium", **weights, **target)
    text = lesson_markdown(app)
    assert "e-1" not in text and "largest bar" not in text
    assert "neither loss pushes: every bar is 0" in text
    bars = np.concatenate([decoded(trace["y"]) for trace in gradient_spec(app)["data"]])
    assert bars.size and not bars.any()


def decoded(values):
    """A Plotly array, plain or base64-packed."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"]))
    return np.asarray(values, dtype=float)


def test_the_one_hot_logit_form_says_what_y_is(open_page):
    """Review 28-B #4: −z_y/T used a y the page never defined."""
    app = after_a_guess(open_page(PAGE, depth="detailed"), "multiclass")
    text = lesson_markdown(app)
    assert "one-hot target on the true class $y$ that is $-z_y/T" in text
