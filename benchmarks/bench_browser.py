"""Browser update latency: a key press on a slider until the page shows the new number, in Chromium.

Run: python benchmarks/bench_browser.py [presses]. The clock runs inside the page, from the key press to
the moment the watched metric's text changes, so it holds the whole round trip: the browser, the
websocket, the rerun and the redraw. The baseline, timed in the same run, is the same press on
benchmarks/baseline_app.py (a slider and a metric); each page is printed as a ratio to it.
"""

import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from helpers import CHROMIUM_ARGS, SLIDER, chromium_path, start_streamlit, stop  # noqa: E402
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
    tab.wait_for_function(IDLE, timeout=30_000)
    times = []
    for press in range(presses):
        tab.locator(SLIDER).nth(slider).focus()
        tab.evaluate(ARM, [metric])
        tab.keyboard.press("ArrowRight" if press % 2 == 0 else "ArrowLeft")
        tab.wait_for_function("() => window.latency !== null", timeout=30_000)
        times.append(tab.evaluate("() => window.latency"))
        tab.wait_for_function(IDLE, timeout=30_000)
    tab.close()
    return times


def main(presses=15):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        process, url = start_streamlit(ROOT / "benchmarks" / "baseline_app.py")
        try:
            baseline = statistics.median(latencies(browser, url, 0, 0, presses))
        finally:
            stop(process)
        print(f"baseline: slider + metric script: {baseline:.0f} ms from key press to new number (1.0x)")
        process, url = start_streamlit()
        try:
            for path in PAGES:
                median = statistics.median(latencies(browser, f"{url}/{path}", 0, 0, presses))
                print(f"/{path:12s} {median:6.0f} ms  {median / baseline:5.1f}x the baseline")
        finally:
            stop(process)
        browser.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
