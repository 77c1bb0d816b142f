"""Median rerun time of each page after a slider change, as a ratio to an empty Streamlit script's rerun.

Run: python benchmarks/bench_reruns.py [repeats]. Both are timed in this process, through AppTest,
so the ratio cancels the machine's speed and AppTest's own overhead. Target: each page <= 6x.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

from slider_pages import slider_pages
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# page file: (slider key, two values to alternate between), for every page with a slider (the catalogue).
# The training lab trains once per value; both runs are cached after the first two reruns.
INTERACTIONS = {page.path: press for page, press in slider_pages().items()}


def median_seconds(app, step, repeats):
    """Median wall time of `step(i)` followed by a rerun."""
    times = []
    for index in range(repeats):
        step(index)
        start = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def empty_script_rerun(repeats):
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write("import streamlit as st\n")
    app = AppTest.from_file(script.name, default_timeout=60)
    app.run()
    return median_seconds(app, lambda index: None, repeats)


def page_rerun(page, repeats):
    key, values = INTERACTIONS[page]
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    if page != "app.py":
        app.switch_page(page)
        app.run()
    slider = lambda index: app.slider(key=key).set_value(values[index % 2])  # noqa: E731
    return median_seconds(app, slider, repeats)


def main(repeats=15):
    baseline = empty_script_rerun(repeats)
    print(f"empty script rerun: {baseline * 1000:.1f} ms (baseline, 1.0x)")
    for page in INTERACTIONS:
        seconds = page_rerun(page, repeats)
        print(f"{page:28s} {seconds * 1000:7.1f} ms  {seconds / baseline:5.1f}x the empty script")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
