"""Numerics: naive against stable softmax in float32 and float64, the overflow threshold, clipping, and
log(softmax) against log_softmax, with their tables and figures. References are scipy, math and the
IEEE float limits themselves; every test turns warnings into errors, so a leaking RuntimeWarning fails.
"""

import math
import re
import warnings

import numpy as np
import pytest
import scipy.special
from helpers import sum_overflows_past
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from core.numerics import (
    clipped_cross_entropy,
    double_softmax_floor,
    double_softmax_loss,
    log_of_softmax_vs_log_softmax,
    log_zero_at,
    naive_softmax,
    overflow_results,
    overflow_threshold,
    precision_lost_at,
    stable_softmax,
    sum_overflow_threshold,
)
from lessons import numerics_figures as figures
from lessons import palette
from lessons.numerics import clipping_effect, double_softmax_sentence, gap_sentence, overflow_sentence

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")
DTYPES = [np.float32, np.float64]


def logit_rows(bound):
    """1-D or 2-D arrays of finite logits in [-bound, bound], 2 to 6 classes."""
    shapes = st.one_of(st.tuples(st.integers(2, 6)), st.tuples(st.integers(1, 4), st.integers(2, 6)))
    return shapes.flatmap(lambda shape: arrays(np.float64, shape, elements=st.floats(-bound, bound)))


# ---------------------------------------------------------------------------------------------------------
# naive and stable softmax
# ---------------------------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(logit_rows(30.0), st.sampled_from(DTYPES))
def test_naive_softmax_is_right_while_exp_fits(z, dtype):
    got = naive_softmax(z, dtype)
    assert got.dtype == dtype
    rtol = 1e-5 if dtype is np.float32 else 1e-12
    np.testing.assert_allclose(got, scipy.special.softmax(z, axis=-1), rtol=rtol, atol=1e-30)


@settings(max_examples=60, deadline=None)
@given(logit_rows(1e4), st.sampled_from(DTYPES))
def test_stable_softmax_matches_scipy_for_any_logits(z, dtype):
    got = stable_softmax(z, dtype)
    assert got.dtype == dtype
    assert np.isfinite(got).all()
    np.testing.assert_allclose(got.sum(axis=-1), 1.0, rtol=1e-6 if dtype is np.float32 else 1e-12)
    atol = 1e-6 if dtype is np.float32 else 1e-15
    np.testing.assert_allclose(got, scipy.special.softmax(z, axis=-1), rtol=1e-5, atol=atol)


@pytest.mark.parametrize(("dtype", "breaks_at"), [(np.float32, 89.0), (np.float64, 710.0)])
def test_naive_softmax_returns_nan_past_the_overflow_silently(dtype, breaks_at):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        below = naive_softmax([breaks_at - 2, 0.0], dtype)
        above = naive_softmax([breaks_at, 0.0], dtype)
        stable = stable_softmax([breaks_at, 0.0], dtype)
    assert np.isfinite(below).all()
    assert math.isnan(above[0]) and above[1] == 0.0  # inf / inf and 1 / inf
    assert stable[0] == pytest.approx(1.0) and np.isfinite(stable).all()


def test_naive_softmax_fails_by_underflow_too_and_float32_breaks_first():
    np.testing.assert_array_equal(np.isnan(naive_softmax([-1000.0, -1000.0])), [True, True])
    np.testing.assert_allclose(stable_softmax([-1000.0, -1000.0]), [0.5, 0.5])
    assert np.isnan(naive_softmax([100.0, 0.0], np.float32)).any()
    assert not np.isnan(naive_softmax([100.0, 0.0], np.float64)).any()


@pytest.mark.parametrize(
    ("z", "dtype", "name"),
    [
        ([1.0, math.nan], np.float64, "z"),
        ([1.0, math.inf], np.float64, "z"),
        ([1.0, -math.inf], np.float64, "z"),
        ([1e39, 0.0], np.float32, "z"),
        ([], np.float64, "z"),
        ([1.0, 2.0], np.complex128, "dtype"),
        ([1e5, 0.0], np.float16, "z"),
        ([1.0, 2.0], "int32", "dtype"),
        ([1.0, 2.0], "not a type", "dtype"),
    ],
)
def test_softmaxes_reject_bad_arguments_by_name(z, dtype, name):
    for softmax in (naive_softmax, stable_softmax):
        with pytest.raises(ValueError, match=f"^{name}"):
            softmax(z, dtype)


