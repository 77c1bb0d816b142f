"""Helpers shared by tests and benchmarks: AppTest shortcuts, a Streamlit server starter, Chromium, prose.

Import them with `from helpers import ...` (pyproject.toml puts tests/ on the path); conftest.py keeps only
fixtures and the hypothesis profiles.
"""

import math
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def opened(app, *expanders):
    """Open lazy expanders (by key, e.g. 'show_code' or '<chart key>_table') as a reader would, and rerun."""
    for key in expanders:
        app.session_state[key] = True
    return app.run()


def after_a_guess(app, key, option=0):
    """Lock in guess number `option` in the page's Predict, then reveal box `key`, as a learner does (the page
    moves to the state its question is about), then move every value the commit changed back, as the learner
    can with the widgets: the page is where it was, and nothing waits for a guess any more. A box already
    answered (or not asked here) is left alone. Returns the app, rerun."""
    if not any(button.key == f"{key}_commit" for button in app.button):
        return app
    before = app.session_state.to_dict()
    app.radio(key=f"{key}_guess").set_value(option).run()
    app.button(key=f"{key}_commit").click().run()
    after = app.session_state.to_dict()
    for name, value in before.items():
        if not name.startswith(f"{key}_") and (name not in after or after[name] != value):
            app.session_state[name] = value
    return app.run()


def _two_figures(value):
    """'4.5e-5': a value in two significant figures, its exponent without a leading zero."""
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def written(value):
    """A number as the lesson pages write it, by hand: three decimals, or two significant figures for a
    positive value that would round to 0.000."""
    return _two_figures(value) if 0 < value < 0.0005 else f"{value:.3f}"


def written_loss(value, unit):
    """A loss as the lesson pages write it: written(value) and its unit, ∞ for an infinite one."""
    return f"{'∞' if math.isinf(value) else written(value)} {unit}"


def written_share(value):
    """The focal share kept: at least two significant figures (0.0025, not 0.003), and 1 − 4.5e-5 for a share
    that would round to 1.000."""
    if 0 < value < 0.001:
        return _two_figures(value)
    if 0 < value < 0.01:
        return f"{value:.4f}"
    if value < 1 and f"{value:.3f}" == "1.000":
        return f"1 − {_two_figures(1 - value)}"
    return f"{value:.3f}"


def plotly_chart(app, key):
    """The Plotly chart drawn with `key` (ui.widgets.chart), or None when the page does not show it."""
    return next((chart for chart in app.get("plotly_chart") if chart.proto.id.endswith(f"-{key}")), None)


def reads_as(shown, expected):
    """Whether a number as the page writes it ('0.250', '1.0e-4', '-0.00020', '∞') is `expected` to the
    digits it shows, and a non-zero value never reads as 0."""
    if shown in ("∞", "-∞"):
        return float(shown.replace("∞", "inf")) == expected
    value = float(shown)
    if expected != 0 and value == 0:
        return False
    mantissa, _, exponent = shown.partition("e")
    decimals = len(mantissa.partition(".")[2])
    return abs(value - expected) <= 0.5 * 10 ** (int(exponent or 0) - decimals) * (1 + 1e-9)


def set_slider(app, key, value):
    """Move the slider kept in the link under `key` to `value` and rerun, as a learner's release does.

    An st.slider is set through its widget (app.slider(key=...).set_value). A live slider
    (ui/live_slider.py, or one of ui/live_grid.py's: components v2 elements AppTest cannot drive) keeps its
    value in Session State under the link key itself, where the browser's release puts it, so a test sets
    app.session_state[key]: the same path a preset button takes. Either way the page reruns with the new
    value.
    """
    if any(slider.key == key for slider in app.slider):
        return app.slider(key=key).set_value(value).run()
    app.session_state[key] = value
    return app.run()


def set_sliders(app, values):
    """Move several sliders kept in the link ({key: value}) and rerun once: set_slider's paths, one run."""
    for key, value in values.items():
        if any(slider.key == key for slider in app.slider):
            app.slider(key=key).set_value(value)
        else:
            app.session_state[key] = value
    return app.run()


def live_sliders(app):
    """The data each live slider on the page sent to the browser (ui/live_slider.py), as dicts: its link
    key, grid `values`, `index`, `readouts` and `aria` texts; what its JavaScript can show."""
    import json

    sent = [
        json.loads(element.proto.json)
        for element in app.get("bidi_component")
        if element.proto.component_name == "cee_live_slider"
    ]
    return [json.loads(data["view"]) | {"index": data["index"]} for data in sent]


