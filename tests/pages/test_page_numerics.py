"""AppTest: the numerical stability page shows log 0, clipping, overflow and the log-softmax gap exactly as
math, numpy float32/float64 and scipy compute them, with inf and nan spelled out, never a traceback."""

import math
import re

import numpy as np
import pytest
from helpers import (
    every_text,
    markdown_tables,
    metrics,
    opened,
    prose,
    prose_problems_in_each_state,
    slider_ends,
    sum_overflows_past,
    true_class_q_problems,
)
from scipy.special import expit, log_softmax, softmax

from catalogue import COURSE
from core.numerics import precision_lost_at

PAGE = "pages/numerics.py"
NAN = "NaN"  # the numerics page names NaN, and a note under the numbers says what it is


def loss_text(value, unit="nats"):
    return f"{'∞' if math.isinf(value) else f'{value:.3f}'} {unit}"


def naive_p_a(z, dtype):
    """exp(z) / (exp(z) + exp(z - 1)) in `dtype`, as written, with numpy's own overflow."""
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.array([z, z - 1.0], dtype=dtype))
        p = e[0] / e.sum()
    return NAN if np.isnan(p) else f"{p:.4f}"


LOSS = "Loss −log q(true class)"  # plain text: KaTeX in this label was cut at 900–1280 px
CLIPPED, CAP = r"Clipped loss $-\log \mathrm{clip}(q_y, c, 1 - c)$", r"The most clipping allows, $-\log c$"


def test_the_default_view_opens_on_each_problem(open_page):
    app = open_page(PAGE)
    assert not app.exception
    shown = metrics(app)
    assert shown[LOSS] == "∞ nats", "q_y = 0: the infinite loss"
    assert shown[CLIPPED] == shown[CAP] == loss_text(-math.log(1e-7)), "clipped to the cap"
    assert shown["q(A), naive, in float32"] == NAN, "z = 100 overflows float32"
    assert shown["q(A), naive, in float64"] == f"{expit(1.0):.4f}", "but not float64"
    assert shown["ln(softmax(z)) for B, in nats"] == "-∞", "a gap of 800: softmax rounds to 0"
    assert shown["log_softmax(z) for B, in nats"] == f"{log_softmax([0.0, -800.0])[1]:.4f}"


@pytest.mark.parametrize(
    ("q", "eps", "unit"),
    [
        ("0", "1e-7", "nats"),
        ("1e-300", "1e-12", "nats"),
        ("1e-12", "0.001", "bits"),
        ("0.5", "0.1", "nats"),
        ("1", "0.01", "bits"),
    ],
)
def test_log_zero_and_clipping(open_page, q, eps, unit):
    app = open_page(PAGE, nq=q, neps=eps, units=unit)
    assert not app.exception
    q_value, eps_value = float(q), float(eps)
    scale = math.log(2) if unit == "bits" else 1.0
    plain = math.inf if q_value == 0 else math.log(1 / q_value) / scale
    clipped = -math.log(min(max(q_value, eps_value), 1 - eps_value)) / scale
    shown = metrics(app)
    assert shown[LOSS] == loss_text(plain, unit)
    assert shown[CLIPPED] == loss_text(clipped, unit)
    assert shown[CAP] == loss_text(-math.log(eps_value) / scale, unit)


def test_clipping_presets_show_what_they_name(open_page):
    app = open_page(PAGE, nq="0.5", neps="1e-12")
    app.button(key="preset_$q_y$ = 0: certain and wrong").click().run()
    assert metrics(app)[LOSS] == "∞ nats"
    assert metrics(app)[CLIPPED] == loss_text(-math.log(1e-12))
    app.button(key="preset_$q_y$ = 1e-12: below c").click().run()
    q, c = float(app.select_slider(key="nq").value), float(app.select_slider(key="neps").value)
    assert q < c, "the preset puts q_y below the clip level"
    assert metrics(app)[CLIPPED] == loss_text(-math.log(c)) != metrics(app)[LOSS]
    app.button(key="preset_$q_y$ = 0.5: untouched").click().run()
    assert metrics(app)[CLIPPED] == metrics(app)[LOSS] == loss_text(math.log(2))


