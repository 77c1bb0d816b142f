"""Edge cases of core/: sure predictions, 0 log 0, huge and infinite logits, bad arguments, and the brief's
worked examples recomputed from math.log.
"""

import math
import re
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from core.activations import log_sigmoid, log_softmax, logit, sigmoid, softmax
from core.information import entropy, kl_divergence, perplexity
from core.losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    binary_mse_grad,
    cross_entropy,
    cross_entropy_grad,
    mse,
    mse_grad,
)


def no_warnings(compute):
    """Run compute() with every warning turned into an error, and return its result."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return compute()


def raises_for(name):
    """pytest.raises for a ValueError whose message starts with the argument's name."""
    return pytest.raises(ValueError, match=rf"^{re.escape(name)}:")


# ---------------------------------------------------------------------------------------------------------
# The brief's worked examples, recomputed live
# ---------------------------------------------------------------------------------------------------------


def test_true_class_at_0_9_costs_about_0_105_nats():
    expected = -math.log(0.9)
    assert cross_entropy([1, 0], [0.9, 0.1]) == pytest.approx(expected, rel=1e-12)
    assert cross_entropy(0, [0.9, 0.1]) == pytest.approx(expected, rel=1e-12)
    assert binary_cross_entropy(1, 0.9) == pytest.approx(expected, rel=1e-12)
    assert round(expected, 3) == 0.105


def test_true_class_at_0_1_costs_about_2_303_nats():
    expected = -math.log(0.1)
    assert cross_entropy([1, 0], [0.1, 0.9]) == pytest.approx(expected, rel=1e-12)
    assert binary_cross_entropy(1, 0.1) == pytest.approx(expected, rel=1e-12)
    assert round(expected, 3) == 2.303


def test_three_classes_at_0_8_cost_about_0_223_nats():
    expected = -math.log(0.8)
    assert cross_entropy([1, 0, 0], [0.8, 0.1, 0.1]) == pytest.approx(expected, rel=1e-12)
    assert round(expected, 3) == 0.223


@pytest.mark.parametrize("n_classes", [2, 3, 10, 12])
def test_uniform_guess_costs_log_k(n_classes):
    uniform = [1 / n_classes] * n_classes
    for true_class in range(n_classes):
        assert cross_entropy(true_class, uniform) == pytest.approx(math.log(n_classes), rel=1e-12)
    assert entropy(uniform) == pytest.approx(math.log(n_classes), rel=1e-12)
    assert round(math.log(10), 3) == 2.303


def test_true_class_at_0_9_costs_about_0_152_bits():
    expected = -math.log2(0.9)
    assert cross_entropy([1, 0], [0.9, 0.1], base=2) == pytest.approx(expected, rel=1e-12)
    assert binary_cross_entropy(1, 0.9, base=2) == pytest.approx(expected, rel=1e-12)
    assert round(expected, 3) == 0.152


def test_softmax_of_two_equal_logits_is_a_coin_flip():
    assert softmax([3.0, 3.0]).tolist() == [0.5, 0.5]
    assert float(sigmoid(0.0)) == 0.5
    assert float(log_sigmoid(0.0)) == pytest.approx(-math.log(2), rel=1e-15)


def test_softmax_by_hand():
    z = [2.0, 1.0, 0.1]
    denominator = sum(math.exp(v) for v in z)
    np.testing.assert_allclose(softmax(z), [math.exp(v) / denominator for v in z], rtol=1e-14)
    np.testing.assert_allclose(softmax(z, temperature=2.0), softmax([v / 2 for v in z]), rtol=1e-14)


# ---------------------------------------------------------------------------------------------------------
# Sure predictions: inf, never NaN, and no RuntimeWarning; 0 log 0 = 0
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "compute",
    [
        lambda: cross_entropy([1, 0], [0.0, 1.0]),
        lambda: cross_entropy(0, [0.0, 1.0]),
        lambda: cross_entropy([[0, 1], [1, 0]], [[0.5, 0.5], [0.0, 1.0]]),
        lambda: cross_entropy([0.5, 0.5], [1.0, 0.0]),
        lambda: cross_entropy([1, 0], [0.0, 1.0], base=2, reduction="sum"),
        lambda: cross_entropy([0, 1], [0.0, 1.0], label_smoothing=0.1),
        lambda: cross_entropy(0, [-np.inf, 0.0], from_logits=True),
        lambda: binary_cross_entropy(1, 0.0),
        lambda: binary_cross_entropy(0, 1.0),
        lambda: binary_cross_entropy(0.5, 1.0),
        lambda: binary_cross_entropy(1, -np.inf, from_logits=True),
        lambda: binary_cross_entropy(0, np.inf, from_logits=True),
        lambda: kl_divergence([0.5, 0.5], [1.0, 0.0]),
        lambda: perplexity(math.inf),
        lambda: perplexity(1e4),
        lambda: logit(1.0),
    ],
)
def test_zero_probability_on_something_that_happens_is_infinite(compute):
    assert no_warnings(compute) == math.inf


