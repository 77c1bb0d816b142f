"""Class mode's page: the lobby (join, or Start a class), the teacher's projector view and a student's phone.

Every read and write goes through classroom.store. A phone waiting for the teacher runs one tiny fragment a
second that reads ui.class_store.shared_state (one read per second per process, shared by all phones) and
draws what that state asks for (waiting, the question, the verdict, the end); it never reruns the page.
"""

import math
import time
from urllib.parse import urlencode

import streamlit as st

from classroom import names, store
from content.lesson_files import lesson
from content.text import escape_markdown
from lessons.class_charts import choice_spread, number_spread
from lessons.class_questions import class_questions
from ui.address import phone_origin, qr_png
from ui.class_store import CODE, KEY, NAME, RECORDED, ROLE, STUDENT, engine, shared_state
from ui.course import checkpoint_questions
from ui.widgets import chart

FLASH = "class_flash"  # messages for the next run, which a st.rerun() would otherwise wipe
NEXT = "class_next"  # the question to offer after Ask the class: the next one in the list
MINE = "class_mine"  # {question id: (choice, number)}: this student's answers the store has acknowledged
WRONG, LOCKED_UNTIL = "class_wrong_codes", "class_locked_until"
WRONG_CODES, LOCKOUT_SECONDS = 5, 120  # wrong codes per browser session before a pause
POLL_SECONDS = 1
NOTICE = (
    "The class database is not answering just now. This panel tries again every few seconds; "
    "the lessons work as usual."
)


def class_page(settings):
    """The whole /class page for this session's role."""
    for good, message in st.session_state.pop(FLASH, ()):
        (st.success if good else st.error)(message)
    try:
        _follow_link()
        view = {"teacher": _teacher, "student": _student}.get(st.session_state.get(ROLE), _lobby)
        view(settings)
    except store.Unavailable:
        st.warning(NOTICE, icon=":material/cloud_off:")
        st.fragment(_retry, run_every=3)()
    with st.expander("How class mode works", icon=":material/help:", key="class_help"):
        st.markdown(lesson("class", settings.depth))


def _noticing(body):
    """`body` for an st.fragment: a database that is down gives the short notice, not a traceback (a
    fragment's own reruns do not pass through class_page's guard)."""

    def guarded(*args):
        try:
            body(*args)
        except store.Unavailable:
            st.warning(NOTICE, icon=":material/cloud_off:")

    return guarded


def _retry():
    """Once the database answers again, draw the page afresh."""
    try:
        engine()
    except store.Unavailable:
        return
    st.rerun()


def _leave():
    for name in (ROLE, CODE, KEY, STUDENT, NAME, MINE, RECORDED):
        st.session_state.pop(name, None)
    st.query_params.pop("join", None)


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
        student, name = store.join(engine(), code)
    except store.Unavailable:
        raise
    except store.ClassError as refusal:
        st.error(str(refusal), icon=":material/error:")
        _count_wrong()
        return
    st.session_state.update({ROLE: "student", CODE: code, STUDENT: student, NAME: name, WRONG: 0})
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
        _leave()
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
    st.fragment(_noticing(_live), run_every=POLL_SECONDS)(code)
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
        _leave()
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
    right = question.answer(units) if current.revealed else None
    if question.options:
        figure = choice_spread(question.options, tally.choices, right)
    else:
        unit = units if question.unit else ""
        figure = number_spread(list(tally.numbers), question.label(units), right, unit=unit)
    chart(figure, key="class_spread")
    if current.revealed:
        _explain(question, right, units)


def _explain(question, right, units):
    if right is None:
        st.info("The page measures this one: open it and press Play.", icon=":material/play_circle:")
    st.markdown(question.explanation(units))
    st.page_link(
        question.page.path,
        label=f"Open {question.page.title}",
        icon=":material/open_in_new:",
        query_params=question.link(units),
    )


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


# --- A student's phone ---


def _student(settings):
    code, student = st.session_state[CODE], st.session_state[STUDENT]
    st.text(f"Class {code} · you are {st.session_state[NAME]}")
    with st.expander("Change my name", icon=":material/badge:", key="class_rename_box"):
        _rename(student)
    st.fragment(_noticing(_panel), run_every=POLL_SECONDS)(code, student)


