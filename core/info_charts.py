"""Figures for the information, sequences, numerics and variants pages: every number comes from core/."""

import math

import numpy as np
import pandas as pd

from content.text import UNITS, escape_html, format_number
from core import _checks
from core.activations import softmax
from core.information import entropy, kl_divergence
from core.losses import binary_cross_entropy, cross_entropy
from core.numerics import clipped_cross_entropy, naive_softmax, overflow_threshold, stable_softmax
from core.sequences import sequence_losses
from core.variants import best_achievable_loss, confidence_cap, loss_curves_by_variant
from lessons import _charts as charts
from lessons import palette

Q_GRID = np.linspace(0.005, 0.995, 199)  # probability of the true class; the ends would be infinite losses
LOSS_CAP_NATS = 5.0  # y-axis top: high enough to show a loss exploding, low enough to read 0.1


def _unit(base):
    """'nats', 'bits', or a plain description of another base."""
    names = {value: name for name, value in UNITS.items()}
    return names.get(base, f"log-base-{base:g} units")


def _pair(p, q, labels):
    """Two 1-D distributions of one length and one label per outcome."""
    p = _checks.distribution(p, "p")
    q = _checks.distribution(q, "q")
    if p.ndim != 1:
        raise ValueError(f"p: expected a 1-D distribution, got shape {p.shape}")
    _checks.same_shape(p, q, "p", "q")
    labels = [str(label) for label in labels]
    if len(labels) != len(p):
        raise ValueError(f"labels: expected {len(p)} labels, one per outcome, got {len(labels)}")
    return p, q, labels


def _one_token_each(tokens, token_losses):
    """The tokens as strings, exactly one per token loss."""
    tokens = [str(token) for token in tokens]
    if len(tokens) != len(token_losses):
        raise ValueError(
            f"tokens: expected one token per probability, got {len(tokens)} for {len(token_losses)}"
        )
    return tokens


def _positive(value, name):
    """A finite number > 0."""
    value = float(_checks.finite(value, name))
    if value <= 0:
        raise ValueError(f"{name}: must be > 0, got {value!r}")
    return value


def _drawable(values):
    """Values for a bar chart: plotly.js cannot draw an infinite bar, so inf becomes a gap (noted in text)."""
    return np.where(np.isfinite(values), values, np.nan)


def _short(number):
    """A number as briefly as it is usually written: 1e-7, not 1e-07."""
    return f"{number:g}".replace("e-0", "e-").replace("e+0", "e+")


def _spelled(distribution, labels):
    """'dog 0.70 · cat 0.20' for a hover label."""
    return " · ".join(f"{label} {value:.2f}" for label, value in zip(labels, distribution, strict=True))


