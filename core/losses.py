"""Loss functions, each with its gradient in the logits right below it: cross-entropy (multi-class and
binary) and mean squared error.

The gradients show why cross-entropy keeps learning when a model is confidently wrong, while mean squared
error through a sigmoid or softmax stalls.
"""

import math

import numpy as np

from core import _checks
from core.activations import log_sigmoid, log_softmax, sigmoid, softmax


def mass_times(mass, values):
    """mass * values, where zero mass adds 0 even against an infinite value (0 log 0 = 0)."""
    return np.multiply(mass, values, out=np.zeros(np.broadcast(mass, values).shape), where=mass != 0)


def safe_log(q):
    """Natural log where log(0) = -inf, without a RuntimeWarning."""
    with np.errstate(divide="ignore"):
        return np.log(q)


def log_predictions(predicted, from_logits, axis):
    """Check `predicted` and return log q with the class axis moved last."""
    if from_logits:
        q_log = log_softmax(_checks.logits(predicted, "predicted"), axis=axis)
    else:
        q_log = safe_log(_checks.distribution(predicted, "predicted", axis=axis))
    return np.moveaxis(q_log, _checks.class_axis(axis, q_log.ndim), -1)


def target_distribution(target, predicted_shape, axis):
    """Return the target as a distribution (class axis last) and the class indices, if given."""
    target = _checks.as_array(target, "target")
    axis = _checks.class_axis(axis, len(predicted_shape))
    n_classes = predicted_shape[axis]
    if target.shape == tuple(predicted_shape):
        return np.moveaxis(_checks.distribution(target, "target", axis=axis), axis, -1), None
    if target.shape == tuple(predicted_shape[:axis] + predicted_shape[axis + 1 :]):
        indices = _checks.class_indices(target, n_classes)
        return np.eye(n_classes)[indices], indices
    raise ValueError(
        f"target: shape {target.shape} fits neither a distribution {tuple(predicted_shape)} "
        f"nor class indices {tuple(predicted_shape[:axis] + predicted_shape[axis + 1 :])}"
    )


def _target_for(target, z):
    """The target as a distribution shaped like the logits z (class axis last)."""
    return target_distribution(target, z.shape, -1)[0]


def smooth_labels(target, label_smoothing):
    """(1 - eps) p + eps / K: move a share eps of the target's mass evenly onto all K classes.

    Parameters
    ----------
    target : array_like
        Distributions along the last axis.
    label_smoothing : float
        eps in [0, 1).

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> smooth_labels([1.0, 0.0, 0.0, 0.0], 0.1)
    array([0.925, 0.025, 0.025, 0.025])
    """
    eps = _checks.label_smoothing(label_smoothing)
    target = _checks.distribution(target, "target")
    return (1 - eps) * target + eps / target.shape[-1]


def cross_entropy_terms(target, predicted, *, label_smoothing=0.0, base=math.e):
    """The terms of H(p, q) = -sum_i p(i) log q(i): -p(i) log q(i) for each class i.

    Parameters
    ----------
    target, predicted : array_like
        Distributions of one shape, classes along the last axis.
    label_smoothing : float
        eps in [0, 1), applied to the target first.
    base : float
        e for nats, 2 for bits.

    Returns
    -------
    numpy.ndarray
        Shaped like `predicted`; its sum over classes is the cross-entropy.
        With a one-hot target every term but the true class's is 0.

    Examples
    --------
    >>> cross_entropy_terms([1, 0, 0], [0.8, 0.1, 0.1]).round(3)
    array([0.223, 0.   , 0.   ])
    """
    log_base = _checks.log_of_base(base)
    q = _checks.distribution(predicted, "predicted")
    p = smooth_labels(target, label_smoothing)
    _checks.same_shape(q, p, "predicted", "target")

    return mass_times(p, -safe_log(q)) / log_base


