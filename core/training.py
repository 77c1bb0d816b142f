"""A tiny training lab: softmax regression on 2-D blobs, trained with cross-entropy and with MSE.

Both runs start from the same weights and take the same gradient-descent steps;
only the loss differs, so any gap between them is the loss's doing.
"""

import math
from dataclasses import dataclass

import numpy as np

from core import _checks
from core.activations import softmax
from core.losses import cross_entropy, cross_entropy_grad, mse, mse_grad

LOSSES = ("cross_entropy", "mse")
LOSS_LABELS = {"cross_entropy": "cross-entropy", "mse": "MSE"}
LOGIT_GRADIENTS = {"cross_entropy": cross_entropy_grad, "mse": mse_grad}
CLASS_COUNTS = (2, 3)
CENTRE_RADIUS = 2.0  # the class centres sit on a circle of this radius
SPREAD_AT_NO_OVERLAP, SPREAD_AT_FULL_OVERLAP = 0.1, 1.5  # standard deviation of each blob


@dataclass(frozen=True, eq=False)
class TrainingRun:
    """One gradient-descent run; every array has one entry per step, index 0 being the initial weights."""

    loss_name: str  # the training objective: 'cross_entropy' or 'mse'
    loss: np.ndarray  # (steps + 1,) the training objective
    cross_entropy: np.ndarray  # (steps + 1,) cross-entropy in nats, whatever the objective
    accuracy: np.ndarray  # (steps + 1,) fraction of points classified correctly
    grad_norm: np.ndarray  # (steps + 1,) length of the gradient of the objective in (W, b)
    weights: np.ndarray  # (steps + 1, 2, K)
    biases: np.ndarray  # (steps + 1, K)

    @property
    def steps(self):
        """The number of gradient-descent steps taken."""
        return len(self.loss) - 1


def _loss_name(loss):
    """One of LOSSES."""
    if loss not in LOSSES:
        raise ValueError(f"loss: must be one of {LOSSES}, got {loss!r}")
    return loss


def _data(X, y):
    """Points X of shape (N, 2) and whole-number labels y of shape (N,) with at least two classes."""
    X = _checks.finite(X, "X")
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X: expected points of shape (N, 2), got {X.shape}")
    labels = _checks.finite(y, "y")
    if labels.shape != (len(X),):
        raise ValueError(f"y: expected one label per point, shape ({len(X)},), got {labels.shape}")
    if (labels != np.round(labels)).any() or labels.min() < 0:
        raise ValueError("y: labels must be whole numbers >= 0")
    if labels.max() < 1:
        raise ValueError("y: needs at least two classes (labels 0 and 1)")
    return X, labels.astype(int)


def _parameters(weights, bias, n_classes):
    """Weights (..., 2, K) and bias (..., K) with matching leading axes and K > max label."""
    W = _checks.finite(weights, "weights")
    b = _checks.finite(bias, "bias")
    if W.ndim < 2 or W.shape[-2] != 2:
        raise ValueError(f"weights: expected shape (2, K) or (steps, 2, K), got {W.shape}")
    if W.shape[-1] < n_classes:
        raise ValueError(f"weights: {W.shape[-1]} columns cannot score {n_classes} classes")
    if b.shape != W.shape[:-2] + W.shape[-1:]:
        raise ValueError(f"bias: shape {b.shape} does not match weights shape {W.shape}")
    return W, b


def _checked(X, y, weights, bias):
    """Check a data set and a model together."""
    X, y = _data(X, y)
    W, b = _parameters(weights, bias, y.max() + 1)
    return X, y, W, b


def _logits(X, W, b):
    """z = x W + b for every point, for one model (2, K) or a stack of them (T, 2, K)."""
    return X @ W + b[..., None, :]


def _one_hot(y, n_classes):
    """onehot(y)_k = [y = k], the target distribution of each point."""
    return np.eye(n_classes)[y]


def _objective(X, Y, W, b, loss):
    """`objective` without the argument checks; Y holds the one-hot targets."""
    Z = _logits(X, W, b)
    P = np.broadcast_to(Y, Z.shape)

    if loss == "cross_entropy":
        return cross_entropy(P, Z, from_logits=True, reduction="none").mean(axis=-1)
    return mse(P, softmax(Z), reduction="none").mean(axis=(-2, -1))


def _gradients(X, Y, W, b, loss):
    """`gradients` without the argument checks; Y holds the one-hot targets."""
    Z = _logits(X, W, b)
    G = LOGIT_GRADIENTS[loss](np.broadcast_to(Y, Z.shape), Z)

    return X.T @ G / len(X), G.mean(axis=-2)


