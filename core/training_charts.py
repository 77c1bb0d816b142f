"""Animated Plotly figures for the training lab; Play and the slider run in the browser, with no rerun.

Every figure carries one frame per shown step. Static traces (the full curves,
the data points) are sent once; each frame sends only what moves: the decision
regions, the step line and the current-value dots.
"""

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core import _checks, palette
from core.charts import NORMAL_FONT, PRESENTER_FONT, line_width, style
from core.training import LOSS_LABELS, decision_regions, plot_bounds, training_summary

RUN_COLOURS = {"cross_entropy": palette.CROSS_ENTROPY, "mse": palette.MSE}
CLASS_COLOURS = palette.CLASSES
CLASS_SYMBOLS = ("circle", "square", "diamond")  # so the classes differ without colour too
# The step readout: grey reads on the light and the dark theme alike (the slider's own font is hidden).
STEP_COLOUR = palette.NEUTRAL
MAX_FRAMES = 60
REGION_OPACITY = 0.25
FRAME_MS = 100
HOLD_MS = 10**9  # "show the next frame, then wait": about 11 days, which is never in a lesson
NO_CHANGE = {"data": [], "traces": []}  # an unnamed frame that changes nothing; see _step_button
STEP_AXIS = "gradient-descent step"
TABLE_LABELS = {  # run field: column label in the chart's table
    "cross_entropy": "cross-entropy ({unit})",
    "accuracy": "accuracy (%)",
    "grad_norm": "gradient length",
}
CURVES = {  # run field: (panel title, y-axis title, log scale)
    "cross_entropy": ("Cross-entropy (log scale)", "loss ({unit})", True),
    "accuracy": ("Accuracy", "correct (%)", False),
    "grad_norm": ("Gradient length (log scale)", "|∇L|", True),
}


def frame_steps(steps, max_frames=MAX_FRAMES):
    """t_i = round(steps * (i / (max_frames - 1))^2): every early step, then wider gaps.

    Parameters
    ----------
    steps : int
        The run's last step.
    max_frames : int
        At most this many frames (fewer when rounding makes early ones coincide).

    Returns
    -------
    numpy.ndarray
        Increasing steps from 0 to `steps`. Most learning happens early, so
        the animation lingers there.

    Examples
    --------
    >>> frame_steps(200)[:8].tolist(), int(frame_steps(200)[-1]), len(frame_steps(200)) <= 60
    ([0, 1, 2, 3, 4, 5, 6, 7], 200, True)
    >>> frame_steps(5).tolist()
    [0, 1, 2, 3, 4, 5]
    """
    return np.unique(np.round(steps * np.linspace(0, 1, max_frames) ** 2).astype(int))


def _add(fig, trace, row, col):
    """Add a trace to a subplot and return its index in fig.data."""
    fig.add_trace(trace, row=row, col=col)
    return len(fig.data) - 1


def _curve_values(run, field, log_base):
    """The per-step values a curve panel plots: accuracy in %, cross-entropy divided by ln(base)."""
    values = getattr(run, field)
    if field == "accuracy":
        return 100 * values
    return values / log_base if field == "cross_entropy" else values


def _curve_span(curves, log):
    """(low, high) of the y axis: every value of both runs, with a margin."""
    low = min(values.min() for values in curves.values())
    high = max(values.max() for values in curves.values())
    if log:
        return max(low, 1e-9) / 1.5, high * 1.5
    return min(low, 0) - 3, max(high, 100) + 3


def _curve_panel(fig, runs, field, steps_shown, row, col, presenter, legend, base=math.e, unit="nats"):
    """Both runs' whole curves, a step line and two dots that move; returns {trace index: frame updates}."""
    _, y_title, log = CURVES[field]
    curves = {name: _curve_values(run, field, _checks.log_of_base(base)) for name, run in runs.items()}
    low, high = _curve_span(curves, log)
    for name, values in curves.items():
        label = f"trained with {LOSS_LABELS[name]}"
        line = {"color": RUN_COLOURS[name], "width": line_width(presenter)}
        hover = f"{label}<br>step %{{x}}: %{{y:.3g}}<extra></extra>"
        trace = go.Scatter(y=values, mode="lines", line=line, name=label, hovertemplate=hover)
        _add(fig, trace.update(legendgroup=name, showlegend=legend), row, col)

    dashed = {"color": palette.NEUTRAL, "dash": "dash", "width": 1.5}
    step_line = go.Scatter(x=[0, 0], y=[low, high], mode="lines", line=dashed, hoverinfo="skip")
    marker = {"color": [RUN_COLOURS[name] for name in curves], "size": 16 if presenter else 11}
    dots = go.Scatter(x=[0] * len(curves), y=[values[0] for values in curves.values()], mode="markers")
    dots.update(marker=marker, marker_line={"width": 2, "color": "white"}, hoverinfo="skip")
    line_index = _add(fig, step_line.update(showlegend=False), row, col)
    dots_index = _add(fig, dots.update(showlegend=False), row, col)

    y_range = {"type": "log", "range": np.log10([low, high]), "dtick": 1} if log else {"range": [low, high]}
    fig.update_yaxes(title_text=y_title.format(unit=unit), row=row, col=col, **y_range)
    fig.update_xaxes(title_text=STEP_AXIS, range=[0, _last_step(runs)], row=row, col=col)
    return {
        line_index: [go.Scatter(x=[t, t]) for t in steps_shown],
        dots_index: [go.Scatter(x=[t] * len(curves), y=[v[t] for v in curves.values()]) for t in steps_shown],
    }


