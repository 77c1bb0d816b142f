"""Browser: a device in dark mode gets the dark theme, and the lessons read on it.

Chromium emulates the device setting (prefers-color-scheme). Screenshots land in tests/screenshots/
(binary-dark.png, training-dark.png, binary-dark-presenter.png) for a person to look at.
"""

import math

import pytest
from helpers import luminance, screenshot
from playwright.sync_api import expect

METRIC = '[data-testid="stMetricValue"]'


def rgb_to_hex(css):
    """'rgb(14, 17, 23)' as '#0E1117'."""
    numbers = css[css.index("(") + 1 : css.index(")")].split(",")[:3]
    return "#" + "".join(f"{int(float(n)):02X}" for n in numbers)


def colours(tab, selector):
    """(background, text colour) of the first element matching selector, as '#RRGGBB'."""
    background, text = tab.locator(selector).first.evaluate(
        "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]"
    )
    return rgb_to_hex(background), rgb_to_hex(text)


@pytest.mark.parametrize(
    "mode, dark", [("dark", True), ("light", False)], ids=["dark device", "light device"]
)
def test_the_page_follows_the_devices_colour_scheme(open_tab, mode, dark):
    tab = open_tab("/binary?q=0.9&y=1", color_scheme=mode)
    background, text = colours(tab, '[data-testid="stApp"]')
    assert (luminance(background) < 0.02) == dark, background
    assert (luminance(text) > 0.8) == dark, text
    metric_text = colours(tab, METRIC)[1]
    assert (luminance(metric_text) > 0.8) == dark, "the numbers are light on dark, dark on light"


def test_binary_in_dark_mode_reads_and_works(open_tab):
    tab = open_tab("/binary?q=0.9&y=1", color_scheme="dark")
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log(0.9):.3f} nats")
    # Plotly draws on a transparent paper, so the chart sits on the dark page, with light tick labels.
    plot = tab.locator(".js-plotly-plot .main-svg").first
    paper = plot.evaluate("e => getComputedStyle(e).backgroundColor")
    assert paper in ("rgba(0, 0, 0, 0)", "transparent") or luminance(rgb_to_hex(paper)) < 0.02, paper
    tick = tab.locator(".js-plotly-plot .xtick text").first.evaluate("e => getComputedStyle(e).fill")
    assert luminance(rgb_to_hex(tick)) > 0.3, f"axis numbers {tick} read on the dark page"
    screenshot(tab, "binary-dark")


def test_presenter_mode_in_dark_mode(open_tab):
    tab = open_tab("/binary?q=0.2&y=1&present=true", color_scheme="dark")
    background, _ = colours(tab, '[data-testid="stApp"]')
    assert luminance(background) < 0.02
    metric_text = colours(tab, METRIC)[1]
    assert luminance(metric_text) > 0.8
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log(0.2):.3f} nats")
    screenshot(tab, "binary-dark-presenter", full_page=False)


def test_training_in_dark_mode(open_tab):
    tab = open_tab("/training", color_scheme="dark")
    expect(tab.locator(".js-plotly-plot").first).to_be_visible()
    background, _ = colours(tab, '[data-testid="stApp"]')
    assert luminance(background) < 0.02
    expect(tab.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(tab, "training-dark")