def make_blobs(n_points=120, n_classes=3, overlap=0.5, seed=0):
    """x_n = centre(y_n) + spread * noise_n, with y_n = n mod K and noise_n ~ N(0, I).

    Parameters
    ----------
    n_points : int
        N >= n_classes; the classes get equal shares (up to one point).
    n_classes : {2, 3}
        K. The centres sit evenly on a circle of radius ``CENTRE_RADIUS``.
    overlap : float
        In [0, 1]. The spread grows linearly from ``SPREAD_AT_NO_OVERLAP`` (well
        separated blobs) to ``SPREAD_AT_FULL_OVERLAP`` (blobs that run into each other).
    seed : int
        The same seed always gives the same points.

    Returns
    -------
    X : numpy.ndarray
        Shape (N, 2), the points.
    y : numpy.ndarray
        Shape (N,), integer class labels in [0, K).

    Examples
    --------
    >>> X, y = make_blobs(6, n_classes=2)
    >>> X.shape, y.tolist()
    ((6, 2), [0, 1, 0, 1, 0, 1])
    >>> bool((make_blobs(seed=1)[0] == make_blobs(seed=1)[0]).all())
    True
    """
    n_points = _checks.whole(n_points, "n_points", 1)
    if n_classes not in CLASS_COUNTS:
        raise ValueError(f"n_classes: must be one of {CLASS_COUNTS}, got {n_classes!r}")
    if n_points < n_classes:
        raise ValueError(f"n_points: needs at least one point per class ({n_classes}), got {n_points}")
    overlap = _checks.number(overlap, "overlap", 0, 1)
    rng = np.random.default_rng(_checks.whole(seed, "seed", 0))

    angles = np.pi / 2 + 2 * np.pi * np.arange(n_classes) / n_classes
    centres = CENTRE_RADIUS * np.column_stack([np.cos(angles), np.sin(angles)])
    spread = SPREAD_AT_NO_OVERLAP + overlap * (SPREAD_AT_FULL_OVERLAP - SPREAD_AT_NO_OVERLAP)
    y = np.arange(n_points) % n_classes

    return centres[y] + spread * rng.standard_normal((n_points, 2)), y


def objective(X, y, weights, bias, *, loss="cross_entropy"):
    """L(W, b) = mean_n loss(y_n, softmax(x_n W + b)).

    Parameters
    ----------
    X : array_like
        Points, shape (N, 2).
    y : array_like
        Class labels, shape (N,).
    weights, bias : array_like
        W of shape (2, K) and b of shape (K,); or stacks (T, 2, K) and (T, K),
        one model per step, to score a whole run at once.
    loss : {'cross_entropy', 'mse'}
        'cross_entropy' is ``core.cross_entropy`` from the logits (nats);
        'mse' is ``core.mse`` between the one-hot label and the softmax output,
        averaged over the K classes too.

    Returns
    -------
    float or numpy.ndarray
        One loss per model: a scalar for one model, shape (T,) for a stack.

    Examples
    --------
    >>> X, y = [[1.0, 0.0], [-1.0, 0.0]], [0, 1]
    >>> round(float(objective(X, y, np.zeros((2, 2)), np.zeros(2))), 4)  # a coin toss: log 2
    0.6931
    >>> round(float(objective(X, y, np.zeros((2, 2)), np.zeros(2), loss="mse")), 4)
    0.25
    """
    X, y, W, b = _checked(X, y, weights, bias)
    return _objective(X, _one_hot(y, W.shape[-1]), W, b, _loss_name(loss))


def gradients(X, y, weights, bias, *, loss="cross_entropy"):
    """dL/dW = X^T G / N and dL/db = mean_n G_n, where G_n = dloss_n / dz_n is the per-point logit gradient.

    Parameters
    ----------
    X, y, weights, bias, loss
        As for `objective`.

    Returns
    -------
    grad_weights : numpy.ndarray
        Shaped like `weights`.
    grad_bias : numpy.ndarray
        Shaped like `bias`.

    Notes
    -----
    G_n is ``core.cross_entropy_grad`` (softmax(z_n) - onehot(y_n)) or ``core.mse_grad``;
    the linear layer z = x W + b passes it back to W as x^T G and to b unchanged.
    With MSE, G_n carries a factor q(1 - q) that vanishes when the model is
    confidently wrong, so those points barely move the weights.

    Examples
    --------
    >>> X, y = [[1.0, 0.0], [-1.0, 0.0]], [0, 1]
    >>> grad_W, grad_b = gradients(X, y, np.zeros((2, 2)), np.zeros(2))
    >>> grad_W
    array([[-0.5,  0.5],
           [ 0. ,  0. ]])
    >>> grad_b
    array([0., 0.])
    """
    X, y, W, b = _checked(X, y, weights, bias)
    return _gradients(X, _one_hot(y, W.shape[-1]), W, b, _loss_name(loss))


def accuracy(X, y, weights, bias):
    """accuracy = mean_n [argmax_k (x_n W + b)_k = y_n].

    Parameters
    ----------
    X, y, weights, bias
        As for `objective`.

    Returns
    -------
    float or numpy.ndarray
        The fraction of points classified correctly, per model.

    Examples
    --------
    >>> float(accuracy([[1.0, 0.0], [-1.0, 0.0]], [0, 1], [[1.0, -1.0], [0.0, 0.0]], [0.0, 0.0]))
    1.0
    """
    X, y, W, b = _checked(X, y, weights, bias)

    return (_logits(X, W, b).argmax(axis=-1) == y).mean(axis=-1)


