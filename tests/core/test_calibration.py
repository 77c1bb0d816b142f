"""Calibration: the reliability table against scikit-learn's calibration_curve, the ECE against a loop written
out by hand, and the fitted temperature against scipy.optimize.minimize_scalar.
"""

import math

import numpy as np
import pytest
import scipy.optimize
import scipy.special
from hypothesis import given
from hypothesis import strategies as st
from sklearn.calibration import calibration_curve
from sklearn.metrics import log_loss

from core.calibration import (
    expected_calibration_error,
    fit_temperature,
    reliability_table,
    temperature_scaled_loss,
    temperature_scaled_loss_grad,
)


def overconfident_model(n=300, n_classes=4, sharpness=3.0, seed=0):
    """Labels drawn from softmax(z), and a model that says sharpness * z, so that T* is near sharpness."""
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=1.5, size=(n, n_classes))
    q_true = scipy.special.softmax(z, axis=1)
    y = np.array([rng.choice(n_classes, p=row) for row in q_true])
    return y, sharpness * z


seeds = st.integers(0, 10_000)


@given(seed=seeds, bins=st.integers(1, 20), n_classes=st.integers(2, 6))
def test_the_reliability_table_is_sklearns_calibration_curve_of_confidence_and_hits(seed, bins, n_classes):
    # Random confidences never sit on a bin edge, where sklearn puts a tie in the lower bin and we the upper.
    y, z = overconfident_model(n=100, n_classes=n_classes, seed=seed)
    q = scipy.special.softmax(z, axis=1)
    correct = (q.argmax(axis=1) == y).astype(int)
    accuracy, confidence = calibration_curve(correct, q.max(axis=1), n_bins=bins, pos_label=1)

    table = reliability_table(y, q, bins=bins)
    np.testing.assert_allclose(table.accuracy, accuracy, rtol=1e-12)
    np.testing.assert_allclose(table.confidence, confidence, rtol=1e-12)
    assert table.count.sum() == len(y)
    np.testing.assert_allclose(table.high - table.low, 1 / bins, rtol=1e-12)


def ece_by_hand(y, q, bins):
    """sum_b (n_b / N) |acc_b - conf_b|, one sample at a time in plain Python."""
    totals = {}  # bin -> [count, sum of confidence, number correct]
    for label, row in zip(y, q.tolist(), strict=True):
        confidence = max(row)
        b = min(int(confidence * bins), bins - 1)
        entry = totals.setdefault(b, [0, 0.0, 0])
        entry[0] += 1
        entry[1] += confidence
        entry[2] += row.index(confidence) == label
    return sum(n / len(y) * abs(right / n - total / n) for n, total, right in totals.values())


@given(seed=seeds, bins=st.integers(1, 20))
def test_ece_is_the_hand_computation(seed, bins):
    y, z = overconfident_model(n=60, seed=seed)
    q = scipy.special.softmax(z, axis=1)
    assert expected_calibration_error(y, q, bins=bins) == pytest.approx(ece_by_hand(y, q, bins), rel=1e-12)


def test_ece_worked_example():
    # Confidences 0.9 (right), 0.7 (wrong), 0.7 (right) and 0.35 (a tie, so class 0: wrong), in 5 bins:
    # [0.2, 0.4): conf 0.35, acc 0; [0.6, 0.8): conf 0.7, acc 1/2; [0.8, 1]: conf 0.9, acc 1.
    y = [0, 1, 1, 2]
    q = [[0.9, 0.1, 0.0], [0.7, 0.3, 0.0], [0.2, 0.7, 0.1], [0.35, 0.3, 0.35]]
    table = reliability_table(y, q, bins=5)
    assert table.count.tolist() == [1, 2, 1]
    np.testing.assert_allclose(table.confidence, [0.35, 0.7, 0.9])
    np.testing.assert_allclose(table.accuracy, [0.0, 0.5, 1.0])
    expected = 0.25 * 0.35 + 0.5 * 0.2 + 0.25 * 0.1
    assert expected_calibration_error(y, q, bins=5) == pytest.approx(expected, rel=1e-12)


