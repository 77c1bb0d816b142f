"""One notation everywhere: the lesson files, the quiz bank, the flashcards and the pages never use a
forbidden form of a symbol (see NOTATION in the developers' guide).

p is the truth and q the prediction; ε is label smoothing only (clipping uses c); π is a policy only
(a class's share is r_k); n is the sample index and m counts a sequence's tokens (T is the temperature);
H is entropy, never the Hessian ∇²_z L; MSE has no unit.
"""

import ast
import re
from pathlib import Path

import pytest

from lessons.notation import SYMBOLS

ROOT = Path(__file__).resolve().parents[2]
TEXT_FILES = sorted(
    [
        *(ROOT / "assets" / "lessons").glob("*.md"),
        ROOT / "assets" / "quiz" / "questions.md",
        ROOT / "assets" / "flashcards.md",
        ROOT / "app.py",
        *(ROOT / "pages").glob("*.py"),
        *(ROOT / "lessons").glob("*.py"),  # sentences, labels and tooltips the pages show
        *(ROOT / "assets" / "derivations").glob("*.md"),
        ROOT / "assets" / "predict.md",
    ]
)

# The one list of forbidden forms: (name, pattern, context that makes a match fine, why it is forbidden).
# A match counts unless its context (the paragraph in Markdown, the line in Python) matches `allowed`.
FORBIDDEN = [
    (
        "p − y",
        r"\bp\s*[−-]\s*y\b|\by\s*[−-]\s*p\b",
        None,
        # The binary push is q − y: p is the truth, never the prediction.
        "the binary gradient is q − y; p is the true distribution",
    ),
    (
        "p(1 − p)",
        r"\bp\s*\(\s*1\s*[−-]\s*p\s*\)|\bp\s*\\?,?\s*\(1\s*-\s*p\)",
        None,
        # σ′ = q(1 − q) belongs to the prediction q.
        "the sigmoid's slope is q(1 − q)",
    ),
    (
        "predicted probability p",
        r"[Pp]redicted probabilit(?:y|ies)(?: of [\w ]+)?,?\s*(?:\*\*|\$)?p\b(?!\()",
        None,
        # Slider and prose labels name the prediction q.
        "the prediction is q",
    ),
    (
        "−log p_t",
        r"[−-]\s*\\?log\s*p_[tn]\b",
        None,
        # A model's per-token probability is q_t; p_t would read as the truth.
        "a model's probability of the next token is q",
    ),
    (
        "H(q, p) as the loss",
        r"H\(\s*q\s*,\s*p\s*\)",
        r"symmetric|swap|order|differ|not the same|H\(p, q\)",
        # H(q, p) may appear only where the text says the order matters.
        "cross-entropy is H(p, q), truth first",
    ),
    (
        "π for a class share",
        r"π|\\pi\b",
        r"polic",
        # π is a policy; a class's share of the data is r_k.
        "π is a policy only; a class's share is r_k",
    ),
    (
        "ε for clipping",
        r"ε|\\varepsilon|\\epsilon",
        r"smooth",
        # ε is label smoothing; clipping keeps q in [c, 1 − c]. Checked only where the text is on clipping.
        "clipping uses the clip level c",
    ),
    (
        "T for a sequence length",
        r"(?<![\w\\])T(?![\w(-])",
        r"temperature|[Tt]emp\b|softmax|/\s*T\b",
        # T is the temperature; a sequence has m tokens. Only checked where the context is a sequence.
        "a sequence has m tokens; T is the temperature",
    ),
    (
        "n for a sequence length",
        r"\$n\$|(?<!\w)[_^]\{?n\b|\\frac\{1\}\{n\}|\bn (?:tokens|words|steps|time steps)\b",
        r"\bsamples?\b|\bemails?\b",
        # n is the sample index (Σₙ, ℓₙ, Gₙ, email n); a sequence has m tokens. Checked where the context
        # is a sequence and no sample is in sight.
        "n is the sample index; a sequence has m tokens",
    ),
    (
        "H for the Hessian",
        r"\bH\s*=\s*\(\s*\\?(?:mathrm\{)?diag|rows of H\b|ᵀ\s*H\s*v|\bH\b is positive|[Hh]essian,? H\b",
        None,
        # H is entropy and cross-entropy on every page; the Hessian in the logits is ∇²_z L.
        "the Hessian is ∇²_z L; H is entropy",
    ),
    (
        "MSE in nats or bits",
        r"MSE\s*\((?:nats|bits)\)|MSE[^.\n]{0,20}\bin (?:nats|bits)\b",
        None,
        # Squared error between probabilities has no unit.
        "MSE has no unit",
    ),
    (
        "P(·) for an event's probability",
        r"(?<![\w\\])P\s*\(",
        None,
        # P is the likelihood of a data set's labels (/data); the probability of an event is Pr(·).
        "an event's probability is Pr(·); P is the likelihood",
    ),
    (
        "a bare r for the chance of label 1",
        r"probability \$?r\b(?!_)|(?<![\w\\])r\s*\(1\s*-|\(1\s*-\s*r\)",
        None,
        # r_k is class k's share (the chance a label is k); the chance of label 1 is r_1.
        "a class's share is r_k; the chance of label 1 is r_1",
    ),
    (
        "a ratio of losses",
        r"times the MSE|Cross-entropy ÷ MSE|cross-entropy / MSE",
        None,
        # Nats divided by a squared probability changes with the unit; compare the gradients instead.
        "compare gradients, not losses of different units",
    ),
]
FORBIDDEN += [
    (
        "a bold q",
        r"\\mathbf\s*\{?\s*q\b|\\boldsymbol\s*\{?\s*q\b|𝐪",
        None,
        # The card writes the predicted distribution as a plain q, its true-class entry q_y; nothing is bold.
        "the predicted distribution is a plain q, the true class's probability q_y",
    ),
    (
        "a page's own meaning for a plain q",
        r"plain\s+q\s+(?:always\s+)?means|on\s+this\s+page,?\s+(?:a\s+)?plain\s+q|(?:bold|plain),\s+to\s+tell\s+it",
        None,
        # One letter, one meaning: no page redefines q for itself (the lecturer's notation review, S2).
        "q is the predicted distribution on every page; the true class's probability is q_y",
    ),
]
ONE_SAMPLE_L = (  # L written as one sample's loss: = −[y …], = −log q, = −Σᵢ pᵢ …, or its slope in q
    r"(?<![\w\\{])L\s*&?=\s*[−-]\s*(?:\\big|\\left)?\["
    r"|(?<![\w\\{])L\s*&?=\s*[−-]\s*(?:\\ln|\\log|ln\b|log|\{log\}|Σ|\\sum)"
    r"|∂L/∂q|\\partial L\}?\s*[/{]\s*\{?\\partial q"
)
FORBIDDEN.append(
    (
        "L for one sample's loss",
        ONE_SAMPLE_L,
        None,
        # ℓ (ℓₙ, ℓₜ) is one sample's or step's loss; L only their mean, L = (1/N) Σₙ ℓₙ.
        "one sample's loss is ℓ; L is the mean over a data set or sequence",
    )
)
# Some forms are only wrong in a context: the ε of clipping, the T of a sequence.
ONLY_WHERE = {
    "ε for clipping": r"clip",
    "T for a sequence length": r"token|\bwords?\b|sentence|sequence|time step|\bsteps\b",
    "n for a sequence length": r"token|\bwords?\b|sentence|sequence|time step",
}


