"""Browser: the binary page in Chromium, as a student sees and uses it."""

import math

import pytest
from helpers import SLIDER, load, screenshot, start_streamlit, stop, wait_until_drawn
from playwright.sync_api import expect

METRIC = '[data-testid="stMetricValue"]'


def test_deep_link_on_a_fresh_server_has_the_sidebar_and_settings(chromium):
    process, url = start_streamlit()  # its very first request is the deep link
    try:
        tab = load(chromium.new_page(viewport={"width": 1280, "height": 800}), f"{url}/binary?q=0.9&y=1")
        sidebar = tab.locator('[data-testid="stSidebar"]')
        expect(sidebar.get_by_role("link", name="Home")).to_be_visible()
        expect(sidebar.get_by_role("link", name="Binary cross-entropy")).to_be_visible()
        expect(sidebar.get_by_text("Units")).to_be_visible()
        expect(sidebar.get_by_text("Explanation depth")).to_be_visible()
        expect(tab.locator(METRIC).first).to_have_text(f"{-math.log(0.9):.3f} nats")
        tab.close()
    finally:
        stop(process)


def test_moving_the_slider_with_the_keyboard_updates_the_loss(open_tab):
    tab = open_tab("/binary?q=0.9&y=1")
    expect(tab.locator(METRIC).first).to_have_text("0.105 nats")
    tab.locator(SLIDER).first.focus()
    tab.keyboard.press("ArrowLeft")
    tab.keyboard.press("ArrowLeft")
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log(0.88):.3f} nats")
    assert "q=0.88" in tab.url, "the new value is in the shareable address"
    expect(tab.locator(".js-plotly-plot")).to_have_count(1)  # Basic: the losses; the pushes come at Medium
    wait_until_drawn(tab)
    screenshot(tab, "binary")


def test_a_hostile_link_shows_a_notice_not_a_traceback(open_tab):
    tab = open_tab("/binary?q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&units=**bits**")
    expect(tab.get_by_text("is not usable here")).to_be_visible()
    expect(tab.locator('[data-testid="stException"]')).to_have_count(0)
    expect(tab.locator("img[src='x']")).to_have_count(0)
    expect(tab.get_by_text("<img src=x onerror=alert(1)>", exact=False)).to_be_visible()


def test_the_chart_table_and_the_code_open_when_asked_and_follow_the_slider(open_tab):
    tab = open_tab("/binary?q=0.9&y=1")
    main = tab.locator('[data-testid="stMain"]')
    expect(main.locator('[data-testid="stDataFrame"]')).to_have_count(0)  # built only when opened
    main.get_by_text("The chart as a table").first.click()
    expect(main.locator('[data-testid="stDataFrame"]')).to_have_count(1)
    main.get_by_text("Show the code").click()
    expect(main.locator('[data-testid="stCode"]')).to_contain_text("def binary_cross_entropy(")
    tab.locator(SLIDER).first.focus()
    tab.keyboard.press("ArrowLeft")
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log(0.89):.3f} nats")
    expect(main.locator('[data-testid="stDataFrame"]')).to_have_count(1)  # stays open across reruns
    expect(main.locator('[data-testid="stCode"]')).to_be_visible()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_each_depth_draws_cleanly_on_a_laptop_and_a_phone(open_tab, depth, width):
    tab = open_tab(f"/binary?q=0.1&y=1&units=bits&depth={depth}", width=width, height=900)
    main = tab.locator('[data-testid="stMain"]')
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log2(0.1):.3f} bits")
    expect(tab.locator(".js-plotly-plot")).to_have_count(1 if depth == "basic" else 2)
    expect(main.get_by_text("MSE (no unit)", exact=True)).to_have_count(1)  # the metric
    expect(main.get_by_text("MSE (no unit, own scale)", exact=True)).to_have_count(1)  # its own axis
    expect(tab.locator('[data-testid="stException"]')).to_have_count(0)
    text = main.inner_text()
    assert "NaN" not in text and "{{" not in text and "times the MSE" not in text
    if depth != "basic":
        expect(main.get_by_text("gradients are of the loss in nats", exact=False)).to_be_visible()
    screenshot(tab, f"binary-{depth}-{width}")
