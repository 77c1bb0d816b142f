"""The fair race in words: who reached the target, at which rate and why that rate, each sentence chosen
from what the race measured (the training lab's other sentences are in lessons/training.py)."""

import math

from core.race import LEARNING_RATES, TIE
from core.training import LOSS_LABELS

LOWEST = f"where its own loss ended lowest (to within {100 * TIE:g} %, then the smaller rate)"
CLOSE = 1.25  # steps within this factor of each other, plus one step: too close for the rate grid to call


def percent(fraction):
    """0.9 as '90 %'."""
    return f"{100 * fraction:.0f} %"


def reached(race):
    """{loss name: the step at which its shown run first reached the target, or None}."""
    return {name: race.grid[name][run.learning_rate] for name, run in race.runs.items()}


def never(race):
    """The losses that reached the target at no rate the race tried, in LOSS_LABELS' order."""
    return [name for name in LOSS_LABELS if all(step is None for step in race.grid[name].values())]


def started_past(race):
    """True when the shared starting weights already meet the target at step 0 (for both runs, so)."""
    return reached(race)["cross_entropy"] == 0


def too_close_to_call(a, b):
    """Steps a and b within a quarter, plus one step, of each other: the rate grid jumps x2 or x2.5 from
    rate to rate, so a rate off the grid could close or swap a gap that small."""
    return max(a, b) <= CLOSE * min(a, b) + 1


def at_grid_top(race):
    """The runs the fair race shows at the grid's largest rate, in LOSS_LABELS' order ([] in a shared-rate
    race, which chose no rate)."""
    top = max(LEARNING_RATES)
    return [name for name in LOSS_LABELS if race.fair and race.runs[name].learning_rate == top]


def sooner_off_grid(race):
    """The runs a rate above the grid's largest might take to the target sooner, in LOSS_LABELS' order: those
    that reached it fastest at the grid's largest rate, and after step 1 (no rate beats one step). The
    headline's caveat (Basic, the chart's alt sentence, the reveal) names exactly these."""
    steps = reached(race)
    return [name for name in at_grid_top(race) if steps[name] is not None and steps[name] > 1]


def winner(race):
    """Who reached the target first at the rates shown: 'cross_entropy', 'mse', 'tie' (steps too close
    for the rate grid to call, either way round) or 'neither'. The sentences, the predict answer and the
    checkpoint's claims all take the verdict from here."""
    ce, mse = reached(race)["cross_entropy"], reached(race)["mse"]
    if ce is None and mse is None:
        return "neither"
    if ce is not None and mse is not None and too_close_to_call(ce, mse):
        return "tie"
    return "cross_entropy" if mse is None or (ce is not None and ce < mse) else "mse"


def one_step_bound(first, other):
    """Why a rate off the grid can at most tie a run that got there in one step: `first` did, `other` did
    not (labels, as in a sentence)."""
    return (
        f"{first} got there in one step, the fewest possible, so a rate off the grid could at most let "
        f"{other} tie at step 1"
    )


BOTH_IN_ONE_STEP = (
    "Both got there in one step, the fewest possible, so no rate off the grid could change this race."
)


def off_grid(race):
    """What a rate off the grid could do to this fair race ('' when it has nothing to add): when both got
    there in one step, nothing; else, for the run behind (both, at equal steps), shown at the grid's largest
    rate: at most a tie at step 1 behind a run that got there in one step, or something this race cannot
    tell. A run behind at a smaller rate had larger rates on the grid to try, and they were no faster."""
    if not race.fair or started_past(race):
        return ""
    steps = reached(race)
    if steps["cross_entropy"] == steps["mse"] == 1:
        return BOTH_IN_ONE_STEP
    last = max(math.inf if step is None else step for step in steps.values())
    behind = [
        name for name in at_grid_top(race) if (math.inf if steps[name] is None else steps[name]) == last
    ]
    top = f"{max(LEARNING_RATES):g}"
    if len(behind) == 2:
        return (
            f"Both losses are shown at rate {top}, the largest on the grid: a larger rate off the grid might "
            "do better for either, which this race cannot tell."
        )
    if not behind:
        return ""
    name = behind[0]
    other = "mse" if name == "cross_entropy" else "cross_entropy"
    label = LOSS_LABELS[name]
    lead = f"{label[0].upper()}{label[1:]}'s rate, {top}, is the largest on the grid"
    if steps[other] == 1:
        return f"{lead}, but {one_step_bound(LOSS_LABELS[other], label)}."
    return f"{lead}: a larger rate off the grid might do better for it, which this race cannot tell."


def rate_reason(race, name):
    """Why the fair race shows run `name` at its rate: 'its fastest rate' or 'its lowest final loss'."""
    return "its lowest final loss" if name in never(race) or started_past(race) else "its fastest rate"


