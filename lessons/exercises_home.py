"""Home's problem sheet: what a loss is, and H(p, q) with one true class. Each exercise's numbers come from
the sheet's seed; each answer from core/."""

import numpy as np

from core.losses import cross_entropy
from lessons.exercise_parts import (
    Exercise,
    carried,
    fraction_of,
    gives,
    hundredths,
    named,
    rounded,
    signed,
    two,
)

PHOTO_CLASSES = ("dog", "cat", "rabbit")


def _photo_loss(true, q, units):
    """ℓ = H(p, q) for one photo whose one-hot target is on class `true`, in the learner's unit."""
    return cross_entropy(true, np.asarray(q), base=units.base)


def _uniform(k, units):
    """What a uniform guess over k classes pays on any sample: log k."""
    return cross_entropy(0, np.full(k, 1 / k), base=units.base)


def one_photo(rng, units):
    true = int(rng.integers(3))
    q = np.zeros(3)
    q[true] = int(rng.integers(10, 86))
    q[[i for i in range(3) if i != true]] = hundredths(rng, 100 - int(q[true]), 2)
    q /= 100
    name, log, loss = PHOTO_CLASSES[true], units.log, _photo_loss(true, q, units)
    p = ", ".join("1" if i == true else "0" for i in range(3))
    terms = " + ".join(f"{1 if i == true else 0} \\cdot {log} {two(q[i])}" for i in range(3))
    return Exercise(
        "home-photo",
        "One photo, one true class",
        f"A classifier looks at a photo of a **{name}** and predicts q = ({named(PHOTO_CLASSES, q)}). "
        f"Write out every term of $H(p, q) = -\\sum_i p_i {log} q_i$ and compute this photo's loss "
        f"${units.loss}$ in {units.name}.",
        (
            f"The target is one-hot: $p = ({p})$ over (dog, cat, rabbit), 1 on {name} and 0 on the other two "
            "classes.",
            f"Term by term, $H(p, q) = -({terms})$. A term whose $p_i$ is 0 adds nothing, whatever $q_i$ is, "
            f"so only the {name} term is left.",
            f"${units.loss} = H(p, q) = -{log} {two(q[true])}$ = **{units(loss)}**.",
            f"How the model splits the other {two(1 - q[true])} between the two wrong classes does not "
            "matter: "
            "moving probability between them leaves the loss as it is. Only the true class's probability "
            "counts.",
        ),
        given={"true": true, "q": tuple(q)},
        answers={"loss": units(loss)},
    )


def against_uniform(rng, units):
    k, q_y = int(rng.integers(3, 11)), int(rng.integers(1, 10)) / 100
    wrong = int(rng.integers(70, 91)) / 100  # drawn last, so that K and q_y are the numbers they always were
    log, loss, uniform = units.log, _photo_loss(0, [q_y, 1 - q_y], units), _uniform(k, units)
    places = carried(lambda d: gives(rounded(loss, d) - rounded(uniform, d), loss - uniform))
    return Exercise(
        "home-uniform",
        "A confident mistake against a shrug",
        f"A model sorts images into K = {k} classes. On one image it puts {two(wrong)} on a wrong class and "
        f"gives the true class only $q_y = {two(q_y)}$. What loss ${units.loss}$ does it pay on this image, "
        f"in {units.name}? Compare it with a model that shrugs and gives every class the same probability "
        "1/K.",
        (
            f"With a one-hot target only the true class counts, so the {two(wrong)} on the wrong class does "
            f"not enter: ${units.loss} = -{log} q_y = -{log} {two(q_y)}$ = {units(loss, places)}.",
            f"The shrug gives every class 1/K, the true class too, so on any image it pays "
            f"$-{log}(1/{k}) = {log} {k}$ = {units(uniform, places)}, whatever the true class is.",
            f"The model gave the true class {two(q_y)}, less than {fraction_of(k)}, and −log falls as its "
            f"argument grows, so the model pays more than the shrug: **{units(loss, places)}** against "
            f"**{units(uniform, places)}**, {signed(loss, places)} − {signed(uniform, places)} = "
            f"**{units(loss - uniform)}** more.",
            f"To pay less than the shrug's ${log} {k}$, a model must give the true class more than 1/{k}.",
        ),
        given={"k": k, "q_y": q_y, "wrong": wrong},
        answers={
            "loss": units(loss, places),
            "uniform": units(uniform, places),
            "more": units(loss - uniform),
        },
    )


