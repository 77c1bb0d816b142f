import numpy as np
import streamlit as st

from content.lesson_files import lesson
from content.params import parse_choice
from content.text import escape_markdown, format_loss, format_number
from core import cross_entropy, softmax
from core.activations import renormalise
from lessons import palette
from lessons.binary import LOG_NAMES
from lessons.derivations import multiclass_panels
from lessons.multiclass import (
    DEFAULT_CLASSES,
    MODE_SLIDERS,
    holds_back_the_rule,
    lesson_values,
    mse_help,
    multiclass_point,
    parse_class_names,
    predicted_label,
)
from lessons.multiclass_detailed import one_hot_index
from lessons.multiclass_figures import (
    contributions_alt,
    contributions_figure,
    contributions_table,
    distribution_alt,
    distribution_figure,
    distribution_table,
    gradient_alt,
    gradient_figure,
    gradient_table,
)
from lessons.multiclass_sliders import (
    ASKED,
    PRESETS,
    prediction_readings,
    soft_target,
    switched_sliders,
    target_readings,
)
from lessons.predict import multiclass_prediction
from ui.course import lesson_end
from ui.live_grid import forget_grid, live_slider_grid
from ui.predict import held_note, holds_back, predict_then_reveal, rerun_page_after_guess, waiting
from ui.shell import live, page_setup, share_link
from ui.widgets import (
    chart,
    derivations,
    keep_in_link,
    lesson_text,
    link_radio,
    link_slider,
    link_text_input,
    presets,
    restore_from_link,
    show_code,
)

MODES = {"logits": "scores through softmax(z / T)", "probabilities": "weights, divided by their sum"}
TARGETS = {"one-hot": "one true class", "soft": "soft labels"}


def switch_mode(n_classes):
    """Keep the distribution when the mode changes: probabilities q, or logits z = T log q."""
    st.session_state.update(switched_sliders(st.session_state["mode"], st.session_state, n_classes))
    st.session_state["mode_by_radio"] = True


settings = page_setup("multiclass")


def class_names():
    """The class names the learner typed, or dog, cat, rabbit with a warning when they make no sense."""
    names_text = link_text_input("Class names, separated by commas", "classes", max_chars=300)
    try:
        return parse_class_names(names_text)
    except ValueError as error:
        st.warning(f"{escape_markdown(str(error), max_length=200)}. Using dog, cat, rabbit.")
        return list(DEFAULT_CLASSES)


def weighted_prediction(names):
    """q from one weight slider per class, divided by their sum (uniform while every weight is 0), and the
    function that draws the sliders."""
    weights, draw = live_slider_grid("q", names, label="weight · {name}")
    try:
        q, renormalised = renormalise(weights)
    except ValueError:
        st.warning(lesson("multiclass", "Weights all zero", {"k": len(names)}))
        q, renormalised = np.full(len(names), 1 / len(names)), False  # nothing was divided
    if renormalised:
        sum_text = format_number(weights.sum(), 2)
        st.info(lesson("multiclass", "Weights divided", {"sum": sum_text}), icon=":material/balance:")
    return q, draw


def prediction_controls(names):
    """The mode radio and its sliders; returns the mode, the prediction q, the temperature T and the function
    that draws the prediction's sliders once the target is known."""
    mode = link_radio(
        "Set the prediction with",
        "mode",
        horizontal=True,
        captions=tuple(MODES.values()),
        on_change=switch_mode,
        args=(len(names),),
    )
    by_radio = st.session_state.pop("mode_by_radio", False)
    if st.session_state.get("mode_before", mode) != mode:  # a preset or the radio changed what sliders set
        notice = "Mode switched" if by_radio else "Mode set by an example"
        st.info(lesson("multiclass", notice, {"what": MODE_SLIDERS[mode]}), icon=":material/tune:")
    st.session_state["mode_before"] = mode
    if mode == "logits":
        temperature = link_slider(
            "Temperature T",
            "temp",
            help="softmax(z / T): T < 1 sharpens the distribution, T > 1 flattens it.",
        )
        forget_grid("q")
        logits, draw = live_slider_grid("z", names, label="logit z · {name}")
        return mode, softmax(logits, temperature=temperature), temperature, draw
    # q set directly: the gradients use the logits z = log q, at T = 1
    forget_grid("z")
    q, draw = weighted_prediction(names)
    return mode, q, 1.0, draw


