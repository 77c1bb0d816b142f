"""Browser: the binary page in Chromium, as a student sees and uses it."""

import math

from conftest import screenshot, start_streamlit, stop, wait_until_drawn
from playwright.sync_api import expect

METRIC = '[data-testid="stMetricValue"]'


def test_deep_link_on_a_fresh_server_has_the_sidebar_and_settings(chromium):
    process, url = start_streamlit()  # its very first request is the deep link
    try:
        tab = chromium.new_page(viewport={"width": 1280, "height": 800})
        tab.goto(f"{url}/binary?p=0.9&y=1")
        wait_until_drawn(tab)
        sidebar = tab.locator('[data-testid="stSidebar"]')
        expect(sidebar.get_by_role("link", name="Home")).to_be_visible()
        expect(sidebar.get_by_role("link", name="Binary cross-entropy")).to_be_visible()
        expect(sidebar.get_by_text("Units")).to_be_visible()
        expect(sidebar.get_by_text("Explanation depth")).to_be_visible()
        expect(tab.locator(METRIC).first).to_have_text(f"{-math.log(0.9):.3f} nats")
        tab.close()
    finally:
        stop(process)


def test_moving_the_slider_with_the_keyboard_updates_the_loss(browser_page, server_url):
    tab = browser_page
    tab.goto(f"{server_url}/binary?p=0.9&y=1")
    wait_until_drawn(tab)
    expect(tab.locator(METRIC).first).to_have_text("0.105 nats")
    tab.locator('[data-testid="stSlider"] input[type="range"]').first.focus()
    tab.keyboard.press("ArrowLeft")
    tab.keyboard.press("ArrowLeft")
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log(0.88):.3f} nats")
    assert "p=0.88" in tab.url, "the new value is in the shareable address"
    expect(tab.locator(".js-plotly-plot")).to_have_count(2)
    wait_until_drawn(tab)
    screenshot(tab, "binary")


def test_a_hostile_link_shows_a_notice_not_a_traceback(browser_page, server_url):
    tab = browser_page
    tab.goto(f"{server_url}/binary?p=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&units=**bits**")
    wait_until_drawn(tab)
    expect(tab.get_by_text("is not usable here")).to_be_visible()
    expect(tab.locator('[data-testid="stException"]')).to_have_count(0)
    expect(tab.locator("img[src='x']")).to_have_count(0)
    expect(tab.get_by_text("<img src=x onerror=alert(1)>", exact=False)).to_be_visible()


def test_the_chart_table_and_the_code_open_when_asked_and_follow_the_slider(browser_page, server_url):
    tab = browser_page
    tab.goto(f"{server_url}/binary?p=0.9&y=1")
    wait_until_drawn(tab)
    main = tab.locator('[data-testid="stMain"]')
    expect(main.locator('[data-testid="stDataFrame"]')).to_have_count(0)  # built only when opened
    main.get_by_text("The chart as a table").first.click()
    expect(main.locator('[data-testid="stDataFrame"]')).to_have_count(1)
    main.get_by_text("Show the code").click()
    expect(main.locator('[data-testid="stCode"]')).to_contain_text("def binary_cross_entropy(")
    tab.locator('[data-testid="stSlider"] input[type="range"]').first.focus()
    tab.keyboard.press("ArrowLeft")
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log(0.89):.3f} nats")
    expect(main.locator('[data-testid="stDataFrame"]')).to_have_count(1)  # stays open across reruns
    expect(main.locator('[data-testid="stCode"]')).to_be_visible()
