"""The multi-class lesson: softmax makes scores a distribution; cross-entropy compares it with the target
(the figures, their tables and alt sentences are in lessons/multiclass_figures.py)."""

import math

import numpy as np

from content.text import (
    escape_markdown,
    format_loss,
    format_number,
    format_positive,
    format_probability,
    format_scientific,
)
from core.information import entropy, kl_divergence
from core.losses import (
    cross_entropy,
    cross_entropy_grad,
    cross_entropy_terms,
    mse,
    mse_grad,
    safe_log,
    smooth_labels,
)
from lessons.binary import LOG_NAMES
from lessons.multiclass_detailed import floor_detailed, logits_detailed, target_symbol

MIN_CLASSES, MAX_CLASSES = 2, 10
LOGIT_RANGE = (-10.0, 10.0)
DEFAULT_CLASSES = ("dog", "cat", "rabbit")


def parse_class_names(text):
    """Class names from comma-separated text: 2 to 10 names, none empty, none repeated."""
    names = [name.strip() for name in str(text).split(",")]
    if not MIN_CLASSES <= len(names) <= MAX_CLASSES:
        raise ValueError(
            f"classes: give {MIN_CLASSES} to {MAX_CLASSES} names, separated by commas; got {len(names)}"
        )
    empty = [index + 1 for index, name in enumerate(names) if not name]
    if empty:
        raise ValueError(f"classes: name number {empty[0]} is empty")
    seen = set()
    for name in names:
        if name.casefold() in seen:
            raise ValueError(f"classes: the name “{name}” appears twice; each class needs its own name")
        seen.add(name.casefold())
    return names


def logits_for(q, temperature=1.0):
    """z = T log q, shifted so the largest is 0 and clipped to the slider range: softmax(z / T) ≈ q."""
    z = temperature * safe_log(np.asarray(q, dtype=float))
    return np.clip(z - z.max(), *LOGIT_RANGE)


def multiclass_point(target, q, *, label_smoothing=0.0, temperature=1.0, base=math.e):
    """Every number the page shows for one prediction q = softmax(z / T) against one target distribution.

    The gradients are in the logits z: dL/dz = (q - p) / T for cross-entropy (loss in nats), and MSE's
    gradient through softmax, also divided by T. Any z with softmax(z / T) = q gives the same gradients.
    """
    target = np.asarray(target, dtype=float)
    logits = safe_log(q)  # the gradient in u = z / T, where softmax(u) = q
    smoothed = smooth_labels(target, label_smoothing)
    # where q(i) equals the target to rounding, q(i) − p(i) is 0: softmax(log q) leaves ~1e-17 residues
    same = np.isclose(np.asarray(q, dtype=float), smoothed, rtol=8 * np.finfo(float).eps, atol=0)
    return {
        "cross_entropy": cross_entropy(target, q, label_smoothing=label_smoothing, base=base),
        "mse": mse(smoothed, q),
        "uniform": cross_entropy(0, np.full(len(q), 1 / len(q)), base=base),
        "terms": cross_entropy_terms(target, q, label_smoothing=label_smoothing, base=base) + 0.0,  # no -0
        "target": smoothed,
        "entropy": float(entropy(smoothed, base=base)),
        "kl": float(kl_divergence(smoothed, q, base=base)),
        "temperature": float(temperature),
        "target_symbol": target_symbol(label_smoothing),  # the gradients use the smoothed target p̃
        "cross_entropy_grad": np.where(same, 0.0, cross_entropy_grad(smoothed, logits)) / temperature,
        "mse_grad": np.zeros(len(q)) if same.all() else mse_grad(smoothed, logits) / temperature,
        "predicted_class": int(np.argmax(q)),
    }


def predicted_label(names, q):
    """('dog · 70 %', None), or ('a tie · 50% each', 'Tied at the top: dog, cat.') when several classes share
    the top probability: the metric's value, short enough for its box, and its help."""
    q = np.asarray(q, dtype=float)
    top = np.flatnonzero(np.isclose(q, q.max(), rtol=0, atol=1e-12))
    share = f"{q.max():.0%}"
    if len(top) == 1:
        return f"{names[top[0]][:16]} · {share}", None
    tied = ", ".join(escape_markdown(names[index], max_length=24) for index in top)
    return f"a tie · {share} each", f"Tied at the top: {tied}."


MODE_SLIDERS = {  # what the sliders set in each mode, for the note shown when the mode changes
    "logits": "logits z, the scores that softmax(z / T) turns into probabilities",
    "probabilities": "weights, which are divided by their sum to make the probabilities",
}


def target_case(true_index, label_smoothing):
    """Which lesson sentence fits the target: 'one-hot', 'smoothed' (one-hot plus ε > 0) or 'soft'."""
    if true_index is None:
        return "soft"
    return "smoothed" if label_smoothing > 0 else "one-hot"


