import streamlit as st

from catalogue import PAGES
from content.text import format_loss
from core import cross_entropy
from lessons.home import (
    formula_key,
    home_readings,
    home_values,
    photo_loss,
    surprise_alt,
    surprise_figure,
    surprise_table,
    uniform_guess_loss,
)
from ui.course import lesson_end
from ui.live_slider import live_link_slider
from ui.shell import live, page_setup, share_link
from ui.widgets import chart, lesson_text, show_code

settings = page_setup("")
st.latex(r"H(p, q) \;=\; -\sum_i p_i\,\log q_i")
st.caption(formula_key(settings.units))


def page_body():
    demo, figure = st.columns([2, 3], gap="large")
    with demo:
        q_cat = live_link_slider(
            "The photo is a cat. Probability the model gives to “cat”",
            "cat",
            lambda grid: home_readings(grid, base=settings.base, unit=settings.units),
        )
        loss = photo_loss(q_cat, base=settings.base)
        uniform = uniform_guess_loss(3, base=settings.base)
        st.metric("Cross-entropy", format_loss(loss, settings.units))
        st.metric("A uniform guess (1/3 each) would cost", format_loss(uniform, settings.units))
    with figure:
        chart(
            surprise_figure(q_cat, base=settings.base, unit=settings.units, presenter=settings.present),
            key="home_chart",
            table=lambda: surprise_table(q_cat, base=settings.base, unit=settings.units),
            alt=surprise_alt(q_cat, base=settings.base, unit=settings.units),
        )

    lesson_text("home", settings, home_values(q_cat, base=settings.base, unit=settings.units))


live(page_body)
st.markdown("#### The lessons")
for entry in PAGES[1:]:  # every page after Home, in teaching order
    with st.container(border=True):
        st.page_link(entry.path, label=entry.title, icon=entry.icon, query_params=settings.link_params())
        st.caption(entry.blurb)

show_code(cross_entropy)
lesson_end(settings)
share_link(settings)