# ---------------------------------------------------------------------------------------------------------
# overflow threshold
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float16, *DTYPES])
def test_overflow_threshold_is_the_last_float_whose_exp_is_finite(dtype):
    threshold = dtype(overflow_threshold(dtype))
    assert float(threshold) == overflow_threshold(dtype)  # exactly representable in dtype
    with np.errstate(over="ignore"):
        assert np.isfinite(np.exp(threshold))
        assert np.isinf(np.exp(np.nextafter(threshold, dtype(np.inf))))
    # as close to log(largest float) as the type's own spacing allows
    spacing = float(np.spacing(dtype(math.log(float(np.finfo(dtype).max)))))
    assert abs(overflow_threshold(dtype) - math.log(float(np.finfo(dtype).max))) <= spacing


def test_overflow_threshold_accepts_type_names_and_rejects_others():
    assert overflow_threshold("float32") == overflow_threshold(np.float32)
    assert 709.78 < overflow_threshold() < 709.79
    with pytest.raises(ValueError, match="^dtype"):
        overflow_threshold(np.int64)


# ---------------------------------------------------------------------------------------------------------
# clipping
# ---------------------------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.sampled_from([0.0, 1.0, 5e-324]), st.floats(0.0, 1.0)), st.floats(1e-15, 0.49))
def test_clipped_cross_entropy_matches_the_clip_written_out(q, eps):
    expected = -math.log(min(max(q, eps), 1 - eps))
    got = clipped_cross_entropy(q, eps)
    assert isinstance(got, float)
    assert got == pytest.approx(expected, rel=1e-12)
    assert -math.log(1 - eps) - 1e-15 <= got <= -math.log(eps) + 1e-12


def test_clipping_caps_the_loss_and_flattens_it_below_eps():
    eps = 1e-7
    q = np.array([0.0, 1e-12, 1e-9, 1e-7, 0.5, 1.0])
    got = clipped_cross_entropy(q, eps)
    np.testing.assert_allclose(got[:4], -math.log(eps))  # flat: no gradient for a confidently wrong model
    assert got[4] == pytest.approx(math.log(2))
    assert got[5] == pytest.approx(-math.log1p(-eps))  # a perfect prediction still costs a little
    slope = (clipped_cross_entropy(2e-8, eps) - clipped_cross_entropy(1e-8, eps)) / 1e-8
    assert slope == 0.0


@pytest.mark.parametrize(
    ("q", "eps", "name"),
    [(0.5, 0.0, "c"), (0.5, 0.5, "c"), (0.5, -1e-3, "c"), (0.5, True, "c"), (1.5, 0.1, "q_true")],
)
def test_clipped_cross_entropy_rejects_bad_arguments_by_name(q, eps, name):
    with pytest.raises(ValueError, match=f"^{name}"):
        clipped_cross_entropy(q, eps)


# ---------------------------------------------------------------------------------------------------------
# log(softmax) against log_softmax
# ---------------------------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(logit_rows(2000.0))
def test_log_of_softmax_and_log_softmax_against_scipy(z):
    naive, stable, gap = log_of_softmax_vs_log_softmax(z)
    np.testing.assert_allclose(stable, scipy.special.log_softmax(z, axis=-1), rtol=1e-12, atol=1e-12)
    with np.errstate(divide="ignore"):
        expected_naive = np.log(scipy.special.softmax(z, axis=-1))
    np.testing.assert_allclose(naive, expected_naive, rtol=1e-12, atol=1e-12)
    underflowed = np.isneginf(expected_naive)
    normal = expected_naive >= math.log(np.finfo(np.float64).tiny)  # subnormal probabilities lose digits
    assert np.isinf(gap[underflowed]).all()
    assert (gap[normal] < 1e-9).all()
    assert np.isfinite(gap[~underflowed]).all()
    assert not np.isnan(gap).any()


