import numpy as np
import streamlit as st

import catalogue
from content.text import format_loss, format_number
from core import binary_cross_entropy, cross_entropy, log_softmax, softmax
from core.numerics import (
    FLOAT_NAMES,
    FLOAT_TYPES,
    clipped_cross_entropy,
    double_softmax_floor,
    double_softmax_loss,
    log_of_softmax_vs_log_softmax,
    log_zero_at,
    overflow_results,
    overflow_threshold,
    precision_lost_at,
    stable_softmax,
)
from lessons.numerics import clipping_effect, double_softmax_sentence, gap_sentence, overflow_sentence
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

Z_MAX = catalogue.page("numerics").param("nz").high  # the catalogue holds every slider's range and default
LOST_AT, ZERO_AT = precision_lost_at(max_distance=Z_MAX), log_zero_at(max_distance=Z_MAX)
NAN = "NaN (not a number)"  # NaN is this lesson's subject, so the page names it
CLIP_PRESETS = {
    "q = 0: certain and wrong": {"nq": "0"},
    "q = 1e-12: below c": {"nq": "1e-12", "neps": "1e-7"},
    "q = 0.5: untouched": {"nq": "0.5"},
}
OVERFLOW_PRESETS = {
    "z = 10: all agree": {"nz": 10},
    "z = 12: float16 breaks": {"nz": 12},
    "z = 100: float32 breaks": {"nz": 100},
    "z = 800: float64 breaks": {"nz": 800},
}
GAP_PRESETS = {
    "50 below: all agree": {"nd": 50},
    f"{LOST_AT} below: digits lost": {"nd": LOST_AT},
    "800 below: log 0": {"nd": 800},
}
# Cross-entropy in the libraries a learner will use: which take logits, which take probabilities.
FRAMEWORKS = """# These take logits and use log-softmax (or log-sigmoid) inside: stable.
torch.nn.functional.cross_entropy(logits, labels)  # = torch.nn.CrossEntropyLoss
torch.nn.BCEWithLogitsLoss()(logit, label)
tf.nn.softmax_cross_entropy_with_logits(labels, logits)
keras.losses.CategoricalCrossentropy(from_logits=True)
core.cross_entropy(labels, logits, from_logits=True)

# These take probabilities, and clip or clamp to avoid log 0.
# Keras: from_logits=False is the default; q is clipped to [1e-7, 1 - 1e-7].
keras.losses.CategoricalCrossentropy()(labels, q)
# PyTorch: the log is clamped at -100, so one sample costs at most 100 nats.
torch.nn.BCELoss()(q, label)

# The double-softmax mistake: softmax outputs passed where logits belong.
torch.nn.functional.cross_entropy(torch.softmax(logits, dim=1), labels)"""


def gap_text(gap):
    """The gap in scientific notation when it is rounding noise, so that it does not read as exactly 0."""
    return format_number(gap, 4) if not 0 < gap < 1e-3 else f"{gap:.1e}"


settings = page_setup("numerics")