def cross_entropy(
    target,
    predicted,
    *,
    from_logits=False,
    axis=-1,
    reduction="mean",
    label_smoothing=0.0,
    weight=None,
    base=math.e,
):
    """H(p, q) = -sum_i p(i) log q(i), with p the target and q the prediction.

    Parameters
    ----------
    target : array_like
        Either a distribution with the shape of `predicted` (one-hot or soft
        labels), or class indices with that shape minus the class axis.
    predicted : array_like
        Probabilities, shape (K,) or (N, K); logits when `from_logits`.
    from_logits : bool
        Read `predicted` as logits and apply log-softmax (the stable way).
    axis : int
        The class axis.
    reduction : {'mean', 'sum', 'none'}
        'none' gives one loss per sample; 'mean' and 'sum' give a float.
    label_smoothing : float
        eps in [0, 1): the target becomes (1 - eps) p + eps / K.
    weight : array_like, optional
        One weight per class: each sample's loss is -sum_c w_c p_c log q_c.
        With class indices, 'mean' divides by sum_n w_{y_n}, as PyTorch does.
    base : float
        e for nats, 2 for bits.

    Returns
    -------
    float or numpy.ndarray
        The loss, >= 0; ``inf`` where the true class gets probability 0.

    Notes
    -----
    With a one-hot target only the true class survives the sum, so the loss
    is -log q(true class). 0 * log 0 counts as 0.

    Examples
    --------
    >>> round(cross_entropy([1, 0], [0.9, 0.1]), 3)
    0.105
    >>> round(cross_entropy([1, 0], [0.1, 0.9]), 3)
    2.303
    >>> round(cross_entropy([1, 0, 0], [0.8, 0.1, 0.1]), 3)
    0.223
    >>> cross_entropy([1, 0, 0], [1.0, 0.0, 0.0])
    0.0
    >>> round(cross_entropy(0, [0.1] * 10), 3)  # uniform guess: log 10
    2.303
    >>> cross_entropy(0, [0.0, 1.0])
    inf
    """
    log_base = _checks.log_of_base(base)
    _checks.reduction(reduction)
    log_q = log_predictions(predicted, from_logits, axis)
    p, indices = target_distribution(target, np.shape(predicted), axis)
    n_classes = log_q.shape[-1]
    p = smooth_labels(p, label_smoothing)
    w = np.ones(n_classes) if weight is None else _checks.class_weights(weight, n_classes)

    losses = mass_times(w * p, -log_q).sum(axis=-1) / log_base

    if reduction == "mean" and weight is not None and indices is not None:
        return float(losses.sum() / _checks.total_weight(w[indices]))
    return _checks.reduce(losses, reduction)


def cross_entropy_grad(target, logits):
    """d CE / d z = softmax(z) - p.

    Parameters
    ----------
    target : array_like
        A distribution shaped like `logits`, or class indices.
    logits : array_like
        Shape (K,) or (N, K).

    Returns
    -------
    numpy.ndarray
        Shaped like `logits`; each row sums to 0. Large when confidently wrong.

    Examples
    --------
    >>> cross_entropy_grad([1, 0], [0.0, 0.0])
    array([-0.5,  0.5])
    """
    z = _checks.logits(logits, "logits")
    p = _target_for(target, z)

    return softmax(z) - p


def binary_cross_entropy(y, q, *, from_logits=False, reduction="mean", base=math.e):
    """BCE = -(1/N) sum_n [ y_n log q_n + (1 - y_n) log(1 - q_n) ].

    Parameters
    ----------
    y : array_like
        True labels in [0, 1] (0/1, or soft labels).
    q : array_like
        Predicted probability of the positive class, same shape as `y`;
        logits z when `from_logits`, with q = sigmoid(z).
    from_logits : bool
        Read `q` as logits z, with log q = log sigmoid(z), log(1 - q) = log sigmoid(-z).
        Each term is then finite, so the loss is max(z, 0) - z y + log(1 + exp(-|z|)).
    reduction : {'mean', 'sum', 'none'}
        'none' gives one loss per sample; 'mean' and 'sum' give a float.
    base : float
        e for nats, 2 for bits.

    Returns
    -------
    float or numpy.ndarray
        The loss, >= 0; ``inf`` when a sure prediction (q = 0 or 1) is wrong.

    Examples
    --------
    >>> round(binary_cross_entropy(1, 0.9), 3)
    0.105
    >>> round(binary_cross_entropy([1, 0], [0.9, 0.2]), 4)
    0.1643
    >>> binary_cross_entropy(1, 0.0)
    inf
    >>> binary_cross_entropy(1, -1000.0, from_logits=True)
    1000.0
    """
    log_base = _checks.log_of_base(base)
    _checks.reduction(reduction)
    y = _checks.probabilities(y, "y")
    if from_logits:
        z = _checks.as_array(q, "q")
        log_q, log_not_q = log_sigmoid(z), log_sigmoid(-z)
    else:
        q = _checks.probabilities(q, "q")
        log_q, log_not_q = safe_log(q), safe_log(1 - q)
    _checks.same_shape(y, log_q, "y", "q")

    losses = (mass_times(y, -log_q) + mass_times(1 - y, -log_not_q)) / log_base

    return _checks.reduce(losses, reduction)