def same_true_probability(rng, units):
    true = int(rng.integers(3))
    q_y = int(rng.integers(20, 81))
    rest = 100 - q_y
    first = int(rng.choice([share for share in range(1, rest) if 2 * share != rest]))
    others = [i for i in range(3) if i != true]
    q_a, q_b = np.zeros(3), np.zeros(3)
    q_a[true] = q_b[true] = q_y / 100
    q_a[others], q_b[others] = (first / 100, (rest - first) / 100), ((rest - first) / 100, first / 100)
    name, log = PHOTO_CLASSES[true], units.log
    loss_a, loss_b = _photo_loss(true, q_a, units), _photo_loss(true, q_b, units)
    return Exercise(
        "home-spread",
        "Where the wrong probability goes",
        f"The photo is a **{name}**. Model A predicts ({named(PHOTO_CLASSES, q_a)}); model B predicts "
        f"({named(PHOTO_CLASSES, q_b)}). Compute each model's loss in {units.name}. Does either pay more? "
        "Why?",
        (
            f"The target is one-hot on {name}, so each loss is $-{log} q(\\text{{{name}}})$: only the "
            "probability of "
            "the true class counts.",
            f"Model A: ${units.loss} = -{log} {two(q_a[true])}$ = **{units(loss_a)}**.",
            f"Model B: ${units.loss} = -{log} {two(q_b[true])}$ = **{units(loss_b)}**.",
            f"They pay the same. Both give {name} {two(q_y / 100)}; they only split the other "
            f"{two(rest / 100)} differently between the wrong classes, and with a one-hot target "
            "cross-entropy "
            "never looks at that split.",
        ),
        given={"true": true, "q_a": tuple(q_a), "q_b": tuple(q_b)},
        answers={"loss_a": units(loss_a), "loss_b": units(loss_b)},
    )


def halving(rng, units):
    q_y = 2 * int(rng.integers(10, 50)) / 100
    log = units.log
    before, after = _photo_loss(0, [q_y, 1 - q_y], units), _photo_loss(0, [q_y / 2, 1 - q_y / 2], units)
    log_two = _uniform(2, units)
    places = carried(lambda d: gives(rounded(after, d) - rounded(before, d), after - before))
    return Exercise(
        "home-halve",
        "Half the probability",
        f"A model gives the true class $q_y = {two(q_y)}$. After a bad update it gives {two(q_y / 2)}, half "
        f"as much. Compute the loss before and after, in {units.name}, and how much it grew. Then show that "
        "halving $q_y$ always adds the same amount, and say how much.",
        (
            f"Before: ${units.loss} = -{log} {two(q_y)}$ = {units(before, places)}.",
            f"After: ${units.loss} = -{log} {two(q_y / 2)}$ = {units(after, places)}.",
            f"It grew by {signed(after, places)} − {signed(before, places)} = **{units(after - before)}**.",
            f"For any $q_y$, $-{log}(q_y/2) = -{log} q_y + {log} 2$: the log turns halving into adding "
            f"${log} 2$ = **{units(log_two)}**, whatever $q_y$ was. That is exactly 1 bit: each halving of "
            "the true class's probability costs one more bit.",
        ),
        given={"q_y": q_y},
        answers={
            "before": units(before, places),
            "after": units(after, places),
            "grew": units(after - before),
        },
    )


def limits(rng, units):
    power = int(rng.integers(2, 7))
    q_y, log = 10.0**-power, units.log
    perfect, tiny, ten = (_photo_loss(0, [q, 1 - q], units) for q in (1.0, q_y, 0.1))
    return Exercise(
        "home-limits",
        "Perfect, and without bound",
        f"A model gives the true class $q_y = 1$; another gives it $q_y = 10^{{-{power}}}$. Compute both "
        f"losses in {units.name}. What happens to the loss as $q_y$ goes to 0?",
        (
            f"$q_y = 1$: ${units.loss} = -{log} 1$ = **{units(perfect)}**. A perfect prediction costs "
            "nothing.",
            f"$q_y = 10^{{-{power}}}$: ${units.loss} = -{log} 10^{{-{power}}} = {power}\\,{log} 10$ = "
            f"**{units(tiny)}**.",
            f"Each factor of 10 taken off $q_y$ adds ${log} 10$ = {units(ten)}, so as $q_y$ goes to 0 the "
            "loss "
            "grows without bound, and $q_y = 0$ costs ∞: a confident mistake has no ceiling on its price.",
        ),
        given={"power": power},
        answers={"perfect": units(perfect), "tiny": units(tiny)},
    )


EXERCISES = (one_photo, against_uniform, same_true_probability, halving, limits)
