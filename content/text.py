"""Formatting numbers and user text for display: one formatter for the whole app."""

import html
import math
import re

UNITS = {"nats": math.e, "bits": 2.0}
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def format_loss(value, unit="nats", decimals=3):
    """A loss as fixed decimals plus its unit, with ∞ for an infinite loss; a positive loss too small for the
    decimals in scientific notation, never as 0 (format_positive).

    Examples
    --------
    >>> format_loss(0.10536), format_loss(float("inf"), "bits"), format_loss(4.54e-5), format_loss(0.0)
    ('0.105 nats', '∞ bits', '4.5e-5 nats', '0.000 nats')
    """
    return f"{format_positive(value, decimals)} {unit}"


def format_number(value, decimals=3, nan="undefined (NaN)"):
    """Fixed decimals; ∞, -∞ and `nan` spelled out instead of inf and nan, and no "-0.000".

    A page whose lesson is NaN itself (numerics) names it: nan="NaN (not a number)".
    """
    value = float(value)
    if math.isnan(value):
        return nan
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    text = f"{value:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:  # -0.0001 is shown as 0.000, not -0.000
        return text[1:]
    return text


def format_positive(value, decimals=3):
    """Fixed decimals, but a positive value that would show as 0 is written in scientific notation.

    Examples
    --------
    >>> format_positive(0.25), format_positive(4.54e-5), format_positive(0.0)
    ('0.250', '4.5e-5', '0.000')
    """
    shown = format_number(value, decimals)
    if 0 < float(value) < math.inf and float(shown) == 0:
        return format_scientific(value)
    return shown


def format_gradient(value):
    """A gradient at 3 decimals, with more where needed for two significant digits, so a small push never
    reads as 0.000 next to a finite ratio; ∞ and 0 as format_number writes them.

    Examples
    --------
    >>> format_gradient(-0.8), format_gradient(-0.0384), format_gradient(-0.000198), format_gradient(0.0)
    ('-0.800', '-0.038', '-0.00020', '0.000')
    """
    value = float(value)
    if value == 0 or not math.isfinite(value):
        return format_number(value)
    return format_number(value, max(3, 1 - math.floor(math.log10(abs(value)))))


def format_scientific(value, digits=2):
    """`digits` significant digits in scientific notation, the exponent without padding: '4.5e-5'."""
    mantissa, exponent = f"{float(value):.{digits - 1}e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def format_probability(value, decimals=3):
    """A probability at fixed decimals, never shown as 0 or 1 unless it is exactly that.

    The lessons teach that q = 0 makes the loss infinite, so a q that only rounds to 0 is written in
    scientific notation, and one that only rounds to 1 as 1 minus a small number.

    Examples
    --------
    >>> format_probability(0.25), format_probability(4.54e-5), format_probability(1 - 4.54e-5)
    ('0.250', '4.5e-5', '1 − 4.5e-5')
    >>> format_probability(0.0), format_probability(1.0)
    ('0.000', '1.000')
    """
    value = float(value)
    shown = format_positive(value, decimals)
    if value < 1 and float(shown) == 1:
        return f"1 − {format_scientific(1 - value)}"
    return shown


def escape_html(text, max_length=60):
    """User text made inert for Plotly labels, which render a few HTML tags: & < > escaped, long text cut."""
    text = str(text)
    if len(text) > max_length:
        text = text[: max_length - 1] + "…"
    return html.escape(text, quote=False)


def escape_markdown(text, max_length=60):
    """User text made inert for st.markdown: Markdown, HTML and KaTeX characters escaped, long text cut."""
    text = str(text)
    if len(text) > max_length:
        text = text[: max_length - 1] + "…"
    text = text.replace("\n", " ").replace("\r", " ")
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)
