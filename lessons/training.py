"""The training lab's presets and numbers, and its sentences, each chosen from what the race measured, so
each is true in its state."""

import math

import catalogue
from content.text import format_number, format_positive, format_scientific
from core import _checks
from core.lab_data import SHAPE_LABELS
from core.losses import mse_push_share_when_unsure
from core.race import LEARNING_RATES
from core.training import LOSS_LABELS
from lessons.race_text import (
    at_grid_top,
    headline,
    mse_ahead,
    off_grid,
    percent,
    race_rule,
    rate_reason,
    reached,
    started_past,
    too_close_to_call,
    winner,
)

SATURATED = 0.1  # MSE's step-0 gradient below this share of cross-entropy's: the start is saturated
TARGET = 0.9  # the training accuracy both runs race to
OVERFIT, OVERFIT_MARGIN = 2.0, 0.1  # test cross-entropy above 2 x training's + 0.1 nats: overfitting
OVERFIT_WORDS = (  # after a colon in the medium text, so it opens in lower case
    "a model that scores its own training points much better than points it has never seen has learnt "
    "their quirks as well as the pattern: that is called overfitting."
)
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
ASKED_ELSEWHERE = (
    f"**Predict, then reveal** asks about the {ASKED} race from the lab's default view; the race on screen "
    "now is this view's."
)


# The rate at which the fair race shows both runs from the small starts near the asked one (from each, no
# rate on the grid takes either loss to the target in fewer steps): a shared-rate race at it trains the
# very runs the asked race shows.
FASTEST_NEAR = max(LEARNING_RATES)


def near_the_asked_start(values):
    """Whether widget values (by key) show a race near the one the race question asks about, so that it
    waits for the guess: the lab's defaults but for a small start, at most twice Gentle start's (the change
    the question is about), and but for the settings that leave such a race's result as it is. Those are
    the steps (from these starts both runs reach the target within a few steps, fewer than the slider's
    least); with the fair race on, the shared rate (each loss is shown at its own best rate whatever it
    is); one shared rate at FASTEST_NEAR (the same runs as the fair race's); with no hidden layer, its
    width and activation (unused). A view that changes the data, the seed, the model or weight decay, or
    shares another rate, trains other runs: its race is its own."""
    free = {"init", "steps"}
    if values["fair"]:
        free.add("lr")
    elif values["lr"] == FASTEST_NEAR:
        free |= {"fair", "lr"}
    if not values["hidden"]:
        free |= {"width", "act"}
    others = all(values[key] == value for key, value in DEFAULTS.items() if key not in free)
    return others and values["init"] <= 2 * GENTLE["init"]


