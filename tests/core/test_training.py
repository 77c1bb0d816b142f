"""The training lab's linear model, data and decision regions, against finite differences, sklearn, scipy."""

import math
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import softmax as scipy_softmax
from sklearn.metrics import accuracy_score, log_loss

from core.regions import decision_regions, plot_bounds
from core.training import (
    TrainingRun,
    accuracy,
    compare_runs,
    gradients,
    initial_parameters,
    make_blobs,
    objective,
    steps_to_accuracy,
    train,
)

TARGET = 0.9


@pytest.fixture(scope="module")
def data():
    """The default data set."""
    return make_blobs()


@pytest.fixture(scope="module")
def runs(data):
    """Both runs on the default data and settings."""
    return compare_runs(*data)


def _model(seed, n_classes, scale):
    """A small random data set and random weights, for gradient checks."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(9, 2))
    y = np.arange(9) % n_classes
    return X, y, scale * rng.normal(size=(2, n_classes)), scale * rng.normal(size=n_classes)


def _steps(run):
    """steps_to_accuracy, with 'never' as infinity so it compares."""
    step = steps_to_accuracy(run, TARGET)
    return math.inf if step is None else step


def _labels_and_probabilities(run, step):
    """The default data's labels and a run's predicted probabilities at `step`, for sklearn's log_loss."""
    X, y = make_blobs()
    return y, scipy_softmax(X @ run.weights[step] + run.biases[step], axis=1)


def _shoelace(polygon):
    """The area of a polygon from its corners in order."""
    if len(polygon) < 3:
        return 0.0
    x, y = polygon[:, 0], polygon[:, 1]
    return 0.5 * abs(x @ np.roll(y, -1) - y @ np.roll(x, -1))


# --- gradients -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
@given(seed=st.integers(0, 10_000), n_classes=st.sampled_from([2, 3]), scale=st.floats(0.1, 4.0))
@settings(max_examples=30)
def test_gradients_match_central_finite_differences(loss, seed, n_classes, scale):
    X, y, W, b = _model(seed, n_classes, scale)
    grad_W, grad_b = gradients(X, y, W, b, loss=loss)
    eps = 1e-6

    def numeric(params, rebuild):
        grad = np.zeros_like(params)
        for index in np.ndindex(params.shape):
            step = np.zeros_like(params)
            step[index] = eps
            grad[index] = (
                objective(X, y, *rebuild(params + step), loss=loss)
                - objective(X, y, *rebuild(params - step), loss=loss)
            ) / (2 * eps)
        return grad

    np.testing.assert_allclose(grad_W, numeric(W, lambda w: (w, b)), atol=1e-7)
    np.testing.assert_allclose(grad_b, numeric(b, lambda c: (W, c)), atol=1e-7)


def test_stacked_models_give_the_same_values_as_one_at_a_time():
    X, y, W, b = _model(3, 3, 1.0)
    Ws, bs = np.stack([W, 2 * W, -W]), np.stack([b, b, 3 * b])
    for loss in ("cross_entropy", "mse"):
        stacked_W, stacked_b = gradients(X, y, Ws, bs, loss=loss)
        for t in range(3):
            one_W, one_b = gradients(X, y, Ws[t], bs[t], loss=loss)
            np.testing.assert_allclose(stacked_W[t], one_W)
            np.testing.assert_allclose(stacked_b[t], one_b)
            assert objective(X, y, Ws, bs, loss=loss)[t] == pytest.approx(
                objective(X, y, Ws[t], bs[t], loss=loss)
            )


def test_objectives_match_sklearn_and_scipy():
    X, y, W, b = _model(7, 3, 2.0)
    q = scipy_softmax(X @ W + b, axis=1)
    one_hot = np.eye(3)[y]
    assert objective(X, y, W, b) == pytest.approx(log_loss(y, q, labels=[0, 1, 2]))
    assert objective(X, y, W, b, loss="mse") == pytest.approx(((q - one_hot) ** 2).mean())
    assert accuracy(X, y, W, b) == pytest.approx(accuracy_score(y, q.argmax(axis=1)))


# --- training ------------------------------------------------------------------------------------------


