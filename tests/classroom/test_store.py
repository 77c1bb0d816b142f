"""The store alone, on SQLite and PostgreSQL: every action, every refusal, the counts, the clean-up.

Each test runs on a fresh SQLite file and on a real PostgreSQL: CEE_TEST_DATABASE_URL (with
CEE_TEST_POSTGRES_DIR, the cluster's folder, for the restart test), as .ci/run exports them, or else a
throwaway cluster this starts with .ci/postgres. Without a PostgreSQL server its tests are skipped with a
loud reason, and under CI=true they fail.
"""

import math
import os
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import time

import pytest
import sqlalchemy as sa
from helpers import ROOT, _free_port

from classroom import names, store
from classroom.schema import SCHEMA_VERSION, answers, classes, meta, metadata, students, version


def _class_with(engine, count):
    """A class with `count` students and one open question: (code, key, question id, student ids)."""
    code, key = store.start_class(engine)
    ids = [store.join(engine, code)[0] for _ in range(count)]
    return code, key, store.ask(engine, code, key, "predict/binary"), ids


def test_the_schema_is_versioned_and_migrating_twice_changes_nothing(database):
    engine, url = database
    assert version(engine) == SCHEMA_VERSION
    store.connect(url).dispose()  # a second replica starting on the same database
    assert version(engine) == SCHEMA_VERSION


def test_a_version_1_database_gains_the_questions_units_and_its_old_questions_read_as_nats(database):
    engine, url = database
    code, key, question, _ = _class_with(engine, 1)
    with engine.begin() as connection:  # back to version 1: no units column
        connection.execute(sa.text("ALTER TABLE cee_questions DROP COLUMN units"))
        connection.execute(meta.update().where(meta.c.name == "schema").values(value=1))
    assert version(engine) == 1
    store.connect(url).dispose()  # a replica of the new version starts
    assert version(engine) == SCHEMA_VERSION == 2
    assert store.state(engine, code) == store.State(code, False, question, "predict/binary", False, "nats")
    store.ask(engine, code, key, "plan/sure-and-right", units="bits")
    assert store.state(engine, code).units == "bits"


def test_a_question_keeps_the_units_the_teacher_asked_it_in(engine):
    code, key = store.start_class(engine)
    store.ask(engine, code, key, "plan/sure-and-right", units="bits")
    assert store.state(engine, code).units == "bits"
    store.reveal(engine, code, key)
    assert store.state(engine, code).units == "bits", "the reveal is shown in the units it was asked in"
    store.ask(engine, code, key, "plan/sure-and-right")
    assert store.state(engine, code).units == "nats"
    with pytest.raises(ValueError, match="units"):
        store.ask(engine, code, key, "plan/sure-and-right", units="hartleys")


def test_a_class_starts_with_a_code_without_look_alikes_and_a_long_key(engine):
    code, key = store.start_class(engine)
    assert len(code) == 6 and not set(code) & set("0O1IL")
    assert len(key) * 6 >= 128 and code not in key
    with engine.connect() as connection:
        stored = connection.execute(sa.select(classes.c.key_hash)).scalar_one()
    assert key not in stored and stored == names.key_hash(key), "only the key's hash is stored"
    assert store.state(engine, code) == store.State(code, False, None, None, False)


def test_joining_gives_an_anonymous_name_and_a_nickname_replaces_it(engine):
    code, _ = store.start_class(engine)
    student, name = store.join(engine, code)
    adjective, animal = name.split(" ")
    assert adjective in names.ADJECTIVES and animal in names.ANIMALS
    assert store.rename(engine, student, " Ada\x00\u202e  L. ") == "Ada L."
    assert store.roster(engine, code) == ("Ada L.",)


@pytest.mark.parametrize("nickname", ["", "\x07\x1b", "x" * 25, "a" * 10_000])
def test_an_empty_or_overlong_nickname_is_refused(engine, nickname):
    code, _ = store.start_class(engine)
    student, name = store.join(engine, code)
    with pytest.raises(ValueError, match="nickname"):
        store.rename(engine, student, nickname)
    assert store.roster(engine, code) == (name,)


def test_unknown_and_ended_codes_are_refused_with_a_message(engine):
    with pytest.raises(store.ClassError, match="no class with the code ABCDEF"):
        store.join(engine, "ABCDEF")
    code, key = store.start_class(engine)
    store.end(engine, code, key)
    with pytest.raises(store.ClassError, match="has ended"):
        store.join(engine, code)
    assert store.state(engine, code).ended


