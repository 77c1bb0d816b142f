"""AppTest: the misconceptions page shows each counterexample with numbers recomputed here, in every unit."""

import math

import numpy as np
import pytest
from scipy.special import log_softmax, softmax

PAGE = "pages/misconceptions.py"


def text(app):
    return "\n".join(block.value for block in app.markdown) + "\n".join(s.value for s in app.success)


def test_defaults_show_each_counterexample_with_its_numbers(open_page):
    app = open_page(PAGE)
    assert not app.exception
    shown = text(app)
    loss_a, loss_b = -np.log([0.9, 0.9, 0.9, 0.02]).mean(), -math.log(0.45)
    assert loss_a > loss_b
    assert f"**higher** loss ({loss_a:.3f} nats against B's {loss_b:.3f} nats)" in shown
    assert f"its loss is {-math.log(0.3):.3f} nats, **below** log 10 = {math.log(10):.3f} nats" in shown
    h_pq, h_qp = -(0.9 * math.log(0.5) + 0.1 * math.log(0.5)), -(0.5 * math.log(0.9) + 0.5 * math.log(0.1))
    assert f"H(p, q) = {h_pq:.3f} nats but H(q, p) = {h_qp:.3f} nats" in shown
    z = np.array([-5.0, 0.0, 0.0])
    assert f"the loss is {-log_softmax(z)[0]:.3f} nats" in shown
    assert f"the loss reads {-log_softmax(softmax(z))[0]:.3f} nats" in shown
    assert "**over-confident**" in shown and "MSE has not reached 90 %" in shown
    assert len(app.success) == 9 and len(app.get("plotly_chart")) == 4


def test_a_link_opens_the_page_at_its_values_in_bits(open_page):
    app = open_page(PAGE, mgap="8", mscale="1", minit="2", mwrong="0.4", units="bits")
    assert not app.exception and app.slider(key="mgap").value == pytest.approx(8.0)
    shown = text(app)
    assert "At scale 1.00 the model is calibrated" in shown
    assert "MSE trains this classifier too, more slowly than cross-entropy" in shown
    loss_a = -np.log2([0.9, 0.9, 0.9, 0.4]).mean()
    assert f"Here model A has the lower loss ({loss_a:.3f} bits" in shown
    assert f"never falls below {math.log2(1 + 2 / math.e):.3f} bits" in shown


def test_equal_distributions_say_the_orders_agree_and_h_is_not_zero(open_page):
    app = open_page(PAGE, mp="0.5", mq="0.5")
    shown = text(app)
    assert "happen to agree, H(p, q) = H(q, p) = 0.693 nats" in shown and "H(p) = 0.693 nats, not 0" in shown
