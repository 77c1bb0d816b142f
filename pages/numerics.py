import numpy as np
import streamlit as st

from core import binary_cross_entropy, cross_entropy, log_softmax, softmax
from core.info_charts import clipping_figure, softmax_overflow_figure
from core.numerics import (
    clipped_cross_entropy,
    log_of_softmax_vs_log_softmax,
    log_softmax_table,
    naive_softmax,
    overflow_threshold,
    softmax_overflow_table,
    stable_softmax,
)
from core.params import parse_choice
from core.text import format_loss, format_number
from ui.shell import live, page_setup, share_link
from ui.widgets import (
    chart,
    lesson_intro,
    lesson_text,
    link_slider,
    link_value,
    presets,
    show_code,
    small_table,
)

# Probabilities on a log-like ladder, kept as text so that the link shows exactly what the slider shows.
Q_OPTIONS = ("0", "1e-300", "1e-12", "1e-6", "0.001", "0.01", "0.1", "0.5", "0.9", "1")
EPS_OPTIONS = ("1e-12", "1e-7", "1e-4", "0.001", "0.01", "0.1")
DEFAULT_Q, DEFAULT_EPS, DEFAULT_Z, DEFAULT_GAP = "1e-6", "1e-7", 50, 50
Z_MAX = 1000
CLIP_PRESETS = {"q = 0: certain and wrong": {"nq": "0"}, "q = 0.5": {"nq": "0.5"}}
OVERFLOW_PRESETS = {"z = 100: float32 breaks": {"nz": 100}, "z = 800: float64 breaks": {"nz": 800}}
GAP_PRESETS = {"720 below: digits lost": {"nd": 720}, "800 below: log 0": {"nd": 800}}


def gap_text(gap):
    """The gap in scientific notation when it is rounding noise, so that it does not read as exactly 0."""
    return format_number(gap, 4) if not 0 < gap < 1e-3 else f"{gap:.1e}"


settings = page_setup("Numerical stability", ":material/warning:")
st.title("Numerical stability")
lesson_intro("numerics")


def page_body():
    """What the widgets change: it reruns alone when one of them moves (see ui.shell.live)."""
    st.markdown("### 1 · log 0 and the infinite loss")
    clip_controls, clip_chart = st.columns([2, 3], gap="large")
    with clip_controls:
        link_value("nq", lambda raw: parse_choice(raw, Q_OPTIONS), DEFAULT_Q)
        q_text = st.select_slider(
            "q, the probability given to the true class", Q_OPTIONS, DEFAULT_Q, key="nq", bind="query-params"
        )
        link_value("neps", lambda raw: parse_choice(raw, EPS_OPTIONS), DEFAULT_EPS)
        eps_text = st.select_slider(
            "Clipping ε: q is kept inside [ε, 1 − ε]",
            EPS_OPTIONS,
            DEFAULT_EPS,
            key="neps",
            bind="query-params",
        )
        q, eps = float(q_text), float(eps_text)
        loss = binary_cross_entropy(1.0, q, base=settings.base)
        clipped = clipped_cross_entropy(q, eps, base=settings.base)
        cap = clipped_cross_entropy(0.0, eps, base=settings.base)
        st.metric("Loss −log q", format_loss(loss, settings.units))
        st.metric("Clipped loss −log clip(q, ε, 1 − ε)", format_loss(clipped, settings.units))
        st.metric("The most clipping allows, −log ε", format_loss(cap, settings.units))
        presets(CLIP_PRESETS, columns=1)
    with clip_chart:
        chart(
            clipping_figure(eps, base=settings.base, q_true=q, presenter=settings.present),
            key="clipping_chart",
        )

    st.markdown("### 2 · Softmax overflows for large logits")
    overflow_controls, overflow_chart = st.columns([2, 3], gap="large")
    with overflow_controls:
        z = link_slider("Logit z of class A (class B gets z − 1)", "nz", 0, Z_MAX, DEFAULT_Z, 1)
        logits = np.array([z, z - 1.0])
        naive32 = naive_softmax(logits, np.float32)[0]
        naive64 = naive_softmax(logits, np.float64)[0]
        stable = stable_softmax(logits, np.float32)[0]
        st.metric("p(A), naive, in float32", format_number(naive32, 4))
        st.metric("p(A), naive, in float64", format_number(naive64, 4))
        st.metric("p(A), largest logit subtracted first", format_number(stable, 4))
        presets(OVERFLOW_PRESETS, columns=1)
    with overflow_chart:
        chart(softmax_overflow_figure(Z_MAX, z=z, presenter=settings.present), key="overflow_chart")
    small_table(softmax_overflow_table(logits), decimals=4)

    st.markdown("### 3 · Why frameworks take logits")
    gap_controls, gap_results = st.columns([2, 3], gap="large")
    with gap_controls:
        distance = link_slider("How far class B's logit sits below class A's", "nd", 0, Z_MAX, DEFAULT_GAP, 1)
        gap_logits = np.array([0.0, -float(distance)])
        result = log_of_softmax_vs_log_softmax(gap_logits)
        st.metric("log(softmax(z)) for B", format_number(result.log_of_softmax[1], 4))
        st.metric("log_softmax(z) for B", format_number(result.log_softmax[1], 4))
        st.metric("Gap between the two", gap_text(result.gap[1]))
        presets(GAP_PRESETS, columns=1)
    with gap_results:
        st.markdown("**If B is the true class, the loss is**")
        naive_loss = cross_entropy(1, softmax(gap_logits), base=settings.base)
        with_logits = cross_entropy(1, gap_logits, from_logits=True, base=settings.base)
        naive_loss_col, logits_loss_col = st.columns(2)
        naive_loss_col.metric("softmax, then log", format_loss(naive_loss, settings.units))
        logits_loss_col.metric("from the logits", format_loss(with_logits, settings.units))
        small_table(log_softmax_table(gap_logits), decimals=4)

    st.caption("Cross-entropy functions that take logits, so that they can use log_softmax inside:")
    st.code(
        "torch.nn.functional.cross_entropy(logits, labels)\n"
        "torch.nn.BCEWithLogitsLoss()(logit, label)\n"
        "tf.nn.softmax_cross_entropy_with_logits(labels, logits)\n"
        "keras.losses.CategoricalCrossentropy(from_logits=True)\n"
        "core.cross_entropy(labels, logits, from_logits=True)",
        language="python",
    )

    lesson_text(
        "numerics",
        settings,
        {
            "q": q_text,
            "eps": eps_text,
            "loss": format_loss(loss, settings.units),
            "clipped": format_loss(clipped, settings.units),
            "cap": format_loss(cap, settings.units),
            "z": z,
            "naive32": format_number(naive32, 4),
            "naive64": format_number(naive64, 4),
            "stable": format_number(stable, 4),
            "limit32": format_number(overflow_threshold(np.float32), 2),
            "limit64": format_number(overflow_threshold(np.float64), 2),
            "distance": distance,
            "log_of_softmax": format_number(result.log_of_softmax[1], 4),
            "log_softmax": format_number(result.log_softmax[1], 4),
            "naive_loss": format_loss(naive_loss, settings.units),
            "with_logits": format_loss(with_logits, settings.units),
        },
    )


live(page_body)
show_code(stable_softmax, log_softmax, clipped_cross_entropy)
share_link()
