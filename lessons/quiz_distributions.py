"""Numeric quiz questions about whole distributions: the gradient q - p, entropy, KL divergence, perplexity
from per-token probabilities, and the best loss left under label smoothing.

Like lessons/quiz.py: the numbers are drawn from the numpy Generator passed in and rounded before use, so
the prompt shows exactly what the answer (computed by core/) is computed from.
"""

import numpy as np

from content.quiz_bank import NumericQuestion
from content.text import UNITS
from core.information import entropy, kl_divergence
from core.losses import cross_entropy_grad, safe_log
from core.sequences import sequence_losses
from core.variants import best_achievable_loss

CLASSES = ("cat", "dog", "rabbit", "fox")
WORDS = ("the", "cat", "sat", "on", "a", "mat")


def log_name(units):
    """The KaTeX name of the logarithm for a unit."""
    return r"\ln" if units == "nats" else r"\log_2"


def distribution(rng, k, floor=2):
    """k probabilities with two decimals, each at least floor / 100, summing to exactly 1."""
    hundredths = floor + np.floor(rng.dirichlet(np.ones(k)) * (100 - floor * k)).astype(int)
    hundredths[np.argmax(hundredths)] += 100 - hundredths.sum()
    return tuple(int(h) / 100 for h in hundredths)


def _shares(q, names=CLASSES):
    return ", ".join(f"{name} {value:.2f}" for name, value in zip(names, q, strict=False))


def _terms(p, q, units):
    """p_i log(p_i / q_i) for each p_i > 0, as KaTeX."""
    log = log_name(units)
    return " + ".join(
        rf"{a:.2f}\,{log}\frac{{{a:.2f}}}{{{b:.2f}}}" for a, b in zip(p, q, strict=True) if a > 0
    )


LOSS_SYMBOL = {"nats": r"\ell", "bits": r"\ell_{\text{bits}}"}  # the notation card's letters


def gradient(rng, units):
    """One component of dℓ/dz = q - p, for softmax cross-entropy with a one-hot target: the loss in nats, or
    (q - p) / ln 2 for the loss in bits (the notation card's rule)."""
    q = distribution(rng, 3)
    true, asked = (int(i) for i in rng.integers(3, size=2))
    p = np.eye(3)[true]
    in_nats = float(cross_entropy_grad(p, safe_log(np.array(q)))[asked])  # softmax(log q) = q
    value = in_nats / np.log(UNITS[units])
    name, minus = CLASSES[asked], " - 1" if asked == true else " - 0"
    rule, worked = r"q_i - p_i", rf"{q[asked]:.2f}{minus}"
    if units == "bits":
        rule, worked = r"(q_i - p_i) / \ln 2", rf"({worked}) / \ln 2"
    question = (
        f"An image classifier says: {_shares(q)} (after softmax). The photo shows a **{CLASSES[true]}**. "
        f"What is the gradient of the cross-entropy loss (in {units}) with respect to the logit of "
        f"**{name}**?"
    )
    return NumericQuestion(
        "gradient",
        question,
        {"q": q, "true_class": true, "asked": asked},
        value,
        "",
        rf"For the loss in {units}, $\partial {LOSS_SYMBOL[units]}/\partial z_i = {rule}$, with p the "
        rf"one-hot target: ${worked} = {value:.3f}$. "
        + ("Negative: gradient descent raises this logit." if value < 0 else "Positive: descent lowers it."),
        "multiclass",
    )


def entropy_question(rng, units):
    """H(p) = -sum p_i log p_i of a distribution over three or four outcomes."""
    p = distribution(rng, int(rng.integers(3, 5)))
    value = float(entropy(p, base=UNITS[units]))
    terms = " + ".join(rf"{a:.2f}\,{log_name(units)} {a:.2f}" for a in p)
    return NumericQuestion(
        "entropy",
        f"The weather has {len(p)} outcomes with probabilities p = ({', '.join(f'{a:.2f}' for a in p)}). "
        f"What is the entropy H(p), in {units}?",
        {"p": p},
        value,
        units,
        rf"$H(p) = -\sum_i p_i {log_name(units)} p_i = -({terms}) = {value:.3f}$ {units}: the average "
        "surprise, and the lowest cross-entropy any forecast of these outcomes can reach.",
        "information",
    )


