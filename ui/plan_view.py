"""The lesson plan's two views: the route as the room may see it (titles, questions, links; no answers), and
the teacher's view (the points to make, the timings, each step's phone-reachable short link and its QR
code), laid out to print on A4."""

from urllib.parse import urlencode

import streamlit as st

from catalogue import COURSE
from content.plan import route, short_query
from content.text import escape_markdown
from lessons.plan_numbers import filled
from ui.address import phone_origin, qr_png

NOTES = "notes"  # /plan?notes=true: the teacher's view

# The teacher's view on paper: A4, no app chrome, one step never split across two pages.
PRINT_CSS = """
<style>
@page { size: A4; margin: 12mm; }
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  .st-key-plan_print_hide { display: none !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: 100% !important; }
  [data-testid="stVerticalBlockBorderWrapper"], .st-key-plan_steps_notes > div > div { break-inside: avoid; }
  html { font-size: 11pt; }
}
</style>
"""


def timing(steps):
    """The plan's time in one sentence: the steps' sum, beside the lessons' own estimates for their pages
    (which cover each page whole, as a learner alone works through it)."""
    slugs = dict.fromkeys(step.page.slug for step in steps)
    pages = sum(COURSE[slug].minutes for slug in slugs)
    total = sum(step.minutes for step in steps)
    return (
        f"{len(steps)} steps, {total} minutes in all. They use parts of {len(slugs)} lessons whose own "
        f"estimates add up to {pages} minutes for a learner working through each page whole."
    )


def step_link(number, settings, origin=""):
    """Step `number`'s short link: its page, its number, and the class's depth and units."""
    step = route()[number - 1]
    query = {key: value for key, value in settings.link_params().items() if key != "present"}
    return f"{origin}{step.page.url}?{urlencode(query | short_query(number))}"


def projected(settings):
    """The route as the room may see it: each step's title, minutes, question and link; no answers."""
    steps = route()
    st.caption(f":material/schedule: {timing(steps)}")
    st.page_link(
        "pages/plan.py",
        label="Teacher's view: the points to make, QR codes, print",
        icon=":material/visibility_lock:",
        query_params={**settings.link_params(), NOTES: "true"},
    )
    for number, step in enumerate(steps, start=1):
        with st.container(border=True):
            st.markdown(f"**{number}. {step.title}** · {step.minutes} min")
            st.markdown(f"**The page asks:** {step.ask}")
            st.page_link(  # a link's label stays on one line, so it holds only the page's short title
                step.page.path,
                label=f"Open {step.page.title}",
                icon=step.page.icon,
                query_params=settings.link_params() | short_query(number),
            )


def teacher(settings):
    """The teacher's view: per step the question, the point to make, the short link and its QR code."""
    steps = route()
    origin, note = phone_origin()
    st.html(PRINT_CSS)  # our own constant CSS, never user text
    with st.container(key="plan_print_hide"):
        st.info(
            "Keep this view on your own screen, or print it (Ctrl+P or Cmd+P; it fits A4): it shows the "
            "answers. Project the pages the links open.",
            icon=":material/visibility_lock:",
        )
        if note:
            st.caption(f":material/info: {escape_markdown(note, 400)}")
    st.caption(f":material/schedule: {timing(steps)}")
    with st.container(key="plan_steps_notes"):
        for number, step in enumerate(steps, start=1):
            link = step_link(number, settings, origin)
            with st.container(border=True):
                words, code = st.columns([5, 1], vertical_alignment="center")
                words.markdown(f"**{number}. {step.title}** · {step.minutes} min · `{link}`")
                words.markdown(f"**Ask:** {step.ask}")
                words.markdown(
                    f"**After Reveal, make the point:** {filled(step.point, step.page.slug, step.asked)}"
                )
                code.image(qr_png(link, scale=4), width=110)
