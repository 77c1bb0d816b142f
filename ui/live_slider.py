"""A slider kept in the link whose numbers follow the pointer while it drags: a Streamlit components v2
element around a native <input type="range"> (its JavaScript and CSS sit beside this file).

The page computes what the slider shows at every point of its grid with core/ (`readings`), and sends it
once per run as the component's data; the JavaScript only looks values up. On release the value goes to
Python and the page reruns as it does for st.slider.

The value lives in Session State under the link key itself (`st.session_state["q"]`), as a plain value the
page owns: presets set it as they set any widget, and tests set it the same way (tests/helpers.set_slider).
"""

import math
from pathlib import Path

import numpy as np
import streamlit as st

from content.params import parse_number, snap_to_grid
from lessons import palette
from ui.widgets import PAGE_KEY, keep_in_link, link_param, restore_from_link

_HERE = Path(__file__).parent
_COMPONENT = st.components.v2.component(
    "cee_live_slider",
    css=(_HERE / "live_slider.css").read_text(encoding="utf-8"),
    js=(_HERE / "live_slider.js").read_text(encoding="utf-8"),
    isolate_styles=False,  # in the page's DOM, so keyboard focus and the tests see the input itself
)


def slider_grid(key):
    """The points link key `key`'s slider can take: low, low + step, ..., high, as the slider prints them."""
    param = link_param(key)
    count = round((param.high - param.low) / param.step) + 1
    return tuple(
        snap_to_grid(param.low + i * param.step, low=param.low, high=param.high, step=param.step)
        for i in range(count)
    )


def value_label(value, step):
    """A grid value with the decimals of the slider's step, as st.slider prints it: 0.70, 3, 0.5."""
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
    return f"{value:.{decimals}f}"


def curve_marks(curve, cap):
    """Each point of the curve as (x, y) in percent of the plot's box (y down), the curve held at `cap`."""
    count = len(curve)
    heights = np.minimum(np.asarray(curve, dtype=float), cap) / cap
    return [[round(100 * i / (count - 1), 2), round(100 * (1 - h), 2)] for i, h in enumerate(heights)]


def _curve(shown):
    """The little plot's data: the curve's marks, its colour and the marker's."""
    if shown.get("curve") is None:
        return None
    colour = shown.get("colour", palette.CROSS_ENTROPY)
    return {"marks": curve_marks(shown["curve"], shown["cap"]), "colour": colour, "marker": palette.MARKER}


def _take_sent_value(key, component_key):
    """On release: the value the browser sent becomes the page's value, if it is a point of the grid."""
    sent = (st.session_state.get(component_key) or {}).get("value")
    param = link_param(key)
    value = parse_number(sent, low=param.low, high=param.high)
    if value is not None:
        st.session_state[key] = snap_to_grid(value, low=param.low, high=param.high, step=param.step)


def _owner(key):
    """The Session State key that holds the page `key`'s value belongs to."""
    return f"{key}_live_page"


def _forget_other_pages_value(key):
    """A value kept under `key` by another page (/binary and /ce-vs-mse both link `q`) is dropped, as
    Streamlit drops an st.slider's state when its page is left: a page opens on its link or its default."""
    owner, page = _owner(key), st.session_state.get(PAGE_KEY)
    if st.session_state.get(owner) != page:
        st.session_state.pop(key, None)
        st.session_state[owner] = page


def forget_value(key):
    """Drop `key`'s value and link value, as Streamlit drops an st.slider that a run does not draw (the key
    stays this page's, so a preset may set it before its slider is drawn again)."""
    st.session_state.pop(key, None)
    st.session_state[_owner(key)] = st.session_state.get(PAGE_KEY)
    if key in st.query_params:
        del st.query_params[key]


def linked_value(key):
    """The value of the live slider kept in the link under `key`: the link's on the page's first run (or a
    notice), else the one in Session State, else the catalogue's default; snapped to the grid. Also used by
    ui/live_grid.py's sliders."""
    param = link_param(key)
    default = param.default_of(key)
    _forget_other_pages_value(key)

    def parse(raw):
        value = parse_number(raw, low=param.low, high=param.high)
        return None if value is None else snap_to_grid(value, low=param.low, high=param.high, step=param.step)

    restore_from_link(key, parse, default)
    value = st.session_state.setdefault(key, default)
    return snap_to_grid(value, low=param.low, high=param.high, step=param.step)


def live_link_slider(label, key, readings):
    """A slider kept in the link, with its range, step and default from the catalogue, whose readouts and
    marker follow the pointer while it drags; returns its value, snapped to the grid as link_slider's.

    `readings(grid)` says what the slider shows at each point of the tuple `grid`, computed with core/ (a
    lessons function): a dict with "readouts", (name, texts) pairs shown beside the slider, one text per
    point, e.g. ("Cross-entropy", ("∞ nats", ...)); "aria", what a screen reader hears at each point
    (aria-valuetext); and optionally "curve", the page's main curve at each point, drawn up to "cap" (an
    infinite value is held there), in "colour".
    """
    param = link_param(key)
    default = param.default_of(key)
    value = linked_value(key)
    grid = slider_grid(key)
    shown = readings(grid)
    component_key = f"{key}_live"
    _COMPONENT(
        key=component_key,
        data={
            "key": key,
            "label": label,
            "values": list(grid),
            "labels": [value_label(point, param.step) for point in grid],
            "index": grid.index(value),
            "last": len(grid) - 1,
            "readouts": [{"name": name, "texts": list(texts)} for name, texts in shown["readouts"]],
            "aria": list(shown["aria"]),
            "curve": _curve(shown),
        },
        on_value_change=lambda: _take_sent_value(key, component_key),
    )
    keep_in_link(key, value, default)
    return value
