"""A lesson page opened from the plan (?step=N): the plan's own question first, the page after Reveal.

Before Reveal the page shows its title, the plan's question and the Reveal button, nothing that answers
it. Reveal moves the page to the state the question is about (the step's State, else its link) and draws
the page; where this browser is running a class that was asked this step, the class's answers are
revealed with it. Previous and Next open the plan's neighbouring steps, keeping presenter mode.
"""

import contextlib

import streamlit as st
from streamlit.errors import StreamlitAPIException

from content.plan import route, short_query
from ui.class_store import reveal_plan_step
from ui.link_values import link_values

STEP = "step"  # the query key of a plan link
REVEALED = "plan_revealed"  # {step number: True}: the steps this session has revealed
APPLIED = "plan_step_applied"  # the step whose link's query this session has put into the address
KEYS = {"reveal": "V", "previous": "P", "next": "N"}  # R is Streamlit's own rerun key


def opened_step(slug):
    """(number, Step) when the link is the plan's step for page `slug`, else None. On the first run of a
    step, presenter mode goes on (a plan step is projected) and the asked state's keys leave the address:
    nothing is drawn before Reveal, which sets them."""
    raw = st.query_params.get(STEP)
    steps = route()
    if raw is None or not raw.isdigit() or not 1 <= int(raw) <= len(steps):
        return None
    number, step = int(raw), steps[int(raw) - 1]
    if step.page.slug != slug:
        return None
    if st.session_state.get(APPLIED) != number:
        st.session_state[APPLIED] = number
        st.session_state["present"] = bool(
            step.query.get("present") == "true" or st.session_state.get("present")
        )
        for key in step.asked:  # Reveal sets them: a value left in the address would win over Reveal's
            st.query_params.pop(key, None)
    return number, step


def revealed(number):
    return st.session_state.get(REVEALED, {}).get(number, False)


def _reveal(number, step):
    """Move the page to the asked state (address and widgets agree, so a widget drawn for the first time
    takes it) and reveal the class's answers to this step, if this browser runs a class that asked it."""
    st.session_state[REVEALED] = st.session_state.get(REVEALED, {}) | {number: True}
    for key, value in step.asked.items():
        # A key bound to a widget already drawn (the step before, on this page) cannot be set in the
        # address: the widget takes the value from Session State below and writes the address itself.
        with contextlib.suppress(StreamlitAPIException):
            st.query_params[key] = value
    st.session_state.update(link_values(step.page.slug, step.asked))
    reveal_plan_step(step.key)


def on_plan_step():
    """True while the page shows a plan step: its own predict box and presets give way to the plan."""
    return st.session_state.get(APPLIED) is not None and STEP in st.query_params


def ask_then_reveal(found, settings):
    """The plan's question; before Reveal, stop the page there. Returns after Reveal."""
    number, step = found
    with st.container(border=True, key="plan_question"):
        st.markdown(f"**Question {number}.** {step.ask}")
        if not revealed(number):
            st.button(
                "Reveal",
                key="plan_reveal",
                on_click=_reveal,
                args=(number, step),
                type="primary",
                icon=":material/visibility:",
                shortcut=KEYS["reveal"],
            )
    if not revealed(number):
        st.stop()


def _go(number):
    """Open the plan's step `number` (a callback cannot switch page, so the run after it does)."""
    st.session_state["plan_go"] = number


def step_links(found, settings):
    """Small Previous and Next buttons for the plan's neighbouring steps, with keys, where the page is a
    plan step; call inside the presenter's bar (ui.shell)."""
    if found is None:
        return
    number, steps = found[0], route()
    going = st.session_state.pop("plan_go", None)
    if going is not None:
        target = steps[going - 1]
        st.session_state[REVEALED] = st.session_state.get(REVEALED, {}) | {going: False}
        st.switch_page(target.page.path, query_params=settings.link_params() | short_query(going))
    if number > 1:
        st.button(
            "Previous step", key="plan_previous", on_click=_go, args=(number - 1,),
            icon=":material/arrow_back:", type="tertiary", shortcut=KEYS["previous"],
        )  # fmt: skip
    st.caption(f"Step {number} of {len(steps)}", width="content")
    if number < len(steps):
        st.button(
            "Next step", key="plan_next", on_click=_go, args=(number + 1,),
            icon=":material/arrow_forward:", type="tertiary", shortcut=KEYS["next"],
        )  # fmt: skip
