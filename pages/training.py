import streamlit as st

from core import palette
from core.params import parse_exact, parse_number
from core.text import escape_markdown, format_loss
from core.training import (
    CLASS_COUNTS,
    LOSS_LABELS,
    LOSSES,
    compare_runs,
    gradients,
    make_blobs,
    train,
    training_summary,
)
from core.training_charts import training_figure, training_table
from ui.shell import live, page_setup, share_link
from ui.widgets import chart, lesson_intro, lesson_text, link_value, presets, show_code

TARGET = 0.9
LEARNING_RATES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10)  # log-spaced; plain numbers label the URL
DEFAULTS = {"k": 3, "overlap": 0.5, "seed": 0, "lr": 0.5, "steps": 200, "init": 1.0}
RANGES = {"overlap": (0.0, 1.0), "seed": (0, 99), "steps": (10, 1000), "init": (0.0, 10.0)}
PRESETS = {
    "Default settings": DEFAULTS,
    "Large initial weights": DEFAULTS | {"init": 8.0},
    "Heavy overlap": DEFAULTS | {"overlap": 1.0},
    "Tiny learning rate": DEFAULTS | {"lr": 0.02, "steps": 500},
}
RUN_COLOURS = {"cross_entropy": palette.CROSS_ENTROPY, "mse": palette.MSE}
# Our own constant CSS from the palette, never user text: each run's numbers wear its colour.
RUN_CSS = "".join(
    f".st-key-{name}_numbers {{ border-left: 6px solid {colour}; padding-left: 0.8rem; }}"
    f".st-key-{name}_numbers [data-testid='stMetricValue'] {{ color: {colour}; }}"
    for name, colour in RUN_COLOURS.items()
)


@st.cache_resource(max_entries=16, show_spinner="Training both models…")
def training_lab(n_classes, overlap, seed, learning_rate, steps, init_scale, presenter, base, unit):
    """Both runs, their figure and table, computed once per setting.

    Cached as a resource, shared read-only: cache_data would copy the figure (1-5 MB) on every rerun.
    """
    X, y = make_blobs(n_classes=n_classes, overlap=overlap, seed=seed)
    runs = compare_runs(X, y, learning_rate=learning_rate, steps=steps, init_scale=init_scale, seed=seed)
    return {
        "points": len(X),
        "summary": training_summary(runs, TARGET, base=base, unit=unit),
        "figure": training_figure(X, y, runs, presenter=presenter, target=TARGET, base=base, unit=unit),
        "table": training_table(runs, base=base, unit=unit),
    }


def percent(fraction):
    """0.9 as '90 %', the way the rest of the app writes it."""
    return f"{100 * fraction:.0f} %"


settings = page_setup("training")
lesson_intro("training")


def page_body():
    """What the widgets change: it reruns alone when one of them moves (see ui.shell.live)."""
    link_value("k", lambda raw: parse_exact(raw, CLASS_COUNTS), DEFAULTS["k"])
    link_value("lr", lambda raw: parse_exact(raw, LEARNING_RATES), DEFAULTS["lr"])
    for key, (low, high) in RANGES.items():
        link_value(key, lambda raw, low=low, high=high: parse_number(raw, low=low, high=high), DEFAULTS[key])

    data_column, training_column, preset_column = st.columns([3, 3, 2], gap="large")
    with data_column:
        st.markdown("##### The data")
        n_classes = st.radio(
            "Number of classes", CLASS_COUNTS, index=1, key="k", bind="query-params", horizontal=True
        )
        overlap = st.slider(
            "Overlap between the classes",
            *RANGES["overlap"],
            DEFAULTS["overlap"],
            0.05,
            key="overlap",
            bind="query-params",
            help="0: tight, well separated blobs. 1: wide blobs that run into each other.",
        )
        seed = st.slider(  # a slider, not a number input: Streamlit's number input crashes on a link's 'inf'
            "Seed",
            *RANGES["seed"],
            DEFAULTS["seed"],
            1,
            key="seed",
            bind="query-params",
            help="Picks the random points and the random starting weights; the same seed gives the same run.",
        )
    with training_column:
        st.markdown("##### The training")
        learning_rate = st.select_slider(
            "Learning rate",
            LEARNING_RATES,
            DEFAULTS["lr"],
            key="lr",
            bind="query-params",
            help="How far each step moves the weights along the gradient.",
        )
        steps = st.slider(
            "Gradient-descent steps",
            *RANGES["steps"],
            DEFAULTS["steps"],
            10,
            key="steps",
            bind="query-params",
        )
        init_scale = st.slider(
            "Initial weight scale",
            *RANGES["init"],
            DEFAULTS["init"],
            0.5,
            key="init",
            bind="query-params",
            help="Large starting weights make both models confidently wrong about many points at step 0.",
        )
    with preset_column:
        presets(PRESETS, columns=1)

    try:
        chosen = (n_classes, overlap, seed, learning_rate, steps, init_scale)
        lab = training_lab(*chosen, settings.present, settings.base, settings.units)
    except ValueError as error:
        st.warning(f"These settings cannot be trained: {escape_markdown(error, max_length=200)}")
    else:
        summary = lab["summary"]
        chart(lab["figure"], key="training_chart", table=lambda: lab["table"])
        st.caption(
            "▶ Play, Pause, Step, Reset and the step slider run in your browser: both runs were computed "
            "once "
            "for these settings, so playing them costs nothing."
        )

        st.html(f"<style>{RUN_CSS}</style>")
        for column, name in zip(st.columns(2, gap="large"), LOSSES, strict=True):
            with column, st.container(key=f"{name}_numbers"):
                st.markdown(f"**Trained with {LOSS_LABELS[name]}**")
                first, second = st.columns(2)
                step = summary["steps_to_target"][name]
                never = f"Not within the {steps} steps of this run." if step is None else None
                first.metric(f"Reached {percent(TARGET)} at step", "never" if never else step, help=never)
                second.metric(f"Accuracy at step {steps}", percent(summary["final_accuracy"][name]))
                first.metric("Gradient length at step 0", f"{summary['initial_grad_norm'][name]:.3g}")
                second.metric(f"Gradient length at step {steps}", f"{summary['final_grad_norm'][name]:.3g}")

        start, end = summary["initial_grad_norm"], summary["final_grad_norm"]
        lesson_text(
            "training",
            settings,
            {
                "headline": summary["headline"],
                "steps": steps,
                "ce_accuracy": percent(summary["final_accuracy"]["cross_entropy"]),
                "mse_accuracy": percent(summary["final_accuracy"]["mse"]),
                "init": f"{init_scale:g}",
                "ce_grad_start": f"{start['cross_entropy']:.3g}",
                "mse_grad_start": f"{start['mse']:.3g}",
                "grad_ratio": f"{100 * start['mse'] / start['cross_entropy']:.1f} %"
                if start["cross_entropy"]
                else "—",
                "ce_final": format_loss(summary["final_cross_entropy"]["cross_entropy"], settings.units),
                "mse_final": format_loss(summary["final_cross_entropy"]["mse"], settings.units),
                "n_points": lab["points"],
                "classes": n_classes,
                "lr": f"{learning_rate:g}",
                "ce_grad_end": f"{end['cross_entropy']:.3g}",
                "mse_grad_end": f"{end['mse']:.3g}",
                "unit": settings.units,
            },
        )


live(page_body)
show_code(train, gradients)
share_link(settings)
