import streamlit as st

from content.lesson_files import lesson
from content.text import escape_markdown
from core.lab_data import make_data
from core.mlp import backward, forward
from core.race import race
from core.training import LOSS_LABELS, LOSSES
from lessons.predict import race_prediction, race_question
from lessons.race_text import figure_title, headline
from lessons.training import (
    ASKED,
    ASKED_ELSEWHERE,
    CONTROL_HELP,
    DEFAULT_PRESET,
    PRESETS,
    TARGET,
    alt_text,
    lesson_values,
    near_the_asked_start,
    race_settings,
    run_metrics,
)
from lessons.training_figures import (
    RUN_COLOURS,
    planned_steps,
    race_grid_table,
    training_figure,
    training_table,
)
from ui.course import lesson_end
from ui.predict import held_note, holds_back, predict_then_reveal
from ui.screen import on_a_phone
from ui.shell import live, page_setup, share_link
from ui.widgets import (
    chart,
    lesson_text,
    link_radio,
    link_select_slider,
    link_slider,
    link_toggle,
    presets,
    show_code,
    small_table,
)

# Our own constant CSS from the palette, never user text: each run's numbers wear its colour.
RUN_CSS = "".join(
    f".st-key-{name}_numbers {{ border-left: 6px solid {colour}; padding-left: 0.8rem; }}"
    f".st-key-{name}_numbers [data-testid='stMetricValue'] {{ color: {colour}; }}"
    for name, colour in RUN_COLOURS.items()
)


@st.cache_resource(max_entries=16, show_spinner="Training both models at every learning rate…")
def training_race(
    shape, n_classes, overlap, seed, width, activation, fair, learning_rate, steps, init, decay
):
    """The race for these settings, computed once and shared read-only (a resource: no copy per rerun)."""
    X, y, X_test, y_test = make_data(shape, n_classes, overlap, seed)
    keep = planned_steps(steps, hidden=bool(width))  # the only parameters kept: the animation's steps
    settings = {"steps": steps, "width": width, "activation": activation, "init_scale": init, "seed": seed}
    settings |= {"weight_decay": decay, "test": (X_test, y_test), "keep": keep}
    return X, y, race(X, y, fair=fair, learning_rate=learning_rate, target=TARGET, **settings)


@st.cache_resource(max_entries=16, show_spinner=False)
def training_chart(chosen, presenter, phone, base, unit):
    """The figure, its table and its alt sentence for one race, in the page's unit."""
    X, y, result = training_race(*chosen)
    title, look = figure_title(result), {"presenter": presenter, "phone": phone}
    return {
        "figure": training_figure(X, y, result.runs, title=title, base=base, unit=unit, **look),
        "table": training_table(result.runs, base=base, unit=unit),
        "alt": alt_text(result, unit),
    }


def race_answer():
    """Predict, then reveal: the race at the asked preset, beside the default preset's."""
    result, default = (training_race(*race_settings(PRESETS[name]))[2] for name in (ASKED, DEFAULT_PRESET))
    return race_prediction(
        PRESETS[ASKED],
        result,
        preset=ASKED,
        headline=headline(result),
        default_preset=DEFAULT_PRESET,
        default_headline=headline(default),
    )


settings = page_setup("training")


def data_controls():
    """The data set's controls; their values by link key."""
    shape = link_radio("Data set", "data", horizontal=True)
    blobs_only = shape != "Blobs"
    n_classes = link_radio(
        "Number of classes (blobs only)", "k", horizontal=True, disabled=blobs_only, help=CONTROL_HELP["k"]
    )
    overlap = link_slider("Overlap between the classes", "overlap", help=CONTROL_HELP["overlap"])
    seed = link_slider("Seed", "seed", help=CONTROL_HELP["seed"])
    return {"data": shape, "k": n_classes, "overlap": overlap, "seed": seed}


def model_controls():
    """The model's controls; their values by link key."""
    hidden = link_toggle("A hidden layer", "hidden")
    width = link_slider("Hidden units", "width", disabled=not hidden, help=CONTROL_HELP["width"])
    activation = link_radio("Activation", "act", horizontal=True, disabled=not hidden)
    init_scale = link_slider("Initial weight scale", "init", help=CONTROL_HELP["init"])
    return {"hidden": hidden, "width": width, "act": activation, "init": init_scale}


