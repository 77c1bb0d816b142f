"""Each myth's counterexample holds: its property is recomputed here with NumPy/SciPy, not read from core."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import expit, log_softmax, softmax
from scipy.stats import entropy

from core import misconceptions as mc
from core.training import make_blobs


def test_a_model_with_the_higher_loss_can_have_the_higher_accuracy():
    n = mc.loss_against_accuracy(0.02)
    a, b = np.array([0.9, 0.9, 0.9, 0.02]), np.full(4, 0.45)
    assert n["loss_a"] == pytest.approx(-np.log(a).mean()) and n["loss_b"] == pytest.approx(-np.log(0.45))
    assert n["loss_a"] > n["loss_b"] and n["accuracy_a"] == 0.75 > n["accuracy_b"] == 0.0
    assert (a >= 0.5).mean() == 0.75 and (b >= 0.5).mean() == 0.0


@pytest.mark.parametrize("k", [3, 10, 20])
def test_a_wrong_prediction_can_cost_less_than_log_k(k):
    n = mc.below_log_k(k, 0.4)  # above 1/K, below 0.5: cheaper than log K, still wrong
    assert n["q"].sum() == pytest.approx(1) and (n["q"] >= 0).all()
    assert n["predicted"] != 0 and int(np.argmax(n["q"])) != 0
    assert n["loss"] == pytest.approx(-math.log(0.4)) and n["log_k"] == pytest.approx(math.log(k))
    assert n["loss"] < n["log_k"]


def test_cross_entropy_is_not_symmetric_and_not_zero_at_p_equal_q():
    n = mc.swapped(0.9, 0.5)
    p, q = np.array([0.9, 0.1]), np.array([0.5, 0.5])
    assert n["h_pq"] == pytest.approx(-(p * np.log(q)).sum()) and n["h_qp"] == pytest.approx(
        -(q * np.log(p)).sum()
    )
    assert abs(n["h_pq"] - n["h_qp"]) > 0.1
    assert n["kl_pq"] == pytest.approx(entropy(p, q)) and n["kl_qp"] == pytest.approx(entropy(q, p))
    same = mc.swapped(0.3, 0.3)
    assert same["h_pq"] == same["h_p"] == pytest.approx(entropy([0.3, 0.7])) and same["h_p"] > 0.5


def test_a_wrong_class_logit_moves_the_loss_and_soft_labels_see_the_split():
    losses = [mc.wrong_logit_effect(z)["loss"] for z in (-5.0, 0.0, 5.0)]
    expected = [-log_softmax([2.0, z, 0.0])[0] for z in (-5.0, 0.0, 5.0)]
    assert losses == pytest.approx(expected) and losses[0] < losses[1] < losses[2]
    splits = [mc.soft_label_split(s) for s in (0.05, 2 / 3, 0.95)]
    assert [s["one_hot"] for s in splits] == pytest.approx([-math.log(0.7)] * 3)
    soft = [-(np.array([0.7, 0.2, 0.1]) * np.log(s["q"])).sum() for s in splits]
    assert [s["soft"] for s in splits] == pytest.approx(soft)
    assert soft[1] < soft[0] and soft[1] < soft[2]


def test_softmax_outputs_need_not_be_calibrated():
    x = np.linspace(-4, 4, 81)
    for scale, sign in ((3.0, 1), (1.0, 0), (0.5, -1)):
        q, f = expit(scale * x), expit(x)
        confidence, accuracy = np.maximum(q, 1 - q).mean(), np.where(q >= 0.5, f, 1 - f).mean()
        n = mc.calibration(scale)
        assert (n["confidence"], n["accuracy"]) == pytest.approx((confidence, accuracy))
        assert np.sign(round(confidence - accuracy, 9)) == sign
    expected = [
        -(expit(x) * np.log(expit(s * x)) + expit(-x) * np.log(expit(-s * x))).mean() for s in (0.5, 1, 3)
    ]
    assert [mc.calibration(s)["cross_entropy"] for s in (0.5, 1, 3)] == pytest.approx(expected)
    assert expected[1] < min(expected[0], expected[2])


def test_mse_trains_from_a_small_start_and_stalls_from_a_saturated_one():
    small, saturated = mc.mse_training(2.0), mc.mse_training(8.0)
    assert small["mse"][0] is not None and small["mse"][0] > small["cross_entropy"][0]
    assert saturated["mse"][0] is None and saturated["mse"][1] < 0.9 <= saturated["cross_entropy"][1]
    X, y = make_blobs(**mc.LAB)
    assert len(y) == 120 and saturated["mse"][2].shape == (mc.LAB_STEPS + 1,)
    assert np.all(np.isin(saturated["mse"][2] * len(y), np.arange(len(y) + 1)))  # accuracies are counts / N


@pytest.mark.parametrize("gap", [-10.0, -5.0, 0.0, 3.0, 10.0])
def test_a_double_softmax_flattens_the_loss_and_shrinks_the_gradient(gap):
    z = np.array([gap, 0.0, 0.0])
    n = mc.double_softmax(gap)
    assert n["loss"] == pytest.approx(-log_softmax(z)[0])
    assert n["double_loss"] == pytest.approx(-log_softmax(softmax(z))[0])

    def doubled(logits):
        return -log_softmax(softmax(logits))[0]

    step = 1e-6
    numeric = [(doubled(z + step * e) - doubled(z - step * e)) / (2 * step) for e in np.eye(3)]
    assert n["double_grad"] == pytest.approx(numeric, abs=1e-7)
    assert np.linalg.norm(n["double_grad"]) < np.linalg.norm(softmax(z) - [1, 0, 0])
    assert math.log1p(2 / math.e) - 1e-9 <= n["double_loss"] <= math.log1p(2 * math.exp(0.5))


@given(st.floats(-5, 5), st.floats(-5, 5), st.sampled_from([0, 1]))
def test_binary_cross_entropy_is_two_class_softmax_cross_entropy(z0, z1, y):
    n = mc.binary_as_two_class(z0, z1, y)
    expected = -np.log(expit(z1 - z0)) if y == 1 else -np.log(expit(z0 - z1))
    assert n["binary"] == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert n["two_class"] == pytest.approx(-log_softmax([z0, z1])[y], rel=1e-9, abs=1e-12)


@given(st.floats(0.01, 0.99))
def test_a_loss_in_bits_is_the_loss_in_nats_over_ln_2(q):
    n = mc.nats_and_bits(q)
    assert n["bits"] == pytest.approx(n["nats"] / math.log(2)) and n["nats"] == pytest.approx(-np.log(q))
