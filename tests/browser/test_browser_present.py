"""Browser: the whole lesson plan as a teacher projects it, at 1920x1080 in presenter mode. Each step opens on
the plan's question with no answer on screen; Reveal (its key, V) shows the answer; every text the room
reads is at least 24 CSS px; the step's key chart and its number fit the first 1080 px."""

import math
import re
import time

import numpy as np
from helpers import screenshot, wait_until_drawn
from playwright.sync_api import expect

import catalogue
from content.plan import route

STEPS = route()
FLOOR = 24  # CSS px: readable from the back of a room at 1080p


def _defaults(slug, prefix, count):
    page = catalogue.page(slug)
    return np.array([page.param(f"{prefix}{i}").default_of(f"{prefix}{i}") for i in range(count)])


def _answers():
    """Per step: (the text that answers its question, the index of its key chart), computed here from the
    question's own numbers (or the page's defaults, where the step opens on them)."""
    logits = np.array([2.0, 1.0, 0.1])  # "the scores 2, 1 and 0.1"
    weather = _defaults("information", "ip", 4) / _defaults("information", "ip", 4).sum()
    words = _defaults("sequences", "tok", 6)
    return {
        "What is a loss?": (f"{-math.log(0.7):.3f} nats", 0),  # "gives 'cat' 70 %"
        "Sure and right": (f"{-math.log(0.9):.3f} nats", 0),  # "90 % sure ... and it is spam"
        "Sure and wrong": (f"{-math.log(1 - 0.98):.3f} nats", 0),  # "a genuine email ... gets 98 % spam"
        "From scores to probabilities": (f"{(np.exp(logits) / np.exp(logits).sum())[1]:.2f}", 0),
        "Why not squared error?": (f"{1 / (2 * 0.02 * 0.98):.1f}×", 1),  # "the true class 2 %"
        "The race": (r"cross-entropy \d+ \(rate", 0),  # the chart's title: the steps each loss took
        "The part no model removes": (f"{-(weather * np.log(weather)).sum():.3f} nats", 0),
        "Sentences": (f"{-np.log(words).mean():.3f} nats", 0),
        "What breaks on a computer": ("∞ nats", 0),
    }


# Where a text node matching the pattern `answer` sits (page px), or null; every text node smaller than
# FLOOR. A KaTeX formula counts by its own size: its sub- and superscripts are smaller by design.
FIND = """answer => { const main = document.querySelector('[data-testid="stMain"]');
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT); let found = null; const small = [];
  while (walker.nextNode()) { const node = walker.currentNode, text = node.textContent.trim();
    const box = node.parentElement.getBoundingClientRect(); if (!text || !box.width || !box.height) continue;
    const sized = node.parentElement.closest('.katex') || node.parentElement;
    const size = parseFloat(getComputedStyle(sized).fontSize);
    if (size < FLOOR) small.push(`${size}px ${text.slice(0, 30)}`);
    if (found === null && answer && new RegExp(answer).test(text)) found = box.bottom + scrollY; }
  return {found, small}; }""".replace("FLOOR", str(FLOOR))
CHART_BOTTOMS = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid=stPlotlyChart]')]
  .map(chart => chart.getBoundingClientRect().bottom + scrollY)"""


def test_the_plan_projected_asks_then_reveals_readably_on_one_screen(open_tab, server_url):
    answers = _answers()
    assert set(answers) == {step.title for step in STEPS}, "an answer for every step of the plan"
    tab = open_tab(None, width=1920, height=1080)
    report, started = [], time.perf_counter()
    for number, step in enumerate(STEPS, start=1):
        answer, key_chart = answers[step.title]
        tab.goto(f"{server_url}{step.page.url}?step={number}")
        tab.wait_for_selector(".st-key-plan_reveal")
        wait_until_drawn(tab)
        question = tab.locator(".st-key-plan_question")
        expect(question).to_contain_text(" ".join(step.ask.split()[:6]))
        pattern = answer if step.title == "The race" else re.escape(answer)
        before = tab.evaluate(FIND, pattern)
        assert before["found"] is None, f"step {number}: {answer!r} shows before Reveal"
        assert tab.locator('[data-testid="stMain"] [data-testid="stPlotlyChart"]').count() == 0, number
        assert not before["small"], f"step {number}, before Reveal: {before['small'][:5]}"
        tab.keyboard.press("v")  # the presenter's key for Reveal
        tab.wait_for_selector(".st-key-plan_reveal", state="detached")
        tab.wait_for_selector('[data-testid="stPlotlyChart"]')
        wait_until_drawn(tab)
        after = tab.evaluate(FIND, pattern)
        bottoms = tab.evaluate(CHART_BOTTOMS)
        report.append((number, after["found"], bottoms[key_chart]))
        assert after["found"] is not None, f"step {number}: {answer!r} missing after Reveal"
        assert not after["small"], f"step {number}: text under {FLOOR} px: {after['small'][:8]}"
        assert after["found"] <= 1080 and bottoms[key_chart] <= 1080, f"step {number}: below the fold"
        expect(tab.locator(".st-key-presenter_exit")).to_be_visible()
        screenshot(tab, f"present_step{number}", full_page=False)
    print(f"{time.perf_counter() - started:.0f} s; step, answer's bottom, key chart's bottom (px):", report)


def test_the_presenter_bars_buttons_take_a_mouse_click(open_tab, server_url):
    """Streamlit's header lies over the presenter bar at the top right; the mouse must reach Previous, Next
    and Leave presenter mode, as a clicker or a touch screen would (review 26-E, S2)."""
    tab = open_tab(None, width=1920, height=1080)
    tab.goto(f"{server_url}{STEPS[2].page.url}?step=3")
    tab.wait_for_selector(".st-key-plan_reveal")
    for key in ("plan_previous", "plan_next", "presenter_exit"):
        button = tab.locator(f".st-key-{key} button").first
        box = button.bounding_box()
        on_top = tab.evaluate(
            "([x, y, key]) => !!document.elementFromPoint(x, y).closest(`.st-key-${key}`)",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, key],
        )
        assert on_top, f"{key}: something covers the button"
    tab.locator(".st-key-plan_next button").click()  # a real mouse click at the button's centre
    tab.wait_for_function("() => new URLSearchParams(location.search).get('step') === '4'")
