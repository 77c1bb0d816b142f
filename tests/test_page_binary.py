"""AppTest: the binary page shows the numbers core/ computes, for every input a learner can give."""

import math

import pytest
from conftest import metrics, opened

from core import binary_cross_entropy, mse
from core.text import format_loss, format_number

PAGE = "pages/binary.py"


def test_shared_link_opens_at_its_values(open_page):
    app = open_page(PAGE, p="0.9", y="1")
    assert not app.exception
    assert app.slider(key="p").value == pytest.approx(0.9)
    assert metrics(app)["Cross-entropy"] == "0.105 nats"
    assert math.isclose(-math.log(0.9), 0.10536, abs_tol=1e-5)


def test_label_zero_from_the_link(open_page):
    app = open_page(PAGE, p="0.98", y="0")
    assert app.radio(key="y").value == 0
    assert metrics(app)["Cross-entropy"] == f"{-math.log(0.02):.3f} nats"


def test_bits_from_the_link(open_page):
    app = open_page(PAGE, p="0.9", y="1", units="bits")
    assert metrics(app)["Cross-entropy"] == f"{-math.log2(0.9):.3f} bits" == "0.152 bits"


@pytest.mark.parametrize("p", [0.0, 0.01, 0.35, 0.5, 0.99, 1.0])
@pytest.mark.parametrize("y", [0, 1])
def test_moving_the_widgets_updates_both_losses(open_page, p, y):
    app = open_page(PAGE)
    app.radio(key="y").set_value(y)
    app.slider(key="p").set_value(p).run()
    assert not app.exception
    shown = metrics(app)
    assert shown["Cross-entropy"] == format_loss(binary_cross_entropy(y, p), "nats")
    assert shown["MSE"] == format_number((p - y) ** 2)


def test_certain_and_wrong_is_an_infinite_loss_with_a_lesson(open_page):
    app = open_page(PAGE)
    app.button(key="preset_log 0: certain, wrong").click().run()
    assert not app.exception
    assert metrics(app)["Cross-entropy"] == "∞ nats"
    assert any("log 0 is minus infinity" in error.value for error in app.error)


def test_spam_preset_shows_a_large_loss_for_one_important_email(open_page):
    app = open_page(PAGE)
    app.button(key="preset_Real email → spam").click().run()
    assert app.radio(key="y").value == 0
    assert app.slider(key="p").value == pytest.approx(0.98)
    assert metrics(app)["Cross-entropy"] == f"{-math.log(0.02):.3f} nats"


@pytest.mark.parametrize(
    "bad", ["abc", "nan", "inf", "-0.5", "1.5", "<script>alert(1)</script>", "**0.5**", ""]
)
def test_a_bad_link_value_falls_back_with_a_notice(open_page, bad):
    app = open_page(PAGE, p=bad)
    assert not app.exception
    assert app.slider(key="p").value == pytest.approx(0.7)
    assert any("not usable" in warning.value for warning in app.warning)
    assert "<script>" not in "".join(warning.value for warning in app.warning), "user text is escaped"


def test_lesson_follows_the_depth_and_fills_live_numbers(open_page):
    for depth in ("Basic", "Medium", "Detailed"):
        app = open_page(PAGE, p="0.25", depth=depth.lower())
        text = " ".join(block.value for block in app.markdown)
        assert "{{" not in text
        assert format_loss(binary_cross_entropy(1, 0.25), "nats") in text
        if depth == "Medium":
            assert format_number(mse(1.0, 0.25)) in text


def test_show_the_code_is_the_real_function(open_page):
    import inspect

    app = opened(open_page(PAGE), "show_code")
    assert any(code.value.strip() == inspect.getsource(binary_cross_entropy).strip() for code in app.code)
