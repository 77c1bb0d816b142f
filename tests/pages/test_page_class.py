"""Class mode in AppTest: a teacher and students, each an AppTest session, sharing one store (the SQLite file
in CEE_DATA_DIR); every refusal, the ask-answer-reveal loop, checkpoints, and a database that is down."""

import math
import time

import pytest
from helpers import after_a_guess, plotly_chart

from catalogue import page
from classroom import names
from ui import class_store

CLASS = page("class").path


def texts(app):
    """Every piece of text the session shows (markdown, text, captions, notices, metrics, code)."""
    kinds = ("markdown", "text", "caption", "info", "success", "warning", "error", "code", "title")
    shown = [str(element.value) for kind in kinds for element in app.get(kind)]
    return shown + [f"{metric.label} {metric.value}" for metric in app.metric]


def submit(app, label):
    next(button for button in app.button if button.label == label).click().run()
    return app


def wait_for_poll(*apps):
    """Let the shared one-second read expire, then run each phone as its fragment would."""
    time.sleep(1.1)
    for app in apps:
        app.run()


@pytest.fixture
def teacher(open_page):
    app = open_page(CLASS)
    app.button(key="class_start").click().run()
    assert not app.exception
    return app


@pytest.fixture
def join(open_page, teacher):
    """join(): a new phone in the teacher's class, by its join link."""

    def _join():
        phone = open_page(CLASS, join=teacher.session_state["class_code"])
        assert not phone.exception and phone.session_state["class_role"] == "student"
        return phone

    return _join


def ask(teacher, key):
    teacher.selectbox(key="class_pick").set_value(key).run()
    teacher.button(key="class_ask").click().run()
    assert not teacher.exception


def answer(phone, value):
    (number,) = [box for box in phone.text_input if box.key.startswith("class_number")] or [None]
    if number is None:
        (choice,) = [radio for radio in phone.radio if radio.key.startswith("class_choice")]
        choice.set_value(value)
    else:
        number.set_value(value)
    return submit(phone, "Send my answer")


def test_start_a_class_shows_the_code_the_join_link_and_a_qr_code(teacher):
    code, key = teacher.session_state["class_code"], teacher.session_state["class_key"]
    assert names.normalise_code(code) == code
    shown = " ".join(texts(teacher))
    assert f"/class?join={code}**" in shown and f"Code: {code}" in shown
    assert len(teacher.get("image")) == 1, "the QR code"
    assert "teacher" not in teacher.query_params, "the key never sits in the projected address bar"
    assert [element.value for element in teacher.code if key in element.value], "the teacher link holds it"


def test_students_join_by_link_and_by_typed_code_and_never_see_the_key(open_page, teacher, join):
    code, key = teacher.session_state["class_code"], teacher.session_state["class_key"]
    by_link = join()
    by_code = open_page(CLASS)
    by_code.text_input(key="class_typed_code").set_value(f" {code[:3].lower()}-{code[3:]} ")
    submit(by_code, "Join")
    for phone in (by_link, by_code):
        assert phone.session_state["class_code"] == code
        assert "Waiting for the teacher to ask a question…" in texts(phone)
        assert not any(key in text for text in texts(phone)) and key not in str(phone.query_params)
        assert not [button for button in phone.button if button.label in ("Ask the class", "Reveal")]
    teacher.run()
    assert "Students joined 2" in texts(teacher)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("ABC", "six letters and digits"),
        ("**<b>x</b>", "six letters and digits"),
        ("0OIL1A", "six letters and digits"),
        ("ABCDEF", "no class with the code ABCDEF"),
    ],
)
def test_a_bad_or_unknown_code_gets_a_clear_message(open_page, typed, message):
    phone = open_page(CLASS)
    phone.text_input(key="class_typed_code").set_value(typed)
    submit(phone, "Join")
    assert not phone.exception
    assert any(message in error.value for error in phone.error), [error.value for error in phone.error]
    assert "class_role" not in phone.session_state


def test_an_ended_class_refuses_new_students(open_page, teacher):
    teacher.button(key="class_end").click().run()
    phone = open_page(CLASS, join=teacher.session_state["class_code"])
    assert any("has ended" in error.value for error in phone.error)
    assert "class_role" not in phone.session_state


