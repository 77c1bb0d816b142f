import streamlit as st

from content.lesson_files import lesson
from content.plan import route
from lessons.plan_numbers import filled
from ui.shell import page_setup, share_link


def _present():
    """Presenter mode on for the rest of the session (a button callback, before the sidebar is drawn)."""
    st.session_state["present"] = True


PREDICT_BOX = (
    ":material/quiz: The page opens on the state before the question. Lock in the class's guess in its "
    "**Predict, then reveal** box: that moves the page to the question's state and shows the answer."
)

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
        st.markdown(f"**Ask first, then open the page:** {step.ask}")
        st.page_link(  # a link's label stays on one line, so it holds only the page's short title
            step.page.path,
            label=f"Open {step.page.title}",
            icon=step.page.icon,
            query_params=settings.link_params() | step.query,  # the class's depth and units, the step's view
        )
        if step.opens_before():
            st.caption(PREDICT_BOX)
        st.markdown(f"**Then make the point:** {filled(step.point, step.page.slug, step.asked)}")

st.markdown(f"#### At the {settings.depth.lower()} depth")
st.markdown(lesson("plan", settings.depth))
share_link(settings)
