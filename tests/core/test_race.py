"""The batched trainer, the hidden layer and the fair race (core/race.py, core/mlp.py), each checked."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import log_softmax, softmax
from sklearn.metrics import accuracy_score, log_loss

from core.lab_data import N_TEST, N_TRAIN, make_data, make_moons, make_xor
from core.mlp import init_params
from core.race import LEARNING_RATES, class_grids, fastest, first_step_at, race, train_many
from core.training import gradients, make_blobs, steps_to_accuracy, train

TARGET = 0.9
SATURATION = {"init_scale": 8.0}  # the page's default and first preset


def _steps(step):
    return math.inf if step is None else step


# --- the hidden layer's gradients against finite differences -------------------------------------------


def reference_objective(X, y, params, loss, activation, weight_decay):
    """The objective written again from scratch with scipy: forward pass, loss, weight decay."""
    if len(params) == 2:
        Z = X @ params[0] + params[1]
    else:
        W1, b1, W2, b2 = params
        a = X @ W1 + b1
        h = np.tanh(a) if activation == "tanh" else np.maximum(a, 0)
        Z = h @ W2 + b2
    P = np.eye(Z.shape[1])[y]
    if loss == "cross_entropy":
        value = -(log_softmax(Z, axis=1) * P).sum(axis=1).mean()
    else:
        value = ((softmax(Z, axis=1) - P) ** 2).mean()
    return value + weight_decay / 2 * sum((W**2).sum() for W in params[::2])


def trained_gradient(X, y, params, loss, activation, weight_decay, init_scale=1.0):
    """The trainer's own gradient: one step at learning rate 1 moves the parameters by exactly -grad."""
    width = 0 if len(params) == 2 else params[0].shape[1]
    settings_ = {
        "width": width,
        "activation": activation,
        "weight_decay": weight_decay,
        "init_scale": init_scale,
    }
    run = train_many(X, y, [loss], [1.0], steps=1, **settings_)[0]
    for given_, used in zip(params, run.params_at(0), strict=True):
        np.testing.assert_array_equal(given_, used)  # the trainer started where the reference does
    return [before - after for before, after in zip(run.params_at(0), run.params_at(1), strict=True)], run


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
@pytest.mark.parametrize("activation", ["tanh", "relu"])
@given(seed=st.integers(0, 10_000), width=st.integers(2, 6), decay=st.sampled_from([0.0, 0.03]))
@settings(max_examples=15, deadline=None)
def test_hidden_layer_gradients_match_central_finite_differences(loss, activation, seed, width, decay):
    X, y = make_blobs(12, n_classes=3, seed=seed % 50)
    params = init_params(3, width=width, seed=0)  # train_many starts from seed 0's weights too
    analytic, run = trained_gradient(X, y, params, loss, activation, decay)
    eps = 1e-6
    for index, p in enumerate(params):
        numeric = np.zeros_like(p)
        for where in np.ndindex(p.shape):
            shifted = [q.copy() for q in params]
            shifted[index][where] += eps
            up = reference_objective(X, y, shifted, loss, activation, decay)
            shifted[index][where] -= 2 * eps
            down = reference_objective(X, y, shifted, loss, activation, decay)
            numeric[where] = (up - down) / (2 * eps)
        np.testing.assert_allclose(analytic[index], numeric, atol=2e-6)
    assert run.loss[0] == pytest.approx(reference_objective(X, y, list(params), loss, activation, decay))
    assert run.grad_norm[0] == pytest.approx(math.sqrt(sum((g**2).sum() for g in analytic)))


def test_the_linear_model_gradient_matches_the_unbatched_trainer():
    X, y = make_blobs()
    params = init_params(3, init_scale=2.0, seed=0)
    for loss in ("cross_entropy", "mse"):
        grad_W, grad_b = gradients(X, y, *params, loss=loss)
        analytic, _ = trained_gradient(X, y, params, loss, "tanh", 0.0, init_scale=2.0)
        np.testing.assert_allclose(analytic[0], grad_W, atol=1e-12)
        np.testing.assert_allclose(analytic[1], grad_b, atol=1e-12)


# --- batched against one run at a time -----------------------------------------------------------------


def test_batched_runs_equal_the_unbatched_trainer_run_by_run():
    X, y = make_blobs()
    losses, rates = ["cross_entropy", "mse", "mse", "cross_entropy"], [0.5, 0.5, 5, 0.02]
    batched = train_many(X, y, losses, rates, steps=60, init_scale=3.0, seed=4)
    for run, loss, rate in zip(batched, losses, rates, strict=True):
        alone = train(X, y, loss=loss, learning_rate=rate, steps=60, init_scale=3.0, seed=4)
        np.testing.assert_allclose(run.params[0], alone.weights, atol=1e-12)
        np.testing.assert_allclose(run.loss, alone.loss, atol=1e-12)
        np.testing.assert_allclose(run.cross_entropy, alone.cross_entropy, atol=1e-12)
        np.testing.assert_array_equal(run.accuracy, alone.accuracy)
        np.testing.assert_allclose(run.grad_norm, alone.grad_norm, atol=1e-12)