@pytest.mark.parametrize("z", [0, 10, 11, 12, 50, 88, 89, 100, 709, 710, 1000])
def test_naive_softmax_breaks_exactly_where_numpy_does_and_the_stable_one_never(open_page, z):
    app = open_page(PAGE)
    app.slider(key="nz").set_value(z).run()
    assert not app.exception
    shown = metrics(app)
    for dtype in (np.float16, np.float32, np.float64):
        assert shown[f"q(A), naive, in {np.dtype(dtype).name}"] == naive_p_a(z, dtype)
    assert shown["q(A), largest logit subtracted first"] == f"{softmax([z, z - 1.0])[0]:.4f}" == "0.7311"
    table = markdown_tables(app)[0]
    assert table.loc[0, "naive float32"] == naive_p_a(z, np.float32)
    assert table.loc[1, "stable float64"] == f"{softmax([z, z - 1.0])[1]:.4f}"


@pytest.mark.parametrize("distance", [0, 50, 700, 720, 740, 746, 800, 1000])
def test_log_of_softmax_against_log_softmax(open_page, distance):
    app = open_page(PAGE, nd=str(distance), units="bits")
    assert not app.exception
    z = np.array([0.0, -float(distance)])
    with np.errstate(divide="ignore"):
        naive = np.log(softmax(z))[1]
    exact = log_softmax(z)[1]
    shown = metrics(app)
    assert shown["ln(softmax(z)) for B, in nats"] == ("-∞" if np.isneginf(naive) else f"{naive:.4f}")
    assert shown["log_softmax(z) for B, in nats"] == f"{exact:.4f}"
    gap = abs(naive - exact)
    if math.isinf(gap):
        assert shown["Gap between the two, in nats"] == "∞"
    else:
        assert float(shown["Gap between the two, in nats"]) == pytest.approx(gap, rel=0.05, abs=1e-4)
    assert shown["softmax, then log"] == loss_text(-naive / math.log(2), "bits")
    assert shown["from the logits"] == loss_text(
        distance / math.log(2) + math.log2(1 + math.exp(-distance)), "bits"
    )


def test_the_gap_shows_in_scientific_notation_while_it_is_rounding_noise(open_page):
    app = open_page(PAGE, nd="720")
    gap = metrics(app)["Gap between the two, in nats"]
    assert "e-" in gap and float(gap) > 0


def test_presets_for_overflow_and_log_zero(open_page):
    app = open_page(PAGE)
    app.button(key="preset_z = 10: all agree").click().run()
    assert NAN not in metrics(app).values()
    assert not [caption for caption in app.caption if "not a number" in caption.value], "no NaN, no note"
    app.button(key="preset_z = 12: float16 breaks").click().run()
    assert metrics(app)["q(A), naive, in float16"] == NAN
    note = next(caption.value for caption in app.caption if "not a number" in caption.value)
    assert "in float16, exp(z) overflowed" in note, "the note names the type that broke, and only it"
    assert metrics(app)["q(A), naive, in float32"] == "0.7311"
    app.button(key="preset_z = 100: float32 breaks").click().run()
    assert metrics(app)["q(A), naive, in float32"] == NAN
    assert metrics(app)["q(A), naive, in float64"] == "0.7311"
    app.button(key="preset_z = 800: float64 breaks").click().run()
    assert metrics(app)["q(A), naive, in float64"] == NAN
    app.button(key="preset_50 below: all agree").click().run()
    assert metrics(app)["ln(softmax(z)) for B, in nats"] == metrics(app)["log_softmax(z) for B, in nats"]
    app.button(key="preset_800 below: log 0").click().run()
    assert metrics(app)["softmax, then log"] == "∞ nats"
    assert metrics(app)["from the logits"] == "800.000 nats"
    assert not app.exception


@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_lesson_fills_live_numbers_at_every_depth(open_page, depth):
    app = open_page(PAGE, depth=depth, nq="0", nz="100")
    text = prose(app)
    assert "{{" not in text
    assert f"{-math.log(1e-7):.3f} nats" in text, "the cap clipping puts on q = 0"
    assert "breaks in float16 and float32" in text and "float64 still gives 0.7311" in text


PRESET_KEYS = [
    "$q_y$ = 0: certain and wrong",
    "$q_y$ = 1e-12: below c",
    "$q_y$ = 0.5: untouched",
    "z = 10: all agree",
    "z = 12: float16 breaks",
    "z = 100: float32 breaks",
    "z = 800: float64 breaks",
    "50 below: all agree",
    f"{precision_lost_at()} below: digits lost",
    "800 below: log 0",
]
# Both ends of every slider, from the catalogue's ranges.
SLIDER_ENDS = slider_ends("numerics")


