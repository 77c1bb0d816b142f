"""Browser update latency: a key press on a slider until the page shows the new number, in Chromium.

Run: python benchmarks/bench_browser.py [presses] [--before CHECKOUT] [--live-only]. The clock runs inside
the page, from the key press to the moment the watched metric's text changes, so it holds the whole round
trip: the browser, the websocket, the rerun and the redraw. The baseline, timed in the same run, is the same
press on benchmarks/baseline_app.py (a slider and a metric); each page is printed as a ratio to it.

Then the live sliders (ui/live_slider.py, issue 22), by a real pointer: each of 50 moves while the button is
down until the readout beside the slider shows the new number on screen (the next frame after it changed;
p95, target <= 50 ms), and each release until the page's metric shows the rerun's number (median, against
the baseline's key press: no slower). With --before, /binary's key press is also timed on another checkout
(e.g. `git archive main | tar -x -C /tmp/main`), as today's page. bench_live_load.py times the server side.
"""

import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from helpers import CHROMIUM_ARGS, LIVE_SLIDER, SLIDER, chromium_path, start_streamlit, stop  # noqa: E402
from slider_pages import slider_pages  # noqa: E402  (the catalogue's pages with a slider)

# URL paths of the pages whose first widget is a slider answered by the first metric (the catalogue). The
# training lab is left out: a press retrains both models, which bench_training.py measures.
PAGES = [page.slug for page in slider_pages(first_only=True) if page.slug != "training"]
ARM = """([metric]) => {
  const shown = () => document.querySelectorAll('[data-testid="stMetricValue"]')[metric].textContent;
  const before = shown();
  window.pressedAt = null;
  window.latency = null;
  const press = () => { window.pressedAt = performance.now(); };
  document.addEventListener('keydown', press, {capture: true, once: true});
  const watch = () => {
    const changed = window.pressedAt !== null && shown() !== before;
    if (changed) window.latency = performance.now() - window.pressedAt;
    else requestAnimationFrame(watch);
  };
  watch();
}"""
IDLE = """() => document.querySelector('[data-testid="stMetricValue"]')
  && !document.querySelector('[data-testid="stStatusWidget"]')
  && !document.querySelector('[data-testid="stSkeleton"]')"""


def latencies(browser, url, slider, metric, presses):
    """Milliseconds from each key press to the metric's new text."""
    tab = browser.new_page(viewport={"width": 1280, "height": 800})
    tab.goto(url)
    tab.wait_for_function(IDLE, timeout=90_000)
    times = []
    for press in range(presses):
        tab.locator(SLIDER).nth(slider).focus()
        tab.evaluate(ARM, [metric])
        tab.keyboard.press("ArrowRight" if press % 2 == 0 else "ArrowLeft")
        tab.wait_for_function("() => window.latency !== null", timeout=90_000)
        times.append(tab.evaluate("() => window.latency"))
        tab.wait_for_function(IDLE, timeout=90_000)
    tab.close()
    return times


LIVE_PAGES = [
    "binary",
    "",
    "variants",
    "multiclass",
]  # dragged: /binary's q, Home's cat, /variants' q_y, /multiclass's z(dog)
MOVES = 50
MOVE_ARM = """() => {
  const output = document.querySelector('.cee-live-slider output');
  window.moves = [];
  window.movedAt = null;
  document.addEventListener('pointermove', () => { window.movedAt = performance.now(); }, {capture: true});
  new MutationObserver(() => {
    const movedAt = window.movedAt;
    requestAnimationFrame(() => window.moves.push(performance.now() - movedAt));
  }).observe(output, {childList: true, characterData: true, subtree: true});
}"""
RELEASE_ARM = ARM.replace("'keydown', press", "'pointerup', press")


def drag_latencies(browser, url, releases, width=1280):
    """(ms from each pointer move to the readout's new number, ms from each release to the metric's)."""
    tab = browser.new_page(viewport={"width": width, "height": 900})
    tab.goto(url)
    tab.wait_for_function(IDLE, timeout=90_000)
    slider = tab.locator(LIVE_SLIDER).first  # a grid's first slider: /multiclass's logit of its first class
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    middle = box["y"] + box["height"] / 2
    at = lambda share: box["x"] + 8 + share * (box["width"] - 16)  # noqa: E731  (the thumb is 16 px wide)
    tab.evaluate(MOVE_ARM)
    tab.mouse.move(at(0.2), middle)
    tab.mouse.down()
    for move in range(MOVES):  # 50 moves over distinct grid points, one pointermove each
        tab.mouse.move(at(0.25 + 0.5 * move / MOVES), middle)
        tab.wait_for_function(f"() => window.moves.length > {move}", timeout=10_000)
    moves = tab.evaluate("() => window.moves")
    tab.mouse.up()
    tab.wait_for_function(IDLE, timeout=90_000)
    released = []
    for release in range(releases):
        tab.mouse.move(at(0.3 if release % 2 == 0 else 0.6), middle)
        tab.mouse.down()
        tab.mouse.move(at(0.4 if release % 2 == 0 else 0.5), middle, steps=3)
        tab.evaluate(RELEASE_ARM, [0])
        tab.mouse.up()
        tab.wait_for_function("() => window.latency !== null", timeout=90_000)
        released.append(tab.evaluate("() => window.latency"))
        tab.wait_for_function(IDLE, timeout=90_000)
    tab.close()
    return moves, released


def p95(values):
    return statistics.quantiles(values, n=20)[-1]


def main(presses=15, before=None, live_only=False):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        process, url = start_streamlit(ROOT / "benchmarks" / "baseline_app.py")
        try:
            baseline = statistics.median(latencies(browser, url, 0, 0, presses))
        finally:
            stop(process)
        print(f"baseline: slider + metric script: {baseline:.0f} ms from key press to new number (1.0x)")
        if before:
            process, url = start_streamlit(root=before)
            try:
                median = statistics.median(latencies(browser, f"{url}/binary", 0, 0, presses))
                print(f"/binary, before (st.slider, {before}): {median:.0f} ms  {median / baseline:.1f}x")
            finally:
                stop(process)
        process, url = start_streamlit()
        try:
            for path in [page for page in PAGES if page in LIVE_PAGES] if live_only else PAGES:
                median = statistics.median(latencies(browser, f"{url}/{path}", 0, 0, presses))
                print(f"/{path:12s} {median:6.0f} ms  {median / baseline:5.1f}x the baseline")
            print(f"live sliders, by pointer: {MOVES} moves while dragging, {presses} releases")
            for path in LIVE_PAGES:
                moves, released = drag_latencies(browser, f"{url}/{path}", presses)
                release, move = statistics.median(released), statistics.median(moves)
                print(
                    f"/{path:12s} move -> readout p95 {p95(moves):5.1f} ms (median {move:.1f}, "
                    f"max {max(moves):.1f})   release -> metric median {release:5.0f} ms,"
                    f" {release / baseline:.1f}x the baseline's key press"
                )
        finally:
            stop(process)
        browser.close()


if __name__ == "__main__":
    args = sys.argv[1:]
    before = args.pop(args.index("--before") + 1) if "--before" in args else None
    presses = int(next((arg for arg in args if arg.isdigit()), 15))
    main(presses, before=Path(before) if before else None, live_only="--live-only" in args)
