"""A whole data set of predictions: read a CSV and check it (its losses: lessons/data_losses.py).

Accepted formats
----------------
Binary mode: one row per sample, with the probability of the positive class::

    id,text,label,q
    1,Lunch on Friday?,0,0.04
    2,You have WON a free cruise,1,0.97

- ``label`` is the true class: 0 or 1.
- ``q`` is the predicted probability that the label is 1, between 0 and 1. A file from before the app
  called the prediction q may name this column ``p``; it is read as ``q``.
- ``id`` and ``text`` are optional; they are only shown, never used in the maths.

Multi-class mode: one row per sample, one probability column per class::

    id,label,dog,cat,rabbit
    1,cat,0.70,0.20,0.10
    2,dog,0.85,0.10,0.05

- ``label`` is the true class, spelled exactly like one of the class columns.
- Every column other than ``label``, ``id`` and ``text`` is a class: between 2 and 50 of them.
- Each row's probabilities add up to 1. A row within 0.001 of 1 (rounding in an export) is
  rescaled and a notice says so; a row further off is an error, unless rescaling is asked for.

Both modes:

- The first row is a header naming the columns, in any order. ``label``, ``q``, ``id`` and ``text``
  may be written in any case.
- Cells are separated by commas, semicolons or tabs (detected from the header). With semicolons or
  tabs, a decimal comma (0,7) is read as 0.7.
- The file is UTF-8 text, with or without a byte-order mark. Blank lines are skipped.
- At most 100,000 rows of data.
- With ``from_logits=True`` the numbers are logits (raw scores) instead of probabilities: any finite
  number. Binary logits go through the sigmoid, multi-class logits through the softmax of each row.

Every problem with a file raises :class:`DatasetError`, whose message names the row and the column.
Rows are numbered as in a spreadsheet: the header is row 1, the first sample is row 2.

This module is the reader's front: content/csv_header.py reads the header and the rows, content/csv_cells.py
the cells, and content/csv_errors.py holds the error they share.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from content import csv_cells, csv_header
from content.csv_errors import DatasetError
from content.csv_header import MAX_CLASSES, TEMPLATES
from core import _checks

# The reader's API, in one place: DatasetError and MAX_CLASSES are defined beside the steps that use them.
__all__ = [
    "EXAMPLES",
    "MAX_CLASSES",
    "MAX_ROWS",
    "MODES",
    "DatasetError",
    "ParsedPredictions",
    "label_column",
    "load_example",
    "parse_predictions",
    "template_csv",
]

MODES = ("binary", "multiclass")
MAX_ROWS = 100_000
EXAMPLES = {"spam_filter": "binary", "pet_classifier": "multiclass"}
EXAMPLES_FOLDER = Path(__file__).parent.parent / "assets" / "examples"


@dataclass(frozen=True, eq=False)
class ParsedPredictions:
    """A checked data set: `table` (indexed by spreadsheet row) holds labels and probabilities.

    `targets` is each row's true class index (for binary, the 0/1 label), `logits` the raw scores
    when the file held logits (None otherwise), `notices` plain sentences about what was fixed.
    """

    mode: str
    table: pd.DataFrame
    class_names: tuple
    targets: np.ndarray
    logits: np.ndarray | None
    notices: tuple


def parse_predictions(raw, *, mode, from_logits=False, renormalise=False, max_rows=MAX_ROWS):
    """CSV bytes or text -> a checked table of labels and predicted probabilities, or a DatasetError.

    Parameters
    ----------
    raw : bytes or str
        The file's contents, in one of the formats in this module's docstring.
    mode : {'binary', 'multiclass'}
    from_logits : bool
        The numbers are logits: sigmoid (binary) or softmax per row (multi-class) makes them probabilities.
    renormalise : bool
        Rescale rows that are more than 0.001 away from summing to 1, instead of refusing them.
    max_rows : int
        The most rows of data accepted.

    Returns
    -------
    ParsedPredictions

    Raises
    ------
    DatasetError
        For every problem with the file; the message names the row and column when there is one.

    Notes
    -----
    Exports round their numbers, so a multi-class row within 0.001 of summing to 1 is rescaled with a
    notice (a row off by no more than floating-point noise, 1e-9, is left as it is).

    Examples
    --------
    >>> parsed = parse_predictions("label;q\\n1;0,9\\n0;0,2\\n", mode="binary")
    >>> parsed.table["q"].tolist()
    [0.9, 0.2]
    >>> parsed = parse_predictions("label,dog,cat\\ncat,2.0,0.0\\n", mode="multiclass", from_logits=True)
    >>> parsed.table[["dog", "cat"]].round(3).values.tolist()
    [[0.881, 0.119]]
    >>> parse_predictions("label,q\\n1,1.5\\n", mode="binary")
    Traceback (most recent call last):
    ...
    content.csv_errors.DatasetError: Row 2, column 'q': 1.5 is not a probability, ...
    """
    _check_mode(mode)
    _checks.whole(max_rows, "max_rows", 1)
    data, first_line = csv_header.decoded(raw)
    separator = csv_header.find_separator(first_line)
    csv_header.check_width(first_line, separator)
    layout = csv_header.column_roles(csv_header.header_cells(data, separator), mode)
    table = csv_header.data_rows(csv_header.read_table(data, separator, layout, mode), max_rows)
    notices = []

    targets = csv_cells.targets(table, layout, mode, separator)
    scores = csv_cells.read_scores(table, layout.scores, separator, notices)
    if from_logits:
        probabilities = csv_cells.logits_to_probabilities(table, layout.scores, scores, mode, notices)
    else:
        probabilities = csv_cells.checked_probabilities(table, layout.scores, scores, renormalise, notices)

    columns = {name: table[name].fillna("") for name in layout.display}
    columns["label"] = label_column(targets, mode, layout.class_names)
    columns.update(zip(layout.scores, probabilities.T, strict=True))
    return ParsedPredictions(
        mode=mode,
        table=pd.DataFrame(columns, index=table.index),
        class_names=layout.class_names,
        targets=targets,
        logits=(scores[:, 0] if mode == "binary" else scores) if from_logits else None,
        notices=tuple(notices),
    )


def template_csv(mode):
    """A small CSV in the format of `mode`, to download and fill in.

    Examples
    --------
    >>> print(template_csv("multiclass").splitlines()[0])
    id,label,dog,cat,rabbit
    """
    _check_mode(mode)
    return "\n".join(TEMPLATES[mode]) + "\n"


def load_example(name):
    """The example data set `name` ('spam_filter' or 'pet_classifier') from assets/examples, parsed.

    Examples
    --------
    >>> load_example("pet_classifier").class_names
    ('dog', 'cat', 'rabbit')
    """
    if name not in EXAMPLES:
        raise ValueError(f"name: must be one of {tuple(EXAMPLES)}, got {name!r}")
    return parse_predictions((EXAMPLES_FOLDER / f"{name}.csv").read_bytes(), mode=EXAMPLES[name])


def _check_mode(mode):
    """Raise unless `mode` is 'binary' or 'multiclass'."""
    if mode not in MODES:
        raise ValueError(f"mode: must be one of {MODES}, got {mode!r}")


def label_column(indices, mode, class_names):
    """Labels for display: 0/1 in binary mode, class names (a categorical column) in multi-class mode."""
    return indices if mode == "binary" else pd.Categorical.from_codes(indices, categories=class_names)
