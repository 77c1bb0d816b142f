"""Where each class wins: the linear model's decision regions as exact polygons, and the box to draw them in.

The score of each class is linear in x, so each region is the plot's box cut by half-planes.
"""

import math

import numpy as np

from core import _checks


def plot_bounds(X, margin=0.5):
    """(x_min - margin, x_max + margin, y_min - margin, y_max + margin): a box around every point.

    Examples
    --------
    >>> plot_bounds([[0.0, 1.0], [2.0, 3.0]])
    (-0.5, 2.5, 0.5, 3.5)
    """
    X = _checks.finite(X, "X")
    margin = _checks.number(margin, "margin", 0, math.inf)
    low, high = X.min(axis=0) - margin, X.max(axis=0) + margin

    return float(low[0]), float(high[0]), float(low[1]), float(high[1])


def _step(step, run):
    """A step index in [0, run.steps]."""
    step = _checks.whole(step, "step", 0)
    if step > run.steps:
        raise ValueError(f"step: the run has steps 0..{run.steps}, got {step}")
    return step


def _bounds(bounds):
    """Four finite numbers (x_min, x_max, y_min, y_max) with min < max."""
    box = _checks.finite(bounds, "bounds")
    if box.shape != (4,) or box[0] >= box[1] or box[2] >= box[3]:
        raise ValueError(f"bounds: expected (x_min, x_max, y_min, y_max) with min < max, got {bounds!r}")
    return box


def _clip(polygon, normal, offset, strict):
    """The part of a convex polygon where x . normal + offset >= 0 (> 0 if strict), by Sutherland-Hodgman."""
    side = polygon @ normal + offset
    inside = side > 0 if strict else side >= 0
    kept = []
    for i in range(len(polygon)):
        if inside[i - 1] != inside[i]:  # the edge from vertex i-1 to vertex i crosses the line
            kept.append(
                polygon[i - 1] + (polygon[i] - polygon[i - 1]) * side[i - 1] / (side[i - 1] - side[i])
            )
        if inside[i]:
            kept.append(polygon[i])
    return np.array(kept).reshape(-1, 2)


def decision_regions(run, step, bounds):
    """region_k = {x in the box : (x W_t + b_t)_k >= (x W_t + b_t)_j for all j}: a convex polygon per class.

    Parameters
    ----------
    run : TrainingRun
    step : int
        Which step's weights to use, 0..run.steps.
    bounds : tuple of float
        The box (x_min, x_max, y_min, y_max), e.g. from `plot_bounds`.

    Returns
    -------
    list of numpy.ndarray
        For each class k, the corners of its region, shape (M, 2) in order
        around the polygon; shape (0, 2) when class k wins nowhere in the box.

    Notes
    -----
    Each score z_k is linear in x, so z_k >= z_j is a half-plane and the region
    is the box cut by K - 1 half-planes: an exact polygon with a handful of
    corners, far smaller than a grid of pixels. Ties go to the lower class,
    as ``argmax`` does.

    Examples
    --------
    >>> from core.training import make_blobs, train
    >>> run = train(*make_blobs(n_classes=2), steps=30)
    >>> top, bottom = decision_regions(run, 30, (-1, 1, -3, 3))
    >>> bool(top[:, 1].max() == 3), bool(bottom[:, 1].min() == -3)  # class 0's blob is on top
    (True, True)
    """
    step = _step(step, run)
    return linear_regions(run.weights[step], run.biases[step], bounds)


def linear_regions(W, b, bounds):
    """`decision_regions` for the linear model z = x W + b: one convex polygon per class."""
    x_min, x_max, y_min, y_max = _bounds(bounds)
    box = np.array([[x_min, y_min], [x_max, y_min], [x_max, y_max], [x_min, y_max]])

    regions = []
    for k in range(len(b)):
        region = box
        for j in range(len(b)):
            if j != k:  # keep z_k - z_j = x (W_k - W_j) + (b_k - b_j) >= 0
                region = _clip(region, W[:, k] - W[:, j], b[k] - b[j], strict=j < k)
        regions.append(region)
    return regions
