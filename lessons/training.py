"""The training lab's presets and numbers, and its sentences, each chosen from what the race measured, so
each is true in its state."""

import math

import catalogue
from core import _checks
from core.lab_data import SHAPE_LABELS
from core.race import LEARNING_RATES

SATURATED = 0.1  # MSE's step-0 gradient below this share of cross-entropy's: the start is saturated
TARGET = 0.9  # the training accuracy both runs race to
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
TEST_HELP = "On the held-out test points, which neither model ever trains on."
CONTROL_HELP = {  # link key: the control's tooltip
    "k": "XOR blobs and two moons always have two classes.",
    "overlap": "0: tight, well separated groups. 1: wide groups that run into each other.",
    "seed": "Picks the random points and the random starting weights; the same seed gives the same run.",
    "init": "Large starting weights make both models confidently wrong about many points at step 0.",
    "fair": "Each loss at its own best learning rate: the race tries every rate on the slider for both "
    "losses and shows each at the one that reaches 90 % accuracy soonest.",
    "lr": "How far each step moves the weights along the gradient. With the fair race on, the "
    "sentence below compares both losses at this rate too.",
    "wd": "Adds λ/2 × (sum of the squared weights) to both losses: a fine for large weights.",
}


def race_settings(values):
    """The page's training_race arguments from widget values by key (the controls', or a preset's)."""
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


def _percent(fraction):
    """0.9 as '90 %'."""
    return f"{100 * fraction:.0f} %"


def _count(n, word="step"):
    """'1 step', '36 steps'."""
    return f"{n:g} {word}{'s' * (n != 1)}"


def _steps_or_inf(step):
    """Steps to the target, with 'never' as infinity so it compares."""
    return math.inf if step is None else step


def headline(race):
    """One sentence: how fast each loss reached the target, at which rate; the figure's title."""
    ce, mse = race.runs["cross_entropy"], race.runs["mse"]
    steps = {name: race.grid[name][run.learning_rate] for name, run in race.runs.items()}
    goal = f"{100 * race.target:g} % accuracy"
    if race.fair:
        lead = "Each at its own best learning rate"
        rates = {name: f" (rate {run.learning_rate:g})" for name, run in race.runs.items()}
        nowhere = f"at any rate on the grid within {race.steps} steps"
    else:
        lead = f"At one shared learning rate of {race.shared_rate:g}"
        rates = {name: "" for name in race.runs}
        nowhere = f"within {race.steps} steps"
    ce_step, mse_step = steps["cross_entropy"], steps["mse"]
    if ce_step is not None and mse_step is not None:
        return (
            f"{lead}, cross-entropy reached {goal} at step {ce_step}{rates['cross_entropy']}; "
            f"MSE at step {mse_step}{rates['mse']}."
        )
    if ce_step is not None:
        return (
            f"{lead}, cross-entropy reached {goal} at step {ce_step}{rates['cross_entropy']}; "
            f"MSE did not reach it {nowhere}."
        )
    if mse_step is not None:
        return (
            f"{lead}, MSE reached {goal} at step {mse_step}{rates['mse']}; "
            f"cross-entropy did not reach it {nowhere}."
        )
    return (
        f"{lead}, neither loss reached {goal} {nowhere}; cross-entropy ends at "
        f"{_percent(ce.accuracy[-1])} of the training points, MSE at {_percent(mse.accuracy[-1])}."
    )


def figure_title(race):
    """The chart's title in two short lines (a phone is about 45 characters wide):
    'Steps to 90 % accuracy, each loss at its best rate:<br>cross-entropy 2 (rate 5), MSE 36 (rate 10)'."""
    goal = f"Steps to {100 * race.target:g} % accuracy"
    lead = (
        f"{goal}, each loss at its best rate:" if race.fair else f"{goal} at one rate, {race.shared_rate:g}:"
    )
    parts = []
    for name, label in (("cross_entropy", "cross-entropy"), ("mse", "MSE")):
        run = race.runs[name]
        step = race.grid[name][run.learning_rate]
        rate = f" (rate {run.learning_rate:g})" if race.fair else ""
        parts.append(f"{label} {f'not within {race.steps}' if step is None else step}{rate}")
    return f"{lead}<br>{', '.join(parts)}"


def gradient_share(race):
    """MSE's gradient length at step 0 as a share of cross-entropy's (both from the same weights)."""
    ce = race.runs["cross_entropy"].grad_norm[0]
    return race.runs["mse"].grad_norm[0] / ce if ce > 0 else math.nan