def test_a_run_records_every_step_and_takes_gradient_steps(data):
    X, y = data
    run = train(X, y, loss="mse", learning_rate=0.3, steps=12, init_scale=2.0, seed=4)
    W0, b0 = initial_parameters(3, init_scale=2.0, seed=4)
    assert run.weights.shape == (13, 2, 3) and run.biases.shape == (13, 3) and run.steps == 12
    for field in ("loss", "cross_entropy", "accuracy", "grad_norm"):
        assert getattr(run, field).shape == (13,)
    np.testing.assert_array_equal(run.weights[0], W0)
    grad_W, grad_b = gradients(X, y, run.weights[5], run.biases[5], loss="mse")
    np.testing.assert_allclose(run.weights[6], run.weights[5] - 0.3 * grad_W)
    np.testing.assert_allclose(run.biases[6], run.biases[5] - 0.3 * grad_b)
    assert run.grad_norm[5] == pytest.approx(math.sqrt((grad_W**2).sum() + (grad_b**2).sum()))
    q = scipy_softmax(X @ run.weights[12] + run.biases[12], axis=1)
    assert run.cross_entropy[12] == pytest.approx(log_loss(y, q))
    assert run.loss[12] == pytest.approx(((q - np.eye(3)[y]) ** 2).mean())
    assert run.accuracy[12] == pytest.approx(accuracy_score(y, q.argmax(axis=1)))


def test_cross_entropy_training_lowers_the_loss_at_every_step(runs):
    loss = runs["cross_entropy"].loss
    assert loss[-1] < 0.25 * loss[0]
    assert (np.diff(loss) < 0).all()


@pytest.mark.parametrize("data_seed", [0, 1, 2])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_on_default_settings_cross_entropy_reaches_the_target_first(data_seed, seed):
    runs = compare_runs(*make_blobs(seed=data_seed), seed=seed)
    assert _steps(runs["cross_entropy"]) <= 10
    assert _steps(runs["cross_entropy"]) < _steps(runs["mse"])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_with_large_initial_weights_mse_stalls(seed):
    runs = compare_runs(*make_blobs(), init_scale=5.0, seed=seed)
    ce, mse_run = runs["cross_entropy"], runs["mse"]
    assert _steps(ce) <= 50
    assert _steps(mse_run) > 5 * _steps(ce)
    assert mse_run.grad_norm[0] < 0.05 * ce.grad_norm[0]  # confidently wrong: MSE's gradient nearly vanishes


def test_both_runs_start_from_the_same_weights(runs):
    np.testing.assert_array_equal(runs["cross_entropy"].weights[0], runs["mse"].weights[0])
    np.testing.assert_array_equal(runs["cross_entropy"].biases[0], runs["mse"].biases[0])
    assert runs["cross_entropy"].cross_entropy[0] == runs["mse"].cross_entropy[0]


def test_same_seed_same_run_and_other_seed_other_run(data):
    first, again = train(*data, seed=5, steps=20), train(*data, seed=5, steps=20)
    other = train(*data, seed=6, steps=20)
    for field in ("loss", "cross_entropy", "accuracy", "grad_norm", "weights", "biases"):
        np.testing.assert_array_equal(getattr(first, field), getattr(again, field))
    assert not np.array_equal(first.weights, other.weights)
    np.testing.assert_array_equal(make_blobs(seed=3)[0], make_blobs(seed=3)[0])
    assert not np.array_equal(make_blobs(seed=3)[0], make_blobs(seed=4)[0])


def test_huge_weights_and_rates_stay_finite(data):
    run = train(*data, loss="mse", init_scale=60.0, learning_rate=100, steps=30)
    assert all(np.isfinite(getattr(run, field)).all() for field in ("loss", "cross_entropy", "grad_norm"))


def test_the_default_comparison_is_fast(data):
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        compare_runs(*data)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.5  # about 0.05 s on a small machine; generous for a busy one


# --- data ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n_classes", [2, 3])
def test_blobs_are_balanced_and_sit_around_their_centres(n_classes):
    X, y = make_blobs(3000, n_classes=n_classes, overlap=0.5, seed=1)
    assert X.shape == (3000, 2) and y.dtype.kind == "i"
    assert np.bincount(y).tolist() == [3000 // n_classes] * n_classes
    for k in range(n_classes):
        angle = np.pi / 2 + 2 * np.pi * k / n_classes
        np.testing.assert_allclose(X[y == k].mean(axis=0), [2 * np.cos(angle), 2 * np.sin(angle)], atol=0.1)
        assert X[y == k].std(axis=0) == pytest.approx([0.8, 0.8], rel=0.1)  # spread 0.1 + 0.5 * 1.4


def test_more_overlap_means_more_spread_and_a_harder_problem():
    spreads = [make_blobs(600, overlap=overlap)[0].std() for overlap in (0.0, 0.5, 1.0)]
    assert spreads[0] < spreads[1] < spreads[2]
    ce = [compare_runs(*make_blobs(overlap=overlap))["cross_entropy"].accuracy[-1] for overlap in (0.0, 1.0)]
    assert ce[0] == 1.0 and ce[1] < 0.9


# --- steps_to_accuracy, regions, summary ---------------------------------------------------------------


def _run_with_accuracy(values):
    """A TrainingRun whose accuracy per step is `values` (the rest is filler)."""
    n = len(values)
    zeros = np.zeros(n)
    return TrainingRun("mse", zeros, zeros, np.array(values), zeros, np.zeros((n, 2, 2)), np.zeros((n, 2)))


def test_steps_to_accuracy_finds_the_first_step_at_or_above_the_target():
    run = _run_with_accuracy([0.5, 0.85, 0.9, 0.8, 0.95])
    assert steps_to_accuracy(run) == 2
    assert steps_to_accuracy(run, target=0.5) == 0
    assert steps_to_accuracy(run, target=0.99) is None


def decision_grid(run, step, bounds, resolution):
    """Reference: the class argmax_k (x W_t + b_t)_k predicts at each point of a resolution² grid."""
    x_min, x_max, y_min, y_max = bounds
    xs, ys = np.meshgrid(np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution))
    points = np.column_stack([xs.ravel(), ys.ravel()])
    return (points @ run.weights[step] + run.biases[step]).argmax(axis=-1)


