"""Many training runs at once, and the fair race: each loss at its own best learning rate.

`train_many` stacks R runs (any mix of losses and learning rates, all from the same starting
weights) along a leading axis, so one NumPy computation per step trains every one of them.
"""

import math
from dataclasses import dataclass

import numpy as np

from core import _checks
from core.mlp import (
    activation_name,
    argmax_columns,
    backward,
    cross_entropy_backward,
    forward,
    init_params,
    log_softmax_columns,
    mse_backward,
    weight_decay_backward,
    weight_decay_penalty,
)
from core.training import LOSSES, _data, _loss_name

LEARNING_RATES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10)  # the page's slider: the fair race's grid
TIE = 1e-4  # final objectives this close (relatively) are a tie: rates that all converged, the smaller wins


@dataclass(frozen=True, eq=False)
class Run:
    """One run of `train_many`; each curve has one entry per step, index 0 being the starting weights."""

    loss_name: str  # the objective it minimised: 'cross_entropy' or 'mse' (plus any weight decay)
    learning_rate: float
    loss: np.ndarray  # the objective, weight decay included (nats for cross-entropy, no unit for MSE)
    cross_entropy: np.ndarray  # cross-entropy on the training points in nats, whatever the objective
    accuracy: np.ndarray  # fraction of training points classified correctly
    grad_norm: np.ndarray  # length of the objective's gradient in all the parameters
    loss_grad_norm: np.ndarray  # the same for the loss alone, without the weight-decay term lambda W
    test_cross_entropy: np.ndarray  # cross-entropy on the held-out points, in nats (nan without them)
    test_accuracy: np.ndarray
    kept_steps: np.ndarray  # the steps whose parameters were kept
    params: tuple  # each parameter at each kept step: shape (len(kept_steps), ...)
    activation: str
    diverged_at: int | None = None  # the step at which a far too large step overflowed; frozen from there

    @property
    def steps(self):
        """The number of gradient-descent steps taken."""
        return len(self.loss) - 1

    def params_at(self, step):
        """The parameters after `step` steps (a kept step)."""
        where = np.flatnonzero(self.kept_steps == step)
        if not where.size:
            raise ValueError(f"step: parameters were kept at steps {self.kept_steps.tolist()}, not {step!r}")
        return tuple(p[where[0]] for p in self.params)


def _columns(Z):
    """z transposed to (..., K, N), classes down the rows, contiguous (see core.mlp)."""
    return np.ascontiguousarray(np.swapaxes(Z, -1, -2))


def _logit_gradients(qT, pT, is_mse):
    """dloss/dz for every run, transposed: q - p for cross-entropy, the softmax-weighted form for MSE."""
    GT = cross_entropy_backward(qT, pT)
    if is_mse.any():
        GT[is_mse] = mse_backward(qT[is_mse], pT)
    return GT


def _gradients(X, y, params, is_mse, activation, weight_decay):
    """(log q transposed, every parameter's gradient) of each stacked model's objective."""
    Z, h = forward(X, params, activation)
    log_qT = log_softmax_columns(_columns(Z))
    pT = np.eye(log_qT.shape[-2])[:, y]
    GT = _logit_gradients(np.exp(log_qT), pT, is_mse)
    grads = backward(X, h, params, np.swapaxes(GT, -1, -2) / len(X), activation)
    return log_qT, _with_decay(grads, params, weight_decay)


def _with_decay(grads, params, weight_decay):
    """The loss's gradients plus the weight-decay term lambda W (the gradients themselves without it)."""
    if not weight_decay:
        return grads
    return [g + d for g, d in zip(grads, weight_decay_backward(params, weight_decay), strict=True)]


def _lengths(grads):
    """Each stacked model's gradient length in all its parameters."""
    return np.sqrt(sum((g**2).reshape(len(g), -1).sum(axis=1) for g in grads))


