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


def snap_to_grid(value, *, low, high, step):
    """The point of the grid low, low + step, ... nearest to `value` (halves round up), within [low, high].

    A whole-number slider first cuts the fraction off, as Streamlit's own int slider does with a link value,
    so that the page computes with the number its slider shows.

    >>> snap_to_grid(0.005, low=0.0, high=1.0, step=0.01), snap_to_grid(3.7, low=0, high=99, step=1)
    (0.01, 3)
    """
    if isinstance(step, int) and isinstance(low, int):
        value = int(value)
    steps = math.floor(round((value - low) / step, 9) + 0.5)  # round(…, 9): 0.005 / 0.01 is 0.4999…
    snapped = min(low + steps * step, high)
    if isinstance(step, int) and isinstance(low, int):
        return int(snapped)
    return round(snapped, 10)  # 0.1 * 3 is 0.30000000000000004


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
