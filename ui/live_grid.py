"""A grid of sliders kept in the link, one per class, outcome or token (a catalogue family: z0, z1, ...),
whose shared readouts (and bars of every class's share) follow whichever slider drags: the grid version of
ui/live_slider.py, a components v2 element around native <input type="range">s (JavaScript and CSS beside
this file).

For each slider, the page computes with core/ what it would show at every point of that slider's grid, the
other sliders held where they are (`readings`), and sends it once per run, each text once per run of equal
neighbours. On release the value goes to Python and the page reruns as it does for st.slider. Each value
lives in Session State under its link key (`st.session_state["z0"]`), as live_link_slider's does, so presets
and tests set it the same way (tests/helpers.set_slider).
"""

import functools
import json
from pathlib import Path

import numpy as np
import streamlit as st

from content.params import parse_number, snap_to_grid
from lessons import palette
from lessons.slider_sweeps import SHARES
from ui.live_slider import forget_value, live_value, slider_grid, value_label
from ui.widgets import keep_in_link, link_param

_HERE = Path(__file__).parent
_COMPONENT = st.components.v2.component(
    "cee_live_grid",
    # the cells are live sliders: their look, presenter mode's larger text and dark mode, then the grid's
    css="\n".join(
        (_HERE / name).read_text(encoding="utf-8") for name in ("live_slider.css", "live_grid.css")
    ),
    js="\n".join((_HERE / js).read_text(encoding="utf-8") for js in ("one_at_a_time.js", "live_grid.js")),
    isolate_styles=False,
)
NAME_LENGTH = 24  # a class name in a label, cut as ui.widgets.slider_grid cuts it


@functools.lru_cache(maxsize=512)  # a slider whose readings did not change sends the same runs again
def runs(values):
    """[[value, end], ...] of the tuple `values`: each run of equal neighbours once, with the index just past
    it (the JS expands them back with Array.fill)."""
    found = []
    for end, value in enumerate(values, start=1):
        if found and found[-1][0] == value:
            found[-1][1] = end
        else:
            found.append([value, end])
    return found


@functools.lru_cache(maxsize=512)
def texts_runs(texts):
    """A readout's texts as {"runs": runs of the part before their common last word, "suffix": " nats"},
    so that a unit is sent once, not once per point; {"runs": runs(texts), "suffix": ""} when they differ."""
    heads, spaces, tails = zip(*(text.rpartition(" ") for text in texts), strict=True)
    if all(spaces) and len(set(tails)) == 1:
        return {"runs": runs(heads), "suffix": f" {tails[0]}"}
    return {"runs": runs(texts), "suffix": ""}


@functools.lru_cache(maxsize=256)  # a view seen before costs a lookup, not an encoding
def _view_text(prefix, columns, first_key, sliders, readouts, bars):
    """The grid's data as one JSON string, so that Streamlit passes on one string each run rather than walk
    thousands of numbers and texts to encode and hash them (benchmarks/bench_live_load.py): sliders as
    (key, label, index), readouts as (name, texts per slider), bars as (names, colour, shares per slider)."""
    grid, grid_labels = _points(link_param(first_key), first_key)
    view = {
        "prefix": prefix,
        "columns": columns,
        "labels": grid_labels,  # the value each point sends on release, as the slider prints it
        "last": len(grid) - 1,
        "sliders": [{"key": key, "label": label, "index": index} for key, label, index in sliders],
        "readouts": [
            {"name": name, "texts": [texts_runs(texts) for texts in each]} for name, each in readouts
        ],
        "bars": None
        if bars is None
        else {
            "names": bars[0],
            "colour": bars[1],
            "shares": SHARES,
            "runs": [[runs(column) for column in one] for one in bars[2]],
        },
    }
    return json.dumps(view, separators=(",", ":"))


@functools.lru_cache(maxsize=16)
def _points(param, key):
    """(grid, labels): `key`'s grid points and each as its slider prints it, once per catalogue `param`."""
    grid = slider_grid(key)
    return grid, [value_label(point, param.step) for point in grid]


def _take_sent_value(keys, component_key):
    """On release: the value the browser sent for one of `keys` becomes the page's value, if on its grid."""
    sent = (st.session_state.get(component_key) or {}).get("value")
    if not isinstance(sent, dict) or sent.get("key") not in keys:
        return
    param = link_param(sent["key"])
    value = parse_number(sent.get("value"), low=param.low, high=param.high)
    if value is not None:
        st.session_state[sent["key"]] = snap_to_grid(value, low=param.low, high=param.high, step=param.step)


def forget_grid(prefix, keep=0):
    """Drop the values (and link values) of family `prefix`'s sliders from index `keep` on, as Streamlit
    drops an st.slider that a run does not draw: fewer classes, or the other mode's sliders."""
    for key in link_param(f"{prefix}0").query_keys()[keep:]:
        forget_value(key)


def live_slider_grid(prefix, names, *, label, columns=2, colour=palette.PREDICTION):
    """Sliders keyed prefix0, prefix1, ... (a catalogue family), one per name, kept in the link; returns their
    values as an array, and draw(readings), which puts the grid where this was called.

    `label` is a format string with {name}; names are user text, shown as text, never HTML or Markdown.
    `readings(index, values, grid)` says what the grid shows while slider `index` is at each point of the
    tuple `grid`, the others held at the tuple `values` (a lessons function, computed with core/): a dict
    with "readouts", (name, texts) pairs, one text per point, e.g. ("Cross-entropy", ("∞ nats", ...)); and
    optionally "shares", a tuple per name of indices into lessons.slider_sweeps.SHARES, one per point, drawn
    as a bar per name in `colour`. Draw it once the numbers it needs are known (/multiclass's target comes
    later).
    """
    keys = tuple(f"{prefix}{index}" for index in range(len(names)))
    values = tuple(live_value(key) for key in keys)
    forget_grid(prefix, keep=len(keys))
    for key, value in zip(keys, values, strict=True):
        keep_in_link(key, value, link_param(key).default_of(key))
    slot = st.container()

    def draw(readings):
        grid = _points(link_param(keys[0]), keys[0])[0]  # the family shares one range and step
        shown = [readings(index, values, grid) for index in range(len(keys))]
        labels = [label.format(name=_cut(name)) for name in names]
        sliders = tuple(
            (key, text, grid.index(value)) for key, text, value in zip(keys, labels, values, strict=True)
        )
        readouts = tuple(
            (name, tuple(one["readouts"][r][1] for one in shown))
            for r, (name, _) in enumerate(shown[0]["readouts"])
        )
        bars = None
        if shown[0].get("shares") is not None:
            bars = (tuple(_cut(name) for name in names), colour, tuple(one["shares"] for one in shown))
        component_key = f"{prefix}_live_grid"
        with slot:
            _COMPONENT(
                key=component_key,
                data={"view": _view_text(prefix, columns, keys[0], sliders, readouts, bars)},
                on_value_change=lambda: _take_sent_value(keys, component_key),
            )

    return np.array(values, dtype=float), draw


def _cut(name):
    """A name cut to NAME_LENGTH characters, as escape_markdown cuts it."""
    name = str(name)
    return name if len(name) <= NAME_LENGTH else name[: NAME_LENGTH - 1] + "…"
