"""A slider kept in the link whose numbers follow the pointer while it drags: a Streamlit components v2
element around a native <input type="range"> (its JavaScript and CSS sit beside this file).

The page computes what the slider shows at every point of its grid with core/ (`readings`), and sends it
once per run as the component's data; the JavaScript only looks values up. On release the value goes to
Python and the page reruns as it does for st.slider.

The value lives in Session State under the link key itself (`st.session_state["q"]`), as a plain value the
page owns: presets set it as they set any widget, and tests set it the same way (tests/helpers.set_slider).
"""

import functools
import json
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
    js="\n".join((_HERE / js).read_text(encoding="utf-8") for js in ("one_at_a_time.js", "live_slider.js")),
    isolate_styles=False,  # in the page's DOM, so keyboard focus and the tests see the input itself
)


def slider_grid(key):
    """The points link key `key`'s slider can take: low, low + step, ..., high, as the slider prints them."""
    param = link_param(key)
    return _grid(param.low, param.high, param.step)


@functools.lru_cache(maxsize=64)
def _grid(low, high, step):
    """slider_grid's points, made once per range."""
    count = round((high - low) / step) + 1
    return tuple(snap_to_grid(low + i * step, low=low, high=high, step=step) for i in range(count))


def value_label(value, step):
    """A grid value with the decimals of the slider's step, as st.slider prints it: 0.70, 3, 0.5."""
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
    return f"{value:.{decimals}f}"


def curve_marks(curve, cap):
    """Each point of the curve as (x, y) in percent of the plot's box (y down), the curve held at `cap`."""
    heights = np.minimum(np.asarray(curve, dtype=float), cap) / cap
    across = np.linspace(0, 100, len(heights))
    return np.round(np.column_stack([across, 100 * (1 - heights)]), 2).tolist()


@functools.lru_cache(maxsize=128)
def _view(key, label, help, grid, step, readouts, aria, curve, cap, colour):
    """Everything the slider sends but its value, as JSON text, made once per view (the same readings give
    the same text): each run then hands Streamlit one string, not 1,000 numbers and texts to walk twice."""
    return json.dumps(
        {
            "key": key,
            "label": label,
            "help": help,
            "values": grid,
            "labels": [value_label(point, step) for point in grid],
            "last": len(grid) - 1,
            "readouts": [{"name": name, "texts": texts} for name, texts in readouts],
            "aria": aria,
            "curve": None
            if curve is None
            else {"marks": curve_marks(curve, cap), "colour": colour, "marker": palette.MARKER},
        }
    )


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


def live_link_slider(label, key, readings, help=None):
    """A slider kept in the link, with its range, step and default from the catalogue, whose readouts and
    marker follow the pointer while it drags; returns its value, snapped to the grid as link_slider's.

    `readings(grid)` says what the slider shows at each point of the tuple `grid`, computed with core/ (a
    lessons function): a dict with "readouts", (name, texts) pairs shown beside the slider, one text per
    point, e.g. ("Cross-entropy", ("∞ nats", ...)); "aria", what a screen reader hears at each point
    (aria-valuetext); and optionally "curve", the page's main curve at each point, drawn up to "cap" (an
    infinite value is held there), in "colour". `help`, plain text, is shown under the label.
    """
    param = link_param(key)
    value = live_value(key)
    grid = slider_grid(key)
    shown = readings(grid)
    curve = shown.get("curve")
    view = _view(
        key,
        label,
        help,
        grid,
        param.step,
        tuple((name, tuple(texts)) for name, texts in shown["readouts"]),
        tuple(shown["aria"]),
        None if curve is None else tuple(curve),
        shown.get("cap"),
        shown.get("colour", palette.CROSS_ENTROPY),
    )
    component_key = f"{key}_live"
    _COMPONENT(
        key=component_key,
        data={"view": view, "index": grid.index(value)},
        on_value_change=lambda: _take_sent_value(key, component_key),
    )
    keep_in_link(key, value, param.default_of(key))
    return value


def value_only(grid):
    """Readings that show the slider's value and nothing else (for a view whose numbers wait for a guess)."""
    return {"readouts": (), "aria": tuple(f"{point:g}" for point in grid)}


def forget_value(key):
    """Drop `key`'s value and link value, as Streamlit drops an st.slider that a run does not draw (the key
    stays this page's, so a preset may set it before its slider is drawn again); ui/live_grid.py uses it."""
    st.session_state.pop(key, None)
    st.session_state[_owner(key)] = st.session_state.get(PAGE_KEY)
    if key in st.query_params:
        del st.query_params[key]


def live_value(key):
    """The value the live slider under `key` holds in this run (a release, a preset, the link or its
    default), snapped to its grid: a page whose sliders' readings depend on each other reads them first."""
    param = link_param(key)
    default = param.default_of(key)
    _forget_other_pages_value(key)

    def parse(raw):
        value = parse_number(raw, low=param.low, high=param.high)
        return None if value is None else snap_to_grid(value, low=param.low, high=param.high, step=param.step)

    restore_from_link(key, parse, default)
    value = st.session_state.setdefault(key, default)
    return snap_to_grid(value, low=param.low, high=param.high, step=param.step)
