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
"""

import codecs
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from core import _checks
from core.activations import sigmoid, softmax

MODES = ("binary", "multiclass")
MAX_ROWS = 100_000
MAX_CLASSES = 50
MAX_HEADER_CELLS = 1_000  # far more than any accepted file has; pandas is slow to build a wider table
RENORMALISE_TOLERANCE = 1e-3
FLOAT_NOISE = 1e-9  # 0.7 + 0.2 + 0.1 is 0.9999999999999999: not worth rescaling
SEPARATORS = (",", ";", "\t")
DISPLAY_COLUMNS = ("id", "text")
RESERVED_COLUMNS = ("label", "q", *DISPLAY_COLUMNS)
OLD_NAMES = {"p": "q"}  # binary files written before the app called the prediction q (the truth is p)
EXAMPLES = {"spam_filter": "binary", "pet_classifier": "multiclass"}
EXAMPLES_FOLDER = Path(__file__).parent.parent / "assets" / "examples"
ROW_NUMBERS = "Rows are counted as in a spreadsheet: the header is row 1."
# Two logits within +-1e307 differ by less than the largest float, so the softmax cannot overflow.
MAX_LOGIT = 1e307
TEMPLATES = {
    "binary": (
        "id,text,label,q",
        "1,Lunch on Friday?,0,0.04",
        "2,You have WON a free cruise - click now,1,0.97",
        "3,Your invoice for March,0,0.30",
    ),
    "multiclass": (
        "id,label,dog,cat,rabbit",
        "1,cat,0.70,0.20,0.10",
        "2,dog,0.85,0.10,0.05",
        "3,rabbit,0.15,0.15,0.70",
    ),
}


class DatasetError(ValueError):
    """A problem with uploaded predictions, in words a learner can act on.

    ``row`` (spreadsheet numbering, header = 1) and ``column`` point at the cell when there is one;
    ``can_renormalise`` is True when calling again with ``renormalise=True`` would succeed.
    """

    def __init__(self, message, *, row=None, column=None, can_renormalise=False):
        super().__init__(message)
        self.row = row
        self.column = column
        self.can_renormalise = can_renormalise


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


class _Layout(NamedTuple):
    """What each column of a file is for."""

    names: list
    display: list
    scores: list
    class_names: tuple


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
    content.datasets.DatasetError: Row 2, column 'q': 1.5 is not a probability, ...
    """
    _check_mode(mode)
    _checks.whole(max_rows, "max_rows", 1)
    data, first_line = _decoded(raw)
    separator = max(SEPARATORS, key=first_line.count)
    _check_width(first_line, separator)
    layout = _layout(_header_cells(data, separator), mode)
    table = _data_rows(_read_table(data, separator, layout, mode), max_rows)
    notices = []

    targets = _targets(table, layout, mode, separator)
    scores = _scores(table, layout.scores, separator, notices)
    if from_logits:
        probabilities = _from_logits(table, layout.scores, scores, mode, notices)
    else:
        probabilities = _probabilities(table, layout.scores, scores, renormalise, notices)

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


def _decoded(raw):
    """UTF-8 bytes without a byte-order mark or leading blank lines, and the header line as text."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", errors="surrogatepass")
    if not isinstance(raw, (bytes, bytearray)):
        raise ValueError(f"raw: expected bytes or str, got {type(raw).__name__}")
    if b"\x00" in raw:
        raise DatasetError(
            "This file holds binary data (it contains NUL bytes), so it is not CSV text. It may be a "
            "spreadsheet, an image or UTF-16 text renamed to .csv: save it as 'CSV UTF-8' instead."
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DatasetError(
            f"This file is not UTF-8 text (byte {error.start + 1} cannot be read). "
            "Save it from your spreadsheet as 'CSV UTF-8'."
        ) from None
    if not text or text.isspace():
        raise DatasetError("The file is empty.")
    first_line = re.match(r"[ \t\r\n]*([^\r\n]*)", text).group(1)
    return raw.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n"), first_line


def _check_width(first_line, separator):
    """Refuse a header so wide that reading it would be slow; the real checks come after."""
    if first_line.count(separator) >= MAX_HEADER_CELLS:
        raise DatasetError(
            f"The header (row 1) has more than {MAX_HEADER_CELLS:,} columns; a file for this page has at "
            f"most {MAX_CLASSES + 3}: label, id, text and up to {MAX_CLASSES} classes.",
            row=1,
        )


def _read(data, **options):
    """pandas.read_csv with the tokenizer's complaints turned into DatasetError."""
    try:
        return pd.read_csv(io.BytesIO(data), engine="c", **options)
    except pd.errors.EmptyDataError:
        raise DatasetError("The file is empty.") from None
    except pd.errors.ParserError as error:
        raise _layout_error(str(error)) from None


