"""The information lesson: its numbers, the sentences that depend on them, and its charts' alt text.

H(p, q) = H(p) + KL(p || q); swapping p and q changes both in general, but not always (q = p, or a
coincidence such as a uniform q against p = (1/2, 1/4, 1/8, 1/8), where the two KLs are equal).
"""

import functools
import math

import numpy as np
import pandas as pd

from content.text import escape_html, format_loss, format_number
from core import _checks
from core.information import entropy, kl_divergence
from core.losses import binary_cross_entropy, cross_entropy
from lessons import _charts as charts
from lessons import palette
from lessons.slider_sweeps import share_codes, sweep, weights_distribution


def information_numbers(p, q, *, base):
    """H(p), H(q), H(p, q), H(q, p), KL(p || q) and KL(q || p) in the unit of `base`, as floats."""
    return {
        "h_p": float(entropy(p, base=base)),
        "h_q": float(entropy(q, base=base)),
        "h_pq": float(cross_entropy(p, q, base=base)),
        "h_qp": float(cross_entropy(q, p, base=base)),
        "kl_pq": float(kl_divergence(p, q, base=base)),
        "kl_qp": float(kl_divergence(q, p, base=base)),
    }


def _shown_equal(a, b):
    """True when two values print the same at three decimals (both ∞ counts as equal)."""
    return format_number(a) == format_number(b)


def swap_sentence(p, q, *, base, unit):
    """What swapping the truth and the forecast does to the cross-entropy, true for this p and q."""
    numbers = information_numbers(p, q, base=base)
    h_pq, h_qp = (format_loss(numbers[name], unit) for name in ("h_pq", "h_qp"))
    if np.allclose(p, q):
        return (
            f"Here the forecast equals the truth, so swapping them changes nothing: both ways round the cost "
            f"is {h_pq}. In general the two directions differ: cross-entropy is not symmetric (try the "
            "“Shuffled forecast” preset)."
        )
    if math.isinf(numbers["h_pq"]) and math.isinf(numbers["h_qp"]):
        return (
            f"Both ways round the cost is infinite, {h_pq}, because each of the two gives probability 0 to "
            "weather the other says happens. With finite costs the two directions usually differ: "
            "cross-entropy is not symmetric (try the “Shuffled forecast” preset)."
        )
    if _shown_equal(numbers["h_pq"], numbers["h_qp"]):
        return (
            f"Here swapping them happens to give the same cost, {h_pq}, by coincidence. "
            "In general it does not: cross-entropy is not symmetric (try the “Shuffled forecast” preset)."
        )
    return (
        f"Swap the two, scoring p against q as if the forecast's odds q were what happens, and the cost "
        f"changes: H(q, p) = {h_qp}, not {h_pq}. Cross-entropy is not symmetric."
    )


def entropy_sentence(p, labels, *, base, unit):
    """The unavoidable part, H(p): 0 for a certain outcome; any spread leaves surprise no one avoids."""
    if np.count_nonzero(p) == 1:
        certain = labels[int(np.argmax(p))]
        return (
            f"Here the weather is certain (always {certain}): someone who knows the frequencies is never "
            f"surprised, so the unavoidable part, the **entropy** H(p), is **0 {unit}**."
        )
    return (
        "Some surprise cannot be avoided: even someone who knows the true frequencies exactly cannot predict "
        "tomorrow. That part is the **entropy** of the weather, "
        f"H(p) = **{format_loss(entropy(p, base=base), unit)}**."
    )


