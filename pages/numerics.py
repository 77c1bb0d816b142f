import streamlit as st

from content.text import format_loss, format_number
from core import log_softmax
from core.numerics import (
    clipped_cross_entropy,
    log_of_softmax_vs_log_softmax,
    overflow_results,
    stable_softmax,
)
from lessons.numerics import (
    CLIP_PRESETS,
    FRAMEWORKS,
    GAP_PRESETS,
    NAN,
    OVERFLOW_PRESETS,
    Q_TRUE,
    Z_MAX,
    clip_losses,
    gap_logits,
    gap_losses,
    gap_text,
    lesson_values,
    nan_note,
    overflow_logits,
    stable_q,
)
from lessons.numerics_figures import (
    clipping_alt,
    clipping_figure,
    clipping_table,
    log_softmax_table,
    overflow_alt,
    overflow_chart_table,
    softmax_overflow_figure,
    softmax_overflow_table,
)
from ui.course import lesson_end
from ui.shell import live, page_setup, share_link
from ui.widgets import (
    chart,
    lesson_text,
    link_select_slider,
    link_slider,
    presets,
    show_code,
    small_table,
)

settings = page_setup("numerics")


def clipping_section(unit, base):
    """1: log 0 and clipping; returns the two sliders' values as shown (q and c)."""
    st.markdown("### 1 · log 0 and the infinite loss")
    clip_controls, clip_chart = st.columns([2, 3], gap="large")
    with clip_controls:
        q_text = link_select_slider(f"{Q_TRUE}, the probability given to the true class $y$", "nq")
        clip_text = link_select_slider(f"Clip level $c$: {Q_TRUE} is kept inside $[c, 1 - c]$", "neps")
        q, c = float(q_text), float(clip_text)
        losses = clip_losses(q, c, base=base)
        st.metric("Loss −log q(true class)", format_loss(losses["loss"], unit))
        st.metric(r"Clipped loss $-\log \mathrm{clip}(q_y, c, 1 - c)$", format_loss(losses["clipped"], unit))
        st.metric(r"The most clipping allows, $-\log c$", format_loss(losses["cap"], unit))
        presets(CLIP_PRESETS, columns=1)
    with clip_chart:
        chart(
            clipping_figure(c, base=base, q_true=q, presenter=settings.present),
            key="clipping_chart",
            table=lambda: clipping_table(c, base=base, unit=unit),
            alt=clipping_alt(q, c, base=base, unit=unit),
        )
    return q_text, clip_text


def overflow_section():
    """2: softmax overflowing in each float type; returns the logit z."""
    st.markdown("### 2 · Softmax overflows for large logits")
    overflow_controls, overflow_chart = st.columns([2, 3], gap="large")
    with overflow_controls:
        z = link_slider("Logit z of class A (class B gets z − 1)", "nz")
        results = overflow_results(z)
        for name, value in results.items():
            st.metric(f"q(A), naive, in {name}", format_number(value, 4, nan=NAN))
        if note := nan_note(results):
            st.caption(note)
        st.metric("q(A), largest logit subtracted first", format_number(stable_q(z), 4))
        presets(OVERFLOW_PRESETS, columns=1)
    with overflow_chart:
        chart(
            softmax_overflow_figure(Z_MAX, z=z, presenter=settings.present),
            key="overflow_chart",
            table=lambda: overflow_chart_table(Z_MAX, z),
            alt=overflow_alt(z, Z_MAX),
        )
    small_table(softmax_overflow_table(overflow_logits(z)), decimals=4, nan=NAN)
    return z


def gap_section(unit, base):
    """3: ln(softmax(z)) against log_softmax(z), and the losses; returns how far B sits below A."""
    st.markdown("### 3 · Why cross-entropy functions prefer logits")
    gap_controls, gap_results = st.columns([2, 3], gap="large")
    with gap_controls:
        distance = link_slider("How far class B's logit sits below class A's", "nd")
        logits = gap_logits(distance)
        result = log_of_softmax_vs_log_softmax(logits)
        st.metric("ln(softmax(z)) for B, in nats", format_number(result.log_of_softmax[1], 4))
        st.metric("log_softmax(z) for B, in nats", format_number(result.log_softmax[1], 4))
        st.metric("Gap between the two, in nats", gap_text(result.gap[1]))
        st.caption("These logs are natural logs (ln), so they are in nats whatever the units setting.")
        presets(GAP_PRESETS, columns=1)
    with gap_results:
        st.markdown("**If B is the true class, the loss is**")
        losses = gap_losses(logits, base=base)
        naive_loss_col, logits_loss_col = st.columns(2)
        naive_loss_col.metric("softmax, then log", format_loss(losses["naive"], unit))
        logits_loss_col.metric("from the logits", format_loss(losses["with_logits"], unit))
        st.metric(
            "softmax fed in as logits (the double-softmax mistake)", format_loss(losses["double"], unit)
        )
        small_table(log_softmax_table(logits), decimals=4, nan=NAN)
    return distance


def page_body():
    unit, base = settings.units, settings.base
    q_text, clip_text = clipping_section(unit, base)
    z = overflow_section()
    distance = gap_section(unit, base)
    st.caption("Cross-entropy in the libraries: which functions take logits, which take probabilities")
    st.code(FRAMEWORKS, language="python", wrap_lines=True)  # a phone reads every comment without scrolling
    lesson_text("numerics", settings, lesson_values(q_text, clip_text, z, distance, base=base, unit=unit))


live(page_body)
show_code(stable_softmax, log_softmax, clipped_cross_entropy)
lesson_end(settings)
share_link(settings)