# --- the fair race -------------------------------------------------------------------------------------


@pytest.mark.parametrize("init_scale", [1.0, 8.0])
@pytest.mark.parametrize("n_classes", [2, 3])
def test_the_fair_race_shows_each_loss_at_its_fastest_rate_on_the_grid(init_scale, n_classes):
    X, y = make_blobs(n_classes=n_classes)
    result = race(X, y, init_scale=init_scale, steps=200)
    for loss in ("cross_entropy", "mse"):
        # the grid again, one rate at a time, with the old one-run trainer
        alone = {
            rate: train(X, y, loss=loss, learning_rate=rate, steps=200, init_scale=init_scale)
            for rate in LEARNING_RATES
        }
        reached = {rate: steps_to_accuracy(run, TARGET) for rate, run in alone.items()}
        assert result.grid[loss] == {float(rate): step for rate, step in reached.items()}
        fewest = min(_steps(step) for step in reached.values())
        chosen = result.runs[loss].learning_rate
        assert _steps(reached[chosen]) == fewest
        tied = [rate for rate, step in reached.items() if _steps(step) == fewest]
        # ties: the lower final loss (within 0.01 %), then the smaller rate
        lowest = min(alone[rate].loss[-1] for rate in tied)
        assert chosen == min(rate for rate in tied if alone[rate].loss[-1] <= lowest * (1 + 1e-4))
        np.testing.assert_allclose(result.runs[loss].accuracy, alone[chosen].accuracy)


def test_saturation_preset_mse_starts_with_a_vanishing_gradient_and_stays_slower_at_its_best():
    X, y = make_blobs()
    W, b = init_params(3, **SATURATION)
    lengths = {}
    for loss in ("cross_entropy", "mse"):
        grad_W, grad_b = gradients(X, y, W, b, loss=loss)
        lengths[loss] = math.sqrt((grad_W**2).sum() + (grad_b**2).sum())
    assert lengths["mse"] < lengths["cross_entropy"] / 10
    result = race(X, y, **SATURATION)
    assert result.runs["mse"].grad_norm[0] == pytest.approx(lengths["mse"])
    steps = {loss: result.grid[loss][run.learning_rate] for loss, run in result.runs.items()}
    assert steps["cross_entropy"] <= 2 and steps["mse"] >= 10 * steps["cross_entropy"]


def test_a_shared_rate_race_trains_both_at_that_rate():
    X, y = make_blobs()
    result = race(X, y, fair=False, learning_rate=0.2)
    assert [run.learning_rate for run in result.runs.values()] == [0.2, 0.2]
    assert list(result.grid["mse"]) == [0.2]


def test_fastest_breaks_ties_by_the_lower_final_loss_then_the_smaller_rate():
    runs = train_many(*make_blobs(overlap=1.0), ["cross_entropy"] * 3, [0.1, 1, 10], steps=20)
    assert all(first_step_at(run.accuracy, 0.99) is None for run in runs)
    assert fastest(runs, 0.99) is min(runs, key=lambda run: run.loss[-1])


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
def test_when_no_rate_reaches_the_target_the_race_shows_the_lowest_final_loss_not_an_under_trained_run(loss):
    """Issue 19, S1 3 (and 1): heavy overlap, where no rate reaches 90 %, showed cross-entropy at 0.05."""
    X, y, X_test, y_test = make_data(overlap=1.0)
    result = race(X, y, init_scale=1.0, test=(X_test, y_test))
    assert all(step is None for step in result.grid[loss].values())
    alone = {rate: train(X, y, loss=loss, learning_rate=rate, init_scale=1.0) for rate in LEARNING_RATES}
    P = np.eye(3)[y]
    final = {}  # each rate's final objective, scored again with scipy from its final weights
    for rate, run in alone.items():
        Z = X @ run.weights[-1] + run.biases[-1]
        final[rate] = (
            -(log_softmax(Z, axis=1) * P).sum(axis=1).mean()
            if loss == "cross_entropy"
            else ((softmax(Z, axis=1) - P) ** 2).mean()
        )
    shown = result.runs[loss]
    assert final[shown.learning_rate] <= min(final.values()) * (1 + 1e-4)
    if loss == "cross_entropy":  # the numbers: 0.481 nats at rate 0.05; 0.452 from rate 0.2 up
        assert final[0.05] == pytest.approx(0.481, abs=5e-4) and shown.learning_rate != 0.05
        assert shown.cross_entropy[-1] == pytest.approx(0.452, abs=5e-4)
        assert shown.cross_entropy[-1] < result.runs["mse"].cross_entropy[-1]


