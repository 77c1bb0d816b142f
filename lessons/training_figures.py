"""The training lab's animated figure; Play, Step and the slider run in the browser, with no rerun.

The figure is built from plain dicts in one step (see lessons._charts.figure): Plotly's validation
would cost more than the training. Static traces (whole curves, the data points) are sent once;
each frame sends only what moves: the decision regions, the step lines and the current-value dots.
"""

import math

import numpy as np
import pandas as pd

from core import _checks
from core.race import class_grids
from core.regions import linear_regions, plot_bounds
from core.training import LOSS_LABELS
from lessons import palette
from lessons._charts import NORMAL_FONT, PRESENTER_FONT, figure, line_width, wrapped
from lessons.plotly_animation import TEXT_COLOUR, controls

RUN_COLOURS = {"cross_entropy": palette.CROSS_ENTROPY, "mse": palette.MSE}
CLASS_COLOURS = palette.CLASSES
CLASS_SYMBOLS = ("circle", "square", "diamond")  # so the classes differ without colour too
MAX_FRAMES, MAX_GRID_FRAMES = 60, 25  # a hidden layer's regions are a grid, so it gets fewer frames
GRID = 25  # grid points per side for a hidden layer's regions
MAX_CURVE_POINTS = 201
REGION_OPACITY = 0.25
STEP_AXIS = "step"
# Short axis titles, so that three panels fit side by side in a column of a computer's page.
CURVES = {  # run field: (panel title, y-axis title, log scale, held-out twin)
    "cross_entropy": ("Cross-entropy", "{unit}, log scale", True, "test_cross_entropy"),
    "accuracy": ("Accuracy", "correct (%)", False, "test_accuracy"),
    "grad_norm": ("Gradient length", "length, log scale", True, None),
}
GRADIENT_IN_BITS = "length (CE in nats), log scale"  # the runs train on nats; the page may show bits
TABLE_LABELS = {  # run field: column label in the chart's table
    "cross_entropy": "training cross-entropy ({unit})",
    "test_cross_entropy": "test cross-entropy ({unit})",
    "accuracy": "training accuracy (%)",
    "test_accuracy": "test accuracy (%)",
    "grad_norm": "gradient length",
}
# Panel boxes in paper coordinates (x domains, y domains): two region maps on top, three curve panels side by
# side below; the gaps leave room for each panel's tick labels and axis title.
WIDE = (
    ([0, 0.45], [0.55, 1], [0, 0.2], [0.4, 0.6], [0.8, 1]),
    ([0.52, 1], [0.52, 1], [0, 0.3], [0, 0.3], [0, 0.3]),
)
# A phone's plot area, in px from its top: the two maps side by side, Play and the step slider under them
# (lessons.plotly_animation.controls hangs them from the maps, about 190 px deep), then each curve panel the
# whole width, one under another, with room between for its tick labels, axis title and panel title.
PHONE_MAP, PHONE_CONTROLS, PHONE_CURVE, PHONE_GAP = 190, 240, 170, 95
PHONE_PLOT = PHONE_MAP + PHONE_CONTROLS + 3 * PHONE_CURVE + 2 * PHONE_GAP
PHONE_BOTTOM = 165  # px under the last panel: its axis title, then the legend


def _phone_domains():
    """The phone's panel boxes in paper coordinates, as WIDE gives a computer's."""
    curve_tops = [PHONE_MAP + PHONE_CONTROLS + i * (PHONE_CURVE + PHONE_GAP) for i in range(3)]
    boxes = [(0, PHONE_MAP)] * 2 + [(top, top + PHONE_CURVE) for top in curve_tops]  # px, top down
    ys = tuple([round(1 - bottom / PHONE_PLOT, 4), round(1 - top / PHONE_PLOT, 4)] for top, bottom in boxes)
    return ([0, 0.46], [0.54, 1], [0, 1], [0, 1], [0, 1]), ys


