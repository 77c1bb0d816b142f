import streamlit as st

from content.lesson_files import lesson
from content.params import parse_number
from content.text import format_gradient, format_loss, format_positive
from core import binary_cross_entropy
from core.numerics import overflow_threshold
from lessons.binary import (
    ASKED,
    CE_GRADIENT_LABEL,
    MSE_GRADIENT_LABEL,
    MSE_HELP,
    PRESETS,
    binary_gradient_alt,
    binary_gradient_figure,
    binary_gradient_table,
    binary_loss_alt,
    binary_loss_figure,
    binary_point,
    binary_readings,
    binary_table,
    binary_worked_latex,
    gradient_comparison,
    gradient_unit_note,
    zero_log_zero_note,
)
from lessons.binary_dataset import email_sum_latex, email_table, email_values
from lessons.derivations import binary_panels
from lessons.predict import binary_prediction
from ui.course import lesson_end
from ui.live_slider import live_link_slider, value_only
from ui.predict import held_note, holds_back, predict_then_reveal, rerun_page_after_guess, waiting
from ui.shell import live, page_setup, share_link
from ui.widgets import (
    chart,
    derivations,
    lesson_text,
    link_radio,
    presets,
    show_code,
    small_table,
)

LABEL_NAMES = {1: "spam", 0: "not spam"}

if "p" in st.query_params and "q" not in st.query_params:  # links made while the prediction was called p
    st.query_params["q"] = st.query_params.pop("p")
    if "q" not in st.session_state and parse_number(st.query_params["q"], low=0, high=1) is not None:
        st.session_state["q"] = parse_number(st.query_params["q"], low=0, high=1)
settings = page_setup("binary")  # after the rename above, so that it checks q


def controls(held, basic):
    """The label, the live q slider and (unless `held`, the asked view before the guess) the two losses,
    the presets and the predict box; returns y, q and the point's numbers."""
    y = link_radio("True label y", "y", horizontal=True, captions=(LABEL_NAMES[1], LABEL_NAMES[0]))
    readings = lambda grid: binary_readings(  # noqa: E731
        grid, y, base=settings.base, unit=settings.units, gradients=not basic
    )
    q = live_link_slider("Predicted probability of spam, q", "q", value_only if held else readings)
    point = binary_point(q, y, base=settings.base)
    if not held:
        ce_col, mse_col = st.columns(2)
        ce_col.metric("Cross-entropy", format_loss(point["cross_entropy"], settings.units))
        mse_col.metric("MSE (no unit)", format_positive(point["mse"]), help=MSE_HELP)
    presets(PRESETS)
    guess = binary_prediction(PRESETS[ASKED], base=settings.base, unit=settings.units)
    predict_then_reveal(
        "binary", *guess[:2], PRESETS[ASKED], lambda: guess, hides_answer=True, whole_page=True
    )
    return y, q, point


def page_body():
    rerun_page_after_guess("binary")  # the data set and the checkpoint, outside this fragment, wait for it
    basic = settings.depth == "Basic"  # Basic explains the losses; the pushes (gradients) come from Medium on
    held = holds_back("binary", PRESETS[ASKED])  # the view the question asks about, before the guess

    controls_column, loss_chart = st.columns([4, 5], gap="large")
    with controls_column:
        y, q, point = controls(held, basic)
    if held:
        loss_chart.info(held_note("its loss, its chart and the computation"), icon=":material/help:")
        return
    with loss_chart:
        chart(
            binary_loss_figure(q, y, base=settings.base, unit=settings.units, presenter=settings.present),
            key="binary_loss_chart",
            table=lambda: binary_table(q, y, base=settings.base, unit=settings.units),
            alt=binary_loss_alt(q, y, base=settings.base, unit=settings.units),
        )

    if point["cross_entropy"] == float("inf"):
        st.error(
            "The filter gave the true label a probability of exactly 0. log 0 is minus infinity, so the loss "
            "is infinite, and one such answer makes the average over any data set infinite too. That is why "
            "libraries clip probabilities or, better, work from logits.",
            icon=":material/all_inclusive:",
        )

    worked, gradient_chart = st.columns([4, 5], gap="large")
    with worked:
        st.markdown("#### The computation, with your numbers")
        st.latex(binary_worked_latex(q, y, units=settings.units))
        if note := zero_log_zero_note(q, y):
            st.caption(note)
        if not basic:
            ce_grad_col, mse_grad_col = st.columns(2)
            ce_grad_col.metric(CE_GRADIENT_LABEL, format_gradient(point["cross_entropy_grad"]))
            mse_grad_col.metric(MSE_GRADIENT_LABEL, format_gradient(point["mse_grad"]))
            if note := gradient_unit_note(settings.units):
                st.caption(note)
    if not basic:
        with gradient_chart:
            chart(
                binary_gradient_figure(q, y, presenter=settings.present, unit=settings.units),
                key="binary_gradient_chart",
                table=lambda: binary_gradient_table(q, y),
                alt=binary_gradient_alt(q, y, unit=settings.units),
            )

    right = binary_point(0.9, 1, base=settings.base)["cross_entropy"]
    wrong = binary_point(0.1, 1, base=settings.base)["cross_entropy"]
    lesson_text(
        "binary",
        settings,
        {
            "q": f"{q:.2f}",
            "y": y,
            "label_name": LABEL_NAMES[y],
            "fine": "ℓ" if settings.units == "nats" else r"$\ell_{\text{bits}}$",  # ℓ is in nats (the card)
            "loss": format_loss(point["cross_entropy"], settings.units),
            "mse": format_positive(point["mse"]),
            "loss_right": format_loss(right, settings.units),
            "loss_wrong": format_loss(wrong, settings.units),
            "ce_grad": format_gradient(point["cross_entropy_grad"]),
            "mse_grad": format_gradient(point["mse_grad"]),
            "grad_comparison": gradient_comparison(q, y),
            "exp_edge": f"{overflow_threshold():.1f}",
        },
    )
    derivations(settings, binary_panels(q, y, base=settings.base, unit=settings.units))


live(page_body)
st.markdown("#### One prediction → a data set")
waits = waiting("binary", PRESETS[ASKED], hides_answer=True)  # a real email sure to be spam is in the data
if waits:
    st.caption(
        "The data set's losses open once you lock in a guess in **Predict, then reveal**: one of its emails "
        "would answer it."
    )
else:
    st.markdown(lesson("binary", "A data set", email_values(base=settings.base, unit=settings.units)))
    small_table(email_table(base=settings.base, unit=settings.units))
    st.latex(email_sum_latex(base=settings.base, unit=settings.units))
show_code(binary_cross_entropy)
lesson_end(settings, held=waits)
share_link(settings)