def _ascii(value):
    """A test id a terminal prints plainly: the form's name with its symbols spelled out."""
    spelled = {"−": "-", "π": "pi", "ε": "eps"}
    return "".join(spelled.get(character, character) for character in value).replace(" ", "_")


def contexts(path):
    """The units a match is judged in: paragraphs of Markdown; in Python, lines of a page and, in lessons/,
    whole top-level statements (a function's sentences say what its symbols are in its other lines)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py" and path.parent.name == "lessons":
        return [ast.get_source_segment(text, node) for node in ast.parse(text).body]
    if path.suffix == ".py":
        return text.splitlines()
    return [paragraph for paragraph in re.split(r"\n\s*\n", text) if paragraph.strip()]


def violations(path, name, pattern, allowed):
    """The contexts of `path` in which the forbidden form `name` appears."""
    found = []
    for context in contexts(path):
        if not re.search(pattern, context):
            continue
        if name in ONLY_WHERE and not re.search(ONLY_WHERE[name], context, flags=re.IGNORECASE):
            continue
        if allowed and re.search(allowed, context, flags=re.IGNORECASE):
            continue
        found.append(" ".join(context.split())[:160])
    return found


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda path: str(path.relative_to(ROOT)))
@pytest.mark.parametrize("form", FORBIDDEN, ids=lambda form: _ascii(form[0]))
def test_no_forbidden_notation(path, form):
    name, pattern, allowed, reason = form
    found = violations(path, name, pattern, allowed)
    assert not found, f"{path.name}: {name} ({reason}):\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("name", "bad", "fine"),
    [
        ("p − y", "its gradient is $p - y$", "its gradient is $q - y$"),
        ("p(1 − p)", "the factor p(1 − p) fades", "the factor q(1 − q) fades"),
        ("predicted probability p", "Predicted probability of spam, p", "Predicted probability of spam, q"),
        ("−log p_t", r"$\frac{1}{n}\sum_t -\log p_t(w_t)$", r"$\frac{1}{n}\sum_t -\log q_t(w_t)$"),
        ("H(q, p) as the loss", "The loss is $H(q, p)$.", "Swapped: $H(q, p)$ and $H(p, q)$ differ."),
        ("π for a class share", "the rare class (π = 0.1)", "the policy π over actions"),
        ("ε for clipping", "Clipping keeps q above ε.", "Label smoothing ε moves mass; clipping uses c."),
        ("T for a sequence length", "a sentence of $T$ words", "softmax(z / T) over the next word"),
        ("n for a sequence length", "For a sentence of $n$ words", "For a sentence of $m$ words"),
        ("n for a sequence length", r"$\frac{1}{n}\sum_t$ over tokens", r"$\frac{1}{m}\sum_t$ over tokens"),
        ("H for the Hessian", "As a matrix, H = (diag(q) − q qᵀ)/T².", "Then ∇²_z L = (diag(q) − q qᵀ)/T²."),
        ("H for the Hessian", "the rows of H are [1, 2]", "the rows of ∇²_z L are [1, 2]; H(p) = 0"),
        ("MSE in nats or bits", "MSE (nats)", "MSE (no unit)"),
        ("a bold q", r"the gradient is $\mathbf q - \mathbf p$", r"the gradient is $q - p$"),
        ("a bold q", r"at $\mathbf{q} = \tilde p$", r"at $q = \tilde p$"),
        (
            "a page's own meaning for a plain q",
            "(the notation card's $q_y$: on this page a plain q always means that one number)",
            "where $q_y$ is the probability the model gave the true class $y$",
        ),
        (
            "a page's own meaning for a plain q",
            r"Write $\mathbf q$ for the whole predicted vector (bold, to tell it from $q_y$)",
            r"With $q$ the whole predicted distribution (its true-class entry is $q_y$)",
        ),
        ("a ratio of losses", "4.0 times the MSE", "4.0 times MSE's push"),
        ("P(·) for an event's probability", r"drawn with $P(y=1)=q$", r"drawn with $\Pr(y=1)=q$"),
        ("P(·) for an event's probability", "P(class 1)", "the likelihood P = 0.0005"),
        (
            "a bare r for the chance of label 1",
            r"If the label is 1 with probability r, the expected error $r(1-q)^2 + (1-r)q^2$",
            r"If the label is 1 with probability $r_1$, the expected error $r_1(1-q)^2 + (1-r_1)q^2$",
        ),
        (
            "L for one sample's loss",
            r"For one email the loss is $L = -[\,y \log q]$",
            r"$\ell = -[\,y \log q]$",
        ),
        ("L for one sample's loss", "The loss in nats is L = −[y ln q + (1 − y) ln(1 − q)]", "ℓ = −[y ln q]"),
        ("L for one sample's loss", r"L = -\ln 0.7 = 0.357", r"L = \frac{1}{N}\sum_n \ell_n = 0.758"),
        ("L for one sample's loss", "so ∂L/∂q = −y/q", "L = −(1/N) Σₙ [yₙ log qₙ]"),
        ("L for one sample's loss", r"L &= -\big[\,y \log q", r"L = -\frac{1}{N}\sum_{n} \log q_n"),
    ],
)
def test_each_pattern_catches_its_form_and_spares_the_right_one(tmp_path, name, bad, fine):
    """The patterns can fail: each catches a sentence with the old form and passes its corrected twin."""
    _, pattern, allowed, _ = next(entry for entry in FORBIDDEN if entry[0] == name)
    for text, expected in ((bad, 1), (fine, 0)):
        path = tmp_path / "lesson.md"
        path.write_text(text, encoding="utf-8")
        assert len(violations(path, name, pattern, allowed)) == expected, text


def _card_letters():
    """(symbol, its meaning) for each symbol on the card, a row such as 'K, N, n' split into its symbols."""
    letters = []
    for symbols, meaning in SYMBOLS:
        letters += [(re.sub(r"^\\\s+", "", symbol.strip()), meaning) for symbol in symbols.split(",")]
    return letters


def test_each_symbol_has_one_row_on_the_card_and_every_lesson_symbol_is_there():
    letters = [symbol for symbol, _ in _card_letters()]
    assert len(letters) == len(set(letters)), "a symbol with two rows has two meanings"
    for symbol in ("L", r"\ell", "W", "b", "h", r"\phi", r"\eta", r"\lambda", r"\theta", "G", "u", "x"):
        assert symbol in letters, symbol
    assert r"\Pr" in letters and "P" in letters, "an event's probability and the likelihood"
    assert r"\nabla^2_z L" in letters, "the Hessian has its own symbol"


def test_the_card_gives_n_the_sample_index_and_the_sequence_length_a_free_letter():
    row = next(meaning for symbol, meaning in _card_letters() if symbol == "n")
    assert "sample index" in row and "token" not in row
    length = next(
        symbols for symbols, meaning in SYMBOLS if "number of tokens in a sequence" in meaning
    ).split(",")[0]
    assert length.strip() == "m", "the sequence length is m"
    sequences = (ROOT / "assets" / "lessons" / "sequences.md").read_text(encoding="utf-8")
    assert r"\sum_{t=1}^{m}" in sequences and "$m$ words" in sequences


@pytest.mark.parametrize(
    ("lesson", "clash"),
    [("numerics", r"\bm = \\max"), ("information", r"\\ell_i")],
)
def test_a_letter_the_card_gives_one_meaning_is_not_reused(lesson, clash):
    """m is a sequence's length (not the log-sum-exp's max); ℓ is a loss (not a code length)."""
    text = (ROOT / "assets" / "lessons" / f"{lesson}.md").read_text(encoding="utf-8")
    assert not re.search(clash, text), clash