def test_wrong_codes_are_limited_per_session(open_page, teacher):
    phone = open_page(CLASS)
    for _ in range(5):
        phone.text_input(key="class_typed_code").set_value("ABCDEF")
        submit(phone, "Join")
    phone.text_input(key="class_typed_code").set_value(teacher.session_state["class_code"])
    submit(phone, "Join")
    assert any("Too many wrong codes" in error.value for error in phone.error)
    assert "class_role" not in phone.session_state, "even the right code waits"


@pytest.mark.parametrize("nickname", ["<b>B</b> **m** [x](j:a)", "Ada\x00\x1b[31m\u202e"])
def test_a_hostile_nickname_is_shown_as_plain_text(join, nickname):
    phone = join()
    phone.text_input(key="class_nickname").set_value(nickname)
    submit(phone, "Use this name")
    kept = names.clean_nickname(nickname)
    assert not phone.exception and f"Class {phone.session_state['class_code']} · you are {kept}" in [
        element.value for element in phone.text
    ], "st.text: never HTML or Markdown"
    assert all(ord(char) >= 32 and char != "\u202e" for char in phone.session_state["class_name"])


def test_a_ten_thousand_character_nickname_is_refused(join):
    phone = join()
    phone.text_input(key="class_nickname").set_value("a" * 10_000)
    submit(phone, "Use this name")
    assert any("at most 24 characters" in error.value for error in phone.error)
    assert len(phone.session_state["class_name"]) <= 24


def test_a_teacher_link_with_a_wrong_key_gives_no_teacher_controls(open_page, teacher):
    code = teacher.session_state["class_code"]
    phone = open_page(CLASS, join=code, teacher=names.new_key())
    assert any("key does not belong" in error.value for error in phone.error)
    assert phone.session_state["class_role"] == "student"
    assert not [button for button in phone.button if button.label in ("Ask the class", "Reveal", "End class")]


def test_a_teacher_link_lets_another_tab_take_over(open_page, teacher):
    code, key = teacher.session_state["class_code"], teacher.session_state["class_key"]
    projector = open_page(CLASS, join=code, teacher=key)
    assert projector.session_state["class_role"] == "teacher"
    assert "teacher" not in projector.query_params


@pytest.mark.parametrize(
    "typed, message",
    [
        ("inf", "finite"),
        ("nan", "finite"),
        ("1e400", "finite"),
        ("-1", "from 0 to 1000"),
        ("ten", "Type a number"),
    ],
)
def test_a_number_that_is_not_finite_or_out_of_range_is_refused(teacher, join, typed, message):
    phone = join()
    ask(teacher, "plan/sure-and-right")
    wait_for_poll(phone)
    answer(phone, typed)
    assert not phone.exception
    assert any(message in error.value for error in phone.error), [error.value for error in phone.error]
    teacher.run()
    assert "Answers 0 answers" in texts(teacher)


def test_ask_answer_change_reveal_end_and_delete(teacher, join):
    right, wrong = join(), join()
    code = teacher.session_state["class_code"]
    ask(teacher, "plan/sure-and-wrong")
    assert teacher.selectbox(key="class_pick").value == "plan/from-scores-to-probabilities", "the next step"
    wait_for_poll(right, wrong)
    assert "Now a genuine email, not spam, gets 98 % spam." in " ".join(texts(right))
    assert "real email" not in " ".join(texts(right)), "review S3: not to be read as a real spam email"
    answer(right, 0)
    answer(right, 2)  # a second answer replaces the first
    answer(wrong, 0)
    teacher.run()
    assert "Answers 2 answers" in texts(teacher)
    assert not any("far more than ten times" in text and "✓" in text for text in texts(teacher))
    teacher.button(key="class_reveal").click().run()
    wait_for_poll(right, wrong)
    assert any(text.startswith("**Right.**") for text in texts(right))
    assert any(text.startswith("**Not this time.**") and "about twice" in text for text in texts(wrong))
    (link,) = [link for link in right.get("page_link") if link.label.startswith("Open ")]
    assert link.label == "Open Binary cross-entropy" and "at this answer" not in link.label
    teacher.button(key="class_end").click().run()
    wait_for_poll(right)
    assert any("has ended" in text for text in texts(right))
    teacher.button(key="class_delete").click().run()
    assert "class_role" not in teacher.session_state
    assert [note.value for note in teacher.success] == [f"Class {code} and every answer in it are deleted."]
    wait_for_poll(wrong)
    assert any("answers deleted" in text for text in texts(wrong))


