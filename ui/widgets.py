"""Widgets that several pages use, written once: lesson text, code panels, charts, tables, and the widgets
kept in the link, whose range, default and options come from the page's entry in catalogue.py."""

import inspect

import numpy as np
import streamlit as st

import catalogue
from content.derivations import derivation as derivation_steps
from content.lesson_files import lesson
from content.params import parse_choice, parse_exact, parse_number, snap_to_grid
from content.text import escape_markdown, format_number
from ui.course import objectives
from ui.plan_step import on_plan_step
from ui.screen import CHART_CONFIG

PAGE_KEY = "catalogue_page"  # the slug page_setup opened: whose catalogue entry the link widgets read
WARNED_KEY = "link_notices_shown"  # the link keys already warned about in this full run


def lesson_intro(page, values=None, section="intro"):
    """The page's question, from the top of its lesson file (or its named `section`, for a page that opens
    differently for some readers), and for a lesson its objectives and time."""
    st.markdown(lesson(page, section, values))
    objectives(page)


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
    st.plotly_chart(figure, key=key, config=CHART_CONFIG, alt=alt)  # swipes scroll: ui.screen
    if table is not None:
        as_table = st.expander(
            "The chart as a table", icon=":material/table:", key=f"{key}_table", on_change="rerun"
        )
        if as_table.open:
            as_table.dataframe(table(), hide_index=True)