# --- the held-out test points --------------------------------------------------------------------------


def test_test_points_are_never_trained_on():
    X, y, X_test, y_test = make_data("blobs", 3, 0.5, 0)
    assert len(X) == N_TRAIN and len(X_test) == N_TEST
    assert not (X[:, None, :] == X_test[None, :, :]).all(axis=-1).any(), "no test point is a training point"
    keep = [0, 50, 200]
    settings_ = {"init_scale": 1.0, "keep": keep, "width": 4}
    with_test = race(X, y, test=(X_test, y_test), **settings_)
    rng = np.random.default_rng(1)
    other = race(X, y, test=(X_test + rng.normal(size=X_test.shape), rng.permutation(y_test)), **settings_)
    for loss, run in with_test.runs.items():
        twin = other.runs[loss]
        for field in ("loss", "cross_entropy", "accuracy", "grad_norm"):
            np.testing.assert_array_equal(getattr(run, field), getattr(twin, field))
        for step in keep:  # the test figures: the model of that step, scored on the test points alone
            W1, b1, W2, b2 = run.params_at(step)
            Z = np.tanh(X_test @ W1 + b1) @ W2 + b2
            assert run.test_accuracy[step] == pytest.approx(accuracy_score(y_test, Z.argmax(axis=1)))
            assert run.test_cross_entropy[step] == pytest.approx(
                log_loss(y_test, softmax(Z, axis=1), labels=[0, 1, 2])
            )
        assert not np.allclose(run.test_accuracy, twin.test_accuracy)


def test_without_test_points_the_test_curves_are_empty():
    run = race(*make_blobs(), steps=10).runs["mse"]
    assert np.isnan(run.test_accuracy).all() and np.isnan(run.test_cross_entropy).all()


# --- data a straight line cannot separate, and the hidden layer that can -------------------------------


@pytest.mark.parametrize("shape", ["xor", "moons"])
def test_a_hidden_layer_separates_what_a_line_cannot(shape):
    X, y, X_test, y_test = make_data(shape, overlap=0.2)
    line = race(X, y, init_scale=1.0, test=(X_test, y_test)).runs["cross_entropy"]
    bent = race(X, y, init_scale=1.0, width=16, test=(X_test, y_test)).runs["cross_entropy"]
    assert line.accuracy.max() <= 0.9 and bent.accuracy[-1] >= 0.99
    assert bent.test_accuracy[-1] >= 0.85
    _, _, classes = class_grids(bent, (-3, 3, -3, 3), resolution=40)
    final = classes[-1]
    # a straight border splits every row of the grid at most once; a bent one splits some rows twice
    changes = (np.diff(final, axis=1) != 0).sum(axis=1)
    assert changes.max() >= 2


def test_data_sets_are_seeded_and_shaped():
    for make in (make_xor, make_moons):
        X, y = make(40, overlap=0.3, seed=2)
        assert X.shape == (40, 2) and set(y.tolist()) == {0, 1}
        np.testing.assert_array_equal(X, make(40, overlap=0.3, seed=2)[0])
        assert not np.array_equal(X, make(40, overlap=0.3, seed=3)[0])
    X, y, _, _ = make_data("blobs")
    np.testing.assert_array_equal(X, make_blobs()[0])  # the training points are the lab's old 120


# --- the held-out points at the overfitting preset ------------------------------------------------


def test_at_the_overfitting_preset_test_loss_parts_from_training_loss_and_weight_decay_closes_the_gap():
    X, y, X_test, y_test = make_data("moons", overlap=1.0)
    settings_ = {"init_scale": 1.0, "width": 32, "steps": 1000, "test": (X_test, y_test), "keep": [0]}
    settings_ |= {"fair": False, "learning_rate": 1}  # the preset
    free = race(X, y, **settings_).runs["cross_entropy"]
    held = race(X, y, weight_decay=0.01, **settings_).runs["cross_entropy"]
    assert free.test_cross_entropy[-1] > 4 * free.cross_entropy[-1], "the dashed curve leaves the solid one"
    assert free.test_cross_entropy[-1] > 1.5 * free.test_cross_entropy.min(), "test loss rises after its best"
    assert held.test_cross_entropy[-1] < 0.7 * free.test_cross_entropy[-1]
    assert held.cross_entropy[-1] > free.cross_entropy[-1], (
        "weight decay fits the training points less closely"
    )
