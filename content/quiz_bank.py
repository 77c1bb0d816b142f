"""The quiz bank: conceptual questions a teacher edits in Markdown, and checking a learner's answers.

The numeric questions (fresh numbers, answers computed by core/) and the guess-the-loss scenario are in
lessons/quiz.py.
"""

import functools
import math
import re
from pathlib import Path
from typing import NamedTuple

import numpy as np

from catalogue import PAGES
from content.text import format_loss, format_number

QUESTIONS_FILE = Path(__file__).resolve().parent.parent / "assets" / "quiz" / "questions.md"
# A question's "Page:" name (home for Home): the page's title, for every page that teaches (the catalogue).
TEACHING_PAGES = {page.lesson: page.title for page in PAGES if page.teaches}
NUMERIC_KINDS = {  # kind: its label, which is also its value in a link (?qkind=Logits)
    "true_class": "True class",
    "three_class": "Three classes",
    "logits": "Logits",
    "emails": "Data set",
    "uniform": "Uniform guess",
    "perplexity": "Perplexity",
    "gradient": "Gradient",
    "entropy": "Entropy",
    "kl": "KL divergence",
    "token_perplexity": "Perplexity from tokens",
    "smoothing": "Label smoothing",
}
ABS_TOL = REL_TOL = 0.01  # a typed number is right within ABS_TOL or REL_TOL of the answer, the larger
ROUGH_REL_TOL = 0.2  # ... or within this share, when the question asks for a rough size ("Roughly how big")
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
    try:
        modified = Path(path).stat().st_mtime_ns
    except OSError as error:
        raise ValueError(f"path: cannot read the question file {path}: {error}") from error
    return _parse_bank(Path(path), modified)


@functools.lru_cache(maxsize=8)  # every lesson's checkpoint asks on every rerun; an edit changes `modified`
def _parse_bank(path, modified):
    """The questions in the file at `path` as it was at time `modified` (read-only: it is shared)."""
    blocks = re.split(r"^## +", _read_bank(path), flags=re.MULTILINE)[1:]
    if not blocks:
        raise ValueError(f"path: {path.name} has no questions (a question starts with '## ')")
    return tuple(_question(block) for block in blocks)


def _read_bank(path):
    """The text of the question file, or ValueError naming it."""
    try:
        return path.read_text(encoding="utf-8")
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


def asks_roughly(prompt):
    """Does `prompt` ask for a rough size ("Roughly how big…")? Then its typed answer is graded roughly."""
    return re.search(r"\brough(ly)?\b", prompt or "", flags=re.IGNORECASE) is not None


def tolerance(prompt=""):
    """How close a typed answer to `prompt` must be, in words: the one rule of /quiz and class mode."""
    share = ROUGH_REL_TOL if asks_roughly(prompt) else REL_TOL
    return f"within {ABS_TOL:g} or {100 * share:g} % of the answer, whichever is larger"


def grading_rule(prompt=""):
    """The sentence shown beside the box where an answer to `prompt` is typed."""
    rough = " (the question asks roughly)" if asks_roughly(prompt) else ""
    return f"A number counts as right {tolerance(prompt)}{rough}."


def is_right(given, expected, prompt=""):
    """Is the typed number `given` right for an answer `expected` to `prompt`, by grading_rule(prompt)?"""
    share = ROUGH_REL_TOL if asks_roughly(prompt) else REL_TOL
    return check_numeric_answer(given, expected, rel_tol=share)


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


def judge_guess(guess, actual, *, unit, guess_decimals=2):
    """gap = guess - actual, with one sentence telling the learner how close the guess was; the guess with
    the decimals its slider has (and its metric shows), the loss and the gap with three.

    Examples
    --------
    >>> judge_guess(1.0, 1.25, unit="nats")
    (-0.25, 'You guessed 1.00 nats; the loss is 1.250 nats. Close: 0.250 nats too low.')
    """
    gap = _real(guess, "guess") - _real(actual, "actual")
    size = f"{format_number(abs(gap))} {unit}"
    if check_numeric_answer(guess, actual, abs_tol=0.05, rel_tol=0.05):
        verdict = "Spot on."
    elif abs(gap) <= max(0.25, 0.25 * abs(actual)):
        verdict = f"Close: {size} too {'high' if gap > 0 else 'low'}."
    else:
        verdict = f"Off by {size}: the loss is {'lower' if gap > 0 else 'higher'} than you thought."
    guessed = format_number(guess, guess_decimals)
    shown = f"You guessed {guessed} {unit}; the loss is {format_loss(actual, unit)}."
    return gap, f"{shown} {verdict}"
