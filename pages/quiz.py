import numpy as np
import streamlit as st

from catalogue import PAGES
from content.lesson_files import lesson
from content.quiz_bank import (
    NUMERIC_KINDS,
    Score,
    check_numeric_answer,
    grading_rule,
    is_right,
    judge_guess,
    load_questions,
    parse_answer,
    shuffle_options,
)
from content.text import format_loss
from lessons.quiz import (
    lesson_values,
    numeric_question,
    numeric_verdict,
    prediction_scenario,
    scenario_alt,
    scenario_figure,
    scenario_latex,
    scenario_loss,
    scenario_table,
)
from ui.course import add_try, settled, tries, verdict
from ui.shell import live, page_setup, share_link
from ui.widgets import chart, lesson_text, link_radio, show_code

# A bound widget keeps its option *label* in the link: ?qmode=Numeric&qkind=Logits
MODES = {"choice": "Multiple choice", "numeric": "Numeric", "predict": "Predict then reveal"}
GUESS_DECIMALS = 2  # the guess slider moves in steps of 0.05
KINDS = {"any": "Any kind", **NUMERIC_KINDS}
state = st.session_state

settings = page_setup("quiz")

try:
    QUESTIONS = load_questions()
except ValueError as error:
    st.error(f"The question bank has a mistake, so multiple choice is off: {error}", icon=":material/error:")
    QUESTIONS = ()

# The session's own random numbers and score: never in the URL, never shared between learners.
state.setdefault("quiz_rng", np.random.default_rng())
state.setdefault("quiz_score", Score())


def new_choice_question():
    """Deal the next multiple-choice question, answers shuffled; reshuffle the bank when it runs out."""
    state.quiz_queue = [i for i in state.get("quiz_queue", []) if i < len(QUESTIONS)]  # the file may shrink
    if not state.quiz_queue:
        state.quiz_queue = [int(i) for i in state.quiz_rng.permutation(len(QUESTIONS))]
    state.quiz_question = shuffle_options(QUESTIONS[state.quiz_queue.pop()], state.quiz_rng)
    state.pop("quiz_choice", None)
    state.pop("quiz_choice_tries", None)


def check_choice():
    """Take the picked answer as one more try; the score counts the first try only."""
    add_try("quiz_choice")
    first = tries("quiz_choice")
    if len(first) == 1:
        state.quiz_score = state.quiz_score.add(first[0] == state.quiz_question.answer)


def new_numeric_question(units):
    """Fresh numbers for a numeric question of the chosen kind (or a random kind)."""
    kind = state.get("qkind", "any")
    if kind not in NUMERIC_KINDS:
        kind = str(state.quiz_rng.choice(list(NUMERIC_KINDS)))
    state.quiz_numeric = numeric_question(state.quiz_rng, kind, units=units)
    state.quiz_result, state.quiz_problem, state.quiz_typed = None, "", ""


def check_numeric():
    """Read the typed answer and score it once; an unreadable answer gets a friendly word, not a score."""
    parsed = parse_answer(state.get("quiz_typed", ""))
    state.quiz_problem = parsed.problem
    if state.quiz_result is None and parsed.value is not None:
        right = is_right(parsed.value, state.quiz_numeric.answer, state.quiz_numeric.prompt)
        state.quiz_result = (parsed.value, right)
        state.quiz_score = state.quiz_score.add(right)


def new_scenario():
    """A fresh prediction to guess the loss of."""
    state.quiz_scenario, state.quiz_revealed = prediction_scenario(state.quiz_rng), False


def reveal():
    """Show the loss of the current scenario."""
    state.quiz_revealed = True


def reset():
    """A new session: score back to 0 and fresh questions everywhere."""
    state.quiz_score = Score()
    for key in (
        "quiz_queue",
        "quiz_question",
        "quiz_numeric",
        "quiz_scenario",
        "quiz_choice",
        "quiz_typed",
        "quiz_choice_tries",
    ):
        state.pop(key, None)


def teaching_link(lesson):
    """A link to the page that teaches the question's idea: its "Page:" name, a catalogue page."""
    entry = next(page for page in PAGES if page.lesson == lesson)
    st.page_link(
        entry.path,
        label=f"Learn it on the page “{entry.title}”",
        icon=":material/school:",
        query_params=settings.link_params(),
    )