def train_many(
    X,
    y,
    losses,
    learning_rates,
    *,
    steps=200,
    width=0,
    activation="tanh",
    init_scale=1.0,
    seed=0,
    weight_decay=0.0,
    test=None,
    keep=None,
):
    """R runs side by side, run r taking theta <- theta - lr_r grad L_r(theta) from one shared start.

    Parameters
    ----------
    X, y : array_like
        Training points (N, 2) and their labels (N,).
    losses : sequence of str
        Each run's loss, 'cross_entropy' or 'mse' (see `core.training.objective`).
    learning_rates : sequence of float
        Each run's learning rate, in (0, 100].
    steps : int
        Full-batch gradient-descent steps, >= 1.
    width, activation, init_scale, seed
        The model and its starting weights, as for `core.mlp.init_params`: width 0 is the
        linear model; every run starts from the same weights.
    weight_decay : float
        lambda in [0, 10]: each objective gets (lambda / 2) sum W^2 over the weight matrices.
    test : tuple of array_like, optional
        Held-out points and labels (X_test, y_test): scored at every step, never trained on.
    keep : array_like of int, optional
        The steps whose parameters each Run keeps (default: every step).

    Returns
    -------
    list of Run
        One per run, in the order given.

    Examples
    --------
    >>> from core.training import make_blobs
    >>> runs = train_many(*make_blobs(), ["cross_entropy", "mse"], [0.5, 0.5], steps=20)
    >>> [run.loss_name for run in runs], runs[0].accuracy.shape
    (['cross_entropy', 'mse'], (21,))
    """
    trained = _train(X, y, losses, learning_rates, steps, width, activation, init_scale, seed, weight_decay)
    return [trained.score(r, test, keep) for r in range(len(trained.names))]


@dataclass(frozen=True, eq=False)
class _Trained:
    """What the descent leaves: every run's parameters at every step, and its training accuracy."""

    X: np.ndarray
    y: np.ndarray
    names: list
    rates: np.ndarray
    params: list  # each parameter, shape (R, steps + 1, ...)
    accuracy: np.ndarray  # (R, steps + 1)
    activation: str
    weight_decay: float
    diverged: np.ndarray  # (R,) the step each run overflowed at, or -1

    def final_loss(self):
        """(R,) every run's objective after its last step, weight decay included."""
        params = [p[:, -1] for p in self.params]
        with np.errstate(over="ignore", invalid="ignore"):
            scores = _scores(
                log_softmax_columns(_columns(forward(self.X, params, self.activation)[0])), self.y
            )
            objective = np.where(np.array(self.names) == "mse", scores["squared"], scores["cross_entropy"])
            return (
                objective + weight_decay_penalty(params, self.weight_decay)
                if self.weight_decay
                else objective
            )

    def score(self, r, test=None, keep=None):
        """Run r's curves, computed for all its steps at once (the steps are one more stacking axis)."""
        params = [p[r] for p in self.params]
        is_mse = np.full(len(params[0]), self.names[r] == "mse")
        with np.errstate(over="ignore", invalid="ignore"):
            log_qT, loss_grads = _gradients(self.X, self.y, params, is_mse, self.activation, 0.0)
            grads = _with_decay(loss_grads, params, self.weight_decay)
            curves = _scores(log_qT, self.y)
            objective = curves["squared"] if is_mse[0] else curves["cross_entropy"]
            if self.weight_decay:
                objective = objective + weight_decay_penalty(params, self.weight_decay)
            X_test, y_test = _data(*test) if test is not None else (self.X[:0], self.y[:0])
            held_out = {
                "cross_entropy": np.full(len(objective), np.nan),
                "accuracy": np.full(len(objective), np.nan),
            }
            if len(X_test):
                held_out = _scores(
                    log_softmax_columns(_columns(forward(X_test, params, self.activation)[0])), y_test
                )
        steps = len(objective) - 1
        kept = np.arange(steps + 1) if keep is None else np.unique(np.asarray(keep, dtype=int))
        if kept.size and (kept.min() < 0 or kept.max() > steps):
            raise ValueError(f"keep: steps must lie in [0, {steps}]")
        return Run(
            self.names[r],
            float(self.rates[r]),
            loss=objective,
            cross_entropy=curves["cross_entropy"],
            accuracy=self.accuracy[r],
            grad_norm=_lengths(grads),
            loss_grad_norm=_lengths(loss_grads),
            test_cross_entropy=held_out["cross_entropy"],
            test_accuracy=held_out["accuracy"],
            kept_steps=kept,
            params=tuple(p[kept] for p in params),
            activation=self.activation,
            diverged_at=int(self.diverged[r]) if self.diverged[r] >= 0 else None,
        )


