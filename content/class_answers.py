"""How each lesson-plan step is answered on a phone in class mode: assets/class_answers.md, a section a step.

A section '## <step title>' holds 'Number: <label>' and 'Range: <low> to <high>', or 'Options:' with one '- '
line per option; 'Why: <the students' explanation>'; optionally 'Ask: <a narrower question than the plan's>'
'Right: <option number, from 1>' for a definition and 'Unit: loss' for a number that is a loss (asked in the
class's units).
"""

import functools
import re
from pathlib import Path
from typing import NamedTuple

CLASS_FILE = Path(__file__).resolve().parent.parent / "assets" / "class_answers.md"
_HEADING = re.compile(r"^## +(.+?) *$", flags=re.MULTILINE)
_RANGE = re.compile(r"^(-?[\d.]+) to (-?[\d.]+)$")


class AnswerForm(NamedTuple):
    """Options (empty for a number), the number field's label and range, a typed right option or None, the
    students' explanation, the class's own question ('' to ask the plan's) and the number's unit."""

    options: tuple
    number: str
    low: float
    high: float
    right: int | None
    why: str
    ask: str
    unit: str


@functools.lru_cache(maxsize=2)
def answer_forms(path=CLASS_FILE):
    """{plan step title: AnswerForm}; ValueError naming a section that is neither a number nor options."""
    pieces = _HEADING.split(path.read_text(encoding="utf-8"))[1:]
    return {title: _form(title, body) for title, body in zip(*[iter(pieces)] * 2, strict=True)}


def _form(title, body):
    lines = [line.strip() for line in body.strip().splitlines()]
    fields = dict(line.split(": ", 1) for line in lines if ": " in line and not line.startswith("- "))
    options = tuple(line[2:] for line in lines if line.startswith("- "))
    bounds = _RANGE.match(fields.get("Range", ""))
    if options == () and not (fields.get("Number") and bounds):
        raise ValueError(f"{CLASS_FILE.name}: “{title}” needs 'Number:' and 'Range:', or 'Options:'")
    if not fields.get("Why"):
        raise ValueError(f"{CLASS_FILE.name}: “{title}” needs 'Why:', the students' explanation")
    low, high = (float(bound) for bound in bounds.groups()) if bounds else (0.0, 0.0)
    right = int(fields["Right"]) - 1 if "Right" in fields else None
    return AnswerForm(
        options,
        fields.get("Number", ""),
        low,
        high,
        right,
        fields["Why"],
        fields.get("Ask", ""),
        fields.get("Unit", ""),
    )