def score_line():
    """The session's score, and a button to start again; returns the score."""
    score_col, reset_col = st.columns([3, 1], vertical_alignment="bottom")
    score = state.quiz_score
    score_col.metric("Score this session", f"{score.correct} / {score.answered}")
    reset_col.button("Reset score", key="quiz_reset", on_click=reset, icon=":material/restart_alt:")
    return score


def multiple_choice():
    """A question from the bank, its answers as a radio, then Check; after a wrong first try its reason and
    Check again; at the end the verdict and Next question."""
    if "quiz_question" not in state:
        new_choice_question()
    question, picks = state.quiz_question, tries("quiz_choice")
    done = settled(question, picks)
    st.markdown(f"#### {question.prompt}")
    st.radio(
        "Your answer",
        range(len(question.options)),
        format_func=question.options.__getitem__,
        index=None,
        key="quiz_choice",
        disabled=done,
    )
    if not done:
        st.button(
            "Check",
            key="quiz_check",
            on_click=check_choice,
            type="primary",
            disabled=state.quiz_choice is None or state.quiz_choice in picks,
        )
    verdict(question, picks)
    if picks:
        teaching_link(question.page)
    if done:
        st.button("Next question", key="quiz_next", on_click=new_choice_question, type="primary")


def numeric():
    """A question with fresh numbers of the chosen kind, a box for the answer, its verdict, New numbers."""
    link_radio(
        "Kind of question",
        "qkind",
        KINDS,
        KINDS.get,
        widget=st.selectbox,
        on_change=new_numeric_question,
        args=(settings.units,),
    )
    if "quiz_numeric" not in state:
        new_numeric_question(settings.units)
    question, result = state.quiz_numeric, state.quiz_result
    st.markdown(f"#### {question.prompt}")
    with st.form("quiz_numeric_form", border=False):
        st.text_input(
            f"Your answer ({question.unit or 'a number'})",
            key="quiz_typed",
            placeholder="for example 1.52",
            max_chars=40,
        )
        st.caption(grading_rule(question.prompt))
        st.form_submit_button("Check", on_click=check_numeric, type="primary", disabled=result is not None)
    if state.quiz_problem:
        st.warning(state.quiz_problem, icon=":material/edit_note:")
    if result is not None:
        value, right = result
        (st.success if right else st.error)(numeric_verdict(value, right, question))
        st.info(question.solution, icon=":material/calculate:")
        teaching_link(question.page)
    st.button(
        "New numbers",
        key="quiz_new_numbers",
        on_click=new_numeric_question,
        args=(settings.units,),
        type="primary" if result is not None else "secondary",
    )


def predict_then_reveal():
    """A prediction as bars beside a slider for the guess; Reveal shows the loss and how it is worked out."""
    if "quiz_scenario" not in state:
        new_scenario()
    scenario, revealed = state.quiz_scenario, state.quiz_revealed
    figure_col, guess_col = st.columns(2, gap="large")
    with figure_col:
        chart(
            scenario_figure(scenario, presenter=settings.present),
            key="quiz_scenario_chart",
            table=lambda: scenario_table(scenario),
            alt=scenario_alt(scenario),
        )
    with guess_col:
        st.markdown(lesson("quiz", "Guess", {"true_name": scenario.classes[scenario.true_class]}))
        guess = st.slider(
            f"Your guess ({settings.units})", 0.0, 6.0, 1.0, 0.05, key="quiz_guess", disabled=revealed
        )
        if not revealed:
            st.button("Reveal", key="quiz_reveal", on_click=reveal, type="primary")
    if revealed:
        loss = scenario_loss(scenario, base=settings.base)
        guess_metric, loss_metric = st.columns(2)
        guess_metric.metric("Your guess", format_loss(guess, settings.units, decimals=GUESS_DECIMALS))
        loss_metric.metric("The loss", format_loss(loss, settings.units))
        st.info(
            judge_guess(guess, loss, unit=settings.units, guess_decimals=GUESS_DECIMALS)[1],
            icon=":material/target:",
        )
        st.latex(scenario_latex(scenario, units=settings.units))
        st.button("New scenario", key="quiz_new_scenario", on_click=new_scenario, type="primary")


def page_body():
    score = score_line()
    mode = link_radio("Kind of quiz", "qmode", MODES, MODES.get, horizontal=True)
    if mode == "choice" and QUESTIONS:
        multiple_choice()
    elif mode == "numeric":
        numeric()
    elif mode == "predict":
        predict_then_reveal()
    lesson_text("quiz", settings, lesson_values(len(QUESTIONS), score))


live(page_body)
show_code(check_numeric_answer, parse_answer)
share_link(settings)
