"""AppTest: the cross-entropy vs MSE page shows -log q, (1 - q)^2 and their ratio for the chosen q."""

import math

import pytest
from conftest import metrics

from core.text import format_number

PAGE = "pages/ce-vs-mse.py"


@pytest.mark.parametrize("q", [0.02, 0.2, 0.5, 0.95])
def test_both_losses_and_their_ratio(open_page, q):
    app = open_page(PAGE)
    app.slider(key="q").set_value(q).run()
    shown = metrics(app)
    assert shown["Cross-entropy"] == f"{-math.log(q):.3f} nats"
    assert shown["MSE"] == f"{(1 - q) ** 2:.3f}"
    assert shown["Cross-entropy ÷ MSE"] == f"{-math.log(q) / (1 - q) ** 2:.1f}×"
    table = app.table[0].value  # the small table under the metrics
    assert table.iloc[1, 3] == format_number(2 * (q - 1) * q * (1 - q))
    assert table.iloc[0, 3] == format_number(q - 1)


def test_link_and_presets(open_page):
    app = open_page(PAGE, q="0.05", log="true", units="bits")
    assert metrics(app)["Cross-entropy"] == f"{-math.log2(0.05):.3f} bits"
    assert app.toggle(key="log").value is True
    app.button(key="preset_q = 0.95, sure and right").click().run()
    assert metrics(app)["Cross-entropy"] == f"{-math.log2(0.95):.3f} bits"


def test_edges_of_q(open_page):
    app = open_page(PAGE, q="0")
    assert metrics(app)["Cross-entropy"] == "∞ nats"
    assert metrics(app)["Cross-entropy ÷ MSE"] == "∞×"
    app.slider(key="q").set_value(1.0).run()
    assert metrics(app)["Cross-entropy"] == "0.000 nats"
    assert metrics(app)["Cross-entropy ÷ MSE"] == "undefined (NaN)×"
    assert not app.exception


@pytest.mark.parametrize("bad", ["2", "-1", "nan", "<i>q</i>"])
def test_bad_link_value(open_page, bad):
    app = open_page(PAGE, q=bad)
    assert not app.exception
    assert app.slider(key="q").value == pytest.approx(0.2)
    assert any("not usable" in warning.value for warning in app.warning)