def _at_shared_rate(race):
    """'At the shared rate of 0.5, cross-entropy needed 3 steps and MSE 18 steps.', or who never got there."""
    steps = {name: race.grid[name].get(race.shared_rate) for name in race.runs}
    if all(step is None for step in steps.values()):
        return f"At the shared rate of {race.shared_rate:g}, neither loss reached the target."
    words = []
    for name, label in (("cross_entropy", "cross-entropy"), ("mse", "MSE")):
        step = steps[name]
        words.append(
            f"{label} never got there" if step is None else f"{label} needed {step} step{'s' * (step != 1)}"
        )
    return f"At the shared rate of {race.shared_rate:g}, {words[0]} and {words[1]}."


def gradient_sentence(race):
    """How long MSE's first gradient is next to cross-entropy's, from the same weights."""
    share = gradient_share(race)
    if not math.isfinite(share):
        return "At step 0 cross-entropy's gradient is zero, so the two pushes cannot be compared there."
    return (
        f"At step 0, from the same weights, MSE's gradient is {100 * share:.1f} % as long as cross-entropy's."
    )


def effects(race):
    """What the race separates: the part of MSE's lag a larger step fixes, and the part it does not.

    Only a fair race can tell them apart; the shared-rate race says so instead.
    """
    share = gradient_share(race)
    if not race.fair:
        return (
            "Both runs take the same learning rate, so this race mixes two effects: "
            "switch the fair race on to give each loss its own best rate and separate them."
        )
    best = {name: _steps_or_inf(race.grid[name][run.learning_rate]) for name, run in race.runs.items()}
    shared = {name: _steps_or_inf(race.grid[name].get(race.shared_rate)) for name in race.runs}
    best_gap = best["mse"] - best["cross_entropy"]
    shared_gap = shared["mse"] - shared["cross_entropy"]
    at_shared = _at_shared_rate(race)
    if math.isinf(best["mse"]) and math.isinf(best["cross_entropy"]):
        return (
            "Neither loss reached the target at any rate on the grid, so this race cannot "
            "separate the effects."
        )
    if best_gap <= 0:
        made_up = (
            " Whatever slowed MSE at the shared rate, a larger step made up for it." if shared_gap > 0 else ""
        )
        return (
            f"{at_shared} With each loss at its best rate MSE is as fast as cross-entropy or faster.{made_up}"
        )
    if math.isfinite(shared_gap) and 4 * best_gap <= shared_gap:
        return (
            f"{at_shared} With each at its best rate MSE lags by only {_count(best_gap)}: "
            "most of the shared-rate gap was a constant scale, "
            "which a larger step fixes."
        )
    if math.isfinite(best_gap) and best["mse"] <= 1.25 * best["cross_entropy"] + 1:
        return (
            f"{at_shared} With each at its best rate the two are close: MSE needs "
            f"{_count(best['mse'])} to cross-entropy's {best['cross_entropy']:g}."
        )
    if math.isinf(best_gap):
        sentences = [at_shared, f"MSE reaches the target at no rate on the grid within {race.steps} steps."]
    else:
        rate = race.runs["mse"].learning_rate
        top = rate >= max(LEARNING_RATES)
        where = f"{rate:g}, the largest the slider offers" if top else f"{rate:g}"
        lag = f"still needs {_count(best['mse'])} to cross-entropy's {best['cross_entropy']:g}"
        sentences = [at_shared, f"Even at its best rate on the grid ({where}) MSE {lag}."]
        if not top:
            no_faster = "Larger rates on the grid were no faster, so this gap is not a scale"
            sentences.append(f"{no_faster} that a larger step fixes.")
    if share < SATURATED:  # nan (no push at all) is not saturation
        sentences.append(
            "The model starts confidently wrong, where MSE's push through the softmax all but vanishes: "
            "that is saturation."
        )
    return " ".join(sentences)


def brier_note(race, unit, log_base=1.0):
    """One honest sentence when MSE ends ahead of cross-entropy by cross-entropy's own measure, or with a
    higher training accuracy and no lower test accuracy (else '')."""
    ce, mse = race.runs["cross_entropy"], race.runs["mse"]
    by_loss = mse.cross_entropy[-1] <= ce.cross_entropy[-1]
    by_accuracy = mse.accuracy[-1] > ce.accuracy[-1] and not mse.test_accuracy[-1] < ce.test_accuracy[-1]
    if by_loss:
        lead = (
            f"Here MSE ends ahead even by cross-entropy's own measure "
            f"({mse.cross_entropy[-1] / log_base:.3f} {unit} against {ce.cross_entropy[-1] / log_base:.3f})."
        )
    elif by_accuracy:
        lead = (
            f"Here MSE ends ahead on accuracy: {_percent(mse.accuracy[-1])} of the training points against "
            f"{_percent(ce.accuracy[-1])}."
        )
    else:
        return ""
    n_classes = ce.params[-1].shape[-1]
    return (
        f"{lead} That is no fluke: squared error on probabilities (the Brier score) is also a proper "
        "scoring rule, at its best for honest probabilities. The losses differ in the push through the "
        f"softmax, which saturates for MSE, and in the penalty: at most {2 / n_classes:.2g} per point "
        "for MSE (no unit), unbounded for cross-entropy, so MSE gives up sooner on points it cannot fit."
    )