def _tint(colour, alpha):
    """'#RRGGBB' as 'rgba(r, g, b, alpha)': a see-through fill of a palette colour."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def _polygon(region):
    """A region's corners as plain lists, rounded: frames cannot carry numpy's binary arrays."""
    return {"x": region[:, 0].round(3).tolist(), "y": region[:, 1].round(3).tolist()}


def _region_panel(fig, X, y, run, steps_shown, row, col, presenter, legend):
    """One model's decision regions (animated) under the data points; returns {trace index: frame updates}."""
    bounds = plot_bounds(X)
    regions_per_frame = [decision_regions(run, t, bounds) for t in steps_shown]
    updates = {}
    for k, region in enumerate(regions_per_frame[0]):
        colour = CLASS_COLOURS[k]
        area = go.Scatter(**_polygon(region), fill="toself", mode="lines", showlegend=False, hoverinfo="skip")
        area.update(fillcolor=_tint(colour, REGION_OPACITY), line={"color": colour, "width": 1})
        index = _add(fig, area, row, col)
        updates[index] = [go.Scatter(**_polygon(regions[k])) for regions in regions_per_frame]

    for k in range(len(regions_per_frame[0])):
        points = X[y == k]
        marker = {"color": CLASS_COLOURS[k], "symbol": CLASS_SYMBOLS[k], "size": 11 if presenter else 7}
        hover = f"class {k}<br>x₁ %{{x:.2f}}, x₂ %{{y:.2f}}<extra></extra>"
        trace = go.Scatter(x=points[:, 0], y=points[:, 1], mode="markers", marker=marker, hovertemplate=hover)
        trace.update(name=f"class {k}", legendgroup=f"class {k}", showlegend=legend)
        _add(fig, trace.update(marker_line={"width": 1, "color": "white"}), row, col)

    anchor = "x" + fig.get_subplot(row, col).xaxis.plotly_name.removeprefix("xaxis")
    fig.update_xaxes(title_text="feature x₁", range=bounds[:2], constrain="domain", row=row, col=col)
    fig.update_yaxes(title_text="feature x₂", range=bounds[2:], scaleanchor=anchor, row=row, col=col)
    return updates


def _jump(duration):
    """Animation settings: show each frame for `duration` ms, with no easing between frames."""
    return {
        "frame": {"duration": duration, "redraw": True},
        "mode": "immediate",
        "transition": {"duration": 0},
    }


def _step_button(names):
    """A Step button, which Plotly lacks: play from the current frame, but hold the first new one.

    Plotly's `fromcurrent` skips the frames up to the current one only when the current one is
    neither first nor last in the list. The list here starts with the unnamed NO_CHANGE frame, which
    is never current and always kept, then every frame but the first. So the queue is NO_CHANGE
    (shown for 0 ms), then the frame after the current one (held), from step 0 too. At the end it
    starts again, as Play does.
    """
    hold = {
        "frame": [{"duration": 0, "redraw": True}, {"duration": HOLD_MS, "redraw": True}],
        "mode": "immediate",
        "transition": {"duration": 0},
        "fromcurrent": True,
    }
    return {"label": "Step ▸", "method": "animate", "args": [[NO_CHANGE, *names[1:]], hold]}


def _animate(fig, steps_shown, updates, last_step, presenter):
    """Turn {trace index: one update per frame} into frames, Play / Pause / Step / Reset and a slider."""
    names = [str(t) for t in steps_shown]
    fig.frames = [
        go.Frame(name=name, traces=list(updates), data=[frames[i] for frames in updates.values()])
        for i, name in enumerate(names)
    ]
    buttons = [
        {"label": "▶ Play", "method": "animate", "args": [None, {**_jump(FRAME_MS), "fromcurrent": True}]},
        {"label": "Pause", "method": "animate", "args": [[None], _jump(0)]},
        _step_button(names),
        {"label": "Reset", "method": "animate", "args": [[names[0]], _jump(0)]},
    ]
    font = PRESENTER_FONT if presenter else NORMAL_FONT
    below_axes = {"y": 0, "yanchor": "top", "pad": {"t": 75 if presenter else 60}}
    slider = {
        "active": 0,
        "steps": [{"label": name, "method": "animate", "args": [[name], _jump(0)]} for name in names],
        "currentvalue": {
            "prefix": "Step ",
            "suffix": f" of {last_step}",
            "font": {"size": font, "color": STEP_COLOUR},
        },
        # frames are unevenly spaced in steps, so the ticks stay unlabelled; only the current step shows
        "font": {"color": "rgba(0,0,0,0)"},
        "ticklen": 0,
        "minorticklen": 0,
        "x": 0.4,
        "len": 0.6,
        **below_axes,
    }
    fig.update_layout(
        updatemenus=[
            {
                "type": "buttons",
                "direction": "left",
                "showactive": False,  # a highlighted Play would be a pale button with pale text in dark mode
                "buttons": buttons,
                "x": 0,
                "xanchor": "left",
                **below_axes,
            }
        ],
        sliders=[slider],
        legend={"yref": "container", "y": 0, "yanchor": "bottom"},
        margin={"b": 190 if presenter else 150},
    )
    return fig


