import streamlit as st

import catalogue
from content.text import escape_markdown
from core.lab_data import SHAPE_LABELS, make_data
from core.mlp import backward, forward
from core.race import race
from core.training import LOSS_LABELS, LOSSES
from lessons import palette
from lessons.predict import race_prediction, race_question
from lessons.training import alt_text, figure_title, headline, lesson_values
from lessons.training_figures import figure_steps, race_grid_table, training_figure, training_table
from ui.course import lesson_end
from ui.predict import predict_then_reveal
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

TARGET = 0.9
SHAPES = {label: shape for shape, label in SHAPE_LABELS.items()}  # what the radio shows: what core calls it
ACTIVATIONS = {"tanh": "tanh", "ReLU": "relu"}
# The presets' starting point: every control at its catalogue default (ranges and defaults live there).
DEFAULTS = {param.name: param.default for param in catalogue.page("training").params}
GENTLE = {"init": 1.0}
PRESETS = {
    "Saturation (the default)": DEFAULTS,
    "Gentle start": DEFAULTS | GENTLE,
    "One shared rate": DEFAULTS | GENTLE | {"fair": False},
    "Heavy overlap": DEFAULTS | GENTLE | {"overlap": 1.0},
    "Hidden layer, moons": DEFAULTS | GENTLE | {"data": "Two moons", "hidden": True, "width": 16},
    # one smooth shared rate, so the parting of the curves is overfitting and not a jumpy large step
    "Overfitting": DEFAULTS
    | GENTLE
    | {
        "data": "Two moons",
        "overlap": 1.0,
        "hidden": True,
        "width": 32,
        "fair": False,
        "lr": 1,
        "steps": 1000,
    },
}
DEFAULT_PRESET, ASKED = "Saturation (the default)", "Gentle start"  # the preset a learner predicts
GRADIENT_HELP = {
    "cross_entropy": "The length of the gradient of cross-entropy in nats, the loss this run trains on.",
    "mse": "The length of the gradient of MSE (no unit), the loss this run trains on.",
}
GRADIENTS_IN_NATS = (
    "The gradient lengths are those of the losses the runs train on: cross-entropy in nats (not bits) "
    "and MSE, which has no unit."
)
TEST_HELP = "On the held-out test points, which neither model ever trains on."
RUN_COLOURS = {"cross_entropy": palette.CROSS_ENTROPY, "mse": palette.MSE}
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
    keep = figure_steps({"": _Steps(steps, width)})
    settings = {"steps": steps, "width": width, "activation": activation, "init_scale": init, "seed": seed}
    settings |= {"weight_decay": decay, "test": (X_test, y_test), "keep": keep}
    return X, y, race(X, y, fair=fair, learning_rate=learning_rate, target=TARGET, **settings)


class _Steps:
    """Just enough of a run for figure_steps to say which steps the animation will show."""

    def __init__(self, steps, width):
        self.steps, self.params = steps, (None,) * (4 if width else 2)


@st.cache_resource(max_entries=16, show_spinner=False)
def training_chart(chosen, presenter, base, unit):
    """The figure, its table and its alt sentence for one race, in the page's unit."""
    X, y, result = training_race(*chosen)
    return {
        "figure": training_figure(
            X, y, result.runs, title=figure_title(result), presenter=presenter, base=base, unit=unit
        ),
        "table": training_table(result.runs, base=base, unit=unit),
        "alt": alt_text(result, unit),
    }


def race_settings(values):
    """training_race's arguments from a preset's widget values by key (the page builds its own `chosen`)."""
    width = values["width"] if values["hidden"] else 0
    model = (values["overlap"], values["seed"], width, ACTIVATIONS[values["act"]], values["fair"])
    return (
        SHAPES[values["data"]],
        values["k"],
        *model,
        values["lr"],
        values["steps"],
        values["init"],
        values["wd"],
    )


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


def percent(fraction):
    """0.9 as '90 %', the way the rest of the app writes it."""
    return f"{100 * fraction:.0f} %"


settings = page_setup("training")