def decomposition_figure(p, q, labels, base, presenter=False):
    """H(p, q) = H(p) + KL(p || q) as stacked bars, beside H(q, p) = H(q) + KL(q || p).

    Parameters
    ----------
    p, q : array_like
        1-D distributions over the same outcomes: p the truth, q the prediction.
    labels : sequence of str
        One name per outcome, shown when hovering a bar.
    base : float
        e for nats, 2 for bits.
    presenter : bool
        Larger text for a projector.

    Returns
    -------
    plotly.graph_objects.Figure
        Two bar traces (entropy, KL) stacked over two bars, and the totals as annotations.

    Examples
    --------
    >>> fig = decomposition_figure([0.5, 0.5], [0.9, 0.1], ["heads", "tails"], 2)
    >>> [trace.name for trace in fig.data]
    ['entropy: no model can remove it', 'KL divergence: the cost of the wrong odds']
    """
    p, q, labels = _pair(p, q, labels)
    labels = [escape_html(label, max_length=20) for label in labels]
    unit = _unit(base)
    bars = ["H(p, q)<br>truth p, prediction q", "H(q, p)<br>truth q, prediction p"]
    entropies = np.array([entropy(p, base=base), entropy(q, base=base)])
    divergences = np.array([kl_divergence(p, q, base=base), kl_divergence(q, p, base=base)])
    totals = np.array([cross_entropy(p, q, base=base), cross_entropy(q, p, base=base)])
    data_from = [f"p = {_spelled(p, labels)}", f"q = {_spelled(q, labels)}"]
    traces = [
        charts.bar(
            bars,
            entropies,
            name="entropy: no model can remove it",
            color=palette.ENTROPY,
            customdata=np.array([["H(p)", data_from[0]], ["H(q)", data_from[1]]]),
            hovertemplate=f"%{{customdata[0]}} = %{{y:.3f}} {unit}<br>%{{customdata[1]}}<extra></extra>",
        ),
        charts.bar(
            bars,
            _drawable(divergences),
            name="KL divergence: the cost of the wrong odds",
            color=palette.KL,
            customdata=np.array([["KL(p ‖ q)"], ["KL(q ‖ p)"]]),
            hovertemplate=f"%{{customdata[0]}} = %{{y:.3f}} {unit}<extra></extra>",
        ),
    ]
    annotations = [
        {
            "x": bar,
            "y": total if np.isfinite(total) else floor,
            "yshift": 12,
            "showarrow": False,
            "text": f"total {format_number(total)} {unit}"
            if np.isfinite(total)
            else "KL = ∞, so the total is ∞",
        }
        for bar, total, floor in zip(bars, totals, entropies, strict=True)
    ]
    return charts.figure(
        traces,
        title="Cross-entropy = entropy + KL<br>"
        f"H(p, q) = {format_number(totals[0])} {_but_or_and(totals)} "
        f"H(q, p) = {format_number(totals[1])} {unit}",
        x_title="which distribution is the truth",
        y_title=f"{unit} per outcome",
        presenter=presenter,
        height=440,
        layout={"barmode": "stack", "annotations": annotations, "hovermode": "closest"},
    )


def _but_or_and(totals):
    """'but' between two totals that differ as shown, 'and' between two that do not."""
    return "and" if format_number(totals[0]) == format_number(totals[1]) else "but"


def distributions_figure(p, q, labels, presenter=False):
    """Grouped bars of the truth p and the prediction q, outcome by outcome.

    Examples
    --------
    >>> fig = distributions_figure([0.7, 0.3], [0.4, 0.6], ["cat", "dog"])
    >>> [trace.name for trace in fig.data]
    ['truth p', 'prediction q']
    """
    p, q, labels = _pair(p, q, labels)
    labels = [escape_html(label, max_length=20) for label in labels]
    traces = [
        charts.bar(labels, p, name="truth p", color=palette.TARGET),
        charts.bar(labels, q, name="prediction q", color=palette.PREDICTION),
    ]
    return charts.figure(
        traces,
        title="The truth p beside the prediction q:<br>the further apart they are, the larger the KL part",
        x_title="outcome",
        y_title="probability (0 to 1)",
        presenter=presenter,
        layout={"barmode": "group", "yaxis": {"range": [0, 1.05]}},
    )


