"""The misconceptions page: for each myth, its counterexample's numbers (from core.misconceptions), the
sentence of truth that holds in the learner's state, and the charts with their tables and alt sentences."""

import functools
import math

import numpy as np

from content.text import (
    format_loss,
    format_number,
    format_positive,
    format_probability,
    format_scientific,
)
from core import misconceptions as mc
from core.numerics import double_softmax_floor
from lessons.binary import LOG_NAMES

_training = functools.lru_cache(maxsize=32)(mc.mse_training)  # 0.05 s a run, three readers
GAPS = np.linspace(-10.0, 10.0, 201)  # the double-softmax chart's x axis: the true class's logit lead
GENTLE_INIT = 2.0  # a small initial weight scale, where MSE is not saturated: the myth's foil
AGAINST = "; a step moves z₀ against it"  # a signed push says which way a gradient-descent step goes
LOSS_NAMES = {"cross_entropy": "cross-entropy", "mse": "MSE"}  # core's keys as a reader writes them


def _percent(value):
    return f"{format_number(100 * value, 0)} %"


def _same(a, b):
    """Equal as shown at three decimals."""
    return format_number(a) == format_number(b)


def accuracy_sentence(wrong_q, *, base, unit):
    """Which model has the lower loss and which the higher accuracy, in this state."""
    n = mc.loss_against_accuracy(wrong_q, base=base)
    la, lb = format_loss(n["loss_a"], unit), format_loss(n["loss_b"], unit)
    aa, ab = _percent(n["accuracy_a"]), _percent(n["accuracy_b"])
    if n["loss_a"] > n["loss_b"]:
        sentence = (
            f"Here model A has the **higher** loss ({la} against B's {lb}) and the **higher** accuracy ({aa} "
            f"against {ab}): its one confident mistake, q = {wrong_q:.2f}, costs more than B's timid "
            "answers. Lower loss did not mean higher accuracy."
        )
        if n["mean_q_a"] > n["mean_q_b"]:
            sentence += (
                f" Nor more probability on the truth on average: A gives it {n['mean_q_a']:.2f} on average, "
                f"B {n['mean_q_b']:.2f}. The loss averages −log q, not q, and the log punishes one q near 0 "
                "far more than it rewards several q near 1."
            )
        return sentence
    return (
        f"Here model A has the lower loss ({la} against B's {lb}) and the higher accuracy ({aa} against "
        f"{ab}). "
        "Drag A's mistake toward 0 and its loss passes B's while its accuracy stays put."
    )


def log_k_sentence(n_classes, q_true, *, base, unit):
    """Whether this wrong prediction costs less than log K."""
    n = mc.below_log_k(n_classes, q_true, base=base)
    loss, log_k = format_loss(n["loss"], unit), format_loss(n["log_k"], unit)
    log = LOG_NAMES[unit]  # ln in nats, log₂ in bits: "log 10 = 3.322" reads as false to a log₁₀ eye
    head = (
        f"The model gives the true class q = {q_true:.2f} and another class 0.50, so it picks the wrong "
        f"class; its loss is {loss}"
    )
    if math.isclose(n["loss"], n["log_k"], rel_tol=1e-9):  # q = 1/K: a tie, whatever the rounding says
        return (
            f"{head}, exactly {log} {n_classes} = {log_k}: q = 1/{n_classes} is the uniform guess's own "
            f"probability. Raise q above 1/{n_classes} and the loss drops below {log} {n_classes} while the "
            "prediction stays wrong."
        )
    if n["loss"] < n["log_k"]:
        return (
            f"{head}, **below** {log} {n_classes} = {log_k}. Beating the uniform guess did not make it right."
        )
    return (
        f"{head}, above {log} {n_classes} = {log_k}, because q is below 1/{n_classes}. Raise q above "
        f"1/{n_classes} and the loss drops below {log} {n_classes} while the prediction stays wrong."
    )


