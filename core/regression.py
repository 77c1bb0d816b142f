"""Softmax and logistic regression seen as functions of the weights: the loss L(W), its gradient
X^T (Q - P) / N right below it, and for the binary case the Hessian X^T R X / N and a Newton (IRLS) step.

X holds one row per sample and one column per feature; for an intercept, give X a column of ones.
"""

import math

import numpy as np

from core import _checks
from core.activations import sigmoid
from core.losses import binary_cross_entropy, binary_cross_entropy_grad, cross_entropy, cross_entropy_grad


def _model(X, W, name, ndim):
    """Finite inputs X (N, D) and finite weights of `ndim` axes with D rows, one per feature."""
    X = _checks.two_dimensional(_checks.finite(X, "X"), "X", "feature")
    W = _checks.finite(W, name)
    if W.ndim != ndim or W.shape[0] != X.shape[1]:
        expected = f"({X.shape[1]},)" if ndim == 1 else f"({X.shape[1]}, K)"
        raise ValueError(f"{name}: expected shape {expected}, one row per feature of X, got {W.shape}")
    return X, W


def softmax_regression_loss(X, y, W, *, base=math.e):
    """L(W) = (1/N) sum_n H(p_n, softmax(x_n W)): the mean cross-entropy of a linear model's softmax.

    Parameters
    ----------
    X : array_like
        Inputs, shape (N, D).
    y : array_like
        Class indices, shape (N,), or target distributions, shape (N, K).
    W : array_like
        Weights, shape (D, K): column k scores class k.
    base : float
        e for nats, 2 for bits.

    Returns
    -------
    float

    Examples
    --------
    >>> X = [[1.0, 0.0], [0.0, 1.0]]
    >>> round(softmax_regression_loss(X, [0, 1], np.zeros((2, 2))), 4)  # W = 0 guesses evenly: log 2
    0.6931
    """
    X, W = _model(X, W, "W", 2)

    return cross_entropy(y, X @ W, from_logits=True, base=base)


def softmax_regression_grad(X, y, W):
    """dL/dW = X^T (Q - P) / N, with Q = softmax(X W): each sample's logit gradient q - p, times its input.

    Returns
    -------
    numpy.ndarray
        Shape (D, K), like W.

    Examples
    --------
    >>> softmax_regression_grad([[1.0, 0.0], [0.0, 1.0]], [0, 1], np.zeros((2, 2)))
    array([[-0.25,  0.25],
           [ 0.25, -0.25]])
    """
    X, W = _model(X, W, "W", 2)

    return X.T @ cross_entropy_grad(y, X @ W) / len(X)


def logistic_regression_loss(X, y, w, *, base=math.e):
    """L(w) = -(1/N) sum_n [ y_n log q_n + (1 - y_n) log(1 - q_n) ], with q_n = sigmoid(x_n . w).

    Parameters
    ----------
    X : array_like
        Inputs, shape (N, D).
    y : array_like
        Labels in [0, 1], shape (N,).
    w : array_like
        Weights, shape (D,).
    base : float
        e for nats, 2 for bits.

    Returns
    -------
    float
        Computed from the logits X w, so finite for any finite weights.

    Examples
    --------
    >>> round(logistic_regression_loss([[1.0], [-1.0]], [1, 0], [0.0]), 4)
    0.6931
    """
    X, w = _model(X, w, "w", 1)

    return binary_cross_entropy(y, X @ w, from_logits=True, base=base)


def logistic_regression_grad(X, y, w):
    """dL/dw = X^T (q - y) / N, with q = sigmoid(X w).

    Examples
    --------
    >>> logistic_regression_grad([[1.0], [-1.0]], [1, 0], [0.0])
    array([-0.5])
    """
    X, w = _model(X, w, "w", 1)

    return X.T @ binary_cross_entropy_grad(y, X @ w) / len(X)


def logistic_regression_hessian(X, w):
    """H = X^T R X / N, with R = diag(q (1 - q)) and q = sigmoid(X w): the gradient's own derivative.

    Returns
    -------
    numpy.ndarray
        Shape (D, D), symmetric and positive semi-definite (v^T H v = sum_n r_n (x_n . v)^2 / N >= 0),
        so L is convex. It does not depend on the labels.

    Examples
    --------
    >>> logistic_regression_hessian([[1.0], [-1.0]], [0.0])  # q = 1/2, so r = 1/4
    array([[0.25]])
    """
    X, w = _model(X, w, "w", 1)
    q = sigmoid(X @ w)
    r = q * (1 - q)

    return (X.T * r) @ X / len(X)


def newton_step(X, y, w):
    """w_new = w - H^-1 dL/dw: one Newton step on the logistic loss (iteratively reweighted least squares).

    Parameters
    ----------
    X, y, w
        As for ``logistic_regression_loss``.

    Returns
    -------
    numpy.ndarray
        The new weights, shape (D,). A few steps from w = 0 reach the minimum of L
        to machine precision when the classes overlap.

    Notes
    -----
    The step jumps to the minimum of L's quadratic approximation at w. If a line separates
    the classes, L has no minimum: the weights grow without end and R (so H) tends to 0.

    Examples
    --------
    >>> newton_step([[1.0], [-1.0], [1.0]], [1, 0, 0], [0.0])
    array([0.66666667])
    """
    X, w = _model(X, w, "w", 1)
    H = logistic_regression_hessian(X, w)
    try:
        step = np.linalg.solve(H, logistic_regression_grad(X, y, w))
    except np.linalg.LinAlgError as error:
        raise ValueError(
            "w: the Hessian is singular here (columns of X that repeat each other, or q = 0 or 1 everywhere)"
        ) from error

    return w - step