def small_table(table, decimals=3, nan="undefined (NaN)"):
    """A few rows as one Markdown table: numbers at fixed decimals with ∞ and NaN spelled out, and
    right-aligned; text escaped.

    Markdown, not st.table or st.dataframe: one text element, where a DataFrame sent as Arrow costs
    about 1.5 ms of server time on every rerun (and the interactive grid about 150 ms in the browser).
    """

    def cell(value):
        if isinstance(value, float):  # NumPy's float64 too
            return format_number(value, decimals, nan=nan)
        return escape_markdown(value, max_length=200)

    numeric = [table[column].dtype.kind in "iuf" for column in table.columns]
    lines = [
        "| " + " | ".join(escape_markdown(column, max_length=200) for column in table.columns) + " |",
        "| " + " | ".join("---:" if right else ":---" for right in numeric) + " |",
        *("| " + " | ".join(cell(value) for value in row) + " |" for row in table.itertuples(index=False)),
    ]
    st.markdown("\n".join(lines))  # wider than a phone, it scrolls in its own box (ui.screen)


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

    Streamlit drops an invalid bound value silently, so this is where the learner hears about it: once per
    full run (page_setup checks every catalogue parameter first; a widget's own check then stays quiet).
    """
    raw = st.query_params.get(key)
    warned = st.session_state.setdefault(WARNED_KEY, set())
    if raw is not None and key not in warned and parse(raw) is None:
        warned.add(key)
        shown = str(fallback).lower() if isinstance(fallback, bool) else fallback
        st.warning(
            f"The link's value for **{key}**, “{escape_markdown(raw)}”, is not usable here, "
            f"so the page starts at {shown}.",
            icon=":material/link_off:",
        )


def link_parser(param, options=None):
    """The function that turns a link's text into the value `param`'s widget takes, or None if unusable.

    Sliders take a number in range; toggles true or false; the others the exact text of an option (as
    Streamlit's bound widgets do). None when the page supplies the options and has not passed them.
    """
    if param.kind == "slider":
        return lambda raw: parse_number(raw, low=param.low, high=param.high)
    if param.kind == "toggle":
        return lambda raw: parse_choice(raw, (False, True))
    texts = options if options is not None else param.options
    if param.kind == "text" or texts is None:
        return None
    return lambda raw: parse_exact(raw, tuple(str(text) for text in texts))


def snap_link_value(key, param):
    """Say so when a slider's link value lies between the slider's steps: link_slider moves it onto them."""
    raw = st.query_params.get(key)
    value = parse_number(raw, low=param.low, high=param.high)
    if value is None:
        return
    snapped = snap_to_grid(value, low=param.low, high=param.high, step=param.step)
    if snapped != value:
        st.warning(
            f"The link's value for **{key}**, “{escape_markdown(raw)}”, lies between the slider's steps "
            f"of {param.step}, so the page starts at the step {snapped}.",
            icon=":material/link_off:",
        )


def check_link(slug):
    """A notice for each of page `slug`'s link values its widget could not use, or had to move onto the
    slider's steps; call once per full run."""
    st.session_state[PAGE_KEY] = slug
    st.session_state[WARNED_KEY] = set()
    for param in catalogue.page(slug).params:
        parse = link_parser(param)
        for key in param.query_keys() if parse else ():
            if param.kind == "slider":
                snap_link_value(key, param)
            link_value(key, parse, param.default_of(key))


def link_param(key):
    """The current page's catalogue parameter for query key `key`."""
    entry = catalogue.page(st.session_state.get(PAGE_KEY, ""))
    param = entry.param(key)
    if param is None:
        raise KeyError(f"'{key}' is not a link parameter of {entry.url} in catalogue.py")
    return param


def link_slider(label, key, **kwargs):
    """A slider kept in the link; range, step and default from the catalogue.

    Its value is snapped to the slider's steps: on a first run the link's value wins over Session State, so
    a link's 0.005 reaches the widget as it is, while the slider and every sentence print it as 0.01. The
    page computes with the value it prints (check_link said so).
    """
    param = link_param(key)
    default = param.default_of(key)
    value = st.slider(
        label, param.low, param.high, default, param.step, key=key, bind="query-params", **kwargs
    )
    return snap_to_grid(value, low=param.low, high=param.high, step=param.step)


def link_select_slider(label, key, **kwargs):
    """A select slider kept in the link; options and default from the catalogue."""
    param = link_param(key)
    return st.select_slider(label, param.options, param.default, key=key, bind="query-params", **kwargs)


def link_radio(label, key, options=None, format_func=str, widget=st.radio, **kwargs):
    """A radio (or, with widget=st.selectbox, a select box) kept in the link, which holds format_func(option).

    Options from the catalogue, or the page's own (`options`) where they come from a file or another table;
    the catalogue's default is the starting option's link text.
    """
    param = link_param(key)
    options = param.options if options is None else tuple(options)
    texts = [str(format_func(option)) for option in options]
    if param.options is None:  # page_setup could not check these: check them here
        link_value(key, link_parser(param, texts), param.default)
    index = texts.index(str(param.default))
    return widget(label, options, index, format_func, key=key, bind="query-params", **kwargs)


def link_toggle(label, key, **kwargs):
    """A toggle kept in the link (true or false); default from the catalogue."""
    return st.toggle(label, link_param(key).default, key=key, bind="query-params", **kwargs)


def link_text_input(label, key, **kwargs):
    """A text input kept in the link; default from the catalogue. Any text is a value it takes: the page
    checks it as it checks typed text, and its notice names the parameter."""
    return st.text_input(label, link_param(key).default, key=key, bind="query-params", **kwargs)


def _apply_preset(values):
    """Set widget values from a preset (runs as a callback, before the widgets are drawn)."""
    st.session_state.update(values)


def presets(named_values, columns=2):
    """A grid of buttons, each setting several widgets at once: the views a teacher wants to show. A plan
    step projects its own view, so there they give way."""
    if on_plan_step():
        return
    st.caption("Try a preset")
    for cell, (name, values) in in_rows(named_values.items(), columns):
        cell.button(name, on_click=_apply_preset, args=(values,), key=f"preset_{name}", width="stretch")


def in_rows(items, columns):
    """(cell, item) pairs that fill a grid a row of st.columns at a time, so that Tab and a phone's stacked
    columns both follow reading order."""
    items = list(items)
    for row_start in range(0, len(items), columns):
        yield from zip(st.columns(columns), items[row_start : row_start + columns], strict=False)


def slider_grid(prefix, names, *, label, columns=2):
    """One slider per name, keyed prefix0, prefix1, ... (a catalogue family) and kept in the URL; returns
    their values as an array.

    `label` is a format string with {name}; names are user text, so they are escaped first.
    """
    values = []
    for cell, (index, name) in in_rows(enumerate(names), columns):
        with cell:
            name_label = label.format(name=escape_markdown(name, max_length=24))
            values.append(link_slider(name_label, f"{prefix}{index}"))
    return np.array(values, dtype=float)


def _reveal(key, count):
    """Show the first `count` steps of the derivation whose state is `key` (a button callback)."""
    st.session_state[key] = count


def derivation(key, title, steps):
    """A "derive it" panel: one step at a time, a Next step button, and Start again. The steps stay in the
    session (key <key>_shown), so a rerun from another widget keeps them, refilled with the new numbers."""
    shown_key = f"{key}_shown"
    shown = max(1, min(st.session_state.get(shown_key, 1), len(steps)))
    with st.container(border=True, key=key):
        st.markdown(f"##### Derive it: {title}")
        for number, step in enumerate(steps[:shown], start=1):
            st.markdown(f"**Step {number} of {len(steps)}.** {step}")
        next_cell, again_cell = st.columns(2)
        next_cell.button(
            "Next step",
            key=f"{key}_next",
            on_click=_reveal,
            args=(shown_key, shown + 1),
            disabled=shown == len(steps),
            icon=":material/arrow_downward:",
            width="stretch",
        )
        again_cell.button(
            "Start again",
            key=f"{key}_again",
            on_click=_reveal,
            args=(shown_key, 1),
            disabled=shown == 1,
            icon=":material/replay:",
            width="stretch",
        )


def derivations(settings, panels, *, held=False):
    """At the Detailed depth only: one derive-it panel per (name, values) in `panels`, from
    assets/derivations/<name>.md; `held` (the page's predict box waits for a guess that they answer) puts
    them off until the guess."""
    if settings.depth != "Detailed":
        return
    st.markdown("#### Derive it yourself")
    if held:
        st.caption(
            "The derivations open once you lock in a guess in **Predict, then reveal**: they answer it."
        )
        return
    for name, values in panels:
        derivation(f"derive_{name.replace('-', '_')}", *derivation_steps(name, values))


def _show_steps(key, version, count):
    """Show the first `count` steps of worked solution `key`, for the sheet `version` (a button callback)."""
    st.session_state[key] = (version, count)


def worked_solution(key, steps, *, version, all_shown=False):
    """A worked solution revealed a step at a time: Next step and Show all (keys <key>_next, <key>_all).

    The steps shown stay in the session (key <key>_shown) for this `version` of the exercise (its seed and
    units), so other numbers start hidden again. With `all_shown` (a sheet printed with its solutions) every
    step shows and there is no button; otherwise the container's key ends in _reveal, which the page's print
    CSS leaves off the paper.
    """
    shown_key = f"{key}_shown"
    held_version, held = st.session_state.get(shown_key, (None, 0))
    shown = len(steps) if all_shown else (held if held_version == version else 0)
    with st.container(key=f"{key}_{'solution' if all_shown else 'reveal'}"):
        if shown:
            st.markdown("**Solution**")
        for number, step in enumerate(steps[:shown], start=1):
            st.markdown(f"**Step {number} of {len(steps)}.** {step}")
        if all_shown:
            return
        next_cell, all_cell = st.columns(2)
        next_cell.button(
            "Next step" if shown else "Solution: first step",
            key=f"{key}_next",
            on_click=_show_steps,
            args=(shown_key, version, shown + 1),
            disabled=shown == len(steps),
            icon=":material/arrow_downward:",
            width="stretch",
        )
        all_cell.button(
            "Show all",
            key=f"{key}_all",
            on_click=_show_steps,
            args=(shown_key, version, len(steps)),
            disabled=shown == len(steps),
            icon=":material/unfold_more:",
            width="stretch",
        )