def _layout_error(message):
    """A DatasetError for a pandas tokenizer message, with the row it names."""
    if match := re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message):
        expected, row, saw = map(int, match.groups())
        return DatasetError(
            f"Row {row} has {saw} cells, but the header names {expected} columns. Look for an extra "
            f"separator, or a decimal comma (0,7) in a comma-separated file. {ROW_NUMBERS}",
            row=row,
        )
    if match := re.search(r"EOF inside string starting at row (\d+)", message):
        row = int(match.group(1)) + 1
        return DatasetError(f'Row {row} opens a quote (") that is never closed. {ROW_NUMBERS}', row=row)
    return DatasetError(f"The file could not be read as a table ({message.strip()}).")


def _header_cells(data, separator):
    """The header's cells, stripped; reading the first data row too catches one with extra cells."""
    first_rows = _read(data, sep=separator, header=None, nrows=2, dtype=str, na_filter=False)
    return [cell.strip() for cell in first_rows.iloc[0]]


def _layout(cells, mode):
    """Name each column's role from the header, or raise DatasetError."""
    names = [cell.lower() if cell.lower() in (*RESERVED_COLUMNS, *OLD_NAMES) else cell for cell in cells]
    if "label" not in names and not pd.to_numeric(pd.Series(names), errors="coerce").isna().all():
        raise DatasetError(
            "Row 1 holds numbers and no 'label' column, so the file seems to have no header. Add a first "
            f"row that names the columns, for example: {TEMPLATES[mode][0]}",
            row=1,
        )
    if "" in names:
        position = names.index("") + 1
        raise DatasetError(
            f"Column {position} has no name in the header (row 1). Name it or delete it; an extra separator "
            "at the end of each line, or an unnamed index column, causes this.",
            row=1,
        )
    if len(set(names)) < len(names):
        counts = Counter(names)
        twice = next(name for name in names if counts[name] > 1)
        raise DatasetError(
            f"The header (row 1) has two columns called '{_short(twice)}'. Every column needs its own name.",
            row=1,
            column=twice,
        )
    display = [name for name in names if name in DISPLAY_COLUMNS]
    if mode == "binary":
        return _binary_layout(names, display)
    return _multiclass_layout(names, display)


def _binary_layout(names, display):
    """Binary files have label and q, and optionally id and text (an old file's p is read as q)."""
    if "q" not in names:
        names = [OLD_NAMES.get(name, name) for name in names]
    missing = [name for name in ("label", "q") if name not in names]
    unknown = [name for name in names if name not in RESERVED_COLUMNS]
    if missing or unknown:
        problems = [f"no {' and no '.join(repr(name) for name in missing)} column"] if missing else []
        if unknown:
            problems.append(f"columns binary mode does not use: {_listed(unknown)}")
        hint = " A file with one probability column per class belongs in multi-class mode." if unknown else ""
        raise DatasetError(
            "Binary mode needs the columns label (0 or 1) and q (the probability of 1), and optionally id "
            f"and text. The header (row 1) has {'; and '.join(problems)}.{hint}",
            row=1,
            column=(missing or unknown)[0],
        )
    return _Layout(names=names, display=display, scores=["q"], class_names=("0", "1"))