def kl_direction_sentence(p, q, *, base, unit):
    """KL(p || q) against KL(q || p): different, equal by coincidence, both 0, or infinite, as it is now."""
    numbers = information_numbers(p, q, base=base)
    forward, reverse = numbers["kl_pq"], numbers["kl_qp"]
    shown = {name: format_loss(numbers[name], unit) for name in ("kl_pq", "kl_qp")}
    if np.allclose(p, q):
        return (
            "Here q = p, so both directions are 0. Move the forecast away and both grow above 0, "
            "in general by different amounts (try the “Shuffled forecast” preset)."
        )
    if math.isinf(forward) and math.isinf(reverse):
        return "Here both are infinite: each distribution gives probability 0 to an outcome the other allows."
    if math.isinf(forward) or math.isinf(reverse):
        infinite, finite = ("KL(p ‖ q)", "KL(q ‖ p)") if math.isinf(forward) else ("KL(q ‖ p)", "KL(p ‖ q)")
        value = shown["kl_qp"] if math.isinf(forward) else shown["kl_pq"]
        return f"Here {infinite} is infinite while {finite} = {value}: which one is the truth matters."
    if _shown_equal(forward, reverse):
        return (
            f"Here the two happen to be equal, both {shown['kl_pq']}: a coincidence of these odds, not a "
            "symmetry. In general they differ (try the “Shuffled forecast” preset)."
        )
    return (
        f"Here KL(p ‖ q) = {shown['kl_pq']} while KL(q ‖ p) = {shown['kl_qp']}: which distribution is the "
        "truth matters."
    )


def code_length_sentence(p, q, labels):
    """What a code built for q costs on weather drawn from p, in bits; q(i) = 0 leaves no codeword for i."""
    numbers = information_numbers(p, q, base=2)
    if math.isinf(numbers["h_pq"]):
        missing = ", ".join(
            str(label) for label, p_i, q_i in zip(labels, p, q, strict=True) if q_i == 0 and p_i > 0
        )
        return (
            f"This forecast gives {missing} probability 0, so its code has no codeword for it: on the real "
            f"weather it fails outright, an infinite cost, while a code built for p needs only "
            f"**{format_loss(numbers['h_p'], 'bits')}** a day."
        )
    if np.allclose(p, q):
        return (
            f"Used on the real weather p, its messages average **{format_loss(numbers['h_pq'], 'bits')}** "
            "a day, as few as any code can: its odds are the true ones, so nothing is wasted."
        )
    return (
        f"Used on the real weather p, its messages average **{format_loss(numbers['h_pq'], 'bits')}** a day. "
        f"A code built for p itself needs only **{format_loss(numbers['h_p'], 'bits')}**; the difference, "
        f"**{format_loss(numbers['kl_pq'], 'bits')}** a day, is what the wrong odds waste."
    )


def lesson_values(p, q, labels, *, unit, base):
    """Every {{placeholder}} of assets/lessons/information.md, for this p and q."""
    numbers = information_numbers(p, q, base=base)
    bits = information_numbers(p, q, base=2)
    nats = information_numbers(p, q, base=math.e)
    return {name: format_loss(value, unit) for name, value in numbers.items()} | {
        "h_p_bits": format_loss(bits["h_p"], "bits"),
        "h_pq_bits": format_loss(bits["h_pq"], "bits"),
        "h_pq_nats": format_loss(nats["h_pq"], "nats"),
        "entropy_sentence": entropy_sentence(p, labels, base=base, unit=unit),
        "swap_sentence": swap_sentence(p, q, base=base, unit=unit),
        "kl_sentence": kl_direction_sentence(p, q, base=base, unit=unit),
        "code_sentence": code_length_sentence(p, q, labels),
    }


METRICS = {"h_p": "Entropy H(p)", "h_pq": "Cross-entropy H(p, q)", "kl_pq": "KL(p ‖ q)", "kl_qp": "KL(q ‖ p)"}


@functools.lru_cache(maxsize=64)
def weight_readings(which, p_weights, q_weights, index, grid, *, base, unit):
    """What weight slider `index` of the truth (`which` "p") or the forecast ("q") shows at each point of
    `grid`, the other weights held: H(p), H(p, q) and both KLs as the page's metrics write them, and the
    moved distribution's shares (each set of weights divided by its sum; uniform while they are all 0)."""
    moved = sweep(p_weights if which == "p" else q_weights, index, grid)
    held = weights_distribution(q_weights if which == "p" else p_weights)
    rows = []
    for distribution in (weights_distribution(weights) for weights in moved):
        p, q = (distribution, held) if which == "p" else (held, distribution)
        rows.append((distribution, information_numbers(p, q, base=base)))
    return {
        "readouts": tuple(
            (name, tuple(format_loss(numbers[field], unit) for _, numbers in rows))
            for field, name in METRICS.items()
        ),
        "shares": share_codes([distribution for distribution, _ in rows]),
    }


