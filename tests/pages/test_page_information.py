"""AppTest: the entropy / KL / cross-entropy page shows what scipy computes for the distributions set."""

import json
import math

import numpy as np
import pytest
from helpers import ROOT, markdown_tables, metrics, opened, set_sliders, slider_value
from scipy.special import entr, rel_entr, xlogy

from content.lesson_files import lesson, lesson_sections
from content.text import format_number

PAGE = "pages/information.py"
DEFAULT_P, DEFAULT_Q = [4.0, 2.0, 1.0, 1.0], [1.0, 4.0, 2.0, 1.0]
UNIFORM_Q = [2.0, 2.0, 2.0, 2.0]
PRESETS = {  # name: (p weights, q weights), as a teacher would set them by hand
    "Shuffled forecast": (DEFAULT_P, DEFAULT_Q),
    "Forecast = truth": (DEFAULT_P, DEFAULT_P),
    "Uniform forecast": (DEFAULT_P, UNIFORM_Q),
    "Never says snow": (DEFAULT_P, [4.0, 2.0, 2.0, 0.0]),
    "One-hot truth": ([1.0, 0.0, 0.0, 0.0], [6.0, 2.0, 1.0, 1.0]),
}


def expected(p_weights, q_weights, unit="nats"):
    """The four metrics, computed with scipy from the raw slider weights."""
    p = np.array(p_weights) / sum(p_weights)
    q = np.array(q_weights) / sum(q_weights)
    scale = math.log(2) if unit == "bits" else 1.0
    with np.errstate(divide="ignore"):
        values = {
            "Entropy H(p)": entr(p).sum(),
            "Cross-entropy H(p, q)": -xlogy(p, q).sum(),
            "KL(p ‖ q)": rel_entr(p, q).sum(),
            "KL(q ‖ p)": rel_entr(q, p).sum(),
        }
    return {label: shown(value / scale, unit) for label, value in values.items()}


def shown(value, unit):
    return f"{'∞' if math.isinf(value) else f'{value:.3f}'} {unit}"


def set_weights(app, p_weights, q_weights):
    weights = {f"ip{index}": p for index, p in enumerate(p_weights)}
    return set_sliders(app, weights | {f"iq{index}": q for index, q in enumerate(q_weights)})


def test_default_view_is_the_powers_of_two_weather_with_a_shuffled_forecast(open_page):
    app = open_page(PAGE)
    assert not app.exception
    assert metrics(app) == expected(DEFAULT_P, DEFAULT_Q)
    bits = expected(DEFAULT_P, DEFAULT_Q, "bits")
    # by hand: p = (1/2, 1/4, 1/8, 1/8), q = (1/8, 1/2, 1/4, 1/8)
    assert bits["Entropy H(p)"] == "1.750 bits" and bits["Cross-entropy H(p, q)"] == "2.375 bits"
    assert bits["KL(p ‖ q)"] == "0.625 bits" and bits["KL(q ‖ p)"] == "0.500 bits"


def kls(p_weights, q_weights):
    """KL(p || q) and KL(q || p) in nats, by scipy."""
    p = np.array(p_weights) / sum(p_weights)
    q = np.array(q_weights) / sum(q_weights)
    return rel_entr(p, q).sum(), rel_entr(q, p).sum()


def page_text(app):
    """Every paragraph a learner reads, with line breaks as spaces."""
    return " ".join(" ".join(block.value for block in [*app.markdown, *app.info, *app.caption]).split())


@pytest.mark.parametrize("units", ["nats", "bits"])
@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
@pytest.mark.parametrize("preset", [None, *PRESETS])
def test_every_symmetry_claim_holds_for_what_the_page_shows(open_page, preset, depth, units):
    app = open_page(PAGE, depth=depth, units=units)
    if preset:
        app.button(key=f"preset_{preset}").click().run()
    p_weights, q_weights = PRESETS[preset or "Shuffled forecast"]
    assert metrics(app) == expected(p_weights, q_weights, units)
    forward, reverse = kls(p_weights, q_weights)
    text = page_text(app)
    claims_kl_differ = "which distribution is the truth matters" in text or "which one is the truth" in text
    claims_kl_equal = "happen to be equal" in text or "both directions are 0" in text
    if depth == "medium":
        assert claims_kl_differ != claims_kl_equal, "Medium says which, exactly once"
    if claims_kl_differ:  # infinite on one side only, or clearly apart (in nats)
        assert math.isinf(forward) != math.isinf(reverse) or abs(forward - reverse) > 0.05
    if claims_kl_equal:
        assert forward == pytest.approx(reverse, abs=1e-12)
    p = np.array(p_weights) / sum(p_weights)
    q = np.array(q_weights) / sum(q_weights)
    with np.errstate(divide="ignore"):
        h_pq, h_qp = -xlogy(p, q).sum(), -xlogy(q, p).sum()
    claims_h_differ, claims_h_equal = "the cost changes" in text, "swapping them" in text
    if depth == "basic":
        assert claims_h_differ != claims_h_equal, "Basic says which, exactly once"
    if claims_h_differ:
        assert math.isinf(h_pq) != math.isinf(h_qp) or abs(h_pq - h_qp) > 0.05
    if claims_h_equal:
        assert h_pq == pytest.approx(h_qp, abs=1e-12)
    claims_unavoidable, claims_certain = "cannot predict tomorrow" in text, "never surprised" in text
    if depth == "basic":
        assert claims_unavoidable != claims_certain, "Basic names the unavoidable part once, for this p"
    assert not claims_unavoidable or entr(p).sum() > 0.01, "'cannot predict' needs a spread-out p"
    assert not claims_certain or entr(p).sum() == 0