def frame_steps(steps, max_frames=MAX_FRAMES):
    """t_i = round(steps * (i / (max_frames - 1))^2): every early step, then wider gaps.

    Examples
    --------
    >>> frame_steps(200)[:8].tolist(), int(frame_steps(200)[-1]), len(frame_steps(200)) <= 60
    ([0, 1, 2, 3, 4, 5, 6, 7], 200, True)
    >>> frame_steps(5).tolist()
    [0, 1, 2, 3, 4, 5]
    """
    return np.unique(np.round(steps * np.linspace(0, 1, max_frames) ** 2).astype(int))


def curve_steps(steps, max_points=MAX_CURVE_POINTS):
    """The steps a curve is drawn at: all of them, or `max_points` evenly spread, so the figure stays light.

    Examples
    --------
    >>> len(curve_steps(200)), len(curve_steps(1000)), int(curve_steps(1000)[-1])
    (201, 201, 1000)
    """
    return np.unique(np.round(np.linspace(0, steps, min(steps + 1, max_points))).astype(int))


def _axis(index):
    """Plotly's names for panel `index`: ('x', 'y'), ('x2', 'y2'), ..."""
    suffix = "" if index == 0 else str(index + 1)
    return f"x{suffix}", f"y{suffix}"


def _curve_values(run, field, log_base):
    """The per-step values a curve panel plots: accuracy in %, cross-entropy divided by ln(base)."""
    values = getattr(run, field)
    if "accuracy" in field:
        return 100 * values
    return values / log_base if "cross_entropy" in field else values


def _span(curves, log):
    """(low, high) of a panel's y axis: every finite value drawn, with a margin."""
    values = np.concatenate([c[np.isfinite(c)] for c in curves]) if curves else np.array([1.0])
    values = values if values.size else np.array([1.0])
    if log:
        low, high = max(values.min(), 1e-9) / 1.5, max(values.max(), 1e-9) * 1.5
        return [math.log10(low), math.log10(high)]
    return [min(values.min(), 0) - 3, max(values.max(), 100) + 3]


def _curve_panel(index, runs, field, shown, presenter, log_base, unit):
    """Both runs' curves (held-out ones dashed), a step line and dots that move: traces, updates, axes."""
    title, y_title, log, twin = CURVES[field]
    xa, ya = _axis(index)
    drawn = curve_steps(_last_step(runs))
    traces, drawn_values = [], []
    for name, run in runs.items():
        label = f"trained with {LOSS_LABELS[name]}"
        for kind, source in (("training", field), ("test", twin)):
            if source is None or not np.isfinite(getattr(run, source)).any():
                continue
            values = _curve_values(run, source, log_base)
            drawn_values.append(values)
            dash = "dash" if kind == "test" else None
            trace_name = label if kind == "training" else f"test points, {label}"
            traces.append(
                {
                    "type": "scatter",
                    "x": drawn,
                    "y": values[drawn].astype(np.float32),
                    "mode": "lines",
                    "name": trace_name,
                    "legendgroup": f"{name}-{kind}",
                    "showlegend": index == 2,
                    "line": {"color": RUN_COLOURS[name], "width": line_width(presenter), "dash": dash},
                    "hovertemplate": f"{trace_name}<br>step %{{x}}: %{{y:.3g}}<extra></extra>",
                    "xaxis": xa,
                    "yaxis": ya,
                }
            )
    low_high = _span(drawn_values, log)
    bottom, top = (10**v for v in low_high) if log else low_high
    train_curves = [_curve_values(run, field, log_base) for run in runs.values()]
    line = {"type": "scatter", "x": [0, 0], "y": [bottom, top], "mode": "lines", "hoverinfo": "skip"}
    line |= {"line": {"color": palette.NEUTRAL, "dash": "dash", "width": 1.5}, "showlegend": False}
    dots = {"type": "scatter", "x": [0] * len(runs), "y": [float(c[0]) for c in train_curves]}
    dots |= {"mode": "markers", "hoverinfo": "skip", "showlegend": False}
    dots["marker"] = {
        "color": [RUN_COLOURS[name] for name in runs],
        "size": 16 if presenter else 11,
        "line": {"width": 2, "color": "white"},
    }
    for trace in (line, dots):
        trace |= {"xaxis": xa, "yaxis": ya}
    moving = [
        [{"type": "scatter", "x": [int(t), int(t)]} for t in shown],
        [
            {"type": "scatter", "x": [int(t)] * len(runs), "y": [float(c[t]) for c in train_curves]}
            for t in shown
        ],
    ]
    ticks = {"tickfont": {"size": (PRESENTER_FONT if presenter else NORMAL_FONT) - 2}}  # room on a phone
    y_axis = {"title": {"text": y_title.format(unit=unit), "standoff": 4}, "range": low_high} | ticks
    if log:
        y_axis |= {"type": "log", "dtick": 1, "exponentformat": "power", "showexponent": "all"}  # short
    if field == "grad_norm" and unit != "nats":
        y_axis["title"]["text"] = GRADIENT_IN_BITS
    x_axis = {"title": {"text": STEP_AXIS}, "range": [0, _last_step(runs)], "nticks": 4} | ticks
    return title, traces, [line, dots], moving, x_axis, y_axis