def page_body():
    data_column, model_column, training_column, preset_column = st.columns([3, 3, 3, 3], gap="medium")
    with data_column:
        st.markdown("##### The data")
        shape = link_radio("Data set", "data", horizontal=True)
        n_classes = link_radio(
            "Number of classes (blobs only)",
            "k",
            horizontal=True,
            disabled=shape != "Blobs",
            help="XOR blobs and two moons always have two classes.",
        )
        overlap = link_slider(
            "Overlap between the classes",
            "overlap",
            help="0: tight, well separated groups. 1: wide groups that run into each other.",
        )
        seed = link_slider(
            "Seed",
            "seed",
            help="Picks the random points and the random starting weights; the same seed gives the same run.",
        )
    with model_column:
        st.markdown("##### The model")
        hidden = link_toggle("A hidden layer", "hidden")
        width = link_slider("Hidden units", "width", disabled=not hidden)
        activation = link_radio("Activation", "act", horizontal=True, disabled=not hidden)
        init_scale = link_slider(
            "Initial weight scale",
            "init",
            help="Large starting weights make both models confidently wrong about many points at step 0.",
        )
    with training_column:
        st.markdown("##### The training")
        fair = link_toggle(
            "Fair race",
            "fair",
            help="Each loss at its own best learning rate: the race tries every rate on the slider for both "
            "losses and shows each at the one that reaches 90 % accuracy soonest.",
        )
        learning_rate = link_select_slider(
            "Shared learning rate" if not fair else "Shared learning rate (for comparison)",
            "lr",
            help="How far each step moves the weights along the gradient. With the fair race on, the "
            "sentence below compares both losses at this rate too.",
        )
        steps = link_slider("Gradient-descent steps", "steps")
        decay = link_select_slider(
            "Weight decay λ",
            "wd",
            help="Adds λ/2 × (sum of the squared weights) to both losses: a fine for large weights.",
        )
    with preset_column:
        presets(PRESETS, columns=1)

    predict_then_reveal(
        "training", *race_question(PRESETS[ASKED], preset=ASKED, target=TARGET), PRESETS[ASKED], race_answer
    )
    chosen = (
        SHAPES[shape],
        n_classes,
        overlap,
        seed,
        width if hidden else 0,
        ACTIVATIONS[activation],
        fair,
        learning_rate,
        steps,
        init_scale,
        decay,
    )
    try:
        X, y, result = training_race(*chosen)
        view = training_chart(chosen, settings.present, settings.base, settings.units)
    except ValueError as error:
        st.warning(f"These settings cannot be trained: {escape_markdown(error, max_length=200)}")
        return
    chart(view["figure"], key="training_chart", table=lambda: view["table"], alt=view["alt"])
    st.caption(
        "▶ Play, Pause, Step, Reset and the step slider run in your browser: both runs were computed once "
        "for these settings, so playing them costs nothing."
    )

    st.html(f"<style>{RUN_CSS}</style>")
    for column, name in zip(st.columns(2, gap="large"), LOSSES, strict=True):
        run = result.runs[name]
        with column, st.container(key=f"{name}_numbers"):
            st.markdown(f"**Trained with {LOSS_LABELS[name]}**")
            first, second = st.columns(2)
            reached = result.grid[name][run.learning_rate]
            never = f"Not within the {steps} steps of this run." if reached is None else None
            first.metric("Learning rate", f"{run.learning_rate:g}")
            second.metric(f"Reached {percent(TARGET)} at step", "never" if never else reached, help=never)
            first.metric("Training accuracy (end)", percent(run.accuracy[-1]), help=f"After step {steps}.")
            second.metric("Test accuracy (end)", percent(run.test_accuracy[-1]), help=TEST_HELP)
            first.metric("Gradient length (start)", f"{run.grad_norm[0]:.3g}", help=GRADIENT_HELP[name])
            second.metric("Gradient length (end)", f"{run.grad_norm[-1]:.3g}", help=GRADIENT_HELP[name])
    if settings.units != "nats":
        st.caption(GRADIENTS_IN_NATS)
    if fair:
        tried = st.expander(
            "Every learning rate the fair race tried",
            icon=":material/table:",
            key="race_grid",
            on_change="rerun",
        )
        if tried.open:
            tried.caption(
                "The shown rate of each loss is the one that reached the target in the fewest steps."
            )
            with tried:
                small_table(race_grid_table(result))

    lesson_text("training", settings, lesson_values(result, base=settings.base, unit=settings.units))


live(page_body)
show_code(race, forward, backward)
lesson_end(settings)
share_link(settings)