def swap_sentence(p_first, q_first, *, base, unit):
    """H(p, q) against H(q, p), and H(p, p) = H(p), which is 0 only for a one-hot p."""
    n = mc.swapped(p_first, q_first, base=base)
    h_pq, h_qp, h_p = (format_loss(n[name], unit) for name in ("h_pq", "h_qp", "h_p"))
    if n["h_p"] == 0:
        tail = (
            f"And H(p, p) = H(p) = {h_p}: p is one-hot, sure of one outcome, the one case with no surprise."
        )
    else:
        tail = (
            f"And H(p, p) = H(p) = {h_p}, not 0: cross-entropy does not vanish when the two agree (it does "
            "only for a one-hot p, sure of one outcome)."
        )
    if math.isclose(p_first, q_first, abs_tol=1e-9):
        return (
            f"Here q = p, so swapping them changes nothing: H(p, q) = H(q, p) = {h_pq}; move a slider. {tail}"
        )
    if math.isclose(p_first + q_first, 1.0, abs_tol=1e-9):
        return (
            f"H(p, q) = H(q, p) = {h_pq}: with two outcomes and q = 1 − p the two orders always agree; move "
            f"either slider off that line. {tail}"
        )
    if _same(n["h_pq"], n["h_qp"]):
        return (
            f"Here the two orders agree to three decimals, H(p, q) = H(q, p) = {h_pq}, because p and q are "
            f"close to each other or to q = 1 − p; move a slider further. {tail}"
        )
    return f"H(p, q) = {h_pq} but H(q, p) = {h_qp}: swapping p and q changes the number. {tail}"


def wrong_class_sentence(z_wrong, share, *, base, unit):
    """The loss moving with a wrong class's logit, and with how the wrong mass is split under soft labels."""
    logit = mc.wrong_logit_effect(z_wrong, base=base)
    split = mc.soft_label_split(share, base=base)
    best = mc.soft_label_split(mc.SOFT_TARGET[1] / (1 - mc.TRUE_Q), base=base)["soft"]
    return (
        f"With logits [2.00, {z_wrong:.2f}, 0.00] the true class gets q = {logit['q'][0]:.3f} and the loss "
        f"is {format_loss(logit['loss'], unit)}: the wrong class's logit moved it, through the sum in "
        "softmax's denominator.\n\nA second, separate prediction, which the logit slider does not move: q on "
        f"the true class 0 is fixed at {mc.TRUE_Q:.2f}, and the split slider decides the rest: class 1 gets "
        f"{split['q'][1]:.3f} and class 2 gets {split['q'][2]:.3f}; the one-hot loss stays "
        f"{format_loss(split['one_hot'], unit)}, "
        f"but against the soft labels [0.7, 0.2, 0.1] it is {_against_best(split['soft'], best, unit)}."
    )


def _against_best(loss, best, unit):
    """The soft-label loss beside its least value, reached when q matches the labels; a gap that three
    decimals hide is given in scientific notation, so the two never read as one number apart from there."""
    shown, least = format_loss(loss, unit), format_loss(best, unit)
    if loss - best < 1e-12:
        return f"{shown}, the least it can be: here q matches them"
    if shown == least:
        above = format_loss(loss - best, unit)
        return f"{shown}, {above} above the least it can be, reached when q matches them"
    return f"{shown} (least, {least}, when q matches them)"


_FEATURES = (
    f"{len(mc.CALIBRATION_X)} evenly spaced feature values x from {mc.CALIBRATION_X[0]:g} to "
    f"{mc.CALIBRATION_X[-1]:g}".replace("-", "−")
)


def _calibration_reading(scale):
    """How to read the chart: across is q(class 1), not the confidence in the predicted class."""
    where = (
        "The chart's horizontal axis is q, the predicted probability of class 1, not the confidence in the "
        "predicted class that Your data's reliability chart uses"
    )
    if math.isclose(scale, 1.0):
        return f"{where}; a calibrated model lies on the diagonal."
    side = ("above", "below") if scale > 1 else ("below", "above")  # q = σ(s·x) lies past σ(x) when s > 1
    return (
        f"{where}: so at a scale {'above' if scale > 1 else 'below'} 1 the curve lies "
        f"{side[0]} the diagonal left of q = 0.5 and {side[1]} it right of 0.5."
    )


def calibration_sentence(scale, *, base, unit):
    """Over-, under- or well calibrated at this scale, with confidence against accuracy."""
    n, calibrated = mc.calibration(scale, base=base), mc.calibration(1.0, base=base)
    numbers = (
        f"mean confidence {_percent(n['confidence'])}, accuracy {_percent(n['accuracy'])} (averaged over "
        f"{_FEATURES})"
    )
    if _same(n["confidence"], n["accuracy"]):
        verdict = f"At scale {scale:.2f} the model is calibrated: {numbers}."
    elif n["confidence"] > n["accuracy"]:
        verdict = f"At scale {scale:.2f} the softmax output is **over-confident**: {numbers}."
    else:
        verdict = f"At scale {scale:.2f} the softmax output is **under-confident**: {numbers}."
    verdict = f"{verdict} {_calibration_reading(scale)}"
    if math.isclose(scale, 1.0):
        return (
            f"{verdict} Its expected cross-entropy, {format_loss(n['cross_entropy'], unit)}, is the least "
            "any scale gives: here q matches the true frequencies. Move the scale away from 1 and the same "
            "softmax outputs stop matching them."
        )
    return (
        f"{verdict} Its expected cross-entropy is {format_loss(n['cross_entropy'], unit)}; at scale 1, where "
        f"q matches the true frequencies, it is {format_loss(calibrated['cross_entropy'], unit)}, the least."
    )


