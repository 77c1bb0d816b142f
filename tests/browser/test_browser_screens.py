"""Browser: every screen (ui/screen.py).

- A phone by touch (390×844): the training lab's curve panels are the whole width; its chart, and each
  misconception's answer, lie within one screen of the first slider that moves them; a real swipe over each
  lesson's first chart scrolls the page; no table, chart title or metric is cut on the right; tap targets are
  at least 44 px; a radio's caption selects its option.
- On a phone, Next opens the next lesson at its top (a race: six taps).
- At 900, 1024 and 1280 px, no metric or button label ends in "…" (text-overflow: ellipsis, cut).
- axe-core, the standard accessibility engine, finds no WCAG 2.1 A or AA violation on any page, in the light
  theme (at 900 px) and the dark one (at 1024 px).

To stay lean, each test loads every page once in one browser context and collects every failure.
"""

import re

import pytest
from helpers import PHONE_USER_AGENT, load, wait_until_drawn
from playwright.sync_api import expect

from catalogue import COURSE, PAGES

LESSONS = [entry for entry in PAGES if entry.slug in COURSE]
MAIN = '[data-testid="stMain"]'

SCROLLED = (
    "() => document.scrollingElement.scrollTop"
    " + (document.querySelector('[data-testid=\"stMain\"]') || {scrollTop: 0}).scrollTop"
)

# Elements cut on the right: past the window (unless inside a box that scrolls sideways), a chart title past
# its chart, a metric's number past its own box.
CUT_ON_THE_RIGHT = """() => {
  const width = document.documentElement.clientWidth, cut = [];
  const scrollsSideways = e => {
    for (let a = e.parentElement; a; a = a.parentElement) {
      const overflow = getComputedStyle(a).overflowX;
      if ((overflow === 'auto' || overflow === 'scroll') && a.scrollWidth > a.clientWidth) return true;
    }
    return false;
  };
  const main = '[data-testid="stMain"] ';
  for (const e of document.querySelectorAll(main + 'table, ' + main + '.gtitle, [data-testid="stMetric"]')) {
    const box = e.getBoundingClientRect();
    if (box.width && box.right > width + 1 && !scrollsSideways(e)) cut.push(e.textContent.slice(0, 40));
    if (e.classList.contains('gtitle') && box.right > e.closest('svg').getBoundingClientRect().right + 1)
      cut.push('chart title ' + e.textContent.slice(0, 40));
  }
  for (const e of document.querySelectorAll('[data-testid="stMetricValue"]'))
    if (e.scrollWidth > e.clientWidth + 1) cut.push('metric ' + e.textContent);
  return cut;
}"""

TAP_TARGETS = ", ".join(
    f'[data-testid="stMain"] {target}'
    for target in (
        '[data-testid="stRadioGroup"] > div',  # an option and its caption, which selects it too
        '[data-testid="stButton"] button',
        '[data-testid="stPageLink-NavLink"]',
        '[data-testid="stCheckbox"] label',
    )
)
SMALL_TAP_TARGETS = """targets => {
  return [...document.querySelectorAll(targets)]
    .filter(e => e.getBoundingClientRect().height && e.getBoundingClientRect().height < 44)
    .map(e => `${e.textContent.slice(0, 30)} (${Math.round(e.getBoundingClientRect().height)} px)`);
}"""

# Text cut with "…", or running out of its box: a label's text is wider than the label.
ELLIPSES = """() => [...document.querySelectorAll('[data-testid="stMain"] *')]
  .filter(e => (getComputedStyle(e).textOverflow === 'ellipsis' || e.matches('.stMarkdownEllipsis'))
    && e.scrollWidth > e.clientWidth + 1 && e.textContent.trim())
  .map(e => e.textContent.slice(0, 40))"""

# WCAG 2.1 A and AA, with two exceptions:
# - WCAG's contrast criteria (1.4.3, 1.4.11) exempt inactive user interface components: the greyed labels of
#   disabled controls (the training lab's, while its options do not apply) are left out.
# - scrollable-region-focusable: Chromium (130 and later) puts every box that scrolls in the Tab order by
#   itself ("keyboard-focusable scrollers"), so a wide formula, code block or table is reachable by keyboard;
#   axe's rule asks for a tabindex that only older browsers needed.
AXE_AUDIT = """async () => {
  const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
  const rules = {'scrollable-region-focusable': {enabled: false}};
  const result = await axe.run(document, {runOnly: {type: 'tag', values: wcag}, rules});
  const inactive = node => {
    const element = document.querySelector(node.target[0]);
    return element && element.closest('[disabled], [aria-disabled="true"]');
  };
  return result.violations
    .map(v => ({id: v.id, nodes: v.nodes.filter(n => !(v.id === 'color-contrast' && inactive(n)))}))
    .filter(v => v.nodes.length)
    .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.any[0] || {}).message)
      .join('; '));
}"""


def swipe_up(tab, x, y, distance=300):
    """A finger drawn up the screen from (x, y), as touch events through Chrome's DevTools protocol."""
    devtools = tab.context.new_cdp_session(tab)
    devtools.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        point = {"x": x, "y": y - distance * step / 10}
        devtools.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
        tab.wait_for_timeout(16)
    devtools.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    tab.wait_for_timeout(600)
    devtools.detach()


# Each plot area of the training lab's figure (plotly.js's laid-out axes), in px: [width, height].
TRAINING_PANELS = """() => {
  const full = document.querySelector('.js-plotly-plot')._fullLayout;
  return ['', '2', '3', '4', '5'].map(s => [full['xaxis' + s]._length, full['yaxis' + s]._length]);
}"""