def page_body():
    unit, base = settings.units, settings.base
    st.markdown("### 1 · log 0 and the infinite loss")
    clip_controls, clip_chart = st.columns([2, 3], gap="large")
    with clip_controls:
        q_text = link_select_slider("q, the probability given to the true class", "nq")
        clip_text = link_select_slider("Clip level c: q is kept inside [c, 1 − c]", "neps")
        q, c = float(q_text), float(clip_text)
        loss = binary_cross_entropy(1.0, q, base=base)
        clipped = clipped_cross_entropy(q, c, base=base)
        cap = clipped_cross_entropy(0.0, c, base=base)
        st.metric("Loss −log q", format_loss(loss, unit))
        st.metric("Clipped loss −log clip(q, c, 1 − c)", format_loss(clipped, unit))
        st.metric("The most clipping allows, −log c", format_loss(cap, unit))
        presets(CLIP_PRESETS, columns=1)
    with clip_chart:
        chart(
            clipping_figure(c, base=base, q_true=q, presenter=settings.present),
            key="clipping_chart",
            table=lambda: clipping_table(c, base=base, unit=unit),
            alt=clipping_alt(q, c, base=base, unit=unit),
        )

    st.markdown("### 2 · Softmax overflows for large logits")
    overflow_controls, overflow_chart = st.columns([2, 3], gap="large")
    with overflow_controls:
        z = link_slider("Logit z of class A (class B gets z − 1)", "nz")
        logits = np.array([z, z - 1.0])
        naive = overflow_results(z)
        stable = stable_softmax(logits, np.float32)[0]
        for name, value in naive.items():
            st.metric(f"q(A), naive, in {name}", format_number(value, 4, nan=NAN))
        st.metric("q(A), largest logit subtracted first", format_number(stable, 4))
        presets(OVERFLOW_PRESETS, columns=1)
    with overflow_chart:
        chart(
            softmax_overflow_figure(Z_MAX, z=z, presenter=settings.present),
            key="overflow_chart",
            table=lambda: overflow_chart_table(Z_MAX, z),
            alt=overflow_alt(z, Z_MAX),
        )
    small_table(softmax_overflow_table(logits), decimals=4, nan=NAN)

    st.markdown("### 3 · Why cross-entropy functions prefer logits")
    gap_controls, gap_results = st.columns([2, 3], gap="large")
    with gap_controls:
        distance = link_slider("How far class B's logit sits below class A's", "nd")
        gap_logits = np.array([0.0, -float(distance)])
        result = log_of_softmax_vs_log_softmax(gap_logits)
        st.metric("log(softmax(z)) for B", format_number(result.log_of_softmax[1], 4))
        st.metric("log_softmax(z) for B", format_number(result.log_softmax[1], 4))
        st.metric("Gap between the two", gap_text(result.gap[1]))
        presets(GAP_PRESETS, columns=1)
    with gap_results:
        st.markdown("**If B is the true class, the loss is**")
        naive_loss = cross_entropy(1, softmax(gap_logits), base=base)
        with_logits = cross_entropy(1, gap_logits, from_logits=True, base=base)
        double = double_softmax_loss(gap_logits, 1, base=base)
        naive_loss_col, logits_loss_col = st.columns(2)
        naive_loss_col.metric("softmax, then log", format_loss(naive_loss, unit))
        logits_loss_col.metric("from the logits", format_loss(with_logits, unit))
        st.metric("softmax fed in as logits (the double-softmax mistake)", format_loss(double, unit))
        small_table(log_softmax_table(gap_logits), decimals=4, nan=NAN)

    st.caption("Cross-entropy in the libraries: which functions take logits, which take probabilities")
    st.code(FRAMEWORKS, language="python", wrap_lines=True)  # a phone reads every comment without scrolling

    thresholds = {FLOAT_NAMES[kind]: overflow_threshold(kind) for kind in FLOAT_TYPES}
    lesson_text(
        "numerics",
        settings,
        {
            "q": q_text,
            "c": clip_text,
            "loss": format_loss(loss, unit),
            "clipped": format_loss(clipped, unit),
            "cap": format_loss(cap, unit),
            "clip_effect": clipping_effect(q, c, base=base, unit=unit),
            "z": z,
            "overflow": overflow_sentence(z),
            "stable": format_number(stable, 4),
            "limit16": format_number(thresholds["float16"], 2),
            "limit32": format_number(thresholds["float32"], 2),
            "limit64": format_number(thresholds["float64"], 2),
            "distance": distance,
            "gap_sentence": gap_sentence(distance),
            "lost_at": LOST_AT,
            "zero_at": ZERO_AT,
            "naive_loss": format_loss(naive_loss, unit),
            "with_logits": format_loss(with_logits, unit),
            "double": double_softmax_sentence(gap_logits, 1, base=base, unit=unit),
            "double_floor": format_loss(double_softmax_floor(2, base=base), unit),
            "keras_cap": format_loss(clipped_cross_entropy(0.0, 1e-7, base=base), unit),
            "torch_cap": format_loss(100 / np.log(base), unit),
        },
    )


live(page_body)
show_code(stable_softmax, log_softmax, clipped_cross_entropy)
lesson_end(settings)
share_link(settings)
