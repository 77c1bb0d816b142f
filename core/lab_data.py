"""The training lab's data sets, generated from a seed, and the split into training and test points."""

import numpy as np

from core import _checks
from core.training import SPREAD_AT_FULL_OVERLAP, SPREAD_AT_NO_OVERLAP, make_blobs

SHAPES = ("blobs", "xor", "moons")
SHAPE_LABELS = {"blobs": "Blobs", "xor": "XOR blobs", "moons": "Two moons"}
N_TRAIN, N_TEST = 120, 60  # the model trains on the first N_TRAIN points; the rest are held out
XOR_CENTRE = 1.5  # the four XOR blobs sit at (±1.5, ±1.5)


def _spread(overlap):
    """The noise's standard deviation: SPREAD_AT_NO_OVERLAP at overlap 0 up to SPREAD_AT_FULL_OVERLAP at 1."""
    overlap = _checks.number(overlap, "overlap", 0, 1)
    return SPREAD_AT_NO_OVERLAP + overlap * (SPREAD_AT_FULL_OVERLAP - SPREAD_AT_NO_OVERLAP)


def make_xor(n_points=N_TRAIN + N_TEST, overlap=0.5, seed=0):
    """Four blobs at (±c, ±c); y = 1 where the signs of the two centre coordinates differ (XOR).

    No straight line separates the classes: each class owns two opposite corners.

    Examples
    --------
    >>> X, y = make_xor(8, overlap=0.0)
    >>> y.tolist(), bool((np.sign(X[:, 0]) * np.sign(X[:, 1]) == np.where(y == 1, -1, 1)).all())
    ([0, 1, 1, 0, 0, 1, 1, 0], True)
    """
    n_points = _checks.whole(n_points, "n_points", 4)
    rng = np.random.default_rng(_checks.whole(seed, "seed", 0))
    corner = np.arange(n_points) % 4
    signs = np.array([[1, 1], [1, -1], [-1, 1], [-1, -1]])[corner]
    y = (signs[:, 0] != signs[:, 1]).astype(int)
    return XOR_CENTRE * signs + _spread(overlap) * rng.standard_normal((n_points, 2)), y


def make_moons(n_points=N_TRAIN + N_TEST, overlap=0.5, seed=0):
    """Two interleaved half circles, class 0 on (cos t, sin t) and class 1 on (1 - cos t, 1/2 - sin t).

    The points are centred and scaled by 1.5 so they fill the same box as the blobs.

    Examples
    --------
    >>> X, y = make_moons(4, overlap=0.0)
    >>> y.tolist(), X.shape
    ([0, 1, 0, 1], (4, 2))
    """
    n_points = _checks.whole(n_points, "n_points", 2)
    rng = np.random.default_rng(_checks.whole(seed, "seed", 0))
    y = np.arange(n_points) % 2
    t = np.pi * rng.random(n_points)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)])
    X = np.where(y[:, None] == 0, upper, lower) - [0.5, 0.25]
    # the moons are about half as wide as the blobs, so they get half the noise
    return 1.5 * X + _spread(overlap) / 2 * rng.standard_normal((n_points, 2)), y


def make_data(shape="blobs", n_classes=3, overlap=0.5, seed=0):
    """(X_train, y_train, X_test, y_test): N_TRAIN + N_TEST points of one shape, split without overlap.

    The points are drawn independently, so the last N_TEST are a fair held-out sample;
    blobs keep `n_classes` classes, XOR and moons always have 2.

    Examples
    --------
    >>> X, y, X_test, y_test = make_data("moons")
    >>> X.shape, X_test.shape, sorted(set(y_test.tolist()))
    ((120, 2), (60, 2), [0, 1])
    """
    if shape not in SHAPES:
        raise ValueError(f"shape: must be one of {SHAPES}, got {shape!r}")
    if shape == "blobs":
        X, y = make_blobs(N_TRAIN + N_TEST, n_classes=n_classes, overlap=overlap, seed=seed)
    else:
        X, y = (make_xor if shape == "xor" else make_moons)(N_TRAIN + N_TEST, overlap=overlap, seed=seed)
    return X[:N_TRAIN], y[:N_TRAIN], X[N_TRAIN:], y[N_TRAIN:]
