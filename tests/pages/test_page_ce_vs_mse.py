"""AppTest: the cross-entropy vs MSE page shows -log q, (1 - q)^2, their pushes on the logit and the ratio of
the pushes (never of the losses), in sentences true at every q, depth and unit."""

import json
import math
import re

import numpy as np
import pytest
from helpers import after_a_guess, markdown_tables, metrics, opened, reads_as, set_slider
from scipy.optimize import brentq, minimize_scalar
from scipy.special import expit

from content.text import format_number
from lessons.ce_vs_mse_figures import gradient_figure, logit_figure, loss_figure

PAGE = "pages/ce-vs-mse.py"
PRESETS = {"q = 0.95, sure and right": 0.95, "q = 0.5": 0.5, "q = 0.02, sure and wrong": 0.02}
FORBIDDEN = re.compile(
    r"-0\.000(?!\d)|undefined|\bnan\b|(?-i:\bNone\b)|\{\{|∞\s*(?:times|×)|loss \(nats\)", re.IGNORECASE
)


def pushes(q):
    """By hand: d/dz of -log sigmoid(z) and of (1 - sigmoid(z))^2, in nats, at q = sigmoid(z)."""
    return q - 1, 2 * (q - 1) * q * (1 - q)


def page_text(app):
    """Every sentence a learner reads, line breaks as spaces, with the charts' alt sentences."""
    blocks = [*app.markdown, *app.caption, *app.info]
    alts = [chart.proto.alt for chart in app.get("plotly_chart")]
    return " ".join(" ".join([*(block.value for block in blocks), *alts]).split())


def at(app, q):
    return set_slider(app, "q", q)


def answered(app):
    """Lock in a guess in Predict, then reveal (it moves to q = 0.02), then go back to the q the test chose:
    nothing waits for a guess any more, so everything is on screen."""
    return after_a_guess(app, "ce-vs-mse")


@pytest.mark.parametrize("q", [0.02, 0.2, 0.5, 0.95, 0.99])
def test_both_losses_and_the_ratio_of_their_pushes(open_page, q):
    app = answered(at(open_page(PAGE), q))
    shown = metrics(app)
    assert shown["Cross-entropy"] == f"{-math.log(q):.3f} nats"
    assert reads_as(shown["MSE (no unit)"], (1 - q) ** 2)
    ce_push, mse_push = pushes(q)
    assert shown[RATIO] == f"{ce_push / mse_push:.1f}×"
    assert not any("÷ MSE" in label and "push" not in label for label in shown), "no ratio of losses"
    table = markdown_tables(app)[0]  # the small table under the metrics
    assert table.iloc[0, 2] == "nats" and table.iloc[1, 2] == "no unit"
    assert reads_as(table.iloc[1, 1], (1 - q) ** 2), "1.0e-4 at q = 0.99, never 0.000 beside a finite ratio"
    assert reads_as(table.iloc[1, 3], mse_push) and reads_as(table.iloc[0, 3], ce_push)


def test_link_and_presets(open_page):
    app = open_page(PAGE, q="0.05", log="true", units="bits")
    assert metrics(app)["Cross-entropy"] == f"{-math.log2(0.05):.3f} bits"
    assert app.toggle(key="log").value is True
    app.button(key="preset_q = 0.95, sure and right").click().run()
    assert metrics(app)["Cross-entropy"] == f"{-math.log2(0.95):.3f} bits"


def test_edges_of_q_read_in_words_not_nan(open_page):
    app = answered(open_page(PAGE, q="0"))
    assert metrics(app)["Cross-entropy"] == "∞ nats"
    assert metrics(app)[RATIO] == "MSE's is 0"
    assert "MSE's push is exactly 0" in page_text(app)
    at(app, 1.0)
    assert metrics(app)["Cross-entropy"] == "0.000 nats"
    assert metrics(app)[RATIO] == "both are 0"
    assert "both pushes are 0" in page_text(app)
    assert not app.exception