def initial_parameters(n_classes, *, init_scale=1.0, seed=0):
    """W, b ~ init_scale * N(0, 1), drawn from one seeded generator.

    Examples
    --------
    >>> W, b = initial_parameters(3)
    >>> W.shape, b.shape
    ((2, 3), (3,))
    >>> bool((initial_parameters(3, init_scale=5.0)[0] == 5 * W).all())  # same draw, scaled
    True
    """
    n_classes = _checks.whole(n_classes, "n_classes", 2)
    init_scale = _checks.number(init_scale, "init_scale", 0, math.inf)
    rng = np.random.default_rng(_checks.whole(seed, "seed", 0))

    return init_scale * rng.standard_normal((2, n_classes)), init_scale * rng.standard_normal(n_classes)


def train(X, y, *, loss="cross_entropy", learning_rate=0.5, steps=200, init_scale=1.0, seed=0):
    """W <- W - lr * dL/dW and b <- b - lr * dL/db, `steps` times, from seeded random weights.

    Parameters
    ----------
    X : array_like
        Points, shape (N, 2).
    y : array_like
        Class labels 0..K-1, shape (N,).
    loss : {'cross_entropy', 'mse'}
        The training objective L (see `objective`).
    learning_rate : float
        lr > 0, at most 100.
    steps : int
        Full-batch gradient-descent steps, >= 1.
    init_scale : float
        >= 0. Large initial weights make the model confidently wrong on many
        points at step 0, which is where MSE stalls.
    seed : int
        Seeds the initial weights; the same seed gives both losses the same start.

    Returns
    -------
    TrainingRun
        Loss, cross-entropy, accuracy and gradient norm per step, with the
        weights and biases that produced them.

    Examples
    --------
    >>> X, y = make_blobs(60, n_classes=2, overlap=0.2)
    >>> run = train(X, y, steps=50)
    >>> run.weights.shape, run.loss.shape
    ((51, 2, 2), (51,))
    >>> bool(run.loss[-1] < run.loss[0]), float(run.accuracy[-1])
    (True, 1.0)
    """
    X, y = _data(X, y)
    loss = _loss_name(loss)
    learning_rate = _checks.number(learning_rate, "learning_rate", 0, 100, low_open=True)
    steps = _checks.whole(steps, "steps", 1)
    W, b = initial_parameters(y.max() + 1, init_scale=init_scale, seed=seed)
    Y = _one_hot(y, W.shape[-1])

    weights, biases, grad_norms = [W], [b], []
    for step in range(steps + 1):
        grad_W, grad_b = _gradients(X, Y, W, b, loss)
        grad_norms.append(math.sqrt((grad_W**2).sum() + (grad_b**2).sum()))
        if step < steps:  # the last gradient is measured, not taken
            W, b = W - learning_rate * grad_W, b - learning_rate * grad_b
            weights.append(W)
            biases.append(b)
    weights, biases = np.array(weights), np.array(biases)
    losses = {name: _objective(X, Y, weights, biases, name) for name in {loss, "cross_entropy"}}

    return TrainingRun(
        loss_name=loss,
        loss=losses[loss],
        cross_entropy=losses["cross_entropy"],
        accuracy=(_logits(X, weights, biases).argmax(axis=-1) == y).mean(axis=-1),
        grad_norm=np.array(grad_norms),
        weights=weights,
        biases=biases,
    )


def compare_runs(X, y, *, learning_rate=0.5, steps=200, init_scale=1.0, seed=0):
    """The same model trained twice from the same start: {'cross_entropy': run, 'mse': run}.

    Parameters
    ----------
    X, y
        The data set, as for `train`.
    learning_rate, steps, init_scale, seed
        Shared by both runs, as for `train`.

    Returns
    -------
    dict of str to TrainingRun
        Keyed by the loss each run minimised.

    Examples
    --------
    >>> runs = compare_runs(*make_blobs(), steps=20)
    >>> bool((runs["cross_entropy"].weights[0] == runs["mse"].weights[0]).all())
    True
    """
    settings = {"learning_rate": learning_rate, "steps": steps, "init_scale": init_scale, "seed": seed}

    return {loss: train(X, y, loss=loss, **settings) for loss in LOSSES}


def _target(target):
    """An accuracy target in (0, 1]."""
    return _checks.number(target, "target", 0, 1, low_open=True)


def steps_to_accuracy(run, target=0.9):
    """min { t : accuracy_t >= target }, or None if the run never gets there.

    Parameters
    ----------
    run : TrainingRun
    target : float
        In (0, 1].

    Returns
    -------
    int or None
        The first step at or above the target; 0 if the initial weights already are.

    Examples
    --------
    >>> runs = compare_runs(*make_blobs())
    >>> steps_to_accuracy(runs["cross_entropy"]) < steps_to_accuracy(runs["mse"])
    True
    """
    reached = np.flatnonzero(run.accuracy >= _target(target))
    return int(reached[0]) if reached.size else None
