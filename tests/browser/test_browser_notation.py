"""Browser: the notation card in Chromium, on screen and printed to PDF as a student would print it."""

import math
import re

import pytest
from helpers import screenshot
from playwright.sync_api import expect


@pytest.mark.parametrize("width", [1280, 390])
def test_the_card_is_readable_on_a_laptop_and_a_phone(open_tab, width):
    tab = open_tab("/notation", width=width, height=900)
    main = tab.locator('[data-testid="stMain"]')
    expect(main.get_by_role("heading", name="Five worked numbers")).to_be_visible()
    expect(main.get_by_text(f"{-math.log(0.7):.3f} nats", exact=False).first).to_be_visible()
    expect(tab.locator('[data-testid="stException"]')).to_have_count(0)
    expect(main.locator(".katex").first).to_be_visible()
    screenshot(tab, f"notation-{width}")


def test_the_card_prints_on_one_page_without_the_app_around_it(open_tab):
    tab = open_tab("/notation?units=bits&depth=detailed")
    pdf = tab.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1, "one A4 page"
    tab.emulate_media(media="print")
    expect(tab.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(tab.locator('[data-testid="stHeader"]')).to_be_hidden()
    expect(tab.get_by_text("Five worked numbers")).to_be_visible()
    expect(tab.get_by_text("(detailed explanation)")).to_be_hidden()
    expect(tab.get_by_text(f"{-math.log2(0.7):.3f} bits", exact=False).first).to_be_visible()
