"""The 'predict, then reveal' questions: assets/predict.md, one question, its options and its why per page.

The file has '## <page>/question', '## <page>/options' (one '- ' line per option) and '## <page>/why'
sections; live numbers are {{placeholders}} that lessons/predict.py fills from core/.
"""

import functools
import re
from pathlib import Path
from types import MappingProxyType

from content.lesson_files import fill

PREDICT_FILE = Path(__file__).resolve().parent.parent / "assets" / "predict.md"
PARTS = ("question", "options", "why")
_HEADING = re.compile(r"^## +(\S+)/(\S+) *$", flags=re.MULTILINE)


@functools.lru_cache(maxsize=4)
def _sections(path=PREDICT_FILE):
    """{(page, part): text} of the file, read once."""
    pieces = _HEADING.split(path.read_text(encoding="utf-8"))[1:]
    return MappingProxyType(
        {(page, part): text.strip() for page, part, text in zip(*[iter(pieces)] * 3, strict=True)}
    )


def pages():
    """The pages that ask a question, in file order."""
    return tuple(dict.fromkeys(page for page, _ in _sections()))


def prediction(page, values):
    """(question, options, why) of `page`, every {{placeholder}} filled from `values`."""
    sections = _sections()
    missing = [part for part in PARTS if (page, part) not in sections]
    if missing:
        raise ValueError(f"page: {PREDICT_FILE.name} lacks {', '.join(f'{page}/{part}' for part in missing)}")
    options = tuple(
        fill(line[2:].strip(), values)
        for line in sections[page, "options"].splitlines()
        if line.startswith("- ")
    )
    return fill(sections[page, "question"], values), options, fill(sections[page, "why"], values)