def _panel(code, student):
    """The phone's part that follows the class, rerun every POLL_SECONDS on its own (never the whole page):
    waiting, the open question, the verdict after Reveal, or the end. Its only read per tick is the shared
    one-second State; the student's own answer is kept in the session."""
    current = shared_state(code)
    if current is None or current.ended:
        gone = "has ended" if current else "was closed and its answers deleted"
        st.info(f"The class {gone}. Thank you for taking part!", icon=":material/flag:")
        if st.button("Join another class", key="class_leave"):
            _leave()
            st.rerun(scope="app")
        return
    question = class_questions().get(current.question_key)
    if question is None:
        st.info("Waiting for the teacher to ask a question…", icon=":material/hourglass_top:")
    elif current.revealed:
        _verdict(question, st.session_state.get(MINE, {}).get(current.question_id), current.units)
    else:
        _answer_form(question, current.question_id, student, current.units)


def _rename(student):
    with st.form("class_rename_form", border=False):
        typed = st.text_input(f"Nickname (at most {names.NICKNAME_LENGTH} characters)", key="class_nickname")
        if st.form_submit_button("Use this name"):
            try:
                st.session_state[NAME] = store.rename(engine(), student, typed)
                st.rerun()
            except ValueError as refusal:
                st.error(str(refusal))


def _answer_form(question, question_id, student, units):
    st.markdown(question.prompt)
    with st.form(f"class_answer_{question_id}", border=True):
        if question.options:
            options = range(len(question.options))
            given = st.radio("Your answer", options, index=None, format_func=question.options.__getitem__,
                             key=f"class_choice_{question_id}")  # fmt: skip
        else:
            given = st.text_input(
                question.label(units), key=f"class_number_{question_id}", placeholder="a number"
            )
            st.caption(question.rule())
        sent = st.form_submit_button("Send my answer", type="primary", icon=":material/send:")
    if sent:
        _send(question, question_id, student, given)
    mine = st.session_state.get(MINE, {}).get(question_id)
    if mine is not None:
        st.success(f"Your answer is in: **{_shown(question, mine)}**. You may change it until the reveal.")


def _send(question, question_id, student, given):
    """Check and store the answer, or say what is wrong with it."""
    if given is None or given == "":
        st.error("Choose or type an answer first.")
        return
    choice = given if question.options else None
    number = None if question.options else _number(given, question)
    if not question.options and number is None:
        return
    try:
        store.answer(engine(), student, question_id, choice=choice, number=number)
        st.session_state.setdefault(MINE, {})[question_id] = (choice, number)
    except store.Unavailable:
        raise
    except store.ClassError as refusal:
        st.error(str(refusal))


def _number(text, question):
    """The typed guess as a finite number in the question's range, or None after a message."""
    try:
        value = float(str(text).strip().replace(",", "."))
    except ValueError:
        st.error("Type a number, for example 0.5 or 2.3.")
        return None
    if not math.isfinite(value):
        st.error("Please type a finite number.")
        return None
    if not question.low <= value <= question.high:
        st.error(f"Please type a number from {question.low:g} to {question.high:g}.")
        return None
    return value


def _shown(question, mine):
    choice, number = mine
    return question.options[choice] if question.options else f"{number:g}"


def _verdict(question, mine, units):
    """The student's own answer against the right one (in the question's units), the explanation and the
    lesson's link."""
    right = question.answer(units)
    shown_right = (
        None
        if right is None
        else question.options[right]
        if question.options
        else question.shown(right, units)
    )
    st.markdown(question.prompt)
    if mine is None:
        st.info(
            f"You did not answer this one. The answer: **{shown_right}**." if shown_right else "Revealed."
        )
    elif right is None:
        st.info(f"You answered **{_shown(question, mine)}**.")
    elif question.options:
        good = mine[0] == right
        (st.success if good else st.error)(
            f"**{'Right' if good else 'Not this time'}.** You answered **{_shown(question, mine)}**; "
            f"the answer is **{shown_right}**."
        )
    else:
        good = question.verdict(mine[1], units)
        (st.success if good else st.error)(
            f"**{'Right' if good else 'Not this time'}.** You guessed **{_shown(question, mine)}**; "
            f"the answer is **{shown_right}**."
        )
    _explain(question, right, units)