def test_infinite_rows_stay_apart_from_finite_rows():
    losses = no_warnings(lambda: cross_entropy([0, 1], [[0.0, 1.0], [0.0, 1.0]], reduction="none"))
    assert losses[0] == math.inf
    assert losses[1] == 0.0


@pytest.mark.parametrize(
    "compute",
    [
        lambda: cross_entropy([1, 0, 0], [1.0, 0.0, 0.0]),
        lambda: cross_entropy(0, [1.0, 0.0]),
        lambda: cross_entropy(0, [0.0, -np.inf], from_logits=True),
        lambda: binary_cross_entropy(0, 0.0),
        lambda: binary_cross_entropy(1, 1.0),
        lambda: binary_cross_entropy([0, 1], [-np.inf, np.inf], from_logits=True),
        lambda: entropy([1.0, 0.0, 0.0]),
        lambda: kl_divergence([1.0, 0.0], [1.0, 0.0]),
        lambda: kl_divergence([0.3, 0.7, 0.0], [0.3, 0.7, 0.0]),
        lambda: mse([1.0, 0.0], [1.0, 0.0]),
    ],
)
def test_zero_log_zero_counts_as_zero(compute):
    assert no_warnings(compute) == 0.0


def test_zero_mass_on_a_zero_probability_class_adds_nothing():
    expected = -(0.5 * math.log(0.4) + 0.5 * math.log(0.6))
    got = no_warnings(lambda: cross_entropy([0.5, 0.5, 0.0], [0.4, 0.6, 0.0]))
    assert got == pytest.approx(expected, rel=1e-12)
    assert no_warnings(lambda: entropy([0.5, 0.5, 0.0])) == pytest.approx(math.log(2), rel=1e-12)


def test_kl_with_zero_in_both_distributions_is_finite():
    expected = 0.5 * math.log(0.5 / 0.25) + 0.5 * math.log(0.5 / 0.75)
    assert no_warnings(lambda: kl_divergence([0.5, 0.5, 0.0], [0.25, 0.75, 0.0])) == pytest.approx(expected)


# ---------------------------------------------------------------------------------------------------------
# Huge and infinite logits
# ---------------------------------------------------------------------------------------------------------

huge_logit = st.one_of(st.sampled_from([1e4, -1e4, 1e3, -1e3, 0.0, 745.0, -745.0]), st.floats(-1e4, 1e4))
huge_logit_arrays = st.tuples(st.integers(1, 20), st.integers(2, 12)).flatmap(
    lambda shape: arrays(float, shape, elements=huge_logit)
)


@given(z=huge_logit_arrays, data=st.data())
def test_everything_is_finite_from_finite_logits(z, data):
    n_samples, n_classes = z.shape
    indices = data.draw(arrays(np.int64, n_samples, elements=st.integers(0, n_classes - 1)))
    soft = softmax(data.draw(arrays(float, z.shape, elements=st.floats(-5, 5))))
    labels = data.draw(arrays(float, z.shape, elements=st.floats(0, 1)))

    def compute_all():
        return [
            softmax(z),
            log_softmax(z),
            softmax(z, temperature=0.01),
            sigmoid(z),
            log_sigmoid(z),
            cross_entropy(indices, z, from_logits=True, reduction="none"),
            cross_entropy(soft, z, from_logits=True, reduction="none", label_smoothing=0.1),
            binary_cross_entropy(labels, z, from_logits=True, reduction="none"),
            cross_entropy_grad(indices, z),
            mse_grad(soft, z),
            binary_cross_entropy_grad(labels, z),
            binary_mse_grad(labels, z),
        ]

    for result in no_warnings(compute_all):
        assert np.all(np.isfinite(result))


