import streamlit as st

from content.text import format_number
from core import smooth_labels
from core.variants import (
    balanced_weights,
    best_achievable_loss,
    confidence_cap,
    focal_loss,
    focal_weight,
    one_rare_class,
)
from lessons.variants import (
    LIVE_SLIDERS,
    PRESETS,
    SHARE_KEPT,
    SLIDERS,
    class_weight_sentence,
    factor_text,
    focal_factor,
    gamma_readings,
    loss_curves_by_variant,
    loss_labels,
    loss_text,
    other_classes,
    other_shares,
    percent,
    q_readings,
    smoothing_goal,
    smoothing_logit_gap,
    smoothing_optimum,
    smoothing_split,
    weight_text,
)
from lessons.variants_figures import variants_alt, variants_figure, variants_table
from ui.course import lesson_end
from ui.live_slider import live_link_slider, live_value
from ui.shell import live, page_setup, share_link
from ui.widgets import chart, lesson_text, link_slider, presets, show_code

settings = page_setup("variants")


def variant_boxes(weights, rare_share, n_classes, factor, focal_at_zero, best, cap):
    """Three boxes side by side, one per variant: its numbers at this setting and what they mean."""
    weights_box, focal_box, smoothing_box = st.columns(3, gap="medium")
    with weights_box, st.container(border=True):
        st.markdown("**Class weights**")
        st.metric("Weight of the true class", weight_text(weights[0]))
        split = other_shares(rare_share, n_classes)
        st.metric(
            "Weight of each other class", weight_text(weights[1]), help=f"{split[0].upper()}{split[1:]}."
        )
        st.caption(
            f"The true class makes up r = {percent(rare_share)} of the data, so it gets w = 1 / (K r); "
            f"{split}. Every class then adds the same total weight to the loss."
        )
    with focal_box, st.container(border=True):
        st.markdown("**Focal loss**")
        st.metric(SHARE_KEPT, factor_text(factor))
        st.metric("Focal loss at γ = 0", loss_text(focal_at_zero["focal"], settings.units))
        st.caption("At γ = 0 the factor is 1, and focal loss is exactly plain cross-entropy.")
    with smoothing_box, st.container(border=True):
        st.markdown("**Label smoothing**")
        st.metric("Best achievable loss", loss_text(best, settings.units))
        st.metric("Confidence cap", format_number(cap))
        st.caption("The loss is lowest when the true class gets this much: below 1 once ε > 0.")


def sliders():
    """The five sliders in SLIDERS' order on screen, as {key: value}. The plain ones are read first: the
    live ones (q_y, γ) send what they show at every point, which depends on all the others."""
    slots = {key: st.container() for key in SLIDERS}
    values = {}
    for key, (label, tip) in SLIDERS.items():
        if key not in LIVE_SLIDERS:
            with slots[key]:
                values[key] = link_slider(label, key, help=tip)
    q_true, gamma, n_classes = live_value("vq"), live_value("vg"), values["vk"]
    weight = balanced_weights(one_rare_class(values["vr"], n_classes))[0]
    unit = {"base": settings.base, "unit": settings.units}
    readings = {
        "vq": lambda grid: q_readings(
            grid, n_classes=n_classes, gamma=gamma, class_weight=weight, label_smoothing=values["vs"], **unit
        ),
        "vg": lambda grid: gamma_readings(grid, q_true=q_true, n_classes=n_classes, **unit),
    }
    for key in LIVE_SLIDERS:
        label, tip = SLIDERS[key]
        with slots[key]:
            values[key] = live_link_slider(label, key, readings[key], help=tip)
    return {key: values[key] for key in SLIDERS}


def page_body():
    controls, overview = st.columns([2, 3], gap="large")
    with controls:
        q_true, n_classes, gamma, rare_share, eps = sliders().values()
        presets(PRESETS)

    weights = balanced_weights(one_rare_class(rare_share, n_classes))
    options = {"n_classes": n_classes, "gamma": gamma, "class_weight": weights[0], "label_smoothing": eps}
    here = loss_curves_by_variant([q_true], **options, base=settings.base).iloc[0]
    with overview:
        labels = loss_labels(gamma, weights[0], eps)
        for row in (("cross_entropy", "focal"), ("weighted", "smoothed")):
            for column, cell in zip(row, st.columns(2), strict=True):
                cell.metric(labels[column], loss_text(here[column], settings.units))
        chart(
            variants_figure(**options, base=settings.base, q_true=q_true, presenter=settings.present),
            key="variants_chart",
            table=lambda: variants_table(q_true, **options, base=settings.base),
            alt=variants_alt(q_true, **options, base=settings.base, unit=settings.units),
        )
        st.caption(smoothing_split(n_classes, eps))

    factor = focal_weight(q_true, gamma)
    focal_at_zero = loss_curves_by_variant([q_true], **(options | {"gamma": 0.0}), base=settings.base).iloc[0]
    best = best_achievable_loss(n_classes, eps, base=settings.base)
    cap = confidence_cap(n_classes, eps)
    variant_boxes(weights, rare_share, n_classes, factor, focal_at_zero, best, cap)

    lesson_text(
        "variants",
        settings,
        {
            "q": format_number(q_true, 2),
            "k": n_classes,
            "ce": loss_text(here["cross_entropy"], settings.units),
            "focal": loss_text(here["focal"], settings.units),
            "weighted": loss_text(here["weighted"], settings.units),
            "smoothed": loss_text(here["smoothed"], settings.units),
            "gamma": format_number(gamma, 1),
            "factor": factor_text(factor),
            "focal_zero": loss_text(focal_at_zero["focal"], settings.units),
            "focal_factor": focal_factor(
                gamma,
                factor_text(factor),
                loss_text(here["focal"], settings.units),
                loss_text(here["cross_entropy"], settings.units),
                loss_text(focal_at_zero["focal"], settings.units),
            ),
            "share": percent(rare_share),
            "balanced": percent(1 / n_classes),
            "weight": weight_text(weights[0]),
            "other_weight": weight_text(weights[1]),
            "others": other_classes(n_classes),
            "other_shares": other_shares(rare_share, n_classes),
            "weight_sentence": class_weight_sentence(rare_share, n_classes),
            "smoothing_goal": smoothing_goal(n_classes, eps, base=settings.base, unit=settings.units),
            "smoothing_optimum": smoothing_optimum(n_classes, eps, base=settings.base, unit=settings.units),
            "logit_gap": smoothing_logit_gap(n_classes, eps),
            "eps": format_number(eps, 2),
            "best": loss_text(best, settings.units),
            "cap": format_number(cap),
            "smoothed_target": format_number(
                float(smooth_labels([1.0] + [0.0] * (n_classes - 1), eps)[1]), 4
            ),
        },
    )


live(page_body)
show_code(focal_loss, balanced_weights, smooth_labels)
lesson_end(settings)
share_link(settings)
