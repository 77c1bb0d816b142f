"""The class store as a Streamlit session sees it: one engine per process, the shared one-second reads a
waiting phone polls, this session's place in a class, the short notice when the database is down, and the
checkpoint hook the lessons call."""

import streamlit as st

from classroom import store

ROLE, CODE, KEY, STUDENT, NAME = "class_role", "class_code", "class_key", "class_student", "class_name"
RECORDED = "class_checkpoints"  # {checkpoint key: the choice already sent}, so a rerun sends nothing again
MINE = "class_mine"  # {question id: (choice, number)}: this student's answers the store has acknowledged
LATE = "class_late"  # {question id: (choice, number)}: answers the store refused, as sent after the reveal
SAID = "class_said"  # (question id, message): why the store, or the phone, refused the last send
NOTICE = (
    "The class database is not answering just now. This panel tries again every few seconds; "
    "the lessons work as usual."
)


@st.cache_resource(show_spinner=False)
def _engine():
    """The store's engine: CEE_DATABASE_URL, or the url of [connections.classroom] in secrets.toml (the
    section st.connection("classroom") would read), or the SQLite file. A failure is not cached, so the
    next run tries again. The store makes the engine itself, with its own driver (psycopg 3) and settings.
    Old classes are ended and deleted here, when a process starts, and whenever a class starts."""
    engine = store.connect(store.settings.database_url() or _secret_url())
    store.housekeeping(engine)
    return engine


def _secret_url():
    try:
        return st.secrets.get("connections", {}).get("classroom", {}).get("url")
    except (FileNotFoundError, KeyError, ValueError, AttributeError):
        return None


def leave():
    """Forget this session's place in a class, and the class code in the address."""
    for name in (ROLE, CODE, KEY, STUDENT, NAME, MINE, LATE, SAID, RECORDED):
        st.session_state.pop(name, None)
    st.query_params.pop("join", None)


def noticing(body):
    """`body` for an st.fragment: a database that is down gives the short notice, not a traceback (a
    fragment's own reruns do not pass through the page's guard)."""

    def guarded(*args):
        try:
            body(*args)
        except store.Unavailable:
            st.warning(NOTICE, icon=":material/cloud_off:")

    return guarded


def engine():
    """The engine, or Unavailable when the database cannot be opened."""
    try:
        return _engine()
    except store.ClassError:
        raise
    except Exception as error:  # a driver's own error while connecting: the database is down or unreachable
        raise store.Unavailable("The class database is not answering just now; trying again.") from error


@st.cache_data(ttl=1, show_spinner=False, max_entries=1000)
def shared_state(code):
    """The class's State, read at most once a second per process and shared by every waiting phone."""
    return store.state(engine(), code)


def record_checkpoint(slug, number, choice, correct):
    """Send a checkpoint answer to the teacher's dashboard when this session is a student in a class."""
    student = st.session_state.get(STUDENT)
    key = f"{slug or 'home'}/{number}"
    sent = st.session_state.setdefault(RECORDED, {})
    if student is None or sent.get(key) == choice:
        return
    try:
        store.record_checkpoint(engine(), student, key, choice, correct)
        sent[key] = choice
    except store.ClassError:
        st.caption(":material/cloud_off: Your class did not receive this answer yet; it will be sent again.")


def reveal_plan_step(question_key):
    """Reveal the class's answers too, when this session is the teacher of a class whose open question is
    `question_key` (a plan step's): the lesson page's Reveal is then the class's Reveal."""
    if st.session_state.get(ROLE) != "teacher":
        return
    code, key = st.session_state[CODE], st.session_state[KEY]
    try:
        current = store.state(engine(), code)
        if current and current.question_key == question_key and not current.revealed and not current.ended:
            store.reveal(engine(), code, key)
    except store.ClassError:  # the database is down: the page reveals; /class's own Reveal still works
        pass
