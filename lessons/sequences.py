"""The sequences page's sentences: each one chosen from the state it describes, so it is true in every state.

A sentence about the worst word, the perplexity or the policy's progress depends on ties, on a probability
of 0 or 1, and on whether any step has been taken yet; the choice is made here, in one place, and tested.
"""

import functools
import math

import numpy as np

from content.text import UNITS, escape_markdown, format_loss, format_number
from core.activations import softmax
from core.information import entropy, kl_divergence
from core.losses import cross_entropy
from core.sequences import sequence_losses
from lessons.slider_sweeps import sweep


def _unit(base):
    """'nats' or 'bits' for the base of a loss."""
    return {value: name for name, value in UNITS.items()}[base]


def _word(tokens, index):
    """'word 5, “the”': a position as well as the word, since a sentence may repeat a word."""
    return f"word {index + 1}, “{escape_markdown(tokens[index], max_length=24)}”"


def _listed(items):
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def worst_word_sentence(tokens, probs, *, base=math.e):
    """Which word costs the most, -log q at the lowest q; ties are all named, and equal words said so.

    Examples
    --------
    >>> worst_word_sentence(["a", "b"], [0.5, 0.25], base=2)
    'The lowest probability, 0.25, went to word 2, “b”, so that word costs the most: 2.000 bits.'
    >>> worst_word_sentence(["a", "b"], [1.0, 1.0])
    'Every word got probability 1.00, so each costs the same: 0.000 nats.'
    """
    probs = np.asarray(probs, dtype=float)
    losses = sequence_losses(probs, base=base)["token_losses"]
    unit = _unit(base)
    lowest = probs.min()
    if np.all(probs == lowest):
        return (
            f"Every word got probability {format_number(lowest, 2)}, so each costs the same: "
            f"{format_loss(losses[0], unit)}."
        )
    tied = [_word(tokens, index) for index in np.flatnonzero(probs == lowest)]
    cost = format_loss(losses[int(probs.argmin())], unit)
    if len(tied) == 1:
        return (
            f"The lowest probability, {format_number(lowest, 2)}, went to {tied[0]}, "
            f"so that word costs the most: {cost}."
        )
    return (
        f"The lowest probability, {format_number(lowest, 2)}, went to {_listed(tied)}, "
        f"so those words cost the most: {cost} each."
    )


def perplexity_sentence(perplexity):
    """What a perplexity means, worded for ∞ (a word got q = 0), for 1 (certain and right) and between.

    Examples
    --------
    >>> perplexity_sentence(10.0)
    'As unsure, on average, as a fair pick among 10.00 words.'
    >>> perplexity_sentence(1.0)
    'Perplexity 1: the model was certain of every correct word.'
    """
    if math.isinf(perplexity):
        return "A correct word got probability 0, so the perplexity is infinite: no fair pick is that unsure."
    if perplexity == 1.0:
        return "Perplexity 1: the model was certain of every correct word."
    if format_number(perplexity, 2) == "1.00":  # 1.0017 when one word got 0.99: nearly, not quite, certain
        return (
            f"Perplexity {format_number(perplexity, 4)}: just above 1, so the model was nearly, not quite, "
            "certain of every correct word."
        )
    return f"As unsure, on average, as a fair pick among {format_number(perplexity, 2)} words."


def sequence_alt(tokens, probs, *, base=math.e):
    """The sentence a screen reader announces for the per-word loss chart, with the current numbers.

    Examples
    --------
    >>> print(sequence_alt(["a", "b"], [0.5, 0.25], base=2))  # doctest: +NORMALIZE_WHITESPACE
    Bars of each word’s loss −log qₜ(yₜ): word 1 0.500 → 1.000 bits, word 2 0.250 → 2.000 bits.
    Mean 1.500 bits per word, perplexity 2.83.
    """
    result = sequence_losses(probs, base=base)
    unit = _unit(base)
    bars = ", ".join(
        f"word {index + 1} {format_number(q, 3)} → {format_loss(loss, unit)}"
        for index, (q, loss) in enumerate(zip(probs, result["token_losses"], strict=True))
    )
    return (
        f"Bars of each word’s loss −log qₜ(yₜ): {bars}. Mean {format_loss(result['mean'], unit)} per word, "
        f"perplexity {format_number(result['perplexity'], 2)}."
    )