def kl(rng, units):
    """KL(p || q) = sum p_i log(p_i / q_i) for a truth p and a forecast q over three outcomes."""
    p, q = distribution(rng, 3), distribution(rng, 3)
    value = float(kl_divergence(p, q, base=UNITS[units]))
    return NumericQuestion(
        "kl",
        f"The truth is p = ({', '.join(f'{a:.2f}' for a in p)}) and a forecast says "
        f"q = ({', '.join(f'{b:.2f}' for b in q)}). What is KL(p ‖ q), in {units}?",
        {"p": p, "q": q},
        value,
        units,
        rf"$KL(p \| q) = \sum_i p_i {log_name(units)}(p_i / q_i) = {_terms(p, q, units)} = {value:.3f}$ "
        rf"{units}: "
        "the extra cost of coding p with q, H(p, q) − H(p). Swap p and q and the number changes.",
        "information",
    )


def token_perplexity(rng, units):
    """perplexity = exp(mean of -ln q_t) over the probabilities a language model gave each next token."""
    n = int(rng.integers(3, 6))
    q = tuple(round(float(x), 2) for x in rng.uniform(0.05, 0.95, size=n))
    result = sequence_losses(q, base=UNITS[units])
    log, base = log_name(units), "e" if units == "nats" else "2"
    pairs = [f"“{word}” {value:.2f}" for word, value in zip(WORDS[1:], q, strict=False)]
    words = f"{', '.join(pairs[:-1])} and {pairs[-1]}"
    return NumericQuestion(
        "token_perplexity",
        f"After “the”, a language model gave each correct next word the probability {words}. "
        "What is its perplexity on these words?",
        {"q": q},
        result["perplexity"],
        "",
        rf"Mean loss $-\frac{{1}}{{{n}}}({' + '.join(f'{log} {x:.2f}' for x in q)}) = "
        rf"{result['mean']:.3f}$ {units}, so perplexity $= {base}^{{{result['mean']:.3f}}} = "
        rf"{result['perplexity']:.3f}$, the same number in nats and bits.",
        "sequences",
    )


def smoothing(rng, units):
    """min over q of H(p_smooth, q) = H(p_smooth), for a one-hot label smoothed with eps over K classes."""
    k = int(rng.choice([2, 3, 4, 5, 10]))
    eps = round(float(rng.uniform(0.05, 0.3)), 2)
    value = best_achievable_loss(k, eps, base=UNITS[units])
    top, rest = 1 - eps + eps / k, eps / k
    log = log_name(units)
    others = "the other class" if k == 2 else f"each of the other {k - 1}"
    return NumericQuestion(
        "smoothing",
        f"A one-hot label over **{k}** classes is smoothed with **ε = {eps:.2f}**. What is the lowest "
        f"cross-entropy any prediction can reach against it, in {units}?",
        {"k": k, "eps": eps},
        value,
        units,
        rf"The best prediction is the smoothed target itself, $1 - \varepsilon + \varepsilon/K = {top:.4f}$ "
        rf"on the true class and $\varepsilon/K = {rest:.4f}$ on {others}, so the floor is "
        rf"its entropy: $-({top:.4f}\,{log} {top:.4f} + {k - 1} \cdot {rest:.4f}\,{log} {rest:.4f}) = "
        rf"{value:.3f}$ {units}.",
        "variants",
    )


MAKERS = {
    "gradient": gradient,
    "entropy": entropy_question,
    "kl": kl,
    "token_perplexity": token_perplexity,
    "smoothing": smoothing,
}
