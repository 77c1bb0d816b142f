"""The CSV reader's error, and the wording its messages share (the reader itself: content/datasets.py)."""

ROW_NUMBERS = "Rows are counted as in a spreadsheet: the header is row 1."


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


def short(text, limit=40):
    """`text` cut to at most `limit` characters, so that a message stays readable."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def listed(names):
    """Up to 10 names, comma-separated."""
    names = [short(name) for name in names]
    return ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
