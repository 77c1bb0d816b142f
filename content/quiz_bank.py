"""The quiz: conceptual questions a teacher edits in Markdown, and numeric questions with fresh numbers.

Every numeric answer is computed here by core/'s own loss functions, never typed in. Randomness comes
only from the numpy Generator passed in, so the same seed always gives the same question.
"""

import math
import re
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from content.text import UNITS, format_number
from core.information import perplexity
from core.losses import binary_cross_entropy, cross_entropy
from lessons import _charts as charts
from lessons import palette

QUESTIONS_FILE = Path(__file__).resolve().parent.parent / "assets" / "quiz" / "questions.md"
TEACHING_PAGES = {  # page path (home is app.py): the page's name
    "home": "Home",
    "binary": "Binary cross-entropy",
    "multiclass": "Softmax & multi-class cross-entropy",
    "ce-vs-mse": "Cross-entropy vs MSE",
    "training": "Training lab",
    "information": "Entropy, KL and cross-entropy",
    "sequences": "Sequences and perplexity",
    "numerics": "Numerical stability",
    "variants": "Variants",
    "data": "Your data",
}
NUMERIC_KINDS = {  # kind: its label, which is also its value in a link (?qkind=Logits)
    "true_class": "True class",
    "three_class": "Three classes",
    "logits": "Logits",
    "emails": "Data set",
    "uniform": "Uniform guess",
    "perplexity": "Perplexity",
}
CLASSES = ("cat", "dog", "rabbit", "fox")
ABS_TOL = REL_TOL = 0.01
MAX_ANSWER_LENGTH = 60
_OPTION = re.compile(r"^- \[( |x|X)\] +(.+)$")
_PAGE = re.compile(r"^page: *(\S+) *$", re.IGNORECASE)
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e[+-]?[0-9]+)?|[+-]?inf(?:inity)?")
_UNIT_WORDS = re.compile(r"(nats?|bits?|choices)$")


class Question(NamedTuple):
    """A multiple-choice question: options, the right one, why each is right or wrong, its teaching page."""

    prompt: str
    options: tuple
    answer: int
    reasons: tuple
    page: str


class NumericQuestion(NamedTuple):
    """A numeric question: `given` holds the numbers the prompt shows, `answer` is core/'s result."""

    kind: str
    prompt: str
    given: dict
    answer: float
    unit: str
    solution: str
    page: str


class ParsedAnswer(NamedTuple):
    """A learner's typed answer: the number read (or None) and, if None, a friendly word on why."""

    value: float | None
    problem: str


class Scenario(NamedTuple):
    """A 'predict, then reveal' case: a prediction over named classes and the index of the true class."""

    classes: tuple
    probabilities: tuple
    true_class: int


class Score(NamedTuple):
    """Right answers out of answered questions, for one session."""

    correct: int = 0
    answered: int = 0

    def add(self, right):
        """The score after one more answer.

        Examples
        --------
        >>> Score().add(True).add(False)
        Score(correct=1, answered=2)
        """
        return Score(self.correct + bool(right), self.answered + 1)


def load_questions(path=QUESTIONS_FILE):
    """questions = the '## ' blocks of a Markdown file, each with a Page line and '- [x]' / '- [ ]' options.

    Parameters
    ----------
    path : str or Path
        The question bank; assets/quiz/questions.md by default. Text before the first
        '## ' heading is the teacher's notes and is skipped.

    Returns
    -------
    tuple of Question
        In file order.

    Notes
    -----
    A mistake in the file (no right answer, two right answers, a repeated option, an option
    with no reason, an unknown page) raises ValueError naming the question, so a teacher
    who edits the file gets told exactly what to fix.

    Examples
    --------
    >>> questions = load_questions()
    >>> len(questions) >= 20
    True
    >>> all(q.page in TEACHING_PAGES for q in questions)
    True
    """
    text = _read_bank(path)
    blocks = re.split(r"^## +", text, flags=re.MULTILINE)[1:]
    if not blocks:
        raise ValueError(f"path: {Path(path).name} has no questions (a question starts with '## ')")
    return tuple(_question(block) for block in blocks)