def test_after_the_reveal_a_phone_says_so_shows_both_answers_in_the_units_and_offers_no_send(open_page):
    """Review S2: once revealed, a phone says so, shows the right answer and the student's own in the unit
    the question is asked in, and has no Send button (nor the form's "until the reveal")."""
    teacher = open_page(CLASS, units="bits")
    teacher.button(key="class_start").click().run()
    code = teacher.session_state["class_code"]
    answered, silent = open_page(CLASS, join=code), open_page(CLASS, join=code)
    ask(teacher, "plan/sure-and-right")
    wait_for_poll(answered, silent)
    answer(answered, "0.5")
    assert any(text.startswith("Your answer is in: **0.5 bits**.") for text in texts(answered))
    teacher.button(key="class_reveal").click().run()
    wait_for_poll(answered, silent)
    right = f"{-math.log2(0.9):.3g} bits"
    for phone in (answered, silent):
        shown = " ".join(texts(phone))
        assert "**The answer has been revealed**" in shown, texts(phone)
        assert not [button for button in phone.button if button.label == "Send my answer"]
        assert "until the reveal" not in shown and "moved on" not in shown
    assert f"**Not this time.** You guessed **0.5 bits**; the answer is **{right}**." in texts(answered)
    assert f"You did not answer this one. The answer: **{right}**." in texts(silent)


def test_a_send_that_races_the_reveal_is_told_so_and_the_answer_acknowledged_before_stays_counted(
    teacher, join
):
    """Review S2: a phone still showing the form sends after the teacher's Reveal. It is told the answer came
    after the reveal (not "moved on"), sees the revealed answer at once, without Send, and the count keeps the
    answer it had acknowledged before."""
    changed, first = join(), join()
    ask(teacher, "plan/sure-and-wrong")
    wait_for_poll(changed, first)
    answer(changed, 0)  # acknowledged: about twice as big
    teacher.button(key="class_reveal").click().run()
    answer(changed, 2)  # both phones still show the form they drew before the reveal
    answer(first, 2)
    for _ in range(2):  # at once, and on every poll after it
        for phone in (changed, first):
            shown = " ".join(texts(phone))
            assert not phone.exception and "moved on" not in shown
            assert "**The answer has been revealed**" in shown, texts(phone)
            assert not [button for button in phone.button if button.label == "Send my answer"]
        late = "Your answer **far more than ten times as big** arrived after the reveal, so "
        assert f"{late}your answer before it, **about twice as big**, is the one counted." in texts(changed)
        assert any(
            text.startswith("**Not this time.** You answered **about twice as big**")
            for text in texts(changed)
        )
        assert f"{late}it was not counted." in texts(first)
        assert "The answer: **far more than ten times as big**." in texts(first)
        wait_for_poll(changed, first)
    teacher.run()
    assert "Answers 1 answer" in texts(teacher)
    state = class_store.store.state(class_store.engine(), teacher.session_state["class_code"])
    assert class_store.store.tally(class_store.engine(), state.question_id).choices == {0: 1}


STUDENT_LINE = "Answer on your phone; the answers appear on the projector."
PAGE_LINE = (
    "The class answers on their phones, and the projector shows what the class thinks, then the answer."
)


def test_a_phone_opens_with_the_students_own_line_and_the_projector_with_the_pages(open_page, teacher, join):
    """Review S3: the page's first line speaks to the teacher; a student's phone has its own."""
    phone = join()
    assert phone.markdown[0].value == STUDENT_LINE and PAGE_LINE not in texts(phone)
    following = open_page(CLASS, join=teacher.session_state["class_code"])
    assert following.markdown[0].value == STUDENT_LINE, "after the join link's own rerun too"
    teacher.run()
    for projector in (teacher, open_page(CLASS)):  # the projector and the lobby
        assert projector.markdown[0].value == PAGE_LINE and STUDENT_LINE not in texts(projector)


