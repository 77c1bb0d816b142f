import numpy as np
import streamlit as st

import catalogue
from content.params import parse_choice
from content.text import escape_markdown, format_loss, format_number
from core import cross_entropy, softmax
from core.activations import renormalise
from lessons.derivations import multiclass_panels
from lessons.multiclass import (
    DEFAULT_CLASSES,
    contributions_alt,
    contributions_figure,
    contributions_table,
    distribution_alt,
    distribution_figure,
    distribution_table,
    gradient_alt,
    gradient_figure,
    gradient_table,
    lesson_values,
    logits_for,
    multiclass_point,
    one_hot_index,
    parse_class_names,
)
from lessons.predict import multiclass_prediction
from ui.course import lesson_end
from ui.predict import predict_then_reveal
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
    slider_grid,
)

LINK = catalogue.page("multiclass")  # every slider's range and default
DEFAULT_LOGITS, DEFAULT_WEIGHTS = LINK.param("z0").default, LINK.param("q0").default
DEFAULT_TEMPERATURE = LINK.param("temp").default
MODES = {"logits": "scores through softmax(z / T)", "probabilities": "weights, divided by their sum"}
TARGETS = {"one-hot": "one true class", "soft": "soft labels"}


def probability_preset(weights, true_class):
    """A preset in probability mode for dog, cat, rabbit."""
    values = {
        "classes": ",".join(DEFAULT_CLASSES),
        "mode": "probabilities",
        "target": "one-hot",
        "true": true_class,
        "smooth": 0.0,
        "temp": 1.0,
    }
    return values | {f"q{index}": weight for index, weight in enumerate(weights)}


PRESETS = {
    "[0.8, 0.1, 0.1]": probability_preset([0.8, 0.1, 0.1], "dog"),
    "70 % dog, is a cat": probability_preset([0.7, 0.2, 0.1], "cat"),
    "Perfect": probability_preset([1.0, 0.0, 0.0], "dog"),
    # Equal logits, so that softmax gives exactly 1/3 each (weights of 0.33 would add up to 0.99).
    "Uniform": probability_preset([], "dog") | {"mode": "logits", "z0": 0.0, "z1": 0.0, "z2": 0.0},
    "Confidently wrong": probability_preset([0.98, 0.01, 0.01], "rabbit"),
}


def prediction_in(mode, n_classes):
    """The distribution the learner set with the sliders of `mode`."""
    if mode == "logits":
        logits = [st.session_state.get(f"z{index}", DEFAULT_LOGITS[index]) for index in range(n_classes)]
        return softmax(logits, temperature=st.session_state.get("temp", DEFAULT_TEMPERATURE))
    weights = [st.session_state.get(f"q{index}", DEFAULT_WEIGHTS[index]) for index in range(n_classes)]
    return renormalise(weights)[0]


def switch_mode(n_classes):
    """Keep the distribution when the mode changes: probabilities q, or logits z = T log q."""
    previous = "probabilities" if st.session_state["mode"] == "logits" else "logits"
    q = prediction_in(previous, n_classes)
    if previous == "logits":
        st.session_state.update({f"q{index}": round(float(value), 2) for index, value in enumerate(q)})
    else:
        z = logits_for(q, st.session_state.get("temp", DEFAULT_TEMPERATURE))
        st.session_state.update({f"z{index}": round(float(value), 2) for index, value in enumerate(z)})


settings = page_setup("multiclass")


