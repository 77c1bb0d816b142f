"""AppTest: the binary page shows the numbers core/ computes, for every input a learner can give."""

import json
import math
import re

import numpy as np
import pytest
from helpers import after_a_guess, metrics, opened, plotly_chart, reads_as, set_slider, slider_value

from content.text import format_loss, format_number
from core import binary_cross_entropy
from lessons.binary import binary_gradient_alt, binary_loss_alt, gradient_comparison

PAGE = "pages/binary.py"
CE_PUSH, MSE_PUSH = "CE ∂ℓ/∂z, of the loss in nats", "MSE ∂ℓ_MSE/∂z (no unit)"  # in nats and in bits alike
DEPTHS = ("basic", "medium", "detailed")
PRESET_KEYS = ("Sure, right", "Sure, wrong", "Real email → spam", "log 0: certain, wrong")
BAD_PROSE = re.compile(r"NaN|\bnan\b|None|\binf\b|\{\{|—|times the MSE|\d\s*[−-]\s*\d+\s+(?:classes|times)")


def lesson_prose(app):
    """Every sentence the page shows: markdown, captions, metrics, errors, and the charts' alt sentences."""
    parts = [block.value for block in app.markdown] + [caption.value for caption in app.caption]
    parts += [f"{metric.label} {metric.value}" for metric in app.metric]
    parts += [error.value for error in app.error]
    return "\n".join(parts)


def test_shared_link_opens_at_its_values(open_page):
    app = open_page(PAGE, q="0.9", y="1")
    assert not app.exception
    assert slider_value(app, "q") == pytest.approx(0.9)
    assert metrics(app)["Cross-entropy"] == "0.105 nats"
    assert math.isclose(-math.log(0.9), 0.10536, abs_tol=1e-5)


def test_an_old_link_with_p_still_opens_at_its_value(open_page):
    app = open_page(PAGE, p="0.9", y="1")
    assert not app.exception
    assert slider_value(app, "q") == pytest.approx(0.9)
    assert metrics(app)["Cross-entropy"] == f"{-math.log(0.9):.3f} nats"
    assert "p" not in app.query_params


def test_label_zero_from_the_link(open_page):
    app = open_page(PAGE, q="0.95", y="0")
    assert app.radio(key="y").value == 0
    assert metrics(app)["Cross-entropy"] == f"{-math.log(0.05):.3f} nats"


def test_a_link_to_the_asked_view_asks_before_it_shows_the_loss(open_page):
    """y = 0, q = 0.98 is the view the predict box asks about: a link there holds its loss back."""
    app = open_page(PAGE, q="0.98", y="0")
    assert app.radio(key="y").value == 0 and "Cross-entropy" not in metrics(app)
    app.radio(key="binary_guess").set_value(3).run()
    app.button(key="binary_commit").click().run()
    assert metrics(app)["Cross-entropy"] == f"{-math.log(0.02):.3f} nats"


def test_bits_from_the_link(open_page):
    app = open_page(PAGE, q="0.9", y="1", units="bits")
    assert metrics(app)["Cross-entropy"] == f"{-math.log2(0.9):.3f} bits" == "0.152 bits"


@pytest.mark.parametrize("q", [0.0, 0.01, 0.35, 0.5, 0.99, 1.0])
@pytest.mark.parametrize("y", [0, 1])
def test_moving_the_widgets_updates_both_losses_and_both_pushes(open_page, q, y):
    app = open_page(PAGE, depth="medium")
    app.radio(key="y").set_value(y)
    set_slider(app, "q", q)
    assert not app.exception
    shown = metrics(app)
    truth = q if y == 1 else 1 - q
    expected_ce = math.inf if truth == 0 else 0.0 - math.log(truth)
    assert shown["Cross-entropy"] == format_loss(expected_ce, "nats")
    assert reads_as(shown["MSE (no unit)"], (q - y) ** 2)
    assert reads_as(shown[CE_PUSH], q - y)
    mse_push = 2 * (q - y) * q * (1 - q)
    assert reads_as(shown[MSE_PUSH], mse_push), "a small push keeps its digits, never -0.000"


