"""A student's phone in class mode: the class's code and the student's name, and one timed fragment that
follows the class (waiting, the open question, the answer once revealed, the end).

The fragment's only read per tick is ui.class_store.shared_state, shared by every phone of a process. A send
is the form's callback, run before the fragment draws: the store's verdict on it (kept, refused, or too late
because the answer was revealed first) is in the session when the fragment decides what to draw, so a send
that races the reveal shows the revealed answer at once, with the true reason, and no query more.
"""

import math

import streamlit as st

from classroom import names, store
from lessons.class_questions import class_questions
from ui.class_store import (
    CODE,
    LATE,
    MINE,
    NAME,
    NOTICE,
    SAID,
    STUDENT,
    engine,
    leave,
    noticing,
    shared_state,
)

POLL_SECONDS = 1
STUDENT_INTRO = "Student"  # the section of assets/lessons/class.md a student's phone opens with


def student(settings):
    """The phone: who and where the student is, the rename box, and the class as it goes."""
    code, me = st.session_state[CODE], st.session_state[STUDENT]
    st.text(f"Class {code} · you are {st.session_state[NAME]}")  # st.text: a nickname is never Markdown
    with st.expander("Change my name", icon=":material/badge:", key="class_rename_box"):
        _rename(me)
    st.fragment(noticing(_panel), run_every=POLL_SECONDS)(code, me)


def _panel(code, me):
    """The phone's part that follows the class, rerun every POLL_SECONDS on its own (never the whole page):
    waiting, the open question, the answer after Reveal, or the end. Its only read per tick is the shared
    one-second State; the student's own answers, and what the store said to the last send, are kept in the
    session. A send the store refused because the answer was revealed first shows the reveal at once, before
    the shared State has caught up."""
    current = shared_state(code)
    if current is None or current.ended:
        gone = "has ended" if current else "was closed and its answers deleted"
        st.info(f"The class {gone}. Thank you for taking part!", icon=":material/flag:")
        if st.button("Join another class", key="class_leave"):
            leave()
            st.rerun(scope="app")
        return
    question = class_questions().get(current.question_key)
    asked = current.question_id
    if question is None:
        st.info("Waiting for the teacher to ask a question…", icon=":material/hourglass_top:")
    elif current.revealed or asked in st.session_state.get(LATE, {}):  # a question is never unrevealed
        _verdict(question, asked, current.units)
    else:
        _answer_form(question, asked, me, current.units)


def _rename(me):
    with st.form("class_rename_form", border=False):
        typed = st.text_input(f"Nickname (at most {names.NICKNAME_LENGTH} characters)", key="class_nickname")
        if st.form_submit_button("Use this name"):
            try:
                st.session_state[NAME] = store.rename(engine(), me, typed)
                st.rerun()
            except ValueError as refusal:
                st.error(str(refusal))


def _answer_form(question, asked, me, units):
    st.markdown(question.prompt)
    with st.form(f"class_answer_{asked}", border=True):
        if question.options:
            options = range(len(question.options))
            st.radio("Your answer", options, index=None, format_func=question.options.__getitem__,
                     key=f"class_choice_{asked}")  # fmt: skip
        else:
            st.text_input(question.label(units), key=f"class_number_{asked}", placeholder="a number")
            st.caption(question.rule())
        # The callback sends before the fragment draws, so what the store said decides what it draws.
        st.form_submit_button("Send my answer", type="primary", icon=":material/send:",
                              on_click=_send, args=(question, asked, me))  # fmt: skip
    said = st.session_state.get(SAID)
    if said is not None and said[0] == asked:
        st.error(said[1])
    mine = st.session_state.get(MINE, {}).get(asked)
    if mine is not None:
        shown = _shown(question, mine, units)
        st.success(f"Your answer is in: **{shown}**. You may change it until the reveal.")


def _send(question, asked, me):
    """The form's callback: check and store the answer. What the store says is kept for the fragment to
    draw: MINE for an answer it acknowledged, LATE for one that came after the reveal, SAID for any other
    refusal."""
    st.session_state.pop(SAID, None)
    if question.options:
        choice, number = st.session_state.get(f"class_choice_{asked}"), None
        if choice is None:
            return _refused(asked, "Choose or type an answer first.")
    else:
        choice, number = None, _number(st.session_state.get(f"class_number_{asked}"), question, asked)
        if number is None:
            return None
    try:
        store.answer(engine(), me, asked, choice=choice, number=number)
    except store.Revealed:
        st.session_state.setdefault(LATE, {})[asked] = (choice, number)
    except store.Unavailable:
        _refused(asked, f"Your answer was not sent. {NOTICE}")
    except store.ClassError as refusal:
        _refused(asked, str(refusal))
    else:
        st.session_state.setdefault(MINE, {})[asked] = (choice, number)
    return None


def _refused(asked, message):
    st.session_state[SAID] = (asked, message)


def _number(text, question, asked):
    """The typed guess as a finite number in the question's range, or None after a message."""
    if text is None or not str(text).strip():
        return _refused(asked, "Choose or type an answer first.")
    try:
        value = float(str(text).strip().replace(",", "."))
    except ValueError:
        return _refused(asked, "Type a number, for example 0.5 or 2.3.")
    if not math.isfinite(value):
        return _refused(asked, "Please type a finite number.")
    if not question.low <= value <= question.high:
        return _refused(asked, f"Please type a number from {question.low:g} to {question.high:g}.")
    return value


def _shown(question, answer, units):
    """A student's answer as the question shows it: the option, or the number in the question's unit."""
    choice, number = answer
    if question.options:
        return question.options[choice]
    return f"{number:g} {units}" if question.unit else f"{number:g}"


def _verdict(question, asked, units):
    """The answer is revealed: the student's own answer against the right one (in the question's units), a
    send that came too late and why, the explanation and the lesson's link. No form: answers are closed."""
    right = question.answer(units)
    if right is None:
        shown_right = None
    else:
        shown_right = question.options[right] if question.options else question.shown(right, units)
    mine = st.session_state.get(MINE, {}).get(asked)
    late = st.session_state.get(LATE, {}).get(asked)
    st.markdown(question.prompt)
    st.markdown(":material/visibility: **The answer has been revealed**: answers to this one are closed.")
    if late is not None:
        kept = "it was not counted"
        if mine is not None:
            kept = f"your answer before it, **{_shown(question, mine, units)}**, is the one counted"
        st.warning(f"Your answer **{_shown(question, late, units)}** arrived after the reveal, so {kept}.")
    if mine is None:
        if shown_right is None:
            st.info("You did not answer this one.")
        else:
            missed = "" if late is not None else "You did not answer this one. "
            st.info(f"{missed}The answer: **{shown_right}**.")
    elif right is None:
        st.info(f"You answered **{_shown(question, mine, units)}**.")
    else:
        good = mine[0] == right if question.options else question.verdict(mine[1], units)
        verb = "answered" if question.options else "guessed"
        (st.success if good else st.error)(
            f"**{'Right' if good else 'Not this time'}.** You {verb} **{_shown(question, mine, units)}**; "
            f"the answer is **{shown_right}**."
        )
    explain(question, right, units)


def explain(question, right, units):
    """The students' explanation of the answer and the link to the lesson page that shows it."""
    if right is None:
        st.info("The page measures this one: open it and press Play.", icon=":material/play_circle:")
    st.markdown(question.explanation(units))
    st.page_link(
        question.page.path,
        label=f"Open {question.page.title}",
        icon=":material/open_in_new:",
        query_params=question.link(units),
    )
