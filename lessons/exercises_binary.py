"""/binary's problem sheet: binary cross-entropy by hand, a data set's mean, and the push on the logit. Each
exercise's numbers come from the sheet's seed; each answer from core/."""

import math

from core.activations import sigmoid
from core.losses import binary_cross_entropy, binary_cross_entropy_grad, binary_loss_steps
from lessons.exercise_parts import BASES, Exercise, carried, gives, rounded, signed, three, two

LABEL = {1: "spam", 0: "not spam"}


def _labels(rng, count):
    """`count` labels 0/1 in a random order, with at least one of each."""
    return [int(y) for y in rng.permutation([1, 0, *rng.integers(0, 2, count - 2)])]


def _label_probability(y, q):
    """The probability the filter gave email's true label: q for spam, 1 − q for not spam."""
    return q if y == 1 else 1 - q


def _loss_table(units, ys, qs, losses, places):
    """A Markdown table: each email's label, q, the probability of its label and its loss at `places`
    decimals (the unit in the header, so that a phone keeps each value on one line)."""
    rows = [
        f"| {n} | {y} | {two(q)} | {two(_label_probability(y, q))} | {signed(loss, places)} |"
        for n, (y, q, loss) in enumerate(zip(ys, qs, losses, strict=True), start=1)
    ]
    header = f"| n | y | q | its label's probability | ${units.loss_n}$ ({units.name}) |\n"
    return "\n".join([header + "| ---: " * 5 + "|", *rows])


def _running(losses, places):
    """The running sum of the losses as shown, written out as a loop adds them: '0.1054, then 0.1054 +
    0.2231 = 0.3285, ...'; and the total, exact at `places` decimals."""
    shown = [rounded(loss, places) for loss in losses]
    total, parts = shown[0], [signed(shown[0], places)]
    for loss in shown[1:]:
        parts.append(
            f"then {signed(total, places)} + {signed(loss, places)} = {signed(total + loss, places)}"
        )
        total += loss
    return ", ".join(parts), total


def four_emails(rng, units):
    ys = _labels(rng, 4)
    qs = [int(value) / 100 for value in rng.integers(5, 96, 4)]
    steps = binary_loss_steps(ys, qs, base=units.base)
    losses, mean_loss = steps["losses"], steps["mean"]
    log, loss_n, mean = units.log, units.loss_n, units.mean
    places = carried(lambda d: gives(sum(rounded(loss, d) for loss in losses) / 4, mean_loss))
    emails = "; ".join(
        f"email {n}: y = {y}, q = {two(q)}" for n, (y, q) in enumerate(zip(ys, qs, strict=True), start=1)
    ).capitalize()
    running, total = _running(losses, places)
    return Exercise(
        "binary-four",
        "Four emails by hand",
        f"A spam filter gives each email q, its probability of spam; y = 1 marks spam. {emails}. Compute "
        f"each email's binary cross-entropy in {units.name}, then the mean ${mean}$ over the four.",
        (
            f"For email n, ${loss_n} = -[\\,y_n {log} q_n + (1 - y_n) {log}(1 - q_n)\\,]$. One of the two "
            "terms "
            f"is always switched off: spam (y = 1) keeps $-{log} q_n$, not spam (y = 0) keeps "
            f"$-{log}(1 - q_n)$. Either way it is −log of the probability the filter gave the email's true "
            "label.",
            f"Email by email:\n\n{_loss_table(units, ys, qs, losses, places)}",
            f"Add them up one at a time, as a loop does: the running sum is {running} {units.name}.",
            f"Divide by N = 4: ${mean}$ = {signed(total, places)} / 4 = **{units(mean_loss)}**.",
        ),
        given={"y": tuple(ys), "q": tuple(qs)},
        answers={
            **{f"loss_{n}": signed(loss, places) for n, loss in enumerate(losses, start=1)},
            "mean": units(mean_loss),
        },
    )


