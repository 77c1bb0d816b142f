"""Tests for the CSV reader (content/datasets.py, csv_header.py, csv_cells.py, csv_errors.py),
lessons/data_losses.py and lessons/data.py.

Hostile uploads (random bytes, random text, CSV-shaped junk) may only ever raise DatasetError. Each bad
input listed in issue 6 gets a message naming its row and column. Losses of good files are checked
against sklearn.metrics.log_loss and scipy, never against numbers taken from the code under test.
"""

import csv
import io
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
import scipy.special
import scipy.stats
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.metrics import accuracy_score, log_loss

from content.datasets import DatasetError, load_example, parse_predictions, template_csv
from lessons import palette
from lessons.data import loss_histogram_figure
from lessons.data_calibration import reliability_figure
from lessons.data_losses import (
    calibration_table,
    dataset_summary,
    per_sample_losses,
    running_computation,
    top_contributors,
)

MODES = ("binary", "multiclass")
pytestmark = [
    pytest.mark.filterwarnings(f"error::{warning}")
    for warning in (
        "RuntimeWarning",
        "FutureWarning",
        "pandas.errors.ParserWarning",
        "pandas.errors.DtypeWarning",
    )
]
# Hostile input is the main risk of an upload page, so these tests draw more examples than the profile.
HOSTILE = settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------------------------------------------------
# Hostile input: nothing but DatasetError, and whatever parses is sound
# ---------------------------------------------------------------------------------------------------------

HEADER_NAMES = ["label", "q", "id", "text", "dog", "cat", "rabbit", "Label", " P ", "", "0", "1", "x;y", '"']
VALID_HEADERS = [
    ["label", "q"],
    ["id", "text", "label", "q"],
    ["q", "label"],
    ["label", "dog", "cat", "rabbit"],
    ["id", "label", "dog", "cat"],
]
JUNK_CELLS = [
    "",
    " ",
    "nan",
    "NaN",
    "NA",
    "null",
    "None",
    "inf",
    "-inf",
    "Infinity",
    "1e999",
    "-1e999",
    "1e308",
    "-1e308",
    "1e-400",
    "0",
    "1",
    "0.5",
    "0,5",
    "1.0000001",
    "-0",
    "-0.0",
    "abc",
    '"',
    '""',
    '"a,b"',
    '"x\ny"',
    "dog",
    "cat",
    "rabbit",
    " dog ",
    "True",
    "\ufeff",
    "0x10",
    "1_000",
    "\u0663",
    "1e5",
    "  0.3 ",
]
PLAUSIBLE_CELLS = st.one_of(
    st.sampled_from(
        ["0", "1", "dog", "cat", "rabbit", "0.5", "0,5", "0.25", "0.7", "0.2", "0.1", "-3", "12"]
    ),
    st.floats(min_value=0, max_value=1).map(repr),
)
CELLS = st.one_of(
    PLAUSIBLE_CELLS,
    PLAUSIBLE_CELLS,
    PLAUSIBLE_CELLS,
    st.sampled_from(JUNK_CELLS),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(max_size=6),
)


