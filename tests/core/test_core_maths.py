"""Cross-check the maths in core/ against independent references (scipy, sklearn, numpy, finite differences).

Every expected value here is computed by a reference that does not call core/, on random and on
adversarial inputs: probabilities as small as 5e-324, exact 0 and 1, logits up to +-1e4 and -inf.
"""

import math

import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.metrics import log_loss, mean_squared_error

from core import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    binary_mse_grad,
    cross_entropy,
    cross_entropy_grad,
    entropy,
    kl_divergence,
    log_sigmoid,
    log_softmax,
    logit,
    mse,
    mse_grad,
    perplexity,
    sigmoid,
    softmax,
)

RTOL = 1e-12
ATOL = 1e-12

# ---------------------------------------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------------------------------------

SPECIAL_LOGITS = [0.0, -0.0, 1e-300, -1e-300, 1.0, -1.0, 700.0, -700.0, 800.0, -800.0, 1e4, -1e4]
SPECIAL_MASSES = [0.0, 5e-324, 1e-300, 1e-150, 1e-12, 0.5, 1.0]
bases = st.sampled_from([math.e, 2, 10, 3.7])
temperatures = st.one_of(st.sampled_from([1.0, 0.01, 0.5, 2.0, 100.0]), st.floats(0.05, 20.0))
shapes = st.tuples(st.integers(1, 20), st.integers(2, 12))


def finite_logit(bound=1e4):
    """A finite logit in [-bound, bound], often one of the awkward values."""
    specials = [value for value in SPECIAL_LOGITS if abs(value) <= bound]
    return st.one_of(st.sampled_from(specials), st.floats(-bound, bound))


@st.composite
def logit_arrays(draw, bound=1e4, allow_neg_inf=True, shape=None):
    """An (N, K) logit array; some entries may be -inf, but never a whole row."""
    shape = draw(shapes) if shape is None else shape
    z = draw(arrays(float, shape, elements=finite_logit(bound)))
    if allow_neg_inf:
        dropped = draw(arrays(bool, shape))
        dropped[:, draw(st.integers(0, shape[1] - 1))] = False
        z[dropped] = -np.inf
    return z


@st.composite
def distributions(draw, shape=None, masses=None):
    """An (N, K) array whose rows are probability distributions, with zeros and tiny masses."""
    shape = draw(shapes) if shape is None else shape
    if masses is None:
        masses = st.one_of(st.sampled_from(SPECIAL_MASSES), st.floats(0.0, 1.0))
    weights = draw(arrays(float, shape, elements=masses))
    empty = weights.sum(axis=1) == 0
    weights[empty, draw(st.integers(0, shape[1] - 1))] = 1.0
    return weights / weights.sum(axis=1, keepdims=True)


def class_indices(shape):
    """Class indices for N samples of K classes."""
    n_samples, n_classes = shape
    return arrays(np.int64, (n_samples,), elements=st.integers(0, n_classes - 1))


@st.composite
def targets_for(draw, shape):
    """Either class indices or a (soft or one-hot) target distribution for an (N, K) prediction."""
    kind = draw(st.sampled_from(["indices", "one-hot", "soft"]))
    if kind == "soft":
        return draw(distributions(shape=shape)), None
    indices = draw(class_indices(shape))
    if kind == "one-hot":
        return np.eye(shape[1])[indices], None
    return indices, indices


# ---------------------------------------------------------------------------------------------------------
# Independent references
# ---------------------------------------------------------------------------------------------------------


def as_distribution(target, n_classes):
    """Class indices become one-hot rows; a distribution is returned as it is."""
    target = np.asarray(target)
    if target.ndim == 1 and target.dtype.kind == "i":
        return np.eye(n_classes)[target]
    return np.asarray(target, dtype=float)