def headline(race):
    """One sentence: how fast each loss reached the target, at which rate, and why that rate."""
    ce, mse = race.runs["cross_entropy"], race.runs["mse"]
    steps = reached(race)
    goal = f"{100 * race.target:g} % accuracy"
    if started_past(race):
        shown = (
            f"; each is shown at the rate {LOWEST}: {ce.learning_rate:g} for "
            f"cross-entropy, {mse.learning_rate:g} for MSE"
            if race.fair
            else ""
        )
        return (
            f"The starting weights already classify {percent(ce.accuracy[0])} of the training points right, "
            f"past the {goal} target, so there is no race to measure{shown}."
        )
    ce_step, mse_step = steps["cross_entropy"], steps["mse"]
    if not race.fair:
        lead = f"At one shared learning rate of {race.shared_rate:g}"
        nowhere = f"within {race.steps} steps"
        if ce_step is not None and mse_step is not None:
            return f"{lead}, cross-entropy reached {goal} at step {ce_step}; MSE at step {mse_step}."
        if ce_step is not None or mse_step is not None:
            first, other = ("cross-entropy", "MSE") if ce_step is not None else ("MSE", "cross-entropy")
            return (
                f"{lead}, {first} reached {goal} at step {ce_step if ce_step is not None else mse_step}; "
                f"{other} did not reach it {nowhere}."
            )
        return (
            f"{lead}, neither loss reached {goal} {nowhere}; cross-entropy ends at "
            f"{percent(ce.accuracy[-1])} of the training points, MSE at {percent(mse.accuracy[-1])}."
        )
    nowhere = f"at no rate on the grid within {race.steps} steps"
    if ce_step is not None and mse_step is not None:
        return (
            f"Each at its own fastest learning rate on the grid, cross-entropy reached {goal} at step "
            f"{ce_step} (rate {ce.learning_rate:g}); MSE at step {mse_step} (rate {mse.learning_rate:g})."
            f"{grid_edge(race)}"
        )
    if ce_step is not None or mse_step is not None:
        (first, first_label), (other, other_label) = (
            (("cross_entropy", "cross-entropy"), ("mse", "MSE"))
            if ce_step is not None
            else (("mse", "MSE"), ("cross_entropy", "cross-entropy"))
        )
        return (
            f"At its fastest learning rate on the grid ({race.runs[first].learning_rate:g}), {first_label} "
            f"reached {goal} at step {steps[first]}; {other_label} reached it {nowhere}, and is shown at "
            f"rate {race.runs[other].learning_rate:g}, {LOWEST}.{grid_edge(race)}"
        )
    return (
        f"Neither loss reached {goal} at any rate on the grid within {race.steps} steps, so each is shown "
        f"at the rate {LOWEST}: cross-entropy at rate {ce.learning_rate:g}, with "
        f"{percent(ce.accuracy[-1])} of the training points right, MSE at rate {mse.learning_rate:g}, "
        f"with {percent(mse.accuracy[-1])}."
    )


def grid_edge(race):
    """' (Rate 10 is the grid's largest, so MSE might get there sooner …)' naming the runs of
    sooner_off_grid(race) ('' when there are none)."""
    names = sooner_off_grid(race)
    if not names:
        return ""
    who = "both losses" if len(names) == 2 else LOSS_LABELS[names[0]]
    return (
        f" (Rate {max(LEARNING_RATES):g} is the grid's largest, so {who} might get there sooner at a larger "
        "rate: the race compares the losses within the grid.)"
    )


def figure_title(race):
    """The chart's title in short lines (a phone is about 45 characters wide), e.g. 'Steps to 90 % accuracy,
    each loss at its fastest rate:<br>cross-entropy 2 (rate 10), MSE 36 (rate 10)'."""
    goal = f"{100 * race.target:g} % accuracy"
    if started_past(race):
        return f"Past {goal} at step 0,<br>before any training: no race to measure"
    steps = reached(race)
    counts = {name: f"not within {race.steps}" if step is None else str(step) for name, step in steps.items()}
    if not race.fair:
        parts = [f"{LOSS_LABELS[name]} {counts[name]}" for name in LOSS_LABELS]
        return f"Steps to {goal} at one rate, {race.shared_rate:g}:<br>{', '.join(parts)}"
    if not never(race):
        parts = [
            f"{LOSS_LABELS[name]} {counts[name]} (rate {race.runs[name].learning_rate:g})" for name in steps
        ]
        return f"Steps to {goal}, each loss at its fastest rate:<br>{', '.join(parts)}"
    reasons = {name: "lowest loss" if name in never(race) else "fastest" for name in LOSS_LABELS}
    parts = [
        f"{LOSS_LABELS[name]} {'never' if steps[name] is None else steps[name]} "
        f"(rate {race.runs[name].learning_rate:g}, {reasons[name]})"
        for name in LOSS_LABELS
    ]
    return f"Steps to {goal} within {race.steps} steps:<br>{'<br>'.join(parts)}"