def test_the_class_answers_chart_says_in_words_what_it_draws_before_and_after_the_reveal(teacher, join):
    """Review S2: the projector's chart has an alt sentence from its own numbers: how many answered, the count
    per option (or per bar), and after the reveal which answer is right."""
    phones = [join() for _ in range(3)]
    ask(teacher, "plan/sure-and-wrong")
    wait_for_poll(*phones)
    teacher.run()
    assert plotly_chart(teacher, "class_spread").proto.alt.startswith(
        "Bars of what the class answered, 0 answers in all: “about twice as big” 0,"
    )
    for phone, choice in zip(phones, (2, 0, 2), strict=True):
        answer(phone, choice)
    teacher.run()
    counts = "“about twice as big” 1, “about ten times as big” 0, “far more than ten times as big” 2."
    hidden = plotly_chart(teacher, "class_spread").proto.alt
    assert (
        hidden
        == f"Bars of what the class answered, 3 answers in all: {counts} The right answer is not shown yet."
    )
    teacher.button(key="class_reveal").click().run()
    assert plotly_chart(teacher, "class_spread").proto.alt == (
        f"Bars of what the class answered, 3 answers in all: {counts} "
        "The right answer, marked ✓, is “far more than ten times as big”."
    )
    ask(teacher, "plan/from-scores-to-probabilities")
    wait_for_poll(*phones)
    for phone, typed in zip(phones, ("0.5", "0.66", "0.66"), strict=True):
        answer(phone, typed)
    teacher.run()
    alt = plotly_chart(teacher, "class_spread").proto.alt
    assert alt.startswith(
        "A histogram of the class's guesses of softmax's probability for dog (0 to 1), 3 guesses"
    )
    assert ": 1 from 0.5 to 0.513, 2 from 0.647 to 0.66." in alt and alt.endswith(
        "The answer is not shown yet."
    )
    teacher.button(key="class_reveal").click().run()
    alt = plotly_chart(teacher, "class_spread").proto.alt
    assert alt.endswith("2 from 0.647 to 0.66. The answer, marked by a line, is 0.659.")


@pytest.mark.parametrize(
    "key, typed, verdict",
    [
        ("plan/what-is-a-loss", "0", "**Right.** You guessed **0**"),
        ("plan/from-scores-to-probabilities", "0.66", "**Right.**"),  # e² / (e² + e + e^0.1) = 0.659
        ("plan/from-scores-to-probabilities", "0.65", "**Right.**"),  # within 0.01, the quiz's rule
        ("plan/from-scores-to-probabilities", "0.645", "**Not this time.**"),  # 2 / 3.1, the scores' shares
        ("plan/sure-and-right", "0.1", "**Right.** You guessed **0.1 nats**"),  # "Roughly": -ln 0.9 = 0.105
        ("plan/from-scores-to-probabilities", "0.5", "**Not this time.**"),
    ],
)
def test_a_number_is_right_or_wrong_by_what_separates_the_method(teacher, join, key, typed, verdict):
    phone = join()
    ask(teacher, key)
    wait_for_poll(phone)
    answer(phone, typed)
    teacher.button(key="class_reveal").click().run()
    wait_for_poll(phone)
    assert any(text.startswith(verdict) for text in texts(phone)), texts(phone)


@pytest.mark.parametrize(
    "units, typed, loss, log, other",
    [("nats", "0.1", -math.log(0.9), "ln", "bits"), ("bits", "0.15", -math.log2(0.9), "log₂", "nats")],
)
def test_the_teachers_units_decide_the_question_answer_explanation_and_grading_on_every_phone(
    open_page, units, typed, loss, log, other
):
    teacher = open_page(CLASS, units=units)
    teacher.button(key="class_start").click().run()
    phone = open_page(CLASS, join=teacher.session_state["class_code"])  # the phone's own setting: nats
    late = open_page(CLASS, join=teacher.session_state["class_code"])
    ask(teacher, "plan/sure-and-right")
    assert any(f"asked in {units}" in text for text in texts(teacher))
    wait_for_poll(phone, late)
    (box,) = [box for box in phone.text_input if box.key.startswith("class_number")]
    assert box.label == f"the loss, in {units}"
    rule = "A number counts as right within 0.01 or 20 % of the answer, whichever is larger"
    assert any(text.startswith(rule) for text in texts(phone)), "the rule, beside the box"
    assert any(text.startswith(rule) for text in texts(teacher)), "and on the projector"
    answer(phone, typed)
    answer(late, "0.1" if units == "bits" else "0.152")  # the number of the other unit
    teacher.button(key="class_reveal").click().run()
    wait_for_poll(phone, late)
    shown = " ".join(texts(phone))
    assert f"**Right.** You guessed **{typed} {units}**; the answer is **{loss:.3g} {units}**." in shown
    assert f"−{log}\u00a00.9 ≈ {loss:.3f} {units}" in shown and f" {other}" not in shown
    assert any(text.startswith("**Not this time.**") for text in texts(late))
    teacher.run()
    assert any(f"{loss:.3f} {units}" in text for text in texts(teacher)), "the projector, in the units"