@st.composite
def csv_like(draw):
    """(raw, mode): a real or junk header, rows of plausible or junk cells, odd separators and line ends."""
    header = draw(
        st.one_of(st.sampled_from(VALID_HEADERS), st.lists(st.sampled_from(HEADER_NAMES), max_size=6))
    )
    mode = draw(st.sampled_from(MODES))
    if header in VALID_HEADERS and draw(st.integers(0, 4)):  # mostly the mode the header is written for
        mode = "binary" if "q" in header else "multiclass"
    separator = draw(st.sampled_from([",", ",", ";", "\t", "|"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r", "\n\n"]))
    width = st.one_of(st.just(len(header)), st.integers(min_value=0, max_value=len(header) + 1))
    cells = st.sampled_from([PLAUSIBLE_CELLS, PLAUSIBLE_CELLS, CELLS])
    row = st.tuples(width, cells).flatmap(
        lambda shape: st.lists(shape[1], min_size=shape[0], max_size=shape[0])
    )
    text = newline.join(separator.join(cells) for cells in [header, *draw(st.lists(row, max_size=6))])
    text = draw(st.sampled_from(["", "\ufeff", "\n\n"])) + text + draw(st.sampled_from(["", newline]))
    return text.encode("utf-8", errors="surrogatepass") if draw(st.booleans()) else text, mode


def parse_or_none(raw, **options):
    """Parse; a DatasetError (with a message) gives None, and any other exception fails the test."""
    try:
        return parse_predictions(raw, **options)
    except DatasetError as error:
        assert str(error).strip()
        return None


def assert_sound(parsed):
    """A parsed data set holds probabilities, and every downstream function works on it."""
    probabilities = parsed.table[
        list(parsed.class_names) if parsed.mode == "multiclass" else ["q"]
    ].to_numpy()
    assert ((probabilities >= 0) & (probabilities <= 1)).all()
    if parsed.mode == "multiclass":
        np.testing.assert_allclose(probabilities.sum(axis=1), 1, atol=1e-6)
    losses = per_sample_losses(parsed)
    assert (losses["loss"] >= 0).all() and not losses["loss"].isna().any()
    summary = dataset_summary(losses)
    assert summary["n"] == len(parsed.table) and 0 <= summary["accuracy"] <= 1
    assert len(running_computation(losses).steps) == min(8, len(losses))
    assert len(top_contributors(losses)) == min(5, len(losses))
    assert calibration_table(parsed)["count"].sum() == len(parsed.table)


@HOSTILE
@given(raw_and_mode=csv_like(), from_logits=st.booleans(), renormalise=st.booleans())
def test_csv_shaped_junk_raises_only_dataset_error(raw_and_mode, from_logits, renormalise):
    raw, mode = raw_and_mode
    parsed = parse_or_none(raw, mode=mode, from_logits=from_logits, renormalise=renormalise)
    if parsed is not None:
        assert_sound(parsed)


@HOSTILE
@given(raw=st.one_of(st.binary(max_size=200), st.text(max_size=200)), mode=st.sampled_from(MODES))
def test_random_bytes_and_text_raise_only_dataset_error(raw, mode):
    parsed = parse_or_none(raw, mode=mode)
    if parsed is not None:
        assert_sound(parsed)


@HOSTILE
@given(
    cells=st.lists(st.sampled_from(JUNK_CELLS + ["0.2", "0.3", "0.7", "0.25"]), min_size=3, max_size=3),
    label=st.sampled_from(["dog", "cat", "rabbit", "hamster", "", " cat", "0", "1"]),
    mode=st.sampled_from(MODES),
    from_logits=st.booleans(),
)
def test_one_hostile_row_under_a_valid_header(cells, label, mode, from_logits):
    raw = f"label,dog,cat,rabbit\n{label},{','.join(cells)}\n"
    if mode == "binary":
        raw = f"label,q\n{label},{cells[0]}\n"
    parsed = parse_or_none(raw, mode=mode, from_logits=from_logits)
    if parsed is not None:
        assert_sound(parsed)


@st.composite
def dressed_up_csv(draw):
    """(raw, mode, labels, probabilities): valid data written the many ways a spreadsheet might write it."""
    mode = draw(st.sampled_from(MODES))
    n = draw(st.integers(min_value=1, max_value=8))
    classes = ["dog", "cat", "rabbit", "hamster"][: draw(st.integers(min_value=2, max_value=4))]
    if mode == "binary":
        classes = ["0", "1"]
        p = np.array(draw(st.lists(st.floats(min_value=0, max_value=1), min_size=n, max_size=n)))
        probabilities = {"q": p}
    else:
        weights = draw(
            st.lists(
                st.floats(min_value=1e-3, max_value=1), min_size=n * len(classes), max_size=n * len(classes)
            )
        )
        q = np.reshape(weights, (n, len(classes)))
        probabilities = dict(zip(classes, (q / q.sum(axis=1, keepdims=True)).T, strict=True))
    labels = draw(st.lists(st.sampled_from(classes), min_size=n, max_size=n))
    text = st.text(
        alphabet=st.characters(exclude_characters="\x00\r", exclude_categories=["Cs"]), max_size=12
    )
    separator = draw(st.sampled_from([",", ";", "\t"]))
    decimal = "," if separator != "," and draw(st.booleans()) else "."
    pad = st.sampled_from(["", " ", "  "])

    columns = {"label": [draw(pad) + label + draw(pad) for label in labels]}
    for name, values in probabilities.items():
        columns[name] = [draw(pad) + repr(float(value)).replace(".", decimal) + draw(pad) for value in values]
    if draw(st.booleans()):
        columns["text"] = draw(st.lists(text, min_size=n, max_size=n))
    order = draw(st.permutations(list(columns)))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(
        [
            draw(st.sampled_from([name, name.upper()])) if name in ("label", "q", "text") else name
            for name in order
        ]
    )
    for i in range(n):
        if draw(st.integers(0, 4)) == 0:
            writer.writerow([])
        writer.writerow([columns[name][i] for name in order])
    raw = draw(st.sampled_from(["", "\ufeff"])) + buffer.getvalue()
    return raw.encode("utf-8") if draw(st.booleans()) else raw, mode, labels, probabilities


@HOSTILE
@given(case=dressed_up_csv())
def test_valid_data_in_any_accepted_dress_reads_back_exactly(case):
    raw, mode, labels, probabilities = case
    parsed = parse_predictions(raw, mode=mode)
    assert parsed.table["label"].astype(str).tolist() == labels
    for name, values in probabilities.items():
        np.testing.assert_array_equal(parsed.table[name].to_numpy(), values)
    assert all(notice.startswith("Decimal commas") for notice in parsed.notices)
    assert_sound(parsed)


# ---------------------------------------------------------------------------------------------------------
# Every bad input from the issue: a DatasetError naming the row and column
# ---------------------------------------------------------------------------------------------------------

# fmt: off
BAD_INPUTS = {
    # name: (mode, raw, row, column, words the message must contain)
    "empty file": ("binary", b"", None, None, "empty"),
    "only blank lines": ("multiclass", "\n \r\n\t\n", None, None, "empty"),
    "header but no rows": ("binary", "label,q\n\n", None, None, "no rows"),
    "no header, binary": ("binary", "1,0.9\n0,0.2\n", 1, None, "no header"),
    "no header, multi-class": ("multiclass", "cat,0.7,0.2,0.1\n", 1, None, "no header"),
    "missing p column": ("binary", "label\n1\n", 1, "q", "'q'"),
    "wrong column name": ("binary", "label,prob\n1,0.9\n", 1, "q", "prob"),
    "missing label column": ("multiclass", "dog,cat\n0.5,0.5\n", 1, "label", "'label'"),
    "multi-class file, binary mode": ("binary", "label,dog,cat\ndog,0.5,0.5\n", 1, "q", "multi-class mode"),
    "binary file, multi-class mode": ("multiclass", "label,q\n1,0.5\n", 1, None, "binary mode"),
    "non-numeric cell": ("binary", "label,q\n1,0.9\n0,abc\n", 3, "q", "'abc' is not a number"),
    "non-numeric class cell": ("multiclass", "label,a,b\na,0.5,0.5\nb,half,0.5\n", 3, "a", "'half'"),
    "probability above 1": ("binary", "label,q\n1,0.9\n0,1.5\n", 3, "q", "between 0 and 1"),
    "probability below 0": ("multiclass", "label,dog,cat\ndog,-0.2,1.2\n", 2, "dog", "between 0 and 1"),
    "row sum far from 1": ("multiclass", "label,a,b\na,0.5,0.5\nb,0.5,0.4\n", 3, None, "add up to 0.9"),
    "row of zeros": ("multiclass", "label,dog,cat\ndog,0,0\n", 2, None, "every probability is 0"),
    "label not a class": ("multiclass", "label,dog,cat\ndog,0.5,0.5\ncow,0.5,0.5\n", 3, "label", "'cow'"),
    "binary label 2": ("binary", "label,q\n1,0.5\n2,0.5\n", 3, "label", "0 or 1"),
    "binary label word": ("binary", "label,q\nspam,0.5\n", 2, "label", "'spam'"),
    "empty label": ("multiclass", "label,dog,cat\n,0.5,0.5\n", 2, "label", "empty"),
    "NaN": ("binary", "label,q\n1,0.5\n0,NaN\n", 3, "q", "NaN"),
    "empty probability": ("multiclass", "label,dog,cat\ndog,0.5,\n", 2, "cat", "empty"),
    "infinity": ("multiclass", "label,dog,cat\ndog,0.5,inf\n", 2, "cat", "infinite"),
    "overflowing number": ("binary", "label,q\n1,1e999\n", 2, "q", "infinite"),
    "duplicate column": ("binary", "label,q,q\n1,0.9,0.8\n", 1, "q", "two columns called 'q'"),
    "duplicate up to case": ("multiclass", "label,dog,Label,cat\n", 1, "label", "two columns"),
    "unnamed column": ("binary", ",label,q\n0,1,0.9\n", 1, None, "Column 1 has no name"),
    "extra cell in first row": ("binary", "label,q\n1,0.9,7\n", 2, None, "3 cells"),
    "extra cell later": ("binary", "label,q\n1,0.9\n\n0,0.2,7\n", 4, None, "3 cells"),
    "unclosed quote": ("binary", 'label,q\n1,0.9\n0,"0.2\n', 3, None, "never closed"),
    "PNG renamed .csv": ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, None, "binary data"),
    "UTF-16 text": ("binary", "label,q\n1,0.9\n".encode("utf-16"), None, None, "NUL"),
    "Latin-1 text": ("binary", "id,text,label,q\n1,caf\xe9,0,0.1\n".encode("latin-1"), None, None, "UTF-8"),
    "lone surrogate in text": ("binary", "label,q\n1,0.5\ud800\n", None, None, "UTF-8"),
    "too few classes": ("multiclass", "label,dog\ndog,1\n", 1, None, "at least 2"),
    "too many classes": ("multiclass", "label," + ",".join(f"c{k}" for k in range(51)) + "\n", 1, None, "51"),
    "wide header": ("binary", ";".join(f"c{k}" for k in range(2000)), 1, None, "more than 1,000 columns"),
}
# fmt: on


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_each_bad_input_names_its_row_and_column(name):
    mode, raw, row, column, words = BAD_INPUTS[name]
    with pytest.raises(DatasetError) as caught:
        parse_predictions(raw, mode=mode)
    message = str(caught.value)
    assert words in message
    assert (caught.value.row, caught.value.column) == (row, column)
    if row is not None:
        assert f"row {row}" in message.lower()
    if row is not None and row > 1:
        assert "header is row 1" in message  # says which numbering it uses
    if column is not None:
        assert f"'{column}'" in message


def test_more_rows_than_the_limit():
    rows = "label,q\n" + "1,0.5\n" * 100_001
    with pytest.raises(DatasetError, match="100,001 rows.*limit is 100,000"):
        parse_predictions(rows, mode="binary")
    assert len(parse_predictions("label,q\n" + "1,0.5\n" * 5, mode="binary", max_rows=5).table) == 5
    with pytest.raises(DatasetError, match="6 rows"):
        parse_predictions("label,q\n" + "1,0.5\n" * 6, mode="binary", max_rows=5)


def test_many_bad_rows_are_counted():
    with pytest.raises(DatasetError, match=r"Row 2, column 'q'.*\(2 more rows like this\)"):
        parse_predictions("label,q\n1,2\n0,3\n1,4\n", mode="binary")


def test_only_a_sum_error_can_be_renormalised():
    with pytest.raises(DatasetError) as caught:
        parse_predictions("label,dog,cat\ndog,0.6,0.6\n", mode="multiclass")
    assert caught.value.can_renormalise
    with pytest.raises(DatasetError) as caught:
        parse_predictions("label,dog,cat\ndog,0,0\n", mode="multiclass", renormalise=True)
    assert not caught.value.can_renormalise


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: parse_predictions("label,q\n1,0.5\n", mode="ternary"), "mode"),
        (lambda: parse_predictions(None, mode="binary"), "raw"),
        (lambda: parse_predictions("label,q\n1,0.5\n", mode="binary", max_rows=0), "max_rows"),
        (lambda: template_csv("both"), "mode"),
        (lambda: load_example("iris"), "name"),
        (lambda: running_computation(per_sample_losses(load_example("spam_filter")), first=0), "first"),
        (lambda: top_contributors(per_sample_losses(load_example("spam_filter")), k=True), "k"),
        (lambda: calibration_table(load_example("spam_filter"), bins=2.5), "bins"),
    ],
)
def test_bad_arguments_raise_value_error_naming_the_argument(call, argument):
    with pytest.raises(ValueError, match=f"^{argument}:") as caught:
        call()
    assert not isinstance(caught.value, DatasetError)