def test_extreme_logits_give_the_exact_large_loss():
    assert cross_entropy(1, [1e4, -1e4], from_logits=True) == pytest.approx(2e4, rel=1e-12)
    assert binary_cross_entropy(1, -1e4, from_logits=True) == pytest.approx(1e4, rel=1e-12)
    assert binary_cross_entropy(0, 1e4, from_logits=True) == pytest.approx(1e4, rel=1e-12)
    assert float(log_softmax([0.0, -1e4])[1]) == pytest.approx(-1e4, rel=1e-12)


@given(
    z=st.integers(2, 12).flatmap(lambda k: arrays(float, k, elements=huge_logit)),
    data=st.data(),
)
def test_neg_inf_logit_on_a_class_without_target_mass_is_finite(z, data):
    n_classes = z.size
    true_class = data.draw(st.integers(0, n_classes - 1))
    z[(true_class + 1) % n_classes] = -np.inf
    target = np.zeros(n_classes)
    target[true_class] = 1.0

    def compute_all():
        return [
            cross_entropy(true_class, z, from_logits=True),
            cross_entropy(target, z, from_logits=True),
            cross_entropy_grad(true_class, z),
            mse_grad(true_class, z),
        ]

    for result in no_warnings(compute_all):
        assert np.all(np.isfinite(result))
    q = no_warnings(lambda: softmax(z))
    assert q[(true_class + 1) % n_classes] == 0.0
    assert q.sum() == pytest.approx(1.0, abs=1e-12)


def test_neg_inf_logit_with_label_smoothing_is_infinite():
    # Smoothing gives every class some target mass, including the impossible one.
    assert (
        no_warnings(lambda: cross_entropy(0, [0.0, -np.inf], from_logits=True, label_smoothing=0.1))
        == math.inf
    )


def test_binary_infinite_logits():
    assert no_warnings(lambda: sigmoid([-np.inf, np.inf])).tolist() == [0.0, 1.0]
    assert no_warnings(lambda: log_sigmoid([-np.inf, np.inf])).tolist() == [-np.inf, 0.0]
    assert no_warnings(lambda: logit([0.0, 1.0])).tolist() == [-np.inf, np.inf]


# ---------------------------------------------------------------------------------------------------------
# Bad input: ValueError whose message starts with the argument's name
# ---------------------------------------------------------------------------------------------------------