def holds_back_the_rule(true_index, label_smoothing, revealed):
    """Whether the page holds back the one-hot rule, the predict box's answer: while its question is open
    (`revealed` False) and the target is one true class without smoothing, where only that class's term of
    the loss is not zero. The contributions chart, which shows that, waits with the text."""
    return not revealed and target_case(true_index, label_smoothing) == "one-hot"


def fixed(value, decimals=3):
    """A number at fixed decimals for prose, with a real minus sign, that never reads '−0.000'."""
    value = float(value)
    shown = format_number(round(value, decimals) + 0.0 if math.isfinite(value) else value, decimals)
    return shown.replace("-", "−")


def plain_probability(value):
    """A probability in words a beginner reads: 0.99995 (almost 1), never computer notation like 4.5e-5."""
    value = float(value)
    shown = format_probability(value)
    if "e" not in shown:
        return shown
    near_one = value > 0.5
    gap = 1 - value if near_one else value
    if gap < 1e-6:
        return (
            "almost 1 (short of it by less than one in a million)"
            if near_one
            else ("almost 0 (less than one in a million)")
        )
    decimals = next(d for d in range(4, 8) if float(f"{value:.{d}f}") not in (0.0, 1.0))
    return f"{value:.{decimals}f} (almost {1 if near_one else 0})"


def class_list(names, values, decimals=3, *, markdown=True, number=None):
    """'dog 0.500, cat 0.500': each class with its number, written by `number` (default: `decimals` fixed)."""
    show = escape_markdown if markdown else str
    number = number or (lambda value: fixed(value, decimals))
    return ", ".join(f"{show(name)} {number(value)}" for name, value in zip(names, values, strict=True))


def push_text(value):
    """A gradient for prose, with a real minus sign; a push too small for 3 decimals in scientific notation,
    never '0.000' beside the formula that gives it.

    Examples
    --------
    >>> push_text(-0.2), push_text(-4.54e-4), push_text(1.4e-86), push_text(0.0)
    ('−0.200', '−4.5e-4', '1.4e-86', '0.000')
    """
    value = float(value)
    shown = fixed(value)
    if value != 0 and math.isfinite(value) and float(shown.replace("−", "-")) == 0:
        shown = ("−" if value < 0 else "") + format_scientific(abs(value))
    return shown


def term_text(value):
    """A loss term for prose: a positive one too small for 3 decimals in scientific notation, never 0.000."""
    return format_positive(value)


def plain_loss(value, unit):
    """A loss in words a beginner reads: '0.000045 nats (almost 0)' where format_loss would write 4.5e-5 (the
    same two digits), so a positive loss never reads 0.000 and never in computer notation.

    Examples
    --------
    >>> plain_loss(0.2231, "nats"), plain_loss(4.54e-5, "nats"), plain_loss(0.0, "bits")
    ('0.223 nats', '0.000045 nats (almost 0)', '0.000 bits')
    >>> plain_loss(3e-9, "bits")
    'almost 0 bits (less than one millionth of a bit)'
    """
    value = float(value)
    shown = format_loss(value, unit)
    if "e" not in shown.split()[0]:
        return shown
    if value < 1e-6:
        return f"almost 0 {unit} (less than one millionth of a {unit[:-1]})"
    decimals = 1 - math.floor(math.log10(value))  # two significant digits, as format_loss's 4.5e-5
    return f"{value:.{decimals}f} {unit} (almost 0)"


def uniform_comparison(loss, uniform, unit):
    """'This prediction costs X, less than that.': this loss against a uniform guess's log K."""
    shown_loss, shown_uniform = plain_loss(loss, unit), format_loss(uniform, unit)
    if shown_loss == shown_uniform:
        return "This prediction costs the same."
    if loss < uniform:
        return f"This prediction costs {shown_loss}, less than that."
    return (
        f"This prediction costs {shown_loss}, more than that: it does worse, in loss, than guessing evenly."
    )


def uniform_sentence(loss, uniform, n_classes, unit):
    """A uniform guess costs log K whatever the truth; then this prediction against it."""
    return (
        f"Guessing evenly, 1/{n_classes} for each of the {n_classes} classes, costs "
        f"{LOG_NAMES[unit]} {n_classes} = **{format_loss(uniform, unit)}** whatever the truth. "
        f"{uniform_comparison(loss, uniform, unit)}"
    )