def test_a_phone_shows_the_question_with_its_own_emphasis_not_one_bold_block(teacher, join):
    phone = join()
    ask(teacher, "predict/multiclass")
    wait_for_poll(phone)
    (prompt,) = [text for text in texts(phone) if "The photo is a" in text]
    assert prompt.startswith("The photo is a **cat**."), "the true class in bold, the rest plain"
    answer(phone, 1)
    teacher.button(key="class_reveal").click().run()
    wait_for_poll(phone)
    (prompt,) = [text for text in texts(phone) if "The photo is a" in text]
    assert prompt.startswith("The photo is a **cat**.")


def test_a_phone_after_reveal_explains_for_students_with_every_number_filled(teacher, join):
    phone = join()
    ask(teacher, "plan/why-not-squared-error")
    wait_for_poll(phone)
    answer(phone, 0)
    teacher.button(key="class_reveal").click().run()
    wait_for_poll(phone)
    shown = " ".join(texts(phone))
    q = 0.02
    assert f"2q(1 − q) = {2 * q * (1 - q):.3f} here: {1 / (2 * q * (1 - q)):.1f} times weaker" in shown
    assert "(cross-entropy's push is of its loss in nats; squared error's has no unit)" in shown
    assert "{{" not in shown and "{{" not in " ".join(texts(teacher))
    assert "Drag" not in shown and "Press Play" not in shown


def test_checkpoint_answers_reach_the_teachers_table(teacher, join):
    phone = join()
    phone = after_a_guess(phone.switch_page("pages/binary.py").run(), "binary")  # the checkpoint waits for it
    (radio,) = [radio for radio in phone.radio if radio.key == "checkpoint_binary_1"]
    from ui.course import checkpoint_questions

    question = checkpoint_questions("binary")[0]
    wrong = next(index for index in range(len(question.options)) if index != question.answer)
    radio.set_value(wrong).run()
    assert not phone.exception
    teacher.run()
    (table,) = teacher.dataframe
    row = table.value.iloc[0]
    assert (row["answered"], row["right"]) == (1, "0%")
    assert row["most chosen wrong option"] == question.options[wrong]


def test_a_database_that_is_down_gives_a_short_notice_and_the_lessons_keep_working(
    open_page, join, monkeypatch
):
    phone = join()
    monkeypatch.setenv("CEE_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    class_store._engine.clear()
    class_store.shared_state.clear()
    try:
        lobby = open_page(CLASS)
        lobby.button(key="class_start").click().run()
        phone.run()
        for down in (lobby, phone):
            assert not down.exception
            assert any("not answering just now" in warning.value for warning in down.warning)
        phone = after_a_guess(phone.switch_page("pages/binary.py").run(), "binary")  # opens the checkpoint
        phone.radio(key="checkpoint_binary_1").set_value(0).run()
        assert not phone.exception and any("did not receive" in caption.value for caption in phone.caption)
    finally:
        monkeypatch.delenv("CEE_DATABASE_URL")
        class_store._engine.clear()
    phone.run()
    assert not any("did not receive" in caption.value for caption in phone.caption)


def test_secrets_can_name_the_database(tmp_path, monkeypatch):
    """[connections.classroom] url in secrets.toml (st.connection's section), when no CEE_DATABASE_URL."""
    from helpers import ROOT
    from streamlit.testing.v1 import AppTest

    from classroom import store

    monkeypatch.delenv("CEE_DATABASE_URL", raising=False)
    url = f"sqlite:///{tmp_path / 'from-secrets.sqlite'}"
    class_store._engine.clear()
    try:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        app.secrets["connections"] = {"classroom": {"url": url}}
        app.run()
        app.switch_page(CLASS).run()
        app.button(key="class_start").click().run()
        assert not app.exception
        assert store.state(store.connect(url), app.session_state["class_code"]) is not None
    finally:
        class_store._engine.clear()


def test_a_plan_steps_reveal_on_the_projected_page_is_the_classs_reveal(teacher):
    from content.plan import route

    number, step = next((n, s) for n, s in enumerate(route(), start=1) if s.page.slug == "binary")
    ask(teacher, step.key)
    code = teacher.session_state["class_code"]
    assert not class_store.store.state(class_store.engine(), code).revealed
    teacher.switch_page(step.page.path)
    teacher.query_params["step"] = str(number)
    teacher.run()
    teacher.button(key="plan_reveal").click().run()
    assert not teacher.exception
    assert class_store.store.state(class_store.engine(), code).revealed, "the phones see the answer too"