# ---------------------------------------------------------------------------------------------------------
# Good files parse, in every accepted dialect
# ---------------------------------------------------------------------------------------------------------

DIALECTS = {
    "plain": "label,q\n1,0.9\n0,0.2\n",
    "semicolon, decimal comma, BOM, CRLF, blank line": "\ufefflabel;q\r\n1;0,9\r\n\r\n0;0,2\r\n",
    "semicolon, decimal point": "label;q\n1;0.9\n0;0.2\n",
    "tab": "label\tq\n1\t0.9\n0\t0.2\n",
    "capitals, spaces, other order": " P , LABEL \n 0.9 , 1 \n0.2,0\n",
    "quoted numbers": '"label","q"\n"1","0.9"\n"0","0.2"\n',
    "leading blank lines, no final newline": "\n\nlabel,q\n1,0.9\n0,0.2",
    "old Mac line ends": "label,q\r1,0.9\r0,0.2\r",
}


@pytest.mark.parametrize("name", DIALECTS)
def test_every_dialect_reads_the_same_numbers(name):
    for raw in (DIALECTS[name], DIALECTS[name].encode("utf-8")):
        parsed = parse_predictions(raw, mode="binary")
        assert parsed.table["label"].tolist() == [1, 0]
        assert parsed.table["q"].tolist() == [0.9, 0.2]


