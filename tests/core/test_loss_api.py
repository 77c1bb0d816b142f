"""The loss API as core/__init__.py states it: argument order, return types, perplexity and focal_loss's base.

Expected values come from scikit-learn and SciPy, never from core/.
"""

import math

import numpy as np
import pytest
from scipy.stats import entropy as scipy_entropy
from scipy.stats import gmean
from sklearn.metrics import log_loss

import core
from core import (
    binary_cross_entropy,
    cross_entropy,
    entropy,
    kl_divergence,
    mse,
    perplexity,
)
from core.variants import focal_loss

Y = np.array([0, 2, 1, 2])
Q = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.25, 0.5, 0.25], [0.3, 0.3, 0.4]])
Z = np.log(Q) + 1.5  # logits whose softmax is Q
Y_BINARY, Q_BINARY = np.array([1, 0, 1, 1]), np.array([0.9, 0.2, 0.6, 0.35])


def test_the_docstring_states_the_order_the_names_the_types_and_the_differences():
    doc = core.__doc__
    for phrase in (
        "cross_entropy(target, predicted)",
        "cross_entropy_grad(target, logits)",
        "binary_cross_entropy(y, q)",
        "F.cross_entropy(input, target)",
        "log_loss(y_true, y_proba)",
        "REVERSE",
        "Python float",
        "np.float64",
        "scipy.stats.entropy",
    ):
        assert phrase in doc, phrase


def test_the_order_is_sklearns_truth_first():
    assert cross_entropy(Y, Q) == pytest.approx(log_loss(Y, Q, labels=[0, 1, 2]), rel=1e-12)
    assert cross_entropy(Y, Z, from_logits=True) == pytest.approx(log_loss(Y, Q, labels=[0, 1, 2]), rel=1e-9)
    assert binary_cross_entropy(Y_BINARY, Q_BINARY) == pytest.approx(log_loss(Y_BINARY, Q_BINARY), rel=1e-12)


REDUCTIONS = {
    "cross_entropy mean": lambda: cross_entropy(Y, Q),
    "cross_entropy sum": lambda: cross_entropy(Y, Q, reduction="sum"),
    "cross_entropy weighted mean": lambda: cross_entropy(Y, Q, weight=[1.0, 2.0, 0.5]),
    "cross_entropy logits": lambda: cross_entropy(Y, Z, from_logits=True),
    "cross_entropy one sample, none": lambda: cross_entropy(0, Q[0], reduction="none"),
    "binary_cross_entropy mean": lambda: binary_cross_entropy(Y_BINARY, Q_BINARY),
    "binary_cross_entropy sum": lambda: binary_cross_entropy(Y_BINARY, Q_BINARY, reduction="sum"),
    "binary_cross_entropy one sample, none": lambda: binary_cross_entropy(1, 0.9, reduction="none"),
    "mse mean": lambda: mse(np.eye(3)[Y], Q),
    "focal_loss mean": lambda: focal_loss(Y, Q),
    "focal_loss sum": lambda: focal_loss(Y, Q, reduction="sum"),
    "focal_loss one sample, none": lambda: focal_loss(0, Q[0], reduction="none"),
    "entropy of one distribution": lambda: entropy(Q[0]),
    "kl_divergence of one pair": lambda: kl_divergence(Q[0], Q[1]),
    "perplexity of one number": lambda: perplexity(1.0),
    "perplexity of a 0-d array": lambda: perplexity(np.float64(1.0)),
}


@pytest.mark.parametrize("compute", REDUCTIONS.values(), ids=REDUCTIONS.keys())
def test_every_reduction_returns_a_python_float(compute):
    assert type(compute()) is float


def test_per_sample_results_stay_arrays():
    assert cross_entropy(Y, Q, reduction="none").shape == (4,)
    assert entropy(Q).shape == (4,) and kl_divergence(Q, Q[::-1]).shape == (4,)


@pytest.mark.parametrize("values", [[1.0, 2.0], (1.0, 2.0), np.array([1.0, 2.0])], ids=type)
def test_perplexity_takes_any_array_like_one_mean_cross_entropy_each(values):
    result = perplexity(values)
    assert isinstance(result, np.ndarray)
    np.testing.assert_allclose(result, [math.e, math.e**2], rtol=1e-12)
    np.testing.assert_allclose(perplexity([[1.0], [3.0]], base=2), [[2.0], [8.0]], rtol=1e-12)


def test_perplexity_of_a_sentence_is_one_over_the_geometric_mean_of_its_token_probabilities():
    token_probabilities = np.array([0.5, 0.1, 0.8, 0.25])
    mean_loss = np.mean(-np.log(token_probabilities))
    assert perplexity(mean_loss) == pytest.approx(1 / gmean(token_probabilities), rel=1e-12)
    p = np.array([0.5, 0.25, 0.25])
    assert perplexity(scipy_entropy(p, base=2), base=2) == pytest.approx(2 ** scipy_entropy(p, base=2))


def test_perplexity_still_refuses_a_negative_cross_entropy_anywhere():
    with pytest.raises(ValueError, match="mean_cross_entropy"):
        perplexity([1.0, -0.5])


@pytest.mark.parametrize("gamma", [0.0, 2.0])
def test_focal_loss_in_bits_is_the_nats_divided_by_ln_2(gamma):
    nats = focal_loss(Y, Q, gamma=gamma)
    assert focal_loss(Y, Q, gamma=gamma, base=2) == pytest.approx(nats / math.log(2), rel=1e-12)
    if gamma == 0:  # plain cross-entropy: sklearn's log_loss, in bits
        expected = log_loss(Y, Q, labels=[0, 1, 2]) / math.log(2)
        assert focal_loss(Y, Q, gamma=0, base=2) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("base", [1, 0, -2, math.nan, "2"])
def test_focal_loss_refuses_a_bad_base(base):
    with pytest.raises(ValueError, match="base"):
        focal_loss(Y, Q, base=base)
