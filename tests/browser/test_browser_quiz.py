"""Browser: the quiz (and the flashcards) in Chromium, answered the way a student would."""

import math
import re

from helpers import screenshot, wait_until_drawn
from playwright.sync_api import expect

METRIC = '[data-testid="stMetricValue"]'
FEEDBACK = re.compile(r"^(Right\.|Not quite\.)")


def test_answer_a_multiple_choice_question_and_see_feedback_and_score(open_tab):
    tab = open_tab("/quiz")
    expect(tab.locator(METRIC).first).to_have_text("0 / 0")
    answers = tab.get_by_role("radiogroup", name="Your answer")
    answers.locator('[data-testid="stRadioOption"]').first.click()
    wait_until_drawn(tab)
    tab.get_by_role("button", name="Check").click()
    expect(tab.get_by_text(FEEDBACK)).to_be_visible()
    expect(tab.locator(METRIC).first).to_have_text(re.compile(r"^[01] / 1$"))
    if tab.get_by_text("Have one more try").count():  # a wrong first try: the question stays open
        answers.locator('[data-testid="stRadioOption"]').nth(1).click()
        wait_until_drawn(tab)
        tab.get_by_role("button", name="Check").click()
        expect(tab.locator(METRIC).first).to_have_text("0 / 1")
    expect(tab.get_by_role("button", name="Next question")).to_be_visible()
    assert "score" not in tab.url.lower()
    wait_until_drawn(tab)
    screenshot(tab, "quiz")


def test_a_typed_numeric_answer_is_checked(open_tab):
    tab = open_tab("/quiz?qmode=Numeric&qkind=Uniform+guess")
    prompt = tab.get_by_text(re.compile(r"guesses 1/\d+ for each of")).inner_text()
    k = int(re.search(r"each of (\d+) classes", prompt).group(1))
    box = tab.get_by_label("Your answer (nats)")
    box.fill(f"{math.log(k):.2f}".replace(".", ","))
    box.press("Enter")
    expect(tab.get_by_text("Right.", exact=False).first).to_be_visible()
    expect(tab.locator(METRIC).first).to_have_text("1 / 1")
    solution = tab.locator('[data-testid="stAlert"]').filter(has_text="whatever the true class is")
    expect(solution.locator(".katex-html")).to_contain_text(f"{math.log(k):.3f}")
    wait_until_drawn(tab)
    screenshot(tab, "quiz_numeric")


def test_predict_then_reveal(open_tab):
    tab = open_tab("/quiz?qmode=Predict+then+reveal&units=bits")
    expect(tab.locator(".js-plotly-plot")).to_have_count(1)
    slider = tab.locator('[data-testid="stSlider"] input[type="range"]').first
    slider.focus()
    for _ in range(10):
        tab.keyboard.press("ArrowRight")
    wait_until_drawn(tab)
    tab.get_by_role("button", name="Reveal").click()
    expect(tab.get_by_text("You guessed 1.50 bits", exact=False)).to_be_visible()
    expect(tab.locator(METRIC).nth(2)).to_have_text(re.compile(r"^\d+\.\d{3} bits$"))
    wait_until_drawn(tab)
    screenshot(tab, "quiz_predict")


def test_flip_a_flashcard_and_sort_it(open_tab):
    tab = open_tab("/flashcards")
    expect(tab.get_by_role("heading", name="A teacher who grades confidence")).to_be_visible()
    tab.get_by_role("button", name="Flip").click()
    expect(tab.get_by_text("Students answer and say how sure they are", exact=False)).to_be_visible()
    wait_until_drawn(tab)
    screenshot(tab, "flashcards")
    tab.get_by_role("button", name="Again soon (after").click()
    expect(tab.get_by_role("heading", name="A cook tasting the soup")).to_be_visible()
    expect(tab.locator(METRIC).nth(2)).to_have_text("1")  # Known, Later, Again soon, Not sorted yet
    tab.locator('[data-testid="stRadio"]').get_by_text("Key term", exact=True).click()
    expect(tab.get_by_role("heading", name="Loss function")).to_be_visible()
    assert "fcgroup=Key+term" in tab.url or "fcgroup=Key%20term" in tab.url
