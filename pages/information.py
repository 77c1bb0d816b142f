import numpy as np
import streamlit as st

from core import cross_entropy, entropy, kl_divergence
from core.info_charts import (
    code_length_table,
    decomposition_figure,
    decomposition_table,
    distributions_figure,
    distributions_table,
)
from core.multiclass_lesson import renormalise
from core.text import format_loss
from ui.shell import live, page_setup, share_link
from ui.widgets import chart, lesson_intro, lesson_text, presets, show_code, slider_grid, small_table

OUTCOMES = ("sun", "cloud", "rain", "snow")
DEFAULT_P = (4.0, 2.0, 1.0, 1.0)  # p = 1/2, 1/4, 1/8, 1/8: H(p) = 1.75 bits exactly
DEFAULT_Q = (2.0, 2.0, 2.0, 2.0)  # a forecaster with no idea: 2 bits for every outcome
WEIGHT_RANGE = {"low": 0.0, "high": 10.0, "step": 0.5}


def weights_preset(p, q):
    """A preset that sets all eight weight sliders."""
    return {f"ip{index}": value for index, value in enumerate(p)} | {
        f"iq{index}": value for index, value in enumerate(q)
    }


PRESETS = {
    "Forecast = truth": weights_preset(DEFAULT_P, DEFAULT_P),
    "Uniform forecast": weights_preset(DEFAULT_P, DEFAULT_Q),
    "Never says snow": weights_preset(DEFAULT_P, (4.0, 2.0, 2.0, 0.0)),
    "One-hot truth": weights_preset((1.0, 0.0, 0.0, 0.0), (6.0, 2.0, 1.0, 1.0)),
}


def distribution_from(prefix, defaults, title):
    """A set of weight sliders, divided by their sum; a uniform guess if they are all 0."""
    weights = slider_grid(prefix, OUTCOMES, **WEIGHT_RANGE, defaults=defaults, label="{name}")
    try:
        return renormalise(weights)[0]
    except ValueError:
        st.warning(f"Every weight of {title} is 0, so the page uses a uniform distribution for it.")
        return np.full(len(OUTCOMES), 1 / len(OUTCOMES))


settings = page_setup("Entropy, KL and cross-entropy", ":material/stacked_bar_chart:")
st.title("Entropy, KL divergence and cross-entropy")
lesson_intro("information")


def page_body():
    """What the widgets change: it reruns alone when one of them moves (see ui.shell.live)."""
    controls, overview = st.columns([2, 3], gap="large")
    with controls:
        st.markdown("**The truth p**: how often each kind of weather really happens")
        p = distribution_from("ip", DEFAULT_P, "the truth p")
        st.markdown("**The forecast q**: the odds the forecaster gives")
        q = distribution_from("iq", DEFAULT_Q, "the forecast q")
        st.caption("Only the proportions matter: each set of weights is divided by its sum.")
        presets(PRESETS)

    h_p, h_pq = entropy(p, base=settings.base), cross_entropy(p, q, base=settings.base)
    kl_pq, kl_qp = kl_divergence(p, q, base=settings.base), kl_divergence(q, p, base=settings.base)
    h_qp = cross_entropy(q, p, base=settings.base)
    bits = {"h_p": entropy(p, base=2), "h_pq": cross_entropy(p, q, base=2), "kl": kl_divergence(p, q, base=2)}
    with overview:
        entropy_col, cross_col = st.columns(2)
        entropy_col.metric("Entropy H(p)", format_loss(h_p, settings.units))
        cross_col.metric("Cross-entropy H(p, q)", format_loss(h_pq, settings.units))
        forward_col, reverse_col = st.columns(2)
        forward_col.metric("KL(p ‖ q)", format_loss(kl_pq, settings.units))
        reverse_col.metric("KL(q ‖ p)", format_loss(kl_qp, settings.units))
        chart(
            distributions_figure(p, q, OUTCOMES, presenter=settings.present),
            key="info_distributions_chart",
            table=lambda: distributions_table(p, q, OUTCOMES),
        )

    units = settings.units
    st.info(
        f"H(p, q) = H(p) + KL(p ‖ q): {format_loss(h_pq, units)} = {format_loss(h_p, units)} "
        f"+ {format_loss(kl_pq, units)}. H(p) depends on the truth alone, so moving the forecast "
        "sliders changes only the KL part: with the labels fixed, the forecast that minimises cross-entropy "
        "is the one that minimises KL, and that is q = p.",
        icon=":material/functions:",
    )

    bars, coding = st.columns(2, gap="large")
    with bars:
        chart(
            decomposition_figure(p, q, OUTCOMES, settings.base, presenter=settings.present),
            key="info_decomposition_chart",
            table=lambda: decomposition_table(p, q, OUTCOMES, settings.base),
        )
    with coding:
        st.markdown("#### Reading it as code lengths")
        st.markdown(
            "Send each day's weather as a string of 0s and 1s. A code built for the forecast q gives "
            "outcome i a codeword of −log₂ q(i) bits. Used on the real weather p, its messages average "
            f"**{format_loss(bits['h_pq'], 'bits')}**. A code built for p itself needs only "
            f"**{format_loss(bits['h_p'], 'bits')}**; the difference, "
            f"**{format_loss(bits['kl'], 'bits')}** per day, is what the wrong odds waste."
        )
        small_table(code_length_table(p, q, OUTCOMES))
        st.caption("Codewords are 0s and 1s, so this reading is in bits, whatever the units setting.")

    lesson_text(
        "information",
        settings,
        {
            "h_p": format_loss(h_p, settings.units),
            "h_pq": format_loss(h_pq, settings.units),
            "h_qp": format_loss(h_qp, settings.units),
            "kl_pq": format_loss(kl_pq, settings.units),
            "kl_qp": format_loss(kl_qp, settings.units),
            "h_p_bits": format_loss(bits["h_p"], "bits"),
            "h_pq_bits": format_loss(bits["h_pq"], "bits"),
            "kl_bits": format_loss(bits["kl"], "bits"),
        },
    )


live(page_body)
show_code(entropy, kl_divergence)
share_link()
