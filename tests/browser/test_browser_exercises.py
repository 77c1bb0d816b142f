"""Browser: each problem sheet printed to A4 PDF in Chromium, as a teacher prints it: without its solutions on
at most two pages (a step revealed on screen stays off the paper), and with them every step on paper."""

import re

from helpers import load, wait_until_drawn
from playwright.sync_api import expect

import catalogue
from lessons.exercises import problem_sheet

MAX_PAGES = 2


def pages_of(pdf):
    """The number of pages in a PDF: its /Type /Page objects (not the /Pages tree)."""
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_each_sheet_prints_on_at_most_two_a4_pages_without_solutions_and_every_step_with_them(
    open_tab, server_url
):
    tab = open_tab()
    for lesson in catalogue.SHEETS:
        load(tab, f"{server_url}/exercises?exsheet={lesson}&exseed=999&units=bits")
        main = tab.locator('[data-testid="stMain"]')
        expect(main.get_by_text("(sheet 999, in bits)")).to_be_visible()
        expect(main.locator(".katex").first).to_be_visible()
        main.get_by_role("button", name="Solution: first step").first.click()
        expect(main.get_by_text("Step 1 of").first).to_be_visible()

        bare = tab.pdf(format="A4", print_background=True)
        assert 1 <= pages_of(bare) <= MAX_PAGES, f"{lesson}: {pages_of(bare)} A4 pages without solutions"
        tab.emulate_media(media="print")
        expect(tab.locator('[data-testid="stSidebar"]')).to_be_hidden()
        expect(tab.locator('[data-testid="stHeader"]')).to_be_hidden()
        expect(main.get_by_text("Step 1 of").first).to_be_hidden()  # revealed on screen, not on paper
        expect(main.get_by_text("Include solutions")).to_be_hidden()
        expect(main.get_by_text("(sheet 999, in bits)")).to_be_visible()
        tab.emulate_media(media="screen")

        main.get_by_text("Include solutions").click()
        wait_until_drawn(tab)
        steps = main.locator("strong", has_text=re.compile(r"^Step \d of \d\.$"))
        every = sum(len(exercise.steps) for exercise in problem_sheet(lesson, 999, "bits").exercises)
        expect(steps).to_have_count(every)
        solved = tab.pdf(format="A4", print_background=True)
        assert pages_of(solved) >= pages_of(bare), f"{lesson}: the solutions add to the sheet"
        tab.emulate_media(media="print")
        expect(steps.last).to_be_visible()
        tab.emulate_media(media="screen")
