"""The sequences page's figures and chart tables: the loss of each token of a sentence, and a policy trained
toward a target distribution (the sentences are in lessons/sequences.py, the maths in core/sequences.py)."""

import math

import numpy as np
import pandas as pd

from content.text import escape_html, format_number
from core import _checks
from core.activations import softmax
from core.information import entropy
from core.losses import cross_entropy
from core.sequences import sequence_losses
from lessons import _charts as charts
from lessons import palette
from lessons.sequences import policy_title


def _one_token_each(tokens, token_losses):
    """The tokens as strings, exactly one per token loss."""
    tokens = [str(token) for token in tokens]
    if len(tokens) != len(token_losses):
        raise ValueError(
            f"tokens: expected one token per probability, got {len(tokens)} for {len(token_losses)}"
        )
    return tokens


@charts.remembered
def sequence_loss_figure(tokens, probs, base, presenter=False):
    """One bar per token, -log q(correct token), with the mean as a line and the perplexity in the title.

    Parameters
    ----------
    tokens : sequence of str
        The correct next tokens, in order; repeats are fine.
    probs : array_like
        The probability the model gave each of them.
    base : float
        e for nats, 2 for bits.
    presenter : bool
        Larger text and thicker lines for a projector.

    Returns
    -------
    plotly.graph_objects.Figure
        A bar trace of per-token losses and a line trace at their mean.

    Examples
    --------
    >>> fig = sequence_loss_figure(["the", "cat", "sat"], [0.5, 0.25, 0.5], 2)
    >>> fig.data[1].y
    array([1.33333333, 1.33333333])
    """
    result = sequence_losses(probs, base=base)
    tokens = [escape_html(token, max_length=20) for token in _one_token_each(tokens, result["token_losses"])]
    unit = charts.unit_name(base)
    position = np.arange(len(tokens))
    traces = [
        charts.bar(
            position,
            charts.drawable(result["token_losses"]),
            name="loss of each word, −log qₜ(yₜ)",
            color=palette.CROSS_ENTROPY,
            customdata=np.array(tokens),
            hovertemplate=f"%{{customdata}}: %{{y:.3f}} {unit}<extra></extra>",
        ),
        charts.line(
            np.array([-0.5, len(tokens) - 0.5]),
            np.full(2, result["mean"]),
            name=f"mean {format_number(result['mean'])} {unit}",
            color=palette.NEUTRAL,
            presenter=presenter,
            dash="dash",
        ),
    ]
    annotations = [
        {
            "x": x,
            "y": 0,
            "yshift": 12,
            "showarrow": False,
            "text": "∞ (probability 0)",
            "font": {"color": palette.MARKER},
        }
        for x in position[np.isinf(result["token_losses"])]
    ]
    return charts.figure(
        traces,
        title=_sequence_title(result["mean"], result["perplexity"], unit),
        x_title="correct next word, in order",
        y_title=f"cross-entropy ({unit})",
        presenter=presenter,
        layout={
            "xaxis": {"tickmode": "array", "tickvals": position, "ticktext": tokens},
            "annotations": annotations,
            "hovermode": "closest",
        },
    )


def _sequence_title(mean, perplexity, unit):
    """The sequence chart's point, worded for an infinite and for a finite perplexity."""
    if math.isinf(perplexity):
        return (
            "A correct word got probability 0, so its loss is infinite<br>"
            "and so are the mean and the perplexity"
        )
    meaning = (
        "certain of every correct word" if mean == 0 else "as unsure as a fair pick among that many words"
    )
    # three lines, each a whole phrase, short enough for a phone: "that many words" never split
    mean_line = f"Mean {format_number(mean)} {unit} per word,"
    return f"{mean_line}<br>perplexity {format_number(perplexity, 2)}:<br>{meaning}"


def sequence_table(tokens, probs, base):
    """The sequence chart as a table: each token, the probability it got, and its loss."""
    result = sequence_losses(probs, base=base)
    tokens = _one_token_each(tokens, result["token_losses"])
    return pd.DataFrame(
        {
            "step": np.arange(1, len(tokens) + 1),
            "correct next word": tokens,
            "probability qₜ(yₜ) given to it": np.asarray(probs, dtype=float),
            f"loss −log qₜ(yₜ) ({charts.unit_name(base)})": result["token_losses"],
        }
    )


def _policies(target, path):
    """The target and softmax of each row of a path of logits, checked to fit together."""
    target = _checks.distribution(target, "target")
    path = _checks.as_array(path, "path")
    if target.ndim != 1 or path.ndim != 2 or path.shape[1] != len(target):
        raise ValueError(f"path: expected shape (steps + 1, {len(target)}), got {path.shape}")
    return target, softmax(path)