def distributions_alt(p, q, labels, *, base, unit):
    """The alt sentence of the truth-beside-forecast bars, with the current probabilities and KL(p || q)."""
    pairs = "; ".join(
        f"{label}: p {p_i:.3f}, q {q_i:.3f}" for label, p_i, q_i in zip(labels, p, q, strict=True)
    )
    kl = format_loss(information_numbers(p, q, base=base)["kl_pq"], unit)
    return f"Bars of the truth p beside the forecast q for each outcome. {pairs}. KL(p ‖ q) = {kl}."


def decomposition_alt(p, q, *, base, unit):
    """The alt sentence of the stacked entropy + KL bars, with the current totals."""
    numbers = {name: format_loss(value, unit) for name, value in information_numbers(p, q, base=base).items()}
    return (
        f"Two stacked bars. Truth p, forecast q: entropy H(p) {numbers['h_p']} plus KL(p ‖ q) "
        f"{numbers['kl_pq']} makes H(p, q) {numbers['h_pq']}. Swapped, as if the forecast q were what "
        f"happens: entropy H(q) {numbers['h_q']} plus KL(q ‖ p) {numbers['kl_qp']} makes H(q, p) "
        f"{numbers['h_qp']}."
    )


def _pair(p, q, labels):
    """Two 1-D distributions of one length and one label per outcome."""
    p = _checks.distribution(p, "p")
    q = _checks.distribution(q, "q")
    if p.ndim != 1:
        raise ValueError(f"p: expected a 1-D distribution, got shape {p.shape}")
    _checks.same_shape(p, q, "p", "q")
    labels = [str(label) for label in labels]
    if len(labels) != len(p):
        raise ValueError(f"labels: expected {len(p)} labels, one per outcome, got {len(labels)}")
    return p, q, labels


def _spelled(distribution, labels):
    """'dog 0.70 · cat 0.20' for a hover label."""
    return " · ".join(f"{label} {value:.2f}" for label, value in zip(labels, distribution, strict=True))


@charts.remembered
def decomposition_figure(p, q, labels, base, presenter=False):
    """H(p, q) = H(p) + KL(p || q) as stacked bars, beside H(q, p) = H(q) + KL(q || p).

    Parameters
    ----------
    p, q : array_like
        1-D distributions over the same outcomes: p the truth, q the prediction.
    labels : sequence of str
        One name per outcome, shown when hovering a bar.
    base : float
        e for nats, 2 for bits.
    presenter : bool
        Larger text for a projector.

    Returns
    -------
    plotly.graph_objects.Figure
        Two bar traces (entropy, KL) stacked over two bars, and the totals as annotations.

    Examples
    --------
    >>> fig = decomposition_figure([0.5, 0.5], [0.9, 0.1], ["heads", "tails"], 2)
    >>> [trace.name for trace in fig.data]
    ['entropy: no model can remove it', 'KL divergence: the cost of the wrong odds']
    """
    p, q, labels = _pair(p, q, labels)
    labels = [escape_html(label, max_length=20) for label in labels]
    unit = charts.unit_name(base)
    bars = ["H(p, q)<br>truth p, forecast q", "H(q, p)<br>swapped: as if q happened"]
    entropies = np.array([entropy(p, base=base), entropy(q, base=base)])
    divergences = np.array([kl_divergence(p, q, base=base), kl_divergence(q, p, base=base)])
    totals = np.array([cross_entropy(p, q, base=base), cross_entropy(q, p, base=base)])
    data_from = [f"p = {_spelled(p, labels)}", f"q = {_spelled(q, labels)}"]
    traces = [
        charts.bar(
            bars,
            entropies,
            name="entropy: no model can remove it",
            color=palette.ENTROPY,
            customdata=np.array([["H(p)", data_from[0]], ["H(q)", data_from[1]]]),
            hovertemplate=f"%{{customdata[0]}} = %{{y:.3f}} {unit}<br>%{{customdata[1]}}<extra></extra>",
        ),
        charts.bar(
            bars,
            charts.drawable(divergences),
            name="KL divergence: the cost of the wrong odds",
            color=palette.KL,
            customdata=np.array([["KL(p ‖ q)"], ["KL(q ‖ p)"]]),
            hovertemplate=f"%{{customdata[0]}} = %{{y:.3f}} {unit}<extra></extra>",
        ),
    ]
    annotations = [
        {
            "x": bar,
            "y": total if np.isfinite(total) else floor,
            "yshift": 12,
            "showarrow": False,
            "text": f"total {format_number(total)} {unit}"
            if np.isfinite(total)
            else "KL = ∞, so the total is ∞",
        }
        for bar, total, floor in zip(bars, totals, entropies, strict=True)
    ]
    return charts.figure(
        traces,
        title="Cross-entropy = entropy + KL<br>"
        f"H(p, q) = {format_number(totals[0])} {unit} {_but_or_and(totals)} "
        f"H(q, p) = {format_number(totals[1])} {unit}",
        x_title="which distribution is the truth",
        y_title=f"{unit} per day (average)",
        presenter=presenter,
        height=440,
        layout={"barmode": "stack", "annotations": annotations, "hovermode": "closest"},
    )


