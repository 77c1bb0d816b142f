"""AppTest: the Home page's one-slider demo, its link and its map of the lessons."""

import math

import pytest
from helpers import metrics, set_slider, slider_value

import catalogue
from catalogue import PAGES

PAGE = "app.py"


@pytest.mark.parametrize("q_cat", [0.01, 0.25, 0.7, 0.99])
def test_the_slider_sets_the_loss_to_minus_log_q_cat(open_page, q_cat):
    app = open_page(PAGE)
    set_slider(app, "cat", q_cat)
    shown = metrics(app)
    assert shown["Cross-entropy"] == f"{-math.log(q_cat):.3f} nats"
    assert shown["A uniform guess (1/3 each) would cost"] == f"{math.log(3):.3f} nats"


def test_a_zero_for_the_cat_is_an_infinite_loss_not_a_crash(open_page):
    app = open_page(PAGE)
    set_slider(app, "cat", 0.0)
    assert not app.exception
    assert metrics(app)["Cross-entropy"] == "∞ nats"


def test_a_shared_link_opens_at_its_value_in_bits(open_page):
    app = open_page(PAGE, cat="0.5", units="bits")
    assert slider_value(app, "cat") == pytest.approx(0.5)
    assert metrics(app)["Cross-entropy"] == "1.000 bits"


def test_the_map_links_every_lesson_in_teaching_order(open_page):
    app = open_page(PAGE)
    main_links = [link.label for link in app.main.get("page_link")]
    ends = ("Next: ", "Previous: ", f"{catalogue.page('exercises').title}: ")  # ui.course's, and the sheet's
    course = [label for label in main_links if label.startswith(ends)]
    assert [label for label in main_links if label not in course] == [entry.title for entry in PAGES[1:]]
    captions = [caption.value for caption in app.main.caption]
    assert all(entry.blurb in captions for entry in PAGES[1:])


# --- Issue 11: every Home sentence true to the state, at every depth and in both units. ---

import re  # noqa: E402

import numpy as np  # noqa: E402
from helpers import opened  # noqa: E402

FORBIDDEN = re.compile(r"\bnan\b|NaN|None|undefined|\{\{ *\w+ *\}\}|—|\binf\b|-0\.000|−0\.000")


def lesson_markdown(app):
    blocks = [block.value for block in app.main.markdown]
    start = next(index for index, block in enumerate(blocks) if block.startswith("#### Why?"))
    return "\n".join(blocks[start + 1 :])


def chart_alt(app):
    return app.get("plotly_chart")[0].proto.alt


@pytest.mark.parametrize("unit", ["nats", "bits"])
def test_basic_says_what_p_q_and_the_unit_are(open_page, unit):
    text = " ".join(lesson_markdown(open_page(PAGE, units=unit)).split())
    assert "**p** is the truth" in text and "**q** is the model's prediction" in text
    assert "natural log" in text and "log₂" in text and "1 nat ≈ 1.443 bits" in text
    assert f"this page counts in {unit}" in text


@pytest.mark.parametrize("q_cat", [0.0, 0.33, 0.34, 0.7, 1.0])
def test_the_log_3_line_is_compared_as_it_is(open_page, q_cat):
    app = open_page(PAGE, depth="medium")
    set_slider(app, "cat", q_cat)
    loss = -math.log(q_cat) if q_cat > 0 else math.inf
    text = lesson_markdown(app)
    assert "learned nothing" not in text
    assert ("less than that" in text) == (round(loss, 3) < round(math.log(3), 3))
    assert ("more than that" in text) == (round(loss, 3) > round(math.log(3), 3))
    assert "in loss" in text and "accuracy can still be fine" in text


def test_the_chart_has_an_alt_sentence_and_a_table(open_page):
    app = open_page(PAGE, cat="0.73")
    assert f"q(cat) = 0.73, costs {-math.log(0.73):.3f} nats" in chart_alt(app)
    assert f"ln 3 = {math.log(3):.3f} nats" in chart_alt(app)
    table = opened(app, "home_chart_table").dataframe[0].value
    assert list(table.iloc[:, 1]) == [
        "∞" if q == 0 else f"{-math.log(q) + 0.0:.3f}" for q in table["q(cat)"]
    ], "the loss column is −log q(cat), with ∞ spelled out"
    assert 0.73 in table["q(cat)"].values and np.isclose(table["q(cat)"], 0.73).sum() == 1


