"""Median rerun time of each page after a slider change, as a ratio to an empty Streamlit script's rerun.

Run: python benchmarks/bench_reruns.py [repeats]. Both are timed in this process, through AppTest,
so the ratio cancels the machine's speed and AppTest's own overhead. Target: each page <= 6x.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# page: (slider key, two values to alternate between)
INTERACTIONS = {
    "app.py": ("cat", (0.3, 0.7)),
    "pages/binary.py": ("q", (0.3, 0.8)),
    "pages/multiclass.py": ("z0", (0.5, 1.5)),
    "pages/ce-vs-mse.py": ("q", (0.1, 0.6)),
    "pages/training.py": ("init", (1.0, 1.5)),  # both runs cached after the first two reruns
    "pages/information.py": ("iq0", (1.0, 3.0)),
    "pages/sequences.py": ("tok0", (0.1, 0.5)),
    "pages/numerics.py": ("nz", (100, 800)),
    "pages/variants.py": ("vq", (0.3, 0.8)),
}


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
