"""The figure builders and lesson helpers in core/: what each chart draws is what the maths says."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import softmax as scipy_softmax
from scipy.special import xlogy

from content.lesson_files import fill, lesson, placeholders
from content.params import parse_choice, parse_exact, parse_number
from content.text import escape_html, escape_markdown, format_loss, format_number
from core.activations import renormalise
from lessons import palette
from lessons.binary import (
    binary_gradient_figure,
    binary_gradient_table,
    binary_loss_figure,
    binary_table,
    binary_worked_latex,
    vanishing_region,
)
from lessons.ce_vs_mse import comparison, comparison_table
from lessons.home import photo_loss, surprise_figure, uniform_guess_loss
from lessons.multiclass import logits_for, multiclass_point, parse_class_names
from lessons.multiclass_figures import contributions_figure, distribution_figure, gradient_figure


def traces_by_name(figure):
    return {trace.name: trace for trace in figure.data}


@pytest.mark.parametrize("y", [0, 1])
def test_binary_loss_figure_draws_minus_log_of_the_true_label(y):
    figure = binary_loss_figure(0.3, y, base=math.e, unit="nats")
    curves = traces_by_name(figure)
    ce = next(trace for name, trace in curves.items() if name.startswith("Cross-entropy: "))
    truth_probability = ce.x if y == 1 else 1 - ce.x
    np.testing.assert_allclose(ce.y, -np.log(truth_probability))
    assert ce.line.color == palette.CROSS_ENTROPY
    mse = next(trace for name, trace in curves.items() if name.startswith("MSE"))
    np.testing.assert_allclose(mse.y, (mse.x - y) ** 2)
    assert mse.line.color == palette.MSE
    marker = curves["Your prediction"]
    assert marker.x[0] == 0.3
    assert marker.y[0] == pytest.approx(-math.log(0.3 if y == 1 else 0.7))
    assert figure.layout.title.text and figure.layout.xaxis.title.text and figure.layout.yaxis.title.text


def test_an_infinite_loss_is_pinned_to_the_top_with_a_label():
    figure = binary_loss_figure(0.0, 1, base=2, unit="bits")
    marker = traces_by_name(figure)["Your prediction"]
    assert marker.y[0] == pytest.approx(5 / math.log(2))
    assert any("∞ bits" in annotation.text for annotation in figure.layout.annotations)


def test_log_scale_option():
    figure = binary_loss_figure(0.2, 1, base=math.e, unit="nats", log_scale=True)
    assert figure.layout.yaxis.type == "log"


def test_gradient_figure_and_the_vanishing_region():
    figure = binary_gradient_figure(0.05, 1)
    curves = traces_by_name(figure)
    ce = curves["Cross-entropy: q − 1"]
    np.testing.assert_allclose(ce.y, ce.x - 1)
    mse = curves["MSE: 2(q − 1)·q(1 − q)"]
    np.testing.assert_allclose(mse.y, 2 * (mse.x - 1) * mse.x * (1 - mse.x))
    low, high = vanishing_region(1)
    edge = (1 - math.sqrt(1 - 2 * 0.2)) / 2  # 2q(1 - q) = 0.2
    assert low == 0 and high == pytest.approx(edge, abs=2e-3)
    assert vanishing_region(0) == pytest.approx((1 - high, 1.0), abs=2e-3)
    assert figure.layout.shapes, "the region is shaded"


def test_legend_and_table_names_have_single_spaces():
    """A name such as 'Cross-entropy␣␣−log q' showed its double space in the legend and the table."""
    from lessons import ce_vs_mse_figures

    figures = [
        binary_loss_figure(0.3, 1, base=math.e, unit="nats"),
        binary_loss_figure(0.3, 0, base=2, unit="bits"),
        binary_gradient_figure(0.3, 1),
        binary_gradient_figure(0.3, 0),
        surprise_figure(0.7, base=math.e, unit="nats"),
        ce_vs_mse_figures.loss_figure(0.3, base=math.e, unit="nats"),
        ce_vs_mse_figures.gradient_figure(0.3),
        ce_vs_mse_figures.logit_figure(0.3, base=2, unit="bits"),
    ]
    names = [trace.name for figure in figures for trace in figure.data if trace.name]
    names += list(comparison_table(0.3)["loss"])
    assert "Cross-entropy: −log q" in names
    assert not [name for name in names if "  " in name]


def test_binary_table_and_worked_latex():
    table = binary_table(0.9, 1, base=math.e)
    row = table[table["q"] == 0.9].iloc[0]
    assert row["cross-entropy (nats)"] == pytest.approx(-math.log(0.9))
    assert row["MSE (no unit)"] == pytest.approx(0.1**2)
    gradients = binary_gradient_table(0.9, 1)
    row = gradients[gradients["q"] == 0.9].iloc[0]
    assert row["cross-entropy gradient q − 1 (loss in nats)"] == pytest.approx(0.9 - 1)
    assert row["MSE gradient"] == pytest.approx(2 * (0.9 - 1) * 0.9 * 0.1)
    latex = binary_worked_latex(0.9, 1, units="nats")
    assert "0.105" in latex and r"\ln 0.90" in latex
    assert r"\infty" in binary_worked_latex(0.0, 1, units="bits")
    assert r"0 \cdot (-\infty)" not in binary_worked_latex(1.0, 1, units="nats"), "a switched-off term is 0"


def test_comparison_ratios():
    point = comparison(0.1)
    assert "loss_ratio" not in point, "a ratio of nats to a unitless MSE means nothing"
    assert point["grad_ratio"] == pytest.approx(0.9 / (2 * 0.9 * 0.1 * 0.9))
    assert comparison(0.0)["grad_ratio"] == math.inf
    assert math.isnan(comparison(1.0)["grad_ratio"])
    assert list(comparison_table(0.5)["loss"]) == ["Cross-entropy: −log q", "MSE: (1 − q)²"]


def test_home_demo_is_minus_log_q_and_log_k():
    assert photo_loss(0.7, base=math.e) == pytest.approx(-math.log(0.7))
    assert uniform_guess_loss(10, base=math.e) == pytest.approx(math.log(10))
    figure = surprise_figure(0.7, base=math.e, unit="nats")
    curve = figure.data[0]
    np.testing.assert_allclose(curve.y, -np.log(curve.x), rtol=1e-9)


@given(
    st.lists(st.floats(0.001, 1.0), min_size=2, max_size=10),
    st.integers(0, 9),
    st.floats(0, 0.5),
)
def test_multiclass_point_matches_an_independent_computation(weights, true_index, smoothing):
    q = np.array(weights) / np.sum(weights)
    k = len(q)
    true_index %= k
    target = np.eye(k)[true_index]
    point = multiclass_point(target, q, label_smoothing=smoothing)
    smoothed = (1 - smoothing) * target + smoothing / k
    assert point["cross_entropy"] == pytest.approx(-xlogy(smoothed, q).sum())
    np.testing.assert_allclose(point["terms"], -xlogy(smoothed, q), atol=1e-12)
    assert point["terms"].sum() == pytest.approx(point["cross_entropy"])
    np.testing.assert_allclose(point["cross_entropy_grad"], q - smoothed, atol=1e-12)
    assert point["mse"] == pytest.approx(np.mean((q - smoothed) ** 2))
    assert point["uniform"] == pytest.approx(math.log(k))


def test_one_hot_contributions_come_from_the_true_class_only():
    point = multiclass_point([0, 1, 0], np.array([0.7, 0.2, 0.1]))
    assert point["terms"][0] == point["terms"][2] == 0
    figure = contributions_figure(["dog", "cat", "rabbit"], point["terms"], 1, unit="nats")
    colours = [trace.marker.color for trace in figure.data]
    assert colours[1] == palette.TRUE_CLASS
    assert figure.data[1].x[0] == pytest.approx(-math.log(0.2))


def test_class_names_are_escaped_in_figures():
    names = ["<b>x</b>", "a&b"]
    figure = distribution_figure(names, np.array([0.5, 0.5]), np.array([1.0, 0.0]), 0)
    assert list(figure.data[0].x) == ["&lt;b&gt;x&lt;/b&gt;", "a&amp;b"]
    point = multiclass_point([1, 0], np.array([0.5, 0.5]))
    assert list(gradient_figure(names, point).data[0].x) == ["&lt;b&gt;x&lt;/b&gt;", "a&amp;b"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("a", "give 2 to 10"),
        (",".join("abcdefghijk"), "give 2 to 10"),
        ("a, ,b", "is empty"),
        ("a,b,A", "twice"),
    ],
)
def test_parse_class_names_refuses_with_a_message(text, message):
    with pytest.raises(ValueError, match=f"classes: .*{message}"):
        parse_class_names(text)


def test_renormalise_and_logits_for():
    q, changed = renormalise([0.6, 0.6, 0.3])
    np.testing.assert_allclose(q, [0.4, 0.4, 0.2])
    assert changed
    assert renormalise([0.5, 0.5])[1] is False
    with pytest.raises(ValueError, match="weights"):
        renormalise([0, 0])
    target = np.array([0.6, 0.3, 0.1])
    for temperature in (0.5, 1.0, 2.0):
        np.testing.assert_allclose(scipy_softmax(logits_for(target, temperature) / temperature), target)


def test_format_and_escape():
    assert format_loss(0.10536, "nats") == "0.105 nats"
    assert format_loss(math.inf, "bits") == "∞ bits"
    assert format_number(math.nan) == "undefined (NaN)"
    assert escape_html("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"


@given(st.text(max_size=80))
def test_escaped_markdown_has_no_live_markup(text):
    escaped = escape_markdown(text, max_length=1000)
    unescaped = escaped.replace("\\\\", "")
    for special in "*_`[]<>#$|~":
        assert all(unescaped[i - 1] == "\\" for i, char in enumerate(unescaped) if char == special and i > 0)
        assert not unescaped.startswith(special)


@given(st.text(max_size=30))
def test_link_parsers_never_raise(raw):
    value = parse_number(raw, low=0, high=1)
    assert value is None or 0 <= value <= 1
    assert parse_choice(raw, ("nats", "bits")) in (None, "nats", "bits")
    assert parse_exact(raw, (2, 3)) in (None, 2, 3)


def test_exact_parsing_matches_text_the_way_a_bound_widget_does():
    assert parse_exact("0.5", (0.05, 0.5, 5)) == 0.5
    assert parse_exact("3", (2, 3)) == 3
    for near_miss in ("Numeric", " numeric", "0.50", None, ["numeric"]):
        assert parse_exact(near_miss, ("numeric", 0.5)) is None


def test_lesson_placeholders_are_filled_and_missing_ones_refused():
    assert fill("loss {{ loss }} and $\\frac{a}{b}$", {"loss": "0.1"}) == "loss 0.1 and $\\frac{a}{b}$"
    with pytest.raises(ValueError, match="values: no value for loss"):
        fill("{{loss}}", {})
    filled = lesson(
        "binary",
        "Basic",
        {name: "x" for name in ("q", "y", "label_name", "fine", "loss", "loss_right", "loss_wrong")},
    )
    assert not placeholders(filled) and "{{" not in filled


def test_a_teachers_edit_to_a_lesson_file_shows_on_the_next_read(tmp_path, monkeypatch):
    import os

    from content import lesson_files as lessons

    monkeypatch.setattr(lessons, "LESSONS_DIR", tmp_path)
    path = tmp_path / "demo.md"
    path.write_text("Intro\n## Basic\nOld words.\n## Medium\nm\n## Detailed\nd\n", encoding="utf-8")
    assert lessons.lesson("demo", "Basic") == "Old words."
    path.write_text("Intro\n## Basic\nNew words.\n## Medium\nm\n## Detailed\nd\n", encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a later save, even on coarse clocks
    assert lessons.lesson("demo", "Basic") == "New words."


def test_the_comparison_titles_break_into_whole_phrases():
    """Review 19-A #6: a hard <br> mid-phrase plus the wrapping left lines such as 'limit for a' or
    'cross-entropy' alone; each line of these titles now holds at least four words."""
    from lessons import ce_vs_mse_figures

    figures = [
        binary_loss_figure(0.3, 1, base=math.e, unit="nats"),
        binary_gradient_figure(0.3, 1),
        ce_vs_mse_figures.loss_figure(0.3, base=math.e, unit="nats"),
        ce_vs_mse_figures.logit_figure(0.3, base=math.e, unit="nats"),
    ]
    for figure in figures:
        lines = figure.layout.title.text.split("<br>")
        assert all(len(line.split()) >= 4 for line in lines if "<" not in line), lines


def test_the_logit_alt_in_bits_gives_the_slope_of_the_line_it_describes():
    """Review 19-A #1: in bits the straight line falls 1/ln 2 ≈ 1.443 bits per unit of z, while its push (of
    the loss in nats) is −1; the alt says both, and MSE's push fades towards 0, never 'to 0'."""
    from lessons.ce_vs_mse import logit_alt

    in_bits = logit_alt(0.02, base=2, unit="bits")
    assert f"falls {1 / math.log(2):.3f} bits per unit of z" in in_bits
    assert "fades to 0" not in in_bits and "fades towards 0" in in_bits
    assert "per unit of z" not in logit_alt(0.02, base=math.e, unit="nats")