def steps_phrase(steps):
    """'after 3 steps', 'after 1 step', or 'before the first step'.

    Examples
    --------
    >>> steps_phrase(0), steps_phrase(1), steps_phrase(3)
    ('before the first step', 'after 1 step', 'after 3 steps')
    """
    if steps == 0:
        return "before the first step"
    return f"after {steps} step{'' if steps == 1 else 's'}"


def policy_status(actions, target, path, *, action):
    """Where the policy stands on one action: 'after 3 steps it plays …' or, at step 0, where it starts.

    Examples
    --------
    >>> print(policy_status("lr", [0.2, 0.8], [[0.0, 0.0]], action="r"))  # doctest: +NORMALIZE_WHITESPACE
    before the first step it plays “r” with probability 0.50, and the target asks for 0.80:
    press **One step** to watch it move
    """
    index = list(actions).index(action)
    start, now = softmax(np.asarray(path[0], dtype=float)), softmax(np.asarray(path[-1], dtype=float))
    steps = len(path) - 1
    wanted = format_number(target[index], 2)
    if steps == 0:
        return (
            f"before the first step it plays “{action}” with probability {format_number(start[index], 2)}, "
            f"and the target asks for {wanted}: press **One step** to watch it move"
        )
    return (
        f"{steps_phrase(steps)} it plays “{action}” with probability {format_number(now[index], 2)} "
        f"({format_number(start[index], 2)} at the start), aiming for {wanted}"
    )


def _spelled(actions, distribution):
    """'left 0.67, stay 0.25, right 0.09'."""
    return ", ".join(
        f"{name} {format_number(value, 2)}" for name, value in zip(actions, distribution, strict=True)
    )


_TOLERANCE = 1e-12  # differences below this are rounding, not movement
SETTLED = 0.005  # a probability this close to its target prints as the target, to two decimals


def _quoted(actions, indices, escape):
    """'“left” and “right”', each name through `escape` (Markdown for prose, none for a chart's HTML)."""
    return _listed([f"“{escape(actions[index])}”" for index in indices])


def _loss_clause(target, policies):
    """How the loss went over the steps taken: fell at every one, or fell until it sat at its floor H(p).

    Gradient descent on H(p, softmax(z)) lowers the loss at every step on the page's slider range (the tests
    check every η); 'rose' is there so that the sentence stays true for any other path it is given.
    """
    losses = cross_entropy(np.tile(target, (len(policies), 1)), policies, reduction="none")
    steps = np.diff(losses)
    at_floor = losses[:-1] - entropy(target) < 1e-9
    if np.all(steps < 0):
        return "the loss fell at every step"
    if np.all((steps < 0) | (at_floor & (steps <= _TOLERANCE))):
        return "the loss fell at every step until it reached its floor H(p)"
    rose = int(np.flatnonzero(steps > _TOLERANCE)[0]) + 1
    return f"the loss rose at step {rose}"


def _moves(actions, target, path, escape=escape_markdown):
    """(how the loss went, how the probabilities went) over the steps of `path`; None before any step."""
    target = np.asarray(target, dtype=float)
    policies = softmax(np.asarray(path, dtype=float))
    if len(policies) == 1:
        return None
    gaps = policies - target
    big = np.abs(gaps) > _TOLERANCE
    crossed = np.any((gaps[:-1] * gaps[1:] < 0) & big[:-1] & big[1:], axis=0)
    grew = np.any(np.abs(gaps[1:]) > np.abs(gaps[:-1]) + _TOLERANCE, axis=0)
    near = np.abs(gaps[-1]) < SETTLED  # on its target now, as the bars print it (it may still move)
    nearer = np.abs(gaps[-1]) <= np.abs(gaps[0])  # no further from it now than at the start
    parts = []
    for indices, verb in (  # each says what happened on the way and where it is now, never where it goes
        (np.flatnonzero(crossed & near), f"overshot {{whose}} and {{is}} now within {SETTLED} of {{them}}"),
        (np.flatnonzero(crossed & ~near), "overshot {whose}"),
        (np.flatnonzero(grew & ~crossed & ~nearer), "moved away from {whose}"),
        (
            np.flatnonzero(grew & ~crossed & nearer),
            "moved away from {whose} at first and {is} now nearer to {them} than at the start",
        ),
    ):
        if len(indices):
            one = len(indices) == 1
            words = {"whose": "its target" if one else "their targets", "is": "is" if one else "are"}
            words["them"] = "it" if one else "them"
            parts.append(f"{_quoted(actions, indices, escape)} {verb.format(**words)}")
    moved = " and ".join(parts) if parts else "every probability moved toward its target"
    return _loss_clause(target, policies), moved