def test_decimal_commas_get_a_notice():
    raw = DIALECTS["semicolon, decimal comma, BOM, CRLF, blank line"]
    assert parse_predictions(raw, mode="binary").notices == (
        "Decimal commas were read as decimal points (0,7 as 0.7).",
    )
    assert parse_predictions(DIALECTS["semicolon, decimal point"], mode="binary").notices == ()


def test_display_columns_are_kept_and_quoted_separators_survive():
    raw = 'id,text,label,q\n7,"Hello, you won!",1,0.9\n8,,0,0.1\n'
    table = parse_predictions(raw, mode="binary").table
    assert table["text"].tolist() == ["Hello, you won!", ""]
    assert table["id"].tolist() == ["7", "8"]
    assert table.index.tolist() == [2, 3]  # spreadsheet rows


def test_rows_are_numbered_as_in_a_spreadsheet_even_after_blank_lines():
    parsed = parse_predictions("label,dog,cat\ndog,0.5,0.5\n\n\ncat, 0.1 ,0.9\n", mode="multiclass")
    assert parsed.table.index.tolist() == [2, 5]
    with pytest.raises(DatasetError, match="Row 5"):
        parse_predictions("label,dog,cat\ndog,0.5,0.5\n\n\ncow,0.1,0.9\n", mode="multiclass")