def one_mistake(rng, units):
    count = int(rng.integers(5, 11))
    right, wrong = int(rng.integers(80, 96)) / 100, int(rng.integers(95, 100)) / 100
    ys, qs = [1] * (count - 1) + [0], [right] * (count - 1) + [wrong]
    steps = binary_loss_steps(ys, qs, base=units.base)
    good, bad = steps["losses"][0], steps["losses"][-1]
    share = bad / steps["running"][-1]

    def lines_hold(d):
        total = (count - 1) * rounded(good, d) + rounded(bad, d)
        return gives(total / count, steps["mean"]) and gives(100 * rounded(bad, d) / total, 100 * share, 1)

    places = carried(lines_hold)
    total = (count - 1) * rounded(good, places) + rounded(bad, places)  # exact at `places` decimals
    log, mean = units.log, units.mean
    good_text, bad_text, total_text = (signed(value, places) for value in (good, bad, total))
    return Exercise(
        "binary-mistake",
        "One confident mistake",
        f"A spam filter scores N = {count} emails. On {count - 1} of them it gives the true label "
        f"{two(right)}. The last one is an ordinary email (y = 0), and the filter gives it "
        f"q = {two(wrong)} of being spam. Compute the mean loss ${mean}$ in {units.name}, and the share of "
        "the total loss that the one mistake carries.",
        (
            f"Each of the {count - 1} good emails costs $-{log} {two(right)}$ = {units(good, places)}.",
            f"The mistake has y = 0, so it keeps $-{log}(1 - q) = -{log} {two(1 - wrong)}$ = "
            f"{units(bad, places)}.",
            f"The {count} losses add up to {count - 1} × {good_text} + {bad_text} = {total_text} "
            f"{units.name}, and ${mean}$ = total / {count} = {total_text} / {count} = "
            f"**{units(steps['mean'])}**.",
            f"The mistake's share of the total: {bad_text} / {total_text} = **{100 * share:.1f} %**. One "
            f"email out of {count} costs more than the other {count - 1} together: its label got only "
            f"{two(1 - wrong)}, and −log grows without bound as that probability goes to 0, while a right "
            "answer can never cost less than 0.",
        ),
        given={"n": count, "right": right, "wrong": wrong},
        answers={"mean": units(steps["mean"]), "share": f"{100 * share:.1f} %"},
    )


def from_the_logit(rng, units):
    y, z = int(rng.integers(0, 2)), int(rng.integers(-30, 31)) / 10
    q = float(sigmoid(z))
    loss = binary_cross_entropy(y, z, from_logits=True, base=units.base)
    push = float(binary_cross_entropy_grad(y, z))
    push_shown = push / math.log(units.base)  # the gradient of the loss in the learner's unit

    def lines_hold(d):
        """In both units, as q is shown alike in both: the loss from q as shown, and q − y (÷ ln 2)."""
        label = _label_probability(y, rounded(q, d))
        return all(
            gives(-math.log(label, base), binary_cross_entropy(y, z, from_logits=True, base=base))
            and gives((rounded(q, d) - y) / math.log(base), push / math.log(base))
            for base in BASES
        )

    places = carried(lines_hold)
    q_text, label_text = signed(q, places), signed(_label_probability(y, rounded(q, places)), places)
    kept = f"-{units.log} q" if y == 1 else f"-{units.log}(1 - q)"
    moves = "raises z, and with it q, towards 1" if y == 1 else "lowers z, and with it q, towards 0"
    answer, push_text = f"**{three(push_shown)} {units.per_logit()}**", signed(rounded(q, places) - y, places)
    if units.name == "nats":
        evaluated = f"Here $q - y$ = {q_text} − {y} = {answer}."
    else:
        evaluated = (
            f"Here $q - y$ = {q_text} − {y} = {push_text}, the gradient of ℓ in nats. In bits, "
            f"divide by ln 2: the gradient of ${units.loss}$ is {push_text} / ln 2 = {answer}."
        )
    return Exercise(
        "binary-logit",
        "From the logit, and its push",
        f"A filter's logit for an email is z = {signed(z, 1)}, so q = σ(z), and the email's label is y = {y} "
        f"({LABEL[y]}). Compute q, the loss ${units.loss}$ in {units.name}, and derive the gradient "
        "∂ℓ/∂z of the loss in nats; evaluate it here, in the unit of the loss you computed.",
        (
            f"$q = \\sigma(z) = 1/(1 + e^{{-z}}) = 1/(1 + e^{{{-z + 0.0:.1f}}})$ = **{q_text}**.",
            f"y = {y}, so only ${kept}$ is left: ${units.loss} = -{units.log} {label_text}$ = "
            f"**{units(loss)}**.",
            "In nats, $\\ell = -[\\,y \\ln q + (1 - y) \\ln(1 - q)\\,]$, so "
            "$\\partial \\ell/\\partial q = -y/q + (1 - y)/(1 - q)$. The sigmoid's slope is "
            "$d q/d z = \\sigma(z)(1 - \\sigma(z)) = q(1 - q)$.",
            "Chain rule: $\\partial \\ell/\\partial z = [-y/q + (1 - y)/(1 - q)] \\cdot q(1 - q) = "
            "-y(1 - q) + (1 - y)q = q - y$.",
            evaluated,
            f"Gradient descent steps against it, z ← z − η · ∂ℓ/∂z with a learning rate η > 0: the step "
            f"{moves}, the label's side. The push is never 0 while 0 < q < 1.",
        ),
        given={"y": y, "z": z},
        answers={"q": q_text, "loss": units(loss), "push": f"{three(push_shown)} {units.per_logit()}"},
    )


