"""/information's sentences in the states review 19-2 read: two infinite costs have a cause, not a
coincidence; a code length that is not whole is explained where it is shown; Medium keeps to units."""

import math

import numpy as np
import pytest
from helpers import markdown_tables
from scipy.special import xlogy

PAGE = "pages/information.py"
OUTCOMES = ("sun", "cloud", "rain", "snow")
DISJOINT = {"ip0": "1", "ip1": "0", "ip2": "0", "ip3": "0", "iq0": "0", "iq1": "1", "iq2": "0", "iq3": "0"}
ONE_HOT_TRUTH = {
    "ip0": "1",
    "ip1": "0",
    "ip2": "0",
    "ip3": "0",
    "iq0": "6",
    "iq1": "2",
    "iq2": "1",
    "iq3": "1",
}


def page_text(app):
    """Every paragraph a learner reads, line breaks as spaces."""
    return " ".join(" ".join(block.value for block in [*app.markdown, *app.info, *app.caption]).split())


def cross_entropy_bits(p, q):
    with np.errstate(divide="ignore"):
        return -xlogy(p, q).sum() / math.log(2)


@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
@pytest.mark.parametrize("units", ["nats", "bits"])
def test_two_infinite_costs_are_explained_not_called_a_coincidence(open_page, depth, units):
    p, q = np.eye(4)[0], np.eye(4)[1]
    assert math.isinf(cross_entropy_bits(p, q)) and math.isinf(cross_entropy_bits(q, p))  # by hand
    text = page_text(open_page(PAGE, depth=depth, units=units, **DISJOINT))
    assert "coincidence" not in text
    if depth == "basic":
        assert "Both ways round the cost is infinite" in text and "probability 0" in text


def test_a_code_length_that_is_not_whole_is_called_ideal_and_rounding_is_explained(open_page):
    app = open_page(PAGE, **ONE_HOT_TRUTH)
    q = np.array([6.0, 2.0, 1.0, 1.0]) / 10
    table = markdown_tables(app)[0]
    column = "ideal length −log₂ q(i) (bits)"
    assert table[column].tolist() == [f"{bits:.3f}" for bits in -np.log2(q)]  # 0.737 for sun: not whole
    text = page_text(app)
    assert "rounds it up to whole bits" in text and "many days together" in text


def test_medium_keeps_the_unit_conversion_but_does_not_repeat_the_code_length_box(open_page):
    text = page_text(open_page(PAGE, depth="medium"))
    assert text.count("so likely outcomes get short codewords") == 1, "said once, in the box"
    assert text.count("is what the wrong odds waste") == 1
    bits = 2.375  # H(p, q) at the default, by hand
    assert f"= {bits:.3f} bits = {bits * math.log(2):.3f} nats" in text


def test_medium_shows_the_sign_step_from_the_two_sums_to_kl(open_page):
    """Review 19-B #4: Σ p log p = −H(p) and −Σ p log q = +H(p, q), written out before KL = H(p, q) − H(p)."""
    text = page_text(open_page("pages/information.py", depth="medium"))
    assert "$-H(p)$" in text and "$+H(p, q)$" in text
    assert text.index("$-H(p)$") < text.index(r"\mathrm{KL}(p\,\|\,q) = H(p, q) - H(p)")


@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_p_stays_the_truth_and_q_the_forecast_when_the_two_are_swapped(open_page, depth):
    """The card: p is the truth, never the prediction. The swapped cost H(q, p) is read 'as if q happened',
    never by renaming q the truth and p the forecast (review 27-B #3)."""
    app = open_page(PAGE, depth=depth)
    chart = next(c for c in app.get("plotly_chart") if "H(q, p)" in c.proto.spec)
    shown = page_text(app) + chart.proto.spec + chart.proto.alt
    for renamed in ("truth q", "q the truth", "forecast p", "p the forecast"):
        assert renamed not in shown, renamed
    assert "as if q happened" in chart.proto.spec


def test_the_first_charts_title_does_not_say_kl_grows_with_how_far_apart_the_bars_are(open_page):
    """Review 28-B #2 (S1): "the further apart they are, the larger the KL part" is false on the page's own
    presets: "Never says snow" has bars nearer to p than "Uniform forecast", yet KL = ∞ against 0.173."""
    import json

    app = open_page(PAGE)
    titles = [json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in app.get("plotly_chart")]
    assert not any("further apart" in title for title in titles)
    assert any("each outcome adds p·log(p/q) to the KL part" in title for title in titles)