def _but_or_and(totals):
    """'but' between two totals that differ as shown, 'and' between two that do not."""
    return "and" if format_number(totals[0]) == format_number(totals[1]) else "but"


@charts.remembered
def distributions_figure(p, q, labels, presenter=False):
    """Grouped bars of the truth p and the forecast q, outcome by outcome.

    Examples
    --------
    >>> fig = distributions_figure([0.7, 0.3], [0.4, 0.6], ["cat", "dog"])
    >>> [trace.name for trace in fig.data]
    ['truth p', 'forecast q']
    """
    p, q, labels = _pair(p, q, labels)
    labels = [escape_html(label, max_length=20) for label in labels]
    traces = [
        charts.bar(labels, p, name="truth p", color=palette.TARGET),
        charts.bar(labels, q, name="forecast q", color=palette.PREDICTION),
    ]
    return charts.figure(
        traces,
        title="The truth p beside the forecast q:<br>each outcome adds p·log(p/q) to the KL part",
        x_title="outcome",
        y_title="probability (0 to 1)",
        presenter=presenter,
        layout=charts.probability_bars(),
    )


def distributions_table(p, q, labels):
    """The truth and the forecast as a table, one row per outcome."""
    p, q, labels = _pair(p, q, labels)
    return pd.DataFrame({"outcome": labels, "truth p": p, "forecast q": q})


def decomposition_table(p, q, labels, base):
    """The stacked bars as a table: entropy, KL and their sum, the cross-entropy, both ways round."""
    p, q, labels = _pair(p, q, labels)
    unit = charts.unit_name(base)
    return pd.DataFrame(
        {
            "bar": ["H(p, q): truth p, forecast q", "H(q, p): swapped, as if q happened"],
            f"entropy ({unit})": [entropy(p, base=base), entropy(q, base=base)],
            f"KL divergence ({unit})": [kl_divergence(p, q, base=base), kl_divergence(q, p, base=base)],
            f"cross-entropy ({unit})": [cross_entropy(p, q, base=base), cross_entropy(q, p, base=base)],
        }
    )


def code_length_table(p, q, labels):
    """Code lengths in bits, -log2 q(i) for a code built for q and -log2 p(i) for one built for p.

    Averaging the first column over outcomes drawn from p gives H(p, q); the second gives H(p).

    Examples
    --------
    >>> code_length_table([0.5, 0.5], [0.25, 0.75], ["heads", "tails"]).round(3)
      outcome    p  ideal length −log₂ q(i) (bits)  ideal length −log₂ p(i) (bits)
    0   heads  0.5                           2.000                             1.0
    1   tails  0.5                           0.415                             1.0
    """
    p, q, labels = _pair(p, q, labels)
    ones = np.ones_like(p)
    return pd.DataFrame(
        {
            "outcome": labels,
            "p": p,
            "ideal length −log₂ q(i) (bits)": binary_cross_entropy(ones, q, reduction="none", base=2),
            "ideal length −log₂ p(i) (bits)": binary_cross_entropy(ones, p, reduction="none", base=2),
        }
    )
