import streamlit as st

from content.text import format_loss, format_positive
from core import binary_cross_entropy_grad, binary_mse_grad
from lessons import ce_vs_mse as lesson
from lessons import ce_vs_mse_figures as figures
from lessons.binary import MSE_HELP
from lessons.predict import push_prediction
from ui.course import lesson_end
from ui.live_slider import live_link_slider
from ui.predict import predict_then_reveal, rerun_page_after_guess, waiting
from ui.shell import live, page_setup, share_link
from ui.widgets import chart, lesson_text, link_toggle, presets, show_code, small_table

settings = page_setup("ce-vs-mse")


SURE_AND_WRONG = lesson.PRESETS["q = 0.02, sure and wrong"]  # the view the prediction asks about


def page_body():
    rerun_page_after_guess("ce-vs-mse")  # the checkpoint, outside this fragment, waits for the guess
    slider_column, preset_column = st.columns([3, 2], gap="large")
    sure_and_wrong = SURE_AND_WRONG
    with slider_column:
        q = live_link_slider(
            "q, the probability given to the true class",
            "q",
            lambda grid: lesson.live_readings(
                grid,
                base=settings.base,
                unit=settings.units,
                pushes=not waiting("ce-vs-mse", sure_and_wrong, hides_answer=True),
            ),
        )
        log_scale = link_toggle("Log scale for the losses", "log")
        guess = push_prediction(sure_and_wrong)
        # its answer stays hidden until a guess is locked in
        hidden = not predict_then_reveal(
            "ce-vs-mse", *guess[:2], sure_and_wrong, lambda: guess, hides_answer=True, whole_page=True
        )
    with preset_column:
        presets(lesson.PRESETS, columns=1)

    base, unit = settings.base, settings.units
    point = lesson.comparison(q, base=base)
    ce_col, mse_col, ratio_col = st.columns(3)
    ce_col.metric("Cross-entropy", format_loss(point["cross_entropy"], unit))
    mse_col.metric("MSE (no unit)", format_positive(point["mse"]), help=MSE_HELP)
    ratio = lesson.HIDDEN_RATIO if hidden else lesson.ratio_shown(q)
    ratio_col.metric(
        "Cross-entropy's push (CE in nats) ÷ MSE's", ratio, help=lesson.HIDDEN_HELP if hidden else None
    )
    table = st.container()  # under the metrics; on a projector, under the charts, so they fit one screen

    loss_chart, gradient_chart = st.columns(2)
    with loss_chart:
        chart(
            figures.loss_figure(q, base=base, unit=unit, presenter=settings.present, log_scale=log_scale),
            key="compare_loss_chart",
            table=lambda: lesson.q_table(q, base=base, unit=unit, pushes=not hidden),
            alt=lesson.loss_alt(q, base=base, unit=unit),
        )
    if hidden:  # the pushes would answer the prediction: they wait for the guess
        gradient_chart.info(lesson.HIDDEN_CHARTS, icon=":material/visibility_off:")
    else:
        with gradient_chart:
            chart(
                figures.gradient_figure(q, presenter=settings.present),
                key="compare_gradient_chart",
                table=lambda: lesson.q_table(q, base=base, unit=unit),
                alt=lesson.gradient_alt(q),
            )
        chart(
            figures.logit_figure(q, base=base, unit=unit, presenter=settings.present),
            key="compare_logit_chart",
            table=lambda: lesson.z_table(q, base=base, unit=unit),
            alt=lesson.logit_alt(q, base=base, unit=unit),
        )
    with st.container() if settings.present else table:
        small_table(lesson.comparison_table(q, base=base, unit=unit, pushes=not hidden))

    values = lesson.lesson_values(q, base=base, unit=unit, depth=settings.depth, hidden=hidden)
    lesson_text("ce-vs-mse", settings, values)


live(page_body)
show_code(binary_cross_entropy_grad, binary_mse_grad)
lesson_end(settings, held=waiting("ce-vs-mse", SURE_AND_WRONG, hides_answer=True))
share_link(settings)
