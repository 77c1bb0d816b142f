"""Reading a predictions CSV's cells: the true labels, the numbers as probabilities (from logits if asked),
and a DatasetError at the first cell that is wrong (the columns were named by content/csv_header.py)."""

import numpy as np
import pandas as pd

from content.csv_errors import ROW_NUMBERS, DatasetError, listed, short
from core.activations import sigmoid, softmax

RENORMALISE_TOLERANCE = 1e-3
FLOAT_NOISE = 1e-9  # 0.7 + 0.2 + 0.1 is 0.9999999999999999: not worth rescaling
# Two logits within +-1e307 differ by less than the largest float, so the softmax cannot overflow.
MAX_LOGIT = 1e307


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
    return short(repr(value) if isinstance(value, str) else f"{value:g}")


def targets(table, layout, mode, separator):
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
    classes = listed(layout.class_names)
    _check_cells(
        table,
        ["label"],
        indices < 0,
        lambda value: f"{value} is not one of the classes in the header ({classes})",
    )
    return indices


def read_scores(table, columns, separator, notices):
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


def logits_to_probabilities(table, columns, scores, mode, notices):
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


def checked_probabilities(table, columns, scores, renormalise, notices):
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
    far = np.abs(sums - 1) > RENORMALISE_TOLERANCE + FLOAT_NOISE  # 0.333 * 3 is 0.999 give or take 1e-16
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
