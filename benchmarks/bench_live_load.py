"""A page's first load on the server, with the live slider (ui/live_slider.py) or the grid of them
(ui/live_grid.py) and without.

Run: python benchmarks/bench_live_load.py [repeats] [page ...], e.g. `9 /multiclass`. Each load is a fresh
AppTest session's first full run of the page (for a lesson, after Home's untimed run in the session, as
AppTest needs app.py first), the server time a new visitor costs. "Without" is the same page with
live_link_slider swapped for link_slider, and live_slider_grid for ui.widgets.slider_grid (today's
st.sliders), in the same process, loads interleaved; the ratio is the component's share (issue 22: at most
+10 %). Also printed: the bytes of the data the components send per run. The sliders' readings are computed
once per process (lru_cache), as on a server that has served the view before; the first visitor's extra cost
is printed apart.
"""

import json
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from helpers import live_grids, live_sliders  # noqa: E402

import ui.live_grid  # noqa: E402
import ui.live_slider  # noqa: E402
from ui.widgets import link_slider, slider_grid  # noqa: E402

PAGES = {
    "/binary": "pages/binary.py",
    "/ (Home)": "app.py",
    "/multiclass": "pages/multiclass.py",
    "/information": "pages/information.py",
    "/sequences": "pages/sequences.py",
}
LIVE = ui.live_slider.live_link_slider
LIVE_GRID = ui.live_grid.live_slider_grid


def plain(label, key, readings):
    """Today's slider: st.slider kept in the link, no readings computed."""
    return link_slider(label, key)


def plain_grid(prefix, names, *, label, columns=2, colour=None):
    """Today's grid: one st.slider per name, kept in the link; nothing to draw later."""
    return slider_grid(prefix, names, label=label, columns=columns), lambda readings: None


def first_load(path, slider):
    live = slider is LIVE  # the page imports them by name on each run
    ui.live_slider.live_link_slider = slider
    ui.live_grid.live_slider_grid = LIVE_GRID if live else plain_grid
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if path != "app.py":  # a page runs under app.py, which knows the pages; Home's run is not timed
        app.run()
        app.switch_page(path)
    start = time.perf_counter()
    app.run()
    seconds = time.perf_counter() - start
    assert not app.exception, app.exception
    return seconds, app


def main(repeats=15, only=()):
    for name, path in PAGES.items():
        if only and name.split()[0] not in only:
            continue
        cold, app = first_load(path, LIVE)  # the readings' first computation in this process
        first, _ = first_load(path, plain)
        data = [*live_sliders(app), *live_grids(app)]
        with_live, without = [], []
        for _ in range(repeats):
            with_live.append(first_load(path, LIVE)[0])
            without.append(first_load(path, plain)[0])
        live_ms, plain_ms = statistics.median(with_live) * 1000, statistics.median(without) * 1000
        print(
            f"{name:10s} first load: live slider {live_ms:6.1f} ms, st.slider {plain_ms:6.1f} ms"
            f" ({live_ms / plain_ms - 1:+.1%}); the view's first visitor ever: {cold * 1000:.0f} ms against"
            f" {first * 1000:.0f} ms; data sent: {len(json.dumps(data)) / 1024:.1f} KiB per run"
        )
    ui.live_slider.live_link_slider = LIVE
    ui.live_grid.live_slider_grid = LIVE_GRID


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15, only=sys.argv[2:])
