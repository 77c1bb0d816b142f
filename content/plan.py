"""The teacher's lesson plan: the route of prepared links in assets/lessons/plan.md, section "Route".

Each step is a '### <minutes> · <title>' heading with three lines under it: 'Link: /<slug>?<query>', 'Ask: '
(the question before the reveal) and 'Point: ' (the point after it); a line that starts with none of these
continues the one before. An optional 'State: <query>' is the state the question is about when the link
opens on the state before it, so that the page's own predict box moves it there (the link's query
otherwise). A point may quote live numbers as {{name}} placeholders, filled from that state by
lessons/plan_numbers.py for the plan page and class mode alike.
"""

import re
from typing import NamedTuple
from urllib.parse import parse_qsl, urlsplit

import catalogue
from content.lesson_files import lesson_sections

_STEP = re.compile(r"^### +(\d+) *· *(.+?) *$", flags=re.MULTILINE)
_FIELD = re.compile(r"^(Link|Ask|Point|State): *(.*)$")


class Step(NamedTuple):
    """A step: minutes, title, the page's catalogue entry, its link's query, the question, the point, and
    the state the question is about (without present): the link's, or one the page's predict box reaches."""

    minutes: int
    title: str
    page: catalogue.Page
    query: dict
    ask: str
    point: str
    asked: dict

    @property
    def key(self):
        """The step's key in class mode: 'plan/sure-and-wrong'."""
        return "plan/" + re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")

    def opens_before(self):
        """True when the link opens on the state before the question's (the page's predict box moves on)."""
        return self.asked != {key: value for key, value in self.query.items() if key != "present"}


def route(text=None):
    """The steps of the plan, in order; ValueError naming a step whose link or text is incomplete."""
    text = lesson_sections("plan")["Route"] if text is None else text
    parts = _STEP.split(text)[1:]
    return tuple(
        _step(int(minutes), title, body) for minutes, title, body in zip(*[iter(parts)] * 3, strict=True)
    )


def _step(minutes, title, body):
    """One Step from the lines under its heading."""
    fields, current = {}, None
    for line in body.strip().splitlines():
        match = _FIELD.match(line.strip())
        if match:
            current = match.group(1)
            fields[current] = match.group(2).strip()
        elif line.strip() and current:
            fields[current] = f"{fields[current]} {line.strip()}"
    missing = [name for name in ("Link", "Ask", "Point") if not fields.get(name)]
    if missing:
        raise ValueError(f"plan: step “{title}” lacks {', '.join(missing)}")
    link = urlsplit(fields["Link"])
    slug = link.path.strip("/")
    if slug not in catalogue.BY_SLUG:
        raise ValueError(f"plan: step “{title}” links to {link.path}, which is not a page")
    query = dict(parse_qsl(link.query))
    asked = dict(parse_qsl(fields["State"])) if "State" in fields else query
    asked = {key: value for key, value in asked.items() if key != "present"}
    return Step(minutes, title, catalogue.page(slug), query, fields["Ask"], fields["Point"], asked)


def short_query(number):
    """The query of step `number`'s short link: the page fills in the rest of the step's link."""
    return {"step": str(number)}
