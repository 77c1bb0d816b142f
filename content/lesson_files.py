"""Lesson text: Markdown files in assets/lessons/, one per page, with Basic, Medium and Detailed sections.

Live numbers are written as {{name}} placeholders and filled from core/ at run time. A file may add
named sections after the depths (## Code lengths, say) for prose a page shows at every depth.
str.format is not used, because KaTeX's braces would break it.
"""

import functools
import re
from pathlib import Path
from types import MappingProxyType

LESSONS_DIR = Path(__file__).resolve().parent.parent / "assets" / "lessons"
DEPTHS = ("Basic", "Medium", "Detailed")
_HEADING = re.compile(r"^## +(.+?) *$", flags=re.MULTILINE)
_PLACEHOLDER = re.compile(r"\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}")


def lesson_sections(page):
    """{'intro': text, depth: text, ...} for the lesson file of `page`; ValueError if a depth is missing.

    The intro is whatever stands before the first depth heading: the page's question, shown at every depth.
    Read once per version of the file, so a teacher's edit shows on the next rerun.
    """
    path = LESSONS_DIR / f"{page}.md"
    if not path.is_file():
        raise ValueError(f"page: no lesson file {path.name}")
    return _read_sections(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _read_sections(path, modified):
    """The sections of the lesson file at `path` as it was at time `modified` (read-only: it is shared)."""
    parts = _HEADING.split(path.read_text(encoding="utf-8"))
    sections = {"intro": parts[0].strip()} | {
        depth: text.strip() for depth, text in zip(parts[1::2], parts[2::2], strict=True)
    }
    missing = [depth for depth in DEPTHS if depth not in sections]
    if missing:
        raise ValueError(f"page: lesson {path.name} lacks the section(s) {', '.join(missing)}")
    return MappingProxyType(sections)


def placeholders(text):
    """The names of the {{placeholders}} in `text`."""
    return set(_PLACEHOLDER.findall(text))


def fill(text, values):
    """Replace each {{name}} with values[name]; a name with no value is a ValueError."""
    missing = placeholders(text) - set(values)
    if missing:
        raise ValueError(f"values: no value for {', '.join(sorted(missing))}")
    return _PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), text)


def lesson(page, depth, values=None):
    """The text of `page` at `depth` (or 'intro', or a named section), with its live numbers filled in."""
    sections = lesson_sections(page)
    if depth not in sections:
        raise ValueError(f"depth: must be one of {DEPTHS} or a section of {page}.md, got {depth!r}")
    return fill(sections[depth], values or {})
