"""Browser: the misconceptions page and a derive-it panel in Chromium, at laptop and phone width."""

import math

import pytest
from helpers import screenshot, wait_until_drawn
from playwright.sync_api import expect


@pytest.mark.parametrize("width", [1280, 390])
def test_the_myths_show_their_counterexamples(open_tab, width):
    tab = open_tab("/misconceptions", width=width, height=900)
    main = tab.locator('[data-testid="stMain"]')
    expect(tab.locator('[data-testid="stException"]')).to_have_count(0)
    expect(main.get_by_text(f"below ln 10 = {math.log(10):.3f} nats", exact=False)).to_be_visible()
    expect(main.locator('[data-testid="stPlotlyChart"]')).to_have_count(4)
    screenshot(tab, f"misconceptions-{width}")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_derivation_reveals_its_steps_one_at_a_time(open_tab, width):
    tab = open_tab("/binary?depth=detailed", width=width, height=900)
    main = tab.locator('[data-testid="stMain"]')
    expect(main.get_by_text("Step 1 of 4.").first).to_be_visible()
    expect(main.get_by_text("Step 2 of 4.")).to_have_count(0)
    for _ in range(3):
        main.get_by_role("button", name="Next step").first.click()
        wait_until_drawn(tab)
    expect(main.get_by_text("∂ℓ/∂z = −0.300, the CE gradient", exact=False)).to_be_visible()
    expect(main.get_by_role("button", name="Next step").first).to_be_disabled()
    screenshot(tab, f"derivation-binary-{width}")