def test_labels_with_spaces_match_their_class():
    parsed = parse_predictions("label,dog,cat\n cat ,0.5,0.5\n", mode="multiclass")
    assert parsed.table["label"].tolist() == ["cat"]
    assert parsed.targets.tolist() == [1]


def test_a_parsed_table_round_trips_through_csv():
    for name in ("spam_filter", "pet_classifier"):
        parsed = load_example(name)
        again = parse_predictions(parsed.table.to_csv(index=False), mode=parsed.mode)
        pd.testing.assert_frame_equal(again.table.reset_index(drop=True), parsed.table.reset_index(drop=True))


def test_str_and_bytes_give_the_same_table():
    text = "id,label,dog,cat\nä,cat,0.25,0.75\n"
    from_text = parse_predictions(text, mode="multiclass").table
    pd.testing.assert_frame_equal(from_text, parse_predictions(text.encode(), mode="multiclass").table)
    pd.testing.assert_frame_equal(
        from_text, parse_predictions(b"\xef\xbb\xbf" + text.encode(), mode="multiclass").table
    )


# ---------------------------------------------------------------------------------------------------------
# Losses agree with sklearn and scipy
# ---------------------------------------------------------------------------------------------------------


@st.composite
def multiclass_data(draw):
    """Labels and strictly positive probability rows (each summing to 1 up to rounding), as arrays."""
    n = draw(st.integers(min_value=1, max_value=30))
    k = draw(st.integers(min_value=2, max_value=8))
    weights = draw(st.lists(st.floats(min_value=1e-3, max_value=1.0), min_size=n * k, max_size=n * k))
    q = np.reshape(weights, (n, k))
    q = q / q.sum(axis=1, keepdims=True)
    labels = np.asarray(draw(st.lists(st.integers(min_value=0, max_value=k - 1), min_size=n, max_size=n)))
    return labels, q


def write_multiclass(labels, numbers, separator=","):
    """A multi-class CSV with classes c0..c(K-1)."""
    names = [f"c{j}" for j in range(numbers.shape[1])]
    table = pd.DataFrame(numbers, columns=names)
    table.insert(0, "label", [names[j] for j in labels])
    return table.to_csv(index=False, sep=separator)


