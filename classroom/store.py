"""Class mode's actions, one short function each, every one a single transaction with bound parameters.

`connect()` opens the store: the SQLite file in settings.data_dir() by default (WAL, a busy timeout), or the
PostgreSQL server of settings.database_url(). The same SQLAlchemy Core statements serve both. A database that
is locked or down raises Unavailable after a few quick retries; nothing is acknowledged before its commit.
"""

import functools
import math
import time
from collections import Counter
from typing import NamedTuple

import sqlalchemy as sa

from classroom import names, settings
from classroom.schema import UNITS, answers, checkpoints, classes, migrate, questions, students

BUSY_TIMEOUT_MS = 3000  # SQLite waits this long for another writer before it says "locked"
RETRIES = 4  # tries per action before Unavailable


class ClassError(Exception):
    """An action refused, with a message for the person who tried it."""


class Unavailable(ClassError):
    """The database is locked or not answering; the action may be tried again."""


class Revealed(ClassError):
    """An answer that arrived after its question's answer was revealed: not kept. The student's answer
    acknowledged before the reveal, if any, stays counted."""


class State(NamedTuple):
    """What a waiting phone needs: is the class open, which question is open, is its answer revealed, and
    the units the question is asked in."""

    code: str
    ended: bool
    question_id: int | None
    question_key: str | None
    revealed: bool
    units: str = "nats"


class Tally(NamedTuple):
    """The answers to one question: how many, the count per option, the numbers guessed."""

    count: int
    choices: Counter
    numbers: tuple


def connect(url=None, engine=None):
    """An engine on `url`, or settings.database_url(), or the SQLite file (or `engine`, made elsewhere, e.g.
    by st.connection); the schema brought up to date."""
    if engine is not None:
        _guarded(migrate)(engine)
        return engine
    url = url or settings.database_url()
    if url is None:
        folder = settings.data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{folder / 'classes.sqlite'}"
    url = sa.engine.make_url(url)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")  # psycopg 3, the driver requirements.txt installs
    if url.get_backend_name() == "sqlite":
        engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 3})
    _guarded(migrate)(engine)
    return engine