VANISHING_EDGE = brentq(lambda q: 2 * q * (1 - q) - 0.2, 1e-9, 0.5)  # MSE's push = a fifth of CE's


def check_claims(app, q, depth, units):
    """Every state-dependent sentence on the page against the maths, recomputed here."""
    text = page_text(app)
    found = FORBIDDEN.search(text)
    assert not found, f"q = {q}, {depth}, {units}: {text[max(0, found.start() - 80) : found.end() + 80]}"
    ce_push, mse_push = pushes(q)
    for times in re.findall(r"is (\d+\.\d) times MSE's", text):
        assert float(times) == pytest.approx(ce_push / mse_push, abs=0.05)
    if "MSE's push has faded" in text:
        assert q < VANISHING_EDGE and abs(mse_push) < 0.2 * abs(ce_push)
    if "both are small" in text:
        assert abs(ce_push) <= 0.1 and abs(mse_push) <= 0.1
    if "exactly 0" in text:
        assert q == 0
    if "both pushes are 0" in text:
        assert q == 1
    if depth == "medium":
        assert f"would be {format_number(ce_push / math.log(2))}" in text, "the gradient in bits, converted"
        assert "of the loss in nats" in text
        assert f"q below {VANISHING_EDGE:.2f}, MSE's push is under a fifth" in text
        grid = np.linspace(0.001, 0.999, 999)
        ratios = np.abs(pushes(grid)[0] / pushes(grid)[1])
        assert "never below 2" not in text, "the 2 at q = 0.5 is a convention of scale, not a floor"
        assert "2 at q = 0.5, depends on scaling conventions" in text and "growth" in text
        assert ratios.min() == pytest.approx(2) and grid[ratios.argmin()] == pytest.approx(0.5)
    if depth == "detailed":
        assert "strictly proper" in text, "MSE on probabilities (the Brier score) is proper too"


@pytest.mark.parametrize("units", ["nats", "bits"])
@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_every_sentence_holds_at_every_preset_and_slider_end(open_page, depth, units):
    app = answered(open_page(PAGE, depth=depth, units=units))
    check_claims(app, 0.2, depth, units)
    for name, q in PRESETS.items():
        app.button(key=f"preset_{name}").click().run()
        check_claims(app, q, depth, units)
    for q in (0.0, 0.01, 0.1, 0.11, 0.12, 0.9, 0.99, 1.0):
        check_claims(at(app, q), q, depth, units)
    assert not app.exception


def chart_specs(app):
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


@pytest.mark.parametrize("units", ["nats", "bits"])
def test_mse_has_its_own_axis_and_gradients_say_they_are_in_nats(open_page, units):
    app = answered(open_page(PAGE, units=units))
    specs = chart_specs(app)
    assert len(specs) == 3

    def axis_title(spec, trace):
        axis = spec["data"][trace].get("yaxis", "y")
        return spec["layout"][f"yaxis{axis[1:]}"].get("title", {}).get("text", "")

    for loss_chart in (specs[0], specs[2]):  # against q, and the top panel against z
        assert axis_title(loss_chart, 0) == f"cross-entropy ({units})"
        assert axis_title(loss_chart, 1) == "MSE (no unit, own scale)"
        assert loss_chart["data"][1]["name"].endswith("right axis, own scale"), "higher is not a bigger fine"
    assert "∂ℓ_MSE/∂z (no unit)" in axis_title(specs[1], 0) == axis_title(specs[1], 1)
    assert {specs[2]["data"][trace]["yaxis"] for trace in (2, 3)} == {"y3"}
    assert "∂ℓ_MSE/∂z (no unit)" in " ".join(note["text"] for note in specs[2]["layout"]["annotations"])


