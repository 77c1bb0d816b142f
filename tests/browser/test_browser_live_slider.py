"""Browser: the live slider (ui/live_slider.py) shows the loss while the pointer drags, before release.

A real pointer drag (mouse down on the thumb, moves, then up) on /binary at a laptop's and a phone's width:
the readout, aria-valuetext and the marker follow the pointer while the page's own metric and the link wait
for the release; on release the page reruns and agrees. The keyboard gives the same live readout.
"""

import math

import pytest
from helpers import LIVE_SLIDER
from playwright.sync_api import expect

METRIC = '[data-testid="stMetricValue"]'
SLOW = 30_000  # ms: a rerun on a loaded machine (CI runs two test processes on two cores)
THUMB = 16  # px: Chromium's range thumb; the value v of [0, 1] sits at THUMB / 2 + v (width - THUMB)


def readouts(tab):
    """{name: text} of the live readouts beside the slider, and the value it prints."""
    root = tab.locator(".cee-live-slider")
    pairs = root.evaluate(
        "e => [...e.querySelectorAll('.cee-live-readout')]"
        ".map(cell => [cell.firstChild.textContent.trim(), cell.querySelector('strong').textContent])"
    )
    return dict(pairs), root.locator("output").inner_text()


@pytest.mark.parametrize("width", [1280, 390])
def test_dragging_q_shows_the_loss_before_release(open_tab, width):
    tab = open_tab("/binary?q=0.6&y=1", width=width, height=900)
    slider = tab.locator(LIVE_SLIDER)
    slider.scroll_into_view_if_needed()
    assert slider.evaluate("e => getComputedStyle(e).touchAction") == "none", "a finger drags, not scrolls"
    dot = tab.locator(".cee-live-dot")
    dot_before = dot.evaluate("e => e.style.left")
    box = slider.bounding_box()
    at = lambda v: box["x"] + THUMB / 2 + v * (box["width"] - THUMB)  # noqa: E731
    middle = box["y"] + box["height"] / 2
    tab.mouse.move(at(0.6), middle)
    tab.mouse.down()
    tab.mouse.move(at(0.2), middle, steps=8)

    output = tab.locator(".cee-live-slider output")
    expect(output).not_to_have_text("0.60")  # the pointer is still down
    shown, q = readouts(tab)
    assert float(q) < 0.3
    assert shown["Cross-entropy"] == f"{-math.log(float(q)):.3f} nats"
    assert shown["MSE"] == f"{(float(q) - 1) ** 2:.3f}"
    aria = slider.get_attribute("aria-valuetext")
    assert aria.startswith(f"q = {q}: cross-entropy {shown['Cross-entropy']}")
    assert dot.evaluate("e => e.style.left") != dot_before, "the marker moved along the curve"
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log(0.6):.3f} nats")  # Python waits for release
    assert "q=0.6" in tab.url

    tab.mouse.up()
    expect(tab.locator(METRIC).first).to_have_text(shown["Cross-entropy"])
    tab.wait_for_function(f"() => location.search.includes('q={float(q)}')")  # the link spells 0.2, not 0.20
    assert output.inner_text() == q, "after the rerun the thumb stays where it was let go"


def answered(tab, metric, q):
    """Wait until every key press has been answered: the page's metric shows `metric`, the link's q is `q`
    (as str() spells the float: 0.0, 0.02, 1.0) and no rerun is running. A loaded machine can take seconds per
    rerun, so the wait is generous; the state awaited is the same."""
    expect(tab.locator(METRIC).first).to_have_text(metric, timeout=SLOW)
    tab.wait_for_function(f"() => new URLSearchParams(location.search).get('q') === '{q}'", timeout=SLOW)
    tab.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=SLOW)


def test_the_keyboard_gives_the_same_live_readout(open_tab):
    tab = open_tab("/binary?q=0.02&y=1&units=bits&depth=medium")
    # the first run has drawn the page (its metric), so no rerun redraws the slider under the keys
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log2(0.02):.3f} bits", timeout=SLOW)
    tab.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=SLOW)
    slider = tab.locator(LIVE_SLIDER)
    output = tab.locator(".cee-live-slider output")
    slider.focus()
    tab.keyboard.press("Home")
    expect(output).to_have_text("0.00")
    shown, q = readouts(tab)
    assert (
        q == "0.00"
        and shown["Cross-entropy"] == "∞ bits"
        and "∞ bits" in slider.get_attribute("aria-valuetext")
    )
    assert shown["CE ∂ℓ/∂z, of the loss in nats"] == "-1.000"
    answered(tab, "∞ bits", 0.0)
    # Each press is answered before the next. (Two presses in a row can leave the page on the first one's
    # numbers under load: Python reruns for both, but the browser sometimes keeps the first run's metric.)
    for q in (0.01, 0.02):
        tab.keyboard.press("ArrowRight")
        expect(output).to_have_text(f"{q:.2f}")
        assert readouts(tab)[0]["Cross-entropy"] == f"{-math.log2(q):.3f} bits"
        answered(tab, f"{-math.log2(q):.3f} bits", q)
        assert readouts(tab)[1] == f"{q:.2f}", "the answer left the thumb where the key put it"
    tab.keyboard.press("End")
    expect(output).to_have_text("1.00")
    assert readouts(tab)[0]["Cross-entropy"] == "0.000 bits"
    answered(tab, "0.000 bits", 1.0)
    assert readouts(tab)[1] == "1.00", "the answer left the thumb where the key put it"
