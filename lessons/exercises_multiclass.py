"""/multiclass's problem sheet: softmax by hand, one-hot, soft and smoothed targets, temperature, and the
gradient in the logits. Each exercise's numbers come from the sheet's seed; each answer from core/."""

import math

import numpy as np

from core.activations import softmax
from core.losses import cross_entropy, cross_entropy_grad, smooth_labels
from lessons.exercise_parts import (
    BASES,
    Exercise,
    carried,
    gives,
    hundredths,
    rounded,
    signed,
    tex_number,
    tex_vector,
    three,
    two,
    vector,
)

CLASSES = ("dog", "cat", "rabbit")
FOUR_CLASSES = ("dog", "cat", "rabbit", "fox")
TEMPERATURES = (0.5, 2.0)
SMOOTHINGS = (0.04, 0.08, 0.12, 0.16, 0.2)


def _logits(rng, low, high):
    """Three different whole-number logits in [low, high]."""
    return np.array(rng.choice(np.arange(low, high + 1), 3, replace=False), dtype=float)


def _whole(values):
    """(2, 1, −1) for KaTeX: whole-number logits as they are stated."""
    return "(" + ",\\ ".join(f"{value:g}" for value in values) + ")"


def _minus(value):
    """'- 2' or '- (-1)' for KaTeX: subtracting a whole number as a line writes it."""
    return f"- {value:g}" if value >= 0 else f"- ({value:g})"


def by_hand(rng, units):
    z, true = _logits(rng, -1, 3), int(rng.integers(3))
    q = softmax(z)
    loss = cross_entropy(true, z, from_logits=True, base=units.base)
    powers = np.exp(z)  # the worked step's e^{z_i}, shown; q itself is core's softmax

    def lines_hold(d):
        """In both units, as e^z and S are shown alike in both: q from them, the loss (and ln S − z_y)."""
        shown = [rounded(power, d) for power in powers]
        total = sum(shown)  # S as the step adds the numbers it shows
        nats = cross_entropy(true, z, from_logits=True)
        return (
            all(gives(power / total, q_i) for power, q_i in zip(shown, q, strict=True))
            and all(gives(-math.log(shown[true] / total, base), nats / math.log(base)) for base in BASES)
            and gives(math.log(total) - z[true], nats)
        )

    places = carried(lines_hold)
    total = sum(rounded(power, places) for power in powers)
    name, log = CLASSES[true], units.log
    power_y, total_text = tex_number(powers[true], places), tex_number(total, places)
    shortcut = (
        f" In nats that is also $\\ln S - z_y = \\ln {total_text} {_minus(z[true])}$ = {units(loss)}, "
        "with no division."
        if units.name == "nats"
        else ""
    )
    return Exercise(
        "multiclass-softmax",
        "Softmax by hand",
        f"A classifier's logits for (dog, cat, rabbit) are $z = {_whole(z)}$ and the photo is a **{name}**. "
        f"Turn the logits into probabilities q with softmax, then compute the loss ${units.loss}$ in "
        f"{units.name}.",
        (
            f"Exponentiate each logit: $e^{{z_i}} = {tex_vector(powers, places)}$. Each is positive, "
            "whatever the sign of its logit.",
            f"Add them: $S = \\sum_j e^{{z_j}}$ = "
            f"{' + '.join(signed(power, places) for power in powers)} = {signed(total, places)}.",
            f"Divide each by S: $q_i = e^{{z_i}}/S$, so q = **{vector(q)}**. They are positive and add up "
            "to 1, a distribution; the largest logit gets the largest probability.",
            f"The target is one-hot on {name}: ${units.loss} = -{log} q_y = -{log}(e^{{z_y}}/S) = "
            f"-{log}({power_y}/{total_text})$ = **{units(loss)}**.{shortcut}",
        ),
        given={"z": tuple(z), "true": true},
        answers={**{f"q_{i}": three(value) for i, value in enumerate(q)}, "loss": units(loss)},
    )


