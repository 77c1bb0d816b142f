"""The multi-class lesson: softmax makes scores a distribution; cross-entropy compares it with the target."""

import math

import numpy as np
import pandas as pd

from content.text import escape_html, escape_markdown, format_loss, format_number
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
from lessons import _charts as charts
from lessons import palette

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
        "cross_entropy_grad": cross_entropy_grad(smoothed, logits) / temperature,
        "mse_grad": mse_grad(smoothed, logits) / temperature,
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


def target_symbol(smoothing):
    """'p̃' for the smoothed target, 'p' for the target as set: each symbol keeps one meaning on the page."""
    return "p̃" if smoothing > 0 else "p"


def one_hot_index(target):
    """The class holding all of the target's mass, or None when the target is spread over several."""
    nonzero = np.flatnonzero(np.asarray(target) > 0)
    return int(nonzero[0]) if len(nonzero) == 1 else None


def target_case(true_index, label_smoothing):
    """Which lesson sentence fits the target: 'one-hot', 'smoothed' (one-hot plus ε > 0) or 'soft'."""
    if true_index is None:
        return "soft"
    return "smoothed" if label_smoothing > 0 else "one-hot"


def _labels(names):
    """Class names made safe for Plotly, which renders some HTML."""
    return [escape_html(name, max_length=20) for name in names]


@charts.remembered
def distribution_figure(names, q, target, true_index=None, *, symbol="p", presenter=False):
    """Predicted q beside target p (p̃ once smoothed: `symbol`), one pair of bars per class, the true class
    outlined."""
    labels = _labels(names)
    outline = [palette.TRUE_CLASS if index == true_index else "rgba(0,0,0,0)" for index in range(len(names))]
    edge = {"color": outline, "width": 5 if presenter else 3}
    prediction = charts.bar(labels, np.asarray(q), name="Prediction q", color=palette.PREDICTION)
    truth = charts.bar(labels, np.asarray(target), name=f"Target {symbol}", color=palette.TARGET)
    for trace in (prediction, truth):
        trace["marker"]["line"] = edge
    title = f"What the model believes (q) against the truth ({symbol})"
    if true_index is not None:
        title += "<br><sup>green outline: the true class</sup>"
    return charts.figure(
        [prediction, truth],
        title=title,
        x_title="class",
        y_title="probability",
        presenter=presenter,
        layout=charts.probability_bars(),
    )


@charts.remembered
def contributions_figure(names, terms, true_index=None, *, unit, symbol="p", presenter=False):
    """Each class's term -p(i) log q(i) (p̃ once smoothed: `symbol`), stacked into the total loss."""
    traces = []
    finite_terms = np.where(np.isfinite(terms), terms, np.nan)
    for index, (label, term) in enumerate(zip(_labels(names), finite_terms, strict=True)):
        color = palette.TRUE_CLASS if index == true_index else palette.CROSS_ENTROPY
        traces.append(
            {
                "type": "bar",
                "y": ["loss"],
                "x": [term],
                "name": label,
                "orientation": "h",
                "marker": {"color": color, "line": {"color": "white", "width": 2}},
                "text": [f"{label}: {term:.3f}" if term > 0 else ""],
                "textposition": "inside",
                "hovertemplate": f"{label}: %{{x:.3f}} {unit}<extra></extra>",
            }
        )
    total = float(np.sum(terms))
    total_text = "∞" if math.isinf(total) else f"{total:.3f}"
    return charts.figure(
        traces,
        title=f"Where the loss comes from: −{symbol}(i) log q(i) per class"
        f"<br><sup>total {total_text} {unit}</sup>",
        x_title=f"contribution to the loss ({unit})",
        y_title="",
        presenter=presenter,
        height=240,
        layout={
            "barmode": "stack",
            "showlegend": False,
            "hovermode": "closest",
            "uirevision": "contributions",
        },
    )


def gradient_axis_title(unit):
    """The gradient's axis label: in bits mode it says the gradient is that of the loss in nats."""
    return "∂ℓ/∂z" + ("" if unit == "nats" else ", ℓ in nats")


@charts.remembered
def gradient_figure(names, point, *, unit="nats", presenter=False):
    """The push (the gradient) on each logit: (q - p) / T for cross-entropy, MSE's push through softmax."""
    labels = _labels(names)
    temperature = format_number(point["temperature"], 1)
    in_nats = "" if unit == "nats" else ", the gradient of the loss in nats"
    return charts.figure(
        [
            charts.bar(
                labels,
                point["cross_entropy_grad"],
                name=f"Cross-entropy  (q − {point['target_symbol']}) / T",
                color=palette.CROSS_ENTROPY,
            ),
            charts.bar(labels, point["mse_grad"], name="MSE through softmax", color=palette.MSE),
        ],
        title="Gradient on each logit: below 0 means “raise it”"
        f"<br><sup>∂ℓ/∂z at T = {temperature}{in_nats}</sup>",
        x_title="class",
        y_title=gradient_axis_title(unit),
        presenter=presenter,
        layout={"barmode": "group", "shapes": [charts.hline(0)]},
    )