def test_certain_and_wrong_is_an_infinite_loss_with_a_lesson(open_page):
    app = open_page(PAGE)
    app.button(key="preset_log 0: certain, wrong").click().run()
    assert not app.exception
    assert metrics(app)["Cross-entropy"] == "∞ nats"
    assert any("log 0 is minus infinity" in error.value for error in app.error)


def test_spam_preset_shows_a_large_loss_for_one_important_email(open_page):
    app = after_a_guess(open_page(PAGE), "binary")  # the preset the box asks about shows its loss after it
    app.button(key="preset_Real email → spam").click().run()
    assert app.radio(key="y").value == 0
    assert slider_value(app, "q") == pytest.approx(0.98)
    assert metrics(app)["Cross-entropy"] == f"{-math.log(0.02):.3f} nats"


def test_lesson_follows_the_depth_and_fills_live_numbers(open_page):
    for depth in DEPTHS:
        app = open_page(PAGE, q="0.25", depth=depth)
        text = lesson_prose(app)
        assert "{{" not in text
        assert format_loss(-math.log(0.25), "nats") in text
        assert text.count("fine (the loss)") == 1, "the metaphor is tied once, where it first appears"
        if depth == "basic":
            assert "q = 0.25" in text.replace("**", "")
        if depth == "medium":
            assert f"{0.75**2:.3f}" in text  # MSE (0.25 - 1)^2
            assert "\\sigma(z) = 1/(1+e^{-z})" in text and "\\sigma'(z) = \\sigma(z)\\,(1-\\sigma(z))" in text
        if depth != "basic":
            assert "push (the gradient)" in text


def test_basic_shows_the_losses_only_and_medium_adds_the_pushes(open_page):
    basic = open_page(PAGE, depth="basic")
    assert set(metrics(basic)) == {"Cross-entropy", "MSE (no unit)"}
    assert len(basic.get("plotly_chart")) == 1
    assert "no unit" in lesson_prose(basic), "Basic says in one sentence what the MSE number is"
    medium = open_page(PAGE, depth="medium")
    assert CE_PUSH in metrics(medium) and MSE_PUSH in metrics(medium)
    assert len(medium.get("plotly_chart")) == 2


def test_in_bits_the_gradients_say_they_belong_to_the_loss_in_nats(open_page):
    app = open_page(PAGE, q="0.3", y="1", units="bits", depth="medium")
    assert metrics(app)[CE_PUSH] == format_number(0.3 - 1), "q − y, of the loss in nats"
    assert any("gradients are of the loss in nats" in caption.value for caption in app.caption)
    assert not any("loss in nats" in caption.value for caption in open_page(PAGE, depth="medium").caption)


def test_detailed_compares_pushes_not_losses(open_page):
    app = open_page(PAGE, q="0.3", y="1", depth="detailed")
    text = lesson_prose(app)
    assert f"{1 / (2 * 0.3 * 0.7):.1f} times MSE's" in text  # |q - y| / |2 (q - y) q (1 - q)|
    assert "times the MSE" not in text


@pytest.mark.parametrize("q, y", [(0.0, 0), (1.0, 1), (0.0, 1), (1.0, 0)])
def test_pushes_at_the_ends_are_compared_without_dividing_by_zero(q, y):
    sentence = gradient_comparison(q, y)
    assert not BAD_PROSE.search(sentence) and "times" not in sentence and "∞" not in sentence
    if q == y:
        assert "Both pushes are 0" in sentence
    else:
        assert "MSE's push is exactly 0" in sentence and format_number(q - y) in sentence


@pytest.mark.parametrize("units", ["nats", "bits"])
@pytest.mark.parametrize("depth", DEPTHS)
def test_every_state_reads_cleanly(open_page, depth, units):
    """Each depth and unit, after each preset and at both ends of the slider with each label."""
    app = after_a_guess(open_page(PAGE, depth=depth, units=units), "binary")
    states = [("preset", name) for name in PRESET_KEYS] + [
        ("set", (q, y)) for q in (0.0, 1.0) for y in (0, 1)
    ]
    for kind, value in states:
        if kind == "preset":
            app.button(key=f"preset_{value}").click().run()
        else:
            app.radio(key="y").set_value(value[1])
            set_slider(app, "q", value[0])
        assert not app.exception
        q, y = slider_value(app, "q"), app.radio(key="y").value
        prose = lesson_prose(app) + binary_loss_alt(q, y, base=2 if units == "bits" else math.e, unit=units)
        if depth != "basic":
            prose += binary_gradient_alt(q, y, unit=units)
        assert not BAD_PROSE.search(prose), (value, BAD_PROSE.search(prose))
        assert units in metrics(app)["Cross-entropy"]