def _terms(units, p, q):
    """'0.70 · log 0.40 + 0.30 · log 0.25' for the classes p gives mass."""
    return " + ".join(
        f"{tex_number(p_i, 2)} \\cdot {units.log} {two(q_i)}"
        for p_i, q_i in zip(p, q, strict=True)
        if p_i > 0
    )


def three_targets(rng, units):
    true = int(rng.integers(4))
    q = np.array(hundredths(rng, 100, 4, low=5)) / 100
    soft = np.zeros(4)
    soft[true] = int(rng.integers(6, 9))  # the photo's class keeps most of the weight: 0.6 to 0.8
    soft[[i for i in range(4) if i != true]] = hundredths(rng, 10 - int(soft[true]), 3, low=0)
    soft /= 10
    eps = float(rng.choice(SMOOTHINGS))
    one_hot = np.eye(4)[true]
    smoothed = smooth_labels(one_hot, eps)
    onehot_loss, soft_loss, smoothed_loss = (
        cross_entropy(target, q, base=units.base) for target in (one_hot, soft, smoothed)
    )
    name, log = FOUR_CLASSES[true], units.log
    return Exercise(
        "multiclass-targets",
        "One prediction, three targets",
        f"A model predicts q = {vector(q, 2)} over (dog, cat, rabbit, fox) for a photo of a **{name}**. "
        f"Compute $H(p, q)$ in {units.name} for three targets: (a) one-hot on {name}; (b) the soft label "
        f"$p = {tex_vector(soft, 1)}$; (c) the one-hot label smoothed with $\\varepsilon = {two(eps)}$.",
        (
            f"(a) Only the true class counts: $H(p, q) = -{log} {two(q[true])}$ = **{units(onehot_loss)}**.",
            "(b) Every class with $p_i > 0$ counts, weighted by $p_i$: $H(p, q) = "
            f"-({_terms(units, soft, q)})$ "
            f"= **{units(soft_loss)}**.",
            f"(c) Smoothing moves a share ε of the target evenly onto all K = 4 classes: "
            f"$\\tilde p = (1 - \\varepsilon)\\,p + \\varepsilon u$ with $u = 1/K$ on each class, so {name} "
            "gets "
            f"{tex_number(1 - eps, 2)} + {tex_number(eps / 4, 2)} = {tex_number(smoothed[true], 2)} and each "
            f"other class {tex_number(eps / 4, 2)}: $\\tilde p = {tex_vector(smoothed, 2)}$.",
            f"Then $H(\\tilde p, q) = -({_terms(units, smoothed, q)})$ = **{units(smoothed_loss)}**.",
            "With a one-hot target the model is charged only for its probability on the true class. A soft "
            "or smoothed target also charges −log q for each other class it gives weight, in proportion to "
            "that weight, so the same prediction gets a different loss.",
        ),
        given={"true": true, "q": tuple(q), "soft": tuple(soft), "eps": eps},
        answers={"one_hot": units(onehot_loss), "soft": units(soft_loss), "smoothed": units(smoothed_loss)},
    )


def _loss_line(units, q_y, nats):
    """'$-\\ln 0.0218$ = **3.826 nats**': the loss (`nats` in nats) from q_y, with q_y shown to as many
    decimals (four or more) as it takes for the log of the number shown to give the loss shown, in both units
    alike."""
    places = carried(
        lambda d: all(gives(-math.log(rounded(q_y, d), base), nats / math.log(base)) for base in BASES)
    )
    return f"$-{units.log} {tex_number(q_y, places)}$ = **{units(nats / math.log(units.base))}**"