def _number(value, decimals=3):
    """A number at fixed decimals that never reads '-0.000'."""
    value = float(value)
    return format_number(round(value, decimals) + 0.0 if math.isfinite(value) else value, decimals)


def format_probability(value):
    """A probability for a sentence: 3 decimals, or '1.4 × 10^-87' when 3 decimals would read 0.000."""
    value = float(value)
    if value == 0 or value >= 0.0005:
        return _number(value)
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"{mantissa} × 10^{int(exponent)}"


def _class_list(names, values, decimals=3, *, markdown=True):
    """'dog 0.500, cat 0.500': each class with its number."""
    show = escape_markdown if markdown else str
    return ", ".join(
        f"{show(name)} {_number(value, decimals)}" for name, value in zip(names, values, strict=True)
    )


def distribution_alt(names, q, target, symbol="p"):
    """The distribution chart in one sentence, with the current numbers."""
    pairs = ", ".join(
        f"{name[:24]} q {_number(qi, 2)} against {symbol} {_number(pi, 2)}"
        for name, qi, pi in zip(names, q, target, strict=True)
    )
    return f"Grouped bars of the prediction q beside the target {symbol} for each class: {pairs}."


def contributions_alt(names, point, unit):
    """The contributions chart in one sentence: each class's term and the total."""
    terms = _class_list([name[:24] for name in names], point["terms"], markdown=False)
    total = format_loss(point["cross_entropy"], unit)
    symbol = point["target_symbol"]
    return f"One stacked bar of the terms −{symbol}(i) log q(i), one per class: {terms}; together {total}."


def gradient_alt(names, point, unit):
    """The gradient chart in one sentence: both losses' gradient on each logit."""
    short = [name[:24] for name in names]
    ce = _class_list(short, point["cross_entropy_grad"], markdown=False)
    mse_part = _class_list(short, point["mse_grad"], markdown=False)
    in_nats = "" if unit == "nats" else " of the loss in nats"
    return (
        f"Grouped bars of the gradient{in_nats} on each class's logit at T = "
        f"{format_number(point['temperature'], 1)};"
        f" negative means raise that score. Cross-entropy, (q − {point['target_symbol']})/T: {ce}."
        f" MSE through softmax: {mse_part}."
    )


def distribution_table(names, q, point):
    """The distribution chart as a table: one row per class."""
    return pd.DataFrame(
        {"class": list(names), "prediction q": q, f"target {point['target_symbol']}": point["target"]}
    )


def contributions_table(names, q, point, unit):
    """The contributions chart as a table: each class's term of the loss."""
    return pd.DataFrame(
        {
            "class": list(names),
            f"target {point['target_symbol']}": point["target"],
            "prediction q": q,
            f"−{point['target_symbol']}·log q ({unit})": [format_number(term) for term in point["terms"]],
        }
    )


def gradient_table(names, point, unit):
    """The gradient chart as a table: each logit's gradient under both losses."""
    title = gradient_axis_title(unit)
    return pd.DataFrame(
        {
            "class": list(names),
            f"cross-entropy {title}": point["cross_entropy_grad"],
            f"MSE {title}": point["mse_grad"],
        }
    )


def uniform_comparison(loss, uniform, unit):
    """'This prediction costs X, less than that.': this loss against a uniform guess's log K."""
    shown_loss, shown_uniform = format_loss(loss, unit), format_loss(uniform, unit)
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
        f"Guessing evenly, 1/{n_classes} for each of the {n_classes} classes, costs log {n_classes} = "
        f"**{format_loss(uniform, unit)}** whatever the truth. {uniform_comparison(loss, uniform, unit)}"
    )


def _target_basic(names, q, point, true_index, smoothing, unit):
    """Basic depth: what the target is, and which classes the loss counts (one sentence per case)."""
    loss = format_loss(point["cross_entropy"], unit)
    case = target_case(true_index, smoothing)
    if case == "soft":
        spread = _class_list(names, point["target"], 2)
        smoothed = f" (after label smoothing, ε = {_number(smoothing, 2)})" if smoothing > 0 else ""
        return (
            f"Here the target is **soft**: the truth is spread over the classes as {spread}{smoothed}. "
            "Every class with some target weight adds its weight times −log of the probability the model "
            "gave it, as the chart “Where the loss comes from” shows, so the loss, "
            f"**{loss}**, counts the prediction on each of them."
        )
    true_name = escape_markdown(names[true_index])
    got = format_probability(q[true_index])
    if case == "one-hot":
        return (
            "With one true class and no smoothing, cross-entropy only looks at the probability given to "
            f"that class. Here the truth is **{true_name}**, which got **{got}**, so the loss is **{loss}**. "
            "The chart “Where the loss comes from” shows it: every other class contributes nothing. "
            "The preset “70 % dog, is a cat” shows the classic case, a photo of a cat that the model calls "
            "70 % dog: the loss does not care about “dog”, only about how little was left for “cat”."
        )
    true_term = format_loss(point["terms"][true_index], unit)
    return (
        f"The truth is **{true_name}**, but label smoothing is on (ε = {_number(smoothing, 2)}): the "
        f"target keeps {_number(point['target'][true_index])} on {true_name}, and each other class gets "
        f"ε/K = {_number(smoothing / len(q))}. So every class adds to the loss, as the chart "
        "“Where the loss comes from” shows: "
        f"{true_name}, which got {got}, adds {true_term} of the loss of **{loss}**, and the other classes "
        f"add the rest. Without smoothing the loss would be −log q({true_name}) = "
        f"{_plain_loss(q, true_index, unit)}."
    )


