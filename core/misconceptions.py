"""Counterexamples to common misconceptions about cross-entropy: each one a small computation a learner moves.

Every function returns plain floats (nats unless `base` says otherwise) so that a page and a test can both
check the property the counterexample is about.
"""

import math

import numpy as np

from core.activations import sigmoid, softmax
from core.information import entropy, kl_divergence
from core.losses import binary_cross_entropy, cross_entropy, cross_entropy_grad
from core.training import compare_runs, make_blobs, steps_to_accuracy

RIGHT_Q, TIMID_Q, SAMPLES = 0.9, 0.45, 4  # model A's q on the emails it gets right; model B's q on all
SOFT_TARGET, TRUE_Q = (0.7, 0.2, 0.1), 0.7  # the soft labels, and the prediction's q on the first class
CALIBRATION_X = np.linspace(-4.0, 4.0, 81)  # feature values; the true frequency of class 1 is sigmoid(x)
LAB = {"n_points": 120, "n_classes": 3, "overlap": 0.5, "seed": 0}
LAB_RATE, LAB_STEPS, LAB_TARGET = 0.5, 200, 0.9


def loss_against_accuracy(wrong_q, *, base=math.e):
    """Two spam filters on SAMPLES spam emails (y = 1). A: q = RIGHT_Q on all but one, `wrong_q` on that one;
    B: q = TIMID_Q on every email. Accuracy counts q >= 0.5; the loss is the mean of -log q, which need not
    follow the plain mean of q (also returned)."""
    a = np.r_[np.full(SAMPLES - 1, RIGHT_Q), wrong_q]
    b = np.full(SAMPLES, TIMID_Q)
    return {
        "loss_a": binary_cross_entropy(np.ones(SAMPLES), a, base=base),
        "loss_b": binary_cross_entropy(np.ones(SAMPLES), b, base=base),
        "accuracy_a": float((a >= 0.5).mean()),
        "accuracy_b": float((b >= 0.5).mean()),
        "mean_q_a": float(a.mean()),
        "mean_q_b": float(b.mean()),
    }


def below_log_k(n_classes, q_true, *, base=math.e):
    """A prediction that is wrong but may cost less than log K: q_true on the true class 0, 0.5 on class 1,
    the rest (0.5 - q_true) shared by the other K - 2 classes (q_true < 0.5, so class 1 wins)."""
    q = np.r_[q_true, 0.5, np.full(n_classes - 2, (0.5 - q_true) / (n_classes - 2))]
    return {
        "q": q,
        "loss": cross_entropy(0, q, base=base),
        "log_k": math.log(n_classes) / math.log(base),
        "predicted": int(q.argmax()),
    }


def swapped(p_first, q_first, *, base=math.e):
    """H(p, q), H(q, p), KL both ways and H(p), for p = [p_first, 1 - p_first], q = [q_first, 1 - q_first]."""
    p, q = np.array([p_first, 1 - p_first]), np.array([q_first, 1 - q_first])
    return {
        "h_pq": cross_entropy(p, q, base=base),
        "h_qp": cross_entropy(q, p, base=base),
        "kl_pq": float(kl_divergence(p, q, base=base)),
        "kl_qp": float(kl_divergence(q, p, base=base)),
        "h_p": float(entropy(p, base=base)),
    }


def wrong_logit_effect(z_wrong, *, base=math.e):
    """Logits [2, z_wrong, 0], true class 0: raising a wrong class's logit lowers q_true through the
    normalisation, so the loss -log q_true rises though the true logit never moved."""
    q = softmax([2.0, z_wrong, 0.0])
    return {"q": q, "loss": cross_entropy(0, q, base=base)}


def soft_label_split(share, *, base=math.e):
    """q = [TRUE_Q, (1 - TRUE_Q) share, (1 - TRUE_Q)(1 - share)]: the one-hot loss ignores the split of the
    wrong mass; the loss against the soft labels SOFT_TARGET does not."""
    q = np.array([TRUE_Q, (1 - TRUE_Q) * share, (1 - TRUE_Q) * (1 - share)])
    return {
        "q": q,
        "one_hot": cross_entropy(0, q, base=base),
        "soft": cross_entropy(list(SOFT_TARGET), q, base=base),
    }


def calibration(scale, *, base=math.e):
    """A model q = sigmoid(scale * x) of data whose frequency of class 1 is sigmoid(x), over CALIBRATION_X:
    its mean confidence max(q, 1 - q), its accuracy (the frequency of the class it picks) and its expected
    cross-entropy. scale = 1 is calibrated; scale > 1 over-confident; scale < 1 under-confident."""
    frequency, q = sigmoid(CALIBRATION_X), sigmoid(scale * CALIBRATION_X)
    picks_one = q >= 0.5
    return {
        "frequency": frequency,
        "q": q,
        "confidence": float(np.where(picks_one, q, 1 - q).mean()),
        "accuracy": float(np.where(picks_one, frequency, 1 - frequency).mean()),
        "cross_entropy": binary_cross_entropy(frequency, q, base=base),
    }


def mse_training(init_scale):
    """The training lab's 3-class blobs, trained with CE and with MSE at the same rate from the same start:
    {loss: (steps to LAB_TARGET accuracy or None, final accuracy, accuracy per step)}."""
    X, y = make_blobs(**LAB)
    runs = compare_runs(X, y, learning_rate=LAB_RATE, steps=LAB_STEPS, init_scale=init_scale)
    return {
        loss: (steps_to_accuracy(run, LAB_TARGET), float(run.accuracy[-1]), run.accuracy)
        for loss, run in runs.items()
    }


def double_softmax(gap, n_classes=3, *, base=math.e):
    """Logits z = [gap, 0, ..., 0], true class 0. Right: -log softmax(z)_0, gradient q - p. Double softmax
    (q fed again as logits): r = softmax(q), loss -log r_0, gradient (diag(q) - q q^T)(r - p) (chain rule)."""
    z = np.r_[gap, np.zeros(n_classes - 1)]
    q = softmax(z)
    p = np.eye(n_classes)[0]
    r = softmax(q)
    return {
        "loss": cross_entropy(0, z, from_logits=True, base=base),
        "double_loss": cross_entropy(0, q, from_logits=True, base=base),
        "grad": cross_entropy_grad(0, z),
        "double_grad": (np.diag(q) - np.outer(q, q)) @ (r - p),
    }


def binary_as_two_class(z0, z1, y, *, base=math.e):
    """Binary CE of sigmoid(z1 - z0) and two-class softmax CE of [z0, z1], for label y: always equal."""
    return {
        "binary": binary_cross_entropy(y, z1 - z0, from_logits=True, base=base),
        "two_class": cross_entropy(y, [z0, z1], from_logits=True, base=base),
        "q": float(sigmoid(z1 - z0)),
    }


def nats_and_bits(q_true):
    """-ln q and -log2 q: the same loss in two units, their ratio 1 / ln 2 whatever q is."""
    nats = -math.log(q_true)
    return {"nats": nats, "bits": -math.log2(q_true)}
