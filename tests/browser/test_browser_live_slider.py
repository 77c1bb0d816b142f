"""Browser: the live slider (ui/live_slider.py) shows the loss while the pointer drags, before release.

A real pointer drag (mouse down on the thumb, moves, then up) on /binary at a laptop's and a phone's width:
the readout, aria-valuetext and the marker follow the pointer while the page's own metric and the link wait
for the release; on release the page reruns and agrees. The keyboard gives the same live readout.
"""

import math

import numpy as np
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


def test_quick_key_presses_leave_the_page_on_the_last_one(open_tab):
    """Two or three presses in a row, each sent before the page answered the one before: the page ends on
    the last press's numbers, never an interrupted run's (ui/one_at_a_time.js sends one value at a time)."""
    tab = open_tab("/binary?q=0.5&y=1&depth=detailed")
    answered(tab, f"{-math.log(0.5):.3f} nats", 0.5)
    slider = tab.locator(LIVE_SLIDER)
    slider.focus()
    q = 0.5
    gaps = ((2, 0), (2, 40), (2, 80), (2, 120), (3, 60), (2, 200), (2, 300), (2, 150), (2, 100), (2, 250))
    for presses, gap in gaps:
        for _ in range(presses):
            tab.keyboard.press("ArrowRight")
            tab.wait_for_timeout(gap)  # the next press lands while the page reruns for this one
        q = round(q + presses / 100, 2)
        answered(tab, f"{-math.log(q):.3f} nats", q)
        tab.wait_for_timeout(300)  # nothing late moves it back
        expect(tab.locator(METRIC).first).to_have_text(f"{-math.log(q):.3f} nats")
        assert readouts(tab)[1] == f"{q:.2f}"


# --- The grid of live sliders (ui/live_grid.py): /multiclass's logits, one slider per class ---


def softmax(z):
    e = np.exp(np.asarray(z, dtype=float) - np.max(z))
    return e / e.sum()


def grid_state(tab):
    """The grid's readouts {name: text}, its bars {class: share}, and each slider's printed value."""
    return tab.locator(".cee-live-grid").evaluate(
        """grid => ({
          readouts: Object.fromEntries([...grid.querySelectorAll('.cee-live-readout')]
            .map(cell => [cell.firstChild.textContent.trim(), cell.querySelector('strong').textContent])),
          bars: Object.fromEntries([...grid.querySelectorAll('.cee-live-bar')].map(row =>
            [row.querySelector('.cee-live-bar-name').textContent,
             row.querySelector('.cee-live-bar-share').textContent])),
          values: [...grid.querySelectorAll('output')].map(output => output.textContent),
        })"""
    )


def touch(cdp, kind, x=None, y=None):
    points = [] if x is None else [{"x": x, "y": y}]
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


@pytest.mark.parametrize("width", [1280, 390])
def test_dragging_a_class_logit_moves_the_loss_and_every_share_before_release(open_tab, width):
    phone = width == 390
    tab = open_tab("/multiclass", width=width, height=900, has_touch=phone, is_mobile=phone)
    before = f"{-math.log(softmax([2.0, 1.0, 0.1])[0]):.3f} nats"
    expect(tab.locator(METRIC).first).to_have_text(before)
    tab.wait_for_selector('[data-testid="stStatusWidget"]', state="detached")
    slider = tab.locator("#cee-live-z0")  # logit z · dog, 2.00 on [-10, 10]
    slider.scroll_into_view_if_needed()
    assert slider.evaluate("e => getComputedStyle(e).touchAction") == "none"
    box = slider.bounding_box()
    at = lambda v: box["x"] + THUMB / 2 + (v + 10) / 20 * (box["width"] - THUMB)  # noqa: E731
    middle = box["y"] + box["height"] / 2
    scrolled = tab.evaluate("() => scrollY")
    if phone:  # a finger: touch start on the thumb, moves, and (later) the end
        cdp = tab.context.new_cdp_session(tab)
        touch(cdp, "touchStart", at(2.0), middle)
        for step in range(1, 9):
            touch(cdp, "touchMove", at(2.0 - step * 0.5), middle)
    else:
        tab.mouse.move(at(2.0), middle)
        tab.mouse.down()
        tab.mouse.move(at(-2.0), middle, steps=8)

    output = tab.locator(".cee-live-grid output").first
    expect(output).not_to_have_text("2.00")  # still held down
    state = grid_state(tab)
    z_dog = float(state["values"][0])
    assert z_dog < 0
    q = softmax([z_dog, 1.0, 0.1])
    assert state["readouts"] == {"Cross-entropy": f"{-math.log(q[0]):.3f} nats"}
    names = ("dog", "cat", "rabbit")
    assert state["bars"] == {name: f"{share:.0%}" for name, share in zip(names, q, strict=True)}
    aria = slider.get_attribute("aria-valuetext")
    assert aria == f"{z_dog:.2f}: Cross-entropy {state['readouts']['Cross-entropy']}, dog {q[0]:.0%}"
    expect(tab.locator(METRIC).first).to_have_text(before)  # Python waits for the release
    assert "z0=" not in tab.url
    assert tab.evaluate("() => scrollY") == scrolled, "dragging does not scroll the page"

    if phone:
        touch(cdp, "touchEnd")
    else:
        tab.mouse.up()
    expect(tab.locator(METRIC).first).to_have_text(state["readouts"]["Cross-entropy"])
    tab.wait_for_function(f"() => location.search.includes('z0={z_dog}')")
    assert output.inner_text() == f"{z_dog:.2f}", "after the rerun the thumb stays where it was let go"


