"""The tables of class mode, declared once (SQLAlchemy Core), and the migrations that build them.

Times are seconds since the epoch (time.time()), so SQLite and PostgreSQL store them alike. The teacher key
itself is never stored: only its SHA-256, so a copy of the database gives no one the teacher's controls.
"""

import sqlalchemy as sa

SCHEMA_VERSION = 2
UNITS = ("nats", "bits")  # a question's units: the teacher's setting when it was asked

metadata = sa.MetaData()

meta = sa.Table(
    "cee_meta",
    metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("value", sa.Integer, nullable=False),
)

classes = sa.Table(
    "cee_classes",
    metadata,
    sa.Column("code", sa.String(6), primary_key=True),
    sa.Column("key_hash", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("touched_at", sa.Float, nullable=False),
    sa.Column("ended_at", sa.Float),
    sa.Column("question_id", sa.Integer),  # the question open now (or last asked); None before the first
    sa.Column("revealed", sa.Boolean, nullable=False, default=False),
)

students = sa.Table(
    "cee_students",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),  # a random token held by the student's session
    sa.Column("code", sa.String(6), sa.ForeignKey("cee_classes.code", ondelete="CASCADE"), nullable=False),
    sa.Column("name", sa.String(24), nullable=False),
    sa.Column("joined_at", sa.Float, nullable=False),
)

questions = sa.Table(
    "cee_questions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("code", sa.String(6), sa.ForeignKey("cee_classes.code", ondelete="CASCADE"), nullable=False),
    sa.Column("key", sa.String(80), nullable=False),  # which question (lessons.class_questions)
    sa.Column("asked_at", sa.Float, nullable=False),
    # version 2: the units the question is asked, answered, shown and graded in (UNITS)
    sa.Column("units", sa.String(4), nullable=False, server_default="nats"),
)

answers = sa.Table(
    "cee_answers",
    metadata,
    sa.Column(
        "question_id", sa.Integer, sa.ForeignKey("cee_questions.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "student_id", sa.String(32), sa.ForeignKey("cee_students.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("choice", sa.Integer),  # the option's index, for a question with options
    sa.Column("number", sa.Float),  # the value, for a numeric guess
    sa.Column("answered_at", sa.Float, nullable=False),
)

checkpoints = sa.Table(
    "cee_checkpoints",
    metadata,
    sa.Column("code", sa.String(6), sa.ForeignKey("cee_classes.code", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "student_id", sa.String(32), sa.ForeignKey("cee_students.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("key", sa.String(80), primary_key=True),  # "<lesson>/<number>", as ui.course numbers them
    sa.Column("choice", sa.Integer, nullable=False),
    sa.Column("correct", sa.Boolean, nullable=False),
    sa.Column("answered_at", sa.Float, nullable=False),
)

INDEXES = (
    sa.Index("cee_students_code", students.c.code),
    sa.Index("cee_questions_code", questions.c.code),
)


def _version_1(connection):
    """The first schema: every table above (a new database gets version 2's columns at once)."""
    metadata.create_all(connection)


def _version_2(connection):
    """Each question keeps its units (the teacher's setting when asked); older questions were in nats."""
    if "units" not in {column["name"] for column in sa.inspect(connection).get_columns("cee_questions")}:
        connection.execute(
            sa.text("ALTER TABLE cee_questions ADD COLUMN units VARCHAR(4) NOT NULL DEFAULT 'nats'")
        )


MIGRATIONS = {1: _version_1, 2: _version_2}  # version: the step that brings the schema from version - 1 to it


def migrate(engine):
    """Bring the database to SCHEMA_VERSION, one step at a time, each in its own transaction."""
    with engine.begin() as connection:
        meta.create(connection, checkfirst=True)
    while (current := version(engine)) < SCHEMA_VERSION:
        with engine.begin() as connection:
            MIGRATIONS[current + 1](connection)
            values = {"name": "schema", "value": current + 1}
            if current == 0:
                connection.execute(meta.insert().values(values))
            else:
                connection.execute(meta.update().where(meta.c.name == "schema").values(values))


def version(engine):
    """The schema version the database holds (0: none yet)."""
    with engine.connect() as connection:
        found = connection.execute(sa.select(meta.c.value).where(meta.c.name == "schema")).scalar()
    return found or 0
