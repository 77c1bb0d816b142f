"""/multiclass's Detailed depth: the loss in logits with its gradient, and the floor H(p) under it, each
sentence for this target (one-hot, smoothed to p̃, or soft) and for whether the predict box is answered."""

import numpy as np

from content.text import format_loss


def target_symbol(smoothing):
    """'p̃' for the smoothed target, 'p' for the target as set: each symbol keeps one meaning on the page."""
    return "p̃" if smoothing > 0 else "p"


def one_hot_index(target):
    """The class holding all of the target's mass, or None when the target is spread over several."""
    nonzero = np.flatnonzero(np.asarray(target) > 0)
    return int(nonzero[0]) if len(nonzero) == 1 else None


def logits_detailed(point, unit, smoothing, revealed=True):
    """Detailed depth: ℓ = H(t, q) = −Σᵢ tᵢ zᵢ/T + ln Σⱼ e^(zⱼ/T) for the target t the page uses (p, or p̃
    when smoothed), its gradient (q − t)/T and where it vanishes; the one-hot shortcut −z_y/T + lse, which
    answers the predict box, only once it is answered (`revealed`)."""
    tex = "\\tilde{p}" if smoothing > 0 else "p"
    target = np.asarray(point["target"], dtype=float)
    words = [
        f"Written in logits, one sample's loss $\\ell = H({tex}, q)$ with $q = \\mathrm{{softmax}}(z/T)$ is "
        f"$\\ell = -\\sum_i {tex}_i z_i/T + \\ln\\sum_j e^{{z_j/T}}$ (in nats; divide by $\\ln 2$ for bits), "
        f"because the entries of ${tex}$ add up to 1."
    ]
    if one_hot_index(target) is not None and revealed:
        words.append(
            "With a one-hot target on the true class $y$ that is $-z_y/T + \\ln\\sum_j e^{z_j/T}$: a "
            "log-sum-exp minus the true score."
        )
    gradient = (
        f"Its gradient (of the loss in nats) $\\partial \\ell/\\partial z_i = (q_i - {tex}_i)/T$ is bounded"
    )
    if np.all(target > 0):  # a softmax can equal this target: the push stops there
        words.append(f"{gradient} and vanishes only at $q = {tex}$, where the loss stops pushing.")
    else:  # finite logits give every class more than 0, so their softmax never equals a target with a 0
        here = np.allclose(point["cross_entropy_grad"], 0, rtol=0, atol=1e-12)  # a q with an exact 0, as set
        words.append(
            f"{gradient} and vanishes only at $q = {tex}$"
            + (
                ", as here: this prediction gives a class exactly 0, which as logits would take $-\\infty$. "
                if here
                else ". "
            )
            + "With finite logits a softmax gives every class some probability, so against a target with a 0 "
            "it never vanishes: that is why softmax and cross-entropy are paired."
        )
    words.append(f"The loss here, $H({tex}, q)$, is **{format_loss(point['cross_entropy'], unit)}**.")
    return " ".join(words)


def floor_detailed(point, unit, smoothing, revealed=True):
    """Detailed depth: H(p, q) = H(p) + KL(p || q), with the floor H(p) of this target (p̃ when smoothed);
    while the predict box waits (`revealed` False), the one-hot case does not name the class that counts."""
    p = target_symbol(smoothing)
    tex = "\\tilde{p}" if smoothing > 0 else "p"  # p̃ in KaTeX
    split = f"$H({tex}, q) = H({tex}) + \\mathrm{{KL}}({tex}\\,\\|\\,q)$"
    calibration = (
        " Smoothing therefore caps how confident a trained model wants to be, which often improves "
        "calibration."
        if smoothing > 0
        else ""
    )
    if one_hot_index(point["target"]) is not None:
        towards = "the loss falls towards 0 as $q(\\text{true}) \\to 1$ and " if revealed else ""
        return (
            "Here the target is one-hot, so $H(p) = 0$ and the loss is all "
            f"$\\mathrm{{KL}}(p\\,\\|\\,q)$, which is 0 only at $q = p$: {towards}it is exactly 0 only "
            "when q equals that one-hot p, as the Perfect preset's q does. "
            "Soft labels or smoothing "
            f"give the target an entropy above 0, and since {split}, that is a floor no prediction "
            f"gets under.{calibration}"
        )
    return (
        f"This target has entropy $H({tex})$ = {format_loss(point['entropy'], unit)}, and since {split}, "
        f"no prediction gets under it: the minimum is reached at $q = {tex}$. Here "
        f"KL({p} ‖ q) = {format_loss(point['kl'], unit)}: how far this prediction's loss, "
        f"{format_loss(point['cross_entropy'], unit)}, sits above that floor.{calibration}"
    )
