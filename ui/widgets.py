"""Widgets that several pages use, written once: lesson text, code panels, charts, tables and link notices."""

import inspect

import numpy as np
import streamlit as st

from content.lesson_files import lesson
from content.params import parse_number
from content.text import escape_markdown, format_number


def lesson_intro(page, values=None):
    """The page's question, from the top of its lesson file."""
    st.markdown(lesson(page, "intro", values))


def lesson_text(page, settings, values=None):
    """The page's lesson at the chosen depth, with live numbers filled in."""
    st.markdown(f"#### Why? ({settings.depth.lower()} explanation)")
    st.markdown(lesson(page, settings.depth, values))


def show_code(*functions):
    """An expander with the real source of core/ functions, so the code shown is the code that runs.

    Lazy: the source is sent only while the expander is open, which keeps every other rerun lean.
    """
    names = ", ".join(f"`{function.__name__}`" for function in functions)
    code = st.expander(f"Show the code: {names}", icon=":material/code:", key="show_code", on_change="rerun")
    if code.open:
        for function in functions:
            code.caption(f"{function.__module__}.{function.__name__}")
            code.code(inspect.getsource(function), language="python")


def chart(figure, key, table=None, alt=None):
    """A Plotly chart and, for readers who can't use the chart, an expander with its data as a table.

    `table` is a function that builds the DataFrame; it runs only while the expander is open.
    `alt` is the sentence a screen reader announces: what the chart shows, with the current numbers.
    """
    st.plotly_chart(figure, key=key, config={"displaylogo": False, "scrollZoom": False}, alt=alt)
    if table is not None:
        as_table = st.expander(
            "The chart as a table", icon=":material/table:", key=f"{key}_table", on_change="rerun"
        )
        if as_table.open:
            as_table.dataframe(table(), hide_index=True)


def small_table(table, decimals=3):
    """A few rows as a plain table, numbers at fixed decimals with ∞ and NaN spelled out.

    st.table, not st.dataframe: the interactive grid costs the browser about 150 ms on every redraw.
    """
    spelled = table.map(lambda value: format_number(value, decimals) if isinstance(value, float) else value)
    st.table(spelled, hide_index=True, border="horizontal")


def restore_from_link(key, parse, fallback):
    """For a widget not bound to the URL: take its value from the link on the page's first run, or warn."""
    if key in st.session_state or key not in st.query_params:
        return
    value = parse(st.query_params[key])
    if value is None:
        link_value(key, parse, fallback)
    else:
        st.session_state[key] = value


def keep_in_link(key, value, default):
    """Write an unbound widget's value into the address bar; the default leaves it, as with bind."""
    if value == default:
        if key in st.query_params:
            del st.query_params[key]
    else:
        st.query_params[key] = str(value)


def link_value(key, parse, fallback):
    """Read a query parameter before its bound widget does; warn when the link's value is unusable.

    Streamlit drops an invalid bound value silently, so this is where the learner hears about it.
    """
    raw = st.query_params.get(key)
    if raw is not None and parse(raw) is None:
        st.warning(
            f"The link's value for **{key}**, “{escape_markdown(raw)}”, is not usable here, "
            f"so the page starts at {fallback}.",
            icon=":material/link_off:",
        )


def _apply_preset(values):
    """Set widget values from a preset (runs as a callback, before the widgets are drawn)."""
    st.session_state.update(values)


def presets(named_values, columns=2):
    """A grid of buttons, each setting several widgets at once: the views a teacher wants to show."""
    st.caption("Try a preset")
    cells = st.columns(columns)
    for index, (name, values) in enumerate(named_values.items()):
        cells[index % columns].button(
            name, on_click=_apply_preset, args=(values,), key=f"preset_{name}", width="stretch"
        )


def link_slider(label, key, low, high, default, step, help=None):
    """A slider kept in the link, with a notice when the link's value is unusable."""
    link_value(key, lambda raw: parse_number(raw, low=low, high=high), default)
    return st.slider(label, low, high, default, step, key=key, bind="query-params", help=help)


def slider_grid(prefix, names, *, low, high, step, defaults, label, columns=2):
    """One slider per name, keyed prefix0, prefix1, ... and kept in the URL; returns their values as an array.

    `label` is a format string with {name}; names are user text, so they are escaped first.
    """
    values = []
    for row_start in range(0, len(names), columns):  # a row of columns at a time, so a phone keeps the order
        row = range(row_start, min(row_start + columns, len(names)))
        for cell, index in zip(st.columns(columns), row, strict=False):
            with cell:
                name_label = label.format(name=escape_markdown(names[index], max_length=24))
                default = float(defaults[index])
                values.append(link_slider(name_label, f"{prefix}{index}", low, high, default, step))
    return np.array(values, dtype=float)
