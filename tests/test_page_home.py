"""AppTest: the Home page's one-slider demo, its link and its map of the lessons."""

import math

import pytest
from conftest import metrics

from ui.shell import LESSONS

PAGE = "app.py"


@pytest.mark.parametrize("q_cat", [0.01, 0.25, 0.7, 0.99])
def test_the_slider_sets_the_loss_to_minus_log_q_cat(open_page, q_cat):
    app = open_page(PAGE)
    app.slider(key="cat").set_value(q_cat).run()
    shown = metrics(app)
    assert shown["Cross-entropy"] == f"{-math.log(q_cat):.3f} nats"
    assert shown["A uniform guess (1/3 each) would cost"] == f"{math.log(3):.3f} nats"


def test_a_zero_for_the_cat_is_an_infinite_loss_not_a_crash(open_page):
    app = open_page(PAGE)
    app.slider(key="cat").set_value(0.0).run()
    assert not app.exception
    assert metrics(app)["Cross-entropy"] == "∞ nats"


def test_a_shared_link_opens_at_its_value_in_bits(open_page):
    app = open_page(PAGE, cat="0.5", units="bits")
    assert app.slider(key="cat").value == pytest.approx(0.5)
    assert metrics(app)["Cross-entropy"] == "1.000 bits"


@pytest.mark.parametrize("bad", ["1.5", "nan", "-inf", "<b>x</b>", "**0.3**"])
def test_a_bad_link_value_falls_back_with_a_notice(open_page, bad):
    app = open_page(PAGE, cat=bad)
    assert not app.exception
    assert app.slider(key="cat").value == pytest.approx(0.7)
    assert any("not usable here" in warning.value for warning in app.warning)
    assert metrics(app)["Cross-entropy"] == f"{-math.log(0.7):.3f} nats"


def test_the_map_links_every_lesson_in_teaching_order(open_page):
    app = open_page(PAGE)
    main_links = [link.label for link in app.main.get("page_link")]
    assert main_links == [title for _, title, *_ in LESSONS]