def test_the_keyboard_moves_a_grid_slider_with_its_readouts(open_tab):
    tab = open_tab("/multiclass?mode=probabilities&q0=0.5&q1=0.3&q2=0.2&units=bits")
    expect(tab.locator(METRIC).first).to_have_text("1.000 bits")
    tab.wait_for_selector('[data-testid="stStatusWidget"]', state="detached")
    slider = tab.locator("#cee-live-q1")  # weight · cat
    output = tab.locator(".cee-live-grid output").nth(1)
    slider.focus()
    tab.keyboard.press("Home")  # weight 0 for cat: dog 0.5 / 0.7
    expect(output).to_have_text("0.00")
    assert grid_state(tab)["bars"] == {"dog": "71%", "cat": "0%", "rabbit": "29%"}
    assert "cat 0%" in slider.get_attribute("aria-valuetext")
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log2(0.5 / 0.7):.3f} bits")
    tab.keyboard.press("PageUp")  # Chromium's PageUp: a tenth of the range, 10 grid steps
    expect(output).to_have_text("0.10")
    assert grid_state(tab)["readouts"]["Cross-entropy"] == f"{-math.log2(0.5 / 0.8):.3f} bits"
    tab.keyboard.press("End")
    expect(output).to_have_text("1.00")
    state = grid_state(tab)
    assert state["readouts"]["Cross-entropy"] == f"{-math.log2(0.5 / 1.7):.3f} bits"
    assert state["bars"]["cat"] == f"{1 / 1.7:.0%}"
    expect(tab.locator(METRIC).first).to_have_text(state["readouts"]["Cross-entropy"])
    tab.wait_for_function("() => location.search.includes('q1=1.0')")
    expect(output).to_have_text("1.00")


@pytest.mark.parametrize("width", [1280, 390])
def test_dragging_gamma_on_variants_shows_the_focal_loss_before_release(open_tab, width):
    """/variants' γ slider: focal loss at q_y = 0.5 follows the pointer; its metric waits for the release."""
    tab = open_tab("/variants?vq=0.5", width=width, height=900)
    root = tab.locator(".cee-live-slider").nth(1)
    slider = root.locator('input[type="range"]')
    expect(root.locator("label")).to_have_text("Focal loss: focusing exponent γ")
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    at = lambda v: box["x"] + THUMB / 2 + v * (box["width"] - THUMB)  # noqa: E731  (γ / 5)
    middle = box["y"] + box["height"] / 2
    focal = lambda gamma: f"{0.5**gamma * math.log(2):.3f} nats"  # noqa: E731  (1 − q)^γ · −ln q
    metric = tab.locator('[data-testid="stMetric"]', has_text="Focal, γ =").locator(METRIC)
    expect(metric).to_have_text(focal(2.0))
    tab.mouse.move(at(0.4), middle)
    tab.mouse.down()
    tab.mouse.move(at(0.1), middle, steps=8)

    output = root.locator("output")
    expect(output).not_to_have_text("2.0")  # the pointer is still down
    gamma = float(output.inner_text())
    assert gamma < 1
    shown = dict(
        root.evaluate(
            "e => [...e.querySelectorAll('.cee-live-readout')]"
            ".map(cell => [cell.firstChild.textContent.trim(), cell.querySelector('strong').textContent])"
        )
    )
    share = shown["Share kept, (1 − q(true class)) to the power γ"]
    assert shown["Focal"] == focal(gamma) and share == f"{0.5**gamma:.3f}"
    assert slider.get_attribute("aria-valuetext").startswith(f"γ = {gamma:.1f}: focal loss {focal(gamma)}")
    expect(metric).to_have_text(focal(2.0))  # Python waits for the release
    assert "vg=" not in tab.url

    tab.mouse.up()
    expect(
        tab.locator('[data-testid="stMetric"]', has_text=f"Focal, γ = {gamma:g}").locator(METRIC)
    ).to_have_text(focal(gamma))
    tab.wait_for_function(f"() => location.search.includes('vg={gamma}')")