BAD_INPUTS = {
    # probabilities outside [0, 1]
    "ce predicted negative": ("predicted", lambda: cross_entropy([1, 0], [-0.1, 1.1])),
    "ce predicted above 1": ("predicted", lambda: cross_entropy(0, [1.5, 0.0])),
    "ce target negative": ("target", lambda: cross_entropy([1.1, -0.1], [0.5, 0.5])),
    "bce y above 1": ("y", lambda: binary_cross_entropy(1.5, 0.5)),
    "bce y negative": ("y", lambda: binary_cross_entropy(-0.5, 0.5)),
    "bce q negative": ("q", lambda: binary_cross_entropy(1, -0.5)),
    "bce q above 1": ("q", lambda: binary_cross_entropy(1, 1.5)),
    "entropy p negative": ("p", lambda: entropy([1.2, -0.2])),
    "kl p above 1": ("p", lambda: kl_divergence([1.2, -0.2], [0.5, 0.5])),
    "kl q negative": ("q", lambda: kl_divergence([0.5, 0.5], [-0.2, 1.2])),
    "bce grad y above 1": ("y", lambda: binary_cross_entropy_grad(2.0, 0.0)),
    "bce mse grad y negative": ("y", lambda: binary_mse_grad(-1.0, 0.0)),
    # rows not summing to 1
    "ce predicted sum": ("predicted", lambda: cross_entropy(0, [0.5, 0.5 + 2e-6])),
    "ce predicted sum low": ("predicted", lambda: cross_entropy(0, [[0.5, 0.5], [0.4, 0.5]])),
    "ce target sum": ("target", lambda: cross_entropy([0.5, 0.5 + 2e-6], [0.5, 0.5])),
    "entropy p sum": ("p", lambda: entropy([0.5, 0.5 + 2e-6])),
    "kl p sum": ("p", lambda: kl_divergence([0.5, 0.4], [0.5, 0.5])),
    "kl q sum": ("q", lambda: kl_divergence([0.5, 0.5], [0.5, 0.5 + 2e-6])),
    "ce predicted sum along axis 0": (
        "predicted",
        lambda: cross_entropy([0, 1], [[0.5, 0.5], [0.4, 0.6]], axis=0),
    ),
    # NaN
    "ce predicted nan": ("predicted", lambda: cross_entropy(0, [np.nan, 1.0])),
    "ce logits nan": ("predicted", lambda: cross_entropy(0, [np.nan, 1.0], from_logits=True)),
    "ce target nan": ("target", lambda: cross_entropy([np.nan, 1.0], [0.5, 0.5])),
    "ce target index nan": ("target", lambda: cross_entropy([np.nan], [[0.5, 0.5]])),
    "bce y nan": ("y", lambda: binary_cross_entropy(np.nan, 0.5)),
    "bce q nan": ("q", lambda: binary_cross_entropy(1, np.nan)),
    "bce logit nan": ("q", lambda: binary_cross_entropy(1, np.nan, from_logits=True)),
    "mse target nan": ("target", lambda: mse([np.nan], [1.0])),
    "mse predicted nan": ("predicted", lambda: mse([1.0], [np.nan])),
    "entropy p nan": ("p", lambda: entropy([np.nan, 1.0])),
    "kl q nan": ("q", lambda: kl_divergence([0.5, 0.5], [np.nan, 0.5])),
    "softmax nan": ("logits", lambda: softmax([np.nan, 0.0])),
    "log_softmax nan": ("logits", lambda: log_softmax([np.nan, 0.0])),
    "sigmoid nan": ("z", lambda: sigmoid(np.nan)),
    "log_sigmoid nan": ("z", lambda: log_sigmoid([0.0, np.nan])),
    "logit nan": ("p", lambda: logit([0.5, np.nan])),
    "logit above 1": ("p", lambda: logit(1.5)),
    "perplexity nan": ("mean_cross_entropy", lambda: perplexity(np.nan)),
    "ce grad logits nan": ("logits", lambda: cross_entropy_grad(0, [np.nan, 0.0])),
    "bce grad z nan": ("z", lambda: binary_cross_entropy_grad(1, np.nan)),
    # shape mismatch
    "ce target shape": ("target", lambda: cross_entropy([1, 0, 0], [0.5, 0.5])),
    "ce target index shape": ("target", lambda: cross_entropy([0, 1, 0], [[0.5, 0.5], [0.5, 0.5]])),
    "bce shapes": ("q", lambda: binary_cross_entropy([1, 0], [0.5, 0.5, 0.5])),
    "mse shapes": ("predicted", lambda: mse([1.0, 0.0], [1.0])),
    "kl shapes": ("q", lambda: kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5])),
    "bce grad shapes": ("z", lambda: binary_cross_entropy_grad([1, 0], [0.0])),
    "mse grad target shape": ("target", lambda: mse_grad([1, 0, 0], [0.0, 0.0])),
    # class indices
    "index too large": ("target", lambda: cross_entropy(3, [0.2, 0.3, 0.5])),
    "index negative": ("target", lambda: cross_entropy([0, -1], [[0.5, 0.5], [0.5, 0.5]])),
    "index fractional": ("target", lambda: cross_entropy([0.5], [[0.5, 0.5]])),
    "index infinite": ("target", lambda: cross_entropy([np.inf], [[0.5, 0.5]])),
    "grad index too large": ("target", lambda: cross_entropy_grad(2, [0.0, 0.0])),
    # reduction
    "ce reduction": ("reduction", lambda: cross_entropy(0, [0.5, 0.5], reduction="avg")),
    "ce reduction none object": ("reduction", lambda: cross_entropy(0, [0.5, 0.5], reduction=None)),
    "bce reduction": ("reduction", lambda: binary_cross_entropy(1, 0.5, reduction="max")),
    "mse reduction": ("reduction", lambda: mse([1.0], [0.0], reduction="Mean")),
    # temperature
    "softmax temperature 0": ("temperature", lambda: softmax([1.0, 2.0], temperature=0)),
    "softmax temperature negative": ("temperature", lambda: softmax([1.0, 2.0], temperature=-1.0)),
    "log_softmax temperature 0": ("temperature", lambda: log_softmax([1.0, 2.0], temperature=0.0)),
    "softmax temperature nan": ("temperature", lambda: softmax([1.0, 2.0], temperature=np.nan)),
    "softmax temperature inf": ("temperature", lambda: softmax([1.0, 2.0], temperature=np.inf)),
    # axis
    "softmax axis too large": ("axis", lambda: softmax([[1.0, 2.0]], axis=2)),
    "softmax axis too small": ("axis", lambda: softmax([[1.0, 2.0]], axis=-3)),
    "softmax axis float": ("axis", lambda: softmax([1.0, 2.0], axis=0.0)),
    "softmax axis bool": ("axis", lambda: softmax([1.0, 2.0], axis=True)),
    "softmax of a scalar": ("axis", lambda: softmax(1.0)),
    "ce axis": ("axis", lambda: cross_entropy(0, [0.5, 0.5], axis=1)),
    "ce axis from logits": ("axis", lambda: cross_entropy(0, [0.0, 0.0], from_logits=True, axis=-2)),
    "entropy axis": ("axis", lambda: entropy([0.5, 0.5], axis=1)),
    "kl axis": ("axis", lambda: kl_divergence([0.5, 0.5], [0.5, 0.5], axis=3)),
    # label smoothing
    "label_smoothing 1": ("label_smoothing", lambda: cross_entropy(0, [0.5, 0.5], label_smoothing=1.0)),
    "label_smoothing negative": (
        "label_smoothing",
        lambda: cross_entropy(0, [0.5, 0.5], label_smoothing=-0.1),
    ),
    "label_smoothing nan": ("label_smoothing", lambda: cross_entropy(0, [0.5, 0.5], label_smoothing=np.nan)),
    # weight
    "weight negative": ("weight", lambda: cross_entropy(0, [0.5, 0.5], weight=[1.0, -1.0])),
    "weight too short": ("weight", lambda: cross_entropy(0, [0.5, 0.5], weight=[1.0])),
    "weight too long": ("weight", lambda: cross_entropy(0, [0.5, 0.5], weight=[1.0, 1.0, 1.0])),
    "weight nan": ("weight", lambda: cross_entropy(0, [0.5, 0.5], weight=[1.0, np.nan])),
    "weight inf": ("weight", lambda: cross_entropy(0, [0.5, 0.5], weight=[1.0, np.inf])),
    # +inf logits
    "ce +inf logit": ("predicted", lambda: cross_entropy(0, [np.inf, 0.0], from_logits=True)),
    "softmax +inf logit": ("logits", lambda: softmax([np.inf, 0.0])),
    "softmax all -inf": ("logits", lambda: softmax([-np.inf, -np.inf])),
    "ce grad +inf logit": ("logits", lambda: cross_entropy_grad(0, [np.inf, 0.0])),
    "mse inf": ("predicted", lambda: mse([1.0], [np.inf])),
    # perplexity
    "perplexity negative": ("mean_cross_entropy", lambda: perplexity(-0.1)),
    # empty and non-numeric
    "ce predicted empty": ("predicted", lambda: cross_entropy([], [])),
    "entropy p text": ("p", lambda: entropy(["a", "b"])),
}