def test_every_chart_has_a_table_and_an_alt_sentence_with_the_current_numbers(open_page):
    app = answered(at(open_page(PAGE, units="bits"), 0.1))
    alts = [chart.proto.alt for chart in app.get("plotly_chart")]
    ce_push, mse_push = pushes(0.1)
    assert f"{-math.log2(0.1):.3f} bits" in alts[0] and f"{0.81:.3f}" in alts[0]
    assert f"{ce_push:.3f}" in alts[1] and f"{mse_push:.3f}" in alts[1]
    assert f"z = {math.log(0.1 / 0.9):.2f}" in alts[2] and f"{mse_push:.3f}" in alts[2]
    app = opened(app, *(f"compare_{name}_chart_table" for name in ("loss", "gradient", "logit")))
    tables = [frame.value for frame in app.dataframe]
    assert len(tables) == 3
    logit_table = tables[2]
    row = logit_table[np.isclose(logit_table["z"], math.log(0.1 / 0.9))].iloc[0]
    assert row["MSE gradient ∂ℓ_MSE/∂z"] == pytest.approx(mse_push)


@pytest.mark.parametrize("base", [math.e, 2.0])
def test_the_logit_chart_shows_mses_plateau_against_a_straight_line(base):
    figure = logit_figure(0.2, base=base, unit="bits" if base == 2 else "nats")
    ce, mse, ce_push, mse_push = figure.data[:4]
    z = np.asarray(ce.x)
    np.testing.assert_allclose(ce.y, np.logaddexp(0, -z) / math.log(base), rtol=1e-12)
    np.testing.assert_allclose(mse.y, (1 - expit(z)) ** 2, rtol=1e-12, atol=1e-15)
    step = 1e-5  # the pushes are derivatives of the losses in nats: check them by finite differences
    for push, loss in ((ce_push, lambda z: np.logaddexp(0, -z)), (mse_push, lambda z: (1 - expit(z)) ** 2)):
        np.testing.assert_allclose(push.y, (loss(z + step) - loss(z - step)) / (2 * step), atol=1e-8)
    very_negative = z <= -8
    assert np.all(np.asarray(mse.y)[very_negative] > 0.999), "MSE's plateau at its ceiling, 1"
    assert np.all(np.abs(np.asarray(mse_push.y)[very_negative]) < 1e-3), "and no push there"
    assert np.all(np.asarray(ce_push.y)[very_negative] < -0.999), "cross-entropy's push stays near −1"
    slope = np.diff(np.asarray(ce.y)[very_negative]) / np.diff(z[very_negative])
    np.testing.assert_allclose(slope, -1 / math.log(base), rtol=1e-3)  # a straight line
    marker = [trace for trace in figure.data if trace.mode == "markers"][0]
    assert marker.x[0] == pytest.approx(math.log(0.2 / 0.8))


@pytest.mark.parametrize("q", [0.0, 1.0])
def test_the_figures_survive_both_ends_of_q(q):
    for figure in (
        loss_figure(q, base=2.0, unit="bits", log_scale=True),
        gradient_figure(q),
        logit_figure(q, base=2.0, unit="bits"),
    ):
        figure.to_dict()
    note = " ".join(a.text for a in logit_figure(q, base=math.e, unit="nats").layout.annotations)
    assert "off the chart" in note


def test_mse_on_probabilities_is_proper_as_the_detailed_text_says():
    for r in (0.1, 0.3, 0.8):
        brier = minimize_scalar(
            lambda q, r=r: r * (1 - q) ** 2 + (1 - r) * q**2, bounds=(0, 1), method="bounded"
        )
        assert brier.x == pytest.approx(r, abs=1e-5)


def test_basic_names_its_charts_and_defines_the_logit_and_sigma_before_using_them(open_page):
    text = page_text(answered(open_page(PAGE)))
    for wrong in ("left chart", "right chart", "chart below"):
        assert wrong not in text, wrong
    assert text.index("the **logit**") < text.index("q = σ(z)") < text.index("chart against the logit z")


def test_detailed_calls_squared_error_a_negative_log_likelihood(open_page):
    text = page_text(open_page(PAGE, depth="detailed"))
    assert "likelihood of a\nGaussian" not in text and "is the likelihood" not in text
    assert "the negative log-likelihood of a Gaussian" in " ".join(text.split())