@pytest.mark.parametrize("step", [0, 3, 40, 200])
def test_decision_regions_tile_the_box_and_agree_with_the_grid(runs, data, step):
    bounds = plot_bounds(data[0])
    box_area = (bounds[1] - bounds[0]) * (bounds[3] - bounds[2])
    for run in runs.values():
        regions = decision_regions(run, step, bounds)
        classes = decision_grid(run, step, bounds, resolution=300)
        areas = np.array([_shoelace(region) for region in regions])
        assert areas.sum() == pytest.approx(box_area)
        np.testing.assert_allclose(
            areas / box_area, np.bincount(classes, minlength=3) / classes.size, atol=0.01
        )
        for k, region in enumerate(regions):
            if len(region):
                centre = region.mean(axis=0)
                assert (centre @ run.weights[step] + run.biases[step]).argmax() == k


def test_decision_regions_give_ties_to_the_lower_class(data):
    run = train(*data, init_scale=0.0, steps=1, learning_rate=1e-9)  # all scores equal at step 0
    regions = decision_regions(run, 0, plot_bounds(data[0]))
    assert [len(region) for region in regions] == [4, 0, 0]


# --- bad arguments -------------------------------------------------------------------------------------

X_OK, Y_OK = make_blobs(12)
W_OK, B_OK = initial_parameters(3)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: make_blobs(n_points=0), "n_points"),
        (lambda: make_blobs(n_points=2.5), "n_points"),
        (lambda: make_blobs(n_points=2, n_classes=3), "n_points"),
        (lambda: make_blobs(n_classes=4), "n_classes"),
        (lambda: make_blobs(overlap=1.5), "overlap"),
        (lambda: make_blobs(overlap=float("nan")), "overlap"),
        (lambda: make_blobs(seed=-1), "seed"),
        (lambda: make_blobs(seed=True), "seed"),
        (lambda: train(X_OK, Y_OK, loss="hinge"), "loss"),
        (lambda: train(X_OK, Y_OK, learning_rate=0), "learning_rate"),
        (lambda: train(X_OK, Y_OK, learning_rate="fast"), "learning_rate"),
        (lambda: train(X_OK, Y_OK, steps=0), "steps"),
        (lambda: train(X_OK, Y_OK, init_scale=-1.0), "init_scale"),
        (lambda: train(X_OK, Y_OK, seed=1.5), "seed"),
        (lambda: train(X_OK[:, :1], Y_OK), "X"),
        (lambda: train(X_OK, Y_OK[:5]), "y"),
        (lambda: train(X_OK, Y_OK + 0.5), "y"),
        (lambda: train(X_OK, np.zeros(12)), "y"),
        (lambda: compare_runs(X_OK, Y_OK, steps=-3), "steps"),
        (lambda: objective(X_OK, Y_OK, W_OK[:, :2], B_OK[:2]), "weights"),
        (lambda: gradients(X_OK, Y_OK, W_OK, B_OK[:2]), "bias"),
        (lambda: gradients(X_OK, Y_OK, W_OK, B_OK, loss="l1"), "loss"),
        (lambda: steps_to_accuracy(_run_with_accuracy([0.5]), target=0), "target"),
        (lambda: decision_regions(_run_with_accuracy([0.5]), 0, (0, 1, 0)), "bounds"),
        (lambda: decision_regions(_run_with_accuracy([0.5, 0.6]), 2, (0, 1, 0, 1)), "step"),
        (lambda: decision_regions(_run_with_accuracy([0.5]), 0, (1, 0, 0, 1)), "bounds"),
        (lambda: plot_bounds(X_OK, margin=-1), "margin"),
    ],
)
def test_bad_arguments_raise_value_errors_naming_them(call, name):
    with pytest.raises(ValueError, match=f"^{name}:"):
        call()
