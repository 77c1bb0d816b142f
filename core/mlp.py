"""The training lab's model, forward and backward: z = x W + b, or z = act(x W1 + b1) W2 + b2.

micrograd-style: each backward rule sits under its forward. Every function also takes a stack of
models along a leading axis (R, ...), so one NumPy call trains many runs at once.
"""

import math

import numpy as np

from core import _checks

ACTIVATIONS = ("tanh", "relu")
WIDTHS = (2, 32)  # the narrowest and widest hidden layer the lab offers


def _t(a):
    """a^T over the last two axes (a stack of matrices stays a stack)."""
    return np.swapaxes(a, -1, -2)


def linear(x, W, b):
    """z = x W + b."""
    return x @ W + b[..., None, :]


def linear_backward(x, W, dz):
    """From dL/dz: dL/dx = dz W^T, dL/dW = x^T dz, dL/db = sum_n dz_n."""
    return dz @ _t(W), _t(x) @ dz, dz.sum(axis=-2)


def tanh(a):
    """h = tanh(a)."""
    return np.tanh(a)


def tanh_backward(h, dh):
    """dL/da = dL/dh (1 - h^2)."""
    return dh * (1 - h * h)


def relu(a):
    """h = max(a, 0)."""
    return np.maximum(a, 0)


def relu_backward(h, dh):
    """dL/da = dL/dh [h > 0]."""
    return dh * (h > 0)


ACTIVATION = {"tanh": (tanh, tanh_backward), "relu": (relu, relu_backward)}


# The loss side works on z transposed, classes down the rows (..., K, N): NumPy broadcasts and reduces
# over an outer axis of K rows fast, and over a last axis of length 2 or 3 slowly.
def log_softmax_columns(zT):
    """log q_k = z_k - log sum_j e^(z_j) per column of zT, shifted by the column max so nothing overflows."""
    shifted = zT - zT.max(axis=-2, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-2, keepdims=True))


def argmax_columns(zT):
    """argmax_k z_k for each column of zT; ties go to the lower class, as np.argmax does."""
    top, best = zT[..., 0, :], np.zeros(zT.shape[:-2] + zT.shape[-1:], dtype=int)
    for k in range(1, zT.shape[-2]):
        best = np.where(zT[..., k, :] > top, k, best)
        top = np.maximum(top, zT[..., k, :])
    return best


def cross_entropy_backward(q, p):
    """d CE / d z = q - p for each point (columns of q and p)."""
    return q - p


def mse_backward(q, p):
    """d MSE / d z_j = q_j (g_j - sum_i q_i g_i), g = 2 (q - p) / K: g passed back through the softmax."""
    g = 2 * (q - p) / q.shape[-2]
    return q * (g - (q * g).sum(axis=-2, keepdims=True))


LOGIT_BACKWARD = {"cross_entropy": cross_entropy_backward, "mse": mse_backward}


def activation_name(activation):
    """One of ACTIVATIONS."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation: must be one of {ACTIVATIONS}, got {activation!r}")
    return activation


def forward(X, params, activation="tanh"):
    """z = x W + b (params (W, b)), or z = act(x W1 + b1) W2 + b2 (params (W1, b1, W2, b2)).

    Returns the logits and the hidden layer's output h (None for the linear model), which
    `backward` needs.

    Examples
    --------
    >>> X = np.array([[1.0, 2.0]])
    >>> forward(X, (np.eye(2), np.zeros(2)))[0]
    array([[1., 2.]])
    >>> z, h = forward(X, (np.eye(2), np.zeros(2), np.ones((2, 2)), np.zeros(2)), "relu")
    >>> h.tolist(), z.tolist()
    ([[1.0, 2.0]], [[3.0, 3.0]])
    """
    if len(params) == 2:
        return linear(X, *params), None
    W1, b1, W2, b2 = params
    h = ACTIVATION[activation][0](linear(X, W1, b1))
    return linear(h, W2, b2), h


def backward(X, h, params, dz, activation="tanh"):
    """dL/dparams from dL/dz, by the chain rule back through `forward`: one gradient per parameter.

    Examples
    --------
    >>> X, dz = np.array([[1.0, 2.0]]), np.array([[1.0, -1.0]])
    >>> [g.tolist() for g in backward(X, None, (np.eye(2), np.zeros(2)), dz)]
    [[[1.0, -1.0], [2.0, -2.0]], [1.0, -1.0]]
    """
    if len(params) == 2:
        _, dW, db = linear_backward(X, params[0], dz)
        return dW, db
    W1, _, W2, _ = params
    dh, dW2, db2 = linear_backward(h, W2, dz)
    da = ACTIVATION[activation][1](h, dh)
    _, dW1, db1 = linear_backward(X, W1, da)
    return dW1, db1, dW2, db2


def init_params(n_classes, *, width=0, init_scale=1.0, seed=0):
    """Seeded starting weights: W, b ~ init_scale N(0, 1) for the linear model (width 0).

    With a hidden layer of `width` units: W1, b1 ~ N(0, 1), then W2 ~ init_scale N(0, 1 / width)
    and b2 ~ init_scale N(0, 1), so `init_scale` sets how large, and so how sure, the first
    logits are, whatever the width.

    Examples
    --------
    >>> [p.shape for p in init_params(3)]
    [(2, 3), (3,)]
    >>> [p.shape for p in init_params(2, width=8)]
    [(2, 8), (8,), (8, 2), (2,)]
    """
    n_classes = _checks.whole(n_classes, "n_classes", 2)
    width = _checks.whole(width, "width", 0, WIDTHS[1])
    if 0 < width < WIDTHS[0]:
        raise ValueError(f"width: must be 0 (no hidden layer) or in [{WIDTHS[0]}, {WIDTHS[1]}], got {width}")
    init_scale = _checks.number(init_scale, "init_scale", 0, math.inf)
    rng = np.random.default_rng(_checks.whole(seed, "seed", 0))
    if width == 0:
        return init_scale * rng.standard_normal((2, n_classes)), init_scale * rng.standard_normal(n_classes)
    W1, b1 = rng.standard_normal((2, width)), rng.standard_normal(width)
    W2 = init_scale * rng.standard_normal((width, n_classes)) / math.sqrt(width)
    return W1, b1, W2, init_scale * rng.standard_normal(n_classes)


def weight_decay_penalty(params, weight_decay):
    """(lambda / 2) sum of the squared weights; biases are not penalised."""
    return weight_decay / 2 * sum((W**2).sum(axis=(-2, -1)) for W in params[::2])


def weight_decay_backward(params, weight_decay):
    """d penalty / d params: lambda W for each weight matrix, 0 for each bias."""
    return [weight_decay * p if i % 2 == 0 else 0 * p for i, p in enumerate(params)]