def _last_step(runs):
    """The runs' common number of steps."""
    return max(run.steps for run in runs.values())


def _region_titles(runs):
    """'Trained with cross-entropy', 'Trained with MSE'."""
    return [f"Trained with {LOSS_LABELS[name]}" for name in runs]


def _panel_titles(fig, runs, presenter):
    """Size the panel titles like the axis titles; colour each region panel's title like its run's curves."""
    fig.update_annotations(font_size=PRESENTER_FONT if presenter else NORMAL_FONT)
    for annotation, name in zip(fig.layout.annotations[: len(runs)], runs, strict=True):
        annotation.font.color = RUN_COLOURS[name]


def training_figure(X, y, runs, presenter=False, target=0.9, *, base=math.e, unit="nats"):
    """The whole lab in one figure: both models' decision regions, then loss, accuracy and gradient length.

    One Play button and one slider drive all five panels, so they stay in step.

    Parameters
    ----------
    X, y : array_like
        The data set the runs were trained on.
    runs : dict of str to TrainingRun
        From `core.training.compare_runs`.
    presenter : bool
        Bigger fonts, lines and markers for a projector.
    target : float
        The accuracy target the title reports on, in (0, 1].
    base, unit : float, str
        The cross-entropy panel's unit: ``math.e, "nats"`` or ``2, "bits"``. Both runs
        train on the natural-log loss whatever the unit; only the display changes.

    Returns
    -------
    plotly.graph_objects.Figure

    Examples
    --------
    >>> from core.training import compare_runs, make_blobs
    >>> X, y = make_blobs()
    >>> fig = training_figure(X, y, compare_runs(X, y))
    >>> len(fig.frames) <= MAX_FRAMES, len(fig.to_json()) < 150_000
    (True, True)
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    steps_shown = frame_steps(_last_step(runs))
    specs = [
        [{"colspan": 3}, None, None, {"colspan": 3}, None, None],
        [{"colspan": 2}, None, {"colspan": 2}, None, {"colspan": 2}, None],
    ]
    titles = _region_titles(runs) + [CURVES[field][0] for field in CURVES]
    fig = make_subplots(
        rows=2,
        cols=6,
        specs=specs,
        subplot_titles=titles,
        row_heights=[0.6, 0.4],
        horizontal_spacing=0.08,
        vertical_spacing=0.16,
    )
    updates = {}
    for col, run in zip((1, 4), runs.values(), strict=True):
        updates |= _region_panel(fig, X, y, run, steps_shown, 1, col, presenter, legend=col == 1)
    for col, field in zip((1, 3, 5), CURVES, strict=True):
        updates |= _curve_panel(
            fig, runs, field, steps_shown, 2, col, presenter, legend=col == 1, base=base, unit=unit
        )
    _panel_titles(fig, runs, presenter)
    title = training_summary(runs, target)["headline"]
    fig = style(fig, title=title, x_title="feature x₁", y_title="feature x₂", presenter=presenter, height=820)
    fig.update_layout(hovermode="closest")
    return _animate(fig, steps_shown, updates, _last_step(runs), presenter)


def training_table(runs, *, base=math.e, unit="nats"):
    """The curves of `training_figure` as a table, one row per step the animation shows.

    Parameters
    ----------
    runs : dict of str to TrainingRun
        From `core.training.compare_runs`.
    base, unit : float, str
        The unit of the cross-entropy columns, as for `training_figure`.

    Returns
    -------
    pandas.DataFrame
        A ``step`` column, then cross-entropy, accuracy (%) and gradient length for each run.

    Examples
    --------
    >>> from core.training import compare_runs, make_blobs
    >>> table = training_table(compare_runs(*make_blobs(), steps=30))
    >>> table.shape, table.columns[1]
    ((31, 7), 'cross-entropy (nats), cross-entropy run')
    """
    log_base = _checks.log_of_base(base)
    steps_shown = frame_steps(_last_step(runs))
    columns = {"step": steps_shown}
    for field, label in TABLE_LABELS.items():
        for name, run in runs.items():
            column = f"{label.format(unit=unit)}, {LOSS_LABELS[name]} run"
            columns[column] = _curve_values(run, field, log_base)[steps_shown].round(4)
    return pd.DataFrame(columns)