RATIO = "Cross-entropy's push (CE in nats) ÷ MSE's"  # the push it divides is of the loss in nats


def test_the_ratio_names_the_unit_of_its_push_in_bits_too(open_page):
    app = answered(at(open_page(PAGE, units="bits"), 0.2))
    ce_push, mse_push = pushes(0.2)  # the pushes of the loss in nats
    assert metrics(app)[RATIO] == f"{ce_push / mse_push:.1f}×"


def test_basic_says_q_is_the_true_class_because_y_is_1(open_page):
    text = " ".join(" ".join(block.value for block in open_page(PAGE).markdown).split())
    assert "Here the true label is y = 1, so q = σ(z) is the probability of the true class." in text


def test_detailed_gives_the_mse_no_unit_beside_the_loss_in_nats(open_page):
    text = " ".join(" ".join(block.value for block in open_page(PAGE, depth="detailed").markdown).split())
    assert f"(here {-math.log(0.2):.3f} nats; MSE {0.8**2:.3f}, no unit)" in text


def test_the_log_axes_write_powers_of_ten_and_basic_reads_true_at_q_0(open_page):
    from lessons.ce_vs_mse_figures import loss_figure

    figure = loss_figure(0.2, base=math.e, unit="nats", presenter=False, log_scale=True)
    assert figure.layout.yaxis.exponentformat == figure.layout.yaxis2.exponentformat == "power"
    text = " ".join(" ".join(block.value for block in open_page(PAGE, q="0").markdown).split())
    assert "Slide q towards 0" not in text and "Towards q = 0, MSE can never charge more than 1" in text


GIVEAWAYS = re.compile(
    r"fades|faded|barely learns|no push|times MSE's|\d×|pushes hardest|straight line|steady push|plateau|"
    r"vanish|under a fifth|for its push|both pushes are 0|exactly 0|gradient in z|q\(1 ?- ?q\)",
    re.IGNORECASE,
)


@pytest.mark.parametrize("units", ["nats", "bits"])
@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_the_screen_does_not_answer_the_prediction_until_the_guess_is_locked_in(open_page, depth, units):
    """Whose push is stronger at q = 0.02? The ratio, the pushes' charts, the table's pushes and the text
    about them wait for the guess (review 19-1 #1), at the question's own view too (review 19-A #4); after the
    guess all return."""
    for q in (0.0, 0.02, 0.2, 0.5, 0.99, 1.0):
        app = at(open_page(PAGE, depth=depth, units=units), q)
        assert any("Whose push" in block.value and "larger in size" in block.value for block in app.markdown)
        text = page_text(app)
        found = GIVEAWAYS.search(text)
        assert not found, f"q = {q}: {text[max(0, found.start() - 80) : found.end() + 80]}"
        assert metrics(app)[RATIO] == "after your guess"
        assert len(app.get("plotly_chart")) == 1, (
            "only the chart of the fines, which asks nothing of the pushes"
        )
        assert [column for column in markdown_tables(app)[0] if "gradient" in column] == []
        app = opened(app, "compare_loss_chart_table")
        assert [column for column in app.dataframe[0].value if "gradient" in column] == []
        assert "lock in your guess" in text and "they show its answer" in text
    app = answered(at(open_page(PAGE, depth=depth, units=units), 0.2))  # the guess moves to 0.02 and back
    ce_push, mse_push = pushes(0.2)
    assert metrics(app)[RATIO] == f"{ce_push / mse_push:.1f}×" and len(app.get("plotly_chart")) == 3
    assert "lock in your guess" not in page_text(app) and GIVEAWAYS.search(page_text(app))
    app.button(key="ce-vs-mse_again").click().run()  # asked again: hidden again
    assert metrics(app)[RATIO] == "after your guess"
    at_the_question = answered(at(open_page(PAGE, depth=depth, units=units), 0.02))  # asked there too
    assert len(at_the_question.get("plotly_chart")) == 3 and "×" in metrics(at_the_question)[RATIO]


