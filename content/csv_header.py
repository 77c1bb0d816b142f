"""Reading a predictions CSV up to its cells: decode the bytes, find the separator, name each column's role
from the header, and read the rows under it (the format: content/datasets.py's docstring)."""

import codecs
import io
import re
from collections import Counter
from typing import NamedTuple

import pandas as pd

from content.csv_errors import ROW_NUMBERS, DatasetError, listed, short

MAX_CLASSES = 50
MAX_HEADER_CELLS = 1_000  # far more than any accepted file has; pandas is slow to build a wider table
SEPARATORS = (",", ";", "\t")
DISPLAY_COLUMNS = ("id", "text")
RESERVED_COLUMNS = ("label", "q", *DISPLAY_COLUMNS)
OLD_NAMES = {"p": "q"}  # binary files written before the app called the prediction q (the truth is p)
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


class Layout(NamedTuple):
    """What each column of a file is for."""

    names: list
    display: list
    scores: list
    class_names: tuple


def decoded(raw):
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


def find_separator(first_line):
    """The separator the header uses most: a comma, a semicolon or a tab."""
    return max(SEPARATORS, key=first_line.count)


def check_width(first_line, separator):
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


def header_cells(data, separator):
    """The header's cells, stripped; reading the first data row too catches one with extra cells."""
    first_rows = _read(data, sep=separator, header=None, nrows=2, dtype=str, na_filter=False)
    return [cell.strip() for cell in first_rows.iloc[0]]


def column_roles(cells, mode):
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
            f"The header (row 1) has two columns called '{short(twice)}'. Every column needs its own name.",
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
            problems.append(f"columns binary mode does not use: {listed(unknown)}")
        hint = " A file with one probability column per class belongs in multi-class mode." if unknown else ""
        raise DatasetError(
            "Binary mode needs the columns label (0 or 1) and q (the probability of 1), and optionally id "
            f"and text. The header (row 1) has {'; and '.join(problems)}.{hint}",
            row=1,
            column=(missing or unknown)[0],
        )
    return Layout(names=names, display=display, scores=["q"], class_names=("0", "1"))


def _multiclass_layout(names, display):
    """Multi-class files have label and one column per class, and optionally id and text."""
    classes = [name for name in names if name not in ("label", *DISPLAY_COLUMNS)]
    if "label" not in names:
        raise DatasetError(
            "Multi-class mode needs a column called 'label' holding each sample's true class, and one "
            f"probability column per class. The header (row 1) has: {listed(names)}.",
            row=1,
            column="label",
        )
    if len(classes) < 2:
        hint = " A file with label and q belongs in binary mode." if classes in (["q"], ["p"]) else ""
        raise DatasetError(
            f"Multi-class mode needs a probability column for each of at least 2 classes; the header (row 1) "
            f"has {len(classes)}: {listed(classes) or 'none'}.{hint}",
            row=1,
        )
    if len(classes) > MAX_CLASSES:
        raise DatasetError(
            f"The header (row 1) has {len(classes)} class columns; this page handles at most {MAX_CLASSES}.",
            row=1,
        )
    return Layout(names=names, display=display, scores=classes, class_names=tuple(classes))


def read_table(data, separator, layout, mode):
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


def data_rows(table, max_rows):
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
