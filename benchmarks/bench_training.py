"""The training lab's costs, each as a ratio to a baseline timed in the same process.

Run: python benchmarks/bench_training.py [repeats]

- A whole run (compare_runs: both losses, every step) at the default 120 points and at 10x the points,
  against one full-batch gradient of the same data: the unit of work a gradient-descent step repeats.
- Building the animated figure, against the run it draws.
- The bytes the page sends for the chart (the figure's JSON), against the data set itself as JSON.
- The page's rerun through AppTest, cached (a sidebar change) and uncached (a new seed), against an
  empty Streamlit script's rerun.
"""

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import plotly.io as pio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.training import compare_runs, gradients, initial_parameters, make_blobs  # noqa: E402
from core.training_charts import training_figure  # noqa: E402

DEFAULT_POINTS = 120
FIGURE_CASES = (  # points, steps, presenter
    (DEFAULT_POINTS, 200, False),
    (DEFAULT_POINTS, 1000, False),
    (10 * DEFAULT_POINTS, 200, False),
    (DEFAULT_POINTS, 200, True),
)


def median_seconds(work, repeats):
    """Median wall time of `work()`."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def one_gradient(X, y, repeats):
    """One full-batch gradient of the cross-entropy objective: one step's maths."""
    W, b = initial_parameters(3)
    return median_seconds(lambda: gradients(X, y, W, b), repeats * 20)


def run_costs(repeats):
    print("A whole run: both losses, 200 steps each, 402 gradients in all")
    default_run = None
    for points in (DEFAULT_POINTS, 10 * DEFAULT_POINTS):
        X, y = make_blobs(points)
        gradient = one_gradient(X, y, repeats)
        run = median_seconds(lambda X=X, y=y: compare_runs(X, y), repeats)
        default_run = default_run or run
        print(
            f"  {points:5d} points: {run * 1000:7.1f} ms = {run / gradient:6.0f}x one gradient "
            f"({gradient * 1e6:.0f} µs), {run / default_run:4.1f}x the default run"
        )


def figure_costs(repeats):
    print("The animated figure, and the bytes the page sends for it")
    for points, steps, presenter in FIGURE_CASES:
        X, y = make_blobs(points)
        runs = compare_runs(X, y, steps=steps)
        run = median_seconds(lambda X=X, y=y, steps=steps: compare_runs(X, y, steps=steps), repeats)
        build = median_seconds(
            lambda X=X, y=y, runs=runs, presenter=presenter: training_figure(X, y, runs, presenter=presenter),
            repeats,
        )
        figure = training_figure(X, y, runs, presenter=presenter)
        sent = len(pio.to_json(figure, validate=False))
        # what st.plotly_chart does with the cached figure on every rerun
        serialise = median_seconds(
            lambda figure=figure: pio.to_json(figure.to_dict(), validate=False), repeats
        )
        data = len(json.dumps({"x": X.round(3).tolist(), "y": y.tolist()}))
        label = f"{points} points, {steps} steps{', presenter' if presenter else ''}"
        print(
            f"  {label:30s} build {build * 1000:6.1f} ms = {build / run:4.1f}x the run; "
            f"sends {sent / 1000:6.1f} kB = {sent / data:4.1f}x the data set as JSON, "
            f"serialised per rerun in {serialise * 1000:4.1f} ms"
        )


def rerun_costs(repeats):
    from streamlit.testing.v1 import AppTest

    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write("import streamlit as st\n")
    empty = AppTest.from_file(script.name, default_timeout=60)
    empty.run()
    baseline = median_seconds(empty.run, repeats)

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("pages/training.py")
    app.run()
    depths = iter(["Medium", "Basic"] * repeats)
    cached = median_seconds(
        lambda: app.sidebar.radio(key="sidebar_depth").set_value(next(depths)).run(), repeats
    )
    seeds = iter(range(50, 50 + repeats))
    fresh = median_seconds(lambda: app.slider(key="seed").set_value(next(seeds)).run(), repeats)
    print(f"Page rerun (empty script: {baseline * 1000:.1f} ms)")
    print(
        f"  cached run, depth changed : {cached * 1000:7.1f} ms = {cached / baseline:5.1f}x the empty script"
    )
    print(f"  new seed, trains again    : {fresh * 1000:7.1f} ms = {fresh / baseline:5.1f}x the empty script")


def main(repeats=7):
    run_costs(repeats)
    figure_costs(repeats)
    rerun_costs(repeats)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
