"""The course: every lesson ends with Previous/Next links in teaching order, a "you can now" line and a
checkpoint whose questions grade right and wrong answers as the quiz bank says, with one more try after a
wrong one."""

import pytest
from helpers import after_a_guess

from catalogue import COURSE, PAGES
from content.quiz_bank import load_questions

# The teaching order written out by hand, so that a change to the catalogue's order must be made here too.
ORDER = ["", "binary", "multiclass", "ce-vs-mse", "training", "information", "sequences", "numerics",
         "variants", "data", "misconceptions"]  # fmt: skip
LESSONS = [entry for entry in PAGES if entry.slug in COURSE]


def course_links(app):
    """{'Previous': target slug, 'Next': target slug} of the page's course links (not the sidebar's)."""
    links = {}
    for link in app.get("page_link"):
        label = link.proto.label
        for word in ("Previous", "Next", "The course is done"):
            if label.startswith(word):
                links[word] = link.proto.page
    return links


def test_the_lessons_are_the_catalogues_teaching_pages_in_order():
    assert [entry.slug for entry in LESSONS] == ORDER
    assert [entry.slug for entry in PAGES if entry.teaches] == ORDER


@pytest.mark.parametrize("index", range(len(ORDER)), ids=[slug or "home" for slug in ORDER])
def test_every_lesson_links_to_its_neighbours_and_says_what_the_learner_can_now_do(open_page, index):
    entry = LESSONS[index]
    app = open_page(entry.path, depth="Medium")
    assert not app.exception
    links = course_links(app)
    assert links.get("Previous") == (ORDER[index - 1] if index > 0 else None)
    if index + 1 < len(ORDER):
        assert links.get("Next") == ORDER[index + 1]
    else:
        assert "Next" not in links and links["The course is done"] == "quiz"
    texts = " ".join(element.value for element in app.markdown)
    assert "You can now" in texts
    captions = " ".join(element.value for element in app.caption)
    assert f"about {COURSE[entry.slug].minutes} minutes" in captions


@pytest.mark.parametrize("path", ["pages/quiz.py", "pages/flashcards.py", "pages/notation.py"])
def test_pages_off_the_course_have_no_course_links(open_page, path):
    app = open_page(path)
    assert not course_links(app)
    assert not [radio for radio in app.radio if radio.key.startswith("checkpoint_")]


@pytest.mark.parametrize("index", range(len(ORDER)), ids=[slug or "home" for slug in ORDER])
def test_checkpoints_grade_right_and_wrong_answers(open_page, index):
    entry = LESSONS[index]
    bank = [question for question in load_questions() if question.page == entry.lesson]
    assert len(bank) >= 2, f"{entry.lesson} needs at least two checkpoint questions in the quiz bank"
    app = after_a_guess(open_page(entry.path), entry.slug)  # /multiclass's checkpoint waits for its guess
    radios = [radio for radio in app.radio if radio.key.startswith("checkpoint_")]
    assert 2 <= len(radios) <= 3
    for radio, question in zip(radios, bank, strict=False):
        shown = list(radio.options)  # the texts; the radio's values are their positions
        right_text = question.options[question.answer]
        assert sorted(shown) == sorted(question.options), "every option of the bank's question is offered"
        right = shown.index(right_text)
        wrong = next(index for index, text in enumerate(shown) if text != right_text)
        wrong_text = shown[wrong]
        radio.set_value(wrong).run()
        warnings = " ".join(element.value for element in app.warning)
        assert question.reasons[question.options.index(wrong_text)] in warnings
        assert "one more try" in warnings and "#why-" in warnings, "a wrong answer links back"
        assert right_text not in " ".join(element.value for element in app.info), "not given away yet"
        radio = app.radio(key=radio.key)
        radio.set_value(right).run()
        successes = " ".join(element.value for element in app.success)
        assert question.reasons[question.answer] in successes
        assert app.radio(key=radio.key).disabled, "a settled question is locked"
        assert not app.exception


def test_a_second_wrong_checkpoint_answer_shows_the_right_one(open_page):
    app = after_a_guess(open_page("pages/binary.py"), "binary")  # its checkpoint waits for the guess
    question = next(question for question in load_questions() if question.page == "binary")
    radio = next(radio for radio in app.radio if radio.key.startswith("checkpoint_"))
    shown = list(radio.options)
    wrong = [index for index, text in enumerate(shown) if text != question.options[question.answer]]
    radio.set_value(wrong[0]).run()
    checkpoint_errors = lambda: [e.value for e in app.error if "Not this time" not in e.value]  # noqa: E731
    assert not checkpoint_errors(), "the first wrong answer gets one more try"
    app.radio(key=radio.key).set_value(wrong[1]).run()
    assert question.reasons[question.options.index(shown[wrong[1]])] in checkpoint_errors()[0]
    info = " ".join(element.value for element in app.info)
    assert question.options[question.answer] in info and "#why-" in info
    assert app.radio(key=radio.key).disabled