@pytest.mark.parametrize("unit", ["nats", "bits"])
@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_every_sentence_is_filled_after_every_preset_and_at_every_slider_end(open_page, depth, unit):
    app = open_page(PAGE, depth=depth, units=unit)
    assert not prose_problems_in_each_state(app, prose, PRESET_KEYS, SLIDER_ENDS)


def test_the_digits_lost_preset_shows_digits_lost(open_page):
    distance = precision_lost_at()
    app = open_page(PAGE)
    app.button(key=f"preset_{distance} below: digits lost").click().run()
    with np.errstate(divide="ignore"):
        naive = math.log(softmax([0.0, -float(distance)])[1])
    exact = log_softmax([0.0, -float(distance)])[1]
    shown = metrics(app)
    assert (
        shown["ln(softmax(z)) for B, in nats"]
        == f"{naive:.4f}"
        != shown["log_softmax(z) for B, in nats"]
        == f"{exact:.4f}"
    )
    assert float(shown["Gap between the two, in nats"]) >= 0.01
    assert math.isfinite(naive), "digits lost, not yet log 0"


@pytest.mark.parametrize(
    ("q", "claim"), [("0", "turns the infinite loss"), ("1e-6", "leaves $q_y$ = 1e-6 untouched")]
)
def test_the_clipping_sentence_follows_the_state(open_page, q, claim):
    app = open_page(PAGE, depth="detailed", nq=q, neps="1e-7")
    text = prose(app)
    assert f"Clipping with c = 1e-7 {claim}" in text
    if q != "0":
        assert "infinite loss" not in text.split("Clipping with c")[1].split(";")[0]


def test_the_frameworks_are_named_with_what_they_take(open_page):
    app = open_page(PAGE, depth="medium")
    code = " ".join(block.value for block in app.code)
    assert "BCELoss()(probability, label)" in code and "from_logits=False is the default" in code
    assert "CrossEntropyLoss" in code and "BCEWithLogitsLoss" in code and "double-softmax mistake" in code
    text = " ".join(prose(app).split())
    assert f"{-math.log(1e-7):.3f} nats" in text, "Keras clips q at 1e-7"
    assert "clamps $\\ln q_y$ at −100, so at most 100 nats." in text, "BCELoss clamps ln q_y at -100"
    assert "double softmax" in text
    bits = prose(open_page(PAGE, depth="medium", units="bits"))
    assert f"{100 / math.log(2):.3f} bits" in bits
    shown = metrics(app)
    double = -math.log(softmax(softmax([0.0, -800.0]))[1])
    assert shown["softmax fed in as logits (the double-softmax mistake)"] == loss_text(double)


def test_both_charts_have_a_table_and_an_alt_sentence(open_page):
    app = opened(open_page(PAGE), "clipping_chart_table", "overflow_chart_table")
    tables = [frame.value for frame in app.dataframe]
    assert any("−log clip(q(true class), c, 1 − c) (nats)" in table.columns for table in tables)
    assert any("naive float16" in table.columns and 12.0 in set(table["logit z of A"]) for table in tables)


@pytest.mark.parametrize("depth", ["Medium", "Detailed"])
def test_the_lesson_says_the_sum_overflows_before_exp_does(open_page, depth):
    text = " ".join(prose(open_page(PAGE, depth=depth, nz="11")).split())
    firsts = [f"{sum_overflows_past(kind):.2f}" for kind in (np.float16, np.float32, np.float64)]
    assert f"{firsts[0]}, {firsts[1]} and {firsts[2]}" in text
    assert float(firsts[0]) < 11 < float(f"{math.log(np.finfo(np.float16).max):.2f}")
    assert "a wrong 0.0000 in float16" in text
    assert "while the shifted version gives" not in text and "in every float type" in text


def test_in_bits_the_natural_logs_of_section_3_are_labelled_nats(open_page):
    app = open_page(PAGE, units="bits", nd="50", depth="Medium")
    shown = metrics(app)
    assert shown["log_softmax(z) for B, in nats"] == f"{log_softmax([0.0, -50.0])[1]:.4f}"
    assert shown["from the logits"] == f"{-log_softmax([0.0, -50.0])[1] / math.log(2):.3f} bits"
    assert "Gap between the two, in nats" in shown
    assert f"both give {log_softmax([0.0, -50.0])[1]:.4f} nats" in prose(app)