@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_the_intro_says_a_step_moves_against_the_push_and_at_basic_the_mse_axis_is_its_own(open_page, depth):
    """Where "push" first appears (the intro, at every depth): z ← z − η ∂ℓ/∂z (review 19-1 #2)."""
    text = page_text(answered(open_page(PAGE, depth=depth)))
    assert text.count(r"$z \leftarrow z - \eta\,\partial\ell/\partial z$") == 1
    assert "So a negative push raises z, and with it the probability of the true class; a push of 0" in text
    for q in (0.02, 0.5, 0.99):  # with y = 1 every push q − 1 is negative, so each step raises z and q
        z = math.log(q / (1 - q))
        assert expit(z - 0.1 * pushes(q)[0]) > q and expit(z - 0.1 * pushes(q)[1]) > q
    if depth == "basic":
        assert "its own axis and its own scale, so where MSE's dashed curve lies higher" in text


@pytest.mark.parametrize("q", [0.02, 0.5, 0.99, 1.0])
def test_mses_push_fades_and_a_plateau_stalls_only_a_wrong_model(open_page, q):
    """Review 19-A #1-#3: MSE's push fades but is not 0 (−9.1e-5 at z = −10); a plateau stalls a sure, wrong
    model, not a nearly right one; the logit chart's pushes are of the loss in nats, also in bits."""
    app = answered(at(open_page(PAGE, depth="detailed", units="bits"), q))
    shown = page_text(app)
    assert "no push" not in shown and "where gradient descent stalls:" not in shown
    assert "Where the model is sure and wrong, gradient descent stalls" in shown
    assert "both pushes (the pushes of the loss in nats) against the logit z" in shown
    mse_push_at_minus_10 = 2 * (expit(-10) - 1) * expit(-10) * (1 - expit(-10))
    assert -1e-4 < mse_push_at_minus_10 < 0, "fades to almost 0, never exactly 0"
    titles = [spec["layout"]["title"]["text"] for spec in chart_specs(app)]
    assert any("fades to almost 0" in title.replace("<br>", " ") for title in titles)


@pytest.mark.parametrize("q", [0.0, 0.2, 0.95])
def test_in_bits_every_push_sentence_says_it_is_of_the_loss_in_nats(q):
    """The pushes q − 1 and 2(q − 1)q(1 − q) are of the loss in nats; in bits each sentence that quotes them
    says so, since in bits the push is 1/ln 2 times larger (review 26-A, S2)."""
    from lessons.ce_vs_mse import lesson_values

    bits, nats = (
        lesson_values(q, base=base, unit=unit, depth="Detailed")
        for base, unit in ((2.0, "bits"), (math.e, "nats"))
    )
    assert "(pushes of the loss in nats)" in bits["push_sentence"]
    assert "of the loss in nats" not in nats["push_sentence"]
    push = f"{q - 1:.3f}"  # cross-entropy's push q − 1, then the unit it belongs to
    assert f"cross-entropy's {push} (of the loss in nats)." in bits["pushes"]
    assert f"cross-entropy's {push}." in nats["pushes"]


def test_mse_is_not_said_to_barely_learn_where_its_push_is_only_small_next_to_cross_entropys(open_page):
    """Review 28-A #3: at q = 0.11 MSE's push, 2(q − 1)q(1 − q) = −0.174, is 59 % of its own largest and
    larger than anywhere above q ≈ 0.74; "barely learns" overstated a ratio test (under a fifth of CE's)."""
    app = after_a_guess(open_page(PAGE, depth="medium"), "ce-vs-mse")
    set_slider(app, "q", 0.11)
    text = " ".join(block.value for block in app.markdown)
    for chart in app.get("plotly_chart"):
        text += " " + chart.proto.spec
    assert "barely learns" not in text
    assert "learns far more slowly than cross-entropy" in text
