"""The course around each lesson: objectives and time at the top, and at the end a "you can now" line,
two or three checkpoint questions from the quiz bank, and Previous/Next links in teaching order.

Everything comes from catalogue.COURSE (objectives, time, can-now) and the quiz bank's Page: field.
"""

import re
import zlib

import numpy as np
import streamlit as st

from catalogue import COURSE, neighbours, page, sheet_query
from content.quiz_bank import load_questions, shuffle_options
from ui.class_store import record_checkpoint

CHECKPOINTS = 3  # at most this many questions per lesson, the bank's first ones for the page
TRIES = 2  # a wrong first answer gets its reason and one more try; the right answer shows after the last


def lesson_slug(lesson_name):
    """The slug of a lesson file's name ("home" is Home's lesson, slug "")."""
    return "" if lesson_name == "home" else lesson_name


def objectives(lesson_name):
    """The lesson's objectives and estimated time, under its intro (none off the course)."""
    course = COURSE.get(lesson_slug(lesson_name))
    if course is None or st.session_state.get("present"):  # the room needs the lesson, not its timing
        return
    goals = "; ".join(course.objectives)
    st.caption(f":material/flag: **In this lesson** (about {course.minutes} minutes) you will {goals}.")


def heading_anchor(text):
    """The anchor Streamlit gives a Markdown heading: lower case, words joined by '-', punctuation dropped."""
    words = (re.sub(r"[\W_]+", "", word) for word in text.lower().split(" "))
    return "-".join(word for word in words if word)


def checkpoint_questions(slug):
    """The quiz bank's first CHECKPOINTS questions for lesson `slug`, options in a fixed shuffle."""
    name = page(slug).lesson
    chosen = [question for question in load_questions() if question.page == name][:CHECKPOINTS]
    return [shuffle_options(q, np.random.default_rng(zlib.crc32(q.prompt.encode()))) for q in chosen]


def lesson_end(settings, held=False):
    """The end of a lesson: what the learner can now do, the checkpoint, and Previous/Next links.

    Call once at the end of a page, beside share_link(settings). Does nothing on a page that is not a lesson.
    `held`: the page's predict box waits for a guess that a checkpoint question would answer, so the
    checkpoint waits too.
    """
    course = COURSE.get(settings.slug)
    if course is None:
        return
    st.divider()
    st.markdown(f":material/check_circle: **You can now** {course.can_now}.")
    if held and not settings.present:
        st.markdown("#### Checkpoint")
        st.caption(
            "The checkpoint opens once you lock in a guess in **Predict, then reveal**, which it answers."
        )
    elif not settings.present:  # a checkpoint is for one learner at a time, not for the projector
        st.fragment(_checkpoint)(settings)
    _sheet_link(settings)
    previous, following = neighbours(settings.slug)
    back = previous and (previous.path, f"Previous: {previous.title}", ":material/arrow_back:")
    forward = (
        (following.path, f"Next: {following.title}", ":material/arrow_forward:")
        if following is not None
        else ("pages/quiz.py", "The course is done: test yourself in the quiz", ":material/quiz:")
    )
    for column, link in zip(st.columns(2), (back, forward), strict=True):
        if link:
            path, label, icon = link
            column.page_link(path, label=label, icon=icon, query_params=settings.link_params())


def _sheet_link(settings):
    """A link to the lesson's own problem sheet on /exercises, if the catalogue lists one."""
    query = sheet_query(settings.slug)
    if query is None or settings.present:
        return
    sheets = page("exercises")
    st.page_link(
        sheets.path,
        label=f"{sheets.title}: practise this lesson with worked solutions",
        icon=sheets.icon,
        query_params=settings.link_params() | query,
    )


def tries(key):
    """The options picked so far, in order, at the question answered with widget `key`."""
    return st.session_state.get(f"{key}_tries", ())


def add_try(key):
    """Callback: the current choice of widget `key` becomes one more try at its question."""
    choice = st.session_state.get(key)
    if choice is not None:
        st.session_state[f"{key}_tries"] = (*tries(key), choice)


def settled(question, picks):
    """True once the question is over: the last pick right, or TRIES picks made."""
    return bool(picks) and (picks[-1] == question.answer or len(picks) >= TRIES)


def verdict(question, picks, more=""):
    """The verdict on the tries `picks` at `question`, after the last one: right, with its reason; wrong
    with a try left, its reason and `more` (a hint, such as a link back to the lesson); wrong at the last
    try, its reason, then the right answer and its reason and `more`. The quiz and the checkpoints use it."""
    if not picks:
        return
    choice = picks[-1]
    if choice == question.answer:
        st.success(f"**Right.** {question.reasons[choice]}", icon=":material/check_circle:")
        return
    if not settled(question, picks):
        st.warning(
            f"**Not quite.** {question.reasons[choice]} Have one more try.{more}", icon=":material/replay:"
        )
        return
    st.error(f"**Not quite.** {question.reasons[choice]}", icon=":material/cancel:")
    right = question.answer
    st.info(f"**The right answer:** {question.options[right]} {question.reasons[right]}{more}")


def _checkpoint(settings):
    """Two or three questions on this lesson; a wrong answer gets its reason and one more try."""
    questions = checkpoint_questions(settings.slug)
    if not questions:
        return
    st.markdown("#### Checkpoint")
    anchor = heading_anchor(f"Why? ({settings.depth.lower()} explanation)")
    for number, question in enumerate(questions, start=1):
        key = f"checkpoint_{settings.slug or 'home'}_{number}"
        if st.session_state.get(key) is None:  # a fresh visit (Streamlit forgot the radio): start again
            st.session_state.pop(f"{key}_tries", None)
        with st.container(border=True):
            st.radio(
                f"**{number}.** {question.prompt}",
                range(len(question.options)),
                index=None,
                format_func=lambda index, options=question.options: options[index],
                key=key,
                on_change=add_try,
                args=(key,),
                disabled=settled(question, tries(key)),
            )
            picks = tries(key)
            if picks:  # class mode: the teacher's dashboard counts the first try, as the quiz scores it
                record_checkpoint(settings.slug, number, picks[0], picks[0] == question.answer)
            verdict(question, picks, f" [Read this lesson's explanation again](#{anchor}).")
