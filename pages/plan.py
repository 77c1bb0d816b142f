import streamlit as st

from content.lesson_files import fill, lesson
from content.plan import route
from lessons.ce_vs_mse import push_numbers
from ui.shell import page_setup, share_link


def _present():
    """Presenter mode on for the rest of the session (a button callback, before the sidebar is drawn)."""
    st.session_state["present"] = True


# The live numbers a step's point quotes, by the step's page, from the step's link query.
POINT_NUMBERS = {"ce-vs-mse": push_numbers}

settings = page_setup("plan")
if not settings.present:
    st.info(
        "Each link turns presenter mode on when it opens in a fresh tab or on the projector's browser. "
        "To follow the links in this tab, switch presenter mode on first.",
        icon=":material/co_present:",
    )
    st.button("Switch presenter mode on", key="plan_present", on_click=_present, icon=":material/co_present:")

steps = route()
st.caption(f":material/schedule: {len(steps)} steps, {sum(step.minutes for step in steps)} minutes in all.")
for number, step in enumerate(steps, start=1):
    with st.container(border=True):
        st.markdown(f"**{number}. {step.title}** · {step.minutes} min")
        st.page_link(  # a link's label stays on one line, so it holds only the page's short title
            step.page.path,
            label=f"Open {step.page.title}",
            icon=step.page.icon,
            query_params=settings.link_params() | step.query,  # the class's depth and units, the step's view
        )
        st.markdown(f"**Ask first:** {step.ask}")
        point = fill(
            step.point, POINT_NUMBERS[step.page.slug](step.query) if step.page.slug in POINT_NUMBERS else {}
        )
        st.markdown(f"**Then make the point:** {point}")

st.markdown(f"#### At the {settings.depth.lower()} depth")
st.markdown(lesson("plan", settings.depth))
share_link(settings)
