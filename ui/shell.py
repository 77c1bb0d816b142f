"""The app shell: page config, our own sidebar navigation, and the settings every page shares.

Streamlit's directory-based multipage mode is used on purpose. With st.navigation, a deep link such as
/binary, served as a fresh server's first request, runs pages/binary.py without app.py, so the
navigation would be missing. Here every page calls page_setup() itself, so a deep link always gets
the sidebar.
"""

import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx  # to tell a fragment rerun from a full one

from content.lesson_files import DEPTHS
from content.params import parse_choice
from content.text import UNITS, escape_markdown

# fmt: off
HOME = ("app.py", "Home", ":material/home:", "What a loss function is, and the formula in one line.")
LESSONS = (  # (page file, title, icon, one line for the map on Home), in teaching order
    ("pages/binary.py", "Binary cross-entropy", ":material/contrast:",
     "Spam or not: feel how the fine grows as a confident guess goes wrong, next to MSE."),
    ("pages/multiclass.py", "Softmax & multi-class", ":material/bar_chart:",
     "Scores become probabilities; only the true class's share decides the loss."),
    ("pages/ce-vs-mse.py", "Cross-entropy vs MSE", ":material/compare_arrows:",
     "Why classifiers use cross-entropy: the fine and the push, side by side."),
    ("pages/training.py", "Training lab", ":material/model_training:",
     "Press Play: the same classifier trained with cross-entropy and with MSE, step by step."),
    ("pages/information.py", "Entropy, KL & cross-entropy", ":material/stacked_bar_chart:",
     "Cross-entropy = entropy + KL: the part no model removes, the part a better one does."),
    ("pages/sequences.py", "Sequences & perplexity", ":material/notes:",
     "A sentence scored word by word, perplexity, and a policy pulled toward a target."),
    ("pages/numerics.py", "Numerical stability", ":material/warning:",
     "log 0, overflowing softmax, and why frameworks want logits, computed live."),
    ("pages/variants.py", "Variants", ":material/tune:",
     "Class weights, focal loss and label smoothing against plain cross-entropy."),
    ("pages/data.py", "Your data", ":material/table_chart:",
     "A whole data set, your own CSV included: per-sample losses, their average, and the worst rows."),
    ("pages/quiz.py", "Quiz", ":material/quiz:",
     "Check yourself: multiple choice, numeric questions with fresh numbers, and guess-the-loss."),
    ("pages/flashcards.py", "Flashcards", ":material/style:",
     "Key terms and everyday analogies: flip, sort into known and again, go round again."),
    ("pages/notation.py", "Notation card", ":material/functions:",
     "Every symbol with its one meaning, the key formulas and five worked numbers, on one printable page."),
)
# fmt: on
PAGES = (HOME, *LESSONS)
SHARE_BOX = "share_box_open"

# name: (options, label); the first option is the default and stays out of the URL.
SETTINGS = {
    "units": (tuple(UNITS), "Units"),
    "depth": (DEPTHS, "Explanation depth"),
    "present": ((False, True), "Presenter mode"),
}

PRESENTER_CSS = """
<style>
html { font-size: 18px; }
[data-testid="stMetricValue"] { font-size: 2.8rem; }
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem; max-width: 100%; }
[data-testid="stHeader"], [data-testid="stToolbar"] { display: none; }
[data-testid="stMain"] [data-testid="stExpander"] { display: none; }
</style>
"""


@dataclass(frozen=True)
class Settings:
    """What the learner chose in the sidebar; it holds on every page."""

    units: str
    depth: str
    present: bool

    @property
    def base(self):
        """The logarithm base of the chosen unit: e for nats, 2 for bits."""
        return UNITS[self.units]

    def link_params(self):
        """The non-default settings, as query parameters for a link."""
        return {
            name: str(getattr(self, name)).lower()
            for name, (options, _) in SETTINGS.items()
            if getattr(self, name) != options[0]
        }


