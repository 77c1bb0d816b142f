"""AppTest: the notation card lists every symbol once and shows the five worked numbers, recomputed here."""

import math

import pytest
from scipy.special import softmax as scipy_softmax
from scipy.stats import entropy as scipy_entropy

from catalogue import PAGES

PAGE = "pages/notation.py"
NOTATION_SYMBOLS = (
    "y",
    "p",
    "q",
    "x",
    "z",
    r"\Pr,\ P",
    r"\sigma(z)",
    "T",
    r"i,\ j,\ k,\ \delta_{ij}",  # δ_ij as /exercises' softmax gradient defines it
    "H",
    r"\nabla^2_z \ell,\ \nabla^2_z L",
    r"\varepsilon,\ u",
    "c",
    r"\pi",
)


def shown(app):
    return "\n".join(block.value for block in app.markdown)


def expected_numbers(base):
    """The card's five results, worked out independently: math, scipy and the definitions."""
    q = scipy_softmax([2.0, 1.0, 0.1])
    return {
        "binary": -math.log(0.7) / math.log(base),
        "push": 0.7 - 1,
        "multiclass": -math.log(q[0]) / math.log(base),
        "entropy": scipy_entropy([0.5, 0.25, 0.125, 0.125], base=base),
        "uniform": math.log(10) / math.log(base),
    }


@pytest.mark.parametrize("units, base", [("nats", math.e), ("bits", 2)])
def test_the_five_worked_numbers_are_right_in_both_units(open_page, units, base):
    app = open_page(PAGE, units=units)
    assert not app.exception
    text = shown(app)
    numbers = expected_numbers(base)
    assert f"{numbers['binary']:.3f} {units}" in text
    assert f"= {numbers['push']:.3f}" in text and "gradient of the loss in nats" in text
    assert f"{numbers['multiclass']:.3f} {units}" in text
    assert f"{numbers['entropy']:.3f} {units}" in text
    assert f"{numbers['uniform']:.3f} {units}" in text and "perplexity 10.0" in text
    assert f"{-math.log(0.7):.3f} nats" in text and f"{-math.log2(0.7):.3f} bits" in text, "both units shown"
    assert "1.750 bits" in text, "H(½, ¼, ⅛, ⅛) is 1.75 bits by hand"


def test_every_symbol_and_key_formula_is_on_the_card(open_page):
    text = shown(open_page(PAGE))
    for symbol in NOTATION_SYMBOLS:
        assert f"| ${symbol}$ |" in text, symbol
    for formula in (
        r"\partial \ell/\partial z = q - y",
        r"\partial \ell/\partial z = (q - p)/T",
        r"H(p, q) = H(p) + \mathrm{KL}(p\,\|\,q)",
        r"\mathrm{PPL} = e^{H}",
        "1/(1+e^{-z})",
        r"\sigma' = \sigma(1-\sigma)",
    ):
        assert formula in text, formula
    assert f"{1 / math.log(2):.3f}" in text, "1 nat ≈ 1.443 bits"
    assert "never the prediction" in text and "MSE (no unit)" in text


def test_the_card_gives_the_input_the_event_probability_and_the_likelihood_their_letters(open_page):
    """x, Pr(·) and P appear on /binary, /data and /training; r_k is also the chance a label is k
    (/ce-vs-mse's r_1); the formula line has no unexplained aside."""
    text = shown(open_page(PAGE))
    assert "an input: one sample's features" in text
    assert r"$\Pr(\cdot)$ the probability of an event" in text and "the likelihood" in text
    assert "the chance a label is $k$" in text
    assert "flashcards:" not in text


def test_the_card_is_in_every_pages_sidebar(open_page):
    card = next(entry for entry in PAGES if entry.slug == "notation")
    assert (card.path, card.title) == ("pages/notation.py", "Notation card")
    app = open_page("pages/binary.py")
    assert "Notation card" in [link.label for link in app.sidebar.get("page_link")]


@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_each_depth_reads_cleanly(open_page, depth):
    app = open_page(PAGE, depth=depth)
    assert not app.exception
    text = shown(app)
    assert "{{" not in text and "NaN" not in text and "None" not in text
    assert any(f"({depth} explanation)" in block.value for block in app.markdown)


def test_the_medium_and_detailed_wording(open_page):
    medium = " ".join(shown(open_page(PAGE, depth="medium")).split())
    assert "$n$ indexes the samples ($N$ of them) and $t$ the steps of a sequence ($m$ of them)" in medium
    detailed = " ".join(shown(open_page(PAGE, depth="detailed")).split())
    assert "the card's numbers and the pages' numbers cannot disagree" in detailed


@pytest.mark.parametrize(
    "units, loss", [("nats", r"\ell = -\ln 0.7"), ("bits", r"\ell_{\text{bits}} = -\log_2 0.7")]
)
def test_the_worked_loss_and_its_push_name_their_units(open_page, units, loss):
    text = shown(open_page(PAGE, units=units))
    assert loss in text, "the loss in bits has its own symbol"
    assert r"\partial \ell/\partial z = q - y" in text and "gradient of the loss in nats" in text
    assert r"L = -" not in text, "L is a mean; one sample's loss is ℓ"


def test_the_logit_gradient_row_says_it_holds_at_temperature_1(open_page):
    assert r"cross-entropy at $T = 1$: $G_n = (q_n - p_n)/N$" in shown(open_page(PAGE))


def test_the_symbols_column_is_only_as_wide_as_its_symbols_and_m_is_a_count(open_page):
    app = open_page(PAGE)
    css = " ".join(block.proto.body for block in app.get("html"))
    assert ".st-key-notation_symbols :is(th, td):first-child { width: 1%; white-space: nowrap; }" in css
    (table,) = [block.value for block in app.markdown if "| means |" in block.value]
    assert r"| $m,\ t$ | the number of tokens in a sequence; the step index" in table


def test_the_card_names_both_msees_the_pages_use(open_page):
    """Review 27-F #4: the card's MSE was the binary (q − y)² alone; /multiclass averages over K classes."""
    card = " ".join(block.value for block in open_page("pages/notation.py").markdown)
    assert r"\ell_{\text{MSE}} = (q - y)^2" in card and "binary" in card
    assert r"\tfrac{1}{K}\textstyle\sum_i (q_i - p_i)^2" in card