def _multiclass_layout(names, display):
    """Multi-class files have label and one column per class, and optionally id and text."""
    classes = [name for name in names if name not in ("label", *DISPLAY_COLUMNS)]
    if "label" not in names:
        raise DatasetError(
            "Multi-class mode needs a column called 'label' holding each sample's true class, and one "
            f"probability column per class. The header (row 1) has: {_listed(names)}.",
            row=1,
            column="label",
        )
    if len(classes) < 2:
        hint = " A file with label and q belongs in binary mode." if classes in (["q"], ["p"]) else ""
        raise DatasetError(
            f"Multi-class mode needs a probability column for each of at least 2 classes; the header (row 1) "
            f"has {len(classes)}: {_listed(classes) or 'none'}.{hint}",
            row=1,
        )
    if len(classes) > MAX_CLASSES:
        raise DatasetError(
            f"The header (row 1) has {len(classes)} class columns; this page handles at most {MAX_CLASSES}.",
            row=1,
        )
    return _Layout(names=names, display=display, scores=classes, class_names=tuple(classes))


def _read_table(data, separator, layout, mode):
    """The rows under the header; numbers are read as floats, or everything as text if a cell is not one."""
    options = {
        "sep": separator,
        "header": 0,
        "names": layout.names,
        "index_col": False,
        "skip_blank_lines": False,
    }
    dtype = {name: object for name in layout.display} | {name: "float64" for name in layout.scores}
    dtype["label"] = "float64" if mode == "binary" else object
    try:
        return _read(data, dtype=dtype, **options)
    except DatasetError:
        raise
    except ValueError:
        return _read(data, dtype=str, **options)


def _data_rows(table, max_rows):
    """The table indexed by spreadsheet row (header = 1), without blank rows; raise if none or too many."""
    table.index = pd.RangeIndex(2, len(table) + 2, name="row")
    if table["label"].isna().any():  # a blank row has no label either, so most files skip this
        table = table[table.notna().any(axis=1)]
    if table.empty:
        raise DatasetError("The file has a header (row 1) but no rows of data under it.")
    if len(table) > max_rows:
        raise DatasetError(
            f"The file has {len(table):,} rows of data; the limit is {max_rows:,}. Upload a sample of them."
        )
    return table


def _check_cells(table, columns, bad, problem):
    """Raise DatasetError at the first cell (row by row) where `bad` is True; `problem(value)` says why."""
    bad = np.asarray(bad).reshape(len(table), len(columns))
    if not bad.any():
        return
    i, j = divmod(int(bad.argmax()), len(columns))
    row, column = int(table.index[i]), columns[j]
    others = int(bad.any(axis=1).sum()) - 1
    more = f" ({others} more row{'s' if others > 1 else ''} like this)" if others else ""
    message = f"Row {row}, column '{column}': {problem(_shown(table[column].iloc[i]))}{more}. {ROW_NUMBERS}"
    raise DatasetError(message, row=row, column=column)


def _shown(value):
    """A cell's value as a short quotable string."""
    return _short(repr(value) if isinstance(value, str) else f"{value:g}")


def _short(text, limit=40):
    """`text` cut to at most `limit` characters, so that a message stays readable."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _targets(table, layout, mode, separator):
    """Each row's true class index (binary: the 0/1 label itself), checked."""
    if mode == "binary":
        _check_cells(table, ["label"], table["label"].isna(), lambda value: "the cell is empty or NaN")
        labels = _as_floats(table["label"], separator)
        _check_cells(
            table, ["label"], ~np.isin(labels, (0, 1)), lambda value: f"a label must be 0 or 1, got {value}"
        )
        return labels.astype(int)
    codes, labels = pd.factorize(table["label"])
    _check_cells(table, ["label"], codes < 0, lambda value: "the cell is empty or NaN")
    indices = pd.Index(layout.class_names).get_indexer(pd.Index(labels).str.strip())[codes]
    classes = _listed(layout.class_names)
    _check_cells(
        table,
        ["label"],
        indices < 0,
        lambda value: f"{value} is not one of the classes in the header ({classes})",
    )
    return indices


def _scores(table, columns, separator, notices):
    """The probability (or logit) columns as an (N, K) float array of finite numbers."""
    scores = np.column_stack([_as_floats(table[column], separator) for column in columns])
    if np.isnan(scores).any():
        _check_cells(
            table, columns, table[columns].isna().to_numpy(), lambda value: "the cell is empty or NaN"
        )
        _check_cells(table, columns, np.isnan(scores), lambda value: f"{value} is not a number")
    _check_cells(
        table,
        columns,
        np.isinf(scores),
        lambda value: "the number is infinite (or too large to store); only finite numbers can be used",
    )
    if separator != "," and any(
        table[column].dtype != float and table[column].str.contains(",", regex=False).any()
        for column in columns
    ):
        notices.append("Decimal commas were read as decimal points (0,7 as 0.7).")
    return scores