def _read_bank(path):
    """The text of the question file, or ValueError naming it."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"path: cannot read the question file {path}: {error}") from error


def _question(block):
    """One Question from the text under a '## ' heading."""
    heading, *lines = block.rstrip().splitlines()
    prompt, page, options, reasons, rights = [heading.strip()], None, [], [], []
    for line in lines:
        option, page_match = _OPTION.match(line), _PAGE.match(line.strip())
        if option:
            rights.append(option.group(1) != " ")
            options.append(option.group(2).strip())
            reasons.append("")
        elif page_match:
            page = page_match.group(1)
        elif line.strip() and options and line[0].isspace():
            reasons[-1] = f"{reasons[-1]} {line.strip()}".strip()
        elif line.strip() and options:
            _bad(heading, f"the line “{line.strip()}” comes after the answers but is not indented under one")
        elif line.strip():
            prompt.append(line.strip())
    _check_question(heading, page, options, reasons, rights)
    return Question(" ".join(prompt), tuple(options), rights.index(True), tuple(reasons), page)


def _check_question(heading, page, options, reasons, rights):
    """Raise ValueError unless the parsed question is complete and has exactly one right answer."""
    if page not in TEACHING_PAGES:
        _bad(heading, f"“Page: {page}” is not one of {', '.join(TEACHING_PAGES)}")
    if len(options) < 2:
        _bad(heading, "needs at least two answers, each a line starting with '- [x] ' or '- [ ] '")
    if sum(rights) != 1:
        _bad(heading, f"needs exactly one right answer marked '- [x]', found {sum(rights)}")
    if len(set(options)) != len(options):
        _bad(heading, "has the same answer twice")
    if not all(reasons):
        _bad(heading, "every answer needs an indented line under it saying why it is right or wrong")


def _bad(heading, problem):
    """Raise the ValueError a teacher sees for a broken question."""
    raise ValueError(f"path: question “{heading.strip()}” {problem}")


def shuffle_options(question, rng):
    """The question with its options (and reasons) in a random order; `answer` follows the right one.

    Examples
    --------
    >>> q = load_questions()[0]
    >>> s = shuffle_options(q, np.random.default_rng(0))
    >>> s.options[s.answer] == q.options[q.answer]
    True
    """
    order = rng.permutation(len(question.options))
    return question._replace(
        options=tuple(question.options[i] for i in order),
        reasons=tuple(question.reasons[i] for i in order),
        answer=int(np.flatnonzero(order == question.answer)[0]),
    )


def numeric_question(rng, kind, *, units="nats"):
    """A question whose answer is a loss (or a perplexity) computed by core/ from freshly drawn numbers.

    Parameters
    ----------
    rng : numpy.random.Generator
        The only source of randomness: one seed, one question.
    kind : str
        One of NUMERIC_KINDS: 'true_class' (-log q), 'three_class' (a one-hot label and three
        probabilities), 'logits' (softmax first), 'emails' (mean binary cross-entropy over three
        emails, q = the predicted probability of spam), 'uniform' (log K) or 'perplexity' (base ** mean CE).
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


def _log(units):
    """The KaTeX name of the logarithm for a unit."""
    return r"\ln" if units == "nats" else r"\log_2"


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
    hundredths = 2 + np.floor(rng.dirichlet(np.ones(3)) * 94).astype(int)
    hundredths[np.argmax(hundredths)] += 100 - hundredths.sum()
    return tuple(int(h) / 100 for h in hundredths)


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
}


def check_numeric_answer(given, expected, *, abs_tol=ABS_TOL, rel_tol=REL_TOL):
    """right = |given - expected| <= max(abs_tol, rel_tol * |expected|).

    Parameters
    ----------
    given : float
        The learner's number.
    expected : float
        The answer core/ computed.
    abs_tol, rel_tol : float
        0.01 each by default: two correct decimals pass, and so does a large perplexity
        within 1 %.

    Returns
    -------
    bool

    Notes
    -----
    An infinite answer is right only against the same infinity. A difference of exactly the
    tolerance passes: the bound gets a hair of slack, since 1.01 - 1.00 is 0.010000000000000009
    in binary floating point.

    Examples
    --------
    >>> check_numeric_answer(1.51, 1.5146)
    True
    >>> check_numeric_answer(1.53, 1.5146)
    False
    >>> check_numeric_answer(1.01, 1.0)
    True
    >>> check_numeric_answer(math.inf, math.inf)
    True
    """
    given, expected = _real(given, "given"), _real(expected, "expected")
    tolerance = max(_tolerance(abs_tol, "abs_tol"), _tolerance(rel_tol, "rel_tol") * abs(expected))
    if math.isinf(given) or math.isinf(expected):
        return given == expected
    return abs(given - expected) <= tolerance * (1 + 1e-9)