def test_a_calibrated_model_has_a_small_ece_and_an_overconfident_one_a_large_one():
    y, z = overconfident_model(n=4000, sharpness=1.0)
    assert expected_calibration_error(y, scipy.special.softmax(z, axis=1)) < 0.03
    assert expected_calibration_error(y, scipy.special.softmax(3 * z, axis=1)) > 0.1


def reference_loss(y, z, temperature):
    """Mean -log softmax(z / T)_y with scipy's log_softmax."""
    return -scipy.special.log_softmax(z / temperature, axis=1)[np.arange(len(y)), y].mean()


@given(seed=seeds, temperature=st.floats(0.1, 10))
def test_the_scaled_loss_is_scipys_and_its_gradient_the_finite_difference(seed, temperature):
    y, z = overconfident_model(n=50, seed=seed)
    expected = reference_loss(y, z, temperature)
    assert temperature_scaled_loss(y, z, temperature) == pytest.approx(expected, rel=1e-12)
    h = 1e-6 * temperature
    numeric = (reference_loss(y, z, temperature + h) - reference_loss(y, z, temperature - h)) / (2 * h)
    assert temperature_scaled_loss_grad(y, z, temperature) == pytest.approx(numeric, rel=1e-5, abs=1e-8)


@given(seed=seeds, sharpness=st.sampled_from([0.3, 1.0, 2.0, 3.0]))
def test_fit_temperature_matches_scipys_minimize_scalar(seed, sharpness):
    y, z = overconfident_model(n=200, sharpness=sharpness, seed=seed)
    bounds = (math.log(0.01), math.log(100.0))
    reference = scipy.optimize.minimize_scalar(
        lambda s: reference_loss(y, z, math.exp(s)), bounds=bounds, method="bounded", options={"xatol": 1e-10}
    )
    fitted = fit_temperature(y, z)
    assert fitted == pytest.approx(math.exp(reference.x), rel=1e-5)
    assert temperature_scaled_loss_grad(y, z, fitted) == pytest.approx(0.0, abs=1e-6)


def test_the_fitted_temperature_undoes_the_overconfidence():
    y, z = overconfident_model(n=4000, sharpness=3.0)
    fitted = fit_temperature(y, z)
    assert 2.6 < fitted < 3.4
    q = scipy.special.softmax(z / fitted, axis=1)  # away from 0, so log_loss's clipping never acts
    assert temperature_scaled_loss(y, z, fitted) == pytest.approx(log_loss(y, q), rel=1e-9)
    assert temperature_scaled_loss(y, z, fitted) < temperature_scaled_loss(y, z, 1.0)
    q = scipy.special.softmax(z, axis=1)
    assert expected_calibration_error(y, scipy.special.softmax(z / fitted, axis=1)) < 0.3 * (
        expected_calibration_error(y, q)
    )


def test_when_every_sample_is_right_the_temperature_runs_to_the_lower_bound():
    y, z = [0, 1], [[1.0, 0.0], [0.0, 1.0]]
    assert fit_temperature(y, z, bounds=(0.05, 20.0)) == pytest.approx(0.05, rel=1e-6)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: reliability_table([0, 1], [0.5, 0.5]), "predicted"),
        (lambda: reliability_table([0, 1], [[0.5, 0.6], [0.5, 0.5]]), "predicted"),
        (lambda: reliability_table([0, 2], [[0.5, 0.5], [0.5, 0.5]]), "target"),
        (lambda: reliability_table([0], [[0.5, 0.5], [0.5, 0.5]]), "target"),
        (lambda: reliability_table([0, 1], [[0.5, 0.5], [0.5, 0.5]], bins=0), "bins"),
        (lambda: expected_calibration_error([0.5, 1], [[0.5, 0.5], [0.5, 0.5]]), "target"),
        (lambda: temperature_scaled_loss([0], [[1.0, 0.0]], 0.0), "temperature"),
        (lambda: temperature_scaled_loss_grad([0], [[np.inf, 0.0]], 1.0), "logits"),
        (lambda: fit_temperature([0], [[1.0, 0.0]], bounds=(2.0, 1.0)), "bounds"),
        (lambda: fit_temperature([0], [[1.0, 0.0]], tol=0.0), "tol"),
    ],
)
def test_bad_arguments_name_themselves(call, name):
    with pytest.raises(ValueError, match=f"^{name}"):
        call()