def _mean_of_logs(units, probabilities):
    """'-(\\ln 0.57 + \\ln 0.63 + …)/4' for KaTeX: the mean loss of emails whose labels got
    `probabilities`."""
    return f"-({' + '.join(f'{units.log} {two(p)}' for p in probabilities)})/{len(probabilities)}"


def confident_or_cautious(rng, units):
    ys = _labels(rng, 4)
    cautious = [int(value) / 100 for value in rng.integers(55, 66, 4)]
    confident = [int(value) / 100 for value in rng.integers(85, 100, 4)]
    q_cautious = [c if y == 1 else 1 - c for y, c in zip(ys, cautious, strict=True)]
    q_confident = [d if y == 1 else 1 - d for y, d in zip(ys, confident, strict=True)]
    mean_cautious = binary_cross_entropy(ys, q_cautious, base=units.base)
    mean_confident = binary_cross_entropy(ys, q_confident, base=units.base)
    labels = ", ".join(str(y) for y in ys)
    mean = units.mean
    return Exercise(
        "binary-confident",
        "Same decisions, different losses",
        f"Four emails have labels y = ({labels}). Filter A predicts q = "
        f"({', '.join(two(q) for q in q_cautious)}); filter B predicts q = "
        f"({', '.join(two(q) for q in q_confident)}). Which emails does each filter get right at the "
        f"threshold 0.5? Compute each filter's mean loss ${mean}$ in {units.name}, and explain the "
        "difference.",
        (
            "Each filter gives every email's true label more than 0.5, so both call all four emails right: "
            "the same accuracy, 4 out of 4.",
            f"Filter A gives the true labels the probabilities ({', '.join(two(c) for c in cautious)}): "
            f"${mean} = {_mean_of_logs(units, cautious)}$ = **{units(mean_cautious)}**.",
            f"Filter B gives the true labels the probabilities ({', '.join(two(d) for d in confident)}): "
            f"${mean} = {_mean_of_logs(units, confident)}$ = **{units(mean_confident)}**.",
            "Every email's loss is −log of the probability its true label got, and B gives each true label "
            "more than A does, so B pays less on every email and on average. Accuracy only counts which side "
            "of 0.5 a prediction falls; the loss also scores how sure the filter was.",
        ),
        given={"y": tuple(ys), "q_a": tuple(q_cautious), "q_b": tuple(q_confident)},
        answers={"mean_a": units(mean_cautious), "mean_b": units(mean_confident)},
    )


EXERCISES = (four_emails, one_mistake, from_the_logit, confident_or_cautious)