def test_the_charts_say_what_they_show(open_page):
    app = open_page(PAGE, q="0.7", y="1", depth="medium")
    charts = app.get("plotly_chart")
    loss_alt = binary_loss_alt(0.7, 1, base=math.e, unit="nats")
    assert f"costs {-math.log(0.7):.3f} nats" in loss_alt and f"{0.3**2:.3f} in MSE" in loss_alt
    gradient_alt = binary_gradient_alt(0.7, 1, unit="nats")
    assert f"{0.7 - 1:.3f} and {2 * (0.7 - 1) * 0.7 * 0.3:.3f}" in gradient_alt
    edge = (1 - math.sqrt(1 - 0.4)) / 2  # where 2q(1 - q) = 0.2
    assert f"q below {edge:.2f}" in gradient_alt
    assert len(charts) == 2
    assert "no unit" in binary_loss_alt(0.0, 0, base=2, unit="bits") and "log₂" in binary_loss_alt(
        0.0, 0, base=2, unit="bits"
    )
    assert "an infinite loss" in binary_loss_alt(1.0, 0, base=math.e, unit="nats")


def test_both_charts_open_as_tables_with_independent_numbers(open_page):
    app = opened(
        open_page(PAGE, q="0.3", y="0", depth="medium"),
        "binary_loss_chart_table",
        "binary_gradient_chart_table",
    )
    assert not app.exception
    losses, gradients = (frame.value for frame in app.dataframe)
    row = losses[np.isclose(losses["q"], 0.3)].iloc[0]
    assert row["cross-entropy (nats)"] == pytest.approx(-math.log(0.7))
    assert row["MSE (no unit)"] == pytest.approx(0.09)
    row = gradients[np.isclose(gradients["q"], 0.3)].iloc[0]
    assert row.iloc[1] == pytest.approx(0.3) and row["MSE gradient"] == pytest.approx(2 * 0.3 * 0.3 * 0.7)
    assert set(gradients["q"]) >= {0.0, 1.0}, "the ends are in the table"
    assert np.isfinite(gradients.iloc[:, 1:].to_numpy()).all()


def test_the_stable_form_in_the_text_is_what_the_code_computes(open_page):
    z = np.array([-1000.0, -710.0, -30.0, -1.0, 0.0, 2.0, 40.0, 800.0])
    for y in (0, 1):
        by_hand = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
        computed = binary_cross_entropy(np.full_like(z, y), z, from_logits=True, reduction="none")
        np.testing.assert_allclose(computed, by_hand, rtol=1e-12)
        assert np.isfinite(computed).all()
    with np.errstate(over="ignore"):
        z_low = -710.0
        assert np.isinf(np.log1p(np.exp(-z_low))), "the literal form overflows, as the text says"
    text = lesson_prose(open_page(PAGE, depth="detailed"))
    assert r"\min(z, 0) - \ln(1+e^{-|z|})" in text and r"\max(z, 0) - z\,y + \ln(1+e^{-|z|})" in text
    edge = float(re.search(r"overflows in float64 once \$z\$ is below about −(\d+\.\d)", text).group(1))
    with np.errstate(over="ignore"):
        assert np.isfinite(np.exp(709.5)), "a line at 709 would call this finite value an overflow"
        assert np.isfinite(np.exp(edge - 0.05)) and np.isinf(np.exp(edge + 0.05))


def _specs(app):
    import json

    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