def training_sentence(init_scale):
    """How far each loss got, at the same learning rate from the same start."""
    runs = _training(float(init_scale))
    (ce_step, ce_final, _), (mse_step, mse_final, _) = runs["cross_entropy"], runs["mse"]
    target = _percent(mc.LAB_TARGET)

    def reached(name, step, final):
        if step is None:
            return (
                f"{name} has not reached {target} after {mc.LAB_STEPS} steps (it ends at {_percent(final)})"
            )
        return f"{name} reaches {target} accuracy at step {step}"

    if mse_step is None or ce_step is None:
        sentence = f"{reached('MSE', mse_step, mse_final)}; {reached('cross-entropy', ce_step, ce_final)}."
        gentle_step = _training(GENTLE_INIT)["mse"][0]
        if mse_step is None and gentle_step is not None and init_scale > GENTLE_INIT:
            sentence += (
                f" That is a stall, not an inability: from initial scale {format_number(GENTLE_INIT, 1)}, "
                f"MSE reaches {target} at step {gentle_step}."
            )
        return sentence
    pace = (
        "as fast as" if mse_step == ce_step else ("more slowly than" if mse_step > ce_step else "faster than")
    )
    return (
        f"MSE trains this classifier too, {pace} cross-entropy: MSE reaches {target} accuracy at step "
        f"{mse_step}, cross-entropy at step {ce_step}."
    )


def _push(value):
    """A push at 3 decimals (−0.997, −1.443), in scientific notation only when tiny (−3.27e-3)."""
    return format_number(value) if abs(value) >= 0.01 else format_scientific(value, 3)


def _step_on_z0(push):
    """Which way a gradient-descent step moves z₀: against its gradient."""
    return "raises z₀" if push < 0 else "lowers z₀"


def double_softmax_sentence(gap, *, base, unit):
    """The loss and the push on the true logit (the gradient of the loss in `unit`), right and through a
    double softmax."""
    n = mc.double_softmax(gap, base=base)
    push, double_push = (float(n[name][0]) / math.log(base) for name in ("grad", "double_grad"))
    weaker = format_number(push / double_push, 1)
    smaller = (  # a lower reading of the same prediction is not a better model
        " The smaller number is not a better model: it is the same prediction, measured by a loss that can "
        "no longer tell how wrong it is."
        if n["double_loss"] < n["loss"]
        else ""
    )
    return (
        f"With logits z = [{gap:.2f}, 0, 0] and the first class true, the loss is "
        f"{format_positive(n['loss'])} {unit}, and the push on the true logit (the gradient of the loss in "
        f"{unit}) is {_push(push)}, so a gradient-descent step, which moves against the gradient, "
        f"{_step_on_z0(push)}. Fed through softmax twice, the loss reads "
        f"{format_loss(n['double_loss'], unit)} and the push {_push(double_push)}: a step still "
        f"{_step_on_z0(double_push)}, but with a push {weaker} times smaller. However good the model, the "
        "doubled loss never falls below "
        f"{format_loss(double_softmax_floor(3, base=base), unit)}.{smaller}"
    )


def two_class_sentence(z0, z1, *, base, unit):
    """Binary CE of sigmoid(z1 - z0) beside two-class softmax CE of [z0, z1], for y = 1 and y = 0."""
    one, zero = mc.binary_as_two_class(z0, z1, 1, base=base), mc.binary_as_two_class(z0, z1, 0, base=base)
    return (
        f"z₁ − z₀ = {format_number(z1 - z0, 2)}, so q = σ(z₁ − z₀) = {format_probability(one['q'])}. "
        f"For y = 1 the binary loss is {format_loss(one['binary'], unit)} and the two-class softmax loss "
        f"{format_loss(one['two_class'], unit)}; for y = 0 both are {format_loss(zero['binary'], unit)}. "
        "Add the same number to both logits and nothing changes: only the difference counts."
    )


def units_sentence(q_true):
    """The same loss in nats and in bits, and their ratio."""
    n = mc.nats_and_bits(q_true)
    return (
        f"−ln {q_true:.2f} = {format_loss(n['nats'], 'nats')} and −log₂ {q_true:.2f} = "
        f"{format_loss(n['bits'], 'bits')}: one loss in two units, the bits always 1/ln 2 ≈ "
        f"{format_number(1 / math.log(2))} times the nats."
    )


# Charts: each with its table and its alt sentence.
