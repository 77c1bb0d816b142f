"""A link's text values as the widgets of a page hold them (0.98, not "0.98"), read from the catalogue."""

import catalogue
from content.params import parse_choice, parse_number


def link_values(slug, query):
    """{key: value} for page `slug`'s widgets from a link's `query` (keys the catalogue does not know, or
    values its widgets cannot take, are left out)."""
    values = {}
    for key, raw in query.items():
        param = catalogue.page(slug).param(key)
        if param is None:
            continue
        if param.kind == "slider":
            value = parse_number(raw, low=param.low, high=param.high)
        elif param.kind == "toggle":
            value = parse_choice(raw, (False, True))
        else:
            value = next((option for option in param.options or () if str(option) == raw), None)
        if value is not None:
            values[key] = value
    return values
