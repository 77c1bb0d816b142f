"""Median full-page rerun of every page (what a sidebar setting or a navigation costs), as a ratio to an
empty Streamlit script's rerun timed in the same process.

Run: python benchmarks/bench_full_reruns.py [repeats]. The pages are found from the pages/ folder, not the
catalogue, so the same script can time an older checkout too (copy it there and run it from there): that is
how the before/after figures in the notes were taken. AppTest runs whole pages and ignores fragments.
Targets (issue 12): every lesson page <= 10x, Your data <= 15x.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAGES = ["app.py", *sorted(f"pages/{path.name}" for path in (ROOT / "pages").glob("*.py"))]


def median_rerun(app, repeats):
    """Median wall time of a rerun with nothing changed (after two warm-up runs)."""
    for _ in range(2):
        app.run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def empty_script(repeats):
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write("import streamlit as st\n")
    app = AppTest.from_file(script.name, default_timeout=60)
    app.run()
    return median_rerun(app, repeats)


def page(path, repeats):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    if path != "app.py":
        app.switch_page(path)
        app.run()
    return median_rerun(app, repeats)


def main(repeats=9):
    baseline = empty_script(repeats)
    print(f"empty script rerun: {baseline * 1000:.1f} ms (baseline, 1.0x)")
    for path in PAGES:
        seconds = page(path, repeats)
        print(f"{path:28s} {seconds * 1000:7.1f} ms  {seconds / baseline:5.1f}x the empty script")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