def _tint(colour, alpha):
    """'#RRGGBB' as 'rgba(r, g, b, alpha)': a see-through fill of a palette colour."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def _polygon(region):
    """A region's corners as plain lists, rounded: frames cannot carry numpy's binary arrays."""
    return {"x": region[:, 0].round(2).tolist(), "y": region[:, 1].round(2).tolist()}


def _regions(run, shown, bounds, n_classes):
    """The moving region traces of one run: a polygon per class (linear) or a class grid (hidden layer)."""
    if len(run.params) == 2:
        per_frame = [linear_regions(*run.params_at(int(t)), bounds) for t in shown]
        first = []
        for k in range(n_classes):
            area = {"type": "scatter", **_polygon(per_frame[0][k]), "fill": "toself", "mode": "lines"}
            area |= {"fillcolor": _tint(CLASS_COLOURS[k], REGION_OPACITY), "showlegend": False}
            first.append(area | {"line": {"color": CLASS_COLOURS[k], "width": 1}, "hoverinfo": "skip"})
        updates = [
            [{"type": "scatter", **_polygon(regions[k])} for regions in per_frame] for k in range(n_classes)
        ]
        return first, updates
    xs, ys, classes = class_grids(run, bounds, GRID)
    where = np.searchsorted(run.kept_steps, shown)
    # one flat colour per class: colour k covers the values from k - 0.5 to k + 0.5
    scale = []
    for k in range(n_classes):
        colour = _tint(CLASS_COLOURS[k], REGION_OPACITY)
        scale += [[k / n_classes, colour], [(k + 1) / n_classes, colour]]
    grid = {"type": "heatmap", "x": xs.round(2).tolist(), "y": ys.round(2).tolist(), "z": classes[0].tolist()}
    grid |= {"zmin": -0.5, "zmax": n_classes - 0.5, "colorscale": scale, "showscale": False, "zsmooth": False}
    grid |= {"hoverinfo": "skip", "showlegend": False}
    return [grid], [[{"type": "heatmap", "z": classes[i].tolist()} for i in where]]


def _region_panel(index, X, y, run, shown, presenter):
    """One model's decision regions (animated) under the data points: traces, updates, axes."""
    xa, ya = _axis(index)
    bounds = plot_bounds(X)
    n_classes = int(y.max()) + 1
    moving, updates = _regions(run, shown, bounds, n_classes)
    points = []
    for k in range(n_classes):
        chosen = X[y == k]
        marker = {"color": CLASS_COLOURS[k], "symbol": CLASS_SYMBOLS[k], "size": 11 if presenter else 7}
        points.append(
            {
                "type": "scatter",
                "x": chosen[:, 0].round(3),
                "y": chosen[:, 1].round(3),
                "mode": "markers",
                "marker": marker | {"line": {"width": 1, "color": "white"}},
                "name": f"class {k}",
                "legendgroup": f"class {k}",
                "showlegend": index == 0,
                "hovertemplate": f"class {k}<br>x₁ %{{x:.2f}}, x₂ %{{y:.2f}}<extra></extra>",
            }
        )
    for trace in moving + points:
        trace |= {"xaxis": xa, "yaxis": ya}
    x_axis = {"title": {"text": "feature x₁"}, "range": list(bounds[:2]), "constrain": "domain"}
    y_axis = {
        "title": {"text": "feature x₂"},
        "range": list(bounds[2:]),
        "scaleanchor": xa,
        "constrain": "domain",
    }
    if index:  # the same bounds as the left map's, whose labels serve both (on a phone they would collide)
        y_axis |= {"title": {"text": ""}, "showticklabels": False}
    if presenter:  # projected, the maps are pictures: their labels would run into the panels below
        for axis in (x_axis, y_axis):
            axis |= {"title": {"text": ""}, "showticklabels": False}
    return moving, points, updates, x_axis, y_axis