POLICY_BEFORE = "Each step moves the scores by −η(π − p) and lowers the loss"


def policy_moves(actions, target, path):
    """What the steps so far did: the scores moved by −η(π − p), the loss fell, and which probabilities
    overshot their target or moved away from it (softmax couples them, so one can while the loss falls).

    Examples
    --------
    >>> print(policy_moves(["l", "r"], [0.2, 0.8], [[0.0, 0.0]]))  # doctest: +NORMALIZE_WHITESPACE
    Each step moves the scores by −η(π − p) and lowers the loss:
    press **One step** and watch each probability.
    >>> one_step = [[0.0, 0.0], [-0.3, 0.3]]  # η = 1
    >>> print(policy_moves(["l", "r"], [0.2, 0.8], one_step))  # doctest: +NORMALIZE_WHITESPACE
    Each step moved the scores by −η(π − p), and the loss fell at every step;
    every probability moved toward its target.
    """
    moves = _moves(actions, target, path)
    if moves is None:
        return f"{POLICY_BEFORE}: press **One step** and watch each probability."
    loss, moved = moves
    return f"Each step moved the scores by −η(π − p), and {loss}; {moved}."


def policy_so_far(actions, target, path):
    """The lesson's short version of policy_moves, after a sentence that already gives the step rule.

    Examples
    --------
    >>> policy_so_far(["l", "r"], [0.2, 0.8], [[0.0, 0.0]])
    'Press **One step** and watch each probability.'
    """
    moves = _moves(actions, target, path)
    if moves is None:
        return "Press **One step** and watch each probability."
    loss, moved = moves
    return f"So far {loss}; {moved}."


def policy_title(actions, target, path):
    """The policy chart's point in two short lines, true for the path shown (`actions` already made safe
    for Plotly's HTML)."""
    moves = _moves(actions, target, path, escape=str)
    if moves is None:
        return "Each step moves the scores by −η(π − p)<br>and lowers the loss: press One step"
    loss, moved = moves
    return f"{loss[0].upper()}{loss[1:]};<br>{moved}"


def policy_alt(actions, target, path):
    """The alt sentence of the policy bars: the policy at the start, now (if any step was taken), the target.

    Examples
    --------
    >>> policy_alt(["l", "r"], [0.2, 0.8], [[0.0, 0.0]])
    'Bars per action: the policy before the first step (l 0.50, r 0.50) and the target (l 0.20, r 0.80).'
    """
    policies = softmax(np.asarray(path, dtype=float))
    start = f"the policy before the first step ({_spelled(actions, policies[0])})"
    goal = f"the target ({_spelled(actions, target)})"
    if len(policies) == 1:
        return f"Bars per action: {start} and {goal}."
    now = f"the policy {steps_phrase(len(policies) - 1)} ({_spelled(actions, policies[-1])})"
    return f"Bars per action: {start}, {now}, and {goal}. {policy_moves(actions, target, path)}"