@given(
    data=multiclass_data(), separator=st.sampled_from([",", ";", "\t"]), base=st.sampled_from([math.e, 2.0])
)
def test_multiclass_losses_match_sklearn_and_scipy(data, separator, base):
    labels, q = data
    parsed = parse_predictions(write_multiclass(labels, q, separator), mode="multiclass")
    assert parsed.notices == ()
    losses = per_sample_losses(parsed, base=base)

    one_hot = np.eye(q.shape[1])[labels]
    np.testing.assert_allclose(
        losses["loss"], scipy.stats.entropy(one_hot, q, axis=1) / np.log(base), rtol=1e-9
    )
    np.testing.assert_allclose(losses["q_true"], q[np.arange(len(q)), labels], rtol=1e-12)
    summary = dataset_summary(losses)
    reference = log_loss(labels, q, labels=range(q.shape[1])) / np.log(base)
    assert summary["mean_loss"] == pytest.approx(reference, rel=1e-9)
    assert summary["sum_loss"] == pytest.approx(reference * len(labels), rel=1e-9)
    assert summary["accuracy"] == pytest.approx(accuracy_score(labels, q.argmax(axis=1)))


@given(
    pairs=st.lists(
        st.tuples(st.integers(min_value=0, max_value=1), st.floats(min_value=1e-6, max_value=1 - 1e-6)),
        min_size=1,
        max_size=30,
    )
)
def test_binary_losses_match_sklearn_and_scipy(pairs):
    y, p = np.array(pairs).T
    raw = "label,q\n" + "".join(f"{int(label)},{float(prob)!r}\n" for label, prob in zip(y, p, strict=True))
    losses = per_sample_losses(parse_predictions(raw, mode="binary"))
    expected = -scipy.special.xlogy(y, p) - scipy.special.xlog1py(1 - y, -p)
    np.testing.assert_allclose(losses["loss"], expected, rtol=1e-9)
    assert dataset_summary(losses)["mean_loss"] == pytest.approx(log_loss(y, p, labels=[0, 1]), rel=1e-9)
    assert losses["predicted"].tolist() == (p > 0.5).astype(int).tolist()


def test_confidently_wrong_gives_infinite_loss_without_warnings():
    losses = per_sample_losses(parse_predictions("label,dog,cat\ndog,0,1\ncat,0,1\n", mode="multiclass"))
    assert losses["loss"].tolist() == [math.inf, 0.0]
    assert dataset_summary(losses)["mean_loss"] == math.inf
    assert top_contributors(losses)["share"].tolist() == [1.0, 0.0]


# ---------------------------------------------------------------------------------------------------------
# Logits and renormalisation
# ---------------------------------------------------------------------------------------------------------


@given(
    data=multiclass_data(),
    scale=st.floats(min_value=0.1, max_value=60),
)
def test_multiclass_logits_go_through_softmax(data, scale):
    labels, q = data
    z = scale * np.log(q)  # any real numbers will do as logits
    parsed = parse_predictions(write_multiclass(labels, z), mode="multiclass", from_logits=True)
    np.testing.assert_allclose(
        parsed.table[list(parsed.class_names)], scipy.special.softmax(z, axis=1), atol=1e-12
    )
    expected = -scipy.special.log_softmax(z, axis=1)[np.arange(len(z)), labels]
    np.testing.assert_allclose(per_sample_losses(parsed)["loss"], expected, rtol=1e-9, atol=1e-12)
    assert any("softmax" in notice for notice in parsed.notices)


def test_binary_logits_go_through_sigmoid_and_keep_large_losses_finite():
    z = np.array([-3.0, 0.0, 2.5, 50.0])
    y = np.array([0, 1, 1, 0])
    raw = "label,q\n" + "".join(f"{label},{logit}\n" for label, logit in zip(y, z, strict=True))
    parsed = parse_predictions(raw, mode="binary", from_logits=True)
    np.testing.assert_allclose(parsed.table["q"], scipy.special.expit(z), rtol=1e-12)
    expected = -np.where(y == 1, scipy.special.log_expit(z), scipy.special.log_expit(-z))
    losses = per_sample_losses(parsed)["loss"]
    np.testing.assert_allclose(losses, expected, rtol=1e-12)
    assert losses.iloc[-1] == pytest.approx(50.0)  # sigmoid(50) rounds to 1, yet the loss is 50, not inf


def test_logits_outside_0_1_are_refused_as_probabilities_with_a_hint():
    with pytest.raises(DatasetError, match="logits"):
        parse_predictions("label,q\n1,2.5\n", mode="binary")