GRADIENT_HELP = {
    "cross_entropy": "The length of the gradient of cross-entropy in nats, the loss this run trains on.",
    "mse": "The length of the gradient of MSE (no unit), the loss this run trains on.",
}
# the share compares these; the metrics and the gradient panel show the whole objective's gradient
OWN_GRADIENT = (
    " (each loss's own gradient, without the weight-decay term λW that the gradient metrics and the "
    "gradient panel include)"
)
DECAY_LABEL = " incl. weight decay"  # in the gradient metrics' labels when λ > 0: they include λW
DECAY_HELP = (
    " With weight decay λ = {:g} it is the gradient of the whole objective, the loss plus the fine for large "
    "weights, so it includes the term λW."
)
TEST_HELP = "On the held-out test points, which neither model ever trains on."
CONTROL_HELP = {  # link key: the control's tooltip
    "k": "XOR blobs and two moons always have two classes.",
    "overlap": "0: tight, well separated groups. 1: wide groups that run into each other.",
    "seed": "Picks the random points and the random starting weights; the same seed gives the same run.",
    "init": "Large starting weights make both models confidently wrong about many points at step 0. With "
    "a hidden layer this scales only the output layer's weights; the hidden layer's are always drawn at "
    "scale 1.",
    "fair": "Each loss at its own best learning rate on the grid: the race tries every rate on the slider "
    "for both losses and shows each at the one that reaches 90 % accuracy in the fewest steps (if none "
    "does, at the one whose own loss ends lowest). It tries no rate above the slider's largest: one might "
    "help a run that needs more than one step even at the largest.",
    "lr": "How far each step moves the weights along the gradient. With the fair race on, the "
    "sentence below compares both losses at this rate too.",
    "wd": "Weight decay adds λ/2 × (sum of the squared weights) to both losses: a fine for large weights.",
    "width": "A hidden unit is one of the new numbers the hidden layer computes from a point's two features; "
    "the model draws its borders from them, and more units can bend the borders more.",
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


def _count(n, word="step"):
    """'1 step', '36 steps'."""
    return f"{n:g} {word}{'s' * (n != 1)}"


def _steps_or_inf(step):
    """Steps to the target, with 'never' as infinity so it compares."""
    return math.inf if step is None else step


def gradient_share(race):
    """MSE's gradient length at step 0 as a share of cross-entropy's, from the same weights: the losses'
    own gradients, without the weight-decay term lambda W both objectives share."""
    ce = race.runs["cross_entropy"].loss_grad_norm[0]
    return race.runs["mse"].loss_grad_norm[0] / ce if ce > 0 else math.nan


def share_words(share):
    """'2.2 %', or 'less than 0.1 % (a fraction of about 7.9e-10)' for a share that would show as 0.0 %."""
    if not math.isfinite(share):
        return "not defined (zero push)"
    if f"{100 * share:.1f}" != "0.0" or share == 0:
        return f"{100 * share:.1f} %"
    return f"less than 0.1 % (a fraction of about {format_scientific(share)})"


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
    own = OWN_GRADIENT if race.weight_decay else ""
    k = race.runs["mse"].params[-1].shape[-1]  # the output bias: one entry per class
    unsure = format_number(100 * mse_push_share_when_unsure(k), 0)
    return (
        f"At step 0, from the same weights, MSE's gradient is {share_words(share)} as long as "
        f"cross-entropy's{own}. Even with no saturation, from a model equally unsure of every class, it "
        f"would be only 2/K² = {unsure} % as long with these {k} classes, because this "
        "MSE averages its squares over the classes: smaller by design, and saturation shrinks it further."
    )


def _times(ratio):
    """18.0 as '18', 4.0 as '4', 1.67 as '1.7'."""
    return f"{ratio:.1f}".removesuffix(".0") if ratio < 10 else f"{ratio:.0f}"


def _race_verdict(race):
    """Who got there first with each loss at its fastest rate on the grid, in one sentence."""
    ce, mse = reached(race)["cross_entropy"], reached(race)["mse"]
    verdict = winner(race)
    if ce == mse:
        return f"With each loss at its fastest rate on the grid, both reached the target at step {ce}."
    if verdict == "tie":
        return (
            "With each at its fastest rate on the grid the two are too close for the rate grid to call: "
            f"MSE needs {_count(mse)} to cross-entropy's {ce}."
        )
    if verdict == "mse" and ce is None:
        return f"MSE reached the target at step {mse} and cross-entropy at no rate on the grid."
    if verdict == "mse":
        return (
            f"With each loss at its fastest rate on the grid, MSE is the faster: {_count(mse)} to "
            f"cross-entropy's {ce}."
        )
    if mse is None:
        return f"MSE reaches the target at no rate on the grid within {race.steps} steps."
    rate = race.runs["mse"].learning_rate
    top = "mse" in at_grid_top(race)
    where = f"{rate:g}, the largest the slider offers" if top else f"{rate:g}"
    verdict = (
        f"Even at its fastest rate on the grid ({where}) MSE still needs {_count(mse)} to cross-entropy's "
        f"{ce}, {_times(mse / ce)} times as many."
    )
    if not top:
        verdict += (
            " Larger rates on the grid were no faster, so this gap is not a scale that a larger step fixes."
        )
    return verdict


def _cause(race, share):
    """What the start says about why MSE was slower: saturation, a constant scale, or that it cannot tell."""
    if not math.isfinite(share):
        return ""
    verdict = winner(race)
    mark = f"{percent(SATURATED)} of cross-entropy's that this page takes as the mark of saturation"
    if share < SATURATED:
        push = f"MSE's push at step 0 is under the {mark}"
        if verdict == "cross_entropy":
            return (
                f"{push}: the model starts confidently wrong on many points, where MSE's push through the "
                "softmax all but vanishes."
            )
        return f"{push}, yet at its own rate on the grid MSE kept pace here."
    push = f"MSE's push at step 0 is above the {mark}"
    if verdict == "cross_entropy":
        return f"{push}, so this race does not show why MSE is slower here."
    shared = {name: race.grid[name].get(race.shared_rate) for name in race.runs}
    lagged = (
        shared["cross_entropy"] is not None
        and (shared["mse"] is None or not too_close_to_call(shared["cross_entropy"], shared["mse"]))
        and (shared["mse"] is None or shared["mse"] > shared["cross_entropy"])
    )
    if lagged and race.runs["mse"].learning_rate > race.shared_rate:
        return (
            f"{push}, and at a larger rate than the shared {race.shared_rate:g}, MSE kept pace: the "
            "shared-rate gap was a constant scale, which a larger step fixes."
        )
    return ""


def effects(race):
    """What the race separates: the part of MSE's lag a larger step fixes, and the part it does not.

    Only a fair race can tell them apart; the shared-rate race says so instead. The start's gradient share
    is checked first, so the verdict does not change with the number of steps.
    """
    if not race.fair:
        return (
            f"The fair race is off: both losses train at the one shared rate of {race.shared_rate:g}, so a "
            "gap between them can come from a rate that suits one loss better than the other as well as from "
            "the losses themselves; switch the fair race on to give each loss its own best rate on the grid "
            "and separate the two effects."
        )
    if started_past(race):
        return "Both runs start past the target, so this race cannot separate the effects."
    if winner(race) == "neither":
        return (
            "Neither loss reached the target at any rate on the grid, so this race cannot "
            "separate the effects."
        )
    share = gradient_share(race)
    sentences = [_at_shared_rate(race), _race_verdict(race), _cause(race, share), off_grid(race)]
    return " ".join(sentence for sentence in sentences if sentence)


def overfit_note(race, unit, log_base=1.0):
    """Names the gap when a run's test cross-entropy ends far above its training cross-entropy (else '')."""
    gaps = [
        f"the {LOSS_LABELS[name]} model {run.cross_entropy[-1] / log_base:.3f} {unit} on its training points "
        f"against {run.test_cross_entropy[-1] / log_base:.3f} on the test points"
        for name, run in race.runs.items()
        if run.test_cross_entropy[-1] >= OVERFIT * run.cross_entropy[-1] + OVERFIT_MARGIN
    ]
    if not gaps:
        return ""
    return (
        f"Mind the gap between training and test: {', and '.join(gaps)}. {OVERFIT_WORDS.capitalize()} "
        "Raise weight decay λ (a fine for large weights) and watch whether the dashed curves come back "
        "toward the solid ones."
    )


def _overfitting(race):
    """The labels of the runs whose test cross-entropy ends far above their training cross-entropy."""
    return [
        LOSS_LABELS[name]
        for name, run in race.runs.items()
        if run.test_cross_entropy[-1] >= OVERFIT * run.cross_entropy[-1] + OVERFIT_MARGIN
    ]


def overfit_named(race):
    """The medium text's overfitting sentence, after the numbers it names (else '')."""
    names = _overfitting(race)
    if not names:
        return ""
    which = " and the ".join(names)
    return f" Mind the gap for the {which} model{'s' * (len(names) > 1)}: {OVERFIT_WORDS}"


def fell_back(race):
    """Says so when a run reached the target and then ended below it (else '')."""
    steps = reached(race)
    back = [
        name for name, run in race.runs.items() if steps[name] is not None and run.accuracy[-1] < race.target
    ]
    if not back:
        return ""
    goal, ends = percent(race.target), {name: percent(race.runs[name].accuracy[-1]) for name in back}
    if len(back) == 2:
        what = (
            f"Both runs touched {goal} (cross-entropy at step {steps['cross_entropy']}, MSE at step "
            f"{steps['mse']}) and then fell back below it: after step {race.steps} cross-entropy gets "
            f"{ends['cross_entropy']} of the training points right and MSE {ends['mse']}."
        )
    else:
        name = back[0]
        what = (
            f"The {LOSS_LABELS[name]} run touched {goal} at step {steps[name]} and then fell back below it, "
            f"to {ends[name]} of the training points after step {race.steps}."
        )
    return (
        f"{what} The race counts the first step at {goal}, not whether a run stays there: read the "
        "accuracy panel as well as the step counts."
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
            f" On the held-out test points: {percent(ce.test_accuracy[-1])} for cross-entropy and "
            f"{percent(mse.test_accuracy[-1])} for MSE."
        )
    return (
        f"{headline(race)} Top: the decision regions of the model trained with cross-entropy "
        f"(learning rate {ce.learning_rate:g}) and with MSE (learning rate {mse.learning_rate:g}) over the "
        f"training points. Bottom: cross-entropy in {unit}, accuracy and gradient length at each of "
        f"{race.steps} steps, training points solid and test points dashed. After the last step "
        f"cross-entropy classifies {percent(ce.accuracy[-1])} of the training points and MSE "
        f"{percent(mse.accuracy[-1])}.{test} {divergence_note(race)}"
    ).strip()


def lesson_values(race, *, base=math.e, unit="nats", data=None):
    """Every {{placeholder}} of assets/lessons/training.md, filled from the race on the data set `data` (the
    page's radio value; None if not known)."""
    log_base = _checks.log_of_base(base)
    ce, mse = race.runs["cross_entropy"], race.runs["mse"]
    share = gradient_share(race)
    held_out = math.isfinite(ce.test_accuracy[-1])

    def loss(value):
        return f"{format_positive(value / log_base)} {unit}" if math.isfinite(value) else "not measured"

    return {
        "headline": headline(race),
        "grad_sentence": gradient_sentence(race),
        "effects": effects(race),
        "mse_ahead": mse_ahead(race, unit, log_base, data),
        "overfit": overfit_note(race, unit, log_base),
        "overfit_named": overfit_named(race),
        "fell_back": fell_back(race),
        "race_rule": race_rule(race) if race.fair else "",  # else effects() says the rate is shared
        "diverged": divergence_note(race),
        "steps": race.steps,
        "ce_accuracy": percent(ce.accuracy[-1]),
        "mse_accuracy": percent(mse.accuracy[-1]),
        "ce_test_accuracy": percent(ce.test_accuracy[-1]) if held_out else "not measured",
        "mse_test_accuracy": percent(mse.test_accuracy[-1]) if held_out else "not measured",
        "ce_grad_start": f"{ce.loss_grad_norm[0]:.3g}",
        "mse_grad_start": f"{mse.loss_grad_norm[0]:.3g}",
        "grad_share": share_words(share),
        "grad_own": OWN_GRADIENT if race.weight_decay else "",
        "ce_final": loss(ce.cross_entropy[-1]),
        "mse_final": loss(mse.cross_entropy[-1]),
        "ce_test_final": loss(ce.test_cross_entropy[-1]),
        "mse_test_final": loss(mse.test_cross_entropy[-1]),
        "ce_rate": f"{ce.learning_rate:g}",
        "mse_rate": f"{mse.learning_rate:g}",
        "ce_grad_end": f"{ce.grad_norm[-1]:.3g}",
        "mse_grad_end": f"{mse.grad_norm[-1]:.3g}",
        "unit": unit,
        "unit_note": ", a change of unit that only rescales the curves (÷ ln 2)" if unit == "bits" else "",
    }


def gradient_help(race, name):
    """The gradient metrics' tooltip: the loss's gradient, and with weight decay the term λW too."""
    return GRADIENT_HELP[name] + (DECAY_HELP.format(race.weight_decay) if race.weight_decay else "")


def run_metrics(race, name):
    """The six numbers shown for run `name` as (label, value, help), in reading order: left, right, left, …"""
    run = race.runs[name]
    step = reached(race)[name]
    decay = DECAY_LABEL if race.weight_decay else ""
    why_rate = f"The fair race's choice: {rate_reason(race, name)}." if race.fair else "The shared rate."
    when = {
        None: f"Not within the {race.steps} steps of this run.",
        0: "Already at the start, before any step.",
    }
    return (
        ("Learning rate", f"{run.learning_rate:g}", why_rate),
        (f"Reached {percent(race.target)} at step", "never" if step is None else step, when.get(step)),
        ("Training accuracy (end)", percent(run.accuracy[-1]), f"After step {race.steps}."),
        ("Test accuracy (end)", percent(run.test_accuracy[-1]), TEST_HELP),
        (f"Gradient length{decay} (start)", f"{run.grad_norm[0]:.3g}", gradient_help(race, name)),
        (f"Gradient length{decay} (end)", f"{run.grad_norm[-1]:.3g}", gradient_help(race, name)),
    )
