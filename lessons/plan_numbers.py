"""The live numbers that the lesson plan's points and class mode's explanations quote, computed from a plan
step's link: one function for the plan page (pages/plan.py) and class mode (lessons/class_questions.py)."""

import functools

from content.lesson_files import fill, placeholders
from core.lab_data import make_data
from core.race import race
from lessons.ce_vs_mse import push_numbers
from lessons.predict import race_prediction
from lessons.race_text import headline
from lessons.training import DEFAULT_PRESET, PRESETS, TARGET, race_settings


def default_race(query):
    """The training lab's race at its default state, the plan's link (`query` must be empty)."""
    if query:
        raise ValueError(f"query: the plan's race step links to the default state, got {query!r}")
    return _trained()


@functools.lru_cache(maxsize=1)
def _trained():
    """The race at the default preset, trained as pages/training.py does (a second or two, so once)."""
    shape, k, overlap, seed, width, activation, fair, rate, steps, init, decay = race_settings(
        PRESETS[DEFAULT_PRESET]
    )
    X, y, _, _ = make_data(shape, k, overlap, seed)
    settings = {"steps": steps, "width": width, "activation": activation, "init_scale": init, "seed": seed}
    return race(X, y, fair=fair, learning_rate=rate, target=TARGET, weight_decay=decay, **settings)


def race_verdict(query):
    """The race's Prediction (lessons.predict, with its tie rule) at the default state the plan links to."""
    measured = default_race(query)
    said = headline(measured)
    return race_prediction(
        PRESETS[DEFAULT_PRESET], measured, preset=DEFAULT_PRESET, headline=said,
        default_preset=DEFAULT_PRESET, default_headline=said,
    )  # fmt: skip


def race_numbers(query):
    """The race's headline: the steps each loss took to the target, as the training lab says it."""
    return {"headline": headline(default_race(query))}


# The numbers by the step's page: the link's query (without present) -> {placeholder: text}.
NUMBERS = {"ce-vs-mse": push_numbers, "training": race_numbers}


def filled(text, slug, query):
    """`text` with each {{placeholder}} filled from the numbers of page `slug` at the link's `query` (computed
    only when the text quotes one)."""
    query = {key: value for key, value in query.items() if key != "present"}
    numbers = NUMBERS.get(slug) if placeholders(text) else None
    return fill(text, numbers(query) if numbers else {})