def _target_basic(names, q, point, true_index, smoothing, unit, revealed=True):
    """Basic depth: what the target is, and which classes the loss counts (one sentence per case); while the
    predict box's question is open (`revealed` False) the one-hot rule, its answer, waits."""
    loss = plain_loss(point["cross_entropy"], unit)
    case = target_case(true_index, smoothing)
    if case == "soft":
        spread = class_list(names, point["target"], 2)
        smoothed = f" (after label smoothing, ε = {fixed(smoothing, 2)})" if smoothing > 0 else ""
        return (
            f"Here the target is **soft**: the truth is spread over the classes as {spread}{smoothed}. "
            "Every class with some target weight adds its weight times −log of the probability the model "
            "gave it, as the chart “Where the loss comes from” shows, so the loss, "
            f"**{loss}**, counts the prediction on each of them."
        )
    true_name = escape_markdown(names[true_index])
    got = plain_probability(q[true_index])
    if holds_back_the_rule(true_index, smoothing, revealed):  # the predict box's answer: not before the guess
        return (
            f"Here the truth is **{true_name}**, which got **{got}**, and the loss is **{loss}**. Which "
            "classes count towards it? The box **Predict, then reveal** asks you first; the answer appears "
            "here, and the chart “Where the loss comes from” of what each class adds, once you have locked "
            "in your guess."
        )
    if case == "one-hot":
        return (
            "With one true class and no smoothing, cross-entropy only looks at the probability given to "
            f"that class. Here the truth is **{true_name}**, which got **{got}**, so the loss is **{loss}**. "
            "The chart “Where the loss comes from” shows it: every other class contributes nothing. "
            "The preset “70 % dog, is a cat” shows the classic case, a photo of a cat that the model calls "
            "70 % dog: the loss does not care about “dog”, only about how little was left for “cat”."
        )
    true_term = plain_loss(point["terms"][true_index], unit)
    return (
        f"The truth is **{true_name}**, but label smoothing is on (ε = {fixed(smoothing, 2)}): the "
        f"target keeps {fixed(point['target'][true_index])} on {true_name}, and each other class gets "
        f"ε/K = {fixed(smoothing / len(q))}. So every class adds to the loss, as the chart "
        "“Where the loss comes from” shows: "
        f"{true_name}, which got {got}, adds {true_term} of the loss of **{loss}**, and the other classes "
        f"add the rest. Without smoothing the loss would be −log q({true_name}) = "
        f"{_plain_loss(q, true_index, unit)}."
    )


def _plain_loss(q, true_index, unit):
    """-log q(true) in `unit`: the loss of a one-hot target without smoothing."""
    base = 2.0 if unit == "bits" else math.e
    return plain_loss(cross_entropy(true_index, q, base=base), unit)


def _target_medium(names, q, point, true_index, smoothing, unit, revealed=True):
    """Medium depth: the formula the target reduces to, with its number; while the predict box's question is
    open (`revealed` False) the one-hot rule, its answer, waits, as at Basic depth."""
    loss = format_loss(point["cross_entropy"], unit)
    case = target_case(true_index, smoothing)
    if case == "soft" and smoothing > 0:  # p̃ = (1 − ε)p + ε/K: every class has weight, even where p(i) = 0
        return (
            f"Here the target is soft and smoothed (ε = {fixed(smoothing, 2)}): "
            "$\\tilde p(i) = (1 - \\varepsilon)\\,p(i) + \\varepsilon/K$ is at least ε/K on every class, so "
            f"every class keeps its term: $H(\\tilde p, q) = -\\sum_i \\tilde p(i)\\log q(i)$ = **{loss}**."
        )
    if case == "soft":
        return (
            "Here the target is soft, so every class with $p(i) > 0$ keeps its term: "
            f"$H(p, q) = -\\sum_i p(i)\\log q(i)$ = **{loss}**."
        )
    true_name = escape_markdown(names[true_index])
    if holds_back_the_rule(true_index, smoothing, revealed):
        return (
            "Written as a distribution, a single true class is **one-hot**: a 1 for that class and 0 for "
            f"the rest. Here the truth is {true_name} and the loss is **{loss}**. Which terms of the sum are "
            "left? The box **Predict, then reveal** asks you first; the answer appears here once you have "
            "locked in your guess."
        )
    if case == "one-hot":
        return (
            "Written as a distribution, a single true class is **one-hot**: a 1 for that class and 0 for the "
            "rest, so "
            "every term but one vanishes and $H = -\\log q(\\text{true})$. "
            f"Here that is −log q({true_name}) = **{loss}**."
        )
    one_hot = (  # the one-hot rule answers the predict box: it waits for the guess
        f"A one-hot label would leave only $-\\log q(\\text{{true}})$, here −log q({true_name}) = "
        f"{_plain_loss(q, true_index, unit)}. "
        if revealed
        else ""
    )
    return (
        f"{one_hot}With smoothing "
        f"(ε = {fixed(smoothing, 2)}) every class keeps a target weight of at least ε/K, so every term "
        f"counts and the loss is **{loss}**."
    )


