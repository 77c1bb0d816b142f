"""Plotly figure styling shared by every chart: one place for fonts, sizes and colours."""

import base64
import functools
import re

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from content.text import UNITS
from lessons import palette

NORMAL_FONT, PRESENTER_FONT = 14, 24
NORMAL_LINE, PRESENTER_LINE = 2.5, 5
LABEL_BOX = "rgba(140, 140, 140, 0.2)"  # behind a label over the data: a light grey on light, on dark alike
NUMBER = re.compile(r"[−-]?[\d.,]+[%×]?")
TOOLBAR = 28  # px: the height of Plotly's toolbar row above a chart's title
TITLE_LINE = 40  # characters: a line of a title fits a 280 px chart at its small size (ui.screen)


def line_width(presenter=False):
    """Line width for curves: thicker on a projector."""
    return PRESENTER_LINE if presenter else NORMAL_LINE


def figure(traces, *, title, x_title, y_title, presenter=False, height=380, layout=None, frames=None):
    """A figure in the app's look from plain trace dicts: a title that states the point, labelled axes,
    and a zoom that survives reruns (uirevision). `layout` entries win over the house defaults; `frames`
    are animation frames (lessons.plotly_animation adds the controls that play them).

    Plotly validates every key of a figure built step by step, about 10 ms a call and far more than
    the maths; this builds the whole figure in one unvalidated step, and the tests validate it instead.
    """
    font = PRESENTER_FONT if presenter else NORMAL_FONT
    title = wrapped(title)
    # The title starts below the toolbar's row (TOOLBAR px), so the toolbar never covers it; the top margin
    # and the height grow with its lines, so the plot keeps its size.
    title_height = TOOLBAR + round(1.3 * (font + 2) * (title.count("<br>") + 1))
    top = title_height + 12
    house = {
        "title": {
            "text": title,
            "font": {"size": font + 2},
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": TOOLBAR},
        },
        "xaxis": {"title": {"text": x_title}},
        "yaxis": {"title": {"text": y_title}},
        "font": {"size": font},
        "height": height + top - 70,  # presenter mode too: chart and number share 1080 px
        "margin": {"l": 10, "r": 10, "t": top + (20 if presenter else 0), "b": 10},
        "dragmode": False,  # a swipe over the chart scrolls the page (ui.screen.CHART_CONFIG)
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.22, "xanchor": "left", "x": 0},
        "uirevision": title,
        "hovermode": "x unified",
    }
    merged = _deep_merge(house, layout or {})
    if presenter:
        merged = _deep_merge(merged, _projector_fonts(traces, merged, font))
        # at the figure's foot (the container's, not a fraction of a plot that the large ticks squeeze):
        # its margin then holds it below the axis title, however short the plot
        merged["legend"] |= {"yref": "container", "yanchor": "bottom", "y": 0}
    return Figure({"data": list(traces), "layout": merged}, frames)