def test_the_gap_grows_as_the_probability_turns_subnormal_then_zero():
    gaps = log_of_softmax_vs_log_softmax([0.0, -700.0, -740.0, -800.0]).gap
    assert gaps[1] < 1e-12  # exp(-700) is still a normal float
    assert 1e-12 < gaps[2] < math.inf  # exp(-740) is subnormal: only a few digits left
    assert gaps[3] == math.inf  # exp(-800) is 0


def test_a_logit_800_below_the_top_is_infinitely_wrong_only_through_log_of_softmax():
    result = log_of_softmax_vs_log_softmax([0.0, -800.0])
    assert result.log_of_softmax[1] == -math.inf
    assert result.log_softmax[1] == pytest.approx(-800.0)
    assert result.gap[1] == math.inf
    with pytest.raises(ValueError, match="^z"):
        log_of_softmax_vs_log_softmax([0.0, math.inf])


# ---------------------------------------------------------------------------------------------------------
# tables
# ---------------------------------------------------------------------------------------------------------


def test_softmax_overflow_table_keeps_nan_as_floats_for_the_page():
    z = [100.0, 99.0, -5.0]
    table = figures.softmax_overflow_table(z)
    assert list(table.columns) == [
        "class",
        "logit",
        "naive float16",
        "naive float32",
        "naive float64",
        "stable float32",
        "stable float64",
    ]
    assert (table.drop(columns=["class", "logit"]).dtypes == np.float64).all()
    assert table["class"].tolist() == ["A", "B", "C"], "the rows are named as the page's sentences name them"
    assert table["logit"].tolist() == [100, 99, -5], "whole logits are shown as whole numbers"
    reference = scipy.special.softmax(z)
    # exp(100) and exp(99) overflow float32: inf / inf is nan, and exp(-5) / inf is a wrong 0
    assert table["naive float32"].isna().tolist() == [True, True, False]
    assert table["naive float32"][2] == 0.0 < reference[2]
    np.testing.assert_allclose(table["naive float64"], reference, rtol=1e-12)
    np.testing.assert_allclose(table["stable float32"], reference, rtol=1e-5, atol=1e-44)  # float32 floor
    np.testing.assert_allclose(table["stable float64"], reference, rtol=1e-12)


def test_log_softmax_table_keeps_infinities_as_floats():
    table = figures.log_softmax_table([0.0, -800.0, -1.0])
    assert list(table.columns) == [
        "class",
        "logit",
        "ln(softmax(z)) (nats)",
        "log_softmax(z) (nats)",
        "gap (nats)",
    ]
    assert table["class"].tolist() == ["A", "B", "C"]
    np.testing.assert_allclose(table["log_softmax(z) (nats)"], scipy.special.log_softmax([0.0, -800.0, -1.0]))
    assert table["ln(softmax(z)) (nats)"][1] == -math.inf and table["gap (nats)"][1] == math.inf


@pytest.mark.parametrize("build", [figures.softmax_overflow_table, figures.log_softmax_table])
def test_tables_want_one_row_of_logits(build):
    with pytest.raises(ValueError, match="^z"):
        build([[1.0, 2.0]])


# ---------------------------------------------------------------------------------------------------------
# figures
# ---------------------------------------------------------------------------------------------------------


