"""Reading values from a shared link (query parameters) without trusting them."""

import math


def parse_number(raw, *, low, high):
    """The float in [low, high] that `raw` spells, or None (text, NaN, inf, out of range)."""
    if isinstance(raw, list):
        raw = raw[-1] if raw else None
    try:
        value = float(str(raw).strip())
    except (TypeError, ValueError):
        return None
    if not math.isfinite(value) or not low <= value <= high:
        return None
    return value


def parse_choice(raw, options):
    """The option whose text equals `raw`, ignoring case ('True' and 'true' both give True), or None."""
    if isinstance(raw, list):
        raw = raw[-1] if raw else None
    by_text = {str(option).lower(): option for option in options}
    return by_text.get(str(raw).strip().lower()) if raw is not None else None


def parse_exact(raw, options):
    """The option whose text is exactly `raw`, the way Streamlit's bound widgets match a link, or None."""
    by_text = {str(option): option for option in options}
    return by_text.get(raw) if isinstance(raw, str) else None