@pytest.mark.parametrize("action", ["ask", "reveal", "end", "delete"])
@pytest.mark.parametrize("key", [None, "", "the code itself", "a wrong key"])
def test_no_teacher_action_without_the_teacher_key(engine, action, key):
    code, right_key, question, ids = _class_with(engine, 1)
    store.answer(engine, ids[0], question, choice=1)
    arguments = (code, code if key == "the code itself" else key) + (
        ("predict/x",) if action == "ask" else ()
    )
    with pytest.raises(store.ClassError, match="Only the teacher"):
        getattr(store, action)(engine, *arguments)
    assert store.state(engine, code) == store.State(code, False, question, "predict/binary", False)
    assert store.tally(engine, question).count == 1


def test_a_second_answer_replaces_the_first_and_counts_once(engine):
    code, key, question, (ada, bob) = _class_with(engine, 2)
    store.answer(engine, ada, question, choice=0)
    store.answer(engine, ada, question, choice=2)
    store.answer(engine, bob, question, choice=2)
    assert store.tally(engine, question) == store.Tally(2, {2: 2}, ())
    assert store.my_answer(engine, ada, question) == (2, None)


@pytest.mark.parametrize("number", [math.inf, -math.inf, math.nan])
def test_a_number_that_is_not_finite_is_refused(engine, number):
    _, _, question, (ada,) = _class_with(engine, 1)
    with pytest.raises(store.ClassError, match="finite"):
        store.answer(engine, ada, question, number=number)
    assert store.tally(engine, question).count == 0


def test_answers_close_on_reveal_on_a_new_question_and_on_end(engine):
    code, key, first, (ada,) = _class_with(engine, 1)
    store.answer(engine, ada, first, number=0.25)
    store.reveal(engine, code, key)
    assert store.state(engine, code).revealed
    with pytest.raises(store.Revealed, match="closed: its answer was revealed"):
        store.answer(engine, ada, first, number=3.0)
    second = store.ask(engine, code, key, "plan/sure-and-right")
    assert store.state(engine, code) == store.State(code, False, second, "plan/sure-and-right", False)
    with pytest.raises(store.ClassError, match="closed: the teacher has asked another one"):
        store.answer(engine, ada, first, number=3.0)
    store.end(engine, code, key)
    with pytest.raises(store.ClassError, match="ended"):
        store.answer(engine, ada, second, number=3.0)
    assert store.tally(engine, first) == store.Tally(1, {}, (0.25,))


def test_an_answer_after_the_reveal_is_told_so_and_the_answer_acknowledged_before_stays_counted(engine):
    """Review S2: an answer racing the reveal gets the true reason (revealed, not "moved on"), and the
    student's earlier, acknowledged answer is what the tally keeps."""
    code, key, question, (ada, bob) = _class_with(engine, 2)
    store.answer(engine, ada, question, choice=1)
    store.reveal(engine, code, key)
    for student in (ada, bob):
        with pytest.raises(store.Revealed, match="revealed before this answer arrived") as refused:
            store.answer(engine, student, question, choice=2)
        assert "moved on" not in str(refused.value) and "another" not in str(refused.value)
    assert store.tally(engine, question) == store.Tally(1, {1: 1}, ())
    assert store.my_answer(engine, ada, question) == (1, None)
    assert store.my_answer(engine, bob, question) is None
    store.ask(engine, code, key, "plan/sure-and-right")
    with pytest.raises(store.ClassError, match="asked another one") as refused:
        store.answer(engine, ada, question, choice=2)
    assert not isinstance(refused.value, store.Revealed), "another question was asked since"


def test_delete_removes_every_row_of_the_class_and_no_other(engine):
    code, key, question, (ada,) = _class_with(engine, 1)
    other, _, other_question, (bob,) = _class_with(engine, 1)
    store.answer(engine, ada, question, choice=1)
    store.answer(engine, bob, other_question, choice=1)
    store.record_checkpoint(engine, ada, "binary/1", 2, False)
    store.delete(engine, code, key)
    assert store.state(engine, code) is None and store.roster(engine, code) == ()
    assert store.tally(engine, question).count == 0 and store.checkpoint_tallies(engine, code) == {}
    assert store.tally(engine, other_question).count == 1


def test_checkpoints_count_right_answers_and_name_the_most_chosen_wrong_one(engine):
    code, _, _, ids = _class_with(engine, 4)
    for student, choice in zip(ids, (0, 2, 2, 1), strict=True):
        store.record_checkpoint(engine, student, "binary/1", choice, choice == 0)
    store.record_checkpoint(engine, ids[3], "binary/1", 0, True)  # a second try replaces the first
    store.record_checkpoint(engine, "not a student", "binary/1", 1, False)  # outside any class: not kept
    answered, right, wrong = store.checkpoint_tallies(engine, code)["binary/1"]
    assert (answered, right, wrong.most_common(1)) == (4, 2, [(2, 2)])