def test_rows_within_tolerance_are_renormalised_with_a_notice():
    parsed = parse_predictions(
        "label,dog,cat\ndog,0.5,0.4995\ncat,0.3,0.7\ncat,0.6,0.4008\n", mode="multiclass"
    )
    assert parsed.table.loc[2, "dog"] == pytest.approx(0.5 / 0.9995, rel=1e-12)
    assert parsed.table.loc[3, "cat"] == 0.7  # already summed to 1: untouched
    np.testing.assert_allclose(parsed.table[["dog", "cat"]].sum(axis=1), 1, rtol=1e-12)
    assert parsed.notices == (
        "Rows 2 and 4 added up to between 0.9995 and 1.0008 rather than exactly 1; "
        "they were rescaled to sum to 1.",
    )


def test_floating_point_noise_is_left_alone():
    parsed = parse_predictions("label,a,b,c\na,0.7,0.2,0.1\n", mode="multiclass")
    assert parsed.notices == ()
    assert parsed.table[["a", "b", "c"]].iloc[0].tolist() == [0.7, 0.2, 0.1]


def test_rows_far_from_one_are_renormalised_only_on_request():
    raw = "label,dog,cat\ndog,0.5,0.5\ncat,1,1\n"
    with pytest.raises(DatasetError, match="Row 3: the probabilities add up to 2") as caught:
        parse_predictions(raw, mode="multiclass")
    assert caught.value.can_renormalise and caught.value.row == 3
    parsed = parse_predictions(raw, mode="multiclass", renormalise=True)
    assert parsed.table.loc[3, ["dog", "cat"]].tolist() == [0.5, 0.5]
    assert parsed.notices == ("Row 3 added up to 2 rather than exactly 1; it was rescaled to sum to 1.",)


def test_many_renormalised_rows_are_summarised():
    raw = "label,a,b\n" + "a,0.5,0.5001\n" * 8
    (notice,) = parse_predictions(raw, mode="multiclass").notices
    assert notice.startswith("Rows 2, 3, 4, 5, 6 and 3 more added up to 1.0001")


# ---------------------------------------------------------------------------------------------------------
# The loop, the top contributors, calibration
# ---------------------------------------------------------------------------------------------------------


def test_running_computation_is_the_loop_of_the_brief():
    q_true = np.array([0.9, 0.5, 0.25, 0.8, 0.6])
    raw = "label,q\n" + "".join(f"1,{p}\n" for p in q_true)
    loop = running_computation(per_sample_losses(parse_predictions(raw, mode="binary"), base=2), first=3)
    np.testing.assert_allclose(loop.steps["log_term"], np.log2(q_true[:3]), rtol=1e-12)
    np.testing.assert_allclose(loop.steps["running_total"], np.cumsum(np.log2(q_true))[:3], rtol=1e-12)
    assert loop.n == 5
    assert loop.total == pytest.approx(np.log2(q_true).sum(), rel=1e-12)
    assert loop.mean_loss == pytest.approx(log_loss(np.ones(5), q_true, labels=[0, 1]) / np.log(2), rel=1e-12)
    assert loop.steps.index.tolist() == [2, 3, 4]


def test_a_perfect_sample_shows_a_log_term_of_plus_zero():
    loop = running_computation(per_sample_losses(parse_predictions("label,q\n1,1\n", mode="binary")))
    assert math.copysign(1, loop.steps["log_term"].iloc[0]) == 1


def test_the_important_email_dominates_the_spam_filter_loss():
    spam = load_example("spam_filter")
    losses = per_sample_losses(spam)
    top = top_contributors(losses, k=3)
    worst = top.iloc[0]
    assert (worst["label"], spam.table.loc[top.index[0], "q"]) == (0, 0.98)
    assert worst["loss"] == pytest.approx(-np.log(0.02))
    assert worst["share"] == pytest.approx(
        -np.log(0.02) / log_loss(spam.table["label"], spam.table["q"]) / 20
    )
    assert worst["share"] > 0.5
    assert top["loss"].is_monotonic_decreasing


