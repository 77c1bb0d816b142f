"""The quiz page's numbers and figures: numeric questions with fresh numbers, and the guess-the-loss scenario.

Every numeric answer is computed here by core/'s own loss functions, never typed in. Randomness comes only
from the numpy Generator passed in, so the same seed always gives the same question. The question bank and
the answer checking are in content/quiz_bank.py.
"""

import math
from typing import NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from content.quiz_bank import NUMERIC_KINDS, NumericQuestion, tolerance
from content.text import UNITS, format_number
from core.information import perplexity
from core.losses import binary_cross_entropy, cross_entropy
from lessons import _charts as charts
from lessons import palette
from lessons import quiz_distributions as distributions

CLASSES = ("cat", "dog", "rabbit", "fox")


class Scenario(NamedTuple):
    """A 'predict, then reveal' case: a prediction over named classes and the index of the true class."""

    classes: tuple
    probabilities: tuple
    true_class: int


def numeric_question(rng, kind, *, units="nats"):
    """A question whose answer is a loss (or a perplexity) computed by core/ from freshly drawn numbers.

    Parameters
    ----------
    rng : numpy.random.Generator
        The only source of randomness: one seed, one question.
    kind : str
        One of NUMERIC_KINDS: 'true_class' (-log q), 'three_class' (a one-hot label and three
        probabilities), 'logits' (softmax first), 'emails' (mean binary cross-entropy over three
        emails, q = the predicted probability of spam), 'uniform' (log K), 'perplexity' (base ** mean CE),
        or one of lessons/quiz_distributions.py's: 'gradient' (q - p), 'entropy', 'kl',
        'token_perplexity' and 'smoothing' (the best loss under label smoothing).
    units : {'nats', 'bits'}
        The unit the question asks for.

    Returns
    -------
    NumericQuestion
        The numbers in `given` are exactly the ones the prompt shows (rounded before use), so
        a learner working from the prompt can reach `answer`.

    Examples
    --------
    >>> q = numeric_question(np.random.default_rng(1), "true_class", units="bits")
    >>> q.answer == cross_entropy(0, [q.given["q"], 1 - q.given["q"]], base=2)
    True
    >>> numeric_question(np.random.default_rng(1), "uniform").unit
    'nats'
    """
    if kind not in tuple(NUMERIC_KINDS):
        raise ValueError(f"kind: must be one of {', '.join(NUMERIC_KINDS)}, got {kind!r}")
    if units not in tuple(UNITS):
        raise ValueError(f"units: must be one of {', '.join(UNITS)}, got {units!r}")
    return _MAKERS[kind](rng, units)


_log = distributions.log_name


def _probability(rng, low=0.05, high=0.95):
    """A probability with two decimals, drawn uniformly from [low, high]."""
    return round(float(rng.uniform(low, high)), 2)


def _true_class(rng, units):
    """-log q for a probability q on the true class."""
    q = _probability(rng)
    loss = cross_entropy(0, [q, 1 - q], base=UNITS[units])
    return NumericQuestion(
        "true_class",
        f"A model gives probability **{q:.2f}** to the true class. "
        f"What is the cross-entropy loss, in {units}?",
        {"q": q},
        loss,
        units,
        rf"Only the true class counts: $-{_log(units)} {q:.2f} = {loss:.3f}$ {units}.",
        "binary",
    )


def _three_probabilities(rng):
    """Three probabilities with two decimals, each at least 0.02, summing to exactly 1."""
    return distributions.distribution(rng, 3)


def _three_class(rng, units):
    """-log q(true class) when the model spreads its belief over three classes."""
    q = _three_probabilities(rng)
    true = int(rng.integers(3))
    loss = cross_entropy(true, q, base=UNITS[units])
    shares = ", ".join(f"{name} {value:.2f}" for name, value in zip(CLASSES[:3], q, strict=True))
    return NumericQuestion(
        "three_class",
        f"An image classifier says: {shares}. The photo shows a **{CLASSES[true]}**. "
        f"What is the cross-entropy loss, in {units}?",
        {"q": q, "true_class": true},
        loss,
        units,
        rf"With a one-hot label only the {CLASSES[true]} term survives: "
        rf"$-{_log(units)} {q[true]:.2f} = {loss:.3f}$ {units}. The other probabilities do not enter.",
        "multiclass",
    )


