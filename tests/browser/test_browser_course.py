"""Browser: a student who only ever clicks Next walks from Home through every lesson, on a desktop and on a
phone; a checkpoint's wrong answer links back to the lesson's explanation."""

import re

import pytest
from helpers import screenshot, wait_until_drawn
from playwright.sync_api import expect

from catalogue import lessons

MAIN = '[data-testid="stMain"]'


@pytest.mark.parametrize("width", [1280, 390])
def test_home_to_the_last_lesson_by_the_next_links_alone(chromium, server_url, width):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    try:
        tab.goto(server_url)
        wait_until_drawn(tab)
        order = lessons()
        for index, entry in enumerate(order):
            expect(tab.locator(MAIN).get_by_role("heading", level=1)).to_contain_text(
                entry.heading or entry.title
            )
            assert tab.url.rstrip("/").endswith(entry.url.rstrip("/")) or (entry.slug == "" and index == 0)
            course = tab.locator(MAIN).get_by_role("link", name=re.compile(r"^(.*arrow_forward)?\s*Next: "))
            checkpoint = tab.locator(MAIN).get_by_text("Checkpoint", exact=True)
            expect(checkpoint).to_be_visible()
            if index + 1 == len(order):
                expect(course).to_have_count(0)
                expect(
                    tab.locator(MAIN).get_by_role("link", name=re.compile("test yourself"))
                ).to_be_visible()
                checkpoint.scroll_into_view_if_needed()
                tab.wait_for_timeout(300)
                screenshot(tab, f"course_{width}_{entry.lesson}_end", full_page=False)
                break
            expect(course).to_have_count(1)
            expect(course).to_contain_text(order[index + 1].title)
            course.scroll_into_view_if_needed()
            tab.wait_for_timeout(300)
            screenshot(tab, f"course_{width}_{entry.lesson}_end", full_page=False)
            course.click()
            tab.wait_for_url(re.compile(re.escape(order[index + 1].url) + r"(\?|$)"))
            wait_until_drawn(tab)
        expect(tab.locator('[data-testid="stException"]')).to_have_count(0)
    finally:
        context.close()


def test_a_wrong_checkpoint_answer_links_back_to_the_explanation(browser_page, server_url):
    tab = browser_page
    tab.goto(server_url)
    wait_until_drawn(tab)
    question = (
        tab.locator(MAIN)
        .get_by_role("radiogroup")
        .filter(has_text="The share of photos the model labels correctly")
    )
    question.get_by_text("The share of photos the model labels correctly.").click()
    expect(tab.get_by_text("Not quite.", exact=False)).to_be_visible()
    wait_until_drawn(tab)
    screenshot(tab, "course_checkpoint_wrong", full_page=False)
    tab.get_by_role("link", name="Read this lesson's explanation again").click()
    expect(
        tab.locator(MAIN).get_by_role("heading", name=re.compile(r"Why\? \(basic explanation\)"))
    ).to_be_in_viewport()