def _as_floats(column, separator):
    """A column as floats, NaN where a cell is not a number; decimal commas count unless commas separate."""
    if column.dtype == float:
        return column.to_numpy()
    text = column if separator == "," else column.str.replace(",", ".", regex=False)
    return pd.to_numeric(text, errors="coerce").to_numpy(dtype=float)


def _from_logits(table, columns, scores, mode, notices):
    """Probabilities from logits: sigmoid for binary, softmax along each row for multi-class."""
    _check_cells(
        table,
        columns,
        np.abs(scores) > MAX_LOGIT,
        lambda value: f"{value} is too large for a logit (beyond +-{MAX_LOGIT:g} the softmax overflows)",
    )
    notices.append(f"The numbers were read as logits and turned into probabilities with the {_squash(mode)}.")
    return sigmoid(scores) if mode == "binary" else softmax(scores, axis=1)


def _squash(mode):
    """The function that turns this mode's logits into probabilities."""
    return "sigmoid" if mode == "binary" else "softmax of each row"


def _probabilities(table, columns, scores, renormalise, notices):
    """Check the probabilities lie in [0, 1]; rescale multi-class rows to sum to 1 where allowed."""
    _check_cells(
        table,
        columns,
        (scores < 0) | (scores > 1),
        lambda value: (
            f"{value} is not a probability, which must lie between 0 and 1 (if these numbers are "
            "logits, read them as logits instead)"
        ),
    )
    if len(columns) == 1:
        return scores
    sums = scores.sum(axis=1)
    _check_sums(table, sums, renormalise)
    off = np.abs(sums - 1) > FLOAT_NOISE
    if off.any():
        notices.append(
            f"{_rows(table.index[off])} added up to {_range(sums[off])} rather than exactly 1; "
            f"{'it was' if off.sum() == 1 else 'they were'} rescaled to sum to 1."
        )
    return scores / np.where(off, sums, 1)[:, None]


def _check_sums(table, sums, renormalise):
    """Raise unless every row can be rescaled: no all-zero rows, and none beyond the tolerance unasked."""
    zero = sums == 0
    if zero.any():
        row = int(table.index[zero][0])
        raise DatasetError(
            f"Row {row}: every probability is 0, so the row cannot be rescaled to sum to 1. {ROW_NUMBERS}",
            row=row,
        )
    far = np.abs(sums - 1) > RENORMALISE_TOLERANCE
    if far.any() and not renormalise:
        rows = table.index[far]
        others = len(rows) - 1
        more = f" ({others} more row{'s' if others > 1 else ''} like this)" if others else ""
        raise DatasetError(
            f"Row {rows[0]}: the probabilities add up to {sums[far][0]:.4g}, not 1{more}. Rows within "
            f"{RENORMALISE_TOLERANCE:g} of 1 are rescaled automatically; this is further off, so check the "
            f"file, or choose to rescale every row so it sums to 1. {ROW_NUMBERS}",
            row=int(rows[0]),
            can_renormalise=True,
        )


def _rows(rows):
    """'Row 3', 'Rows 3 and 7', or 'Rows 3, 7, 9, 12, 15 and 20 more'."""
    shown = [str(row) for row in rows[:5]]
    if len(rows) == 1:
        return f"Row {shown[0]}"
    if len(rows) <= 5:
        return f"Rows {', '.join(shown[:-1])} and {shown[-1]}"
    return f"Rows {', '.join(shown)} and {len(rows) - 5:,} more"


def _range(values):
    """'0.9995' or 'between 0.9995 and 1.0008'."""
    low, high = f"{values.min():.6g}", f"{values.max():.6g}"
    return low if low == high else f"between {low} and {high}"


def _listed(names):
    """Up to 10 names, comma-separated."""
    names = [_short(name) for name in names]
    return ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")


def label_column(indices, mode, class_names):
    """Labels for display: 0/1 in binary mode, class names (a categorical column) in multi-class mode."""
    return indices if mode == "binary" else pd.Categorical.from_codes(indices, categories=class_names)