def test_softmax_overflow_figure_shows_nan_exactly_past_each_threshold():
    fig = figures.softmax_overflow_figure(1000.0)
    stable, naive64, naive32, naive16 = fig.data
    assert [t.line.color for t in fig.data] == [
        palette.PREDICTION,
        palette.MARKER,
        palette.VARIANTS[3],
        palette.VARIANTS[2],
    ]
    z = stable.x
    assert isinstance(z, np.ndarray) and z[0] == 1 and z[-1] == 1000
    assert fig.layout.xaxis.type == "log", "review 19-3 #11: 11 and 88 sat against the y-axis"
    assert set(range(1, 101)) <= set(z), "every whole logit up to 100: each line breaks at its own"
    right = scipy.special.expit(1.0)  # softmax([z, z - 1])_0 = sigmoid(1), whatever z is
    np.testing.assert_allclose(stable.y, right, rtol=1e-12)
    for trace, limit in ((naive64, 709.782712893384), (naive32, 88.72283)):
        broken = np.isnan(trace.y)
        np.testing.assert_array_equal(broken, z > limit)
        # between the sum's overflow and e^z's the naive q(A) is a wrong 0, finite over infinity
        wrong = ~broken & (z > limit - math.log1p(math.exp(-1)))
        np.testing.assert_array_equal(trace.y[wrong], 0.0)
        np.testing.assert_allclose(trace.y[~broken & ~wrong], right, rtol=1e-6)
    # float16: e^z + e^(z - 1) overflows 65504 from z = 11 (a wrong 0), e^z itself from z = 12 (NaN)
    whole = z == np.round(z)  # the whole logits; float16 rounds the others on their way in
    assert np.isnan(naive16.y[whole]).tolist() == (z[whole] >= 12).tolist()
    assert naive16.y[z == 11] == 0.0
    np.testing.assert_allclose(naive16.y[z <= 10], right, rtol=2e-3)  # float16 keeps about 3 digits
    assert len(fig.layout.shapes) == 3
    title = fig.layout.title.text
    firsts = [sum_overflows_past(kind) for kind in (np.float16, np.float32, np.float64)]
    assert [f"{limit:.2f}" for limit in firsts] == ["10.77", "88.41", "709.47"]
    assert all(f"{limit:.2f}" in title for limit in firsts), "the title names where each line first breaks"
    assert "11.09" not in title, "float16 is already wrong (0) before e^z overflows at 11.09"
    assert [shape.x0 for shape in fig.layout.shapes] == pytest.approx(firsts, abs=0.01)


def test_softmax_overflow_figure_marks_only_thresholds_in_range():
    assert len(figures.softmax_overflow_figure(100.0).layout.shapes) == 2
    assert len(figures.softmax_overflow_figure(50.0).layout.shapes) == 1
    assert not figures.softmax_overflow_figure(10.0).layout.shapes
    for bad in (0.0, -1.0, math.inf):
        with pytest.raises(ValueError, match="^z_max"):
            figures.softmax_overflow_figure(bad)


