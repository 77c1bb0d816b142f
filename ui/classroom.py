"""Class mode's page: the lobby (join, or Start a class), the teacher's projector view, and a student's phone
(ui.class_phone).

Every read and write goes through classroom.store. A phone waiting for the teacher runs one tiny fragment a
second that reads ui.class_store.shared_state (one read per second per process, shared by all phones) and
draws what that state asks for (waiting, the question, the verdict, the end); it never reruns the page.
"""

import time
from urllib.parse import urlencode

import streamlit as st

from classroom import names, store
from content.lesson_files import lesson
from content.text import escape_markdown
from lessons.class_charts import choice_spread, choice_spread_alt, number_spread, number_spread_alt
from lessons.class_questions import class_questions
from ui.address import phone_origin, qr_png
from ui.class_phone import POLL_SECONDS, STUDENT_INTRO, explain, student
from ui.class_store import CODE, KEY, NAME, NOTICE, ROLE, STUDENT, engine, leave, noticing
from ui.course import checkpoint_questions
from ui.widgets import chart

FLASH = "class_flash"  # messages for the next run, which a st.rerun() would otherwise wipe
NEXT = "class_next"  # the question to offer after Ask the class: the next one in the list
WRONG, LOCKED_UNTIL = "class_wrong_codes", "class_locked_until"
WRONG_CODES, LOCKOUT_SECONDS = 5, 120  # wrong codes per browser session before a pause


def intro():
    """The section of assets/lessons/class.md the page opens with: a student's own line on a student's phone
    (also while a join link is being followed), else the page's intro for the lobby and the projector."""
    role = st.session_state.get(ROLE)
    joining = role is None and "join" in st.query_params and "teacher" not in st.query_params
    return STUDENT_INTRO if role == "student" or joining else "intro"


def class_page(settings):
    """The whole /class page for this session's role."""
    for good, message in st.session_state.pop(FLASH, ()):
        (st.success if good else st.error)(message)
    try:
        _follow_link()
        view = {"teacher": _teacher, "student": student}.get(st.session_state.get(ROLE), _lobby)
        view(settings)
    except store.Unavailable:
        st.warning(NOTICE, icon=":material/cloud_off:")
        st.fragment(_retry, run_every=3)()
    with st.expander("How class mode works", icon=":material/help:", key="class_help"):
        st.markdown(lesson("class", settings.depth))


def _retry():
    """Once the database answers again, draw the page afresh."""
    try:
        engine()
    except store.Unavailable:
        return
    st.rerun()


# --- Joining: by link or by typed code, a limited number of wrong codes per session ---


def _follow_link():
    """A teacher link (?join=CODE&teacher=KEY) takes over the class; a join link joins it, once."""
    raw, key = st.query_params.get("join"), st.query_params.pop("teacher", None)  # never left in the bar
    if raw is None or st.session_state.get(ROLE):
        return
    code = names.normalise_code(raw)
    if code is None:
        st.warning(f"join: “{escape_markdown(raw, 24)}” is not a class code, so nothing was joined.")
        _count_wrong()
        return
    if key is not None:
        if store.is_teacher(engine(), code, key):
            st.session_state.update({ROLE: "teacher", CODE: code, KEY: key})
            return
        _flash("This teacher link's key does not belong to that class, so it opens the student view.")
        _count_wrong()
    _join(code)


def _flash(message, good=False):
    st.session_state[FLASH] = [*st.session_state.get(FLASH, ()), (good, message)]


def _count_wrong():
    st.session_state[WRONG] = st.session_state.get(WRONG, 0) + 1
    if st.session_state[WRONG] >= WRONG_CODES:
        st.session_state[LOCKED_UNTIL] = time.time() + LOCKOUT_SECONDS
        st.session_state[WRONG] = 0


def _join(code):
    """Join class `code` as a student, or say why not."""
    if time.time() < st.session_state.get(LOCKED_UNTIL, 0):
        st.error("Too many wrong codes from this browser. Wait two minutes, then try again.")
        return
    try:
        student_id, name = store.join(engine(), code)
    except store.Unavailable:
        raise
    except store.ClassError as refusal:
        st.error(str(refusal), icon=":material/error:")
        _count_wrong()
        return
    st.session_state.update({ROLE: "student", CODE: code, STUDENT: student_id, NAME: name, WRONG: 0})
    st.query_params["join"] = code
    st.rerun()


def _lobby(settings):
    st.markdown("**Students:** type the code on the projector, or scan its QR code.")
    with st.form("class_join_form", border=True):
        typed = st.text_input("Class code", key="class_typed_code", max_chars=12, placeholder="e.g. K7RT2P")
        joining = st.form_submit_button("Join", type="primary", icon=":material/login:")
    if joining:
        code = names.normalise_code(typed)
        if code is None:
            st.error("A class code has six letters and digits, as shown on the projector.")
            _count_wrong()
        else:
            _join(code)
    st.divider()
    st.markdown("**Teachers:** start a class, then project this page. Students need no account.")
    if st.button("Start a class", key="class_start", icon=":material/co_present:"):
        code, key = store.start_class(engine())
        st.session_state.update({ROLE: "teacher", CODE: code, KEY: key})
        st.query_params["join"] = code
        st.rerun()


