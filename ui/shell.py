"""The app shell: page config, our own sidebar navigation, and the settings every page shares.

Streamlit's directory-based multipage mode is used on purpose. With st.navigation, a deep link such as
/binary, served as a fresh server's first request, runs pages/binary.py without app.py, so the
navigation would be missing. Here every page calls page_setup() itself, so a deep link always gets
the sidebar.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

import streamlit as st

from catalogue import PAGES, page
from content.lesson_files import DEPTHS
from content.params import parse_choice
from content.text import UNITS, escape_markdown
from ui.address import phone_origin, qr_png
from ui.plan_step import ask_then_reveal, opened_step, step_links
from ui.screen import SCREEN_CSS, top_on_arrival
from ui.widgets import check_link, lesson_intro

SHARE_BOX = "share_box_open"

# name: (options, label); the first option is the default and stays out of the URL.
SETTINGS = {
    "units": (tuple(UNITS), "Units"),
    "depth": (DEPTHS, "Explanation depth"),
    "present": ((False, True), "Presenter mode"),
}

# Presenter mode: readable from the back of a room at 1920x1080 (1rem = 24 CSS px, and no text the class
# reads below it), the chrome hidden but the sidebar's open button kept, and a small way out at the top (the
# presenter's bar: a plan step's Previous and Next, and Leave presenter mode).
PRESENTER_CSS = """
<style>
html { font-size: 24px; }
[data-testid="stMain"] :is(p, li, label, td, th, small, code, span, button, input, output,
  kbd, .cee-live-head, .cee-live-readouts,
  [data-testid="stCaptionContainer"], [data-testid="stWidgetLabel"] *, [data-testid="stMetricLabel"] *,
  [data-testid="stMetricDelta"] *, [data-testid^="stSliderTick"], [data-testid="stSliderThumbValue"]) {
  font-size: max(24px, 1em) !important; }
[data-testid="stMain"] h1 { font-size: 1.7rem; padding: 0 0 0.3rem 0; }
.cee-live-plot, .cee-live-ends { display: none; }  /* the live slider: the charts and the thumb say as much */
[data-testid="stMain"] :is(h2, h3) { font-size: 1.35rem; }
[data-testid="stMain"] :is(h4, h5) { font-size: 1.1rem; }
[data-testid="stMetricValue"] { font-size: 2.2rem; }
[data-testid="stMain"] .katex { font-size: 1.45em !important; }
[data-testid="stMainBlockContainer"] { padding: 1rem 2rem 2rem 2rem; max-width: 100%; }
[data-testid="stHeader"], [data-testid="stHeader"] * { background: transparent; pointer-events: none; }
[data-testid="stExpandSidebarButton"] { pointer-events: auto; }  /* the header's one control, over the bar */
:is([data-testid="stToolbarActions"], [data-testid="stMainMenu"], [data-testid="stAppDeployButton"],
  [data-testid="stDecoration"], [data-testid="stStatusWidget"], .modebar-container) { display: none; }