def _scores(log_qT, y):
    """Per model, from log q transposed: mean cross-entropy (nats), mean squared error and accuracy."""
    pT = np.eye(log_qT.shape[-2])[:, y]
    qT = np.exp(log_qT)
    return {
        "cross_entropy": -(log_qT * pT).sum(axis=-2).mean(axis=-1),
        "squared": ((qT - pT) ** 2).mean(axis=(-2, -1)),
        "accuracy": (argmax_columns(log_qT) == y).mean(axis=-1),
    }


def _train(X, y, losses, learning_rates, steps, width, activation, init_scale, seed, weight_decay):
    """Check the settings, then descend: every run's parameters at every step, and its accuracy."""
    X, y = _data(X, y)
    names = [_loss_name(name) for name in losses]
    rates = np.array([_checks.number(lr, "learning_rate", 0, 100, low_open=True) for lr in learning_rates])
    if len(rates) != len(names) or not names:
        raise ValueError(f"learning_rates: need one per loss ({len(names)}), got {len(rates)}")
    steps = _checks.whole(steps, "steps", 1)
    activation = activation_name(activation)
    weight_decay = _checks.number(weight_decay, "weight_decay", 0, 10)
    start = init_params(y.max() + 1, width=width, init_scale=init_scale, seed=seed)
    with np.errstate(over="ignore", invalid="ignore"):
        params, accuracy, diverged = _descend(
            X, y, np.array(names) == "mse", rates, start, steps, activation, weight_decay
        )
    return _Trained(X, y, names, rates, params, accuracy, activation, weight_decay, diverged)


def _descend(X, y, is_mse, rates, start, steps, activation, weight_decay):
    """The loop: theta <- theta - lr grad L(theta) for every stacked run at once, `steps` times."""
    R = len(rates)
    params = [np.repeat(p[None], R, axis=0) for p in start]
    step_sizes = [rates.reshape((R,) + (1,) * (p.ndim - 1)) for p in params]
    history = [np.empty((R, steps + 1) + p.shape[1:]) for p in params]
    accuracy = np.empty((R, steps + 1))
    diverged = np.full(R, -1)  # the step at which each run's numbers overflowed, or -1
    for t in range(steps + 1):
        log_qT, grads = _gradients(X, y, params, is_mse, activation, weight_decay)
        if t and not (np.isfinite(log_qT).all() and all(np.isfinite(g).all() for g in grads)):
            # a step far too large overflowed: freeze those runs where they last were finite
            bad = ~np.isfinite(log_qT).reshape(R, -1).all(axis=1)
            for g in grads:
                bad |= ~np.isfinite(g).reshape(R, -1).all(axis=1)
            diverged[bad & (diverged < 0)] = t
            params = [
                np.where(_rows(bad, p), store[:, t - 1], p) for store, p in zip(history, params, strict=True)
            ]
            step_sizes = [np.where(_rows(bad, lr), 0.0, lr) for lr in step_sizes]
            log_qT, grads = _gradients(X, y, params, is_mse, activation, weight_decay)
        for store, p in zip(history, params, strict=True):
            store[:, t] = p
        accuracy[:, t] = (argmax_columns(log_qT) == y).mean(axis=-1)
        params = [p - lr * g for p, lr, g in zip(params, step_sizes, grads, strict=True)]
    return history, accuracy, diverged


def _rows(mask, like):
    """A per-run mask shaped to broadcast against `like` (runs on axis 0)."""
    return mask.reshape((-1,) + (1,) * (like.ndim - 1))


def first_step_at(accuracy, target):
    """min { t : accuracy_t >= target }, or None if it never gets there.

    Examples
    --------
    >>> first_step_at(np.array([0.5, 0.92, 0.95]), 0.9), first_step_at(np.array([0.5]), 0.9)
    (1, None)
    """
    reached = np.flatnonzero(accuracy >= target)
    return int(reached[0]) if reached.size else None


def fastest(runs, target):
    """The run that reaches `target` accuracy in the fewest steps.

    Among runs equally fast, and when none reaches the target, the one whose own objective ended lowest
    (an under-trained run is never the best; objectives within a relative TIE count as equal); then the
    smaller learning rate.

    Examples
    --------
    >>> from core.training import make_blobs
    >>> runs = train_many(*make_blobs(), ["mse"] * 3, [0.1, 1, 10], steps=30, init_scale=8)
    >>> fastest(runs, 0.9).learning_rate
    10.0
    """
    steps = [first_step_at(run.accuracy, target) for run in runs]
    return runs[_best(steps, [run.loss[-1] for run in runs], [run.learning_rate for run in runs])]