BAD_BASES = [1, 1.0, 0, -2, math.inf, -math.inf, math.nan, "2", True, None]


@pytest.mark.parametrize(("name", "compute"), BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_raises_value_error_naming_the_argument(name, compute):
    with raises_for(name):
        compute()


@pytest.mark.parametrize("base", BAD_BASES, ids=repr)
@pytest.mark.parametrize(
    "loss",
    [
        lambda base: cross_entropy(0, [0.5, 0.5], base=base),
        lambda base: binary_cross_entropy(1, 0.5, base=base),
        lambda base: entropy([0.5, 0.5], base=base),
        lambda base: kl_divergence([0.5, 0.5], [0.5, 0.5], base=base),
        lambda base: perplexity(1.0, base=base),
    ],
    ids=["cross_entropy", "binary_cross_entropy", "entropy", "kl_divergence", "perplexity"],
)
def test_bad_base_raises_value_error_naming_base(loss, base):
    with raises_for("base"):
        loss(base)


def test_sum_tolerance_is_one_in_a_million():
    with raises_for("predicted"):
        cross_entropy(0, [0.5, 0.5 + 2e-6])
    with raises_for("predicted"):
        cross_entropy(0, [0.5, 0.5 - 2e-6])
    almost = [0.5, 0.5 + 1e-7]
    assert cross_entropy(0, almost) == pytest.approx(-math.log(0.5), rel=1e-12)
    assert cross_entropy(almost, [0.5, 0.5]) == pytest.approx(math.log(2) * (1 + 1e-7), rel=1e-12)
    assert float(entropy(almost)) > 0
    assert float(kl_divergence(almost, [0.5, 0.5])) == pytest.approx(0.0, abs=1e-6)