def _gradient_medium(names, point, true_index, smoothing, mode, unit):
    """Medium depth: the gradient (q - p) / T, in the mode and units shown."""
    p = "\\tilde p" if smoothing > 0 else "p"
    if mode == "logits":
        text = (
            f"The push (the gradient) of the loss on each logit is $(q_i - {p}_i)/T$, here with "
            f"T = {format_number(point['temperature'], 1)} (the gradient chart; only at T = 1 is it "
            f"simply $q_i - {p}_i$)."
        )
    else:
        text = (
            "In this mode you set q directly, so the gradient chart uses the logits $z = \\ln q$ at T = 1, "
            f"where the push (the gradient) of the loss, $(q_i - {p}_i)/T$, is $q_i - {p}_i$."
        )
    if smoothing > 0:
        text += " Here $\\tilde p$ is the smoothed target, $(1-\\varepsilon)\\,p + \\varepsilon/K$."
    text += " A negative bar means “raise this score”, a positive one “lower it”."
    if target_case(true_index, smoothing) == "one-hot":
        true_bar = push_text(point["cross_entropy_grad"][true_index])
        text += (
            " With a one-hot target the true class's bar is $-(1 - q(\\text{true}))/T$, here "
            f"{true_bar} for {escape_markdown(names[true_index])}, and every other class's bar is "
            "$q(i)/T$: the true score is pushed up in proportion to how much it fell short, every other "
            "score down in proportion to the probability it took."
        )
    if unit != "nats":
        text += (
            " The bars are the gradient of the loss in nats; the loss in bits has a gradient "
            "1/ln 2 ≈ 1.443 times larger."
        )
    return text


def _smoothing_medium(smoothing, n_classes):
    """Medium depth: what label smoothing does, now on or off."""
    formula = "$(1-\\varepsilon)\\,p + \\varepsilon/K$"
    if smoothing > 0:
        return (
            f"**Label smoothing** (now ε = {fixed(smoothing, 2)}) replaces the target p by {formula}: "
            f"here every class keeps at least ε/K = {fixed(smoothing / n_classes)} of the target, so "
            "the model is never rewarded for a probability of exactly 1."
        )
    return (
        f"**Label smoothing** (now off, ε = 0) would replace the target p by {formula}, so that a little "
        "mass sits on every class and the model is never rewarded for a probability of exactly 1."
    )


def push_comparison(names, point, true_index):
    """MSE's bar against cross-entropy's, like with like: on the true class, or each loss's largest bar
    (named) when the target is soft."""
    ce, mse = point["cross_entropy_grad"], point["mse_grad"]
    if not ce.any() and not mse.any():
        return f"Here q equals the target {point['target_symbol']}, so neither loss pushes: every bar is 0."
    if true_index is not None:
        name = escape_markdown(names[true_index])
        return (
            f"On the true class, {name}, its bar is {push_text(mse[true_index])}, against "
            f"{push_text(ce[true_index])} for cross-entropy."
        )
    mse_at, ce_at = int(np.argmax(np.abs(mse))), int(np.argmax(np.abs(ce)))
    return (
        f"Its largest bar is {push_text(mse[mse_at])}, on {escape_markdown(names[mse_at])}; cross-entropy's "
        f"is {push_text(ce[ce_at])}, on {escape_markdown(names[ce_at])}."
    )


def mse_help(symbol):
    """The MSE metric's help, naming the target it is computed against: p, or p̃ once smoothed."""
    smoothed = ", p̃ the target after label smoothing" if symbol == "p̃" else ""
    return (
        f"Mean squared error: the squared gaps (q(i) − {symbol}(i))², averaged over the classes{smoothed}. "
        "No unit."
    )


def lesson_values(names, q, point, *, true_index, smoothing, mode, unit, revealed=True):
    """Every {{placeholder}} of assets/lessons/multiclass.md, each sentence chosen from the state; `revealed`
    is False while the predict box's question is open."""
    n_classes = len(names)
    return {
        "loss": format_loss(point["cross_entropy"], unit),
        "k": n_classes,
        "uniform": format_loss(point["uniform"], unit),
        "mse": fixed(point["mse"]),
        "target_basic": _target_basic(names, q, point, true_index, smoothing, unit, revealed),
        "target_medium": _target_medium(names, q, point, true_index, smoothing, unit, revealed),
        "uniform_sentence": uniform_sentence(point["cross_entropy"], point["uniform"], n_classes, unit),
        "gradient_medium": _gradient_medium(names, point, true_index, smoothing, mode, unit),
        "push_comparison": push_comparison(names, point, true_index),
        "smoothing_medium": _smoothing_medium(smoothing, n_classes),
        "logits_detailed": logits_detailed(point, unit, smoothing, revealed),
        "floor_detailed": floor_detailed(point, unit, smoothing, revealed),
    }
