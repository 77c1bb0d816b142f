"""The live numbers that the lesson plan's points and class mode's explanations quote, computed from a plan
step's link: one function for the plan page (pages/plan.py) and class mode (lessons/class_questions.py)."""

import functools

from content.lesson_files import fill, placeholders
from core.lab_data import make_data
from core.race import race
from lessons.ce_vs_mse import push_numbers
from lessons.predict import race_prediction
from lessons.race_text import headline
from lessons.training import DEFAULT_PRESET, DEFAULTS, PRESETS, TARGET, race_settings


def race_query(name):
    """A training preset as a link's query: the values that differ from the page's defaults, as text."""
    return {key: str(value) for key, value in PRESETS[name].items() if value != DEFAULTS[key]}


def _preset(query):
    """The training preset whose state the link's `query` sets; ValueError for any other state."""
    for name in PRESETS:
        if race_query(name) == query:
            return name
    raise ValueError(f"query: the race is measured at a preset of the training lab, got {query!r}")


@functools.lru_cache(maxsize=4)
def _trained(name):
    """The race at preset `name`, trained as pages/training.py does (a second or two, so once)."""
    shape, k, overlap, seed, width, activation, fair, rate, steps, init, decay = race_settings(PRESETS[name])
    X, y, _, _ = make_data(shape, k, overlap, seed)
    settings = {"steps": steps, "width": width, "activation": activation, "init_scale": init, "seed": seed}
    return race(X, y, fair=fair, learning_rate=rate, target=TARGET, weight_decay=decay, **settings)


def race_verdict(query):
    """The race's Prediction (lessons.predict, with the training lab's tie rule) at the preset of `query`."""
    name = _preset(query)
    return race_prediction(
        PRESETS[name], _trained(name), preset=name, headline=headline(_trained(name)),
        default_preset=DEFAULT_PRESET, default_headline=headline(_trained(DEFAULT_PRESET)),
    )  # fmt: skip


def race_numbers(query):
    """The race's headline (the steps each loss took to the target) and the training lab's why."""
    return {"headline": headline(_trained(_preset(query))), "why": race_verdict(query).why}


# The numbers by the step's page: the link's query (without present) -> {placeholder: text}.
NUMBERS = {"ce-vs-mse": push_numbers, "training": race_numbers}


def filled(text, slug, query, values=None):
    """`text` with each {{placeholder}} filled from `values`, else from the numbers of page `slug` at the
    link's `query` (computed only when the text quotes one that `values` lacks)."""
    values = dict(values or {})
    query = {key: value for key, value in query.items() if key != "present"}
    numbers = NUMBERS.get(slug) if placeholders(text) - set(values) else None
    return fill(text, (numbers(query) if numbers else {}) | values)