def _logits(rng, units):
    """Cross-entropy of three logits (one decimal each) after softmax."""
    z = tuple(int(tenths) / 10 for tenths in rng.integers(-30, 31, size=3))
    true = int(rng.integers(3))
    loss = cross_entropy(true, z, from_logits=True, base=UNITS[units])
    scores = ", ".join(f"{name} {value:.1f}" for name, value in zip(CLASSES[:3], z, strict=True))
    exps = " + ".join(f"e^{{{value:.1f}}}" for value in z)
    return NumericQuestion(
        "logits",
        f"A classifier's raw scores (logits) are: {scores}. The photo shows a **{CLASSES[true]}**. "
        f"After softmax, what is the cross-entropy loss, in {units}?",
        {"z": z, "true_class": true},
        loss,
        units,
        rf"$q(\text{{{CLASSES[true]}}}) = e^{{{z[true]:.1f}}} / ({exps})$, and the loss is "
        rf"$-{_log(units)}\, q(\text{{{CLASSES[true]}}}) = {loss:.3f}$ {units}.",
        "multiclass",
    )


def _emails(rng, units):
    """Mean binary cross-entropy over three emails."""
    y = tuple(int(label) for label in rng.integers(0, 2, size=3))
    q = tuple(_probability(rng) for _ in y)
    loss = binary_cross_entropy(y, q, base=UNITS[units])
    rows = "; ".join(
        f"email {n}: {'spam' if label else 'not spam'}, q(spam) = {prob:.2f}"
        for n, (label, prob) in enumerate(zip(y, q, strict=True), start=1)
    )
    terms = " + ".join(
        f"{_log(units)} {prob if label else 1 - prob:.2f}" for label, prob in zip(y, q, strict=True)
    )
    return NumericQuestion(
        "emails",
        f"A spam filter scores three emails ({rows}). What is the mean binary cross-entropy, in {units}?",
        {"y": y, "q": q},
        loss,
        units,
        rf"Each email's loss is minus the log of the probability the filter gave its true label: "
        rf"$-\frac{{1}}{{3}}\,({terms}) = {loss:.3f}$ {units}.",
        "binary",
    )


def _uniform(rng, units):
    """log K for a guess of 1/K on each of K classes."""
    k = int(rng.choice([2, 3, 4, 5, 6, 8, 10, 16, 20, 26, 50, 100, 1000]))
    loss = cross_entropy(0, np.full(k, 1 / k), base=UNITS[units])
    return NumericQuestion(
        "uniform",
        f"A model that knows nothing guesses 1/{k} for each of **{k}** classes. "
        f"What is its cross-entropy loss, in {units}?",
        {"k": k},
        loss,
        units,
        rf"$-{_log(units)}(1/{k}) = {_log(units)} {k} = {loss:.3f}$ {units}, whatever the true class is.",
        "multiclass",
    )


def _perplexity(rng, units):
    """base ** (mean cross-entropy) for a language model."""
    mean_ce = round(float(rng.uniform(0.5, 4.0)), 2)
    value = perplexity(mean_ce, base=UNITS[units])
    base = "e" if units == "nats" else "2"
    return NumericQuestion(
        "perplexity",
        f"A language model's mean cross-entropy is **{mean_ce:.2f} {units}** per token. "
        "What is its perplexity?",
        {"mean_ce": mean_ce},
        value,
        "",
        rf"Perplexity undoes the log: ${base}^{{{mean_ce:.2f}}} = {value:.3f}$, as unsure as a uniform "
        rf"choice among that many tokens.",
        "sequences",
    )


_MAKERS = {
    "true_class": _true_class,
    "three_class": _three_class,
    "logits": _logits,
    "emails": _emails,
    "uniform": _uniform,
    "perplexity": _perplexity,
    **distributions.MAKERS,
}


