"""AppTest: /exercises shows the sheet its link asks for, reveals a worked solution a step at a time (or every
step, with Include solutions), in nats and in bits, falls back with a notice on a bad link, and the first
three lessons end with a link to their own sheet."""

import math

import pytest
from exercise_answers import UNITS, expected, shown_number
from helpers import reads_as

import catalogue
from lessons.exercises import problem_sheet

PAGE = "pages/exercises.py"
TITLES = {  # each sheet as its list, its heading and its back link name it
    "home": "Home — what a loss is",
    "binary": "Binary cross-entropy",
    "multiclass": "Softmax & multi-class",
}


def texts(app):
    return [element.value for element in app.markdown]


def shown_steps(app):
    """The solution steps the page shows, of every exercise."""
    return [text for text in texts(app) if text.startswith("**Step ")]


@pytest.mark.parametrize("lesson", catalogue.SHEETS)
@pytest.mark.parametrize("units", list(UNITS))
def test_a_sheet_shows_its_exercises_and_a_revealed_solutions_independent_numbers(open_page, lesson, units):
    app = open_page(PAGE, exsheet=lesson, exseed="42", units=units)
    assert not app.exception and not app.warning
    sheet = problem_sheet(lesson, 42, units)
    page_text = " ".join(texts(app))
    assert f"(sheet 42, in {units})" in page_text
    for number, exercise in enumerate(sheet.exercises, start=1):
        assert f"**{number}. {exercise.title}.** {exercise.prompt}" in page_text
    assert not shown_steps(app), "the solutions wait for their buttons"

    first = sheet.exercises[0]
    app.button(key=f"solution_{lesson}_1_next").click().run()
    assert shown_steps(app) == [f"**Step 1 of {len(first.steps)}.** {first.steps[0]}"]
    app.button(key=f"solution_{lesson}_1_all").click().run()
    revealed = " ".join(shown_steps(app))
    assert len(shown_steps(app)) == len(first.steps)
    assert app.button(key=f"solution_{lesson}_1_next").disabled
    for name, value in expected(first.kind, first.given, math.log(UNITS[units])).items():
        answer = first.answers[name]  # three decimals, or more where a later line computes with it
        assert answer in revealed, f"{lesson} exercise 1: {name} = {answer} is not in the revealed solution"
        assert reads_as(shown_number(answer, units), value), (lesson, name, answer, value)
    assert units in revealed and ("bits" if units == "nats" else "nats") not in first.answers.values()


def test_include_solutions_shows_every_step_of_every_exercise_and_no_button(open_page):
    app = open_page(PAGE, exsheet="multiclass", exseed="7", units="bits")
    app.toggle(key="exercise_solutions").set_value(True).run()
    sheet = problem_sheet("multiclass", 7, "bits")
    assert len(shown_steps(app)) == sum(len(exercise.steps) for exercise in sheet.exercises)
    assert not [button for button in app.button if button.key.startswith("solution_")]


def test_new_numbers_moves_the_seed_on_and_hides_the_steps_again(open_page):
    app = open_page(PAGE, exsheet="binary", exseed="5")
    app.button(key="solution_binary_2_all").click().run()
    assert shown_steps(app)
    app.button(key="exercise_new").click().run()
    assert app.slider(key="exseed").value == 6 and app.query_params["exseed"] in ("6", ["6"])
    assert "(sheet 6, in nats)" in " ".join(texts(app))
    assert not shown_steps(app), "other numbers start with their solutions hidden"


@pytest.mark.parametrize(
    "query", [{"exsheet": "<b>numerics</b>", "exseed": "12"}, {"exseed": "1e9"}, {"exseed": "**x**"}]
)
def test_a_bad_link_gives_a_notice_and_the_first_sheet_never_a_traceback(open_page, query):
    app = open_page(PAGE, **query)
    assert not app.exception
    notices = [warning.value for warning in app.warning]
    assert len(notices) == 1 and "is not usable here" in notices[0] and "<b>" not in notices[0]
    seed = query["exseed"] if "exsheet" in query else "1"
    assert f"Problem sheet: Home — what a loss is (sheet {seed}, in nats)" in " ".join(texts(app))


@pytest.mark.parametrize("slug", ["", "binary", "multiclass", "ce-vs-mse"])
def test_the_first_three_lessons_end_with_a_link_to_their_own_sheet(open_page, slug):
    app = open_page(catalogue.page(slug).path, units="bits")
    links = [link.proto for link in app.get("page_link") if link.proto.page == "exercises"]
    links = [link for link in links if "practise this lesson" in link.label]
    query = catalogue.sheet_query(slug)
    if query is None:
        assert not links
        return
    assert len(links) == 1
    assert links[0].query_string == f"units=bits&exsheet={query['exsheet']}"


@pytest.mark.parametrize("lesson", catalogue.SHEETS)
def test_the_sheet_says_what_it_practises_and_the_basic_text_names_the_buttons_it_shows(open_page, lesson):
    """'Problem sheet: Home' did not say what the Home sheet practises, and the basic text said to press Next
    step where the first button reads Solution: first step."""
    app = open_page(PAGE, exsheet=lesson, depth="basic")
    text = " ".join(texts(app))
    title = TITLES[lesson]
    assert f"Problem sheet: {title} (sheet 1, in nats)" in text
    links = [link.proto.label for link in app.get("page_link")]
    assert f"Back to the lesson: {title}" in links
    first = app.button(key=f"solution_{lesson}_1_next")
    assert f"press **{first.label}**" in text
    first.click().run()
    after = app.button(key=f"solution_{lesson}_1_next").label
    assert f"**{after}** for each step after it" in " ".join(texts(app))