def policy_loss_alt(target, path, *, base=math.e):
    """The alt sentence of the policy's loss curve: where it started, where it is, and its floor H(p).

    Examples
    --------
    >>> print(policy_loss_alt([0.5, 0.5], [[0.0, 0.0]], base=2))  # doctest: +NORMALIZE_WHITESPACE
    Cross-entropy H(p, π) is 1.000 bits before the first step;
    its floor is H(p) = 1.000 bits.
    """
    unit = _unit(base)
    losses = [cross_entropy(target, softmax(np.asarray(z, dtype=float)), base=base) for z in path]
    floor = format_loss(entropy(target, base=base), unit)
    if len(losses) == 1:
        return (
            f"Cross-entropy H(p, π) is {format_loss(losses[0], unit)} before the first step; "
            f"its floor is H(p) = {floor}."
        )
    return (
        f"Cross-entropy H(p, π) falls from {format_loss(losses[0], unit)} at the start to "
        f"{format_loss(losses[-1], unit)} {steps_phrase(len(losses) - 1)}, "
        f"toward its floor H(p) = {floor}."
    )


PERPLEXITY_RULE = {  # perplexity from the mean loss, in the unit the loss is shown in
    "nats": "e (about 2.718) raised to the power of the mean loss in nats",
    "bits": "2 raised to the power of the mean loss in bits",
}


FAIR_PICK = 0.1  # the "Fair pick among 10 words" preset gives every word this probability


def fair_pick_hint(probs):
    """' Try the “Fair pick among 10 words” preset.', or nothing once every word already has 0.1."""
    if np.allclose(probs, FAIR_PICK, rtol=0, atol=1e-12):
        return " That is the page now: every word got 0.1, a fair pick among 10."
    return " Try the “Fair pick among 10 words” preset."


def _noise_as_zero(kl):
    """KL at the policy's end: a sum of p log(p/π) terms that cancel to floating-point noise (5e-17) once π
    equals p to double precision reads as 0, which it is to the printed digits."""
    return 0.0 if abs(kl) < 1e-12 else kl


def lesson_values(tokens, probs, actions, target, path, *, rate, base=math.e):
    """Every {{placeholder}} of assets/lessons/sequences.md, computed from the page's state.

    Examples
    --------
    >>> values = lesson_values(["a", "b"], [0.5, 0.5], ["l", "r"], [0.5, 0.5], [[0.0, 0.0]], rate=1.0, base=2)
    >>> values["mean"], values["perplexity"], values["steps_phrase"]
    ('1.000 bits', '2.00', 'before the first step')
    """
    unit = _unit(base)
    result = sequence_losses(probs, base=base)
    policy = softmax(np.asarray(path[-1], dtype=float))
    return {
        "mean": format_loss(result["mean"], unit),
        "total": format_loss(result["total"], unit),
        "perplexity": format_number(result["perplexity"], 2),
        "perplexity_sentence": perplexity_sentence(result["perplexity"]),
        "perplexity_rule": PERPLEXITY_RULE[unit],
        "fair_pick_hint": fair_pick_hint(probs),
        "n_tokens": len(tokens),
        "worst_sentence": worst_word_sentence(tokens, probs, base=base),
        "actions": _listed([escape_markdown(action) for action in actions]),
        "steps_phrase": steps_phrase(len(path) - 1),
        "policy_status": policy_status(actions, target, path, action=actions[int(np.argmax(target))]),
        "policy_so_far": policy_so_far(actions, target, path),
        "rate": format_number(rate, 1),
        "policy_loss": format_loss(cross_entropy(target, policy, base=base), unit),
        "policy_kl": format_loss(_noise_as_zero(kl_divergence(target, policy, base=base)), unit),
        "floor": format_loss(entropy(target, base=base), unit),
    }


METRICS = {"mean": "Mean loss per word", "total": "Total over {n} words", "perplexity": "Perplexity"}


@functools.lru_cache(maxsize=64)
def token_readings(probs, index, grid, *, base):
    """What token slider `index` shows at each point of `grid`, the other tokens' probabilities held: the
    mean loss per word, the total and the perplexity, as the page's metrics write them."""
    unit = _unit(base)
    results = [sequence_losses(row, base=base) for row in sweep(probs, index, grid)]
    shown = {
        "mean": lambda result: format_loss(result["mean"], unit),
        "total": lambda result: format_loss(result["total"], unit),
        "perplexity": lambda result: format_number(result["perplexity"], 2),
    }
    return {
        "readouts": tuple(
            (METRICS[field].format(n=len(probs)), tuple(map(text, results))) for field, text in shown.items()
        )
    }