def _real(value, name):
    """A real number (infinity allowed), not NaN, not text."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or math.isnan(value):
        raise ValueError(f"{name}: must be a number, got {value!r}")
    return float(value)


def _tolerance(value, name):
    """A finite tolerance >= 0."""
    if not math.isfinite(_real(value, name)) or value < 0:
        raise ValueError(f"{name}: must be finite and >= 0, got {value!r}")
    return float(value)


def parse_answer(text):
    """The number a learner typed: '1.52', '1,52', ' 1.52 bits ', '1e-3', 'inf' and '∞' all read.

    Parameters
    ----------
    text : object
        Whatever came out of the text box; it is never trusted.

    Returns
    -------
    ParsedAnswer
        (value, '') when a number was read; (None, a friendly message) otherwise. Never raises.

    Notes
    -----
    A lone comma is a decimal comma ('0,35' is 0.35). With both a dot and a comma, the last of
    the two is the decimal point ('1,234.5' and '1.234,5' are both 1234.5); several commas and
    no dot group thousands. Spaces are ignored, and a trailing unit word is dropped.

    Examples
    --------
    >>> parse_answer(" 0,35 ")
    ParsedAnswer(value=0.35, problem='')
    >>> parse_answer("1 234.5 nats").value
    1234.5
    >>> parse_answer("∞").value
    inf
    >>> parse_answer("about two").value is None
    True
    """
    cleaned = _cleaned(text)
    if not cleaned:
        return ParsedAnswer(None, "Type a number first, for example 1.52.")
    if len(cleaned) > MAX_ANSWER_LENGTH:
        return ParsedAnswer(None, "That is too long to be a number. Type just the number, such as 1.52.")
    if not _NUMBER.fullmatch(cleaned):
        return ParsedAnswer(
            None, "That is not a number I can read. Type digits, such as 1.52 (a decimal comma works too)."
        )
    return ParsedAnswer(float(cleaned), "")


def _cleaned(text):
    """Lower case, no spaces, no trailing unit word, no thousands separator, a decimal point, 'inf' for ∞."""
    cleaned = "".join(str("" if text is None else text).lower().split())
    cleaned = _UNIT_WORDS.sub("", cleaned).replace("∞", "inf")
    if "." in cleaned and "," in cleaned:
        thousands = "," if cleaned.rfind(".") > cleaned.rfind(",") else "."
        cleaned = cleaned.replace(thousands, "")
    if cleaned.count(",") > 1:
        return cleaned.replace(",", "")
    return cleaned.replace(",", ".")


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


def judge_guess(guess, actual, *, unit):
    """gap = guess - actual, with one sentence telling the learner how close the guess was.

    Examples
    --------
    >>> judge_guess(1.0, 1.25, unit="nats")
    (-0.25, 'You guessed 1.000 nats; the loss is 1.250 nats. Close: 0.250 nats too low.')
    """
    gap = _real(guess, "guess") - _real(actual, "actual")
    size = f"{format_number(abs(gap))} {unit}"
    if check_numeric_answer(guess, actual, abs_tol=0.05, rel_tol=0.05):
        verdict = "Spot on."
    elif abs(gap) <= max(0.25, 0.25 * abs(actual)):
        verdict = f"Close: {size} too {'high' if gap > 0 else 'low'}."
    else:
        verdict = f"Off by {size}: the loss is {'lower' if gap > 0 else 'higher'} than you thought."
    shown = f"You guessed {format_number(guess)} {unit}; the loss is {format_number(actual)} {unit}."
    return gap, f"{shown} {verdict}"


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