def page_setup(title, icon):
    """Set the page config, draw the sidebar, and return the shared settings. Call first on every page."""
    presenting = st.session_state.get("present") or parse_choice(st.query_params.get("present"), (True,))
    st.set_page_config(
        page_title=f"{title} · Cross-Entropy Explorer",
        page_icon=icon,
        layout="wide",
        initial_sidebar_state="collapsed" if presenting else "auto",  # the whole projector for the lesson
    )
    for notice in _restore_settings_from_link():
        st.warning(notice, icon=":material/link_off:")
    settings = _sidebar()
    _write_settings_to_link(settings)
    if settings.present:
        st.html(PRESENTER_CSS)  # our own constant CSS, never user text
    return settings


def current_settings():
    """The shared settings as they stand in this session."""
    return Settings(**{name: st.session_state[name] for name in SETTINGS})


def share_link():
    """A 'link to this view' box at the foot of the sidebar: this page's address with its settings.

    Call it last on a page, so that every widget has already written its value into the address.
    The address is built only while the box is open; `live` keeps it current.
    """
    page = Path(sys._getframe(1).f_code.co_filename).stem  # the page script that called us
    box = st.sidebar.expander("Link to this view", icon=":material/link:", key=SHARE_BOX, on_change="rerun")
    if box.open:
        origin = urlsplit(st.context.url or "http://localhost:8501")
        path = "" if page == "app" else page
        query = urlencode(st.query_params.to_dict())
        box.caption("Copy it with the button; it reopens this page exactly as it is now.")
        url = urlunsplit((origin.scheme, origin.netloc, f"/{path}", query, ""))
        box.code(url, language=None, wrap_lines=True)


def live(body):
    """Run `body`, the part of a page that its widgets change, as an st.fragment.

    A widget inside then reruns only that part, not the sidebar, which keeps reruns lean when a whole class
    shares one server. While the sidebar's link box is open, the whole page reruns instead, so that the
    address it shows follows the widgets.
    """

    @st.fragment
    def part():
        body()
        if st.session_state.get(SHARE_BOX) and _is_fragment_rerun():
            st.rerun(scope="app")

    part()


def _is_fragment_rerun():
    """True while Streamlit reruns only fragments, not the whole page."""
    context = get_script_run_ctx()
    return bool(context and context.fragment_ids_this_run)


def _restore_settings_from_link():
    """Seed each setting once per session from the URL; return a notice for each value that made no sense."""
    notices = []
    for name, (options, label) in SETTINGS.items():
        if name in st.session_state:
            continue
        raw = st.query_params.get(name)
        value = parse_choice(raw, options)
        if raw is not None and value is None:
            choices = ", ".join(str(option).lower() for option in options)
            notices.append(
                f"The link's {label.lower()} “{escape_markdown(raw)}” is not one of {choices}, "
                f"so the page uses {str(options[0]).lower()}."
            )
        st.session_state[name] = options[0] if value is None else value
    return notices


def _store(name):
    """Copy a sidebar widget's value into the plain session value every page reads."""
    st.session_state[name] = st.session_state[f"sidebar_{name}"]


def _setting_widget(name, widget, **kwargs):
    """A sidebar widget seeded from, and writing back to, the shared session value `name`."""
    key = f"sidebar_{name}"
    st.session_state[key] = st.session_state[name]
    widget(SETTINGS[name][1], key=key, on_change=_store, args=(name,), **kwargs)


def _sidebar():
    """Navigation with titles and icons, then the shared settings."""
    with st.sidebar:
        st.markdown("### Cross-Entropy Explorer")
        link_params = current_settings().link_params()
        for path, label, icon, _ in PAGES:
            st.page_link(path, label=label, icon=icon, query_params=link_params)
        st.divider()
        _setting_widget(
            "units",
            st.radio,
            options=SETTINGS["units"][0],
            horizontal=True,
            help="Nats use the natural log; bits use log base 2. 1 nat ≈ 1.443 bits.",
        )
        _setting_widget(
            "depth", st.radio, options=DEPTHS, horizontal=True, help="How much each explanation says."
        )
        _setting_widget("present", st.toggle, help="Larger text and thicker lines for a projector.")
    return current_settings()


def _write_settings_to_link(settings):
    """Keep the non-default settings in the address bar, so that a copied link carries them."""
    wanted = settings.link_params()
    for name in SETTINGS:
        if name in wanted:
            st.query_params[name] = wanted[name]
        elif name in st.query_params:
            del st.query_params[name]