def temperature(rng, units):
    z, true, temp = _logits(rng, 0, 3), int(rng.integers(3)), float(rng.choice(TEMPERATURES))
    q_one, q_t = softmax(z), softmax(z, temperature=temp)
    nats_one, nats_t = (cross_entropy(true, z / t, from_logits=True) for t in (1.0, temp))
    loss_one, loss_t = (nats / math.log(units.base) for nats in (nats_one, nats_t))
    top, name = int(np.argmax(z)), CLASSES[true]
    sharper = temp < 1
    change = "changed" if units(loss_one) != units(loss_t) else "left unchanged at three decimals"
    return Exercise(
        "multiclass-temperature",
        "Temperature",
        f"Logits $z = {_whole(z)}$ over (dog, cat, rabbit); the photo is a **{name}**. Compute "
        f"$q = \\mathrm{{softmax}}(z/T)$ at T = 1 and at T = {temp:g}, and the loss ${units.loss}$ in "
        f"{units.name} at each. What does T = {temp:g} do to the distribution?",
        (
            f"At T = 1: q = softmax(z) = {vector(q_one)}.",
            f"At T = {temp:g}, divide first: $z/T = {tex_vector(z / temp, 1)}$, then softmax: q = "
            f"{vector(q_t)}.",
            f"The top class, {CLASSES[top]}, had {three(q_one[top])} and now has **{three(q_t[top])}**: T = "
            f"{temp:g} {'sharpens' if sharper else 'flattens'} the distribution. Dividing by T "
            f"{'< 1 stretches' if sharper else '> 1 shrinks'} the gaps between logits, and softmax turns "
            "bigger gaps into more lopsided probabilities; the order of the classes stays the same.",
            f"The loss on the {name} photo is ${units.loss} = -{units.log} q_y$, with $q_y$ to as many "
            "decimals as the log needs: "
            f"{_loss_line(units, q_one[true], nats_one)} at T = 1, {_loss_line(units, q_t[true], nats_t)} at "
            f"T = {temp:g}. Temperature {change} the loss without changing the logits.",
        ),
        given={"z": tuple(z), "true": true, "t": temp},
        answers={
            "top_1": three(q_one[top]),
            "top_t": three(q_t[top]),
            "loss_1": units(loss_one),
            "loss_t": units(loss_t),
        },
    )