@pytest.mark.parametrize("units", ["nats", "bits"])
def test_the_two_losses_have_their_own_axes_and_the_title_compares_no_sizes(open_page, units):
    loss_spec, gradient_spec = _specs(open_page(PAGE, units=units, depth="medium"))
    spec = loss_spec
    axes = {trace["name"]: trace.get("yaxis", "y") for trace in spec["data"]}
    ce_axis = next(axis for name, axis in axes.items() if name.startswith("Cross-entropy: "))
    mse_axis = next(axis for name, axis in axes.items() if name.startswith("MSE"))
    title = lambda axis: spec["layout"][f"yaxis{axis[1:]}"]["title"]["text"]  # noqa: E731
    assert (
        ce_axis != mse_axis
        and title(ce_axis) == f"cross-entropy ({units})"
        and title(mse_axis) == "MSE (no unit, own scale)"
    )
    mse_name = next(name for name in axes if name.startswith("MSE"))
    assert mse_name.endswith("right axis, own scale"), (
        "a higher MSE curve is not a bigger fine (review 19-1 #3)"
    )
    assert "more than" not in spec["layout"]["title"]["text"], "a size in nats is not compared with MSE's"
    gradient_axis = _specs(open_page(PAGE, units=units, depth="medium"))[1]["layout"]["yaxis"]["title"][
        "text"
    ]
    assert "in nats" not in gradient_axis or "MSE no unit" in gradient_axis


def test_basic_says_what_mse_is_where_it_first_appears(open_page):
    app = open_page(PAGE)
    mse = next(metric for metric in app.metric if metric.label == "MSE (no unit)")
    assert "Mean squared error" in mse.help and "(q − y)²" in mse.help


def test_in_bits_the_sigmoid_derivation_inverts_with_ln(open_page):
    from content.derivations import derivation
    from lessons.derivations import binary_panels

    _, steps = derivation("sigmoid", binary_panels(0.7, 1, base=2.0, unit="bits")[0][1])
    assert f"z = ln(q / (1 − q)) = {math.log(0.7 / 0.3):.3f}" in steps[0] and "log(q" not in steps[0]


def test_medium_flips_the_sign_of_each_log_term_before_averaging(open_page):
    prose = " ".join(lesson_prose(open_page(PAGE, depth="medium")).split())
    assert "add up each email's loss (its log term with the sign flipped) and divide by $N$" in prose
    assert "add up each email's log term and divide" not in prose, "the log terms are ≤ 0; the losses are ≥ 0"


def test_medium_says_the_switched_off_term_is_0_as_a_limit_at_the_ends(open_page):
    prose = " ".join(lesson_prose(open_page(PAGE, depth="medium", q="0", y="1")).split())
    assert "counts as 0, as a limit at q = 0 or 1" in prose


@pytest.mark.parametrize("units", ["nats", "bits"])
@pytest.mark.parametrize("depth", ["medium", "detailed"])
def test_where_the_push_appears_a_step_moves_against_it(open_page, depth, units):
    """z ← z − η ∂ℓ/∂z, said once where the pushes first appear (review 19-1 #2), and true at every (y, q)."""
    text = " ".join(lesson_prose(open_page(PAGE, depth=depth, units=units)).split())
    assert text.count(r"z \leftarrow z - \eta\,\partial \ell/\partial z") == 1
    if depth == "medium":
        assert "a negative push raises $z$ (and $q$), a positive one lowers them, and a push of 0" in text
    else:
        assert "up while $q < y$, down while $q > y$, not at all once $q = y$" in text
    eta = 0.5  # any positive step: the direction is the claim
    for y in (0, 1):
        for q in (0.01, 0.3, 0.7, 0.99):
            z = math.log(q / (1 - q))
            push = 1 / (1 + math.exp(-z)) - y  # d/dz of -[y ln σ(z) + (1 - y) ln(1 - σ(z))], by hand
            stepped = z - eta * push
            assert (stepped > z) == (q < y) and (push < 0) == (q < y)
    assert "leftarrow" not in lesson_prose(open_page(PAGE, depth="basic")), "Basic shows no push"