def test_basic_teaches_the_log_sum_exp_it_promises_and_counts_the_sliders(open_page):
    app = open_page(PAGE, depth="Basic")
    text = prose(app)
    assert "log-sum-exp" in text and "log-sum-exp" in " ".join(COURSE["numerics"].can_now.split())
    assert f"the {('three', 'four')[len(app.slider) + len(app.select_slider) - 3]} sliders" in text
    assert len(app.slider) + len(app.select_slider) == 4


@pytest.mark.parametrize("depth", ["medium", "detailed"])
def test_in_bits_ln_names_every_natural_log(open_page, depth):
    """In bits, log means log₂ (−log q, −log c): a natural log on the same screen is written ln."""
    app = open_page(PAGE, depth=depth, units="bits")
    text = " ".join(prose(app).split())
    labels = " ".join(metrics(app))
    assert (
        "clamp" + ("s" if depth == "medium" else "") + " $\\ln q_y$" in text
        and f"at most 100 nats = {100 / math.log(2):.3f} bits" in text
    )
    assert "log(softmax(z))" not in text + labels and "\\log\\mathrm{softmax}" not in text
    assert "clamps the log" not in text and "clamp the log" not in text
    if depth == "medium":
        assert "\\ln\\mathrm{softmax}(z)_i = z_i - \\ln\\sum_j e^{z_j}" in text


def test_medium_writes_out_the_log_sum_exp_trick(open_page):
    text = " ".join(prose(open_page(PAGE, depth="medium")).split())
    assert "z_{\\max} = \\max_j z_j" in text, "m is a sequence's length on the notation card"
    assert "\\ln\\sum_j e^{z_j} = z_{\\max} + \\ln\\sum_j e^{z_j - z_{\\max}}" in text
    z = np.array([1000.0, 999.0, -5.0])  # the identity, checked where the naive sum overflows
    m = z.max()
    assert m + math.log(np.exp(z - m).sum()) == pytest.approx(float(np.logaddexp.reduce(z)))


def test_the_tables_show_the_sliders_whole_logits_as_whole_numbers(open_page):
    tables = markdown_tables(open_page(PAGE, nz="100", nd="800"))
    logits = [list(table["logit"]) for table in tables if "logit" in table.columns]
    assert logits == [["100", "99"], ["0", "-800"]]


def test_the_tables_name_class_a_and_class_b_as_the_sentences_do(open_page):
    """Review 27-C #4: at d = 0 the two rows looked the same, with nothing saying which one is B."""
    tables = [table for table in markdown_tables(open_page(PAGE, nd="0")) if "logit" in table.columns]
    assert len(tables) == 2
    assert all(table.columns[0] == "class" and list(table["class"]) == ["A", "B"] for table in tables)


@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_the_vector_is_a_plain_q_and_the_true_class_s_probability_q_y(open_page, depth):
    """Review 19-3 #2 found one q for the true class's probability and for softmax(z); the lecturer's notation
    review (S2) found its fix, a page-only plain q for q_y and a bold q for the vector, at odds with the
    notation card. As on the card: softmax(z) is a plain q, its true-class entry q_y, and nothing is bold."""
    app = open_page(PAGE, depth=depth)
    text = " ".join(prose(app).split())
    code = " ".join(block.value for block in app.code)
    assert not re.search(r"\(labels, q\)|\(q, label\)", code), "a plain q for the probabilities passed in"
    assert "plain q" not in text and "\\mathbf" not in text
    if depth == "detailed":
        assert (
            "is $q - p$, where $q = \\mathrm{softmax}(z)$ is the predicted distribution (its entry for the "
            "true class $y$ is $q_y$) and $p = \\mathrm{onehot}(y)$ the true one" in text
        )


@pytest.mark.parametrize("depth", ["medium", "detailed"])
def test_equal_logits_are_called_equal_not_0_below(open_page, depth):
    """Review 19-C #7: at d = 0 the text read "B's logit 0 below class A's"."""
    shown = " ".join(block.value for block in open_page(PAGE, nd="0", depth=depth).markdown)
    shown = " ".join(shown.split())
    assert "0 below" not in shown and "logit equal to" in shown
    other = " ".join(" ".join(b.value for b in open_page(PAGE, nd="50", depth=depth).markdown).split())
    assert "logit 50 below" in other


# The words with which each depth first writes q_y and says what it is.
Q_Y_DEFINED = {
    "basic": "is $-\\log q_y$, where $q_y$ is the probability the model gave the true class $y$",
    "medium": "clip}(q_y, c, 1-c))$, where $q_y$ is the probability the model gave the true class $y$",
    "detailed": "(its entry for the true class $y$ is $q_y$)",
}


