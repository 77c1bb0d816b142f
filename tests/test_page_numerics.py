"""AppTest: the numerical stability page shows log 0, clipping, overflow and the log-softmax gap exactly as
math, numpy float32/float64 and scipy compute them, with inf and nan spelled out, never a traceback."""

import inspect
import math

import numpy as np
import pytest
from conftest import metrics, opened
from scipy.special import expit, log_softmax, softmax

from core import log_softmax as core_log_softmax
from core.numerics import clipped_cross_entropy, stable_softmax

PAGE = "pages/numerics.py"
NAN = "undefined (NaN)"


def loss_text(value, unit="nats"):
    return f"{'∞' if math.isinf(value) else f'{value:.3f}'} {unit}"


def naive_p_a(z, dtype):
    """exp(z) / (exp(z) + exp(z - 1)) in `dtype`, as written, with numpy's own overflow."""
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.array([z, z - 1.0], dtype=dtype))
        p = e[0] / e.sum()
    return NAN if np.isnan(p) else f"{p:.4f}"


def test_default_view(open_page):
    app = open_page(PAGE)
    assert not app.exception
    shown = metrics(app)
    assert shown["Loss −log q"] == loss_text(-math.log(1e-6))
    assert shown["Clipped loss −log clip(q, ε, 1 − ε)"] == loss_text(-math.log(1e-6))
    assert shown["The most clipping allows, −log ε"] == loss_text(-math.log(1e-7))
    assert shown["p(A), naive, in float32"] == f"{expit(1.0):.4f}"
    assert shown["log_softmax(z) for B"] == f"{log_softmax([0.0, -50.0])[1]:.4f}"


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
    assert shown["Loss −log q"] == loss_text(plain, unit)
    assert shown["Clipped loss −log clip(q, ε, 1 − ε)"] == loss_text(clipped, unit)
    assert shown["The most clipping allows, −log ε"] == loss_text(-math.log(eps_value) / scale, unit)


def test_certain_and_wrong_preset_is_an_infinite_loss(open_page):
    app = open_page(PAGE)
    app.button(key="preset_q = 0: certain and wrong").click().run()
    assert metrics(app)["Loss −log q"] == "∞ nats"
    assert metrics(app)["Clipped loss −log clip(q, ε, 1 − ε)"] == loss_text(-math.log(1e-7))


@pytest.mark.parametrize("z", [0, 50, 88, 89, 100, 709, 710, 1000])
def test_naive_softmax_breaks_exactly_where_numpy_does_and_the_stable_one_never(open_page, z):
    app = open_page(PAGE)
    app.slider(key="nz").set_value(z).run()
    assert not app.exception
    shown = metrics(app)
    assert shown["p(A), naive, in float32"] == naive_p_a(z, np.float32)
    assert shown["p(A), naive, in float64"] == naive_p_a(z, np.float64)
    assert shown["p(A), largest logit subtracted first"] == f"{softmax([z, z - 1.0])[0]:.4f}" == "0.7311"
    table = app.table[0].value
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
    assert shown["log(softmax(z)) for B"] == ("-∞" if np.isneginf(naive) else f"{naive:.4f}")
    assert shown["log_softmax(z) for B"] == f"{exact:.4f}"
    gap = abs(naive - exact)
    if math.isinf(gap):
        assert shown["Gap between the two"] == "∞"
    else:
        assert float(shown["Gap between the two"]) == pytest.approx(gap, rel=0.05, abs=1e-4)
    assert shown["softmax, then log"] == loss_text(-naive / math.log(2), "bits")
    assert shown["from the logits"] == loss_text(
        distance / math.log(2) + math.log2(1 + math.exp(-distance)), "bits"
    )


def test_the_gap_shows_in_scientific_notation_while_it_is_rounding_noise(open_page):
    app = open_page(PAGE, nd="720")
    gap = metrics(app)["Gap between the two"]
    assert "e-" in gap and float(gap) > 0


def test_presets_for_overflow_and_log_zero(open_page):
    app = open_page(PAGE)
    app.button(key="preset_z = 100: float32 breaks").click().run()
    assert metrics(app)["p(A), naive, in float32"] == NAN
    assert metrics(app)["p(A), naive, in float64"] == "0.7311"
    app.button(key="preset_z = 800: float64 breaks").click().run()
    assert metrics(app)["p(A), naive, in float64"] == NAN
    app.button(key="preset_800 below: log 0").click().run()
    assert metrics(app)["softmax, then log"] == "∞ nats"
    assert metrics(app)["from the logits"] == "800.000 nats"
    assert not app.exception


@pytest.mark.parametrize(
    ("key", "bad"),
    [
        ("nq", "<script>alert(1)</script>"),
        ("nq", "0.3"),
        ("neps", "0"),
        ("neps", "**1e-3**"),
        ("nz", "nan"),
        ("nz", "1001"),
        ("nd", "-5"),
        ("nd", "inf"),
        ("nz", ""),
    ],
)
def test_a_bad_link_value_falls_back_with_a_notice(open_page, key, bad):
    app = open_page(PAGE, **{key: bad})
    assert not app.exception
    assert any("not usable" in warning.value for warning in app.warning)
    assert "<script>" not in " ".join(warning.value for warning in app.warning)
    assert metrics(app)["Loss −log q"] == loss_text(-math.log(1e-6))
    assert metrics(app)["p(A), naive, in float32"] == "0.7311"


@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_lesson_fills_live_numbers_at_every_depth(open_page, depth):
    app = open_page(PAGE, depth=depth, nq="0", nz="100")
    text = " ".join(block.value for block in app.markdown)
    assert "{{" not in text
    assert "∞ nats" in text
    assert NAN in text


def test_show_the_code_is_the_real_functions(open_page):
    app = opened(open_page(PAGE), "show_code")
    sources = {code.value.strip() for code in app.code}
    for function in (stable_softmax, core_log_softmax, clipped_cross_entropy):
        assert inspect.getsource(function).strip() in sources
