"""Cross-entropy over time: a sentence's per-token losses and perplexity, and a policy pulled to a target."""

import math

import numpy as np

from core import _checks
from core.information import perplexity
from core.losses import binary_cross_entropy, cross_entropy_grad

MAX_STEPS = 10_000


def _token_probs(probs):
    """1-D probabilities, one for each correct next token."""
    return _checks.one_dimensional(_checks.probabilities(probs, "probs"), "probs", "probability per token")


def _policy_logits(logits):
    """1-D finite logits, one per action."""
    return _checks.one_dimensional(_checks.finite(logits, "logits"), "logits", "logit per action")


def sequence_losses(probs, *, base=math.e):
    """loss_t = -log p_t(correct next token); the mean, the sum, and perplexity = base ** mean.

    Parameters
    ----------
    probs : array_like
        1-D: the probability the model gave each correct next token, in [0, 1].
    base : float
        e for nats, 2 for bits.

    Returns
    -------
    dict
        ``token_losses`` (array), ``mean``, ``total`` and ``perplexity`` (floats);
        ``inf`` wherever a correct token got probability 0.

    Notes
    -----
    Training a sequence model minimises the mean (or the sum) of these per-step
    losses; backpropagation through time differentiates exactly that sum.
    Perplexity is the same number in nats and bits: e ** (mean in nats) = 2 ** (mean in bits).

    Examples
    --------
    >>> result = sequence_losses([0.5, 0.25], base=2)
    >>> result["token_losses"], result["mean"], round(result["perplexity"], 4)  # 2 ** 1.5
    (array([1., 2.]), 1.5, 2.8284)
    """
    p = _token_probs(probs)
    token_losses = binary_cross_entropy(np.ones_like(p), p, reduction="none", base=base)
    mean = float(token_losses.mean())
    return {
        "token_losses": token_losses,
        "mean": mean,
        "total": float(token_losses.sum()),
        "perplexity": perplexity(mean, base=base),
    }


def policy_steps(logits, target, *, learning_rate=1.0, steps=10):
    """z_{t+1} = z_t - lr (softmax(z_t) - p): gradient descent on H(p, softmax(z)), one step at a time.

    Parameters
    ----------
    logits : array_like
        1-D: the policy's starting score for each action.
    target : array_like
        The target distribution p over the same actions (for example an
        expert's choices, or the visit counts of a tree search).
    learning_rate : float
        The step size lr, finite and > 0.
    steps : int
        How many steps to take, 0 to MAX_STEPS.

    Returns
    -------
    numpy.ndarray
        Shape (steps + 1, K): the logits before any step, then after each one.
        ``softmax`` of row t is the policy after t steps.

    Notes
    -----
    softmax(z) - p is ``cross_entropy_grad``, the gradient of the cross-entropy
    between the target and the policy. Each step moves the scores against it; with a
    small enough lr the loss falls toward H(p), never below it, though a single
    probability can move away from its target, or overshoot it, on the way.

    Examples
    --------
    >>> policy_steps([0.0, 0.0], [1.0, 0.0], learning_rate=2.0, steps=1)
    array([[ 0.,  0.],
           [ 1., -1.]])
    """
    z = _policy_logits(logits)
    p = _checks.distribution(target, "target")
    _checks.same_shape(z, p, "logits", "target")
    learning_rate = _checks.number(learning_rate, "learning_rate", 0, low_open=True)
    steps = _checks.whole(steps, "steps", 0, MAX_STEPS)

    path = [z]
    for _ in range(steps):
        z = z - learning_rate * cross_entropy_grad(p, z)
        path.append(z)

    return np.array(path)
