"""Time parse + validate + per-sample losses of a 100,000-row, 10-class CSV against pandas.read_csv alone.

Run from the repository root:  python benchmarks/bench_csv.py
Target (issue 6): at most 3 times the bare read, and under 2 seconds.
The two are timed in alternation, in one process, so that a busy machine slows both alike.
"""

import io
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent.parent))

from content.datasets import parse_predictions
from lessons.data_losses import per_sample_losses

ROWS, CLASSES, RUNS = 100_000, 10, 9


def make_csv(rows=ROWS, classes=CLASSES, seed=0):
    """A multi-class predictions file as bytes: a label, then one softmax column per class (6 decimals)."""
    rng = np.random.default_rng(seed)
    names = [f"class_{k}" for k in range(classes)]
    logits = rng.normal(scale=2.0, size=(rows, classes))
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    table = pd.DataFrame(probabilities.round(6), columns=names)
    table.insert(0, "label", rng.choice(names, size=rows))
    return table.to_csv(index=False).encode("utf-8")


def bare_read(data):
    """The baseline: pandas.read_csv and nothing else."""
    return pd.read_csv(io.BytesIO(data))


def full_pipeline(data):
    """What the page does with an upload: parse, validate, and compute every sample's loss."""
    return per_sample_losses(parse_predictions(data, mode="multiclass"))


def seconds(function, data):
    """Wall time of one call."""
    start = time.perf_counter()
    function(data)
    return time.perf_counter() - start


def main():
    """Print the median time of each, and their ratio."""
    data = make_csv()
    bare_read(data), full_pipeline(data)  # warm up: imports, caches
    bare, full = [], []
    for _ in range(RUNS):
        bare.append(seconds(bare_read, data))
        full.append(seconds(full_pipeline, data))
    bare, full = statistics.median(bare), statistics.median(full)
    print(f"{ROWS:,} rows x {CLASSES} classes, {len(data) / 1e6:.1f} MB, median of {RUNS} alternating runs")
    print(f"pandas.read_csv alone:                {bare:.3f} s")
    print(f"parse + validate + per-sample losses: {full:.3f} s")
    print(f"ratio: {full / bare:.2f}x (target: at most 3x, and under 2 s)")


if __name__ == "__main__":
    main()