def live_grids(app):
    """The data each grid of live sliders on the page sent to the browser (ui/live_grid.py), as dicts: its
    `prefix`, grid `labels`, `sliders` (key, label, index), `readouts` and `bars` as runs of equal texts."""
    import json

    return [
        json.loads(json.loads(element.proto.json)["view"])
        for element in app.get("bidi_component")
        if element.proto.component_name == "cee_live_grid"
    ]


def expand_runs(runs, suffix=""):
    """A live grid's [[value, end], ...] runs as one value per grid point (each text followed by `suffix`), as
    its JavaScript expands them."""
    values, start = [], 0
    for value, end in runs:
        values += [f"{value}{suffix}" if suffix else value] * (end - start)
        start = end
    return values


def sliders(app):
    """(key, low, high, value) of every enabled slider on the page, st.slider and live slider alike."""
    found = [
        (slider.key, slider.min, slider.max, slider.value)
        for slider in app.slider
        if not slider.proto.disabled
    ]
    found += [
        (data["key"], data["values"][0], data["values"][-1], data["values"][data["index"]])
        for data in live_sliders(app)
    ]
    found += [
        (slider["key"], *(float(data["labels"][i]) for i in (0, -1, slider["index"])))
        for data in live_grids(app)
        for slider in data["sliders"]
    ]
    return found


def slider_value(app, key):
    """The value of the slider kept in the link under `key`: an st.slider's, or a live slider's."""
    if any(slider.key == key for slider in app.slider):
        return app.slider(key=key).value
    return app.session_state[key]


def metrics(app):
    """{label: shown value} of every st.metric on the page."""
    return {metric.label: metric.value for metric in app.metric}


def reveal_all(app):
    """Press every derive-it panel's Next step until none is left, as a reader would; return {panel title:
    [its step texts]}, the titles without their '##### Derive it: ' heading."""
    for _ in range(30):
        waiting = [button for button in app.button if button.key.endswith("_next") and not button.disabled]
        if not waiting:
            break
        waiting[0].click()
        app.run()
    panels, title = {}, None
    for block in app.markdown:
        if block.value.startswith("##### Derive it: "):
            title = block.value.removeprefix("##### Derive it: ")
            panels[title] = []
        elif block.value.startswith("**Step ") and title:
            panels[title].append(block.value)
    return panels


def markdown_tables(app):
    """Every Markdown table on the page (ui.widgets.small_table), as a DataFrame of its cells as a reader sees
    them (Markdown escapes removed)."""
    import pandas as pd  # only the tests that read tables pay for it

    tables = []
    for element in app.markdown:
        lines = [line for line in element.value.splitlines() if line.startswith("| ")]
        if len(lines) < 2 or not set(lines[1]) <= set("|-: "):
            continue
        rows = [[re.sub(r"\\(.)", r"\1", cell) for cell in line[2:-2].split(" | ")] for line in lines]
        tables.append(pd.DataFrame(rows[2:], columns=rows[0]))
    return tables


def prose(app):
    """Every sentence of the page's prose (markdown and captions), as rendered, joined by spaces."""
    return " ".join(block.value for block in [*app.markdown, *app.caption])


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


SCREENSHOTS = ROOT / "tests" / "screenshots"

# A phone's User-Agent, which ui.screen.on_a_phone reads (headless Chromium's own says "X11; Linux x86_64").
PHONE_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 "
    "Mobile Safari/537.36"
)

# The range input of a slider in Chromium: Streamlit's st.slider, or a live slider (ui/live_slider.py).
SLIDER = '[data-testid="stSlider"] input[type="range"], .cee-live-slider input[type="range"]'
LIVE_SLIDER = '.cee-live-slider input[type="range"]'


def chromium_path():
    """The system Chromium, or None."""
    import shutil

    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


AXE_CORE = Path.home() / ".cache/cross-entropy-explorer/npm/node_modules/axe-core/axe.min.js"


def axe_core_path():
    """axe-core's axe.min.js from npm (.ci/run installs it where AXE_CORE points), or None."""
    for candidate in (os.environ.get("CEE_AXE_CORE"), AXE_CORE):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_streamlit(script="app.py", root=ROOT):
    """Start `streamlit run <script>` headless on a free port in the checkout `root` (this one unless a
    benchmark times another); return (process, base URL) once healthy."""
    import subprocess
    import time
    import urllib.request

    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.25)
    process.kill()
    raise RuntimeError("streamlit did not start within 30 s")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except Exception:
        process.kill()