def _projector_fonts(traces, layout, size):
    """Layout entries that set every text of the figure to at least `size` px: Streamlit's chart theme sets
    its own, smaller sizes for ticks, legends and annotations, which the layout's own font does not reach."""
    axes = {key for key in layout if key[:5] in ("xaxis", "yaxis")}
    for trace in traces:
        axes |= {f"{name}axis{trace.get(f'{name}axis', name)[1:]}" for name in ("x", "y")}
    # a log axis writes its powers of ten as superscripts at 7/8 of the tick size
    fonts = {
        name: {"tickfont": {"size": size if layout.get(name, {}).get("type") != "log" else size * 8 // 7 + 1}}
        for name in axes
    }
    for name in axes:
        if isinstance(layout.get(name, {}).get("title", {}), dict):
            fonts[name]["title"] = {"font": {"size": size}}
    notes = [
        {**note, "font": {**note.get("font", {}), "size": max(size, note.get("font", {}).get("size", 0))}}
        for note in layout.get("annotations", ())
    ]
    title = layout["title"]["text"].replace("<sup>", f"<span style='font-size:{size}px'>")  # not 70 %
    return (
        fonts
        | {"legend": {"font": {"size": size}}, "title": {"text": title.replace("</sup>", "</span>")}}
        | ({"annotations": notes} if notes else {})
    )


def wrapped(title, width=TITLE_LINE):
    """`title` with each plain line longer than `width` characters broken at spaces, so that it fits a phone
    (Plotly never wraps a title; a line holding a tag such as <sup> is left as written)."""
    lines = []
    for line in title.split("<br>"):
        if "<" in line or len(line) <= width:
            lines.append(line)
            continue
        current = ""
        for word in _unbroken(line.split(" ")):
            if current and len(current) + 1 + len(word) > width:
                lines.append(current)
                current = word
            else:
                current = f"{current} {word}" if current else word
        if len(current) <= 8 and lines and len(lines[-1]) + 1 + len(current) <= width + 10:
            current = f"{lines.pop()} {current}"  # no orphan such as "z;" on a line of its own
        lines.append(current)
    return "<br>".join(lines)


_GLUE = ("log", "ln", "log₂", "=", "+", "−", "×", "÷", "≈", "·")  # a formula never breaks after these


def _unbroken(words):
    """`words` with each number joined to the word after it (its unit: "0.105 nats"), and a log or an
    operator to its operand ("log q(i)"), so no line ends on a bare number or mid-formula."""
    joined = []
    for word in words:
        last = joined[-1].split(" ")[-1] if joined else ""
        unit = " " not in joined[-1] and NUMBER.fullmatch(last) if joined else False
        formula = joined and (last.endswith(_GLUE) or word in ("log", "ln", "log₂"))
        if (unit or formula) and len(joined[-1]) + len(word) < TITLE_LINE // 2:
            joined[-1] += " " + word
        else:
            joined.append(word)
    return joined


class Figure(go.Figure):
    """A read-only go.Figure that keeps the plain spec it was built from and hands that to st.plotly_chart.

    go.Figure's own `to_dict` deep-copies every trace and then walks it to pack the arrays, on every
    rerun; here the arrays are packed once, at build time, into plotly.js's binary form, as plotly.py
    would send them. `fig.data` and `fig.layout` work as usual (tests read them). Do not change it.

    Animation frames stay the plain dicts they were built as: go.Figure would turn every trace of every
    frame into an object (about 30 ms for the training lab) for nothing, and plotly.js ignores binary
    arrays inside frames.
    """

    def __init__(self, spec, frames=None):
        super().__init__(spec, _validate=False)
        self._sent = {"data": _binary(spec["data"]), "layout": _binary(spec["layout"])}
        self._frames = frames

    def to_dict(self):
        """The spec for the browser: the packed traces, the layout with Plotly's current default template
        (Streamlit's, in the app), which Streamlit's theme needs to restyle the chart, and any frames."""
        layout = {"template": _template(pio.templates.default)} | self._sent["layout"]
        frames = {"frames": self._frames} if self._frames else {}
        return {"data": self._sent["data"], "layout": layout} | frames


REMEMBERED = []  # every remembered builder, so that a benchmark can forget them all (forget())


def remembered(builder):
    """`builder` with its last 16 figures kept, by argument values: a chart whose numbers did not change is
    not built again (a full rerun, another slider on the page, a class opening the same view).

    The figures are shared between sessions, so nothing may change one (Figure is read-only). Arguments
    that cannot be compared by value (a DataFrame) just build a new figure.
    """

    @functools.lru_cache(maxsize=16)
    def kept(call):
        return builder(*call.args, **call.kwargs)

    @functools.wraps(builder)
    def build(*args, **kwargs):
        try:
            call = _Call(args, kwargs)
        except TypeError:  # an argument with no value key
            return builder(*args, **kwargs)
        return kept(call)

    REMEMBERED.append(kept)
    return build


def forget():
    """Drop every remembered figure (benchmarks time building from scratch with this)."""
    for kept in REMEMBERED:
        kept.cache_clear()


class _Call:
    """A builder's arguments, equal to another call's when every value is (arrays by content, and a number
    only to a number of its type: 10 and 10.0 can print differently)."""

    def __init__(self, args, kwargs):
        self.args, self.kwargs = args, kwargs
        self.key = _value_key((args, kwargs))

    def __hash__(self):
        return hash(self.key)

    def __eq__(self, other):
        return self.key == other.key


def _value_key(value):
    """A hashable stand-in for `value`; TypeError for a value that has none."""
    if isinstance(value, np.ndarray):
        return ("array", value.shape, value.dtype.str, value.tobytes())
    if isinstance(value, dict):
        return ("dict", tuple((key, _value_key(item)) for key, item in sorted(value.items())))
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(_value_key(item) for item in value))
    if isinstance(value, str | int | float | complex | bool | type(None) | np.generic):
        return (type(value).__name__, value)
    raise TypeError(f"no value key for {type(value).__name__}")


@functools.lru_cache(maxsize=4)
def _template(name):
    """A registered Plotly template as plain dicts (shared by every figure: read-only)."""
    return pio.templates[name].to_plotly_json()


def _binary(value):
    """`value` with each numeric NumPy array as plotly.js's typed array {"dtype", "bdata"[, "shape"]}, as
    plotly.py packs them (an axis range and empty arrays stay lists)."""
    if isinstance(value, dict):
        return {key: item if key == "range" else _binary(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_binary(item) for item in value]
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "iuf" or value.size == 0:
        return value
    whole = value.dtype.kind in "iu" and np.abs(value).max() < 2**31
    packed = np.ascontiguousarray(value, dtype="<i4" if whole else "<f8")
    spec = {"dtype": "i4" if whole else "f8", "bdata": base64.b64encode(packed.tobytes()).decode()}
    return spec | ({"shape": ", ".join(map(str, value.shape))} if value.ndim > 1 else {})


def style(fig, *, title, x_title, y_title, presenter=False, height=380, layout=None):
    """The house look for a figure built with Plotly's own methods; returns a new figure (see `figure`)."""
    spec = fig.to_plotly_json()
    return figure(
        spec["data"],
        title=title,
        x_title=x_title,
        y_title=y_title,
        presenter=presenter,
        height=height,
        layout=_deep_merge(spec["layout"], layout or {}),
    )


def _deep_merge(base, override):
    """A copy of `base` with `override` written over it, nested dicts merged key by key."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def probability_bars():
    """Layout for bars of probabilities side by side: grouped, on a 0-to-1 axis with room above 1."""
    fixed = {"fixedrange": True}  # zooming into bars of probabilities teaches nothing
    return {"barmode": "group", "xaxis": fixed, "yaxis": {"range": [0, 1.05]} | fixed}


def marker(x, y, *, name, presenter=False, color=palette.MARKER):
    """A 'you are here' dot at the current value, as a trace dict; on a projector it sits on its curve in its
    colour without a legend row, so that the plot keeps its height."""
    return {
        "type": "scatter",
        "x": [x],
        "y": [y],
        "mode": "markers",
        "name": name,
        "showlegend": not presenter,
        "marker": {"size": 18 if presenter else 12, "color": color, "line": {"width": 2, "color": "white"}},
        "hoverinfo": "skip",
    }


def line(x, y, *, name, color, presenter=False, dash=None, thin=False):
    """A curve as a trace dict: NumPy arrays go straight into the figure."""
    width = line_width(presenter) / (2 if thin else 1)
    return {
        "type": "scatter",
        "mode": "lines",
        "x": x,
        "y": y,
        "name": name,
        "line": {"color": color, "width": width, "dash": dash},
    }


def bar(x, y, *, name, color, **options):
    """Bars as a trace dict."""
    return {"type": "bar", "x": x, "y": y, "name": name, "marker": {"color": color}} | options


def hline(y, *, color=palette.NEUTRAL, width=1, dash=None):
    """A horizontal reference line across the plot, as a layout shape."""
    return _across("y", y, {"color": color, "width": width, "dash": dash})


def vline(x, *, color=palette.NEUTRAL, width=1, dash=None):
    """A vertical reference line across the plot, as a layout shape."""
    return _across("x", x, {"color": color, "width": width, "dash": dash})


def _across(axis, at, line):
    """A line at `at` on `axis` ('x' or 'y') spanning the whole plot along the other axis."""
    other = "y" if axis == "x" else "x"
    return {
        "type": "line",
        f"{other}ref": "paper",
        f"{other}0": 0,
        f"{other}1": 1,
        f"{axis}0": at,
        f"{axis}1": at,
        "line": line,
    }


def vband(x0, x1, *, color, opacity=0.15):
    """A shaded vertical band, as a layout shape."""
    return {
        "type": "rect",
        "yref": "paper",
        "y0": 0,
        "y1": 1,
        "x0": x0,
        "x1": x1,
        "fillcolor": color,
        "opacity": opacity,
        "line": {"width": 0},
        "layer": "below",
    }


def unit_name(base):
    """'nats', 'bits', or a plain description of another base."""
    names = {value: name for name, value in UNITS.items()}
    return names.get(base, f"log-base-{base:g} units")


def drawable(values):
    """Values for a bar chart: plotly.js cannot draw an infinite bar, so inf becomes a gap (noted in text)."""
    return np.where(np.isfinite(values), values, np.nan)