# --- The teacher's projector ---


def _teacher(settings):
    code, key = st.session_state[CODE], st.session_state[KEY]
    origin, note = phone_origin()
    link = f"{origin}/class?join={code}"
    current = store.state(engine(), code)
    if current is None:
        leave()
        st.rerun()
    asking = current.question_id is not None  # then the question and its spread need the room
    words, picture = st.columns([6, 1] if asking else [3, 2], vertical_alignment="center")
    words.markdown(f"Join at **{link}**" + (f" · code **{code}**" if asking else f"\n# Code: {code}"))
    picture.image(qr_png(link), width=90 if asking else 300, caption=None if asking else "Scan to join")
    if note and not asking:
        st.caption(f":material/info: {escape_markdown(note, 400)}")
    if current.ended:
        st.info("This class has ended; the students' screens say so.", icon=":material/flag:")
    else:
        _controls(code, key, current, settings.units)
    st.fragment(noticing(_live), run_every=POLL_SECONDS)(code)
    _end_controls(code, key, current)
    with st.expander("Checkpoints answered in this class", icon=":material/fact_check:", key="class_checks"):
        _checkpoints(code)
    with st.expander("Teacher link: take over on another screen (keep it private)", key="class_teacher_link"):
        st.code(f"{origin}/class?{urlencode({'join': code, 'teacher': key})}", language=None, wrap_lines=True)


def _following(questions, key):
    """The question after `key` in the list (the plan's next step), or `key` itself at the end."""
    keys = list(questions)
    return keys[min(keys.index(key) + 1, len(keys) - 1)]


def _controls(code, key, current, units):
    questions = class_questions()
    if NEXT in st.session_state:  # set before the select box is drawn: the next step is ready to ask
        st.session_state["class_pick"] = st.session_state.pop(NEXT)
    picked = st.selectbox(
        "Question to ask", list(questions), format_func=lambda name: questions[name].title, key="class_pick"
    )
    st.caption(f"Questions are asked in {units} (the sidebar's Units); each phone follows the question.")
    ask, reveal = st.columns(2)
    if ask.button("Ask the class", type="primary", key="class_ask", icon=":material/send:"):
        store.ask(engine(), code, key, picked, units=units)
        st.session_state[NEXT] = _following(questions, picked)
        st.rerun()
    waiting = current.question_id is None or current.revealed
    if reveal.button("Reveal", key="class_reveal", icon=":material/visibility:", disabled=waiting):
        store.reveal(engine(), code, key)
        st.rerun()


def _end_controls(code, key, current):
    end, delete = st.columns(2)
    if end.button("End class", key="class_end", icon=":material/stop_circle:", disabled=current.ended):
        store.end(engine(), code, key)
        st.rerun()
    if delete.button("Delete class data", key="class_delete", icon=":material/delete:"):
        store.delete(engine(), code, key)
        leave()
        _flash(f"Class {code} and every answer in it are deleted.", good=True)
        st.rerun()


def _live(code):
    """The projector's live panel: who joined, the count and spread of answers, the answer after Reveal."""
    current = store.state(engine(), code)
    if current is None:
        return
    joined = len(store.roster(engine(), code))
    question = class_questions().get(current.question_key)
    people, answered = st.columns(2)
    people.metric("Students joined", joined)
    if question is None:
        answered.metric("Question", "none yet")
        st.caption("Pick a question, then press **Ask the class**.")
        return
    tally = store.tally(engine(), current.question_id)
    answered.metric("Answers", f"{tally.count} answer{'s' * (tally.count != 1)}")
    units = current.units
    st.markdown(f"**{question.title}**  \n{question.prompt}")
    if not question.options:
        st.caption(question.rule())
    right, revealed = (question.answer(units) if current.revealed else None), current.revealed
    if question.options:
        figure = choice_spread(question.options, tally.choices, right)
        alt = choice_spread_alt(question.options, tally.choices, right, revealed=revealed)
    else:
        unit, numbers, label = units if question.unit else "", list(tally.numbers), question.label(units)
        figure = number_spread(numbers, label, right, unit=unit)
        alt = number_spread_alt(numbers, label, right, unit=unit, revealed=revealed)
    chart(figure, key="class_spread", alt=alt)
    if current.revealed:
        explain(question, right, units)


def _checkpoints(code):
    """Per checkpoint question: how many answered, the share right, and the most chosen wrong option."""
    rows = []
    for key, (answered, right, wrong) in sorted(store.checkpoint_tallies(engine(), code).items()):
        lesson, number = key.rsplit("/", 1)
        asked = checkpoint_questions("" if lesson == "home" else lesson)
        if not 0 < int(number) <= len(asked):
            continue
        question = asked[int(number) - 1]
        worst = wrong.most_common(1)
        rows.append(
            {
                "question": question.prompt,
                "answered": answered,
                "right": f"{right / answered:.0%}",
                "most chosen wrong option": question.options[worst[0][0]] if worst else "(none)",
            }
        )
    if rows:
        st.dataframe(rows, hide_index=True)
    else:
        st.caption("No checkpoint answers yet: students answer them at the end of each lesson.")