@pytest.mark.parametrize("unit", ["nats", "bits"])
@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_no_sentence_shows_nan_none_a_placeholder_or_a_dash(open_page, depth, unit):
    app = open_page(PAGE, depth=depth, units=unit)
    for q_cat in (0.0, 0.01, 0.33, 0.5, 1.0):
        set_slider(app, "cat", q_cat)
        shown = "\n".join(
            [block.value for block in app.markdown]
            + [f"{metric.label} {metric.value}" for metric in app.metric]
            + [chart_alt(app)]
        )
        assert not FORBIDDEN.search(shown), (q_cat, FORBIDDEN.findall(shown))


def test_a_zero_for_the_cat_keeps_its_marker_with_an_infinity_label(open_page):
    import json

    spec = json.loads(open_page(PAGE, cat="0").get("plotly_chart")[0].proto.spec)
    marker = next(trace for trace in spec["data"] if trace["name"] == "This prediction")
    assert marker["y"][0] is not None and math.isfinite(marker["y"][0])
    assert any(note["text"] == "loss = ∞ nats" for note in spec["layout"]["annotations"])


def test_detailed_in_bits_says_the_gradient_belongs_to_the_loss_in_nats(open_page):
    text = lesson_markdown(open_page(PAGE, depth="detailed", units="bits"))
    assert "For the loss in nats, its gradient" in text and "divided by $\\ln 2$" in text


def test_detailed_names_p_and_q_before_using_them(open_page):
    text = " ".join(block.value for block in open_page(PAGE, depth="detailed").markdown)
    detailed = text[text.index("(detailed explanation)") :]
    assert (
        " ".join(detailed.split())
        .split("$H(p, q)$")[0]
        .endswith("For the true distribution $p$ and the model's prediction $q$, ")
    ), "p and q are defined at the depth that uses them"


def test_medium_writes_p_and_q_as_the_card_does_and_names_the_line(open_page):
    app = open_page(PAGE, depth="medium")
    text = " ".join(" ".join(block.value for block in app.markdown).split())
    assert r"-\sum_i p_i\,\log q_i" in text and "p(i)" not in text, "the card writes pᵢ, qᵢ"
    assert r"-\sum_i p_i\,\log q_i" in app.latex[0].value
    assert "an average above the shrug's line, $\\ln 3$, means" in text


def test_in_bits_medium_writes_log2_3_for_the_shrugs_line(open_page):
    """Review 27-A #5: in bits, '$\\log 3$ = 1.585 bits' with no base; the line is log₂ 3."""
    text = " ".join(
        " ".join(block.value for block in open_page(PAGE, depth="medium", units="bits").markdown).split()
    )
    assert f"pays $\\log_2 3$ = {math.log2(3):.3f} bits" in text and "$\\log 3$" not in text


@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_a_training_step_moves_against_the_push(open_page, depth):
    """The gradient points uphill: the step is z ← z − η ∂ℓ/∂z, at each depth that speaks of the gradient."""
    text = " ".join(" ".join(block.value for block in open_page(PAGE, depth=depth).markdown).split())
    if depth == "basic":
        assert "one step is z ← z − η·∂ℓ/∂z" in text and "η the learning rate" in text
        assert "a negative push raises z, a positive one lowers it, and a push of 0 leaves it" in text
        assert "says which way to correct the map" not in text, "the push points the way the loss grows"
    if depth == "medium":
        assert "a small step against the slope (the gradient)" in text and "follows the slope" not in text
    if depth == "detailed":
        assert r"z \leftarrow z - \eta\,\partial\ell/\partial z" in text


def test_in_bits_the_update_rule_says_its_loss_is_in_nats(open_page):
    """Review 27-I #1: in bits, 'z ← z − η·∂ℓ/∂z, with ℓ the photo's loss' sat under the loss in bits."""
    text = " ".join(" ".join(block.value for block in open_page(PAGE, units="bits").markdown).split())
    assert "z ← z − η·∂ℓ/∂z, with ℓ the photo's loss in nats" in text


@pytest.mark.parametrize("units, log", [("nats", "log is ln"), ("bits", "log is log₂")])
def test_the_opening_formulas_letters_are_defined_under_it(open_page, units, log):
    """Review 28-A #7: H(p, q) opened the page with p, q, i and the log undefined until further down."""
    app = open_page("app.py", units=units)
    (key,) = [caption.value for caption in app.caption if caption.value.startswith("p: the truth")]
    assert "p: the truth" in key and "q: the model's probabilities" in key and "i runs over" in key
    assert log in key and f"in {units}" in key