def test_the_shuffled_default_shows_both_kls_clearly_apart(open_page):
    forward, reverse = kls(DEFAULT_P, DEFAULT_Q)
    assert forward - reverse > 0.05  # 0.433 against 0.347 nats
    shown = metrics(open_page(PAGE))
    assert shown["KL(p ‖ q)"] != shown["KL(q ‖ p)"]


@pytest.mark.parametrize(
    ("p_weights", "q_weights", "unit"),
    [
        ([7.0, 1.5, 0.5, 1.0], [1.0, 3.0, 4.5, 0.5], "nats"),
        ([2.5, 2.5, 2.5, 2.5], [10.0, 0.5, 0.5, 0.5], "bits"),
    ],
)
def test_moving_the_sliders_gives_scipys_numbers(open_page, p_weights, q_weights, unit):
    app = set_weights(open_page(PAGE, units=unit), p_weights, q_weights)
    assert not app.exception
    assert metrics(app) == expected(p_weights, q_weights, unit)


def test_cross_entropy_is_entropy_plus_kl_in_the_callout(open_page):
    app = set_weights(open_page(PAGE), [7.0, 1.5, 0.5, 1.0], [1.0, 3.0, 4.5, 0.5])
    callout = " ".join(info.value for info in app.info)
    values = expected([7.0, 1.5, 0.5, 1.0], [1.0, 3.0, 4.5, 0.5])
    identity = f"{values['Cross-entropy H(p, q)']} = {values['Entropy H(p)']} + {values['KL(p ‖ q)']}"
    assert identity in callout


def test_coding_reading_is_in_bits_whatever_the_units(open_page):
    app = open_page(PAGE, units="nats")
    text = " ".join(block.value for block in app.markdown)
    p = np.array(DEFAULT_P) / 8
    q = np.array(DEFAULT_Q) / 8
    assert f"**{rel_entr(p, q).sum() / math.log(2):.3f} bits** a day" in text  # 0.625 bits wasted
    assert f"**{-xlogy(p, q).sum() / math.log(2):.3f} bits**" in text  # 2.375 bits: the code built for q
    assert f"**{entr(p).sum() / math.log(2):.3f} bits**" in text  # 1.750 bits: the best code
    table = markdown_tables(app)[0]
    assert table["ideal length −log₂ p(i) (bits)"].tolist() == [format_number(bits) for bits in -np.log2(p)]


def test_presets_show_kl_zero_an_infinite_loss_and_a_one_hot_label(open_page):
    app = open_page(PAGE)
    app.button(key="preset_Forecast = truth").click().run()
    assert metrics(app)["KL(p ‖ q)"] == "0.000 nats" == metrics(app)["KL(q ‖ p)"]
    assert metrics(app)["Cross-entropy H(p, q)"] == metrics(app)["Entropy H(p)"]

    app.button(key="preset_Never says snow").click().run()
    assert not app.exception
    assert metrics(app) == expected(DEFAULT_P, [4.0, 2.0, 2.0, 0.0])
    assert metrics(app)["KL(p ‖ q)"] == "∞ nats" and metrics(app)["KL(q ‖ p)"] != "∞ nats"

    app.button(key="preset_One-hot truth").click().run()
    shown_values = metrics(app)
    assert shown_values["Entropy H(p)"] == "0.000 nats"
    assert shown_values["Cross-entropy H(p, q)"] == shown_values["KL(p ‖ q)"] == f"{-math.log(0.6):.3f} nats"


def test_a_shared_link_opens_at_its_weights(open_page):
    app = open_page(PAGE, ip0="8", ip3="0", iq1="6.5")
    assert not app.exception
    assert slider_value(app, "ip0") == 8.0
    assert metrics(app) == expected([8.0, 2.0, 1.0, 0.0], [1.0, 6.5, 2.0, 1.0])


