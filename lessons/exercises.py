"""The problem sheets on /exercises: one per lesson in catalogue.SHEETS, each a few exam-style exercises whose
numbers a seeded generator draws, so that the same seed always gives the same sheet, and whose worked
solutions take every answer from core/ in the learner's unit.

The exercises themselves are written in lessons/exercises_<lesson>.py; this module gathers them.
"""

from dataclasses import dataclass

import catalogue
from lessons import exercises_binary, exercises_home, exercises_multiclass
from lessons.exercise_parts import Units, exercise_rng

WRITERS = {  # lesson name: its exercises, in the order the sheet sets them
    "home": exercises_home.EXERCISES,
    "binary": exercises_binary.EXERCISES,
    "multiclass": exercises_multiclass.EXERCISES,
}


@dataclass(frozen=True)
class ProblemSheet:
    """A lesson's sheet for one seed, in one unit."""

    lesson: str
    seed: int
    units: str
    exercises: tuple

    @property
    def lesson_page(self):
        """The catalogue entry of the lesson the sheet practises."""
        return lesson_page(self.lesson)

    @property
    def title(self):
        """What the sheet practises, as its list of sheets and its back link name it."""
        return sheet_title(self.lesson)

    @property
    def heading(self):
        return f"Problem sheet: {self.title} (sheet {self.seed}, in {self.units})"


def problem_sheet(lesson, seed, units="nats"):
    """The sheet for lesson `lesson` (a name in catalogue.SHEETS) drawn from `seed`, worked in `units`.

    >>> first, again = problem_sheet("binary", 7, "bits"), problem_sheet("binary", 7, "bits")
    >>> first == again, len(first.exercises)
    (True, 4)
    """
    if lesson not in WRITERS:
        raise ValueError(f"lesson: no problem sheet for {lesson!r}; there are {', '.join(WRITERS)}")
    unit = Units(units)
    exercises = tuple(
        write(exercise_rng(seed, lesson, number), unit) for number, write in enumerate(WRITERS[lesson], 1)
    )
    return ProblemSheet(lesson, int(seed), units, exercises)


def lesson_page(name):
    """The catalogue entry whose lesson is `name` ("home" is Home's)."""
    return next(entry for entry in catalogue.PAGES if entry.lesson == name)


# A sheet whose lesson's title does not say what it practises; the others take their lesson's title.
TOPICS = {"home": "Home — what a loss is"}


def sheet_title(name):
    """The title of lesson `name`'s sheet: 'Home — what a loss is', 'Binary cross-entropy', …"""
    return TOPICS.get(name, lesson_page(name).title)


def sheet_titles():
    """{lesson name: its sheet's title} for every sheet, in teaching order: the page's list of sheets."""
    return {name: sheet_title(name) for name in catalogue.SHEETS}


def next_seed(seed):
    """The sheet number after `seed`, back to the first after the last (the catalogue's range)."""
    param = catalogue.page("exercises").param("exseed")
    return int(param.low) if seed >= param.high else int(seed) + 1