def test_idle_classes_end_after_the_idle_period_and_are_deleted_after_the_keep_period(engine):
    code, _ = store.start_class(engine, now=0)
    fresh, _ = store.start_class(engine, now=11 * 3600)
    store.housekeeping(engine, now=12 * 3600 + 1, idle_hours=12, keep_days=7)
    assert store.state(engine, code).ended and not store.state(engine, fresh).ended
    store.housekeeping(engine, now=12 * 3600 + 7 * 86400 + 2, idle_hours=12, keep_days=7)
    assert store.state(engine, code) is None and store.state(engine, fresh).ended


def test_concurrent_answers_are_all_kept(engine):
    """100 students answering at once from 10 threads: 100 stored, none lost, none twice."""
    _, _, question, ids = _class_with(engine, 100)
    errors = []

    def answer_all(chunk):
        for index, student in chunk:
            try:
                store.answer(engine, student, question, choice=index % 3)
            except store.ClassError as error:
                errors.append(error)

    threads = [threading.Thread(target=answer_all, args=(list(enumerate(ids))[i::10],)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.tally(engine, question) == store.Tally(100, {0: 34, 1: 33, 2: 33}, ())


def test_a_locked_sqlite_file_says_unavailable_and_works_again_once_free(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "classes.sqlite"
    engine = store.connect(f"sqlite:///{path}")
    code, key, question, (ada,) = _class_with(engine, 1)
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    started = time.monotonic()
    with pytest.raises(store.Unavailable, match="not answering"):
        store.answer(engine, ada, question, choice=1)
    assert time.monotonic() - started < 10, "the notice comes within seconds"
    locker.execute("ROLLBACK")
    store.answer(engine, ada, question, choice=1)
    assert store.tally(engine, question).count == 1
    with engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(students)).scalar() == 1
    locker.close()
    engine.dispose()


def test_a_postgresql_restart_in_mid_poll_loses_no_acknowledged_answer(postgres):
    url, folder = postgres
    if folder is None:
        pytest.skip("CEE_TEST_POSTGRES_DIR is not set, so this run cannot restart the server")
    engine = store.connect(url)
    try:
        code, key, question, ids = _class_with(engine, 3)
        store.answer(engine, ids[0], question, choice=1)  # acknowledged before the restart
        subprocess.run([ROOT / ".ci" / "postgres", "restart", folder], check=True)
        for _ in range(50):  # the phone's poll: a notice while the server is away, then the same state
            try:
                polled = store.state(engine, code)
                break
            except store.Unavailable:
                time.sleep(0.2)
        assert polled.question_id == question
        store.answer(engine, ids[1], question, choice=2)
        assert store.tally(engine, question) == store.Tally(2, {1: 1, 2: 1}, ())
        with engine.connect() as connection:
            assert connection.execute(sa.select(sa.func.count()).select_from(answers)).scalar() == 2
    finally:
        with engine.begin() as connection:
            metadata.drop_all(connection)
        engine.dispose()


# --- The databases ---


POSTGRES = ROOT / ".ci" / "postgres"


def _missing(message):
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip("POSTGRESQL TESTS SKIPPED. " + message)


def _own_database(url, worker):
    """The URL of a fresh database `cee_test_<worker>` on the server at `url`, so that pytest-xdist workers
    never drop each other's tables (the restart test still restarts the whole cluster: keep this file on one
    worker, as --dist loadfile does)."""
    name, url = f"cee_test_{worker}", sa.make_url(url)
    server = sa.create_engine(url.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres():
    """(database URL, cluster folder) of a running PostgreSQL; a database of its own per xdist worker."""
    if os.environ.get("CEE_TEST_DATABASE_URL"):
        url, worker = os.environ["CEE_TEST_DATABASE_URL"], os.environ.get("PYTEST_XDIST_WORKER")
        yield (_own_database(url, worker) if worker else url), os.environ.get("CEE_TEST_POSTGRES_DIR")
        return
    folder = tempfile.mkdtemp(prefix="cee-postgres-")
    started = subprocess.run([POSTGRES, "start", folder, str(_free_port())], capture_output=True, text=True)
    if started.returncode:
        shutil.rmtree(folder, ignore_errors=True)
        _missing(f"Could not start PostgreSQL with .ci/postgres: {started.stderr.strip()[-300:]}")
    yield started.stdout.strip(), folder
    subprocess.run([POSTGRES, "stop", folder], check=False)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """(engine, URL) of an empty store, once in a fresh SQLite file and once in PostgreSQL."""
    url = f"sqlite:///{tmp_path / 'classes.sqlite'}"
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres")[0]
    engine = store.connect(url)
    yield engine, url
    with engine.begin() as connection:
        metadata.drop_all(connection)
    engine.dispose()


@pytest.fixture
def engine(database):
    return database[0]
