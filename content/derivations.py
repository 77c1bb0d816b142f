"""Derivations, step by step: Markdown files in assets/derivations/, one per derivation.

A file opens with `# Title`, then one `## <n>` section per step. Steps carry {{placeholders}} for the page's
live numbers, filled as lesson text is (content.lesson_files.fill).
"""

import functools
import re
from pathlib import Path

from content.lesson_files import fill

DERIVATIONS_DIR = Path(__file__).resolve().parent.parent / "assets" / "derivations"
_TITLE = re.compile(r"^# +(.+?) *$", flags=re.MULTILINE)
_STEP = re.compile(r"^## +.+?$", flags=re.MULTILINE)


def derivation(name, values):
    """(title, [step, ...]) of assets/derivations/<name>.md, its placeholders filled from `values`."""
    path = DERIVATIONS_DIR / f"{name}.md"
    title, steps = _read(path, path.stat().st_mtime_ns)
    return fill(title, values), [fill(step, values) for step in steps]


@functools.lru_cache(maxsize=32)
def _read(path, modified):
    """The title and the raw steps of the file at `path`, as it was at time `modified`."""
    text = path.read_text(encoding="utf-8")
    title = _TITLE.search(text)
    if title is None:
        raise ValueError(f"name: {path.name} has no '# Title' line")
    steps = tuple(step.strip() for step in _STEP.split(text[title.end() :])[1:])
    if not steps:
        raise ValueError(f"name: {path.name} has no '## <n>' step")
    return title.group(1), steps