def distributions_table(p, q, labels):
    """The truth and the prediction as a table, one row per outcome."""
    p, q, labels = _pair(p, q, labels)
    return pd.DataFrame({"outcome": labels, "truth p": p, "prediction q": q})


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
    unit = _unit(base)
    position = np.arange(len(tokens))
    traces = [
        charts.bar(
            position,
            _drawable(result["token_losses"]),
            name="loss of each token, −log q",
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
            "text": "∞ (q = 0)",
            "font": {"color": palette.MARKER},
        }
        for x in position[np.isinf(result["token_losses"])]
    ]
    return charts.figure(
        traces,
        title=_sequence_title(result["mean"], result["perplexity"], unit),
        x_title="correct next token, in order",
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
        return "A correct token got q = 0, so its loss is infinite<br>and so are the mean and the perplexity"
    return (
        f"Mean loss {format_number(mean)} {unit} per token gives perplexity "
        f"{format_number(perplexity, 2)}:<br>as unsure as a fair pick among that many tokens"
    )


def sequence_table(tokens, probs, base):
    """The sequence chart as a table: each token, the probability it got, and its loss."""
    result = sequence_losses(probs, base=base)
    tokens = _one_token_each(tokens, result["token_losses"])
    return pd.DataFrame(
        {
            "step": np.arange(1, len(tokens) + 1),
            "correct next token": tokens,
            "probability q given to it": np.asarray(probs, dtype=float),
            f"loss −log q ({_unit(base)})": result["token_losses"],
        }
    )


def decomposition_table(p, q, labels, base):
    """The stacked bars as a table: entropy, KL and their sum, the cross-entropy, both ways round."""
    p, q, labels = _pair(p, q, labels)
    unit = _unit(base)
    return pd.DataFrame(
        {
            "bar": ["H(p, q): truth p, prediction q", "H(q, p): truth q, prediction p"],
            f"entropy ({unit})": [entropy(p, base=base), entropy(q, base=base)],
            f"KL divergence ({unit})": [kl_divergence(p, q, base=base), kl_divergence(q, p, base=base)],
            f"cross-entropy ({unit})": [cross_entropy(p, q, base=base), cross_entropy(q, p, base=base)],
        }
    )


def code_length_table(p, q, labels):
    """Code lengths in bits, -log2 q(i) for a code built for q and -log2 p(i) for one built for p.

    Averaging the first column over outcomes drawn from p gives H(p, q); the second gives H(p).

    Examples
    --------
    >>> code_length_table([0.5, 0.5], [0.25, 0.75], ["heads", "tails"]).round(3)
      outcome    p  code for q (bits)  code for p (bits)
    0   heads  0.5              2.000                1.0
    1   tails  0.5              0.415                1.0
    """
    p, q, labels = _pair(p, q, labels)
    ones = np.ones_like(p)
    return pd.DataFrame(
        {
            "outcome": labels,
            "p": p,
            "code for q (bits)": binary_cross_entropy(ones, q, reduction="none", base=2),
            "code for p (bits)": binary_cross_entropy(ones, p, reduction="none", base=2),
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
        title="Each step moves the policy's probabilities<br>toward the target's",
        x_title="action",
        y_title="probability of the action",
        presenter=presenter,
        layout={"barmode": "group", "yaxis": {"range": [0, 1.05]}},
    )


def policy_loss_figure(target, path, *, max_steps, base, presenter=False):
    """H(target, policy) after each step, falling toward its floor H(target), on a fixed 0..max_steps axis.

    Examples
    --------
    >>> fig = policy_loss_figure([0.5, 0.5], [[1.0, 0.0], [0.5, 0.0]], max_steps=10, base=2)
    >>> round(float(fig.data[1].y[0]), 3)  # the floor: H(target) = 1 bit
    1.0
    """
    target, policies = _policies(target, path)
    unit = _unit(base)
    losses = cross_entropy(np.tile(target, (len(policies), 1)), policies, reduction="none", base=base)
    floor = float(entropy(target, base=base))
    steps = np.arange(len(losses))
    traces = [
        charts.line(
            steps,
            losses,
            name="cross-entropy H(target, policy)",
            color=palette.CROSS_ENTROPY,
            presenter=presenter,
        ),
        charts.line(
            np.array([0, max_steps]),
            np.full(2, floor),
            name=f"floor H(target) = {format_number(floor)} {unit}",
            color=palette.ENTROPY,
            presenter=presenter,
            dash="dash",
            thin=True,
        ),
        charts.marker(int(steps[-1]), float(losses[-1]), name="now", presenter=presenter),
    ]
    return charts.figure(
        traces,
        title="The loss falls toward H(target), not to 0:<br>what is left is the target's own uncertainty",
        x_title="gradient steps taken",
        y_title=f"cross-entropy ({unit})",
        presenter=presenter,
        layout={"xaxis": {"range": [-0.5, max_steps + 0.5]}, "yaxis": {"rangemode": "tozero"}},
    )


def policy_loss_table(target, path, *, base):
    """The loss chart as a table: after each step, H(target, policy) and its floor H(target)."""
    target, policies = _policies(target, path)
    unit = _unit(base)
    return pd.DataFrame(
        {
            "gradient steps taken": np.arange(len(policies)),
            f"cross-entropy H(target, policy) ({unit})": cross_entropy(
                np.tile(target, (len(policies), 1)), policies, reduction="none", base=base
            ),
            f"floor H(target) ({unit})": np.full(len(policies), float(entropy(target, base=base))),
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


VARIANT_NAMES = {
    "cross_entropy": "cross-entropy",
    "focal": "focal",
    "weighted": "weighted",
    "smoothed": "label smoothing",
}


def variants_figure(
    *,
    n_classes=2,
    gamma=2.0,
    class_weight=5.0,
    label_smoothing=0.1,
    base=math.e,
    q_true=None,
    presenter=False,
):
    """Plain, focal, weighted and smoothed cross-entropy against the probability of the true class.

    Parameters
    ----------
    n_classes, gamma, class_weight, label_smoothing, base
        As in ``core.variants.loss_curves_by_variant``.
    q_true : float, optional
        The learner's prediction: a dotted line and a dot on each curve there.
        A loss above the top of the chart is written out instead.
    presenter : bool
        Larger text and thicker lines for a projector.

    Returns
    -------
    plotly.graph_objects.Figure
        Four curves (plain cross-entropy first), a marker at the smoothed loss's
        minimum, then the dots at `q_true`.

    Examples
    --------
    >>> fig = variants_figure(gamma=2.0, class_weight=5.0, label_smoothing=0.1)
    >>> [trace.name for trace in fig.data][:2]
    ['cross-entropy', 'focal, γ = 2']
    """
    settings = {
        "n_classes": n_classes,
        "gamma": gamma,
        "class_weight": class_weight,
        "label_smoothing": label_smoothing,
        "base": base,
    }
    curves = loss_curves_by_variant(Q_GRID, **settings)
    unit = _unit(base)
    y_cap = LOSS_CAP_NATS / math.log(base)
    colours = dict(zip(VARIANT_NAMES, (palette.CROSS_ENTROPY, *palette.VARIANTS[:3]), strict=True))
    dashes = dict(zip(VARIANT_NAMES, (None, "dash", "dot", "dashdot"), strict=True))
    names = {
        "cross_entropy": "cross-entropy",
        "focal": f"focal, γ = {gamma:g}",
        "weighted": f"weighted, w = {class_weight:.3g}",
        "smoothed": f"label smoothing, ε = {label_smoothing:g}",
    }
    traces = [
        charts.line(
            curves["q_true"].to_numpy(),
            curves[column].to_numpy(),
            name=names[column],
            color=colours[column],
            presenter=presenter,
            dash=dashes[column],
        )
        for column in VARIANT_NAMES
    ]
    traces.append(
        {
            "type": "scatter",
            "x": np.array([confidence_cap(n_classes, label_smoothing)]),
            "y": np.array([best_achievable_loss(n_classes, label_smoothing, base=base)]),
            "mode": "markers",
            "name": "smoothing's best: confidence capped here",
            "marker": {
                "color": palette.VARIANTS[2],
                "size": 16 if presenter else 11,
                "symbol": "diamond",
                "line": {"width": 1.5, "color": "black"},
            },
        }
    )
    layout = {"xaxis": {"range": [0, 1]}, "yaxis": {"range": [0, y_cap]}, "hovermode": "closest"}
    if q_true is not None:
        q_true = float(_checks.probabilities(q_true, "q_true"))
        here = loss_curves_by_variant([q_true], **settings).iloc[0]
        values = np.array([here[column] for column in VARIANT_NAMES])
        traces.append(_prediction_dots(q_true, values, list(colours.values()), y_cap, presenter))
        layout |= {"shapes": [charts.vline(q_true, color=palette.MARKER, dash="dot")]}
        layout |= {"annotations": _above_the_chart(q_true, values, y_cap)}
    return charts.figure(
        traces,
        title="One prediction, four losses: focal forgives easy samples,<br>"
        "weights scale a class, smoothing punishes overconfidence",
        x_title="probability given to the true class",
        y_title=f"loss ({unit})",
        presenter=presenter,
        height=460,
        layout=layout,
    )


def _prediction_dots(q_true, values, colours, y_cap, presenter):
    """A dot on each curve at the learner's prediction, pinned to the top edge when above the chart."""
    return {
        "type": "scatter",
        "x": np.full(len(values), q_true),
        "y": np.minimum(values, y_cap),
        "mode": "markers",
        "name": "your prediction",
        "marker": {"color": colours, "size": 14 if presenter else 10, "line": {"width": 2, "color": "white"}},
        "customdata": np.array(list(VARIANT_NAMES.values())),
        "hovertemplate": "%{customdata} at your prediction<extra></extra>",
    }


def _above_the_chart(q_true, values, y_cap):
    """A note listing the losses at q_true that lie above the top of the chart (none: no note)."""
    above = [
        f"{name} {format_number(value, 2)}"
        for name, value in zip(VARIANT_NAMES.values(), values, strict=True)
        if value > y_cap
    ]
    if not above:
        return []
    return [
        {
            "x": q_true,
            "y": y_cap,
            "xanchor": "left" if q_true < 0.5 else "right",
            "yanchor": "top",
            "showarrow": False,
            "text": "above the chart:<br>" + "<br>".join(above),
            "font": {"color": palette.MARKER},
            "bgcolor": "rgba(255,255,255,0.85)",
        }
    ]


def variants_table(q_true, **settings):
    """The variants chart as a table: the four losses at landmark probabilities and at `q_true`."""
    landmarks = np.unique(np.append([0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99], q_true))
    curves = loss_curves_by_variant(landmarks, **settings)
    unit = _unit(settings.get("base", math.e))
    names = {column: f"{name} ({unit})" for column, name in VARIANT_NAMES.items()}
    return curves.rename(columns={"q_true": "q, probability of the true class", **names})


def softmax_overflow_figure(z_max=1000.0, z=None, presenter=False):
    """softmax([z, z - 1])_0 for z from 0 to `z_max`, naive in float16, float32 and float64 and shifted.

    The answer is sigmoid(1) = 0.731 for every z, since softmax ignores a common shift;
    each naive line stops (nan) where exp(z) overflows. `z` marks the learner's logit.

    Examples
    --------
    >>> fig = softmax_overflow_figure(200.0)
    >>> [trace.name for trace in fig.data]
    ['stable (max subtracted)', 'naive float64', 'naive float32', 'naive float16']
    """
    grid = np.linspace(0, _positive(z_max, "z_max"), 1001)
    logits = np.column_stack([grid, grid - 1])
    traces = [
        {  # twice as wide, so that it shows under the naive lines wherever they agree
            "type": "scatter",
            "mode": "lines",
            "x": grid,
            "y": stable_softmax(logits)[:, 0],
            "name": "stable (max subtracted)",
            "line": {"color": palette.PREDICTION, "width": 2 * charts.line_width(presenter)},
        },
        charts.line(
            grid,
            naive_softmax(logits, np.float64)[:, 0],
            name="naive float64",
            color=palette.MARKER,
            presenter=presenter,
            dash="dash",
        ),
        charts.line(
            grid,
            naive_softmax(logits, np.float32)[:, 0].astype(float),
            name="naive float32",
            color=palette.VARIANTS[3],
            presenter=presenter,
            dash="dot",
        ),
        charts.line(
            grid,
            naive_softmax(logits, np.float16)[:, 0].astype(float),
            name="naive float16",
            color=palette.VARIANTS[2],
            presenter=presenter,
            dash="dashdot",
        ),
    ]
    thresholds = {
        name: overflow_threshold(kind)
        for name, kind in (("float16", np.float16), ("float32", np.float32), ("float64", np.float64))
    }
    heights = {
        "float16": 0.45,
        "float32": 0.25,
        "float64": 0.25,
    }  # float16's note above float32's, not over it
    shapes, annotations = [], []
    for name, threshold in thresholds.items():
        if threshold < z_max:
            shapes.append(charts.vline(threshold, color=palette.NEUTRAL))
            annotations.append(
                {
                    "x": threshold,
                    "y": heights[name],
                    "xanchor": "right" if name == "float64" else "left",  # notes between the lines
                    "showarrow": False,
                    "text": f" exp overflows <br> in {name} ",
                    "font": {"color": palette.NEUTRAL},
                }
            )
    if z is not None:
        z = float(_checks.finite(z, "z"))
        shapes.append(charts.vline(z, color=palette.MARKER, width=2, dash="dot"))
        annotations.append(
            {
                "x": z,
                "y": 1.0,
                "yanchor": "bottom",
                "showarrow": False,
                "text": "your z",
                "font": {"color": palette.MARKER},
            }
        )
    exact = float(stable_softmax(np.array([0.0, -1.0]))[0])  # the same for every z: softmax ignores a shift
    return charts.figure(
        traces,
        title=f"softmax([z, z − 1]) is {exact:.3f} for every z,<br>but the naive one breaks past z = "
        f"{thresholds['float16']:.2f} in float16,<br>{thresholds['float32']:.1f} in float32 "
        f"and {thresholds['float64']:.1f} in float64",
        x_title="logit z of class A (class B's logit is z − 1)",
        y_title="softmax probability of class A",
        presenter=presenter,
        height=420,
        layout={
            "yaxis": {"range": [0, 1.12]},
            "shapes": shapes,
            "annotations": annotations,
            "margin": {"t": 100 + (20 if presenter else 0)},
        },
    )


def clipping_figure(c, *, base=math.e, q_true=None, presenter=False):
    """-log q beside -log(clip(q, c, 1 - c)) on a log axis, with the cap -log c (c: the clip level).

    `q_true` puts a marker on the clipped curve; at q = 0, which a log axis cannot show,
    it sits at the left edge.

    Examples
    --------
    >>> fig = clipping_figure(1e-7)
    >>> round(float(fig.data[2].y[0]), 3)  # the cap, -log(1e-7)
    16.118
    """
    unit = _unit(base)
    cap = clipped_cross_entropy(0.0, c, base=base)
    q = np.logspace(math.log10(c) - 3, 0, 400)
    traces = [
        charts.line(
            q,
            binary_cross_entropy(np.ones_like(q), q, reduction="none", base=base),
            name="−log q",
            color=palette.CROSS_ENTROPY,
            presenter=presenter,
        ),
        charts.line(
            q,
            clipped_cross_entropy(q, c, base=base),
            name=f"−log clip(q, c, 1 − c), c = {_short(c)}",
            color=palette.VARIANTS[3],
            presenter=presenter,
            dash="dash",
        ),
        charts.line(
            np.array([q[0], q[-1]]),
            np.full(2, cap),
            name=f"cap −log c = {format_number(cap, 2)} {unit}",
            color=palette.NEUTRAL,
            dash="dot",
            thin=True,
        ),
    ]
    if q_true is not None:
        q_true = float(_checks.probabilities(q_true, "q_true"))
        traces.append(
            charts.marker(
                max(q_true, float(q[0])),
                clipped_cross_entropy(q_true, c, base=base),
                name="your q, clipped" if q_true >= q[0] else "your q (left of the chart), clipped",
                presenter=presenter,
            )
        )
    return charts.figure(
        traces,
        title=f"Clipping at c = {_short(c)} caps the loss at {format_number(cap, 1)} {unit},<br>"
        "but below c it is flat: a sure, wrong model gets no push (gradient)",
        x_title="probability given to the true class q (log scale)",
        y_title=f"loss ({unit})",
        presenter=presenter,
        layout={
            "xaxis": {"type": "log", "exponentformat": "power"},
            # the curves fall from top left to bottom right, so the top right corner is free for the legend
            "legend": {"orientation": "v", "x": 1, "xanchor": "right", "y": 1, "yanchor": "top"},
        },
    )