def binary_cross_entropy_grad(y, z):
    """d BCE / d z = sigmoid(z) - y.

    Examples
    --------
    >>> float(binary_cross_entropy_grad(1, 0.0))
    -0.5
    """
    y = _checks.probabilities(y, "y")
    z = _checks.as_array(z, "z")
    _checks.same_shape(y, z, "y", "z")

    return sigmoid(z) - y


def mse(target, predicted, *, reduction="mean"):
    """MSE = (1/n) sum_i (predicted_i - target_i)^2, over every element.

    Parameters
    ----------
    target, predicted : array_like
        Same shape, no broadcasting. For a class distribution, 'mean' averages
        over the K classes too, as ``torch.nn.functional.mse_loss`` does.
    reduction : {'mean', 'sum', 'none'}

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> round(mse([1, 0, 0], [0.8, 0.1, 0.1]), 4)
    0.02
    >>> mse(1.0, 0.0)
    1.0
    """
    _checks.reduction(reduction)
    target = _checks.finite(target, "target")
    predicted = _checks.finite(predicted, "predicted")
    _checks.same_shape(target, predicted, "target", "predicted")

    squared_errors = (predicted - target) ** 2

    return _checks.reduce(squared_errors, reduction)


def mse_grad(target, logits):
    """d MSE / d z_j = q_j (g_j - sum_i q_i g_i), with q = softmax(z) and g = 2 (q - p) / K.

    The loss is ``mse(p, softmax(z))`` averaged over the K classes, as `core.mse`
    computes it; g is its gradient in q, passed back through softmax's Jacobian.

    Examples
    --------
    >>> mse_grad([1, 0], [0.0, 0.0])
    array([-0.25,  0.25])
    """
    z = _checks.logits(logits, "logits")
    p = _target_for(target, z)
    q = softmax(z)
    g = 2 * (q - p) / q.shape[-1]

    return q * (g - (q * g).sum(axis=-1, keepdims=True))


def mse_push_share_when_unsure(n_classes):
    """|d MSE / d z| / |d H(p, q) / d z| = 2 / K^2 where q is uniform (every z equal), for any target p.

    There softmax's Jacobian is (I - 11^T / K) / K, and q - p sums to 0, so d MSE / d z
    = (I - 11^T / K)(2 (q - p) / K) / K = (2 / K^2)(q - p): 2 / K^2 times cross-entropy's q - p.
    """
    return 2 / n_classes**2


def top_share_count(losses, share=0.5):
    """The fewest samples, costliest first, whose loss_n add up to at least `share` of sum_n loss_n."""
    losses = np.sort(_checks.finite(losses, "losses").ravel())[::-1]
    running = np.cumsum(losses)
    reached = running >= share * running[-1]
    return int(np.argmax(reached) + 1)


def binary_mse_grad(y, z):
    """d (sigmoid(z) - y)^2 / d z = 2 (sigmoid(z) - y) sigmoid(z) (1 - sigmoid(z)).

    The factor sigmoid(z) (1 - sigmoid(z)) goes to 0 when the model is sure,
    right or wrong, so a confidently wrong model barely moves.

    Examples
    --------
    >>> float(binary_mse_grad(1, 0.0))
    -0.25
    >>> abs(float(binary_mse_grad(1, -10.0))) < 1e-4
    True
    """
    y = _checks.probabilities(y, "y")
    z = _checks.as_array(z, "z")
    _checks.same_shape(y, z, "y", "z")
    s = sigmoid(z)

    return 2 * (s - y) * s * (1 - s)


def binary_loss_steps(y, q, *, base=math.e):
    """A data set's binary cross-entropy as a loop: log terms, running sum, divide by N.

    term_n = y_n log q_n + (1 - y_n) log(1 - q_n);  loss_n = -term_n;  running_n = loss_1 + ... + loss_n;
    mean = running_N / N, which equals binary_cross_entropy(y, q).

    Examples
    --------
    >>> steps = binary_loss_steps([1, 0], [0.9, 0.2])
    >>> [round(float(value), 4) for value in steps["running"]], round(steps["mean"], 4)
    ([0.1054, 0.3285], 0.1643)
    """
    y = _checks.probabilities(y, "y")
    q = _checks.probabilities(q, "q")
    _checks.same_shape(y, q, "y", "q")
    terms = -binary_cross_entropy(y, q, reduction="none", base=base)
    running = np.cumsum(-terms)
    return {"terms": terms, "losses": -terms, "running": running, "mean": float(running[-1] / len(running))}