def test_clipping_figure_draws_the_loss_the_clipped_loss_and_the_cap():
    eps = 1e-4
    fig = figures.clipping_figure(eps)
    plain, clipped, cap = fig.data
    assert plain.line.color == palette.CROSS_ENTROPY
    assert fig.layout.xaxis.type == "log"
    q = plain.x
    assert q[0] == pytest.approx(1e-7) and q[-1] == 1.0
    np.testing.assert_allclose(plain.y, [-math.log(v) for v in q], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(clipped.y, [-math.log(min(max(v, eps), 1 - eps)) for v in q], rtol=1e-12)
    np.testing.assert_allclose(cap.y, [-math.log(eps)] * 2)
    assert "9.2" in fig.layout.title.text
    with pytest.raises(ValueError, match="^c"):
        figures.clipping_figure(0.0)


@settings(max_examples=40, deadline=None)
@given(st.floats(0.0, 1.0), st.sampled_from([1e-12, 1e-7, 1e-3, 0.1]), st.sampled_from([math.e, 2.0, 10.0]))
def test_clipped_cross_entropy_in_any_base_is_the_clipped_log_in_that_base(q, eps, base):
    expected = -math.log(min(max(q, eps), 1 - eps), base)
    assert clipped_cross_entropy(q, eps, base=base) == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_clipping_figure_in_bits_marks_the_learners_q_even_at_zero():
    eps = 1e-3
    fig = figures.clipping_figure(eps, base=2.0, q_true=0.25)
    plain, clipped, cap, here = fig.data
    np.testing.assert_allclose(plain.y, [-math.log2(v) for v in plain.x], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(cap.y, [math.log2(1000)] * 2, rtol=1e-12)
    assert (here.x[0], here.y[0]) == (0.25, pytest.approx(2.0))
    assert "bits" in fig.layout.yaxis.title.text and "bits" in fig.layout.title.text
    at_zero = figures.clipping_figure(eps, q_true=0.0).data[3]
    assert at_zero.x[0] == pytest.approx(1e-6), "q = 0 sits at the left edge of the log axis"
    assert at_zero.y[0] == pytest.approx(-math.log(eps)) and "left of the chart" in at_zero.name
    with pytest.raises(ValueError, match="^q_true"):
        figures.clipping_figure(eps, q_true=-0.1)


@pytest.mark.parametrize(
    ("q", "c", "name"),
    [
        (0.5, 1e-7, "your q(true class)"),
        (1e-6, 1e-7, "your q(true class)"),
        (1e-7, 1e-7, "your q(true class)"),  # at c itself: kept, not moved
        (1e-8, 1e-7, "your q(true class), clipped"),
        (1.0, 0.1, "your q(true class), clipped"),
        (0.95, 0.1, "your q(true class), clipped"),
        (0.0, 1e-7, "your q(true class) (left of the chart), clipped"),
        (1e-12, 1e-7, "your q(true class) (left of the chart), clipped"),
    ],
)
def test_the_clipping_marker_says_clipped_only_where_clipping_moves_q_y(q, c, name):
    """The lecturer's notation review (S3): the marker read "your q, clipped" also where clipping left q_y as
    it was, and wrote the true class's probability as a plain q (the card's q is the whole distribution)."""
    assert figures.clipping_figure(c, q_true=q).data[3].name == name


def test_softmax_overflow_figure_marks_the_learners_logit():
    fig = figures.softmax_overflow_figure(1000.0, z=300.0)
    assert [shape.x0 for shape in fig.layout.shapes] == [
        sum_overflow_threshold(np.float16),
        sum_overflow_threshold(np.float32),
        sum_overflow_threshold(np.float64),
        300.0,
    ]
    assert "your z" in [annotation.text for annotation in fig.layout.annotations]
    # annotations on a log axis sit at the exponent, shapes at the value itself (plotly.js)
    notes = [(annotation.x, annotation.text) for annotation in fig.layout.annotations]
    assert notes[:3] == [
        (pytest.approx(math.log10(sum_overflows_past(kind)), abs=1e-4), f"{name}: {limit}")
        for kind, name, limit in (
            (np.float16, "float16", "10.77"),
            (np.float32, "float32", "88.41"),
            (np.float64, "float64", "709.47"),
        )
    ]
    assert notes[3] == (pytest.approx(math.log10(300)), "your z")
    at_zero = figures.softmax_overflow_figure(1000.0, z=0.0)
    assert at_zero.layout.shapes[-1].x0 == 1 and at_zero.layout.annotations[-1].x == 0
    assert at_zero.layout.annotations[-1].text == "your z = 0, left of the axis"
    with pytest.raises(ValueError, match="^z"):
        figures.softmax_overflow_figure(1000.0, z=math.nan)


def test_numerics_figures_are_valid_plotly():
    """The figures are built unvalidated for speed, so plotly checks every key here."""
    import plotly.graph_objects as go

    for figure in (
        figures.softmax_overflow_figure(1000.0, z=300.0, presenter=True),
        figures.clipping_figure(1e-7, base=2.0, q_true=0.0, presenter=True),
    ):
        go.Figure(figure.to_dict())


# ---------------------------------------------------------------------------------------------------------
# float16, where precision is lost, the double softmax, and the sentences the page builds from them
# ---------------------------------------------------------------------------------------------------------


def test_float16_overflows_where_its_largest_value_65504_says():
    limit = overflow_threshold(np.float16)
    assert float(np.finfo(np.float16).max) == 65504.0
    assert 11.08 < limit < 11.09 and round(limit, 2) == 11.09
    with np.errstate(over="ignore"):
        assert np.exp(np.float16(limit)) <= np.finfo(np.float16).max
        assert np.isinf(np.exp(np.nextafter(np.float16(limit), np.float16(np.inf))))


def naive_in(dtype, z):
    """exp(z) / sum exp(z) in `dtype`, written out with numpy, for the pair [z, z - 1]."""
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.array([z, z - 1.0], dtype=dtype))
        return float(e[0] / (e[0] + e[1]))


@pytest.mark.parametrize("z", [0, 10, 11, 12, 50, 88, 89, 100, 709, 710, 1000])
def test_overflow_sentence_names_exactly_the_types_that_break(z):
    sentence = overflow_sentence(z)
    right = scipy.special.expit(1.0)
    results = {
        name: naive_in(dtype, z)
        for name, dtype in (("float16", np.float16), ("float32", np.float32), ("float64", np.float64))
    }
    assert "undefined" not in sentence and not re.search(r"\b(nan|inf|None)\b", sentence)
    broken = [name for name, value in results.items() if math.isnan(value)]
    wrong = [name for name, value in results.items() if not math.isnan(value) and abs(value - right) > 1e-3]
    fine = [name for name in results if name not in broken and name not in wrong]
    if broken:
        named = sentence.split("breaks in ")[1].split(",  where")[0].split(", where")[0]
        assert sorted(named.replace(" and ", ", ").split(", ")) == sorted(broken)
    else:
        assert "breaks" not in sentence
    if wrong:
        assert "a wrong 0.0000 in " + " and ".join(wrong) in sentence
    else:
        assert "wrong" not in sentence
    for name in fine:
        assert f"{results[name]:.4f}" in sentence
    assert ("nothing has overflowed yet" in sentence) == (not broken and not wrong)
    assert (overflow_results(z)["float16"] != overflow_results(z)["float16"]) == ("float16" in broken)


def test_precision_is_lost_and_then_log_zero_exactly_where_float64_says():
    distance = np.arange(0, 1001)
    with np.errstate(divide="ignore"):
        naive = np.log(scipy.special.softmax(np.column_stack([np.zeros(1001), -distance]), axis=1)[:, 1])
    exact = -distance - np.log1p(np.exp(-distance))
    gap = np.abs(naive - exact)
    expected_lost = int(distance[np.isfinite(gap) & (gap >= 0.01)][0])
    expected_zero = int(distance[np.isneginf(naive)][0])
    assert precision_lost_at() == expected_lost
    assert log_zero_at() == expected_zero
    assert 730 < expected_lost < expected_zero < 750
    # at the preset's distance the page's 4-decimal figures really differ, and log 0 has not happened yet
    assert f"{naive[expected_lost]:.4f}" != f"{exact[expected_lost]:.4f}"
    assert np.isfinite(naive[expected_lost])
    assert precision_lost_at(max_distance=700) is None and log_zero_at(max_distance=700) is None


@pytest.mark.parametrize("distance", [0, 50, 708, 709, 720, 737, 742, 745, 746, 1000])
def test_gap_sentence_says_what_float64_does(distance):
    sentence = gap_sentence(distance)
    q_b = scipy.special.softmax([0.0, -float(distance)])[1]
    if q_b == 0:
        assert "rounds to 0" in sentence and "−∞" in sentence
    elif q_b >= np.finfo(np.float64).tiny:
        assert "ordinary float64" in sentence and "subnormal" not in sentence
    else:
        assert "subnormal" in sentence
        naive, exact = math.log(q_b), -distance - math.log1p(math.exp(-distance))
        assert ("too few to show" in sentence) == (f"{naive:.4f}" == f"{exact:.4f}")
    assert f"{-distance - math.log1p(math.exp(-distance)):.4f}" in sentence


@pytest.mark.parametrize(
    ("z", "y"), [([0.0, -800.0], 0), ([0.0, -800.0], 1), ([2.0, 1.0, 0.1], 2), ([0.0, 0.0], 0)]
)
def test_double_softmax_scores_the_softmax_of_the_probabilities(z, y):
    expected = -math.log(scipy.special.softmax(scipy.special.softmax(z))[y])
    assert double_softmax_loss(z, y) == pytest.approx(expected, rel=1e-12)
    assert double_softmax_loss(z, y) >= double_softmax_floor(len(z)) - 1e-12
    assert double_softmax_loss(z, y, base=2) == pytest.approx(expected / math.log(2), rel=1e-12)


def test_double_softmax_floor_is_reached_by_a_sure_model():
    for k in (2, 3, 10):
        sure = [1000.0] + [0.0] * (k - 1)
        assert double_softmax_floor(k) == pytest.approx(-math.log(scipy.special.softmax(np.eye(k)[0])[0]))
        assert double_softmax_loss(sure, 0) == pytest.approx(double_softmax_floor(k))
    assert round(double_softmax_floor(2), 3) == 0.313
    sentence = double_softmax_sentence([0.0, -800.0], 1)
    assert (
        sentence == f"it charges {-math.log(1 - scipy.special.expit(1.0)):.3f} nats instead of 800.000 nats"
    )
    assert "only because the logits are equal" in double_softmax_sentence([0.0, 0.0], 1)


@pytest.mark.parametrize("q", [0.0, 1e-300, 1e-12, 1e-6, 0.001, 0.5, 0.9, 1.0])
@pytest.mark.parametrize("c", [1e-12, 1e-7, 0.1])
@pytest.mark.parametrize(("base", "unit"), [(math.e, "nats"), (2.0, "bits")])
def test_clipping_effect_describes_what_the_clip_does_to_this_q(q, c, base, unit):
    sentence = clipping_effect(q, c, base=base, unit=unit)
    clipped = -math.log(min(max(q, c), 1 - c), base)
    assert not re.search(r"\b(nan|inf|None)\b", sentence, flags=re.IGNORECASE)
    assert "$q_y$ = " in sentence and not re.search(r"(?<![\w\\])q[ =]", sentence), "the card's q_y, not q"
    plain = clipping_effect(q, c, base=base, unit=unit, symbol="q(true class)")
    assert plain == sentence.replace("$q_y$", "q(true class)"), "in plain text, the card's q(true class)"
    if q == 0:
        assert sentence.startswith("turns the infinite loss")
    elif q < c:
        assert sentence.startswith("lowers") and f"{-math.log(q, base):.3f} {unit}" in sentence
    elif q > 1 - c:
        assert "pulled down to 1 − c" in sentence and "instead of 0.000" in sentence
    else:
        assert "untouched" in sentence and "infinite" not in sentence
    shown = f"{clipped:.1e} {unit}" if 0 < clipped < 5e-4 else f"{clipped:.3f} {unit}"
    assert shown in sentence


def test_numerics_chart_tables_and_alt_sentences():
    table = figures.clipping_table(1e-7, base=2.0, unit="bits")
    q_y = table["q(true class)"]  # the card's q_y, in a header that renders no LaTeX
    assert q_y.iloc[0] == 0.0 and q_y.iloc[-1] == 1.0
    assert math.isinf(table["−log q(true class) (bits)"].iloc[0])
    np.testing.assert_allclose(
        table["−log clip(q(true class), c, 1 − c) (bits)"],
        [-math.log2(min(max(q, 1e-7), 1 - 1e-7)) for q in q_y],
    )
    alt = figures.clipping_alt(0.0, 1e-7)
    assert f"{-math.log(1e-7):.3f} nats" in alt and "c = 1e-7" in alt
    assert "turns the infinite loss of q(true class) = 0 into" in alt and not re.search(r"\bq\b(?!\()", alt)
    chart_table = figures.overflow_chart_table(1000.0, 300.0)
    assert {11.0, 12.0, 88.0, 89.0, 709.0, 710.0, 300.0} <= set(chart_table["logit z of A"])
    for column, dtype in (
        ("naive float16", np.float16),
        ("naive float32", np.float32),
        ("naive float64", np.float64),
    ):
        expected = [naive_in(dtype, z) for z in chart_table["logit z of A"]]
        np.testing.assert_allclose(chart_table[column], expected, rtol=1e-6)
    alt = figures.overflow_alt(300.0)
    assert "11.09 in float16" in alt and "88.72 in float32" in alt and "709.78 in float64" in alt
    assert "z = 300" in alt and "float64 still gives 0.7311" in alt


def test_softmax_overflow_title_states_the_exact_value_it_computes():
    exact = 1 / (1 + math.exp(-1))  # softmax([z, z - 1])_0 = sigmoid(1), for every z
    assert f"is {exact:.3f} for every z" in figures.softmax_overflow_figure(100.0).layout.title.text