def target_controls(names):
    """The target radio and its controls; returns the target p, the true class's index (None if soft) and the
    function that draws the soft target's sliders once the smoothing is known (None for one true class)."""
    target_mode = link_radio("Target", "target", horizontal=True, captions=tuple(TARGETS.values()))
    if target_mode == "one-hot":
        # Names are shown escaped, so the URL keeps the raw name by hand rather than through bind.
        restore_from_link("true", lambda raw: parse_choice(raw, names), names[0])
        if st.session_state.get("true") not in names:
            st.session_state["true"] = names[0]
        true_name = st.radio("True class", names, key="true", horizontal=True, format_func=escape_markdown)
        keep_in_link("true", true_name, names[0])
        true_index = names.index(true_name)
        forget_grid("t")
        return np.eye(len(names))[true_index], true_index, None
    soft, draw = live_slider_grid("t", names, label="target weight · {name}", colour=palette.TARGET)
    if not soft.any():
        st.warning(lesson("multiclass", "Target weights all zero"))
    target = soft_target(soft)
    return target, one_hot_index(target), draw  # a soft target with all its weight on one class is one-hot


def results(names, q, point, true_index, *, smoothing, revealed, held):
    """The losses and the predicted class, then the three charts; the contributions chart waits while it
    would answer the predict box's open question, and in the view it asks about (`held`, before the guess)
    the loss and the pushes wait too."""
    unit = settings.units
    if held:
        st.info(
            held_note(
                "its loss, the charts of where the loss comes from and of the pushes, and the lesson's text"
            ),
            icon=":material/help:",
        )
    loss_col, mse_col = st.columns(2)
    if not held:
        loss_col.metric("Cross-entropy", format_loss(point["cross_entropy"], unit))
    mse_col.metric(
        "MSE (no unit)",
        format_number(point["mse"]),
        help=mse_help(point["target_symbol"]),
    )
    uniform_col, class_col = st.columns(2)
    uniform_col.metric(f"Uniform guess: {LOG_NAMES[unit]} {len(names)}", format_loss(point["uniform"], unit))
    predicted, tied = predicted_label(names, q)
    class_col.metric("Predicted class", predicted, help=tied)
    chart(
        distribution_figure(
            names, q, point["target"], true_index, symbol=point["target_symbol"], presenter=settings.present
        ),
        key="distribution_chart",
        table=lambda: distribution_table(names, q, point),
        alt=distribution_alt(names, q, point["target"], point["target_symbol"]),
    )
    if held:
        return
    if holds_back_the_rule(true_index, smoothing, revealed):
        st.info(lesson("multiclass", "Contributions wait"), icon=":material/visibility_off:")
    else:
        chart(
            contributions_figure(
                names,
                point["terms"],
                true_index,
                unit=unit,
                symbol=point["target_symbol"],
                presenter=settings.present,
            ),
            key="contributions_chart",
            table=lambda: contributions_table(names, q, point, unit),
            alt=contributions_alt(names, point, unit),
        )
    chart(
        gradient_figure(names, point, unit=unit, presenter=settings.present),
        key="gradient_chart",
        table=lambda: gradient_table(names, point, unit),
        alt=gradient_alt(names, point, unit),
    )


def page_body():
    rerun_page_after_guess("multiclass")  # the checkpoint, outside this fragment, waits for the guess
    unit = settings.units
    held = holds_back("multiclass", PRESETS[ASKED])  # the view the question asks about, before the guess
    controls, charts_column = st.columns([2, 3], gap="large")
    with controls:
        names = class_names()
        mode, q, temperature, draw_prediction = prediction_controls(names)
        target, true_index, draw_target = target_controls(names)
        smoothing = link_slider("Label smoothing ε", "smooth", help="The target becomes (1 − ε)·p + ε/K.")
        units = {"smoothing": smoothing, "base": settings.base, "unit": unit}
        if draw_target is not None:
            held_q = tuple(q.tolist())
            draw_target(lambda index, values, grid: target_readings(values, index, grid, held_q, **units))
        draw_prediction(
            lambda index, values, grid: (
                prediction_readings(
                    mode,
                    values,
                    index,
                    grid,
                    tuple(target.tolist()),
                    temperature=temperature,
                    **units,
                )
                | ({"readouts": ()} if held else {})
            )  # the shares only: the loss waits for the guess
        )
        presets(PRESETS)
        guess = multiclass_prediction(PRESETS[ASKED], base=settings.base, unit=unit)
        revealed = predict_then_reveal(
            "multiclass", *guess[:2], PRESETS[ASKED], lambda: guess, hides_answer=True, whole_page=True
        )
    point = multiclass_point(
        target, q, label_smoothing=smoothing, temperature=temperature, base=settings.base
    )
    with charts_column:
        results(names, q, point, true_index, smoothing=smoothing, revealed=revealed, held=held)
    if held:
        return

    values = lesson_values(
        names, q, point, true_index=true_index, smoothing=smoothing, mode=mode, unit=unit, revealed=revealed
    )
    lesson_text("multiclass", settings, values)
    derivations(
        settings,
        multiclass_panels(q, target, smoothing=smoothing, temperature=temperature, unit=unit),
        held=not revealed,  # the derivations answer the predict box, whatever the target
    )


live(page_body)
show_code(softmax, cross_entropy)
lesson_end(settings, held=waiting("multiclass", PRESETS[ASKED], hides_answer=True))
share_link(settings)
