"""Every screen, from a 390 px phone to a 1400 px projector: the CSS every page gets (ui.shell.page_setup) and
the Plotly settings every chart gets (ui.widgets.chart), written once.

Measured before these rules (tests/browser/test_browser_screens.py measures the same things):
- a vertical swipe over any lesson's first chart moved the page 0 px (Plotly took it as a zoom);
- metrics and preset labels ended in "…" at 768 to 1280 px (11 on the lessons at 768 px);
- the Plotly toolbar sat over chart titles on a phone, where it never hides;
- a radio's caption ("not spam") did nothing when tapped, and its option was 22 px tall;
- Next, tapped at a lesson's end on a phone, opened the next lesson at its "Why" section 1 time in 3
  (/information to /sequences), past its title and objectives.
"""

from pathlib import Path

import streamlit as st

# plotly.js config. The layout's dragmode is off (lessons._charts.figure), so a touch on a chart never starts
# a zoom and the browser scrolls the page; no scroll zoom either, for a mouse wheel or two fingers. A double
# tap goes back to the chart's own axes (never to autoscaled ones that hide the point). On a computer, zoom
# stays one deliberate click away: the toolbar's zoom and pan buttons.
CHART_CONFIG = {
    "displaylogo": False,
    "scrollZoom": False,
    "doubleClick": "reset",
    "showAxisDragHandles": False,
}

PHONE = "(max-width: 640px), (pointer: coarse)"  # a phone, or any screen a finger works


def on_a_phone():
    """Whether the browser says it is a phone: "Mobi" in its User-Agent, MDN's test for one (iPhone, Android
    phones, Firefox on Android). A tablet, a computer and AppTest (no browser) are not. Streamlit 1.67's
    st.context gives no screen width, so a page that lays a figure out for a phone asks this."""
    return "Mobi" in (st.context.headers.get("User-Agent") or "")


SCREEN_CSS = f"""
<style>
/* A Markdown table wider than its column (small_table, the notation card's) scrolls in its own box instead
   of pushing the page sideways. */
[data-testid="stMarkdownContainer"]:has(> table) {{ overflow-x: auto; }}

/* Metrics, their labels and button labels wrap at spaces instead of ending in "…"; a metric's number
   shrinks with its box (container units), so "0.357 nats" stays whole in a quarter of a 900 px page. */
[data-testid="stMain"] .stMarkdownEllipsis, [data-testid="stMain"] .stMarkdownEllipsis p,
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] *,
[data-testid="stFileUploaderDropzoneInstructions"] * {{
  white-space: normal; text-overflow: clip; overflow: visible;
}}
[data-testid="stMetric"] {{ container-type: inline-size; }}
[data-testid="stMetricValue"] {{ font-size: clamp(1.25rem, 15cqi, 2.25rem); }}

/* Primary buttons: white on the light theme's #0072B2 (5.1:1), dark on the dark theme's #56B4E9 (8.9:1),
   where white reached only 2.3:1. light-dark() follows the theme Streamlit gives the app (its
   color-scheme), whatever the device's own setting. */
button[kind^="primary"] {{ color: light-dark(#FFFFFF, #0E1117); }}

/* A radio's caption selects its option: the option's label reaches down over its caption's line, and a tap
   on the caption goes through to it. */
[data-testid="stRadioGroup"] > div:has(> [data-testid="stRadioCaption"]) > [data-testid="stRadioOption"] {{
  padding-bottom: 1.4rem;
}}
[data-testid="stRadioCaption"] {{ margin-top: -1.4rem; pointer-events: none; }}

/* A chart narrower than 400 px (a phone, or a column of a 1024 px page) draws its title at 13 px, where a
   line of lessons._charts.TITLE_LINE characters fits. */
[data-testid="stPlotlyChart"] {{ container-type: inline-size; }}
@container (max-width: 400px) {{ .js-plotly-plot .gtitle {{ font-size: 13px !important; }} }}

/* The page's arrival script (top_on_arrival) takes no room. */
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > script[data-page]) {{ display: none; }}

@media {PHONE} {{
  /* Plotly's toolbar never hides on a touch screen, where it sat over the chart's title; a phone gets
     no zoom anyway (CHART_CONFIG). */
  .js-plotly-plot .modebar-container {{ display: none; }}
  /* Tap targets of at least 44 px. */
  [data-testid="stRadioGroup"] > div {{
    min-height: 44px; min-width: 44px; display: flex; flex-direction: column; justify-content: center;
  }}
  [data-testid="stButton"] button, [data-testid="stFormSubmitButton"] button,
  [data-testid="stPageLink-NavLink"], [data-testid="stMain"] summary,
  [data-testid="stCheckbox"] label {{ min-height: 44px; }}
  [data-testid="stPageLink-NavLink"] {{ display: flex; align-items: center; }}
}}
</style>
"""


_TOP_ON_ARRIVAL = (Path(__file__).parent / "top_on_arrival.js").read_text(encoding="utf-8")


def top_on_arrival(slug):
    """The script that opens page `slug` at its top when the learner arrives from another page (its body
    names the page, so Streamlit runs it again only when the page changes); hidden, so it takes no room."""
    return f'<script data-page="{slug}">{_TOP_ON_ARRIVAL}</script>'
