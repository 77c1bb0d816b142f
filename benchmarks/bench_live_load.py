"""A page's first load on the server, with the live slider (ui/live_slider.py) and without it.

Run: python benchmarks/bench_live_load.py [repeats] [--before CHECKOUT]. Each load is a fresh AppTest
session's first full run of the page (for a lesson, after Home's untimed run in the session, as AppTest
needs app.py first): the server time a new visitor costs, as wall time and as the process's CPU time (which
other programs on a shared machine disturb less). Printed per page, medians:

- "st.slider": the same page in the same process with live_link_slider swapped for link_slider, today's
  st.slider, loads interleaved with the live ones. The ratio is the component's share of a first load
  (issue 22: at most +10 %).
- with --before, the pages of another checkout, timed in a child process in the same run, rounds
  interleaved: e.g. the last commit before the live slider was merged,
  `git archive d1d5a29 | tar -x -C /tmp/before` (`git log --first-parent` before "Merge branch 'fix-live'").
  That ratio holds every other change since, too.

Also printed: the bytes the component sends per run, and the view's first visitor in this process (the
readings are computed once per view, lru_cache, as on a server that has served the view before).
"""

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"/ (Home)": "app.py", "/binary": "pages/binary.py", "/ce-vs-mse": "pages/ce-vs-mse.py"}
PAGES["/variants"] = "pages/variants.py"
PAGES |= {"/multiclass": "pages/multiclass.py", "/information": "pages/information.py"}
PAGES["/sequences"] = "pages/sequences.py"  # the grids of live sliders (ui/live_grid.py)
SLIDER_CPU = []  # CPU s of each slider call (live_link_slider or its st.slider) in the run being timed


def first_load(root, path):
    """(wall s, CPU s, the app) of one new session's first run of `path` under `root`'s app.py."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(root / "app.py"), default_timeout=60)
    if path != "app.py":  # a page runs under app.py, which knows the pages; Home's run is not timed
        app.run()
        app.switch_page(path)
    SLIDER_CPU.clear()
    wall, cpu = time.perf_counter(), time.process_time()
    app.run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert not app.exception, app.exception
    return wall, cpu, sum(SLIDER_CPU), app


def worker(root, repeats):
    """A child process for --before: `repeats` first loads of each page of checkout `root`, as JSON."""
    sys.path.insert(0, str(root))
    times = {}
    for name, path in PAGES.items():
        first_load(root, path)  # the readings and the imports, once per process
        times[name] = [first_load(root, path)[:3] for _ in range(repeats)]
    print(json.dumps(times))


def swapped(live):
    """Make the pages use the live slider (live=True) or st.slider in its place (live=False)."""
    import ui.live_slider
    from ui.widgets import link_slider

    if not hasattr(swapped, "live"):  # live_value: an older checkout may have none
        swapped.live = (ui.live_slider.live_link_slider, getattr(ui.live_slider, "live_value", None))
    slider, value = swapped.live
    if not live:  # the page imports both by name on each run; an st.slider's value is known only when drawn
        slider, value = lambda label, key, readings, help=None: link_slider(label, key, help=help), None

    def timed(*args, **kwargs):
        start = time.process_time()
        try:
            return slider(*args, **kwargs)
        finally:
            SLIDER_CPU.append(time.process_time() - start)

    ui.live_slider.live_link_slider = timed
    ui.live_slider.live_value = value if live else lambda key: None
    swap_grid(live)


def swap_grid(live):
    """The same for a grid of live sliders (ui/live_grid.py): ui.widgets.slider_grid's st.sliders in its
    place, with nothing to draw later; the live grid's call and its draw are both timed."""
    import ui.live_grid
    from ui.widgets import slider_grid

    if not hasattr(swap_grid, "live"):
        swap_grid.live = ui.live_grid.live_slider_grid

    def plain(prefix, names, *, label, columns=2, colour=None):
        return slider_grid(prefix, names, label=label, columns=columns), lambda readings: None

    grid = swap_grid.live if live else plain

    def timed(*args, **kwargs):
        start = time.process_time()
        values, draw = grid(*args, **kwargs)
        SLIDER_CPU.append(time.process_time() - start)

        def timed_draw(readings):
            start = time.process_time()
            try:
                return draw(readings)
            finally:
                SLIDER_CPU.append(time.process_time() - start)

        return values, timed_draw

    ui.live_grid.live_slider_grid = timed


def median_ms(samples, which):
    return 1000 * statistics.median(sample[which] for sample in samples)


def main(repeats=15, before=None):
    sys.path.insert(0, str(ROOT))
    live, plain, sent, cold = {}, {}, {}, {}
    for name, path in PAGES.items():
        swapped(True)
        cold[name], *_, app = first_load(ROOT, path)
        sent[name] = sum(len(element.proto.json.encode()) for element in app.get("bidi_component"))
        swapped(False)
        first_load(ROOT, path)
        live[name], plain[name] = [], []
        for _ in range(repeats):  # interleaved, so that a busy moment hits both alike
            swapped(True)
            live[name].append(first_load(ROOT, path)[:3])
            swapped(False)
            plain[name].append(first_load(ROOT, path)[:3])
    swapped(True)

    older = {name: [] for name in PAGES}
    if before:
        for _ in range(3):  # rounds, each a child process, between which this process times its own again
            command = [sys.executable, __file__, "--worker", str(before), str(max(1, repeats // 3))]
            for name, samples in json.loads(subprocess.check_output(command, text=True, cwd=before)).items():
                older[name] += samples
            for name, path in PAGES.items():
                live[name].append(first_load(ROOT, path)[:3])

    print(f"A page's first load, median of {repeats}: wall ms (CPU ms), and the CPU ratio")
    for name in PAGES:
        live_ms, plain_ms = median_ms(live[name], 1), median_ms(plain[name], 1)
        print(
            f"{name:11s} live slider {median_ms(live[name], 0):6.1f} ({live_ms:6.1f})"
            f"  st.slider {median_ms(plain[name], 0):6.1f} ({plain_ms:6.1f})  {live_ms / plain_ms - 1:+6.1%}"
        )
        if older[name]:
            print(
                f"{'':11s} before: {median_ms(older[name], 0):6.1f} ({median_ms(older[name], 1):6.1f}), "
                f"so live is {live_ms / median_ms(older[name], 1) - 1:+.1%} (with every other change since)"
            )
        calls, calls_plain = median_ms(live[name], 2), median_ms(plain[name], 2)
        print(
            f"{'':11s} the slider calls alone: {calls:.2f} ms CPU against st.slider's {calls_plain:.2f}, "
            f"{(calls - calls_plain) / plain_ms:+.1%} of the page; the component sends "
            f"{sent[name] / 1024:.1f} KiB a run; the view's first visitor {cold[name] * 1000:.0f} ms"
        )


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--worker"]:
        worker(Path(args[1]), int(args[2]))
    else:
        before = args.pop(args.index("--before") + 1) if "--before" in args else None
        main(int(args[0]) if args else 15, before=Path(before) if before else None)
