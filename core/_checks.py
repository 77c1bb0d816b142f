"""Argument checks shared by the maths in core/, kept out of the formulas a learner reads.

Every check raises ValueError whose message starts with the argument's name.
"""

import math

import numpy as np

SUM_TOLERANCE = 1e-6
REDUCTIONS = ("none", "mean", "sum")


def as_array(values, name):
    """Convert to a float array, or raise ValueError naming the argument."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name}: expected numbers, got {values!r}") from error
    if array.size == 0:
        raise ValueError(f"{name}: expected at least one value, got an empty array")
    if np.isnan(array).any():
        raise ValueError(f"{name}: contains NaN")
    return array


def probabilities(values, name):
    """A float array whose entries all lie in [0, 1]."""
    array = as_array(values, name)
    outside = (array < 0) | (array > 1)
    if outside.any():
        raise ValueError(f"{name}: probabilities must lie in [0, 1], got {array[outside].flat[0]:g}")
    return array


def distribution(values, name, axis=-1):
    """Probabilities that sum to 1 along `axis` (within SUM_TOLERANCE)."""
    array = probabilities(values, name)
    axis = class_axis(axis, array.ndim)
    sums = array.sum(axis=axis)
    off = np.abs(sums - 1) > SUM_TOLERANCE
    if np.any(off):
        raise ValueError(
            f"{name}: probabilities must sum to 1, got a sum of {np.asarray(sums)[off].flat[0]:.6g}"
        )
    return array


def logits(values, name):
    """Real scores; -inf is allowed (probability 0), +inf is not."""
    array = as_array(values, name)
    if np.isposinf(array).any():
        raise ValueError(f"{name}: a logit of +inf has no probability; use a large finite value")
    return array


def finite(values, name):
    """A float array with no NaN and no infinity."""
    array = as_array(values, name)
    if not np.isfinite(array).all():
        raise ValueError(f"{name}: contains an infinity")
    return array


def one_dimensional(array, name, each):
    """`array` if it is 1-D, one value per `each` (e.g. 'logit per class'); otherwise ValueError."""
    if array.ndim != 1:
        raise ValueError(f"{name}: expected one {each} (a 1-D array), got shape {array.shape}")
    return array


def two_dimensional(array, name, each):
    """`array` if it is 2-D, one row per sample and one `each` per column; otherwise ValueError."""
    if array.ndim != 2:
        raise ValueError(
            f"{name}: expected one row per sample, one {each} per column (a 2-D array), got {array.shape}"
        )
    return array


def class_axis(axis, ndim):
    """The class axis as a non-negative index into an array of `ndim` dimensions."""
    if ndim == 0:
        raise ValueError("axis: a 0-d value has no class axis; pass one probability per class")
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)) or not -ndim <= axis < ndim:
        raise ValueError(f"axis: must be an integer in [{-ndim}, {ndim - 1}], got {axis!r}")
    return int(axis) % ndim


def same_shape(a, b, name_a, name_b):
    """Raise unless the two arrays have one shape (no broadcasting)."""
    if a.shape != b.shape:
        raise ValueError(f"{name_b}: shape {b.shape} does not match {name_a} shape {a.shape}")


def log_of_base(base):
    """ln(base), the divisor that turns nats into the requested unit."""
    if isinstance(base, bool) or not isinstance(base, (int, float, np.number)):
        raise ValueError(f"base: must be a number, got {base!r}")
    if not math.isfinite(base) or base <= 0 or base == 1:
        raise ValueError(f"base: must be finite, positive and not 1, got {base!r}")
    return math.log(base)


def number(value, name, low=-math.inf, high=math.inf, *, low_open=False, high_open=False):
    """A finite float in [low, high]; low_open / high_open leave out that end."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not math.isfinite(value):
        raise ValueError(f"{name}: must be a finite number, got {value!r}")
    too_low = value <= low if low_open else value < low
    too_high = value >= high if high_open else value > high
    if too_low or too_high:
        if math.isinf(high):
            span = f"{'>' if low_open else '>='} {low:g}"
        else:
            span = f"in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
        raise ValueError(f"{name}: must be {span}, got {value!r}")
    return float(value)


def whole(value, name, low, high=None):
    """A Python int in [low, high] (no upper end when high is None); floats and bools are refused."""
    out_of_range = (
        not isinstance(value, (int, np.integer)) or value < low or (high is not None and value > high)
    )
    if isinstance(value, bool) or out_of_range:
        span = f">= {low}" if high is None else f"in [{low}, {high}]"
        raise ValueError(f"{name}: must be a whole number {span}, got {value!r}")
    return int(value)


def temperature(value):
    """A finite temperature > 0."""
    return number(value, "temperature", 0, low_open=True)


def label_smoothing(value):
    """Label smoothing epsilon in [0, 1)."""
    return number(value, "label_smoothing", 0, 1, high_open=True)


def reduction(value):
    """One of 'none', 'mean', 'sum'."""
    if value not in REDUCTIONS:
        raise ValueError(f"reduction: must be one of {REDUCTIONS}, got {value!r}")
    return value


def class_weights(weight, n_classes, name="weight"):
    """Non-negative finite weights, one per class."""
    array = finite(weight, name)
    if array.shape != (n_classes,):
        raise ValueError(f"{name}: expected one weight per class, shape ({n_classes},), got {array.shape}")
    if (array < 0).any():
        raise ValueError(f"{name}: class weights must be >= 0")
    return array


def total_weight(sample_weights):
    """The sum of the samples' class weights, which a weighted mean divides by; it must be > 0."""
    total = sample_weights.sum()
    if total <= 0:
        raise ValueError("weight: every sample's true class has weight 0, so the weighted mean is undefined")
    return total


def class_indices(values, n_classes):
    """Integral class indices in [0, n_classes)."""
    array = as_array(values, "target")
    if not np.isfinite(array).all() or (array != np.round(array)).any():
        raise ValueError("target: class indices must be whole numbers")
    if ((array < 0) | (array >= n_classes)).any():
        raise ValueError(f"target: class index out of range [0, {n_classes - 1}]")
    return array.astype(int)


def class_labels(values, name, n_classes=None):
    """Whole class indices >= 0 (1-D) as ints, and the class count: n_classes if given, else max + 1."""
    array = one_dimensional(as_array(values, name), name, "class index per sample")
    if not np.isfinite(array).all() or (array != np.round(array)).any() or (array < 0).any():
        raise ValueError(f"{name}: class indices must be whole numbers >= 0")
    count = int(array.max()) + 1 if n_classes is None else whole(n_classes, "n_classes", 1)
    if array.max() >= count:
        raise ValueError(f"{name}: class index {array.max():g} is out of range for {count} classes")
    return array.astype(int), count


def reduce(losses, how):
    """Apply a 'none' / 'mean' / 'sum' reduction; mean and sum give a Python float."""
    if how == "none":
        return scalar_as_float(losses)
    return float(losses.sum() if how == "sum" else losses.mean())


def scalar_as_float(values):
    """A single number as a Python float (never np.float64); an array with any axes unchanged."""
    return float(values) if np.ndim(values) == 0 else values
