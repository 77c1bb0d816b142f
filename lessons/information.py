"""The information lesson: its numbers, the sentences that depend on them, and its charts' alt text.

H(p, q) = H(p) + KL(p || q); swapping p and q changes both in general, but not always (q = p, or a
coincidence such as a uniform q against p = (1/2, 1/4, 1/8, 1/8), where the two KLs are equal).
"""

import math

import numpy as np

from content.text import format_loss, format_number
from core.information import entropy, kl_divergence
from core.losses import cross_entropy


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
    if _shown_equal(numbers["h_pq"], numbers["h_qp"]):
        return (
            f"Here swapping them happens to give the same cost, {h_pq}, by coincidence. "
            "In general it does not: cross-entropy is not symmetric (try the “Shuffled forecast” preset)."
        )
    return (
        f"Swap the roles, making q the truth and p the forecast, and the cost changes: H(q, p) = {h_qp}, "
        f"not {h_pq}. Cross-entropy is not symmetric."
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
        "kl_bits": format_loss(bits["kl_pq"], "bits"),
        "h_pq_nats": format_loss(nats["h_pq"], "nats"),
        "swap_sentence": swap_sentence(p, q, base=base, unit=unit),
        "kl_sentence": kl_direction_sentence(p, q, base=base, unit=unit),
        "code_sentence": code_length_sentence(p, q, labels),
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
        f"{numbers['kl_pq']} makes H(p, q) {numbers['h_pq']}. Swapped, truth q, forecast p: entropy H(q) "
        f"{numbers['h_q']} plus KL(q ‖ p) {numbers['kl_qp']} makes H(q, p) {numbers['h_qp']}."
    )