# How far below the page's first slider (in px) its first chart starts.
FIRST_CHART = """() => {
  const top = selector => document.querySelector(selector).getBoundingClientRect().top;
  return top('.js-plotly-plot') - top('[data-testid="stSlider"]');
}"""
# How far below each misconception's first slider its answer starts: the sentence under its sliders (and
# under its chart, when it has one).
MYTH_ANSWERS = """() => {
  const top = e => e.getBoundingClientRect().top, follows = (a, b) => a.compareDocumentPosition(b) & 4;
  const sliders = [...document.querySelectorAll('[data-testid="stSlider"], .cee-live-slider')];
  let previous = null;
  return [...document.querySelectorAll('[class*="st-key-myth_"]')]
    .filter(answer => /st-key-myth_\\w+_answer/.test(answer.className))
    .map(answer => {
      const first = sliders.find(s => follows(s, answer) && (!previous || follows(previous, s)));
      previous = answer;
      return [answer.textContent.slice(0, 30), Math.round(top(answer) - top(first))];
    });
}"""


def test_a_phone_by_touch(open_tab, server_url):
    tab = open_tab(width=390, height=844, has_touch=True, is_mobile=True, user_agent=PHONE_USER_AGENT)
    failures = []
    for entry in LESSONS:
        load(tab, f"{server_url}{entry.url}")
        if (
            entry.slug == "training"
        ):  # the curve panels full width under the maps; the race under the controls
            widths = [width for width, _ in tab.evaluate(TRAINING_PANELS)]
            if min(widths[:2]) < 120 or min(widths[2:]) < 260:  # were 130 and about 60 (issue 20)
                failures.append(f"/training: panels {widths} px wide (maps 120 and curves 260 at least)")
            if tab.evaluate(FIRST_CHART) > 844:
                failures.append(
                    f"/training: the chart starts {tab.evaluate(FIRST_CHART)} px below the first slider"
                )
        if entry.slug == "misconceptions":
            answers = tab.evaluate(MYTH_ANSWERS)
            failures += [
                f"/misconceptions: “{text}” {gap} px below its slider" for text, gap in answers if gap > 844
            ]
            if len(answers) != 9:
                failures.append(f"/misconceptions: {len(answers)} answers found, not 9")
        failures += [f"{entry.url}: cut on the right: {cut}" for cut in tab.evaluate(CUT_ON_THE_RIGHT)]
        small = tab.evaluate(SMALL_TAP_TARGETS, TAP_TARGETS)
        failures += [f"{entry.url}: tap target {target}" for target in small]
        chart = tab.locator(".js-plotly-plot").first
        chart.evaluate("e => e.scrollIntoView({block: 'center'})")
        tab.wait_for_timeout(300)
        box = chart.bounding_box()  # the finger starts in the middle of the chart's visible part
        top, bottom = max(box["y"], 0), min(box["y"] + box["height"], 844)
        before = tab.evaluate(SCROLLED)
        swipe_up(tab, box["x"] + box["width"] / 2, (top + bottom) / 2)
        moved = tab.evaluate(SCROLLED) - before
        if moved < 100:
            failures.append(f"{entry.url}: a swipe over the first chart scrolled the page {moved} px")
    assert not failures, "\n".join(failures)


def test_a_radio_caption_selects_its_option_by_touch(open_tab):
    tab = open_tab("/binary", width=390, height=844, has_touch=True, is_mobile=True)
    caption = tab.get_by_test_id("stRadioCaption").filter(has_text="not spam").first
    box = caption.bounding_box()  # a finger on the caption (the label lies over it and takes the tap)
    tab.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(caption.locator("xpath=..").locator("input")).to_be_checked()


@pytest.mark.parametrize(
    ("width", "scheme", "audit"),
    [(900, "light", True), (1024, "dark", True), (1280, "light", False)],
    ids=["900 px light", "1024 px dark", "1280 px"],
)
def test_no_label_is_cut_and_axe_finds_nothing(open_tab, server_url, axe_core, width, scheme, audit):
    tab = open_tab(width=width, height=900, color_scheme=scheme)
    failures = []
    for entry in PAGES:
        load(tab, f"{server_url}{entry.url}")
        failures += [f"{entry.url}: “{text}” is cut" for text in tab.evaluate(ELLIPSES)]
        if audit:
            tab.add_script_tag(path=axe_core)
            failures += [f"{entry.url} ({scheme}): {found}" for found in tab.evaluate(AXE_AUDIT)]
    assert not failures, "\n".join(failures)


def test_next_opens_the_lesson_at_its_top_on_a_phone(open_tab, server_url):
    """Before ui/top_on_arrival.js, 1 Next tap in 3 from the end of /information opened /sequences at its
    "Why" section: the new page streamed in before the old one was cleared, and kept its offset. A race, so
    the test taps six times (all six would pass without the fix about 1 time in 11)."""
    tab = open_tab(width=390, height=844, has_touch=True, is_mobile=True)
    for _ in range(6):
        load(tab, f"{server_url}/information")
        following = tab.locator(MAIN).get_by_role("link", name=re.compile(r"Next: "))
        following.scroll_into_view_if_needed()
        box = following.bounding_box()
        tab.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        tab.wait_for_url(re.compile(r"/sequences(\?|$)"))
        wait_until_drawn(tab)
        assert tab.evaluate(SCROLLED) == 0, "Next opened /sequences scrolled down"
        expect(tab.locator(MAIN).get_by_role("heading", level=1)).to_be_in_viewport()