@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_each_depth_says_what_q_y_is_before_it_uses_it(open_page, depth):
    """The card's q is the whole distribution and q_y the true class's probability: each depth says what q_y
    is where it first writes it, and no depth announces a meaning of its own for a plain q (the lecturer's
    notation review, S2)."""
    text = " ".join(" ".join(block.value for block in open_page(PAGE, depth=depth).markdown).split())
    defined = text.index(Q_Y_DEFINED[depth])
    assert defined <= text.index("q_y") <= defined + len(Q_Y_DEFINED[depth])
    assert "plain q" not in text and "notation card's" not in text


@pytest.mark.parametrize("unit", ["nats", "bits"])
@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_every_text_in_every_state_writes_q_and_q_y_as_the_card_does(open_page, depth, unit):
    """The lecturer's notation review (S2, S3): no text on the page, at any depth and unit, after each
    preset and at each slider's ends (with the code and the charts' tables open), writes a bold q
    (\\mathbf q, 𝐪), says what a plain q means on this page, writes a plain q for the true class's probability
    (q = 0, −log q, clip(q, …), "your q") or shows q_y as raw ASCII outside rendered maths."""
    app = opened(open_page(PAGE, depth=depth, units=unit), "show_code", "clipping_chart_table")
    found = prose_problems_in_each_state(
        app, every_text, PRESET_KEYS, SLIDER_ENDS, check=true_class_q_problems
    )
    assert not found, found


def test_the_true_class_s_probability_is_written_q_y_where_it_was_a_plain_q(open_page):
    """Where the page said q for the true class's probability it says q_y: $q_y$ wherever Streamlit renders
    the maths (prose, labels, metrics, preset buttons), q(true class), the card's other spelling, in the
    chart's plain text (the lecturer's notation review, S2)."""
    app = open_page(PAGE, nq="1", neps="0.1")
    assert app.select_slider(key="nq").label == "$q_y$, the probability given to the true class $y$"
    assert app.select_slider(key="neps").label == "Clip level $c$: $q_y$ is kept inside $[c, 1 - c]$"
    assert {LOSS, CLIPPED, CAP} <= set(metrics(app))
    clip_presets = [button.label for button in app.button if button.key.startswith("preset_$q_y$ = ")]
    assert len(clip_presets) == 3 and not [b for b in app.button if b.key.startswith("preset_q =")]
    text = " ".join(prose(app).split())
    assert "Now $q_y$ = 1, so the loss is" in text
    assert "charges $q_y$ = 1 a little: $q_y$ is pulled down to 1 − c" in text
    alt = next(chart.proto.alt for chart in app.get("plotly_chart") if "clip" in chart.proto.alt)
    assert "−log q(true class) rises without bound as q(true class) falls to 0" in alt
    assert "charges q(true class) = 1 a little: q(true class) is pulled down to 1 − c" in alt
    medium = " ".join(prose(open_page(PAGE, depth="medium", nq="1e-12")).split())
    assert "At $q_y$ = 1e-12 and c = 1e-7" in medium and "flattens the loss for $q_y < c$" in medium
    detailed = " ".join(prose(open_page(PAGE, depth="detailed")).split())
    assert "gradient to 0 for every $q_y < c$" in detailed and "clamp $\\ln q_y$ (PyTorch's" in detailed


@pytest.mark.parametrize("q", ["0", "1e-12", "0.5", "1"])
def test_basic_says_clipping_keeps_q_y_below_1_minus_c_before_it_uses_1_minus_c(open_page, q):
    """The lecturer's notation review (S3): Basic introduced only the lower clip level c, then wrote 1 − c
    (on the slider, the metric and, at q_y = 1, in the lesson)."""
    text = " ".join(prose(open_page(PAGE, depth="basic", nq=q)).split())
    bound = "never let $q_y$ go below a small clip level c, nor above 1 − c."
    assert text.index("1 − c") == text.index(bound) + len(bound) - len("1 − c."), "1 − c first in `bound`"
    if q == "1":
        assert "$q_y$ is pulled down to 1 − c" in text


def test_the_checkpoints_and_their_feedback_write_q_and_q_y_as_the_card_does():
    """Every question of the quiz bank this page teaches, with its options and the feedback on each."""
    from content.quiz_bank import load_questions

    for question in [q for q in load_questions() if q.page == "numerics"]:
        texts = [("markdown", text) for text in (question.prompt, *question.options, *question.reasons)]
        assert not true_class_q_problems(texts), question.prompt
