"""Softmax and logistic regression in the weights: losses against scikit-learn, gradients and the Hessian
against finite differences, and Newton's steps against scikit-learn's unpenalised LogisticRegression.
"""

import math

import numpy as np
import pytest
import scipy.special
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

from core.regression import (
    logistic_regression_grad,
    logistic_regression_hessian,
    logistic_regression_loss,
    newton_step,
    softmax_regression_grad,
    softmax_regression_loss,
)


def central_difference(f, x, h=1e-6):
    """d f / d x by central differences, one entry of x at a time; f may return a scalar or an array."""
    columns = []
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = h
        columns.append((np.asarray(f(x + step)) - np.asarray(f(x - step))) / (2 * h))
    return np.moveaxis(np.array(columns).reshape(x.shape + np.shape(f(x))), range(x.ndim), range(-x.ndim, 0))


@st.composite
def softmax_problems(draw):
    """Inputs X (N, D), class indices y and weights W (D, K), all moderate."""
    n, d, k = draw(st.integers(1, 12)), draw(st.integers(1, 4)), draw(st.integers(2, 5))
    X = draw(arrays(float, (n, d), elements=st.floats(-3, 3)))
    y = draw(arrays(np.int64, n, elements=st.integers(0, k - 1)))
    W = draw(arrays(float, (d, k), elements=st.floats(-2, 2)))
    return X, y, W


@st.composite
def logistic_problems(draw):
    """Inputs X (N, D), 0/1 labels y and weights w (D,), all moderate."""
    n, d = draw(st.integers(1, 12)), draw(st.integers(1, 4))
    X = draw(arrays(float, (n, d), elements=st.floats(-3, 3)))
    y = draw(arrays(np.int64, n, elements=st.integers(0, 1)))
    w = draw(arrays(float, d, elements=st.floats(-2, 2)))
    return X, y, w


@given(problem=softmax_problems())
def test_softmax_regression_loss_is_sklearns_log_loss_of_softmax_xw(problem):
    X, y, W = problem
    expected = log_loss(y, scipy.special.softmax(X @ W, axis=1), labels=range(W.shape[1]))
    assert softmax_regression_loss(X, y, W) == pytest.approx(expected, rel=1e-9)
    assert softmax_regression_loss(X, y, W, base=2) == pytest.approx(expected / math.log(2), rel=1e-9)


@given(problem=softmax_problems())
def test_softmax_regression_grad_matches_finite_differences(problem):
    X, y, W = problem
    numeric = central_difference(lambda V: softmax_regression_loss(X, y, V), W)
    np.testing.assert_allclose(softmax_regression_grad(X, y, W), numeric, rtol=0, atol=1e-7)


def test_softmax_regression_takes_soft_targets_too():
    X, W = np.array([[1.0, 2.0], [0.5, -1.0]]), np.array([[0.3, -0.2, 0.1], [0.0, 0.4, -0.5]])
    P = np.array([[0.7, 0.2, 0.1], [0.0, 0.5, 0.5]])
    Q = scipy.special.softmax(X @ W, axis=1)
    assert softmax_regression_loss(X, P, W) == pytest.approx(-(P * np.log(Q)).sum(axis=1).mean(), rel=1e-12)
    np.testing.assert_allclose(softmax_regression_grad(X, P, W), X.T @ (Q - P) / 2, rtol=1e-12)


@given(problem=logistic_problems())
def test_logistic_regression_loss_is_sklearns_log_loss(problem):
    X, y, w = problem
    expected = log_loss(y, scipy.special.expit(X @ w), labels=[0, 1])
    assert logistic_regression_loss(X, y, w) == pytest.approx(expected, rel=1e-9)


@given(problem=logistic_problems())
def test_logistic_regression_grad_matches_finite_differences(problem):
    X, y, w = problem
    numeric = central_difference(lambda v: logistic_regression_loss(X, y, v), w)
    np.testing.assert_allclose(logistic_regression_grad(X, y, w), numeric, rtol=0, atol=1e-7)


@given(problem=logistic_problems())
def test_the_hessian_is_the_finite_difference_of_the_gradient_and_positive_semi_definite(problem):
    X, y, w = problem
    H = logistic_regression_hessian(X, w)
    numeric = central_difference(lambda v: logistic_regression_grad(X, y, v), w, h=1e-5)
    np.testing.assert_allclose(H, numeric, rtol=0, atol=1e-7)
    np.testing.assert_allclose(H, H.T, rtol=1e-15, atol=1e-15)
    assert np.linalg.eigvalsh(H).min() >= -1e-12


def overlapping_classes(n=80, seed=3):
    """Two features whose labels are drawn from a logistic model, so no line separates the classes."""
    rng = np.random.default_rng(seed)
    features = rng.normal(size=(n, 2))
    y = (rng.random(n) < scipy.special.expit(0.4 + features @ [1.5, -2.0])).astype(int)
    return features, y


def test_newton_steps_reach_sklearns_unpenalised_logistic_regression():
    features, y = overlapping_classes()
    X = np.column_stack([np.ones(len(y)), features])  # the column of ones is the intercept
    unpenalised = LogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-12, max_iter=1000)
    reference = unpenalised.fit(features, y)
    expected = np.r_[reference.intercept_, reference.coef_[0]]

    w = np.zeros(3)
    for _ in range(12):
        w = newton_step(X, y, w)

    np.testing.assert_allclose(w, expected, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(logistic_regression_grad(X, y, w), 0.0, atol=1e-12)


def test_newton_converges_quadratically_near_the_minimum():
    features, y = overlapping_classes()
    X = np.column_stack([np.ones(len(y)), features])
    path = [np.zeros(3)]
    for _ in range(12):
        path.append(newton_step(X, y, path[-1]))
    errors = [np.linalg.norm(w - path[-1]) for w in path]
    # Each error is about 0.4 times the square of the one before: 0.3, 4e-2, 5e-4, 1e-7, 4e-15.
    for before, after in zip(errors[2:6], errors[3:7], strict=True):
        assert after < before**2
    assert errors[7] < 1e-15


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: logistic_regression_loss([1.0, 2.0], [1, 0], [0.5]), "X"),
        (lambda: logistic_regression_loss([[1.0], [2.0]], [1, 0], [0.5, 0.1]), "w"),
        (lambda: logistic_regression_grad([[1.0], [2.0]], [1, 0], [[0.5]]), "w"),
        (lambda: softmax_regression_loss([[1.0], [2.0]], [1, 0], [0.5, 0.1]), "W"),
        (lambda: softmax_regression_grad([[1.0], [np.inf]], [1, 0], [[0.5, 0.1]]), "X"),
        (lambda: logistic_regression_loss([[1.0], [2.0]], [1, 2], [0.5]), "y"),
        (lambda: newton_step([[1.0, 1.0], [2.0, 2.0]], [1, 0], [0.0, 0.0]), "w"),
    ],
)
def test_bad_arguments_name_themselves(call, name):
    with pytest.raises(ValueError, match=f"^{name}"):
        call()
