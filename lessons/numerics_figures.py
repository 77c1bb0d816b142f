"""The numerics page's figures and chart tables: softmax overflowing in each float type, clipping, and
log(softmax) against log-softmax (the sentences are in lessons/numerics.py, the maths in core/numerics.py)."""

import math

import numpy as np
import pandas as pd

from content.text import format_number
from core import _checks
from core.losses import binary_cross_entropy
from core.numerics import (
    FLOAT_NAMES,
    FLOAT_TYPES,
    clipped_cross_entropy,
    log_of_softmax_vs_log_softmax,
    naive_softmax,
    one_row,
    overflow_threshold,
    stable_softmax,
    sum_overflow_threshold,
)
from lessons import _charts as charts
from lessons import palette
from lessons.numerics import (
    Q_TRUE_TEXT,
    clipping_effect,
    clipping_moves,
    listed,
    loss_text,
    overflow_sentence,
    short_number,
)

# The naive softmax's lines, widest float first: its type, colour and dash.
NAIVE_LINES = (
    (np.float64, palette.MARKER, "dash"),
    (np.float32, palette.VARIANTS[3], "dot"),
    (np.float16, palette.VARIANTS[2], "dashdot"),
)


def overflow_chart_table(z_max=1000.0, z=None):
    """The overflow chart as a table: q(A) for [z, z - 1] at the edges of each type's range, and at `z`."""
    edges = [0.0, float(z_max)]
    for kind in FLOAT_TYPES:
        for threshold in (sum_overflow_threshold(kind), overflow_threshold(kind)):
            edges += [math.floor(threshold), math.floor(threshold) + 1]
    if z is not None:
        edges.append(float(z))
    grid = np.unique([edge for edge in edges if 0 <= edge <= z_max])
    logits = np.column_stack([grid, grid - 1])
    return pd.DataFrame(
        {"logit z of A": grid}
        | {
            f"naive {FLOAT_NAMES[kind]}": naive_softmax(logits, kind)[:, 0].astype(float)
            for kind in FLOAT_TYPES
        }
        | {"stable (max subtracted)": stable_softmax(logits)[:, 0]}
    )


def overflow_alt(z, z_max=1000.0):
    """What the overflow chart shows, with the thresholds and the learner's z.

    Examples
    --------
    >>> overflow_alt(5).split(";")[0][-42:]
    'when the largest logit is subtracted first'
    """

    def past(threshold):
        return listed([f"{format_number(threshold(kind), 2)} in {FLOAT_NAMES[kind]}" for kind in FLOAT_TYPES])

    right = format_number(float(stable_softmax([0.0, -1.0])[0]), 4)
    return (
        f"softmax([z, z − 1]) for class A is {right} for every z from 0 to {z_max:g} when the largest logit "
        f"is subtracted first; computed naively it drops to a wrong 0 once the sum e^z + e^(z − 1) "
        f"overflows, past z = {past(sum_overflow_threshold)}, and becomes NaN once e^z itself overflows, "
        f"past z = {past(overflow_threshold)}. At your z = {z:g}, {overflow_sentence(z)}."
    )


def clipping_table(c, *, base=math.e, unit="nats"):
    """The clipping chart as a table: -log q_y and -log clip(q_y, c, 1 - c) at landmark probabilities of the
    true class, q_y written Q_TRUE_TEXT (a table's header renders no LaTeX)."""
    q = np.unique(np.r_[0.0, c / 1000, c / 10, c, 10 * c, 0.001, 0.01, 0.1, 0.5, 0.9, 1 - c, 1.0])
    q = q[(q >= 0) & (q <= 1)]
    with np.errstate(divide="ignore"):
        plain = 0.0 - np.log(q) / math.log(base)
    return pd.DataFrame(
        {
            Q_TRUE_TEXT: q,
            f"−log {Q_TRUE_TEXT} ({unit})": plain,
            f"−log clip({Q_TRUE_TEXT}, c, 1 − c) ({unit})": clipped_cross_entropy(q, c, base=base),
        }
    )


def clipping_alt(q_true, c, *, base=math.e, unit="nats"):
    """What the clipping chart shows, with the cap and the learner's q_y (written Q_TRUE_TEXT: a screen
    reader gets plain text).

    Examples
    --------
    >>> clipping_alt(0.0, 1e-7)[:75]
    '−log q(true class) rises without bound as q(true class) falls to 0, while t'
    """
    cap = clipped_cross_entropy(0.0, c, base=base)
    q = Q_TRUE_TEXT
    return (
        f"−log {q} rises without bound as {q} falls to 0, while the clipped loss −log clip({q}, c, 1 − c) "
        f"with c = {short_number(c)} stops at the cap {loss_text(cap, unit)} and is flat for every {q} "
        f"below c. Clipping {clipping_effect(q_true, c, base=base, unit=unit, symbol=q)}."
    )