@pytest.mark.parametrize("units", ["nats", "bits"])
@pytest.mark.parametrize(("y", "q"), [(1, 1.0), (0, 0.0), (1, 0.0), (0, 1.0), (1, 0.5)])
def test_the_switched_off_0_log_0_is_explained_under_the_sum(open_page, y, q, units):
    """At y = 1, q = 1 and y = 0, q = 0 the worked sum drops 0 · log 0: Basic says why (review 19-1 #4)."""
    app = open_page(PAGE, y=str(y), q=str(q), units=units)
    notes = [caption.value for caption in app.caption if "0 · log 0" in caption.value]
    zero_log_zero = (y == 1 and q == 1) or (y == 0 and q == 0)
    assert len(notes) == (1 if zero_log_zero else 0)
    if zero_log_zero:
        assert "counts as 0" in notes[0] and "x · log x goes to 0 as x goes to 0" in notes[0]
        assert ("1 − y is 0, and so is 1 − q" if y == 1 else "y is 0, and so is q") in notes[0]
        assert "+ 0" in app.get("latex")[0].value or "0 +" in app.get("latex")[0].value
        assert 1e-12 * math.log(1e-12) == pytest.approx(0, abs=1e-9), "x log x → 0"


def test_basic_names_the_fine_l_before_its_formula_uses_it(open_page):
    app = open_page(PAGE, depth="basic")
    assert "the fine ℓ the filter pays (one email's loss)" in lesson_prose(app)
    assert r"\ell &=" in app.get("latex")[0].value


def test_in_bits_the_fine_and_the_data_sets_mean_are_l_bits_and_l_bits(open_page):
    """ℓ and L are in nats (the notation card); in bits the page names ℓ_bits and L_bits, whose sum it
    shows: 8 emails' −log₂ of the probability of their label (review 26-E, S1)."""
    app = after_a_guess(open_page(PAGE, depth="basic", units="bits"), "binary")  # the data set waits for it
    assert r"the fine $\ell_{\text{bits}}$ the filter pays" in lesson_prose(app)
    latex = " ".join(block.value for block in app.get("latex"))
    assert r"\ell_n" not in latex and r"L = " not in latex
    assert r"L_{\text{bits}} = \frac{1}{N}\sum_{n=1}^{N} \ell_{n,{\text{bits}}}" in latex


@pytest.mark.parametrize("depth", ["medium", "detailed"])
def test_in_bits_the_loss_on_screen_is_l_bits_so_l_keeps_one_meaning(open_page, depth):
    """ℓ is the loss in nats (the notation card), the one the push ∂ℓ/∂z differentiates; in bits the
    worked loss is ℓ_bits = ℓ / ln 2, never a second ℓ (review 26-A, S1)."""
    app = open_page(PAGE, units="bits", depth=depth, q="0.02", y="1")
    latex = " ".join(block.value for block in app.latex)
    text = " ".join(block.value for block in app.markdown)
    assert r"\ell_{\text{bits}} &=" in latex and r"\ell &=" not in latex
    assert f"{-math.log2(0.02):.3f}" in latex
    assert r"\ell = -[\,y \log q" not in text  # no ℓ whose log follows the units
    assert r"\ell_{\text{bits}} = \ell/\ln 2" in text


@pytest.mark.parametrize("units", ["nats", "bits"])
def test_mses_push_is_never_written_as_the_push_of_l(open_page, units):
    """ℓ is cross-entropy's loss (the notation card): MSE's push is ∂ℓ_MSE/∂z in its metric, the gradient
    chart's axis and the Medium text, never ∂ℓ/∂z of the squared error (review 27-A, S1)."""
    app = open_page(PAGE, units=units, depth="medium", q="0.3", y="1")
    assert MSE_PUSH in metrics(app) and "ℓ_MSE" in MSE_PUSH
    axis = json.loads(plotly_chart(app, "binary_gradient_chart").proto.spec)["layout"]["yaxis"]["title"][
        "text"
    ]
    assert "∂ℓ/∂z (CE" in axis and "∂ℓ_MSE/∂z (no unit)" in axis
    text = " ".join(block.value for block in app.markdown)
    assert r"\partial \ell_{\text{MSE}}/\partial z" in text and r"\ell_{\text{MSE}} = (q - y)^2" in text