def wait_until_drawn(tab, timeout=60_000):
    """Wait for Streamlit to finish running the script (no 'running' status, no skeletons)."""
    tab.wait_for_selector('[data-testid="stSidebar"]', state="attached", timeout=timeout)
    tab.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')",
        timeout=timeout,
    )
    tab.wait_for_timeout(500)


def load(tab, url):
    """Go to `url` in a Playwright tab and wait until Streamlit has drawn the page; return the tab."""
    tab.goto(url)
    wait_until_drawn(tab)
    return tab


def screenshot(tab, name, full_page=True):
    """Save a PNG in tests/screenshots/ for a person to look at; full_page fits the window to the page."""
    SCREENSHOTS.mkdir(exist_ok=True)
    if full_page:
        height = tab.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        tab.set_viewport_size({"width": tab.viewport_size["width"], "height": min(int(height) + 40, 6000)})
        tab.wait_for_timeout(800)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


_PROSE_PROBLEMS = {
    "an unfilled placeholder": r"\{\{\s*[A-Za-z_]\w*\s*\}\}",
    "NaN or None as a number": r"undefined \(NaN\)|\bNone\b|\bnan\b",
    "inf as a number": r"(?<![\w-])-?inf\b",
    "a dash for a number": r"—",
    "unevaluated arithmetic": r"(?<![\w.^{}/])\d+ [−+] \d+(?![\w.}])",
}


def prose_problems(text):
    """What is wrong with rendered prose: placeholders, NaN/None/inf, '—' or '2 − 1' for a number."""
    import re

    return [name for name, pattern in _PROSE_PROBLEMS.items() if re.search(pattern, text)]


def _strings(value):
    """Every string inside a JSON value (a Plotly figure: its titles, names, annotations, hover texts)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def every_text(app):
    """Every piece of text a learner can read on the page, as (kind, text): prose, metrics, the labels and
    tooltips of sliders and buttons, each Plotly figure's strings and alt sentence, live sliders' labels,
    readouts and screen-reader texts, tables' headers and shown code (of the expanders already open)."""
    import json

    texts = [
        (kind, block.value) for kind in ("markdown", "caption", "latex", "code") for block in app.get(kind)
    ]
    texts += [(kind, str(block.value)) for kind in ("info", "warning", "error") for block in app.get(kind)]
    texts += [("metric", f"{metric.label}: {metric.value}") for metric in app.metric]
    texts += [("metric help", metric.proto.help) for metric in app.metric if metric.proto.help]
    for kind in ("slider", "select_slider", "button", "radio", "toggle", "selectbox"):
        for widget in app.get(kind):
            texts.append((f"{kind} label", widget.label))
            texts += [(f"{kind} option", str(option)) for option in getattr(widget, "options", ())]
            if widget.help:
                texts.append((f"{kind} help", widget.help))
    for chart in app.get("plotly_chart"):
        texts += [("chart", text) for text in _strings(json.loads(chart.proto.spec))]
        texts.append(("chart alt", chart.proto.alt))
    for data in live_sliders(app):
        texts += [("live slider label", data["label"]), ("live slider help", data["help"] or "")]
        texts += [("live slider readout", readout["name"]) for readout in data["readouts"]]
        texts += [("live slider aria", aria) for aria in data["aria"]]
    texts += [("table header", str(column)) for frame in app.dataframe for column in frame.value.columns]
    return texts