def reference_cross_entropy(
    target, q=None, *, log_q=None, reduction="mean", label_smoothing=0.0, weight=None, base=math.e
):
    """PyTorch's cross-entropy rule, built from xlogy (probabilities) or a given log q (logits)."""
    reference_q = q if q is not None else np.exp(log_q)
    n_classes = reference_q.shape[-1]
    indices = np.asarray(target) if np.asarray(target).dtype.kind == "i" else None
    p = as_distribution(target, n_classes)
    p = (1 - label_smoothing) * p + label_smoothing / n_classes
    w = np.ones(n_classes) if weight is None else np.asarray(weight, dtype=float)
    if log_q is None:
        per_sample = -scipy.special.xlogy(w * p, q).sum(axis=-1)
    else:
        terms = np.zeros_like(p)
        has_mass = w * p > 0
        terms[has_mass] = (w * p)[has_mass] * log_q[has_mass]
        per_sample = -terms.sum(axis=-1)
    per_sample = per_sample / math.log(base)
    if reduction == "none":
        return per_sample
    if reduction == "sum":
        return per_sample.sum()
    if weight is not None and indices is not None:
        return per_sample.sum() / w[indices].sum()
    return per_sample.mean()


def reference_binary_cross_entropy(y, p, base=math.e):
    """Per-sample -(y log p + (1 - y) log(1 - p)) via xlogy."""
    return -(scipy.special.xlogy(y, p) + scipy.special.xlogy(1 - y, 1 - p)) / math.log(base)


def central_difference(loss_per_row, z, h=1e-5):
    """d loss_n / d z_nj for every n, j, perturbing one column at a time."""
    grad = np.zeros_like(z)
    for j in range(z.shape[-1]):
        step = np.zeros_like(z)
        step[..., j] = h
        grad[..., j] = (loss_per_row(z + step) - loss_per_row(z - step)) / (2 * h)
    return grad


# ---------------------------------------------------------------------------------------------------------
# softmax / log_softmax / sigmoid / log_sigmoid
# ---------------------------------------------------------------------------------------------------------


@given(z=logit_arrays(), temperature=temperatures)
def test_softmax_matches_scipy_on_scaled_logits(z, temperature):
    expected = scipy.special.softmax(z / temperature, axis=-1)
    got = softmax(z, temperature=temperature)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(got.sum(axis=-1), 1.0, rtol=0, atol=1e-12)
    assert np.all(got[np.isneginf(z)] == 0.0)


@given(z=logit_arrays(), temperature=temperatures)
def test_log_softmax_matches_scipy_on_scaled_logits(z, temperature):
    expected = scipy.special.log_softmax(z / temperature, axis=-1)
    got = log_softmax(z, temperature=temperature)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
    assert np.all(np.isneginf(got) == np.isneginf(z))


@given(z=logit_arrays())
def test_softmax_and_log_softmax_along_axis_0(z):
    np.testing.assert_allclose(
        softmax(z.T, axis=0), scipy.special.softmax(z.T, axis=0), rtol=1e-12, atol=1e-300
    )
    np.testing.assert_allclose(
        log_softmax(z.T, axis=0), scipy.special.log_softmax(z.T, axis=0), rtol=1e-12, atol=1e-12
    )
    np.testing.assert_allclose(softmax(z.T, axis=0).sum(axis=0), 1.0, rtol=0, atol=1e-12)