[data-testid="stMain"] [data-testid="stExpander"] { display: none; }
.st-key-presenter_bar { gap: 1.5rem; align-items: center; }
</style>
"""


@dataclass(frozen=True)
class Settings:
    """What the learner chose in the sidebar; it holds on every page."""

    units: str
    depth: str
    present: bool
    slug: str = ""  # the page showing them, from page_setup: its catalogue entry and its URL path

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


def page_setup(slug, intro="intro"):
    """Set the page config (title and icon from the catalogue), draw the sidebar, the page's heading and its
    intro (the question, and for a lesson its objectives; `intro` names another section of its lesson file
    to open with instead), and return the shared settings for page `slug` ("" for Home). Call first on every
    page."""
    entry = page(slug)
    step = opened_step(slug)  # first: a plan step's short link fills in the rest of its address
    presenting = st.session_state.get("present") or parse_choice(st.query_params.get("present"), (True,))
    st.set_page_config(
        page_title=f"{entry.title} · Cross-Entropy Explorer",
        page_icon=entry.icon,
        layout="wide",
        initial_sidebar_state="collapsed" if presenting else "auto",  # the whole projector for the lesson
    )
    for notice in _restore_settings_from_link():
        st.warning(notice, icon=":material/link_off:")
    check_link(slug)
    settings = _sidebar(slug)
    with st.sidebar:
        _rerun_after_reconnect()
    _write_settings_to_link(settings)
    st.html(SCREEN_CSS + (PRESENTER_CSS if settings.present else ""))  # our own constant CSS, never user text
    st.html(top_on_arrival(slug), unsafe_allow_javascript=True)  # our own script and the catalogue's slug
    if settings.present or step is not None:
        _presenter_bar(step, settings)
    st.title(entry.heading or entry.title)
    if step is None:
        lesson_intro(entry.lesson, section=intro)
    else:  # the plan's question replaces the page's; before Reveal the page stops here
        ask_then_reveal(step, settings)
    return settings


def _presenter_bar(step, settings):
    """A plan step's Previous and Next, and in presenter mode the way out: one small row at the top."""
    with st.container(key="presenter_bar", horizontal=True, horizontal_alignment="right"):
        step_links(step, settings)
        if settings.present:
            st.button(
                "Leave presenter mode", key="presenter_exit", on_click=_leave_presenting, type="tertiary",
                icon=":material/close_fullscreen:", help="Back to the normal view, with the sidebar's menu.",
            )  # fmt: skip


def _leave_presenting():
    st.session_state["present"] = False


@st.fragment(run_every=3600)
def _rerun_after_reconnect():
    """Draws nothing; a page with a timed fragment makes the browser ask for a full run when it reconnects.

    With several replicas (deploy/serve.sh), a learner whose replica died reconnects to a fresh session on
    another one. Without a full run there, the new session knows none of the page's fragments (live()), and
    its sliders would do nothing until a reload. Cost: one empty fragment run per session per hour.
    """


def current_settings(slug=""):
    """The shared settings as they stand in this session, on page `slug`."""
    return Settings(**{name: st.session_state[name] for name in SETTINGS}, slug=slug)


def share_link(settings):
    """A 'link to this view' box at the foot of the sidebar: the address of settings.slug, the page
    page_setup opened, with every value the link keeps.

    Call it last on a page, so that every widget has already written its value into the address.
    The address is built only while the box is open; `live` keeps it current.
    """
    box = st.sidebar.expander("Link to this view", icon=":material/link:", key=SHARE_BOX, on_change="rerun")
    if box.open:
        origin, note = phone_origin()
        query = urlencode(st.query_params.to_dict())
        box.caption("Copy it with the button, or scan it with a phone; it reopens this page as it is now.")
        url = f"{origin}{page(settings.slug).url}" + (f"?{query}" if query else "")
        box.code(url, language=None, wrap_lines=True)
        if note:
            box.caption(f":material/info: {escape_markdown(note, 400)}")
        box.image(qr_png(url, scale=5), width=180)


def live(body):
    """Run `body`, the part of a page that its widgets change.

    While the sidebar's link box is closed, `body` runs as an st.fragment: a widget inside then reruns only
    that part, not the sidebar, which keeps reruns lean when a whole class shares one server. While the box
    is open, `body` runs as plain page code, so a widget reruns the whole page once and the address the box
    shows follows it. Opening or closing the box reruns the whole page (on_change="rerun"), so the switch
    between the two always happens on a full rerun.
    """
    if st.session_state.get(SHARE_BOX):
        body()
    else:
        st.fragment(body)()


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


def _sidebar(slug):
    """Navigation with titles and icons (from the catalogue), then the shared settings."""
    with st.sidebar:
        st.markdown("### Cross-Entropy Explorer")
        link_params = current_settings().link_params()
        for entry in PAGES:
            st.page_link(entry.path, label=entry.title, icon=entry.icon, query_params=link_params)
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
    return current_settings(slug)


def _write_settings_to_link(settings):
    """Keep the non-default settings in the address bar, so that a copied link carries them."""
    wanted = settings.link_params()
    for name in SETTINGS:
        if name in wanted:
            st.query_params[name] = wanted[name]
        elif name in st.query_params:
            del st.query_params[name]