def _plain_loss(q, true_index, unit):
    """-log q(true) in `unit`: the loss of a one-hot target without smoothing."""
    base = 2.0 if unit == "bits" else math.e
    return format_loss(cross_entropy(true_index, q, base=base), unit)


def _target_medium(names, q, point, true_index, smoothing, unit):
    """Medium depth: the formula the target reduces to, with its number."""
    loss = format_loss(point["cross_entropy"], unit)
    case = target_case(true_index, smoothing)
    if case == "soft":
        return (
            "Here the target is soft, so every class with $p(i) > 0$ keeps its term: "
            f"$H(p, q) = -\\sum_i p(i)\\log q(i)$ = **{loss}**."
        )
    true_name = escape_markdown(names[true_index])
    if case == "one-hot":
        return (
            "A label as a distribution is **one-hot**: a 1 for the true class and 0 for the rest, so "
            "every term but one vanishes and $H = -\\log q(\\text{true})$. "
            f"Here that is −log q({true_name}) = **{loss}**."
        )
    return (
        "A one-hot label would leave only $-\\log q(\\text{true})$, "
        f"here −log q({true_name}) = {_plain_loss(q, true_index, unit)}. With smoothing "
        f"(ε = {_number(smoothing, 2)}) every class keeps a target weight of at least ε/K, so every term "
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
            "In this mode you set q directly, so the gradient chart uses the logits $z = \\log q$ at T = 1, "
            f"where the push (the gradient) of the loss, $(q_i - {p}_i)/T$, is $q_i - {p}_i$."
        )
    if smoothing > 0:
        text += " Here $\\tilde p$ is the smoothed target, $(1-\\varepsilon)\\,p + \\varepsilon/K$."
    text += " A negative bar means “raise this score”, a positive one “lower it”."
    if target_case(true_index, smoothing) == "one-hot":
        true_bar = _number(point["cross_entropy_grad"][true_index])
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
            f"**Label smoothing** (now ε = {_number(smoothing, 2)}) replaces the target p by {formula}: "
            f"here every class keeps at least ε/K = {_number(smoothing / n_classes)} of the target, so "
            "the model is never rewarded for a probability of exactly 1."
        )
    return (
        f"**Label smoothing** (now off, ε = 0) would replace the target p by {formula}, so that a little "
        "mass sits on every class and the model is never rewarded for a probability of exactly 1."
    )


def _floor_detailed(point, unit):
    """Detailed depth: H(p, q) = H(p) + KL(p || q), with the floor H(p) of this target."""
    split = "$H(p, q) = H(p) + \\mathrm{KL}(p\\,\\|\\,q)$"
    calibration = (
        "Smoothing therefore caps how confident a trained model wants to be, which often improves "
        "calibration."
    )
    if one_hot_index(point["target"]) is not None:
        return (
            "Here the target is one-hot, so $H(p) = 0$ and the loss is all "
            "$\\mathrm{KL}(p\\,\\|\\,q)$: a perfect prediction reaches 0. Soft labels or smoothing "
            f"give the target an entropy $H(p) > 0$, and since {split}, that is a floor no prediction "
            f"gets under. {calibration}"
        )
    return (
        f"This target has entropy $H(p)$ = {format_loss(point['entropy'], unit)}, and since {split}, "
        "no prediction gets under it: the minimum is reached at $q = p$. Here "
        f"KL(p ‖ q) = {format_loss(point['kl'], unit)}: how far this prediction's loss, "
        f"{format_loss(point['cross_entropy'], unit)}, sits above that floor. {calibration}"
    )


def _largest(values):
    """The entry of largest size, with its sign."""
    return float(values[int(np.argmax(np.abs(values)))])


def lesson_values(names, q, point, *, true_index, smoothing, mode, unit):
    """Every {{placeholder}} of assets/lessons/multiclass.md, each sentence chosen from the state."""
    n_classes = len(names)
    return {
        "loss": format_loss(point["cross_entropy"], unit),
        "k": n_classes,
        "uniform": format_loss(point["uniform"], unit),
        "mse": _number(point["mse"]),
        "target_basic": _target_basic(names, q, point, true_index, smoothing, unit),
        "target_medium": _target_medium(names, q, point, true_index, smoothing, unit),
        "uniform_sentence": uniform_sentence(point["cross_entropy"], point["uniform"], n_classes, unit),
        "gradient_medium": _gradient_medium(names, point, true_index, smoothing, mode, unit),
        "mse_push": _number(_largest(point["mse_grad"])),
        "ce_push": _number(_largest(point["cross_entropy_grad"])),
        "smoothing_medium": _smoothing_medium(smoothing, n_classes),
        "floor_detailed": _floor_detailed(point, unit),
    }
