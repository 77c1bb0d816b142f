"""Browser: the first slider of the information, sequences, numerics and variants pages, moved by key.

Each test opens a page, moves its first slider with the keyboard, checks that the first number on the page
follows (against math, not core/), and saves a screenshot for a person to look at.
"""

import math

import pytest
from helpers import SLIDER, screenshot, wait_until_drawn
from playwright.sync_api import expect

METRIC = '[data-testid="stMetricValue"]'


def entropy(weights):
    total = sum(weights)
    return -sum(w / total * math.log(w / total) for w in weights if w > 0)


CASES = [
    # page, first metric before, key press on the first slider, first metric after, query in the address
    (
        "information",
        f"{entropy([4, 2, 1, 1]):.3f} nats",
        "ArrowRight",
        f"{entropy([4.5, 2, 1, 1]):.3f} nats",
        "ip0=4.5",
    ),
    (
        "sequences",
        f"{-sum(map(math.log, [0.1, 0.05, 0.2, 0.6, 0.8, 0.4])) / 6:.3f} nats",
        "ArrowRight",
        f"{-sum(map(math.log, [0.11, 0.05, 0.2, 0.6, 0.8, 0.4])) / 6:.3f} nats",
        "tok0=0.11",
    ),
    ("numerics", "∞ nats", "ArrowRight", f"{-math.log(1e-300):.3f} nats", "nq=1e-300"),  # opens on q = 0
    ("variants", f"{-math.log(0.7):.3f} nats", "ArrowRight", f"{-math.log(0.71):.3f} nats", "vq=0.71"),
]


@pytest.mark.parametrize(("page", "before", "key", "after", "query"), CASES, ids=[case[0] for case in CASES])
def test_moving_the_first_slider_updates_the_first_number(
    browser_page, server_url, page, before, key, after, query
):
    tab = browser_page
    tab.goto(f"{server_url}/{page}")
    wait_until_drawn(tab)
    expect(tab.locator(METRIC).first).to_have_text(before)
    tab.locator(SLIDER).first.focus()
    tab.keyboard.press(key)
    expect(tab.locator(METRIC).first).to_have_text(after)
    assert query in tab.url, "the new value is in the shareable address"
    expect(tab.locator('[data-testid="stException"]')).to_have_count(0)
    assert tab.locator(".js-plotly-plot").count() >= 1
    wait_until_drawn(tab)
    screenshot(tab, page)