def prediction_scenario(rng):
    """A random prediction over the four CLASSES and a true class, for 'predict, then reveal'.

    The probabilities have two decimals, each at least 0.02, and sum to 1; the true class
    is drawn independently, so it is sometimes the model's favourite and sometimes not.

    Examples
    --------
    >>> s = prediction_scenario(np.random.default_rng(3))
    >>> round(sum(s.probabilities), 10), len(s.classes)
    (1.0, 4)
    """
    hundredths = 2 + np.floor(rng.dirichlet(np.full(len(CLASSES), 0.7)) * 92).astype(int)
    hundredths[np.argmax(hundredths)] += 100 - hundredths.sum()
    return Scenario(CLASSES, tuple(int(h) / 100 for h in hundredths), int(rng.integers(len(CLASSES))))


def scenario_loss(scenario, *, base=math.e):
    """-log q(true class) of a Scenario, by core.cross_entropy.

    Examples
    --------
    >>> round(scenario_loss(Scenario(("a", "b"), (0.9, 0.1), 0)), 3)
    0.105
    """
    return cross_entropy(scenario.true_class, scenario.probabilities, base=base)


def scenario_latex(scenario, *, units="nats"):
    """The loss of a Scenario worked out in KaTeX: -log q(true class) = -log 0.xx = loss.

    Examples
    --------
    >>> print(scenario_latex(Scenario(("a", "b"), (0.9, 0.1), 0)))
    -\\ln q(\\text{a}) = -\\ln 0.90 = 0.105\\ \\text{nats}
    """
    loss = scenario_loss(scenario, base=UNITS[units])
    name, q = scenario.classes[scenario.true_class], scenario.probabilities[scenario.true_class]
    log = _log(units)
    return rf"-{log} q(\text{{{name}}}) = -{log} {q:.2f} = {format_number(loss)}\ \text{{{units}}}"


@charts.remembered
def scenario_figure(scenario, *, presenter=False):
    """Bars of the model's probabilities: the true class in palette.TRUE_CLASS, others palette.PREDICTION."""
    colours = [
        palette.TRUE_CLASS if i == scenario.true_class else palette.PREDICTION
        for i in range(len(scenario.classes))
    ]
    fig = go.Figure(
        go.Bar(
            x=np.array(scenario.classes),
            y=np.array(scenario.probabilities),
            marker_color=colours,
            text=[f"{q:.2f}" for q in scenario.probabilities],
            textposition="outside",
            name="predicted probability",
            hoverinfo="skip",
        )
    )
    fig.update_yaxes(range=[0, 1.12])
    fig.update_layout(showlegend=False)
    return charts.style(
        fig,
        title=f"The photo is a {scenario.classes[scenario.true_class]}:<br>only the green bar sets the loss",
        x_title="class",
        y_title="predicted probability",
        presenter=presenter,
        height=320,
    )


def scenario_table(scenario):
    """The scenario's chart as a table: one row per class, the true class marked."""
    return pd.DataFrame(
        {
            "class": scenario.classes,
            "predicted probability": scenario.probabilities,
            "true class": [i == scenario.true_class for i in range(len(scenario.classes))],
        }
    )


def scenario_alt(scenario):
    """The guess-the-loss chart in one sentence: each class's probability and which class is true."""
    shares = ", ".join(
        f"{name} {q:.2f}" for name, q in zip(scenario.classes, scenario.probabilities, strict=True)
    )
    true_name = scenario.classes[scenario.true_class]
    return f"Bar chart of the model's probabilities: {shares}. The photo is a {true_name}, its bar in green."


def numeric_verdict(value, right, question):
    """The verdict on a numeric answer: '**Right.** You said 1.52; the answer is 1.523 nats.'"""
    answer = f"{format_number(question.answer)} {question.unit}".strip()
    said = f"{value:g}" if math.isfinite(value) else format_number(value)  # as typed: 3.03, not 3.030
    return f"**{'Right' if right else 'Not quite'}.** You said {said}; the answer is {answer}."


def lesson_values(n_questions, score):
    """The {{placeholders}} of assets/lessons/quiz.md: the bank's size, the kinds, tolerance and score."""
    return {
        "n_questions": n_questions,
        "n_kinds": len(NUMERIC_KINDS),
        "tolerance": tolerance(),
        "score": f"{score.correct} right out of {score.answered}",
    }
