import numpy as np
import streamlit as st

import catalogue
from content.lesson_files import lesson
from core import entropy, kl_divergence
from core.activations import renormalise
from lessons import palette
from lessons.information import (
    METRICS,
    code_length_table,
    decomposition_alt,
    decomposition_figure,
    decomposition_table,
    distributions_alt,
    distributions_figure,
    distributions_table,
    lesson_values,
    weight_readings,
)
from ui.course import lesson_end
from ui.live_grid import live_slider_grid
from ui.shell import live, page_setup, share_link
from ui.widgets import chart, lesson_text, presets, show_code, small_table

OUTCOMES = ("sun", "cloud", "rain", "snow")
# The catalogue's defaults. p = 1/2, 1/4, 1/8, 1/8: H(p) = 1.75 bits exactly. q, the same odds shuffled:
# KL(p || q) = 0.625 bits, KL(q || p) = 0.5 bits.
DEFAULT_P, DEFAULT_Q = (catalogue.page("information").param(f"{name}0").default for name in ("ip", "iq"))
UNIFORM_Q = (2.0, 2.0, 2.0, 2.0)  # a forecaster with no idea: 2 bits for every outcome


def weights_preset(p, q):
    """A preset that sets all eight weight sliders."""
    return {f"ip{index}": value for index, value in enumerate(p)} | {
        f"iq{index}": value for index, value in enumerate(q)
    }


PRESETS = {
    "Shuffled forecast": weights_preset(DEFAULT_P, DEFAULT_Q),
    "Forecast = truth": weights_preset(DEFAULT_P, DEFAULT_P),
    "Uniform forecast": weights_preset(DEFAULT_P, UNIFORM_Q),
    "Never says snow": weights_preset(DEFAULT_P, (4.0, 2.0, 2.0, 0.0)),
    "One-hot truth": weights_preset((1.0, 0.0, 0.0, 0.0), (6.0, 2.0, 1.0, 1.0)),
}


def distribution_from(weights, title):
    """A set of weights, divided by their sum; a uniform guess if they are all 0."""
    try:
        return renormalise(weights)[0]
    except ValueError:
        st.warning(f"Every weight of {title} is 0, so the page uses a uniform distribution for it.")
        return np.full(len(OUTCOMES), 1 / len(OUTCOMES))


settings = page_setup("information")


def page_body():
    controls, overview = st.columns([2, 3], gap="large")
    with controls:
        st.markdown(lesson("information", "Truth sliders"))
        p_weights, draw_truth = live_slider_grid("ip", OUTCOMES, label="{name}", colour=palette.TARGET)
        p = distribution_from(p_weights, "the truth p")
        st.markdown(lesson("information", "Forecast sliders"))
        q_weights, draw_forecast = live_slider_grid("iq", OUTCOMES, label="{name}")
        q = distribution_from(q_weights, "the forecast q")
        units = {"base": settings.base, "unit": settings.units}
        p_held, q_held = tuple(p_weights.tolist()), tuple(q_weights.tolist())
        draw_truth(lambda index, values, grid: weight_readings("p", values, q_held, index, grid, **units))
        draw_forecast(lambda index, values, grid: weight_readings("q", p_held, values, index, grid, **units))
        st.caption(lesson("information", "Controls note"))
        presets(PRESETS)

    values = lesson_values(p, q, OUTCOMES, unit=settings.units, base=settings.base)
    with overview:
        entropy_col, cross_col = st.columns(2)
        entropy_col.metric(METRICS["h_p"], values["h_p"])
        cross_col.metric(METRICS["h_pq"], values["h_pq"])
        forward_col, reverse_col = st.columns(2)
        forward_col.metric(METRICS["kl_pq"], values["kl_pq"])
        reverse_col.metric(METRICS["kl_qp"], values["kl_qp"])
        chart(
            distributions_figure(p, q, OUTCOMES, presenter=settings.present),
            key="info_distributions_chart",
            table=lambda: distributions_table(p, q, OUTCOMES),
            alt=distributions_alt(p, q, OUTCOMES, base=settings.base, unit=settings.units),
        )

    st.info(lesson("information", "Callout", values), icon=":material/functions:")

    bars, coding = st.columns(2, gap="large")
    with bars:
        chart(
            decomposition_figure(p, q, OUTCOMES, settings.base, presenter=settings.present),
            key="info_decomposition_chart",
            table=lambda: decomposition_table(p, q, OUTCOMES, settings.base),
            alt=decomposition_alt(p, q, base=settings.base, unit=settings.units),
        )
    with coding:
        st.markdown(lesson("information", "Code lengths", values))
        small_table(code_length_table(p, q, OUTCOMES))
        st.caption(lesson("information", "Code lengths note"))

    lesson_text("information", settings, values)


live(page_body)
show_code(entropy, kl_divergence)
lesson_end(settings)
share_link(settings)
