"""Predict, then reveal: the learner commits to a guess before a preset is applied, then sees the answer."""

import math

import streamlit as st

from ui.link_values import link_values
from ui.plan_step import on_plan_step
from ui.widgets import PAGE_KEY, link_param


def _same(shown, value):
    """Whether a widget's value equals a preset's (numbers to rounding)."""
    if isinstance(shown, int | float) and isinstance(value, int | float):
        return math.isclose(shown, value, rel_tol=0, abs_tol=1e-9)
    return shown == value


_UNSEEN = object()  # a key with no widget: it changes nothing the learner sees


def _matches(apply, value_of):
    """Whether every widget of `apply` holds apply's value, read with value_of(key) (keys it gives _UNSEEN
    are skipped)."""
    shown = {key: value_of(key) for key in apply}
    return all(_same(shown[key], value) for key, value in apply.items() if shown[key] is not _UNSEEN)


def already_there(apply):
    """Whether the page already shows the state `apply` would create: then there is nothing to predict."""
    return _matches(apply, lambda key: st.session_state.get(key, _UNSEEN))


def _will_show(key):
    """The value the widget of link key `key` holds, or takes when it is drawn: its state, else the link's
    usable value, else the catalogue's default."""
    if key in st.session_state:
        return st.session_state[key]
    default = link_param(key).default_of(key)
    if key not in st.query_params:
        return default
    return link_values(st.session_state[PAGE_KEY], {key: st.query_params[key]}).get(key, default)


def holds_back(key, apply, near=None):
    """Whether this run shows the view `apply` creates (or, given `near`, a view near it: near(values) on
    the widget values by key) while its question (asked with hides_answer=True) waits for a guess: the page
    then draws what answers it only after the guess. It reads the values the widgets will take, so a page
    can ask before drawing them."""
    there = _matches(apply, _will_show) or (near is not None and near({k: _will_show(k) for k in apply}))
    return waiting(key, apply, hides_answer=True) and there


def rerun_page_after_guess(key):
    """Call first in the fragment that holds predict box `key` (asked with whole_page=True): the run after
    its guess reruns the whole page, so what waits outside the fragment (lesson_end's held checkpoint) opens
    with the answer."""
    if st.session_state.pop(f"{key}_whole_page", False):
        st.rerun()


def held_note(what, near=False):
    """What a page shows in place of `what` (plural) in the view its question asks about (or, `near`, one
    whose result would all but answer it), before a guess."""
    view = "close to the one" if near else "the view"
    return (
        f"This is {view} that **Predict, then reveal** asks about: {what} appear once you lock in a guess. "
        "To explore without guessing, move a control or pick another preset."
    )


def _commit(key, apply, whole_page):
    """Keep the guess and apply the preset (a callback: it runs before the widgets are drawn); `whole_page`:
    flag the next run for rerun_page_after_guess."""
    st.session_state[f"{key}_committed"] = st.session_state[f"{key}_guess"]
    st.session_state.update(apply)
    if whole_page:
        st.session_state[f"{key}_whole_page"] = True


def _again(key):
    """Forget the guess, so the question can be asked again."""
    for part in ("committed", "guess"):
        st.session_state.pop(f"{key}_{part}", None)


def waiting(key, apply, *, hides_answer=False):
    """Whether predict_then_reveal(key, …, apply, …, hides_answer=…) will wait for a guess in this run: what
    would answer it must stay hidden (for a widget drawn above the question, such as a live slider's
    readouts)."""
    committed = st.session_state.get(f"{key}_committed")
    return not on_plan_step() and committed is None and (hides_answer or not already_there(apply))


def predict_then_reveal(
    key,
    question,
    options,
    apply,
    answer,
    *,
    hides_answer=False,
    asked_here=True,
    elsewhere="",
    whole_page=False,
):
    """Ask `question` with `options`; on commit apply the widget values `apply`, then show answer().

    `answer` is called only after the commit, and returns a lessons.predict.Prediction (or anything with
    .correct, .answer and .why, and optionally .notes: (option, words) pairs, told to a learner who guessed
    that wrong option) computed from the state `apply` creates. Nothing is revealed before. Only .correct
    is graded right.

    A page that keeps what answers the question hidden while it waits (`hides_answer`) is asked in the
    preset's own view too, so a preset button or a shared link does not skip the question; any other page
    shows the answer there and says the question waits for another view.

    `asked_here` False (the page's choice: a view whose own result neither waits for the guess nor is the
    view the question starts from) shows the caption `elsewhere` instead of the question.

    `whole_page` True: the guess reruns the whole page (see rerun_page_after_guess), not only the fragment.

    Returns whether the page may give the answer away in its own text: False while the question is open.
    """
    if on_plan_step():  # the plan asked its own question above, and Reveal answered it
        return True
    committed = st.session_state.get(f"{key}_committed")
    if committed is None and not hides_answer and already_there(apply):  # its answer is on screen already
        st.caption("**Predict, then reveal** asks its question about this view once you move away from it.")
        return True
    if committed is None and not asked_here:
        st.caption(elsewhere)
        return True
    with st.container(border=True, key=f"{key}_predict"):
        st.markdown(f"**Predict, then reveal.** {question}")
        st.radio(
            "Your guess",
            range(len(options)),
            format_func=options.__getitem__,
            index=None,
            key=f"{key}_guess",
            disabled=committed is not None,
        )
        if committed is None:
            st.button(
                "Lock in my guess and show me",
                key=f"{key}_commit",
                on_click=_commit,
                args=(key, apply, whole_page),
                type="primary",
                disabled=st.session_state.get(f"{key}_guess") is None,
            )
            return False
        result = answer()
        guess_column, answer_column = st.columns(2)
        guess_column.markdown(f"**Your guess:** {options[committed]}")
        answer_column.markdown(f"**The answer:** {result.answer}")
        if committed == result.correct:
            st.success(
                "**Right.** Your guess matches what the page computes.", icon=":material/check_circle:"
            )
        else:
            note = dict(getattr(result, "notes", ())).get(committed, "The page computes a different answer.")
            st.error(f"**Not this time.** {note}", icon=":material/cancel:")
        st.markdown(result.why)
        st.button("Ask me again", key=f"{key}_again", on_click=_again, args=(key,))
    return True
