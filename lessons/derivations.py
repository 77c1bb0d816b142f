"""The numbers that fill each "derive it" panel (assets/derivations/*.md), computed from core/ for the state
the page shows. Each function returns [(derivation name, {placeholder: text})] for ui.widgets.derivations."""

import math

import numpy as np

from content.text import UNITS, format_loss, format_number, format_probability
from core import cross_entropy, logit, softmax
from core.losses import mass_times, safe_log, smooth_labels
from lessons.multiclass import fixed
from lessons.multiclass_detailed import target_symbol

STEP = 1e-6  # central-difference step for the live check of the gradient


def _signed(value, decimals=3):
    """format_number's text with a true minus sign, as the prose writes it; -0.000 as 0.000."""
    return format_number(round(float(value), decimals) + 0.0, decimals).replace("-", "−")


def vector(values, decimals=3):
    """[0.659, −0.242, 0.099], with ∞ spelled out."""
    return "[" + ", ".join(_signed(v, decimals) for v in values) + "]"


def _loss_in_logits(p, u):
    """H(p, softmax(u)) in nats, for the finite-difference check."""
    return float(cross_entropy(p, u, from_logits=True))


def _scientific(value, largest=1e6):
    """-2.500, or -1.4 × 10^87 once a number has more digits than a reader can take in."""
    if abs(value) < largest:
        return _signed(value)
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"{mantissa.replace('-', '−')} × 10^{int(exponent)}"


def gradient_check(p, q, temperature):
    """A sentence comparing (q - p) / T with a central difference of ℓ(z) at z = T log q (when q > 0)."""
    if np.any(q <= 0):
        return (
            "(A class with q = 0 has logit −∞, so there is no finite-difference check here; the formula "
            "holds in the limit.)"
        )
    z = temperature * np.log(q)
    numeric = [
        (_loss_in_logits(p, (z + STEP * e) / temperature) - _loss_in_logits(p, (z - STEP * e) / temperature))
        / (2 * STEP)
        for e in np.eye(len(q))
    ]
    return (
        "Check: nudging each logit by ±10⁻⁶ and dividing the change in ℓ by 2 × 10⁻⁶ gives "
        f"{vector(numeric)}."
    )


def multiclass_panels(q, target, *, smoothing, temperature, unit):
    """The softmax gradient, the Hessian, and label smoothing, for the multiclass page's q and target p."""
    q, p = np.asarray(q, dtype=float), np.asarray(target, dtype=float)
    p_eps = smooth_labels(p, smoothing)
    n = len(q)
    dl_dq = [
        format_number(0.0) if p_i == 0 else "−∞" if q_i == 0 else _scientific(-p_i / q_i)
        for p_i, q_i in zip(p_eps, q, strict=True)
    ]
    hessian = (np.diag(q) - np.outer(q, q)) / temperature**2
    eigenvalues = np.sort(np.linalg.eigvalsh(hessian))
    base = UNITS[unit]
    return [
        (
            "softmax-gradient",
            {
                "pt": target_symbol(smoothing),
                "target_note": (
                    f"With label smoothing (ε = {format_number(smoothing, 2)}) the target is the smoothed "
                    "p̃ = (1 − ε)·p + ε/K, not the label p itself. "
                    if smoothing > 0
                    else ""
                ),
                "p": vector(p_eps),
                "q": "[" + ", ".join(format_probability(value) for value in q) + "]",  # 1.4e-87, not 0.000
                "t": format_number(temperature, 1),
                "loss": format_loss(cross_entropy(p_eps, q), "nats"),
                "dl_dq": "[" + ", ".join(dl_dq) + "]",
                "p_sum": format_number(p_eps.sum()),
                "grad": vector((q - p_eps) / temperature),
                "check": gradient_check(p_eps, q, temperature),
            },
        ),
        (
            "hessian",
            {
                "pt": target_symbol(smoothing),
                "q": vector(q),
                "t": format_number(temperature, 1),
                "matrix": "; ".join(vector(row) for row in hessian),
                "eigenvalues": vector(eigenvalues, 4),
            },
        ),
        ("label-smoothing", smoothing_values(p, q, smoothing, n, base=base, unit=unit)),
    ]


def smoothing_values(p, q, smoothing, n_classes, *, base, unit):
    """H(p, q), H(u, q) and their mix (1 - ε) H(p, q) + ε H(u, q), which is the smoothed loss."""
    h_pq = float(mass_times(p, -safe_log(q)).sum() / math.log(base))
    h_uq = float(-safe_log(q).mean() / math.log(base))
    smoothed = cross_entropy(p, q, label_smoothing=smoothing, base=base)
    if smoothing == 0 and math.isinf(h_uq):  # ε·H(u, q) would be 0·∞: the split says nothing here
        total = (
            "At ε = 0, p̃ is p itself, so the loss is H(p, q) directly: "
            f"{format_loss(h_pq, unit)}, the cross-entropy the page shows, {format_loss(smoothed, unit)}. "
            "The split of step 2 does not apply here: a class with q = 0 makes H(u, q) infinite, and 0·∞ is "
            "not a number."
        )
    elif smoothing == 0:
        total = (
            "At ε = 0 the second term, 0 times a finite H(u, q), is 0: the loss is H(p, q) = "
            f"{format_loss(h_pq, unit)}, the cross-entropy the page shows, {format_loss(smoothed, unit)}."
        )
    elif math.isinf(h_uq):
        total = (
            f"A class with q = 0 makes H(u, q) infinite, and with ε = {format_number(smoothing, 2)} it has "
            f"target mass, so the smoothed loss is infinite too: {format_loss(smoothed, unit)}, as shown."
        )
    else:
        mixed = (1 - smoothing) * h_pq + smoothing * h_uq
        total = (
            f"(1 − ε)·H(p, q) + ε·H(u, q) = {format_number(1 - smoothing, 2)} · {format_number(h_pq)} + "
            f"{format_number(smoothing, 2)} · {format_number(h_uq)} = {format_loss(mixed, unit)}: the "
            f"cross-entropy the page shows, {format_loss(smoothed, unit)}."
        )
    return {
        "eps": format_number(smoothing, 2),
        "k": n_classes,
        "p_eps": vector(smooth_labels(p, smoothing)),
        "h_pq": format_loss(h_pq, unit),
        "h_uq": format_loss(h_uq, unit),
        "total": total,
    }