# The notation card: a plain q is the predicted distribution, q_y the probability of the true class, written
# $q_y$ where the text renders LaTeX and q(true class) where it does not; no page bolds q or gives a plain q a
# meaning of its own. (kind of text, pattern) pairs; a kind of None checks every kind.
_TRUE_CLASS_Q = {
    "a bold q": (None, r"\\mathbf\s*\{?\s*q\b|\\boldsymbol\s*\{?\s*q\b|\\bm\s*\{?\s*q\b|𝐪|\*\*\$?q\$?\*\*"),
    "a page's own meaning for a plain q": (
        None,
        r"plain\s+q\s+(?:always\s+)?means|on\s+this\s+page,?\s+(?:a\s+)?plain\s+q|(?:bold|plain),\s+to\s+tell\s+it",
    ),
    "a plain q for the true class's probability": (
        None,
        r"(?<![\w\\])q\$?\s*[=<>≤≥]\s*(?:\d|c\b)|(?:−|-|\\)(?:log|ln)\s*q(?![_\w(])|clip\(\s*q\s*,"
        r"|\byour q\b(?![_(])|given to the true class,? q\b(?![_(])",
    ),
    # outside $…$ a reader sees the source of the maths: ASCII q_y, a caret, the subscript gamma ᵧ
    "q_y or a power as raw ASCII": ("text", r"\bq_y\b|\^γ|\)\^|qᵧ"),
}
# Streamlit renders $…$ in prose and in its own widgets' labels, options and tooltips.
_RENDERS_LATEX = ("markdown", "caption", "latex", "metric", "slider", "select_slider", "button", "radio")
_RENDERS_LATEX += ("toggle", "selectbox")


def true_class_q_problems(texts):
    """Where `texts` ((kind, text) pairs, as every_text gives them) break the card's q and q_y, as
    'problem in kind: …context…' lines. Code is read as code: ASCII q_y is its way of writing q_y."""
    found = []
    for kind, text in texts:
        for problem, (scope, pattern) in _TRUE_CLASS_Q.items():
            shown = text
            if scope == "text":
                if kind == "code":
                    continue
                if kind.startswith(_RENDERS_LATEX):
                    shown = re.sub(r"\$[^$]*\$", "", text)  # the LaTeX renders; the rest is read as written
            for match in re.finditer(pattern, shown):
                context = shown[max(0, match.start() - 60) : match.end() + 60]
                found.append(f"{problem} in {kind}: …{' '.join(context.split())}…")
    return found


def prose_problems_in_each_state(app, text_of, presets=(), ends=(), check=None):
    """Click each preset, then move each widget to each end: [(state, problems)] wherever the prose fails.

    `text_of(app)` is the page's prose; `ends` holds (widget kind, key, value), e.g. ("slider", "vq", 0.0);
    `check(text)` lists what is wrong with it (prose_problems unless given).
    """
    found = []
    check = check or prose_problems

    def look(state):
        problems = [exception.message for exception in app.exception] or check(text_of(app))
        if problems:
            found.append((state, problems))

    look("as opened")
    for preset in presets:
        app.button(key=f"preset_{preset}").click().run()
        look(preset)
    for kind, key, value in ends:
        if kind == "slider":
            set_slider(app, key, value)
        else:
            getattr(app, kind)(key=key).set_value(value).run()
        look((key, value))
    return found


def slider_ends(slug, high_first=()):
    """(kind, key, value) for the low and the high end of every slider and select_slider on a page, read from
    the catalogue's ranges, for prose_problems_in_each_state: low end first, high end first for the keys in
    `high_first` (so that the page is left at their low end while the next sliders move)."""
    from catalogue import page

    ends = []
    for param in page(slug).params:
        if param.kind == "slider":
            low, high = param.low, param.high
        elif param.kind == "select_slider":
            low, high = param.options[0], param.options[-1]
        else:
            continue
        for key in param.query_keys():
            pair = (high, low) if key in high_first else (low, high)
            ends += [(param.kind, key, value) for value in pair]
    return ends


# --- WCAG 2 contrast, computed from the sRGB formula (not taken from the app) ---


def luminance(colour):
    """WCAG relative luminance of '#RRGGBB'."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    """WCAG contrast ratio (L1 + 0.05) / (L2 + 0.05) of two '#RRGGBB' colours, lighter first."""
    lighter, darker = sorted((luminance(a), luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def sum_overflows_past(dtype):
    """The largest z stored in `dtype` whose e^z + e^(z - 1), computed in `dtype`, is finite: a bisection
    written here, apart from core.numerics, for the tests of where the naive softmax of [z, z - 1] breaks."""
    import numpy as np

    low, high = 0.0, 1000.0
    while high - low > 1e-9:
        middle = (low + high) / 2
        with np.errstate(over="ignore"):
            total = np.exp(np.array([middle, middle - 1.0], dtype=dtype)).sum()
        low, high = (middle, high) if np.isfinite(total) else (low, middle)
    stored = dtype(low)
    return float(stored if stored <= low else np.nextafter(stored, dtype(-np.inf)))
