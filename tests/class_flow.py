"""A class in Chromium, step by step, for the browser test and the HAProxy test: a teacher's tab starts
a class and asks, phones join, answer and read their verdicts."""

import re

from helpers import wait_until_drawn
from playwright.sync_api import expect

QUESTION = "Plan: Sure and wrong"
RIGHT, WRONG = "far more than ten times as big", "about twice as big"
POLL = 10_000  # ms: a phone sees a change within about 2 s; a busy machine gets more


def start_class(tab, base):
    """Open /class, press Start a class; return the join code shown on the projector."""
    tab.goto(f"{base}/class")
    wait_until_drawn(tab)
    tab.get_by_role("button", name="Start a class").click()
    heading = tab.locator("h1", has_text="Code:")
    expect(heading).to_be_visible(timeout=POLL)
    return heading.inner_text().split()[-1]


STUDENT_LINE = "Answer on your phone; the answers appear on the projector."
PAGE_LINE = (
    "The class answers on their phones, and the projector shows what the class thinks, then the answer."
)


def join_by_link(tab, base, code):
    tab.goto(f"{base}/class?join={code}")
    wait_until_drawn(tab)
    expect(tab.get_by_text("Waiting for the teacher to ask a question…")).to_be_visible(timeout=POLL)


def expect_student_line(tab):
    """A phone opens with the student's own line, not the page's line for the teacher (review S3)."""
    expect(tab.get_by_text(STUDENT_LINE, exact=True)).to_be_visible(timeout=POLL)
    expect(tab.get_by_text(PAGE_LINE)).to_have_count(0)


def join_by_code(tab, base, code):
    tab.goto(f"{base}/class")
    wait_until_drawn(tab)
    tab.get_by_label("Class code").fill(code.lower())
    tab.get_by_role("button", name="Join").click()
    expect(tab.get_by_text("Waiting for the teacher to ask a question…")).to_be_visible(timeout=POLL)


def ask(tab, title=QUESTION):
    tab.get_by_label("Question to ask").click()
    tab.get_by_role("option", name=title).click()
    tab.get_by_role("button", name="Ask the class").click()


def answer(tab, option):
    """The phone shows the question by itself (no reload), then sends `option`."""
    tab.get_by_text(option, exact=True).click(timeout=POLL)
    tab.get_by_role("button", name="Send my answer").click()
    expect(tab.get_by_text("Your answer is in:")).to_be_visible(timeout=POLL)


def expect_count(tab, count):
    expect(tab.get_by_text(re.compile(rf"^{count} answers?$"))).to_be_visible(timeout=POLL)


def reveal(tab):
    tab.get_by_role("button", name="Reveal").click()
    expect(tab.get_by_text(re.compile(r"the right\s*answer is marked"))).to_be_visible(timeout=POLL)


def expect_verdict(tab, mine):
    """After the reveal the phone says so, shows its answer against the right one, and offers no Send."""
    verdict = "Right." if mine == RIGHT else "Not this time."
    alert = tab.locator('[data-testid="stAlert"]', has_text=verdict)
    expect(alert).to_contain_text(f"You answered {mine}; the answer is {RIGHT}.", timeout=POLL)
    expect(tab.get_by_text("The answer has been revealed")).to_be_visible()
    expect(tab.get_by_role("button", name="Send my answer")).to_have_count(0)
    expect(tab.get_by_text("until the reveal")).to_have_count(0)
    expect(tab.get_by_text("Open Binary cross-entropy", exact=True)).to_be_visible()