def _last_step(runs):
    """The runs' common number of steps."""
    return max(run.steps for run in runs.values())


def _titles(titles, runs, presenter, domains):
    """Panel titles as annotations above each box; a region panel's title wears its run's colour."""
    font = PRESENTER_FONT if presenter else NORMAL_FONT
    x_domains, y_domains = domains
    colours = [RUN_COLOURS[name] for name in runs] + [TEXT_COLOUR] * 3
    return [
        {
            "text": text,
            "x": sum(x_domains[i]) / 2,
            "y": y_domains[i][1],
            "xref": "paper",
            "yref": "paper",
            "xanchor": "center",
            "yanchor": "bottom",
            "showarrow": False,
            "font": {"size": font, "color": colours[i]},
        }
        for i, text in enumerate(titles)
    ]


def training_figure(X, y, runs, *, title, presenter=False, phone=False, base=math.e, unit="nats"):
    """The whole lab in one figure: both models' decision regions, then loss, accuracy and gradient length.

    One Play button and one slider drive all five panels, so they stay in step.

    Parameters
    ----------
    X, y : array_like
        The training points.
    runs : dict of str to core.race.Run
        {'cross_entropy': run, 'mse': run}, each with parameters kept at `figure_steps`.
    title : str
        The result the figure shows, in one sentence.
    presenter : bool
        Bigger fonts, lines and markers for a projector.
    phone : bool
        Each curve panel the whole width, under the maps and their Play button, for a narrow screen.
    base, unit : float, str
        The cross-entropy panel's unit: ``math.e, "nats"`` or ``2, "bits"``. Training uses the
        natural-log losses whatever the unit; only the display changes.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    log_base = _checks.log_of_base(base)
    shown = figure_steps(runs)
    # short, so that two fit side by side on a phone
    titles = [
        f"{LOSS_LABELS[name][0].upper()}{LOSS_LABELS[name][1:]}, rate {run.learning_rate:g}"
        for name, run in runs.items()
    ]
    background, foreground, updates, axes = [], [], [], {}
    for index, run in enumerate(runs.values()):
        moving, points, frames, x_axis, y_axis = _region_panel(index, X, y, run, shown, presenter)
        background += moving
        foreground += points
        updates += frames
        axes |= {"xaxis" + _axis(index)[0][1:]: x_axis, "yaxis" + _axis(index)[1][1:]: y_axis}
    curves, markers = [], []
    for index, field in enumerate(CURVES, start=2):
        panel_title, lines, moving, frames, x_axis, y_axis = _curve_panel(
            index, runs, field, shown, presenter, log_base, unit
        )
        titles.append(panel_title)
        curves += lines
        markers += moving
        updates += frames
        axes |= {"xaxis" + _axis(index)[0][1:]: x_axis, "yaxis" + _axis(index)[1][1:]: y_axis}
    traces = background + foreground + curves + markers
    first_moving = list(range(len(background))) + list(range(len(traces) - len(markers), len(traces)))
    domains = _phone_domains() if phone else WIDE
    for i in range(5):
        axes["xaxis" + _axis(i)[0][1:]] |= {"domain": domains[0][i], "anchor": _axis(i)[1]}
        axes["yaxis" + _axis(i)[1][1:]] |= {"domain": domains[1][i], "anchor": _axis(i)[0]}
    names = [str(int(t)) for t in shown]
    layout = axes | controls(names, _last_step(runs), presenter, below=domains[1][0][0] if phone else 0)
    font, lines = PRESENTER_FONT if presenter else NORMAL_FONT, wrapped(title).count("<br>") + 1  # as drawn
    # the title hangs from the top, its lines counted as figure() wraps them; the maps' titles stand under it
    margin = {"l": 10, "r": 10, "t": 30 + round(1.4 * (font + 2) * lines) + round(1.4 * font) + 12}
    margin["b"] = PHONE_BOTTOM if phone else 265 if presenter else 230
    layout |= {
        "title": {"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 30}},
        "annotations": _titles(titles, runs, presenter, domains),
        "legend": {"yref": "container", "y": 0, "yanchor": "bottom", "orientation": "h", "x": 0},
        "margin": margin,
        "hovermode": "closest",
    }
    if phone:  # the plot area keeps its size whatever the title's lines
        layout["height"] = PHONE_PLOT + margin["t"] + margin["b"]
    frames = [
        {"name": name, "traces": first_moving, "data": [frames[i] for frames in updates]}
        for i, name in enumerate(names)
    ]
    return figure(
        traces,
        title=title,
        x_title="feature x₁",
        y_title="feature x₂",
        presenter=presenter,
        height=680 if presenter else 900,  # presenter mode: the whole race on one 1080p screen
        layout=layout,
        frames=frames,
    )


def figure_steps(runs):
    """The steps the animation shows for these runs (a hidden layer has four parameters, not two)."""
    return planned_steps(_last_step(runs), hidden=any(len(run.params) > 2 for run in runs.values()))


def planned_steps(steps, *, hidden):
    """The steps the animation will show for runs of `steps` steps, known before training (which keeps only
    those): up to MAX_FRAMES, or MAX_GRID_FRAMES for a hidden layer."""
    return frame_steps(steps, MAX_GRID_FRAMES if hidden else MAX_FRAMES)


def training_table(runs, *, base=math.e, unit="nats"):
    """The curves of `training_figure` as a table, one row per step the animation shows.

    Returns
    -------
    pandas.DataFrame
        A ``step`` column, then training and test cross-entropy, training and test accuracy (%)
        and gradient length for each run.
    """
    log_base = _checks.log_of_base(base)
    shown = figure_steps(runs)
    columns = {"step": shown}
    for field, label in TABLE_LABELS.items():
        for name, run in runs.items():
            values = _curve_values(run, field, log_base)
            if np.isfinite(values).any():
                columns[f"{label.format(unit=unit)}, {LOSS_LABELS[name]} run"] = values[shown].round(4)
    return pd.DataFrame(columns)


def race_grid_table(race):
    """Steps to the target at every learning rate the race tried, for both losses ('never' if not reached).

    Examples
    --------
    >>> from core.race import race as run_race
    >>> from core.training import make_blobs
    >>> race_grid_table(run_race(*make_blobs(), init_scale=8.0)).iloc[-1].tolist()
    ['10', '2', '36']
    """
    rates = sorted(race.grid["cross_entropy"])
    columns = {"learning rate": [f"{rate:g}" for rate in rates]}
    for name, label in LOSS_LABELS.items():
        steps = [race.grid[name][rate] for rate in rates]
        heading = f"{label}: steps to {100 * race.target:g} %"
        columns[heading] = ["never" if step is None else str(step) for step in steps]
    return pd.DataFrame(columns)
