"""Multi-label cross-entropy against scikit-learn's log_loss per column and finite differences; the binary
cross-entropy from logits it is built on against a 60-digit reference from Python's decimal module.
"""

import math
from decimal import Decimal, localcontext

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.metrics import log_loss

from core import binary_cross_entropy
from core.multilabel import (
    multilabel_cross_entropy,
    multilabel_cross_entropy_grad,
    multilabel_cross_entropy_per_class,
)


def expit(z):
    """1 / (1 + e^-z), written out for moderate logits (the reference must not call core/)."""
    return 1 / (1 + np.exp(-z))


@st.composite
def labels_and_logits(draw, bound=8.0):
    """0/1 labels and logits in [-bound, bound], both (N, K)."""
    shape = (draw(st.integers(1, 20)), draw(st.integers(1, 6)))
    y = draw(arrays(np.int64, shape, elements=st.integers(0, 1)))
    z = draw(arrays(float, shape, elements=st.floats(-bound, bound)))
    return y, z


# Within |z| <= 8 sigmoid stays inside [3e-4, 1 - 3e-4], so log_loss's clipping at machine epsilon never acts.
@given(yz=labels_and_logits())
def test_each_class_is_sklearns_log_loss_of_its_column(yz):
    y, z = yz
    expected = [log_loss(y[:, k], expit(z[:, k]), labels=[0, 1]) for k in range(y.shape[1])]
    np.testing.assert_allclose(multilabel_cross_entropy_per_class(y, z), expected, rtol=1e-9)
    assert multilabel_cross_entropy(y, z) == pytest.approx(np.mean(expected), rel=1e-9)


@given(yz=labels_and_logits())
def test_the_reductions_and_bits(yz):
    y, z = yz
    mean = multilabel_cross_entropy(y, z)
    assert type(mean) is float
    assert multilabel_cross_entropy(y, z, reduction="sum") == pytest.approx(mean * y.size, rel=1e-12)
    terms = multilabel_cross_entropy(y, z, reduction="none")
    assert terms.shape == y.shape
    expected_terms = -(y * np.log(expit(z)) + (1 - y) * np.log(1 - expit(z)))
    np.testing.assert_allclose(terms, expected_terms, rtol=1e-9)
    assert multilabel_cross_entropy(y, z, base=2) == pytest.approx(mean / math.log(2), rel=1e-12)


@given(yz=labels_and_logits())
def test_the_gradient_matches_finite_differences_of_the_mean_loss(yz):
    y, z = yz
    h = 1e-5
    loss = lambda zz: multilabel_cross_entropy(y, zz)  # noqa: E731
    numeric = np.zeros_like(z)
    for index in np.ndindex(z.shape):
        step = np.zeros_like(z)
        step[index] = h
        numeric[index] = (loss(z + step) - loss(z - step)) / (2 * h)
    got = multilabel_cross_entropy_grad(y, z)
    np.testing.assert_allclose(got, numeric, rtol=0, atol=1e-9)
    np.testing.assert_allclose(got, (expit(z) - y) / y.size, rtol=1e-12, atol=1e-15)


def test_labels_need_not_sum_to_one_and_soft_labels_are_allowed():
    y = [[1, 1, 0], [0, 0, 0], [0.5, 0.2, 1.0]]
    z = np.zeros((3, 3))
    assert multilabel_cross_entropy(y, z) == pytest.approx(math.log(2), rel=1e-15)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: multilabel_cross_entropy([1, 0], [0.0, 0.0]), "y"),
        (lambda: multilabel_cross_entropy([[1, 0]], [0.0, 0.0]), "z"),
        (lambda: multilabel_cross_entropy([[1, 0]], [[0.0, 0.0, 0.0]]), "z"),
        (lambda: multilabel_cross_entropy([[2, 0]], [[0.0, 0.0]]), "y"),
        (lambda: multilabel_cross_entropy_grad([[1, 0]], [[np.nan, 0.0]]), "z"),
        (lambda: multilabel_cross_entropy([[1, 0]], [[0.0, 0.0]], reduction="max"), "reduction"),
    ],
)
def test_bad_arguments_name_themselves(call, name):
    with pytest.raises(ValueError, match=f"^{name}"):
        call()


# ---------------------------------------------------------------------------------------------------------
# The stable binary cross-entropy from logits, max(z, 0) - z y + log(1 + e^-|z|), which core already has as
# binary_cross_entropy(y, z, from_logits=True), against references that never round to float on the way.
# ---------------------------------------------------------------------------------------------------------


def softplus_exact(x):
    """ln(1 + e^x) in 60-digit decimal arithmetic; below e^x = 1e-30 the series u - u^2/2 is exact enough."""
    with localcontext() as context:
        context.prec = 60
        u = Decimal(x).exp()
        return u - u * u / 2 if u < Decimal("1e-30") else (1 + u).ln()


def bce_exact(y, z):
    """y ln(1 + e^-z) + (1 - y) ln(1 + e^z), the two softplus terms, in decimal."""
    with localcontext() as context:
        context.prec = 60
        y = Decimal(y)
        return float(y * softplus_exact(-z) + (1 - y) * softplus_exact(z))


WIDE_LOGITS = [0.0, 1e-300, -1e-300, 0.5, -3.0, 20.0, -37.0, 40.0, 700.0, -745.0, 800.0, -1e4, 1e4]


@given(
    y=st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0, 1)),
    z=st.one_of(st.sampled_from(WIDE_LOGITS), st.floats(-1e4, 1e4)),
)
def test_binary_cross_entropy_from_logits_against_a_60_digit_reference(y, z):
    # Within about 4 ulps; a subnormal loss (below 2.2e-308) keeps only a few digits: hence abs.
    got = binary_cross_entropy(y, z, from_logits=True)
    assert got == pytest.approx(bce_exact(y, z), rel=1e-15, abs=1e-300)


@given(
    y=st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0, 1)),
    z=st.one_of(st.sampled_from(WIDE_LOGITS), st.floats(-1e4, 1e4)),
)
def test_binary_cross_entropy_from_logits_is_the_log1p_formula(y, z):
    # Python's math.log1p on one float at a time; max(z, 0) - z y can cancel when y is soft, hence 1e-12.
    formula = max(z, 0.0) - z * y + math.log1p(math.exp(-abs(z)))
    assert binary_cross_entropy(y, z, from_logits=True) == pytest.approx(formula, rel=1e-12, abs=1e-300)
