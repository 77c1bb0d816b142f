import streamlit as st

from core import binary_cross_entropy_grad, binary_mse_grad
from core.binary_lesson import binary_gradient_figure, binary_loss_figure, binary_table
from core.compare_lesson import Q_AXIS_TITLE, comparison, comparison_table
from core.text import format_loss, format_number
from ui.shell import live, page_setup, share_link
from ui.widgets import (
    chart,
    lesson_intro,
    lesson_text,
    link_slider,
    presets,
    show_code,
    small_table,
)

DEFAULT_Q = 0.2
PRESETS = {
    "q = 0.95, sure and right": {"q": 0.95},
    "q = 0.5": {"q": 0.5},
    "q = 0.02, sure and wrong": {"q": 0.02},
}
LOSS_TITLE = "As q → 0, cross-entropy's fine grows without limit;<br>MSE's never passes 1"

settings = page_setup("Cross-entropy vs MSE", ":material/compare_arrows:")
st.title("Cross-entropy vs mean squared error")
lesson_intro("ce-vs-mse")


def page_body():
    """What the widgets change: it reruns alone when one of them moves (see ui.shell.live)."""
    slider_column, preset_column = st.columns([3, 2], gap="large")
    with slider_column:
        q = link_slider("q, the probability given to the true class", "q", 0.0, 1.0, DEFAULT_Q, 0.01)
        log_scale = st.toggle("Log scale for the losses", key="log", bind="query-params")
    with preset_column:
        presets(PRESETS, columns=1)

    point = comparison(q, base=settings.base)
    ce_col, mse_col, ratio_col = st.columns(3)
    ce_col.metric("Cross-entropy", format_loss(point["cross_entropy"], settings.units))
    mse_col.metric("MSE", format_number(point["mse"]))
    ratio_col.metric("Cross-entropy ÷ MSE", f"{format_number(point['loss_ratio'], 1)}×")
    small_table(comparison_table(q, base=settings.base, unit=settings.units))

    loss_chart, gradient_chart = st.columns(2)
    with loss_chart:
        chart(
            binary_loss_figure(
                q,
                1,
                base=settings.base,
                unit=settings.units,
                presenter=settings.present,
                log_scale=log_scale,
                symbol="q",
                x_title=Q_AXIS_TITLE,
                title=LOSS_TITLE,
            ),
            key="compare_loss_chart",
            table=lambda: binary_table(q, 1, base=settings.base),
        )
    with gradient_chart:
        chart(
            binary_gradient_figure(q, 1, presenter=settings.present, symbol="q", x_title=Q_AXIS_TITLE),
            key="compare_gradient_chart",
        )

    lesson_text(
        "ce-vs-mse",
        settings,
        {
            "q": f"{q:.2f}",
            "ce": format_loss(point["cross_entropy"], settings.units),
            "mse": format_number(point["mse"]),
            "loss_ratio": format_number(point["loss_ratio"], 1),
            "ce_grad": format_number(point["cross_entropy_grad"]),
            "mse_grad": format_number(point["mse_grad"]),
            "grad_ratio": format_number(point["grad_ratio"], 1),
        },
    )


live(page_body)
show_code(binary_cross_entropy_grad, binary_mse_grad)
share_link()