def race_rule(race):
    """How the runs shown were chosen, in the race's own state."""
    if not race.fair:
        return (
            f"The fair race is off: both losses train at the one shared rate of {race.shared_rate:g}, "
            "so a gap between them can come from a rate that suits one loss better than the other."
        )
    rule = (
        "The fair race trains both losses at every learning rate on the slider (0.01 to 10) and shows each "
        f"at the rate that reached {100 * race.target:g} % training accuracy in the fewest steps; among "
        "rates equally fast, and when no rate reaches it, at the rate whose own loss ended lowest (then the "
        "smaller rate), so an under-trained run is never shown as the best. It tries no rate beyond the "
        "slider: a still larger rate can shorten a stall, but it multiplies every other push as well."
    )
    missed = never(race)
    if started_past(race):
        rule += " Here the starting weights are already past the target, so every rate ties at step 0."
    elif len(missed) == 2:
        rule += " Here neither loss reached it at any rate, so both are shown at their lowest-loss rates."
    elif missed:
        rule += (
            f" Here {LOSS_LABELS[missed[0]]} reached it at no rate, so it is shown at its lowest-loss rate."
        )
    return rule


# MSE ahead by at most this many training points: a point near a border, not a different border
NEAR_BORDER_GAP = 2
# the data sets no straight border can split (the page's radio value: its name in a sentence)
CURVED = {"XOR blobs": "XOR blobs", "Two moons": "two moons"}


def mse_ahead(race, unit, log_base=1.0, data=None):
    """What it means when the MSE run ends ahead: lower on cross-entropy itself, or with more training points
    right and no lower test accuracy (else ''). A gap of a point or two is a point near a border; a larger
    one, for a linear model on `data` no straight border splits, is two compromise borders."""
    ce, mse = race.runs["cross_entropy"], race.runs["mse"]
    shown = {name: f"{run.cross_entropy[-1] / log_base:.3f}" for name, run in race.runs.items()}
    if float(shown["mse"]) < float(shown["cross_entropy"]):
        notes = [
            f"Here the MSE run ends with the lower training cross-entropy, {shown['mse']} {unit} against "
            f"{shown['cross_entropy']}, although the other run trains on cross-entropy itself: in "
            f"{race.steps} steps at rate {ce.learning_rate:g} the cross-entropy run has not come down as far."
        ]
        if len(ce.params) > 2:
            notes.append(
                "With a hidden layer cross-entropy is not convex in the weights, so the two runs can also "
                "come to rest in different valleys."
            )
        if race.weight_decay:
            notes.append(
                "With weight decay the cross-entropy run lowers cross-entropy plus the fine for large "
                "weights, not cross-entropy alone."
            )
        if len(notes) == 1:
            notes.append(
                "For this linear model cross-entropy is convex: with a small enough rate and enough steps, "
                "gradient descent on it comes as close as you like to the lowest training cross-entropy this "
                "model allows, and no run, MSE's included, ends below that. So the MSE run's lead says "
                "only that this rate and these steps did not take the cross-entropy run there."
            )
        return " ".join(notes)
    right = {name: round(run.accuracy[-1] * race.points) for name, run in race.runs.items()}
    if right["mse"] > right["cross_entropy"] and not mse.test_accuracy[-1] < ce.test_accuracy[-1]:
        gap = right["mse"] - right["cross_entropy"]
        ahead = (
            f"Here the MSE run ends with more training points right: {right['mse']} of {race.points} "
            f"({percent(mse.accuracy[-1])}) against {right['cross_entropy']} ({percent(ce.accuracy[-1])})."
        )
        if gap <= NEAR_BORDER_GAP:
            why = (
                "Neither loss aims at accuracy: both score the probabilities, so a point near a border can "
                "fall either way, and which way depends on the rates the race chose and on the random points "
                "(try another seed)."
            )
        elif len(ce.params) == 2 and data in CURVED:
            why = (
                f"A gap of {gap} points is more than a point or two near a border falling either way: "
                f"no straight border can split {CURVED[data]}, and this model is linear, so each loss "
                "settles on a different compromise border and the two accuracies can differ a lot. Switch on "
                "the hidden layer to let the border bend."
            )
        else:
            why = (
                f"A gap of {gap} points is more than a point or two near a border falling either way: "
                "the two losses weigh the points differently, so the two models come to rest at different "
                "borders, "
                "and which does better depends on the rates the race chose and on the random points (try "
                "another seed)."
            )
        return f"{ahead} {why} One run on one set of points is no verdict on the losses."
    return ""
