"""Median full-page rerun of every page (what a sidebar setting or a navigation costs), as a ratio to an
empty Streamlit script's rerun timed in the same process.

Run: python benchmarks/bench_full_reruns.py [repeats]. The pages are found from the pages/ folder, not
the catalogue, and the timing helpers come from bench_reruns.py, which older checkouts have too: copy this
file into an older checkout's benchmarks/ and run it there (how the before/after figures in the notes were
taken). AppTest runs whole pages and ignores fragments.
Targets (issue 12): every lesson page <= 10x, Your data <= 15x.

Two columns: "same view" reruns the page as it stands, so each chart whose numbers did not change comes
from lessons/_charts.remembered; "new charts" forgets every remembered figure first, so every chart on the
page is built again, as on the first visit of a view.
"""

import sys
from pathlib import Path

from bench_reruns import empty_script_rerun, median_seconds  # an older checkout's bench_reruns has both too
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAGES = ["app.py", *sorted(f"pages/{path.name}" for path in (ROOT / "pages").glob("*.py"))]


def forget_figures():
    """lessons._charts.forget, or nothing in a checkout that predates it."""
    try:
        from lessons._charts import forget
    except ImportError:
        return lambda index: None
    return lambda index: forget()


def page(path, repeats, step=lambda index: None):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    if path != "app.py":
        app.switch_page(path)
        app.run()
    app.run()  # a second run, so the timed ones start from a warm page
    return median_seconds(app, step, repeats)


def main(repeats=9):
    baseline = empty_script_rerun(repeats)
    print(f"empty script rerun: {baseline * 1000:.1f} ms (baseline, 1.0x)")
    print(f"{'':28s} {'same view':>20s}  {'new charts':>20s}")
    for path in PAGES:
        same, new = page(path, repeats), page(path, repeats, forget_figures())
        print(
            f"{path:28s} {same * 1000:7.1f} ms {same / baseline:5.1f}x      "
            f"{new * 1000:7.1f} ms {new / baseline:5.1f}x"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