def gradient(rng, units):
    z, true, temp = _logits(rng, -1, 2), int(rng.integers(3)), float(rng.choice(TEMPERATURES))
    q = softmax(z, temperature=temp)
    push = cross_entropy_grad(true, z / temp) / temp  # ∂ℓ/∂z = (q − p)/T in nats, as /multiclass computes it
    shown = push / math.log(units.base)
    p = np.eye(3)[true]

    def lines_hold(d):
        """In both units, as q is shown alike in both: (q − p)/T from q as shown, and that ÷ ln 2."""
        from_q = [(rounded(q_i, d) - p_i) / temp for q_i, p_i in zip(q, p, strict=True)]
        return all(
            gives(value, push_i) and gives(value / math.log(2), push_i / math.log(2))
            for value, push_i in zip(from_q, push, strict=True)
        )

    places = carried(lines_hold)
    # in bits, (q − p)/T from the q shown, written out exactly: one decimal more when T = 2 halves it
    from_q = [(rounded(q_i, places) - p_i) / temp for q_i, p_i in zip(q, p, strict=True)]
    exact = tex_vector(from_q, places + (temp > 1))
    in_nats = tex_vector(push) if units.name == "nats" else exact
    bits = (
        ""
        if units.name == "nats"
        else " That is the gradient of ℓ in nats; the loss in bits is ℓ / ln 2, so its gradient is "
        f"$\\partial \\ell_{{\\text{{bits}}}}/\\partial z = {exact}/\\ln 2 = "
        f"{tex_vector(shown)}$."
    )
    return Exercise(
        "multiclass-gradient",
        "The gradient through a softmax with temperature",
        "Derive $\\partial \\ell/\\partial z$ for one sample's loss in nats, $\\ell = -\\sum_i p_i \\ln "
        "q_i$ "
        f"with $q = \\mathrm{{softmax}}(z/T)$. Then evaluate it for $z = {_whole(z)}$, T = {temp:g} and a "
        f"one-hot target on **{CLASSES[true]}**, in {units.per_logit()}.",
        (
            "Differentiate in q first: $\\partial \\ell/\\partial q_i = -p_i/q_i$.",
            "Write $q_i = e^{z_i/T}/S$ with $S = \\sum_k e^{z_k/T}$. Let $\\delta_{ij} = 1$ if $i = j$ and 0 "
            "otherwise; then $\\partial e^{z_i/T}/\\partial z_j = \\delta_{ij}\\, e^{z_i/T}/T$ and "
            "$\\partial S/\\partial z_j = e^{z_j/T}/T$. The quotient rule, "
            "$(u/S)' = (u' S - u S')/S^2$, gives\n\n"
            "$$\\dfrac{\\partial q_i}{\\partial z_j} = "
            "\\dfrac{\\delta_{ij}\\,(e^{z_i/T}/T)\\, S - e^{z_i/T}\\,(e^{z_j/T}/T)}{S^2} = "
            "\\dfrac{1}{T}\\Big(\\delta_{ij}\\dfrac{e^{z_i/T}}{S} - \\dfrac{e^{z_i/T}}{S}\\,"
            "\\dfrac{e^{z_j/T}}{S}\\Big) = \\dfrac{q_i(\\delta_{ij} - q_j)}{T}$$\n\n"
            "that is $q_i(1 - q_i)/T$ for $j = i$, and $-q_i q_j/T$ for $j \\ne i$.",
            "Chain rule: $\\partial \\ell/\\partial z_j = \\sum_i (-p_i/q_i)\\, q_i(\\delta_{ij} - q_j)/T = "
            "(-p_j + q_j \\sum_i p_i)/T = (q_j - p_j)/T$: the $\\delta_{ij}$ keeps only the term $i = j$, "
            "and the $p_i$ add up to 1.",
            f"Here $q = \\mathrm{{softmax}}(z/T) = {tex_vector(q, places)}$ and $p = {_whole(p)}$, so "
            f"$\\partial \\ell/\\partial z = (q - p)/T = {in_nats}$.{bits}",
            f"Answer: **{vector(shown)}** {units.per_logit()}. Unrounded, the entries add up to 0, because q "
            "and p both add up to 1; the true class's is the only negative one, so a gradient-descent step "
            "raises its logit and lowers the others.",
        ),
        given={"z": tuple(z), "true": true, "t": temp},
        answers={f"grad_{i}": three(value) for i, value in enumerate(shown)},
    )


def shift(rng, units):
    z, a = _logits(rng, -2, 2), float(rng.choice([-3, -2, -1, 1, 2, 3, 4, 5]))
    q, q_shifted = softmax(z), softmax(z + a)
    added = f"z + {a:g}" if a > 0 else f"z - {-a:g}"
    return Exercise(
        "multiclass-shift",
        "Adding the same number to every logit",
        f"Compute softmax of $z = {_whole(z)}$ and of $z + a$ with a = {signed(a, 0)}, that is "
        f"${added} = {_whole(z + a)}$. Explain the result, and say what it means for the loss.",
        (
            f"$e^{{z_i + a}} = e^a\\, e^{{z_i}}$: adding a = {signed(a, 0)} multiplies every exponential by "
            f"the same factor $e^{{{a:g}}}$.",
            "In $q_i = e^{z_i + a}/\\sum_j e^{z_j + a}$ that factor stands above and below the line and "
            "cancels: $q_i = e^{z_i}/\\sum_j e^{z_j}$.",
            f"In numbers: softmax(z) = {vector(q)} and softmax(z + a) = **{vector(q_shifted)}**, the same.",
            "Only the differences between logits matter, so the loss, which depends on z only through q, is "
            "unchanged too. The same fact lets softmax subtract the largest logit first, so that no "
            "exponential overflows.",
        ),
        given={"z": tuple(z), "a": a},
        answers={f"q_{i}": three(value) for i, value in enumerate(q_shifted)},
    )


EXERCISES = (by_hand, three_targets, temperature, gradient, shift)