def _sqlite_pragmas(connection, _record):
    """WAL lets readers go on while one writer writes; the busy timeout makes a writer wait, not fail."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _guarded(action):
    """Run `action`, retrying a locked or lost database a few times; then raise Unavailable."""

    @functools.wraps(action)
    def guarded(*args, **kwargs):
        for attempt in range(RETRIES):
            try:
                return action(*args, **kwargs)
            except (sa.exc.OperationalError, sa.exc.InterfaceError) as error:
                if attempt == RETRIES - 1:
                    raise Unavailable(
                        "The class database is not answering just now; trying again."
                    ) from error
                time.sleep(0.05 * 2**attempt)

    return guarded


def _authorised(connection, code, key):
    """The class row of `code` when `key` is its teacher key; ClassError otherwise."""
    row = connection.execute(sa.select(classes).where(classes.c.code == code)).first()
    if row is None or not names.same_key(key or "", row.key_hash):
        raise ClassError(
            "Only the teacher who started this class can do that (the teacher link holds the key)."
        )
    return row


@_guarded
def is_teacher(engine, code, key):
    """Is `key` the teacher key of class `code`?"""
    with engine.connect() as connection:
        try:
            _authorised(connection, code, key)
        except ClassError:
            return False
    return True


@_guarded
def start_class(engine, now=None):
    """A new class: (its join code, its teacher key). Also ends and deletes old classes (housekeeping)."""
    now = time.time() if now is None else now
    housekeeping(engine, now)
    key = names.new_key()
    for _ in range(5):
        code = names.new_code()
        try:
            with engine.begin() as connection:
                connection.execute(
                    classes.insert().values(
                        code=code,
                        key_hash=names.key_hash(key),
                        created_at=now,
                        touched_at=now,
                        revealed=False,
                    )
                )
            return code, key
        except sa.exc.IntegrityError:
            continue  # that code is taken: draw another
    raise ClassError("Could not find a free join code; please try again.")


@_guarded
def state(engine, code):
    """The State of class `code`, or None when there is no such class (never started, or deleted)."""
    query = (
        sa.select(
            classes.c.code,
            classes.c.ended_at,
            classes.c.question_id,
            questions.c.key,
            classes.c.revealed,
            questions.c.units,
        )
        .select_from(classes.outerjoin(questions, questions.c.id == classes.c.question_id))
        .where(classes.c.code == code)
    )
    with engine.connect() as connection:
        row = connection.execute(query).first()
    return (
        None
        if row is None
        else State(row[0], row[1] is not None, row[2], row[3], bool(row[4]), row[5] or "nats")
    )


def _open_class(connection, code):
    """The class row of `code`, refusing an unknown or ended class with a message for the student."""
    row = connection.execute(sa.select(classes).where(classes.c.code == code)).first()
    if row is None:
        raise ClassError(f"There is no class with the code {code}. Check the code on the projector.")
    if row.ended_at is not None:
        raise ClassError(f"The class {code} has ended. Ask your teacher for the new code.")
    return row


@_guarded
def join(engine, code, now=None):
    """A new student of class `code`: (their id, their anonymous name); ClassError if unknown or ended."""
    now = time.time() if now is None else now
    student_id, name = names.new_key()[:32], names.anonymous_name()
    with engine.begin() as connection:
        _open_class(connection, code)
        connection.execute(students.insert().values(id=student_id, code=code, name=name, joined_at=now))
        connection.execute(classes.update().where(classes.c.code == code).values(touched_at=now))
    return student_id, name


@_guarded
def rename(engine, student_id, nickname):
    """Give a student a nickname (names.clean_nickname's rules); returns the name kept."""
    name = names.clean_nickname(nickname)
    with engine.begin() as connection:
        connection.execute(students.update().where(students.c.id == student_id).values(name=name))
    return name


@_guarded
def ask(engine, code, key, question_key, now=None, *, units="nats"):
    """Open question `question_key` in class `code` (teacher key needed), in `units` (nats or bits, for the
    whole class); its answers stay hidden. Its id."""
    now = time.time() if now is None else now
    if units not in UNITS:
        raise ValueError(f"units: must be one of {UNITS}, got {units!r}")
    with engine.begin() as connection:
        if _authorised(connection, code, key).ended_at is not None:
            raise ClassError("This class has ended: start a new one to ask a question.")
        question_id = connection.execute(
            questions.insert()
            .values(code=code, key=question_key, asked_at=now, units=units)
            .returning(questions.c.id)
        ).scalar_one()
        connection.execute(
            classes.update()
            .where(classes.c.code == code)
            .values(question_id=question_id, revealed=False, touched_at=now)
        )
    return question_id


@_guarded
def reveal(engine, code, key, now=None):
    """Show the open question's right answer, on the projector and every phone (teacher key needed)."""
    _teacher_update(engine, code, key, now, revealed=True)


@_guarded
def end(engine, code, key, now=None):
    """End class `code` (teacher key needed): no more joins or answers; the phones say it has ended."""
    now = time.time() if now is None else now
    _teacher_update(engine, code, key, now, ended_at=now)


def _teacher_update(engine, code, key, now, **values):
    """Set `values` on class `code`, and touch it, when `key` is its teacher key."""
    with engine.begin() as connection:
        _authorised(connection, code, key)
        touched = time.time() if now is None else now
        connection.execute(
            classes.update().where(classes.c.code == code).values(**values, touched_at=touched)
        )


@_guarded
def delete(engine, code, key):
    """Delete class `code` with every student, question and answer in it, at once (teacher key needed)."""
    with engine.begin() as connection:
        _authorised(connection, code, key)
        _delete_classes(connection, [code])


def _delete_classes(connection, codes):
    """Every row of the classes `codes`, children first (no reliance on cascades)."""
    asked = sa.select(questions.c.id).where(questions.c.code.in_(codes))
    connection.execute(answers.delete().where(answers.c.question_id.in_(asked)))
    for table in (checkpoints, questions, students, classes):
        connection.execute(table.delete().where(table.c.code.in_(codes)))


@_guarded
def answer(engine, student_id, question_id, *, choice=None, number=None, now=None):
    """Keep a student's answer to the open question; a second answer replaces the first.

    Revealed when its answer was revealed first; ClassError when another question was asked, the class
    ended, or the number is not finite. A refused answer changes nothing: an earlier one stays counted.
    """
    now = time.time() if now is None else now
    if number is not None and not math.isfinite(number):
        raise ClassError("Please enter a finite number.")
    values = {"choice": choice, "number": number, "answered_at": now}
    mine = (answers.c.question_id == question_id) & (answers.c.student_id == student_id)
    with engine.begin() as connection:
        _still_open(connection, student_id, question_id)
        if connection.execute(answers.update().where(mine).values(values)).rowcount == 0:
            connection.execute(
                answers.insert().values(**values, question_id=question_id, student_id=student_id)
            )


def _still_open(connection, student_id, question_id):
    """ClassError unless `question_id` is the open, unrevealed question of the student's open class, with
    the true reason: the class ended, the teacher asked another question, or revealed this one's answer."""
    row = connection.execute(
        sa.select(classes.c.question_id, classes.c.revealed, classes.c.ended_at)
        .join(students, students.c.code == classes.c.code)
        .where(students.c.id == student_id)
    ).first()
    if row is None or row.ended_at is not None:
        raise ClassError("This class has ended, so answers are closed.")
    if row.question_id != question_id:
        raise ClassError("This question is closed: the teacher has asked another one.")
    if row.revealed:
        raise Revealed("This question is closed: its answer was revealed before this answer arrived.")


@_guarded
def tally(engine, question_id):
    """The Tally of question `question_id`: each student counted once, with their latest answer."""
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(answers.c.choice, answers.c.number).where(answers.c.question_id == question_id)
        ).all()
    numbers = tuple(row.number for row in rows if row.number is not None)
    return Tally(len(rows), Counter(row.choice for row in rows if row.choice is not None), numbers)


