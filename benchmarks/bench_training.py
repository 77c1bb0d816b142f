"""The training lab's costs, each as a ratio to an empty Streamlit script's rerun timed in the same run.

Run: python benchmarks/bench_training.py [repeats]

The machine may be shared, so only the ratios mean much: every time here is measured side by side
with the baseline, in one process.

- A retrain: the page rerun after a new seed (nothing cached), with the fair race on, for the linear
  model at the default size (target <= 60x) and for a hidden layer of 16 units (target <= 120x).
- A cached rerun: the page rerun after a depth change, which trains nothing (target <= 15x).
- The bytes the page sends for the chart (target <= 150 kB), and the core pieces behind a retrain.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.lab_data import make_data  # noqa: E402
from core.race import race  # noqa: E402
from lessons.race_text import headline  # noqa: E402
from lessons.training_figures import MAX_FRAMES, MAX_GRID_FRAMES, frame_steps, training_figure  # noqa: E402

TARGETS = {"linear retrain": 60, "hidden-layer retrain": 120, "cached rerun": 15}
FIGURE_BYTES = 150_000


def median_seconds(work, repeats):
    """Median wall time of `work()`."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def open_lab(**query):
    """The training page in AppTest, after its first run."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    app.switch_page("pages/training.py")
    app.run()
    return app


def paired(baseline, work, repeats):
    """(median of work, median of baseline), timed alternately so that both see the same load."""
    pairs = [(median_seconds(work, 1), median_seconds(baseline, 3)) for _ in range(repeats)]
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def page_costs(repeats):
    """Page reruns against the empty script, all in this one process, each paired with its baseline."""
    from streamlit.testing.v1 import AppTest

    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write("import streamlit as st\n")
    empty = AppTest.from_file(script.name, default_timeout=60)
    empty.run()

    seeds = iter(range(20, 20 + 1000))
    linear = open_lab()
    hidden = open_lab(hidden="true", width="16", data="Two moons", init="1")
    depths = iter(["Medium", "Basic"] * repeats * 4)
    cases = {
        "linear retrain": lambda: linear.slider(key="seed").set_value(next(seeds)).run(),
        "hidden-layer retrain": lambda: hidden.slider(key="seed").set_value(next(seeds)).run(),
        "cached rerun": lambda: linear.sidebar.radio(key="sidebar_depth").set_value(next(depths)).run(),
    }
    print("Page reruns, each against an empty script's rerun timed alternately with it")
    for name, work in cases.items():
        seconds, baseline = paired(empty.run, work, repeats)
        ratio = seconds / baseline
        verdict = "ok" if ratio <= TARGETS[name] else "OVER"
        target = f"target <= {TARGETS[name]}x, {verdict}"
        print(
            f"  {name:22s}: {seconds * 1000:7.1f} ms = {ratio:6.1f}x the empty script's "
            f"{baseline * 1000:.1f} ms ({target})"
        )
    print("Chart bytes the page sends")
    for label, query in (
        ("default (linear)", {}),
        ("hidden layer, 16 units", {"hidden": "true", "width": "16", "data": "Two moons", "init": "1"}),
        (
            "hidden layer, 32 units, 1000 steps",
            {"hidden": "true", "width": "32", "steps": "1000", "init": "1"},
        ),
        ("linear, 1000 steps, presenter", {"steps": "1000", "present": "true"}),
    ):
        sent = len(open_lab(**query).get("plotly_chart")[0].proto.spec)
        verdict = "ok" if sent <= FIGURE_BYTES else "OVER"
        print(f"  {label:36s}: {sent / 1000:6.1f} kB ({verdict})")


def core_costs(repeats):
    """What a retrain spends its time on: the batched race, then the figure."""
    print("Inside a retrain (fair race: 10 rates x 2 losses, 200 steps)")
    for label, shape, width in (("linear", "blobs", 0), ("hidden layer, 16 units", "moons", 16)):
        X, y, X_test, y_test = make_data(shape)
        keep = frame_steps(200, MAX_GRID_FRAMES if width else MAX_FRAMES)
        settings = {
            "width": width,
            "init_scale": 8.0 if width == 0 else 1.0,
            "test": (X_test, y_test),
            "keep": keep,
        }
        seconds = median_seconds(lambda X=X, y=y, settings=settings: race(X, y, **settings), repeats)
        result = race(X, y, **settings)
        runs, title = result.runs, headline(result)
        build = median_seconds(
            lambda X=X, y=y, runs=runs, title=title: training_figure(X, y, runs, title=title), repeats
        )
        print(f"  {label:24s}: race {seconds * 1000:6.1f} ms, figure {build * 1000:5.1f} ms")


def main(repeats=7):
    core_costs(repeats)
    page_costs(repeats)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