def page_body():
    controls, charts_column = st.columns([2, 3], gap="large")
    with controls:
        names_text = link_text_input("Class names, separated by commas", "classes", max_chars=300)
        try:
            names = parse_class_names(names_text)
        except ValueError as error:
            st.warning(f"{escape_markdown(str(error), max_length=200)}. Using dog, cat, rabbit.")
            names = list(DEFAULT_CLASSES)
        n_classes = len(names)

        mode = link_radio(
            "Set the prediction with",
            "mode",
            horizontal=True,
            captions=tuple(MODES.values()),
            on_change=switch_mode,
            args=(n_classes,),
        )
        if mode == "logits":
            temperature = link_slider(
                "Temperature T",
                "temp",
                help="softmax(z / T): T < 1 sharpens the distribution, T > 1 flattens it.",
            )
            logits = slider_grid("z", names, label="logit z · {name}")
            q = softmax(logits, temperature=temperature)
        else:
            temperature = 1.0  # q set directly: the gradients use the logits z = log q, at T = 1
            weights = slider_grid("q", names, label="weight · {name}")
            try:
                q, renormalised = renormalise(weights)
            except ValueError:
                st.warning("Every weight is 0, so there is no prediction yet: the page uses a uniform guess.")
                q, renormalised = np.full(n_classes, 1 / n_classes), True
            if renormalised:
                st.info(
                    f"Your weights add up to {format_number(weights.sum(), 2)}, not 1, so they were divided "
                    "by that sum to make a distribution (the bars show the result).",
                    icon=":material/balance:",
                )

        target_mode = link_radio(
            "Target",
            "target",
            horizontal=True,
            captions=tuple(TARGETS.values()),
        )
        if target_mode == "one-hot":
            # Names are shown escaped, so the URL keeps the raw name by hand rather than through bind.
            restore_from_link("true", lambda raw: parse_choice(raw, names), names[0])
            if st.session_state.get("true") not in names:
                st.session_state["true"] = names[0]
            true_name = st.radio(
                "True class", names, key="true", horizontal=True, format_func=escape_markdown
            )
            keep_in_link("true", true_name, names[0])
            true_index = names.index(true_name)
            target = np.eye(n_classes)[true_index]
        else:
            true_index = None
            soft = slider_grid("t", names, label="target weight · {name}")
            try:
                target = renormalise(soft)[0]
            except ValueError:
                st.warning("Every target weight is 0: the page uses the first class as the truth.")
                target = np.eye(n_classes)[0]
            true_index = one_hot_index(target)  # a soft target with all its weight on one class is one-hot
        smoothing = link_slider("Label smoothing ε", "smooth", help="The target becomes (1 − ε)·p + ε/K.")
        presets(PRESETS)
        guess = multiclass_prediction(PRESETS["70 % dog, is a cat"], base=settings.base, unit=settings.units)
        predict_then_reveal("multiclass", *guess[:2], PRESETS["70 % dog, is a cat"], lambda: guess)

    point = multiclass_point(
        target, q, label_smoothing=smoothing, temperature=temperature, base=settings.base
    )
    unit = settings.units
    with charts_column:
        loss_col, mse_col = st.columns(2)
        loss_col.metric("Cross-entropy", format_loss(point["cross_entropy"], unit))
        mse_col.metric("MSE (mean over the classes, no unit)", format_number(point["mse"]))
        uniform_col, class_col = st.columns(2)
        uniform_col.metric(f"Uniform guess: log {n_classes}", format_loss(point["uniform"], unit))
        predicted = point["predicted_class"]
        class_col.metric("Predicted class", f"{names[predicted][:16]} · {q[predicted]:.0%}")
        chart(
            distribution_figure(names, q, point["target"], true_index, presenter=settings.present),
            key="distribution_chart",
            table=lambda: distribution_table(names, q, point),
            alt=distribution_alt(names, q, point["target"]),
        )
        chart(
            contributions_figure(names, point["terms"], true_index, unit=unit, presenter=settings.present),
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

    values = lesson_values(names, q, point, true_index=true_index, smoothing=smoothing, mode=mode, unit=unit)
    lesson_text("multiclass", settings, values)
    derivations(
        settings, multiclass_panels(q, target, smoothing=smoothing, temperature=temperature, unit=unit)
    )


live(page_body)
show_code(softmax, cross_entropy)
lesson_end(settings)
share_link(settings)