LABEL_GAP = 6  # px between a vertical line and its label


def _whole(z):
    """Logits as whole numbers when they are (the sliders' are), so a table shows 100, not 100.0000."""
    return z.astype(np.int64) if np.all(z == np.round(z)) else z


def _classes(z):
    """The classes' names as the page's sentences use them: A, B, C, …"""
    return [chr(ord("A") + k) for k in range(len(z))]


def softmax_overflow_table(z):
    """One row per class: name, logit, naive softmax in float16, float32 and float64, and stable softmax.

    Parameters
    ----------
    z : array_like
        1-D finite logits that fit in float32.

    Returns
    -------
    pandas.DataFrame
        Columns ``class`` (A, B, …), ``logit``, ``naive float16``, ``naive float32``, ``naive float64``,
        ``stable float32``, ``stable float64``; the softmax columns float64, with any inf and nan kept for
        the page to format.

    Examples
    --------
    >>> softmax_overflow_table([100.0, 99.0])[["naive float32", "naive float64", "stable float32"]].round(4)
       naive float32  naive float64  stable float32
    0            NaN         0.7311          0.7311
    1            NaN         0.2689          0.2689
    """
    z = one_row(z)

    return pd.DataFrame(
        {
            "class": _classes(z),
            "logit": _whole(z),
            "naive float16": naive_softmax(z, np.float16).astype(float),
            "naive float32": naive_softmax(z, np.float32).astype(float),
            "naive float64": naive_softmax(z, np.float64),
            "stable float32": stable_softmax(z, np.float32).astype(float),
            "stable float64": stable_softmax(z, np.float64),
        }
    )


def log_softmax_table(z):
    """One row per class: name, logit, ln(softmax(z)), log_softmax(z) and the gap between them.

    Parameters
    ----------
    z : array_like
        1-D finite logits.

    Returns
    -------
    pandas.DataFrame
        Columns ``class`` (A, B, …), ``logit``, ``ln(softmax(z)) (nats)``, ``log_softmax(z) (nats)``,
        ``gap (nats)`` (natural logs); ``-inf`` and ``inf`` kept as floats for the page to format.

    Examples
    --------
    >>> log_softmax_table([0.0, -800.0]).to_numpy().tolist()
    [['A', 0, 0.0, 0.0, 0.0], ['B', -800, -inf, -800.0, inf]]
    """
    z = one_row(z)
    result = log_of_softmax_vs_log_softmax(z)

    return pd.DataFrame(
        {
            "class": _classes(z),
            "logit": _whole(z),
            "ln(softmax(z)) (nats)": result.log_of_softmax,
            "log_softmax(z) (nats)": result.log_softmax,
            "gap (nats)": result.gap,
        }
    )


def _positive(value, name):
    """A finite number > 0."""
    value = float(_checks.finite(value, name))
    if value <= 0:
        raise ValueError(f"{name}: must be > 0, got {value!r}")
    return value