def training_controls():
    """The training's controls; their values by link key."""
    fair = link_toggle("Fair race", "fair", help=CONTROL_HELP["fair"])
    rate_label = "Shared learning rate" if not fair else "Shared learning rate (for comparison)"
    learning_rate = link_select_slider(rate_label, "lr", help=CONTROL_HELP["lr"])
    steps = link_slider("Gradient-descent steps", "steps")
    decay = link_select_slider("Weight decay λ", "wd", help=CONTROL_HELP["wd"])
    return {"fair": fair, "lr": learning_rate, "steps": steps, "wd": decay}


GROUPS = {"The data": data_controls, "The model": model_controls, "The training": training_controls}


def controls(phone):
    """Data, model and training side by side, then the presets; on a phone one tab each, so that the chart
    follows close under them. Every control's value by link key."""
    boxes = st.tabs([*GROUPS, "Presets"]) if phone else st.columns(len(GROUPS) + 1, gap="medium")
    values = {}
    for box, (heading, group) in zip(boxes, GROUPS.items(), strict=False):
        with box:
            if not phone:
                st.markdown(f"##### {heading}")
            values |= group()
    with boxes[-1]:
        presets(PRESETS, columns=1)
    return values


def run_numbers(result):
    """Each run's numbers in two columns of its own colour: cross-entropy's, then MSE's."""
    st.html(f"<style>{RUN_CSS}</style>")
    for column, name in zip(st.columns(2, gap="large"), LOSSES, strict=True):
        with column, st.container(key=f"{name}_numbers"):
            st.markdown(f"**Trained with {LOSS_LABELS[name]}**")
            sides = st.columns(2)
            for index, (label, value, tip) in enumerate(run_metrics(result, name)):
                sides[index % 2].metric(label, value, help=tip)


def race_grid(result, values):
    """Every learning rate the fair race tried, in an expander whose table is built only when opened."""
    tried = st.expander(
        "Every learning rate the fair race tried",
        icon=":material/table:",
        key="race_grid",
        on_change="rerun",
    )
    if tried.open:
        tried.caption(lesson("training", "Race grid note", values))
        with tried:
            small_table(race_grid_table(result))


def page_body():
    phone = on_a_phone() and not settings.present
    # a projector: the race first, above its controls; a phone: right under them, on the same screen
    first, values, under_controls = st.container(), controls(phone), st.container()
    question = race_question(PRESETS[ASKED], preset=ASKED, target=TARGET)
    held = holds_back("training", PRESETS[ASKED], near=near_the_asked_start)  # before the guess, it waits
    predict_then_reveal(
        "training",
        *question,
        PRESETS[ASKED],
        race_answer,
        hides_answer=True,
        asked_here=held or values == PRESETS[DEFAULT_PRESET],
        elsewhere=ASKED_ELSEWHERE,
    )
    if held:
        what = "its race, its numbers and the text about them"
        st.info(held_note(what, near=values != PRESETS[ASKED]), icon=":material/help:")
        return
    race_box = first if settings.present else under_controls if phone else st.container()
    chosen = race_settings(values)
    try:
        result = training_race(*chosen)[2]
        view = training_chart(chosen, settings.present, phone, settings.base, settings.units)
    except ValueError as error:
        st.warning(f"These settings cannot be trained: {escape_markdown(error, max_length=200)}")
        return
    with race_box:
        chart(view["figure"], key="training_chart", table=lambda: view["table"], alt=view["alt"])
        st.caption(lesson("training", "Player note"))
        run_numbers(result)
    if settings.units != "nats":
        st.caption(lesson("training", "Gradients in nats"))
    words = lesson_values(result, base=settings.base, unit=settings.units, data=values["data"])
    if values["fair"]:
        race_grid(result, words)
    lesson_text("training", settings, words)


live(page_body)
show_code(race, forward, backward)
lesson_end(settings)
share_link(settings)