@given(
    z=arrays(float, st.integers(1, 50), elements=st.one_of(finite_logit(), st.just(-np.inf), st.just(np.inf)))
)
def test_sigmoid_and_log_sigmoid_match_scipy(z):
    np.testing.assert_allclose(sigmoid(z), scipy.special.expit(z), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(log_sigmoid(z), scipy.special.log_expit(z), rtol=1e-12, atol=1e-12)


@given(
    p=arrays(float, st.integers(1, 50), elements=st.one_of(st.sampled_from(SPECIAL_MASSES), st.floats(0, 1)))
)
def test_logit_matches_scipy_and_inverts_sigmoid(p):
    np.testing.assert_allclose(logit(p), scipy.special.logit(p), rtol=1e-12, atol=1e-12)
    inside = p[(p > 0) & (p < 0.999)]
    if inside.size:
        np.testing.assert_allclose(sigmoid(logit(inside)), inside, rtol=1e-12, atol=0)


# ---------------------------------------------------------------------------------------------------------
# cross_entropy
# ---------------------------------------------------------------------------------------------------------


@st.composite
def cross_entropy_cases(draw):
    """A prediction q, a target (indices or distribution) and the keyword options."""
    shape = draw(shapes)
    q = draw(distributions(shape=shape))
    target, indices = draw(targets_for(shape))
    options = {
        "reduction": draw(st.sampled_from(["none", "mean", "sum"])),
        "label_smoothing": draw(st.sampled_from([0.0, 0.1, 0.5, 0.999])),
        "base": draw(bases),
    }
    if draw(st.booleans()):
        options["weight"] = draw(
            arrays(float, shape[1], elements=st.one_of(st.just(0.0), st.floats(0.01, 10.0)))
        )
        if indices is not None:
            assume(options["weight"][indices].sum() > 0)  # PyTorch's weighted mean divides by this
    return target, q, options


@given(case=cross_entropy_cases())
def test_cross_entropy_matches_xlogy_reference(case):
    target, q, options = case
    expected = reference_cross_entropy(target, q, **options)
    got = cross_entropy(target, q, **options)
    if options["reduction"] != "none":
        assert isinstance(got, float)
    np.testing.assert_allclose(got, expected, rtol=RTOL, atol=ATOL)


@given(z=logit_arrays(), data=st.data())
def test_cross_entropy_from_logits_matches_log_softmax_reference(z, data):
    target, _ = data.draw(targets_for(z.shape))
    reduction = data.draw(st.sampled_from(["none", "mean", "sum"]))
    expected = reference_cross_entropy(
        target, log_q=scipy.special.log_softmax(z, axis=-1), reduction=reduction
    )
    got = cross_entropy(target, z, from_logits=True, reduction=reduction)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


@given(z=logit_arrays(bound=30.0), data=st.data())
def test_cross_entropy_from_logits_equals_from_probabilities(z, data):
    target, _ = data.draw(targets_for(z.shape))
    via_logits = cross_entropy(target, z, from_logits=True, reduction="none")
    via_probabilities = cross_entropy(target, scipy.special.softmax(z, axis=-1), reduction="none")
    np.testing.assert_allclose(via_logits, via_probabilities, rtol=1e-9, atol=1e-12)


@given(case=cross_entropy_cases())
def test_cross_entropy_along_axis_0_matches_axis_last(case):
    target, q, options = case
    target_t = target if np.asarray(target).ndim == 1 else target.T
    np.testing.assert_allclose(
        cross_entropy(target_t, q.T, axis=0, **options),
        cross_entropy(target, q, **options),
        rtol=1e-12,
        atol=0,
    )


@given(q=distributions(), data=st.data())
def test_cross_entropy_in_bits_is_nats_over_ln_2(q, data):
    target, _ = data.draw(targets_for(q.shape))
    nats = cross_entropy(target, q, reduction="none")
    bits = cross_entropy(target, q, reduction="none", base=2)
    np.testing.assert_allclose(bits, nats / math.log(2), rtol=1e-12, atol=0)


@given(
    q=distributions(masses=st.floats(1e-4, 1.0)),
    data=st.data(),
)
def test_cross_entropy_matches_sklearn_log_loss(q, data):
    y = data.draw(class_indices(q.shape))
    labels = np.arange(q.shape[1])
    assert q.min() >= 1e-6 and q.max() <= 1 - 1e-6  # sklearn clips near 0 and 1
    np.testing.assert_allclose(cross_entropy(y, q), log_loss(y, q, labels=labels), rtol=1e-12)
    weight = data.draw(arrays(float, q.shape[1], elements=st.floats(0.1, 10.0)))
    # PyTorch's class-weighted mean, sum_n w_{y_n} l_n / sum_n w_{y_n}, is sklearn's sample-weighted mean.
    np.testing.assert_allclose(
        cross_entropy(y, q, weight=weight),
        log_loss(y, q, labels=labels, sample_weight=weight[y]),
        rtol=1e-12,
    )


def test_cross_entropy_weight_rule_by_hand():
    q = np.array([[0.7, 0.2, 0.1], [0.1, 0.6, 0.3]])
    weight = np.array([1.0, 3.0, 5.0])
    losses = [-math.log(0.7), -math.log(0.6)]
    with_indices = (1.0 * losses[0] + 3.0 * losses[1]) / (1.0 + 3.0)
    assert cross_entropy([0, 1], q, weight=weight) == pytest.approx(with_indices, rel=1e-12)
    with_one_hot = (1.0 * losses[0] + 3.0 * losses[1]) / 2
    assert cross_entropy(np.eye(3)[[0, 1]], q, weight=weight) == pytest.approx(with_one_hot, rel=1e-12)


def test_label_smoothing_spreads_eps_over_all_classes():
    eps, q = 0.1, [0.7, 0.2, 0.1]
    smoothed = [1 - eps + eps / 3, eps / 3, eps / 3]
    expected = -sum(p_i * math.log(q_i) for p_i, q_i in zip(smoothed, q, strict=True))
    assert cross_entropy(0, q, label_smoothing=eps) == pytest.approx(expected, rel=1e-12)


# ---------------------------------------------------------------------------------------------------------
# binary_cross_entropy
# ---------------------------------------------------------------------------------------------------------

label_values = st.one_of(st.sampled_from([0.0, 1.0, 0.5, 1e-300, 1 - 1e-16]), st.floats(0.0, 1.0))
probability_values = st.one_of(st.sampled_from(SPECIAL_MASSES + [1 - 1e-16]), st.floats(0.0, 1.0))


@given(
    yp=st.integers(1, 20).flatmap(
        lambda n: st.tuples(
            arrays(float, n, elements=label_values), arrays(float, n, elements=probability_values)
        )
    ),
    reduction=st.sampled_from(["none", "mean", "sum"]),
    base=bases,
)
def test_binary_cross_entropy_matches_xlogy_reference(yp, reduction, base):
    y, p = yp
    per_sample = reference_binary_cross_entropy(y, p, base)
    expected = {"none": per_sample, "mean": per_sample.mean(), "sum": per_sample.sum()}[reduction]
    np.testing.assert_allclose(
        binary_cross_entropy(y, p, reduction=reduction, base=base), expected, rtol=1e-12
    )


@given(
    yz=st.integers(1, 20).flatmap(
        lambda n: st.tuples(
            arrays(float, n, elements=label_values),
            arrays(float, n, elements=st.one_of(finite_logit(), st.sampled_from([-np.inf, np.inf]))),
        )
    )
)
def test_binary_cross_entropy_from_logits_matches_log_expit_reference(yz):
    y, z = yz
    expected = np.zeros_like(z)
    for n in range(z.size):  # 0 * log 0 = 0, and -log sigmoid(z) is log_expit's job
        if y[n] > 0:
            expected[n] -= y[n] * scipy.special.log_expit(z[n])
        if y[n] < 1:
            expected[n] -= (1 - y[n]) * scipy.special.log_expit(-z[n])
    np.testing.assert_allclose(
        binary_cross_entropy(y, z, from_logits=True, reduction="none"), expected, rtol=1e-12
    )


@given(
    yz=st.integers(1, 20).flatmap(
        lambda n: st.tuples(
            arrays(float, n, elements=label_values), arrays(float, n, elements=st.floats(-15, 15))
        )
    )
)
def test_binary_cross_entropy_from_logits_equals_from_probabilities(yz):
    # Beyond |z| ~ 15, 1 - expit(z) keeps few significant digits, so only the logit path stays accurate.
    y, z = yz
    np.testing.assert_allclose(
        binary_cross_entropy(y, z, from_logits=True, reduction="none"),
        binary_cross_entropy(y, scipy.special.expit(z), reduction="none"),
        rtol=1e-8,
        atol=1e-12,
    )


@given(
    yp=st.integers(1, 20).flatmap(
        lambda n: st.tuples(
            arrays(np.int64, n, elements=st.integers(0, 1)),
            arrays(float, n, elements=st.floats(1e-6, 1 - 1e-6)),
        )
    )
)
def test_binary_cross_entropy_matches_sklearn_log_loss(yp):
    y, p = yp
    np.testing.assert_allclose(binary_cross_entropy(y, p), log_loss(y, p, labels=[0, 1]), rtol=1e-12)


def test_binary_cross_entropy_soft_label_by_hand():
    expected = -(0.3 * math.log(0.8) + 0.7 * math.log(0.2))
    assert binary_cross_entropy(0.3, 0.8) == pytest.approx(expected, rel=1e-12)


# ---------------------------------------------------------------------------------------------------------
# mse
# ---------------------------------------------------------------------------------------------------------


@given(
    pair=shapes.flatmap(
        lambda shape: st.tuples(
            arrays(float, shape, elements=st.floats(-1e3, 1e3)),
            arrays(float, shape, elements=st.floats(-1e3, 1e3)),
        )
    )
)
def test_mse_matches_numpy_and_sklearn(pair):
    target, predicted = pair
    squared = (predicted - target) ** 2
    np.testing.assert_allclose(mse(target, predicted, reduction="none"), squared, rtol=0, atol=0)
    np.testing.assert_allclose(mse(target, predicted, reduction="sum"), squared.sum(), rtol=1e-12)
    np.testing.assert_allclose(
        mse(target, predicted), mean_squared_error(target, predicted), rtol=1e-12, atol=1e-12
    )


# ---------------------------------------------------------------------------------------------------------
# entropy, KL divergence, perplexity
# ---------------------------------------------------------------------------------------------------------


@given(p=distributions(), base=bases)
def test_entropy_matches_scipy(p, base):
    got = entropy(p, base=base)
    np.testing.assert_allclose(
        got, scipy.special.entr(p).sum(axis=-1) / math.log(base), rtol=1e-12, atol=1e-15
    )
    np.testing.assert_allclose(got, scipy.stats.entropy(p, base=base, axis=-1), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(entropy(p.T, axis=0, base=base), got, rtol=1e-12, atol=0)


@given(
    pq=shapes.flatmap(lambda shape: st.tuples(distributions(shape=shape), distributions(shape=shape))),
    base=bases,
)
def test_kl_divergence_matches_scipy_rel_entr(pq, base):
    p, q = pq
    got = kl_divergence(p, q, base=base)
    np.testing.assert_allclose(
        got, scipy.special.rel_entr(p, q).sum(axis=-1) / math.log(base), rtol=1e-12, atol=1e-12
    )
    assert np.all(got >= -1e-12)  # rows sum to 1 only up to rounding, so Gibbs' >= 0 holds up to it too
    assert np.all(np.isposinf(got) == ((q == 0) & (p > 0)).any(axis=-1))
    assert np.all(kl_divergence(p, p) == 0.0)


@given(pq=shapes.flatmap(lambda shape: st.tuples(distributions(shape=shape), distributions(shape=shape))))
def test_cross_entropy_is_entropy_plus_kl(pq):
    p, q = pq
    np.testing.assert_allclose(
        cross_entropy(p, q, reduction="none"), entropy(p) + kl_divergence(p, q), rtol=1e-9, atol=1e-12
    )


def test_kl_is_infinite_where_q_misses_mass_and_asymmetric():
    assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(math.log(2), rel=1e-12)
    p, q = [0.5, 0.5], [0.9, 0.1]
    forward = 0.5 * math.log(0.5 / 0.9) + 0.5 * math.log(0.5 / 0.1)
    backward = 0.9 * math.log(0.9 / 0.5) + 0.1 * math.log(0.1 / 0.5)
    assert kl_divergence(p, q) == pytest.approx(forward, rel=1e-12)
    assert kl_divergence(q, p) == pytest.approx(backward, rel=1e-12)
    assert abs(forward - backward) > 0.1


@given(q=distributions(masses=st.floats(1e-3, 1.0)), data=st.data())
def test_perplexity_is_exp_of_mean_cross_entropy(q, data):
    y = data.draw(class_indices(q.shape))
    true_class_probabilities = q[np.arange(len(y)), y]
    geometric_mean_inverse = math.exp(-np.log(true_class_probabilities).mean())
    assert perplexity(cross_entropy(y, q)) == pytest.approx(geometric_mean_inverse, rel=1e-9)
    assert perplexity(cross_entropy(y, q, base=2), base=2) == pytest.approx(geometric_mean_inverse, rel=1e-9)


@pytest.mark.parametrize("n_classes", [2, 3, 10, 12])
def test_perplexity_of_uniform_guess_is_number_of_classes(n_classes):
    uniform = np.full(n_classes, 1 / n_classes)
    assert perplexity(cross_entropy(0, uniform)) == pytest.approx(n_classes, rel=1e-12)
    assert perplexity(cross_entropy(0, uniform, base=2), base=2) == pytest.approx(n_classes, rel=1e-12)


def test_perplexity_by_hand():
    assert perplexity(1.0) == pytest.approx(math.e, rel=1e-15)
    assert perplexity(3.0, base=2) == pytest.approx(8.0, rel=1e-15)
    assert perplexity(0.0) == 1.0


# ---------------------------------------------------------------------------------------------------------
# Gradients, checked by central finite differences of the matching loss
# ---------------------------------------------------------------------------------------------------------

moderate_logits = st.tuples(st.integers(1, 20), st.integers(2, 12)).flatmap(
    lambda shape: logit_arrays(bound=8.0, allow_neg_inf=False, shape=shape)
)


@given(z=moderate_logits, data=st.data())
def test_cross_entropy_grad_matches_finite_differences(z, data):
    target, _ = data.draw(targets_for(z.shape))
    numeric = central_difference(lambda zz: cross_entropy(target, zz, from_logits=True, reduction="none"), z)
    got = cross_entropy_grad(target, z)
    np.testing.assert_allclose(got, numeric, rtol=0, atol=1e-6)
    np.testing.assert_allclose(got.sum(axis=-1), 0.0, rtol=0, atol=1e-12)


@given(z=moderate_logits, data=st.data())
def test_mse_grad_matches_finite_differences(z, data):
    target, _ = data.draw(targets_for(z.shape))
    p = as_distribution(target, z.shape[1])
    numeric = central_difference(lambda zz: mse(p, softmax(zz), reduction="none").mean(axis=-1), z)
    np.testing.assert_allclose(mse_grad(target, z), numeric, rtol=0, atol=1e-7)


binary_pairs = st.integers(1, 20).flatmap(
    lambda n: st.tuples(arrays(float, n, elements=label_values), arrays(float, n, elements=st.floats(-8, 8)))
)


@given(yz=binary_pairs)
def test_binary_cross_entropy_grad_matches_finite_differences(yz):
    y, z = yz
    h = 1e-5
    loss = lambda zz: binary_cross_entropy(y, zz, from_logits=True, reduction="none")  # noqa: E731
    numeric = (loss(z + h) - loss(z - h)) / (2 * h)
    np.testing.assert_allclose(binary_cross_entropy_grad(y, z), numeric, rtol=0, atol=1e-6)


@given(yz=binary_pairs)
def test_binary_mse_grad_matches_finite_differences(yz):
    y, z = yz
    h = 1e-5
    loss = lambda zz: mse(y, sigmoid(zz), reduction="none")  # noqa: E731
    numeric = (loss(z + h) - loss(z - h)) / (2 * h)
    np.testing.assert_allclose(binary_mse_grad(y, z), numeric, rtol=0, atol=1e-7)


def test_mse_gradient_vanishes_when_confidently_wrong_but_cross_entropy_does_not():
    assert abs(float(binary_mse_grad(1.0, -10.0))) < 1e-3
    assert abs(float(binary_cross_entropy_grad(1.0, -10.0))) > 0.99
    wrong_logits = [-10.0, 10.0, 0.0]
    assert np.abs(mse_grad(0, wrong_logits)).max() < 1e-3
    assert abs(cross_entropy_grad(0, wrong_logits)[0]) > 0.99


@given(k=st.integers(2, 12), data=st.data())
def test_where_every_logit_is_equal_msees_push_is_2_over_k_squared_of_cross_entropys(k, data):
    """The finite-difference gradients of both losses at equal logits, for a random soft target."""
    from core.losses import mse_push_share_when_unsure

    weights = data.draw(arrays(float, k, elements=st.floats(0.01, 1)))
    p = weights / weights.sum()
    assume(np.abs(p - 1 / k).max() > 0.01)  # else both pushes are all but 0, and the differences are noise
    z = np.full((1, k), data.draw(st.floats(-3, 3)))
    ce = central_difference(lambda zz: cross_entropy(p[None], zz, from_logits=True, reduction="none"), z)
    squared = central_difference(lambda zz: mse(p[None], softmax(zz), reduction="none").mean(axis=-1), z)
    assert mse_push_share_when_unsure(k) == pytest.approx(
        np.linalg.norm(squared) / np.linalg.norm(ce), rel=1e-5
    )


@given(losses=arrays(float, st.integers(1, 40), elements=st.floats(0, 50)), share=st.floats(0.05, 1))
def test_top_share_count_is_the_fewest_costliest_rows_reaching_the_share(losses, share):
    """Checked by trying every k in turn, costliest rows first, with exact sums."""
    from core.losses import top_share_count

    costliest = sorted(losses.tolist(), reverse=True)
    total = math.fsum(costliest)
    assume(total > 0)
    running = [math.fsum(costliest[:k]) for k in range(1, len(costliest) + 1)]
    assume(all(abs(part - share * total) > 1e-9 * total for part in running[:-1]))  # no tie at the share
    fewest = next(k for k, part in enumerate(running, start=1) if part >= share * total * (1 - 1e-12))
    assert top_share_count(losses, share) == fewest
