"""Class mode in Chromium: one teacher at 1280 px and three phones at 390 px on one server."""

import re

import class_flow
from helpers import screenshot
from playwright.sync_api import expect

CHART = '[data-testid="stPlotlyChart"]'
COUNTS = "“about twice as big” 1, “about ten times as big” 0, “far more than ten times as big” 2."


def test_a_class_runs_from_join_to_reveal_on_three_phones(chromium, server_url):
    teacher = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    phones = [
        chromium.new_context(
            viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
        ).new_page()
        for _ in range(3)
    ]
    try:
        code = class_flow.start_class(teacher, server_url)
        class_flow.join_by_link(phones[0], server_url, code)
        class_flow.join_by_link(phones[1], server_url, code)
        class_flow.join_by_code(phones[2], server_url, code)
        for phone in phones:
            class_flow.expect_student_line(phone)
        expect(teacher.get_by_text(class_flow.PAGE_LINE)).to_be_visible()
        class_flow.ask(teacher)
        answers = (class_flow.RIGHT, class_flow.WRONG, class_flow.RIGHT)
        for phone, option in zip(phones, answers, strict=True):
            class_flow.answer(phone, option)
        class_flow.expect_count(teacher, 3)
        chart = teacher.locator(CHART)
        expect(chart).to_have_attribute(
            "aria-label", re.compile(re.escape(f"3 answers in all: {COUNTS} The right answer is not shown"))
        )
        screenshot(teacher, "class-teacher-answers")
        class_flow.reveal(teacher)
        expect(chart).to_have_attribute(
            "aria-label",
            re.compile(re.escape(f"{COUNTS} The right answer, marked ✓, is “{class_flow.RIGHT}”.")),
        )
        for phone, option in zip(phones, answers, strict=True):
            class_flow.expect_verdict(phone, option)
        screenshot(teacher, "class-teacher-revealed")
        screenshot(phones[1], "class-phone-verdict")
        _a_number_in_its_unit(teacher, phones)
    finally:
        for tab in (teacher, *phones):
            tab.context.close()


def _a_number_in_its_unit(teacher, phones):
    """A loss asked in nats: after the reveal each phone shows its own guess and the answer in nats, or the
    answer alone when it sent none, and no Send (review S2)."""
    class_flow.ask(teacher, "Plan: Sure and right")
    for phone, typed in zip(phones[:2], ("0.1", "0.5"), strict=True):
        phone.get_by_label("the loss, in nats").fill(typed, timeout=class_flow.POLL)
        phone.get_by_role("button", name="Send my answer").click()
        expect(phone.get_by_text(f"Your answer is in: {typed} nats.")).to_be_visible(timeout=class_flow.POLL)
    class_flow.expect_count(teacher, 2)
    teacher.get_by_role("button", name="Reveal").click()
    expect(teacher.locator(CHART)).to_have_count(1, timeout=class_flow.POLL)  # a rerun briefly shows two
    expect(teacher.locator(CHART)).to_have_attribute(
        "aria-label", re.compile(r"2 guesses in all: .*The answer, marked by a line, is 0\.105 nats\.$")
    )
    right = "the answer is 0.105 nats."
    expected = ("Right. You guessed 0.1 nats; " + right, "Not this time. You guessed 0.5 nats; " + right)
    for phone, verdict in zip(phones[:2], expected, strict=True):
        expect(phone.locator('[data-testid="stAlert"]', has_text=verdict)).to_be_visible(
            timeout=class_flow.POLL
        )
    expect(phones[2].get_by_text("You did not answer this one. The answer: 0.105 nats.")).to_be_visible()
    for phone in phones:
        expect(phone.get_by_text("The answer has been revealed")).to_be_visible()
        expect(phone.get_by_role("button", name="Send my answer")).to_have_count(0)