def _binary_dl_dq(q, y):
    """The sentence for dL/dq = -y/q + (1 - y)/(1 - q) at q, which is infinite where the label gets q = 0."""
    if 0 < q < 1:
        return f"Here ∂ℓ/∂q = {_signed(-y / q + (1 - y) / (1 - q))}."
    if q == 1 - y:  # the true label got probability 0
        return (
            f"At q = {q:.2f} and y = {y} it is infinite while σ′ is 0, so the gradient below is the limit of "
            "the two lines, which hold for every finite z."
        )
    return f"Here ∂ℓ/∂q = {_signed(-1.0 if y == 1 else 1.0)}."


def binary_panels(q, y, *, base, unit):
    """σ' = σ(1 - σ) with the two-line gradient, and binary CE as two-class softmax CE, at the page's q, y."""
    z = float(logit(q))
    pair = softmax([0.0, z]) if 0 < q < 1 else np.array([1 - q, q])  # the softmax of logits (0, z)
    return [
        (
            "sigmoid",
            {
                "q": f"{q:.2f}",
                "z": _signed(z),
                "one_minus_q": f"{1 - q:.2f}",
                "sigma_prime": format_number(q * (1 - q)),
                "dl_dq": _binary_dl_dq(q, y),
                "y": y,
                "grad": _signed(q - y),
            },
        ),
        (
            "two-class",
            {
                "y": y,
                "q": f"{q:.2f}",
                "p": vector([1 - y, y], 0),
                "q_pair": vector(pair, 2),
                "two_class": format_loss(cross_entropy(y, pair, base=base), unit),
                "loss": format_loss(cross_entropy([1 - y, y], [1 - q, q], base=base), unit),
            },
        ),
    ]


LIKELIHOOD_BY_MODE = {  # (what qₙ(yₙ) is, what −log qₙ(yₙ) is), for the data page's two modes
    "binary": (
        "With two classes the model gives one number per sample, qₙ(1), the probability of yₙ = 1 (the "
        "table's q); then qₙ(0) = 1 − qₙ(1), and the true label's probability fits in one line: "
        "qₙ(yₙ) = qₙ(1)^yₙ (1 − qₙ(1))^(1 − yₙ), which is qₙ(1) when yₙ = 1 and 1 − qₙ(1) when yₙ = 0.",
        "Taking the log of step 1's one-line form, −log qₙ(yₙ) = −[yₙ log qₙ(1) + (1 − yₙ) log(1 − qₙ(1))]: "
        "sample n's binary cross-entropy, and its mean over n is the formula L = −(1/N) Σₙ [yₙ log qₙ(1) + "
        "(1 − yₙ) log(1 − qₙ(1))].",
    ),
    "multiclass": (
        "With K classes the model gives a whole distribution qₙ over them, and qₙ(yₙ) is its entry for the "
        "true class.",
        "Write pₙ for sample n's one-hot label: pₙ(i) = 1 for i = yₙ and 0 otherwise. Then each −log qₙ(yₙ) "
        "is sample n's cross-entropy, −Σᵢ pₙ(i) log qₙ(i), since only the true class's term is not 0.",
    ),
}


def likelihood_panels(total, n, mean_loss, *, base, unit, mode="multiclass"):
    """The likelihood P = exp(total log terms), its log, and the mean negative log-likelihood; `mode` is the
    data page's 'binary' or 'multiclass'."""
    if math.isinf(total):
        likelihood = "0 (a sample got probability 0)"
    else:
        exponent10 = total * math.log(base) / math.log(10)
        if exponent10 > -4:
            likelihood = format_number(base**total, 4)
        else:
            power = math.floor(exponent10)
            likelihood = f"{10 ** (exponent10 - power):.2f} × 10^{power}"
    return [
        (
            "likelihood",
            {
                "n": f"{n:,}",
                "likelihood": likelihood,
                "log_likelihood": fixed(total),  # a real minus sign: −10.904
                "unit": unit,
                "mean": format_loss(-total / n, unit),
                "loss": format_loss(mean_loss, unit),
                "label_probability": LIKELIHOOD_BY_MODE[mode][0],
                "per_sample_loss": LIKELIHOOD_BY_MODE[mode][1],
            },
        )
    ]