def test_calibration_table_matches_a_pandas_groupby():
    rng = np.random.default_rng(0)
    labels, q = rng.integers(0, 4, 500), rng.dirichlet(np.ones(4) * 0.5, 500)
    parsed = parse_predictions(write_multiclass(labels, q), mode="multiclass")
    table = calibration_table(parsed, bins=10)

    confidence = q.max(axis=1)
    groups = pd.DataFrame(
        {
            "bin": np.floor(np.clip(confidence, 0, 1 - 1e-12) * 10),
            "confidence": confidence,
            "correct": q.argmax(axis=1) == labels,
        }
    ).groupby("bin")
    np.testing.assert_allclose(table["count"], groups.size())
    np.testing.assert_allclose(table["confidence"], groups["confidence"].mean(), rtol=1e-9)
    np.testing.assert_allclose(table["accuracy"], groups["correct"].mean(), rtol=1e-12)
    np.testing.assert_allclose(table["bin_low"], groups.size().index / 10)


def test_a_confidence_of_one_falls_in_the_last_bin():
    table = calibration_table(parse_predictions("label,q\n1,1.0\n0,0.0\n", mode="binary"), bins=4)
    assert table[["bin_low", "bin_high", "count", "accuracy"]].values.tolist() == [[0.75, 1.0, 2, 1.0]]


# ---------------------------------------------------------------------------------------------------------
# Examples, templates, charts
# ---------------------------------------------------------------------------------------------------------


def test_examples_load_cleanly():
    spam, pets = load_example("spam_filter"), load_example("pet_classifier")
    assert (spam.mode, len(spam.table), spam.notices) == ("binary", 20, ())
    assert (pets.mode, len(pets.table), pets.notices) == ("multiclass", 15, ())
    assert pets.class_names == ("dog", "cat", "rabbit")
    cat_called_dog = pets.table[(pets.table["label"] == "cat") & (pets.table["dog"] == 0.7)]
    assert len(cat_called_dog) == 1
    loss = per_sample_losses(pets).loc[cat_called_dog.index[0], "loss"]
    assert loss == pytest.approx(-np.log(cat_called_dog["cat"].iloc[0]))  # only the cat column matters


@pytest.mark.parametrize("mode", MODES)
def test_templates_parse_in_their_own_mode_only(mode):
    assert parse_predictions(template_csv(mode), mode=mode).notices == ()
    other = MODES[1 - MODES.index(mode)]
    with pytest.raises(DatasetError):
        parse_predictions(template_csv(mode), mode=other)


@pytest.mark.parametrize("presenter", [False, True])
def test_charts_use_the_palette_and_say_their_point(presenter):
    pets = load_example("pet_classifier")
    losses = per_sample_losses(pets, base=2)
    histogram = loss_histogram_figure(losses, presenter=presenter, unit="bits")
    (bars_of_losses,) = histogram.data
    assert bars_of_losses.marker.color == palette.CROSS_ENTROPY
    np.testing.assert_allclose(bars_of_losses.x, -np.log2(losses["q_true"]))
    assert "bits" in histogram.layout.title.text and "bits" in histogram.layout.xaxis.title.text
    (mean_line,) = histogram.layout.shapes
    assert mean_line.x0 == pytest.approx(
        log_loss(pets.targets, pets.table[["dog", "cat", "rabbit"]]) / np.log(2)
    )

    reliability = reliability_figure(calibration_table(pets), presenter=presenter)
    bars, diagonal = reliability.data
    assert diagonal.line.color == palette.NEUTRAL and list(diagonal.y) == [0, 1]
    assert bars.marker.color == palette.CROSS_ENTROPY
    np.testing.assert_array_equal(bars.y, calibration_table(pets)["accuracy"])
    for figure in (histogram, reliability):
        go.Figure(figure.to_dict())  # built unvalidated for speed: plotly checks every key here


def test_histogram_counts_infinite_losses_in_its_title():
    losses = per_sample_losses(parse_predictions("label,q\n1,0\n1,0.5\n", mode="binary"))
    figure = loss_histogram_figure(losses)
    assert figure.layout.title.text.startswith("1 sample with probability 0 on the true class")
    np.testing.assert_allclose(figure.data[0].x, [np.log(2)])
    assert not figure.layout.shapes  # no line at an infinite mean
    go.Figure(figure.to_dict())


def test_an_older_binary_file_that_names_the_prediction_p_is_read_as_q():
    old = parse_predictions("id,label,P\n1,1,0.9\n2,0,0.2\n", mode="binary")
    assert old.table["q"].tolist() == [0.9, 0.2]
    with pytest.raises(DatasetError, match="column 'q'"):
        parse_predictions("label,p\n1,1.5\n", mode="binary")
    with pytest.raises(DatasetError, match=r"binary mode does not use: p\."):
        parse_predictions("label,q,p\n1,0.9,0.5\n", mode="binary")  # a new file's q wins; p is then unknown