def divergence_note(race):
    """A sentence for each shown run whose numbers overflowed (else '')."""
    notes = [
        f"The {label} run's numbers overflowed at step {run.diverged_at}: its learning rate, "
        f"{run.learning_rate:g}, is far too large here, so the chart holds it where it last was."
        for name, label in (("cross_entropy", "cross-entropy"), ("mse", "MSE"))
        if (run := race.runs[name]).diverged_at is not None
    ]
    return " ".join(notes)


def alt_text(race, unit="nats"):
    """The figure's alternative text: what each panel shows, with the numbers at the last step."""
    ce, mse = race.runs["cross_entropy"], race.runs["mse"]
    test = ""
    if math.isfinite(ce.test_accuracy[-1]):
        test = (
            f" On the held-out test points: {_percent(ce.test_accuracy[-1])} for cross-entropy and "
            f"{_percent(mse.test_accuracy[-1])} for MSE."
        )
    return (
        f"{headline(race)} Top: the decision regions of the model trained with cross-entropy "
        f"(learning rate {ce.learning_rate:g}) and with MSE (learning rate {mse.learning_rate:g}) over the "
        f"training points. Bottom: cross-entropy in {unit}, accuracy and gradient length at each of "
        f"{race.steps} steps, training points solid and test points dashed. After the last step "
        f"cross-entropy classifies {_percent(ce.accuracy[-1])} of the training points and MSE "
        f"{_percent(mse.accuracy[-1])}.{test} {divergence_note(race)}"
    ).strip()


def lesson_values(race, *, base=math.e, unit="nats"):
    """Every {{placeholder}} of assets/lessons/training.md, filled from the race."""
    log_base = _checks.log_of_base(base)
    ce, mse = race.runs["cross_entropy"], race.runs["mse"]
    share = gradient_share(race)
    held_out = math.isfinite(ce.test_accuracy[-1])

    def loss(value):
        return f"{value / log_base:.3f} {unit}" if math.isfinite(value) else "not measured"

    return {
        "headline": headline(race),
        "grad_sentence": gradient_sentence(race),
        "effects": effects(race),
        "brier": brier_note(race, unit, log_base),
        "diverged": divergence_note(race),
        "steps": race.steps,
        "ce_accuracy": _percent(ce.accuracy[-1]),
        "mse_accuracy": _percent(mse.accuracy[-1]),
        "ce_test_accuracy": _percent(ce.test_accuracy[-1]) if held_out else "not measured",
        "mse_test_accuracy": _percent(mse.test_accuracy[-1]) if held_out else "not measured",
        "ce_grad_start": f"{ce.grad_norm[0]:.3g}",
        "mse_grad_start": f"{mse.grad_norm[0]:.3g}",
        "grad_share": f"{100 * share:.1f} %" if math.isfinite(share) else "not defined (zero push)",
        "ce_final": loss(ce.cross_entropy[-1]),
        "mse_final": loss(mse.cross_entropy[-1]),
        "ce_test_final": loss(ce.test_cross_entropy[-1]),
        "mse_test_final": loss(mse.test_cross_entropy[-1]),
        "ce_rate": f"{ce.learning_rate:g}",
        "mse_rate": f"{mse.learning_rate:g}",
        "ce_grad_end": f"{ce.grad_norm[-1]:.3g}",
        "mse_grad_end": f"{mse.grad_norm[-1]:.3g}",
        "unit": unit,
    }


def run_metrics(race, name):
    """The six numbers shown for run `name` as (label, value, help), in reading order: left, right, left, …"""
    run = race.runs[name]
    reached = race.grid[name][run.learning_rate]
    never = f"Not within the {race.steps} steps of this run." if reached is None else None
    return (
        ("Learning rate", f"{run.learning_rate:g}", None),
        (f"Reached {_percent(race.target)} at step", "never" if never else reached, never),
        ("Training accuracy (end)", _percent(run.accuracy[-1]), f"After step {race.steps}."),
        ("Test accuracy (end)", _percent(run.test_accuracy[-1]), TEST_HELP),
        ("Gradient length (start)", f"{run.grad_norm[0]:.3g}", GRADIENT_HELP[name]),
        ("Gradient length (end)", f"{run.grad_norm[-1]:.3g}", GRADIENT_HELP[name]),
    )
