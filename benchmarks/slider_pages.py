"""The pages the benchmarks press, from the catalogue: each page's first slider and two values on it."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from catalogue import PAGES  # noqa: E402


def two_values(param):
    """Two values a slider alternates between: 30 % and 80 % of the way along its range, on its step."""
    span = param.high - param.low
    return tuple(param.low + round(fraction * span / param.step) * param.step for fraction in (0.3, 0.8))


def slider_pages(first_only=False):
    """{page: (its first slider's query key, two values)}, in teaching order, for each page with a slider.

    first_only: only pages whose first slider-like widget is a plain slider (a browser press or a raw
    websocket message moves that first one).
    """
    pages = {}
    for page in PAGES:
        sliders = [param for param in page.params if param.kind in ("slider", "select_slider")]
        if first_only:
            sliders = sliders[:1]
        sliders = [param for param in sliders if param.kind == "slider"]
        if sliders:
            pages[page] = (sliders[0].query_keys()[0], tuple(round(v, 6) for v in two_values(sliders[0])))
    return pages