@_guarded
def my_answer(engine, student_id, question_id):
    """(choice, number) of a student's answer to `question_id`, or None before they answer."""
    with engine.connect() as connection:
        row = connection.execute(
            sa.select(answers.c.choice, answers.c.number).where(
                (answers.c.question_id == question_id) & (answers.c.student_id == student_id)
            )
        ).first()
    return None if row is None else (row.choice, row.number)


@_guarded
def roster(engine, code):
    """The names of the students of class `code`, in the order they joined."""
    with engine.connect() as connection:
        query = sa.select(students.c.name).where(students.c.code == code).order_by(students.c.joined_at)
        return tuple(connection.execute(query).scalars())


@_guarded
def record_checkpoint(engine, student_id, key, choice, correct, now=None):
    """Keep a student's checkpoint answer `choice` to question `key`; a later answer replaces it."""
    now = time.time() if now is None else now
    with engine.begin() as connection:
        code = connection.execute(sa.select(students.c.code).where(students.c.id == student_id)).scalar()
        if code is None:
            return
        mine = (
            (checkpoints.c.code == code)
            & (checkpoints.c.student_id == student_id)
            & (checkpoints.c.key == key)
        )
        values = {"choice": choice, "correct": bool(correct), "answered_at": now}
        if connection.execute(checkpoints.update().where(mine).values(values)).rowcount == 0:
            connection.execute(
                checkpoints.insert().values(**values, code=code, student_id=student_id, key=key)
            )


@_guarded
def checkpoint_tallies(engine, code):
    """{checkpoint key: (answered, right, Counter of the wrong choices)} for class `code`."""
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(checkpoints.c.key, checkpoints.c.choice, checkpoints.c.correct).where(
                checkpoints.c.code == code
            )
        ).all()
    result = {}
    for key, choice, correct in rows:
        answered, right, wrong = result.get(key, (0, 0, Counter()))
        if not correct:
            wrong[choice] += 1
        result[key] = (answered + 1, right + bool(correct), wrong)
    return result


@_guarded
def housekeeping(engine, now=None, *, idle_hours=None, keep_days=None):
    """End the classes idle for settings.idle_hours(), delete those ended settings.keep_days() ago."""
    now = time.time() if now is None else now
    idle = 3600 * (idle_hours or settings.idle_hours())
    keep = 86400 * (keep_days or settings.keep_days())
    with engine.begin() as connection:
        connection.execute(
            classes.update()
            .where(classes.c.ended_at.is_(None) & (classes.c.touched_at < now - idle))
            .values(ended_at=now)
        )
        old = (
            connection.execute(sa.select(classes.c.code).where(classes.c.ended_at < now - keep))
            .scalars()
            .all()
        )
        if old:
            _delete_classes(connection, old)
