"""The binary lesson's data set: the loop (log terms, running sum, divide by N) agrees with sklearn, and the
one confident mistake dominates the average, as the page says."""

import math

import numpy as np
import pytest
from helpers import after_a_guess, markdown_tables
from sklearn.metrics import log_loss

from core.losses import binary_loss_steps
from lessons.binary_dataset import EMAILS, email_table, email_values

Y = np.array([email[1] for email in EMAILS])
Q = np.array([email[2] for email in EMAILS])


@pytest.mark.parametrize(("base", "unit"), [(math.e, "nats"), (2.0, "bits")])
def test_the_loop_gives_sklearns_log_loss(base, unit):
    steps = binary_loss_steps(Y, Q, base=base)
    expected = log_loss(Y, Q, labels=[0, 1]) / math.log(base)
    assert steps["mean"] == pytest.approx(expected, rel=1e-12)
    by_hand = [
        -(y * math.log(q) + (1 - y) * math.log(1 - q)) / math.log(base) for y, q in zip(Y, Q, strict=True)
    ]
    assert np.allclose(steps["losses"], by_hand)
    assert np.allclose(steps["running"], np.cumsum(by_hand))
    table = email_table(base=base, unit=unit)
    assert table[f"sum so far ({unit})"].iloc[-1] / len(EMAILS) == pytest.approx(expected)


def test_the_data_set_has_six_to_ten_emails_and_one_confident_mistake_dominates():
    assert 6 <= len(EMAILS) <= 10
    losses = [-math.log(q if y == 1 else 1 - q) for _, y, q in EMAILS]
    worst = int(np.argmax(losses))
    assert EMAILS[worst][1] == 0 and EMAILS[worst][2] >= 0.95, "a real email the filter is sure is spam"
    assert losses[worst] > sum(losses) / 2, "it alone is more than half the sum"
    values = email_values(base=math.e, unit="nats")
    assert values["worst_share"] == f"{100 * losses[worst] / sum(losses):.0f} %"
    assert values["mean"] == f"{sum(losses) / len(losses):.3f} nats"


@pytest.mark.parametrize("units", ["nats", "bits"])
def test_the_page_shows_the_steps_and_the_mean(open_page, units):
    app = after_a_guess(open_page("pages/binary.py", units=units), "binary")  # the data set waits for it
    assert not app.exception
    base = math.e if units == "nats" else 2.0
    mean = log_loss(Y, Q) / math.log(base)
    text = " ".join(element.value for element in app.markdown)
    assert "Divide by N" in text and f"**{mean:.3f} {units}**" in text
    assert any(f"{mean:.3f}" in element.value for element in app.latex)
    shown = markdown_tables(app)[0]
    assert shown["Email"].tolist() == [email[0] for email in EMAILS]
    assert shown[f"sum so far ({units})"].iloc[-1] == f"{mean * len(Y):.3f}"