@charts.remembered
def softmax_overflow_figure(z_max=1000.0, z=None, presenter=False):
    """softmax([z, z - 1])_0 for z from 1 to `z_max` on a log axis, naive in float16, float32 and float64
    and shifted.

    The answer is sigmoid(1) = 0.731 for every z, since softmax ignores a common shift;
    each naive line stops (nan) where exp(z) overflows. The log axis spreads the three breaks (about 11,
    88 and 709) evenly, where a linear one would squeeze float16's and float32's against the y-axis.
    `z` marks the learner's logit; z below 1 (the slider's 0) sits at the axis's left edge.

    Examples
    --------
    >>> fig = softmax_overflow_figure(200.0)
    >>> [trace.name for trace in fig.data]
    ['stable (max subtracted)', 'naive float64', 'naive float32', 'naive float16']
    """
    z_max = _positive(z_max, "z_max")
    # every whole z up to 100 too, so that each line breaks at the very logit where its type overflows
    grid = np.unique(np.r_[np.geomspace(1, max(z_max, 1), 1001), np.arange(1, min(z_max, 100) + 1)])
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
        *(
            charts.line(
                grid,
                naive_softmax(logits, kind)[:, 0].astype(float),
                name=f"naive {FLOAT_NAMES[kind]}",
                color=color,
                presenter=presenter,
                dash=dash,
            )
            for kind, color, dash in NAIVE_LINES
        ),
    ]
    # Where each naive line first goes wrong: the sum e^z + e^(z - 1) overflows a little before e^z does.
    thresholds = {FLOAT_NAMES[kind]: sum_overflow_threshold(kind) for kind in FLOAT_TYPES}
    shapes, annotations = [], []
    for height, (name, threshold) in zip((0.45, 0.3, 0.15), thresholds.items(), strict=True):
        if threshold < z_max:
            shapes.append(charts.vline(threshold, color=palette.NEUTRAL))
            left = threshold < z_max / 2  # the label on the side with more room
            annotations.append(
                {  # one height per type, so that float16's and float32's notes never overlap on a phone
                    "x": math.log10(threshold),  # a log axis places annotations by the exponent
                    "y": height,
                    "xanchor": "left" if left else "right",
                    "xshift": LABEL_GAP if left else -LABEL_GAP,  # clear of its own line
                    "showarrow": False,
                    "text": f"{name}: {threshold:.2f}",
                    "font": {"color": palette.NEUTRAL},
                    "bgcolor": charts.LABEL_BOX,
                }
            )
    if z is not None:
        z = float(_checks.finite(z, "z"))
        shown = max(z, 1.0)  # a log axis has no 0: a smaller z sits at its left edge
        shapes.append(charts.vline(shown, color=palette.MARKER, width=2, dash="dot"))
        annotations.append(
            {
                "x": math.log10(shown),
                "y": 1.0,
                "yanchor": "bottom",
                "xanchor": "left" if z < z_max / 2 else "right",
                "xshift": LABEL_GAP if z < z_max / 2 else -LABEL_GAP,
                "showarrow": False,
                "text": "your z" if z >= 1 else f"your z = {z:g}, left of the axis",
                "font": {"color": palette.MARKER},
            }
        )
    exact = float(stable_softmax(np.array([0.0, -1.0]))[0])  # the same for every z: softmax ignores a shift
    return charts.figure(
        traces,
        title=f"softmax([z, z − 1]) is {exact:.3f} for every z;<br>naively it breaks when e^z + e^(z − 1)<br>"
        f"overflows: past z = {thresholds['float16']:.2f} (float16),<br>"
        f"{thresholds['float32']:.2f} (float32) and {thresholds['float64']:.2f} (float64)",
        x_title="logit z of class A (class B's logit is z − 1), log scale from z = 1",
        y_title="softmax probability of class A",
        presenter=presenter,
        height=460,
        layout={
            # dtick 1: labels at 1, 10, 100, 1000 only (no small minor digits a projector cannot show)
            "xaxis": {"type": "log", "range": [0, math.log10(max(z_max, 1))], "dtick": 1},
            "yaxis": {"range": [0, 1.12]},
            "shapes": shapes,
            "annotations": annotations,
            "margin": {"t": 140 + (30 if presenter else 0)},
        },
    )


@charts.remembered
def clipping_figure(c, *, base=math.e, q_true=None, presenter=False):
    """-log q_y beside -log(clip(q_y, c, 1 - c)) on a log axis, with the cap -log c (c: the clip level);
    q_y, the true class's probability, is written Q_TRUE_TEXT (Plotly renders no LaTeX here).

    `q_true` puts a marker on the clipped curve, named "clipped" only where clipping moves q_y; at
    q_y = 0, which a log axis cannot show, it sits at the left edge.

    Examples
    --------
    >>> fig = clipping_figure(1e-7)
    >>> round(float(fig.data[2].y[0]), 3)  # the cap, -log(1e-7)
    16.118
    """
    unit = charts.unit_name(base)
    cap = clipped_cross_entropy(0.0, c, base=base)
    q = np.logspace(math.log10(c) - 3, 0, 400)
    traces = [
        charts.line(
            q,
            binary_cross_entropy(np.ones_like(q), q, reduction="none", base=base),
            name=f"−log {Q_TRUE_TEXT}",
            color=palette.CROSS_ENTROPY,
            presenter=presenter,
        ),
        charts.line(
            q,
            clipped_cross_entropy(q, c, base=base),
            name=f"−log clip({Q_TRUE_TEXT}, c, 1 − c), c = {short_number(c)}",
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
        name = f"your {Q_TRUE_TEXT}" + (" (left of the chart)" if q_true < q[0] else "")
        traces.append(
            charts.marker(
                max(q_true, float(q[0])),
                clipped_cross_entropy(q_true, c, base=base),
                name=name + (", clipped" if clipping_moves(q_true, c) else ""),
                presenter=presenter,
            )
        )
    return charts.figure(
        traces,
        title=f"Clipping at c = {short_number(c)} caps the loss<br>at {format_number(cap, 1)} {unit}, "
        "but below c it is flat:<br>a sure, wrong model gets no push (gradient)",
        x_title="probability given to the true class (log scale)",
        y_title=f"loss ({unit})",
        presenter=presenter,
        height=460,
        layout={
            "xaxis": {"type": "log", "exponentformat": "power"},
            # a three-line title above; below, the four long legend entries, one a line on a phone
            "margin": {"t": 100 + (20 if presenter else 0), "b": 110 + (30 if presenter else 0)},
            "legend": {"yref": "container", "y": 0, "yanchor": "bottom"},
        },
    )
