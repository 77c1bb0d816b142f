"""Browser: every kind of control on a lesson works by keyboard alone (no mouse, no element.focus()).

From the top of /binary, Tab walks the page as a keyboard user does: to the presenter-mode toggle in the
sidebar (Space), then to the slider (arrow keys), then to a preset button (Enter). Each must be reached
within a bounded number of key presses, show a visible focus ring, and change what the page shows.
"""

import math

from helpers import wait_until_drawn
from playwright.sync_api import expect

METRIC = '[data-testid="stMetricValue"]'
MAX_TABS = 60  # /binary's sidebar has about 20 stops before the lesson; a bound, so a trap fails fast


def tab_to(tab, condition):
    """Press Tab until the focused element satisfies the JavaScript `condition(element)`; return it."""
    for _ in range(MAX_TABS):
        tab.keyboard.press("Tab")
        if tab.evaluate(f"() => ({condition})(document.activeElement)"):
            focused = tab.evaluate_handle("() => document.activeElement")
            assert focused.evaluate("e => e.matches(':focus-visible')"), "a keyboard user sees where focus is"
            return focused
    raise AssertionError(f"{MAX_TABS} presses of Tab never reached {condition}")


def test_a_toggle_a_slider_and_a_preset_work_by_keyboard_alone(browser_page, server_url):
    tab = browser_page
    tab.goto(f"{server_url}/binary?q=0.9&y=1")
    wait_until_drawn(tab)
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log(0.9):.3f} nats")

    toggle = tab_to(
        tab, "e => e.role === 'switch' && e.closest('label')?.innerText.includes('Presenter mode')"
    )
    assert toggle.evaluate("e => e.checked") is False
    tab.keyboard.press("Space")
    tab.wait_for_url("**present=true**")
    wait_until_drawn(tab)
    assert toggle.evaluate("e => e.checked") is True
    root_font = tab.evaluate("() => getComputedStyle(document.documentElement).fontSize")
    assert root_font == "24px", "presenter mode's larger text is on"

    tab_to(tab, "e => e.type === 'range' && e.closest('.cee-live-slider')")  # ui/live_slider.py
    tab.keyboard.press("ArrowLeft")
    tab.keyboard.press("ArrowLeft")
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log(0.88):.3f} nats")
    assert "q=0.88" in tab.url
    wait_until_drawn(tab)

    tab_to(tab, "e => e.tagName === 'BUTTON' && e.innerText.trim() === 'Sure, wrong'")
    tab.keyboard.press("Enter")
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log(0.1):.3f} nats")  # y = 1, p = 0.1
    expect(tab.locator('[data-testid="stException"]')).to_have_count(0)
