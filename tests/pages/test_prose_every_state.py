"""Every sentence in every reachable state: each page at each depth and unit, after each preset, at the ends
of each slider and with each option of its own radios and toggles. No prose may show NaN, None, an unfilled
placeholder, a dash where a number belongs or unevaluated arithmetic; every chart has an alt sentence that
carries one of the numbers the page shows.
"""

import re

import pytest
from helpers import ROOT, set_slider, sliders
from streamlit.testing.v1 import AppTest

PAGES = ["app.py"] + sorted(f"pages/{path.name}" for path in (ROOT / "pages").glob("*.py"))
SIDEBAR_KEYS = ("sidebar_units", "sidebar_depth", "sidebar_present")
# Every (depth, units) pair is rendered in the default state; the other states rotate through these four.
ALL_VIEWS = [(depth, units) for depth in ("Basic", "Medium", "Detailed") for units in ("nats", "bits")]
STATE_VIEWS = [("Basic", "nats"), ("Medium", "bits"), ("Detailed", "nats"), ("Detailed", "bits")]

# (pattern, why it is wrong): one list, read by the test below.
FORBIDDEN = [
    (re.compile(r"\bnan\b", re.IGNORECASE), "NaN shown as a number"),  # numerics may name it: see below
    (re.compile(r"undefined"), "a number rendered as 'undefined'"),
    (re.compile(r"\bNone\b"), "a Python None rendered"),
    (re.compile(r"\{\{\s*\w+\s*\}\}"), "an unfilled placeholder"),
    (re.compile(r"\binf\b"), "a raw 'inf'"),
    (
        re.compile(
            r"(?:=|:|\bgot|\bis|\bwas|\bcosts?|\bof)\s*[—–]\s*(?:[.,;)]|$|nats\b|bits\b)", re.MULTILINE
        ),
        "a dash where a number belongs",
    ),
    (re.compile(r"[—–]\s*(?:nats|bits)\b"), "a dash where a number belongs"),
    (re.compile(r"∞\s*(?:times|×)|(?:times|×)\s*∞"), "an infinite ratio"),
    (
        re.compile(r"\b\d+ [−+×] \d+ (?:other |more )?(?:classes|steps|tokens|samples|rows)\b"),
        "arithmetic left unevaluated",
    ),
]


def prose(app):
    """Every piece of text a learner reads on the page, as (kind, text)."""
    texts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "latex",
        "info",
        "warning",
        "error",
        "success",
    ):
        texts += [(kind, str(element.value)) for element in getattr(app, kind)]
    texts += [("metric", f"{metric.label}: {metric.value}") for metric in app.metric]
    texts += [("chart alt", chart.proto.alt) for chart in app.get("plotly_chart")]
    return texts


# The numerics lesson is about NaN itself: the word may stand there, explained, never as "undefined (NaN)"..
NAMES_NAN = {"pages/numerics.py"}


def problems(app, page, state):
    """The forbidden forms found in the page's text, each naming the state, the kind and the text."""
    found = [f"{state}: exception {exception.message}" for exception in app.exception]
    for kind, text in prose(app):
        for pattern, why in FORBIDDEN[1:] if page in NAMES_NAN else FORBIDDEN:
            match = pattern.search(text)
            if match:
                context = text[max(0, match.start() - 80) : match.end() + 80]
                found.append(f"{state}: {why} in {kind}: …{context!r}…")
    return found


def open_page(page):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    if page != "app.py":
        app.switch_page(page)
        app.run()
    return app


def render(app, depth, units):
    app.session_state["depth"] = depth
    app.session_state["units"] = units
    return app.run()


def widget_states(app):
    """(label, action) for each preset, each slider's two ends, each option of the page's own radios (those
    whose options are their values) and the other side of each of its toggles; enabled widgets only."""
    states = [
        (f"preset {button.label!r}", ("button", button.key, None))
        for button in app.button
        if button.key.startswith("preset_")
    ]
    for key, low, high, _ in sliders(app):
        states += [(f"slider {key} = {end}", ("slider", key, end)) for end in (low, high)]
    for radio in app.radio:
        if (
            radio.key not in SIDEBAR_KEYS
            and not radio.proto.disabled
            and radio.value is not None
            and str(radio.value) in radio.options
        ):
            states += [
                (f"radio {radio.key} = {option}", ("radio", radio.key, option)) for option in radio.options
            ]
    for toggle in app.toggle:
        if toggle.key not in SIDEBAR_KEYS and not toggle.proto.disabled:
            states.append(
                (f"toggle {toggle.key} = {not toggle.value}", ("toggle", toggle.key, not toggle.value))
            )
    return states


def apply(app, action):
    kind, key, value = action
    if kind == "slider":
        return set_slider(app, key, value)
    widget = getattr(app, kind)(key=key)
    widget.click() if kind == "button" else widget.set_value(value)
    return app.run()


@pytest.mark.parametrize("page", PAGES)
def test_no_sentence_shows_nan_none_a_placeholder_or_a_dash_for_a_number(page):
    app = open_page(page)
    found = []
    for depth, units in ALL_VIEWS:
        found += problems(render(app, depth, units), page, f"default, {depth}, {units}")
    for index, (label, action) in enumerate(widget_states(app)):
        app = open_page(page)
        apply(app, action)
        for depth, units in (STATE_VIEWS[index % 4], STATE_VIEWS[(index + 2) % 4]):
            found += problems(render(app, depth, units), page, f"{label}, {depth}, {units}")
    assert not found, "\n".join(found)


NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_has_an_alt_sentence_with_a_number_the_page_shows(page):
    app = render(open_page(page), "Medium", "nats")
    shown = set()
    for kind, text in prose(app):
        if kind != "chart alt":
            shown |= set(NUMBER.findall(text))
    values = [value for *_, value in sliders(app) if isinstance(value, float | int)]
    shown |= {f"{value:g}" for value in values} | {f"{value:.2f}" for value in values}
    for chart in app.get("plotly_chart"):
        alt = chart.proto.alt
        assert alt.strip(), f"a chart on {page} has no alt sentence"
        assert set(NUMBER.findall(alt)) & shown, (
            f"the alt on {page} carries none of the page's numbers: {alt!r}"
        )


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_has_its_table(page):
    app = render(open_page(page), "Medium", "nats")
    charts = len(app.get("plotly_chart"))
    tables = [expander for expander in app.expander if expander.label == "The chart as a table"]
    assert len(tables) == charts, f"{page}: {charts} charts but {len(tables)} chart tables"