def test_all_weights_zero_falls_back_to_a_uniform_forecast(open_page):
    app = set_weights(open_page(PAGE), DEFAULT_P, [0.0] * 4)
    assert not app.exception
    assert any("Every weight of the forecast q is 0" in warning.value for warning in app.warning)
    assert metrics(app) == expected(DEFAULT_P, [1.0] * 4)


@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_lesson_fills_live_numbers_at_every_depth(open_page, depth):
    app = open_page(PAGE, depth=depth, units="bits")
    text = " ".join(block.value for block in app.markdown)
    assert "{{" not in text
    assert "1.750 bits" in text and "2.375 bits" in text
    assert not app.exception


def test_medium_converts_bits_to_nats_the_right_way_round(open_page):
    app = open_page(PAGE, depth="medium")
    text = page_text(app)
    bits = 2.375  # H(p, q) at the default, by hand
    assert f"= {bits:.3f} bits = {bits * math.log(2):.3f} nats" in text  # a nat is the larger unit
    assert r"1 nat $= 1/\ln 2 \approx 1.443$ bits" in text and "smaller by a factor" not in text


def test_detailed_gives_tractability_as_the_reason_for_reverse_kl(open_page):
    text = page_text(open_page(PAGE, depth="detailed"))
    assert "mainly because it can be computed" in text and "consequence" in text
    assert "for exactly that reason" not in text


def test_a_forecast_that_rules_out_snow_has_no_codeword_for_it(open_page):
    app = open_page(PAGE)
    app.button(key="preset_Never says snow").click().run()
    text = page_text(app)
    assert "gives snow probability 0" in text and "∞ bits" not in text.split("Reading it as code")[-1][:300]


@pytest.mark.parametrize("preset", [None, "Never says snow", "Uniform forecast"])
def test_both_charts_have_a_table_and_an_alt_sentence_with_the_numbers(open_page, preset):
    app = open_page(PAGE, units="bits")
    if preset:
        app.button(key=f"preset_{preset}").click().run()
    p_weights, q_weights = PRESETS[preset or "Shuffled forecast"]
    shown = expected(p_weights, q_weights, "bits")
    alts = [chart.proto.alt for chart in app.get("plotly_chart")]
    assert len(alts) == 2 and all(alts)
    p = np.array(p_weights) / sum(p_weights)
    assert f"sun: p {p[0]:.3f}" in alts[0] and shown["KL(p ‖ q)"] in alts[0]
    for label in ("Entropy H(p)", "KL(p ‖ q)", "KL(q ‖ p)"):
        assert shown[label] in alts[1]
    app = opened(app, "info_distributions_chart_table", "info_decomposition_chart_table")
    assert len(app.dataframe) == 2


@pytest.mark.parametrize(("preset", "joiner"), [(None, "but"), ("Forecast = truth", "and")])
def test_the_decomposition_title_says_but_only_when_the_two_totals_differ(open_page, preset, joiner):
    app = open_page(PAGE)
    if preset:
        app.button(key=f"preset_{preset}").click().run()
    title = json.loads(app.get("plotly_chart")[1].proto.spec)["layout"]["title"]["text"].replace("<br>", " ")
    p_weights, q_weights = PRESETS[preset or "Shuffled forecast"]
    p, q = np.array(p_weights) / sum(p_weights), np.array(q_weights) / sum(q_weights)
    h_pq, h_qp = -xlogy(p, q).sum(), -xlogy(q, p).sum()
    assert f"H(p, q) = {h_pq:.3f} nats {joiner} H(q, p) = {h_qp:.3f} nats" in title


def test_a_forecast_equal_to_the_truth_wastes_nothing_in_words_too(open_page):
    app = open_page(PAGE)
    app.button(key="preset_Forecast = truth").click().run()
    text = page_text(app)
    assert f"average **{entr(np.array(DEFAULT_P) / 8).sum() / math.log(2):.3f} bits** a day" in text
    assert "nothing is wasted" in text and "what the wrong odds waste" not in text


def test_the_pages_prose_lives_in_its_lesson_file():
    sections = lesson_sections("information")
    for name in ("Callout", "Code lengths", "Code lengths note", "Controls note", "Truth sliders"):
        assert sections[name].strip()
    assert "Callout" not in sections["Detailed"], "a named section ends the Detailed text"
    with pytest.raises(ValueError, match="^depth"):
        lesson("information", "No such section")
    source = (ROOT / PAGE).read_text(encoding="utf-8")
    assert "codeword" not in source and "minimises" not in source


def test_at_basic_the_double_bar_and_codewords_are_explained_where_they_first_appear(open_page):
    app = open_page(PAGE, depth="Basic")
    blocks = [block.value for block in app.markdown]
    first_bar = next(block for block in blocks if "‖" in block)
    assert first_bar == blocks[0] and "double bar" in first_bar, "the intro, above every KL(p ‖ q)"
    first_codeword = next(block for block in blocks if "codeword" in block)
    assert "*codeword*" in first_codeword and "string" in first_codeword