def _action_names(actions, n_actions):
    """The action names as strings, one per action."""
    actions = [str(action) for action in actions]
    if len(actions) != n_actions:
        raise ValueError(f"actions: expected {n_actions} names, one per action, got {len(actions)}")
    return actions


@charts.remembered
def policy_figure(actions, target, path, presenter=False):
    """Grouped bars per action: the policy before training, the policy now (once a step is taken), the target.

    Examples
    --------
    >>> fig = policy_figure(["left", "right"], [0.9, 0.1], [[0.0, 0.0], [1.0, -1.0]])
    >>> [trace.name for trace in fig.data]
    ['policy at the start', 'policy after 1 step', 'target']
    >>> [trace.name for trace in policy_figure(["left", "right"], [0.9, 0.1], [[0.0, 0.0]]).data]
    ['policy at the start', 'target']
    """
    target, policies = _policies(target, path)
    actions = [escape_html(action, max_length=20) for action in _action_names(actions, len(target))]
    steps = len(policies) - 1
    now = [
        charts.bar(
            actions,
            policies[-1],
            name=f"policy after {steps} step{'' if steps == 1 else 's'}",
            color=palette.PREDICTION,
        )
    ]
    traces = [
        charts.bar(actions, policies[0], name="policy at the start", color=palette.NEUTRAL),
        *(now if steps else []),
        charts.bar(actions, target, name="target", color=palette.TARGET),
    ]
    return charts.figure(
        traces,
        title=policy_title(actions, target, path),
        x_title="action",
        y_title="probability of the action",
        presenter=presenter,
        layout=charts.probability_bars(),
    )


@charts.remembered
def policy_loss_figure(target, path, *, max_steps, base, presenter=False):
    """H(target, policy) after each step, falling toward its floor H(target), on a fixed 0..max_steps axis.

    Examples
    --------
    >>> fig = policy_loss_figure([0.5, 0.5], [[1.0, 0.0], [0.5, 0.0]], max_steps=10, base=2)
    >>> round(float(fig.data[1].y[0]), 3)  # the floor: H(target) = 1 bit
    1.0
    """
    target, policies = _policies(target, path)
    unit = charts.unit_name(base)
    losses = cross_entropy(np.tile(target, (len(policies), 1)), policies, reduction="none", base=base)
    floor = float(entropy(target, base=base))
    steps = np.arange(len(losses))
    traces = [
        charts.line(
            steps,
            losses,
            name="cross-entropy H(p, π)",
            color=palette.CROSS_ENTROPY,
            presenter=presenter,
        ),
        charts.line(
            np.array([0, max_steps]),
            np.full(2, floor),
            name=f"floor H(p) = {format_number(floor)} {unit}",
            color=palette.ENTROPY,
            presenter=presenter,
            dash="dash",
            thin=True,
        ),
        charts.marker(int(steps[-1]), float(losses[-1]), name="now", presenter=presenter),
    ]
    return charts.figure(
        traces,
        title="The loss falls toward H(p), not to 0:<br>what is left is the target's own uncertainty",
        x_title="gradient steps taken",
        y_title=f"cross-entropy ({unit})",
        presenter=presenter,
        layout={"xaxis": {"range": [-0.5, max_steps + 0.5]}, "yaxis": {"rangemode": "tozero"}},
    )


def policy_loss_table(target, path, *, base):
    """The loss chart as a table: after each step, H(target, policy) and its floor H(target)."""
    target, policies = _policies(target, path)
    unit = charts.unit_name(base)
    return pd.DataFrame(
        {
            "gradient steps taken": np.arange(len(policies)),
            f"cross-entropy H(p, π) ({unit})": cross_entropy(
                np.tile(target, (len(policies), 1)), policies, reduction="none", base=base
            ),
            f"floor H(p) ({unit})": np.full(len(policies), float(entropy(target, base=base))),
        }
    )


def policy_table(actions, target, path):
    """The policy chart as a table: per action, start, now, target and the gradient now.

    The gradient is of the loss in nats, π − p; the loss in bits has gradient (π − p) / ln 2.
    """
    target, policies = _policies(target, path)
    actions = _action_names(actions, len(target))
    return pd.DataFrame(
        {
            "action": actions,
            "policy at the start": policies[0],
            "policy now": policies[-1],
            "target": target,
            "gradient of the loss in nats, π − p (policy − target)": policies[-1] - target,
        }
    )
