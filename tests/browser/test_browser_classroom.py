"""Browser: what a teacher projects (presenter mode at 1280x720) and the links they share."""

import math
from urllib.parse import urlsplit

import pytest
from helpers import SLIDER, screenshot, wait_until_drawn
from playwright.sync_api import expect

METRIC = '[data-testid="stMetricValue"]'


@pytest.mark.parametrize(
    "path, expected",
    [
        ("binary?q=0.1", f"{-math.log(0.1):.3f} nats"),
        ("multiclass?mode=probabilities&q0=0.7&q1=0.2&true=rabbit", f"{-math.log(0.1):.3f} nats"),
        ("ce-vs-mse?q=0.05", f"{-math.log(0.05):.3f} nats"),
    ],
)
def test_presenter_mode_on_a_projector(chromium, server_url, path, expected):
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    tab.goto(f"{server_url}/{path}&present=true")
    wait_until_drawn(tab)
    metric = tab.locator(METRIC).first
    expect(metric).to_have_text(expected)
    font_size = float(metric.evaluate("element => getComputedStyle(element).fontSize").removesuffix("px"))
    assert font_size >= 48, "metrics readable from the back of the room"
    expect(tab.locator('[data-testid="stMain"] [data-testid="stExpander"]').first).to_be_hidden()
    screenshot(tab, f"presenter-{path.split('?')[0]}", full_page=False)
    context.close()


def test_the_link_to_this_view_reopens_it(browser_page, server_url):
    tab = browser_page
    tab.goto(f"{server_url}/binary?units=bits")
    wait_until_drawn(tab)
    tab.locator(SLIDER).first.focus()
    tab.keyboard.press("ArrowLeft")
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log2(0.69):.3f} bits")
    tab.locator('[data-testid="stRadio"]', has_text="True label y").get_by_text("0", exact=True).click()
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log2(0.31):.3f} bits")
    sidebar = tab.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Link to this view").click()
    link = sidebar.locator('[data-testid="stCode"]').inner_text().strip()
    assert "/binary?" in link and "units=bits" in link and "q=0.69" in link and "y=0" in link
    expect(sidebar.locator('[data-testid="stImage"]')).to_be_visible()  # its QR code
    parts = urlsplit(link)
    tab.goto(f"{server_url}{parts.path}?{parts.query}")  # the test's server listens on loopback only
    wait_until_drawn(tab)
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log2(0.31):.3f} bits")


def test_the_home_demo_answers_a_key_press_and_keeps_it_in_the_address(browser_page, server_url):
    tab = browser_page
    tab.goto(server_url)
    wait_until_drawn(tab)
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log(0.7):.3f} nats")
    tab.locator(SLIDER).first.focus()
    tab.keyboard.press("ArrowRight")
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log(0.71):.3f} nats")
    tab.wait_for_function("() => location.search.includes('cat=0.71')")
    expect(tab.locator(".js-plotly-plot")).to_have_count(1)
    screenshot(tab, "home")


def test_an_open_link_box_follows_the_slider(browser_page, server_url):
    tab = browser_page
    tab.goto(f"{server_url}/binary?q=0.5")
    wait_until_drawn(tab)
    sidebar = tab.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Link to this view").click()
    expect(sidebar.locator('[data-testid="stCode"]')).to_contain_text("q=0.5")
    tab.locator(SLIDER).first.focus()
    tab.keyboard.press("ArrowRight")  # with the box open, the lesson runs as page code: one full rerun
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log(0.51):.3f} nats")
    expect(sidebar.locator('[data-testid="stCode"]')).to_contain_text("q=0.51")