def _best(steps, final_losses, rates):
    """The index the race shows: fewest steps (None: never), then the lowest final objective, then rate."""
    steps = [math.inf if step is None else step for step in steps]
    losses = [loss if np.isfinite(loss) else math.inf for loss in final_losses]
    tied = [i for i, step in enumerate(steps) if step == min(steps)]
    lowest = min(losses[i] for i in tied)
    return min((i for i in tied if losses[i] <= lowest + TIE * abs(lowest)), key=rates.__getitem__)


@dataclass(frozen=True, eq=False)
class Race:
    """The two runs a learner watches, and the grid they were chosen from."""

    runs: dict  # loss name: the Run shown
    fair: bool  # True: each loss at its own best rate; False: both at the shared rate
    shared_rate: float
    target: float
    grid: dict  # loss name: {learning rate: steps to the target, or None}, every rate tried
    weight_decay: float = 0.0  # the lambda both objectives carried
    points: int = 0  # the number of training points

    @property
    def steps(self):
        """The number of steps each run took."""
        return self.runs["cross_entropy"].steps


def race(X, y, *, fair=True, learning_rate=0.5, target=0.9, rates=LEARNING_RATES, **settings):
    """Cross-entropy against MSE from the same start: each at its fastest rate on `rates`, or both at one.

    Parameters
    ----------
    X, y : array_like
        The training points.
    fair : bool
        True: train every rate in `rates` (and `learning_rate`) with both losses, in one
        batched computation, and show each loss at its fastest rate; among equally fast rates, and
        when no rate reaches the target, at the one whose own objective ended lowest (see `fastest`).
        False: both losses at `learning_rate` only.
    learning_rate : float
        The shared rate; with `fair`, the grid's runs at this rate give the shared-rate race too.
    target : float
        The accuracy target in (0, 1].
    settings
        Passed on to `train_many` (steps, width, activation, init_scale, seed, weight_decay, test, keep).

    Returns
    -------
    Race

    Examples
    --------
    >>> from core.training import make_blobs
    >>> result = race(*make_blobs(), init_scale=8.0)
    >>> result.runs["cross_entropy"].learning_rate, result.runs["mse"].learning_rate
    (10.0, 10.0)
    """
    target = _checks.number(target, "target", 0, 1, low_open=True)
    learning_rate = _checks.number(learning_rate, "learning_rate", 0, 100, low_open=True)
    test, keep = settings.pop("test", None), settings.pop("keep", None)
    tried = sorted({*(rates if fair else ()), learning_rate})
    losses = [name for name in LOSSES for _ in tried]
    train_settings = {"steps": 200, "width": 0, "activation": "tanh", "init_scale": 1.0, "seed": 0}
    train_settings |= {"weight_decay": 0.0} | settings
    trained = _train(X, y, losses, tried * len(LOSSES), *train_settings.values())
    grid, shown, final = {}, {}, trained.final_loss()
    for name in LOSSES:
        rows = [r for r, loss in enumerate(losses) if loss == name]
        reached = {tried[i]: first_step_at(trained.accuracy[r], target) for i, r in enumerate(rows)}
        grid[name] = reached
        if fair:  # fewest steps; then the lower final objective; then the smaller rate
            best = rows[_best(list(reached.values()), final[rows], tried)]
        else:
            best = rows[tried.index(learning_rate)]
        shown[name] = trained.score(best, test, keep)
    return Race(shown, bool(fair), learning_rate, target, grid, trained.weight_decay, len(trained.y))


def class_grids(run, bounds, resolution=30):
    """argmax_k z_k(x) on a resolution x resolution grid over the box, at every kept step.

    Returns the grid's x1 values, its x2 values, and the classes, shape (kept steps, x2, x1):
    how a model with a hidden layer, whose borders are curves, is drawn.

    Examples
    --------
    >>> from core.training import make_blobs
    >>> run = train_many(*make_blobs(), ["cross_entropy"], [0.5], steps=5, width=4)[0]
    >>> [a.shape for a in class_grids(run, (-3, 3, -3, 3), resolution=10)]
    [(10,), (10,), (6, 10, 10)]
    """
    x_min, x_max, y_min, y_max = (float(v) for v in bounds)
    xs, ys = np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution)
    points = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    Z, _ = forward(points, run.params, run.activation)
    return xs, ys, argmax_columns(_columns(Z)).reshape(-1, resolution, resolution)
