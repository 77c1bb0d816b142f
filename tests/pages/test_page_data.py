"""AppTest: the "Your data" page, from the example tables to hostile uploads.

Expected numbers come from sklearn.metrics (log_loss, accuracy_score) on the CSV files read here with
pandas, never from core/. Editing the table: AppTest's data_editor has no set_value, so the tests assign
the editor's edit state (edited_rows / added_rows / deleted_rows) to its key in session state before a
run, exactly what the browser widget sends. Uploads go through AppTest's own file_uploader.upload().
"""

import json
import math
import re
import tomllib

import numpy as np
import pandas as pd
import pytest
from helpers import ROOT, metrics, opened, prose_problems
from scipy.special import expit
from scipy.special import softmax as scipy_softmax
from sklearn.metrics import accuracy_score, log_loss

PAGE = "pages/data.py"
EXAMPLES = ROOT / "assets" / "examples"
SPAM = pd.read_csv(EXAMPLES / "spam_filter.csv")
PETS = pd.read_csv(EXAMPLES / "pet_classifier.csv")
PET_CLASSES = ["dog", "cat", "rabbit"]
MEAN, SUM, N, ACCURACY = "Dataset loss (mean)", "Sum of the losses", "Samples N", "Accuracy"


def binary_numbers(labels, p, unit="nats"):
    """The four metrics as the page should show them, from sklearn."""
    labels, p = np.asarray(labels), np.asarray(p, dtype=float)
    scale = math.log(2) if unit == "bits" else 1.0
    mean = log_loss(labels, p, labels=[0, 1]) / scale
    return {
        MEAN: f"{mean:.3f} {unit}",
        SUM: f"{mean * len(labels):.3f} {unit}",
        N: f"{len(labels):,}",
        ACCURACY: f"{100 * accuracy_score(labels, p > 0.5):.1f} %",
    }


def multiclass_numbers(labels, q, classes=PET_CLASSES, unit="nats"):
    """The four metrics for class-name labels and an (N, K) probability array, from sklearn."""
    q = np.asarray(q, dtype=float)
    scale = math.log(2) if unit == "bits" else 1.0
    order = np.argsort(classes)  # sklearn expects the columns in sorted label order
    mean = log_loss(labels, q[:, order], labels=np.asarray(classes)[order]) / scale
    predicted = np.asarray(classes)[q.argmax(axis=1)]
    return {
        MEAN: f"{mean:.3f} {unit}",
        SUM: f"{mean * len(labels):.3f} {unit}",
        N: f"{len(labels):,}",
        ACCURACY: f"{100 * accuracy_score(labels, predicted):.1f} %",
    }


SPAM_NUMBERS = binary_numbers(SPAM["label"], SPAM["q"])
PET_NUMBERS = multiclass_numbers(PETS["label"], PETS[PET_CLASSES])


def plain(text):
    """Markdown-escaped text as a reader sees it: every backslash escape undone."""
    return re.sub(r"\\(.)", r"\1", text)


def problems(app):
    """The error messages on the page, as a reader sees them."""
    return [plain(error.value) for error in app.error]


def edit(app, key, edited_rows=None, added_rows=(), deleted_rows=()):
    """Send the data editor `key` an edit, as the browser widget does, and rerun."""
    app.session_state[key] = {
        "edited_rows": edited_rows or {},
        "added_rows": list(added_rows),
        "deleted_rows": list(deleted_rows),
    }
    return app.run()


def upload(app, content, name="predictions.csv"):
    """Drop a file on the uploader (replacing any earlier one) and rerun."""
    app.file_uploader(key="data_file").set_value((name, content, "text/csv"))
    return app.run()


# --- The example tables and the mode switch ------------------------------------------------------------


def test_opens_on_the_spam_filter_with_sklearn_numbers(open_page):
    app = open_page(PAGE)
    assert not app.exception
    assert app.radio(key="kind").value == "binary"
    assert metrics(app) == SPAM_NUMBERS
    assert not app.error
    assert len(app.data_editor) == 1
    table = app.data_editor(key="data_table_binary").value
    assert table["q"].tolist() == SPAM["q"].tolist()


def test_switching_modes_swaps_the_example_and_back(open_page):
    app = open_page(PAGE)
    app.radio(key="kind").set_value("multiclass").run()
    assert not app.exception
    assert metrics(app) == PET_NUMBERS
    assert list(app.data_editor(key="data_table_multiclass").value.columns) == ["id", "label", *PET_CLASSES]
    app.radio(key="kind").set_value("binary").run()
    assert metrics(app) == SPAM_NUMBERS


def test_a_link_opens_multiclass_in_bits(open_page):
    app = open_page(PAGE, kind="multiclass", units="bits")
    assert app.radio(key="kind").value == "multiclass"
    assert metrics(app) == multiclass_numbers(PETS["label"], PETS[PET_CLASSES], unit="bits")


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "<script>alert(1)</script>"},
        {"kind": "**multiclass**"},
        {"kind": "nan"},
        {"kind": ""},
        {"kind": "MULTICLASS"},
        {"logits": "inf"},
        {"logits": "<img src=x onerror=alert(1)>"},
    ],
)
def test_a_hostile_link_falls_back_with_a_notice(open_page, query):
    app = open_page(PAGE, **query)
    assert not app.exception
    assert app.radio(key="kind").value == "binary" and app.toggle(key="logits").value is False
    assert metrics(app) == SPAM_NUMBERS
    notices = " ".join(warning.value for warning in app.warning)
    assert "not usable" in notices
    assert not re.search(r"(?<!\\)<", notices) and "**multiclass**" not in notices, "the value is escaped"


def test_uploads_and_edits_stay_out_of_the_url(open_page):
    app = open_page(PAGE)
    edit(app, "data_table_binary", edited_rows={0: {"q": 0.5}})
    upload(app, b"label,q\n1,0.9\n")
    app.toggle(key="logits").set_value(True).run()
    assert set(app.query_params) <= {"kind", "logits", "units", "depth", "present"}


# --- Editing the table -------------------------------------------------------------------------------


def test_editing_a_cell_updates_every_number(open_page):
    app = open_page(PAGE)
    edit(app, "data_table_binary", edited_rows={6: {"q": 0.5}})  # the job offer: 0.98 spam becomes 0.5
    assert not app.exception
    p = SPAM["q"].to_numpy().copy()
    p[6] = 0.5
    assert metrics(app) == binary_numbers(SPAM["label"], p)


def test_adding_and_deleting_rows(open_page):
    app = open_page(PAGE)
    edit(
        app,
        "data_table_binary",
        added_rows=[{"id": "21", "text": "Win big", "label": 1, "q": 0.6}],
        deleted_rows=[0, 1],
    )
    labels = [*SPAM["label"][2:], 1]
    p = [*SPAM["q"][2:], 0.6]
    assert metrics(app) == binary_numbers(labels, p)


def test_an_unfinished_row_names_its_cell_and_keeps_the_last_good_numbers(open_page):
    app = open_page(PAGE)
    edit(app, "data_table_binary", edited_rows={0: {"q": 0.5}})
    p = SPAM["q"].to_numpy().copy()
    p[0] = 0.5
    good = binary_numbers(SPAM["label"], p)
    assert metrics(app) == good
    edit(app, "data_table_binary", edited_rows={0: {"q": 0.5}}, added_rows=[{"id": "21", "q": 0.4}])
    assert not app.exception
    assert any("Row 22, column 'label'" in message for message in problems(app))
    assert metrics(app) == good, "the page keeps the last data that worked, the edited table"
    assert any("last data that worked" in info.value for info in app.info)


def test_a_multiclass_row_far_from_one_is_refused_then_rescaled_on_request(open_page):
    app = open_page(PAGE, kind="multiclass")
    edit(app, "data_table_multiclass", edited_rows={1: {"dog": 1.0}})  # 1.0 + 0.2 + 0.1 = 1.3
    assert any("Row 3" in message and "add up to 1.3" in message for message in problems(app))
    assert metrics(app) == PET_NUMBERS
    app.button(key="data_rescale_button").click().run()
    assert not app.error and not app.exception
    q = PETS[PET_CLASSES].to_numpy().copy()
    q[1] = [1.0, 0.2, 0.1]
    q /= q.sum(axis=1, keepdims=True)
    assert metrics(app) == multiclass_numbers(PETS["label"], q)
    assert any("rescaled" in info.value for info in app.info)


def test_the_running_computation_shows_the_first_log_terms(open_page):
    app = open_page(PAGE)
    steps = next(frame.value for frame in app.dataframe if "running_total" in frame.value.columns)
    q_true = np.where(SPAM["label"] == 1, SPAM["q"], 1 - SPAM["q"])
    np.testing.assert_allclose(steps["log_term"], np.log(q_true[:8]))
    np.testing.assert_allclose(steps["running_total"], np.cumsum(np.log(q_true))[:8])
    assert steps.index.tolist() == list(range(2, 10)), "rows numbered as in a spreadsheet"
    total = np.log(q_true).sum()
    latex = " ".join(block.value for block in app.latex)
    assert f"{total:.3f}" in latex and f"{-total / 20:.3f}" in latex


def test_the_costliest_samples_are_listed_with_their_share(open_page):
    app = open_page(PAGE)
    top = next(frame.value for frame in app.dataframe if "share" in frame.value.columns)
    losses = -np.log(np.where(SPAM["label"] == 1, SPAM["q"], 1 - SPAM["q"]))
    worst = np.argsort(losses)[::-1][:5]
    assert top.index.tolist() == (worst + 2).tolist()
    np.testing.assert_allclose(top["share"], 100 * losses[worst] / losses.sum())
    every = next(frame.value for frame in app.dataframe if "rank" in frame.value.columns)
    ranked = every[every["rank"] != ""]
    assert ranked.index.tolist() == sorted((worst + 2).tolist())
    assert [ranked.loc[row, "rank"] for row in worst + 2] == ["1", "2", "3", "4", "5"]
    np.testing.assert_allclose(every["loss"], losses)  # numbers, so a reader can sort by them


# --- Uploads -----------------------------------------------------------------------------------------


def test_an_upload_with_bom_semicolons_and_decimal_commas(open_page):
    app = open_page(PAGE)
    upload(app, "\ufeffid;label;q\na;1;0,8\nb;0;0,35\nc;1;0,1\n".encode())
    assert not app.exception and not app.error
    assert metrics(app) == binary_numbers([1, 0, 1], [0.8, 0.35, 0.1])
    assert any("Decimal commas" in info.value for info in app.info)
    assert not app.data_editor, "the file replaces the example table"
    app.file_uploader(key="data_file").clear().run()
    assert metrics(app) == SPAM_NUMBERS, "removing the file brings the table back"


def test_binary_logits_with_the_switch(open_page):
    app = open_page(PAGE, logits="true")
    upload(app, b"label,q\n1,2.5\n0,-1\n1,-0.5\n0,4\n")
    assert metrics(app) == binary_numbers([1, 0, 1, 0], expit([2.5, -1, -0.5, 4]))
    app.toggle(key="logits").set_value(False).run()
    assert any("Row 2, column 'q'" in message for message in problems(app)), "2.5 is no probability"


def test_multiclass_logits_with_the_switch(open_page):
    app = open_page(PAGE, kind="multiclass", logits="true")
    z = np.array([[2.0, 0.5, -1.0], [0.0, 3.0, 1.0], [10.0, -5.0, 0.0]])
    rows = "".join(
        f"{label},{','.join(map(str, row))}\n" for label, row in zip(["dog", "dog", "rabbit"], z, strict=True)
    )
    upload(app, f"label,dog,cat,rabbit\n{rows}".encode())
    assert metrics(app) == multiclass_numbers(["dog", "dog", "rabbit"], scipy_softmax(z, axis=1))


def test_a_multiclass_file_in_binary_mode_says_so_then_works_in_its_mode(open_page):
    app = open_page(PAGE)
    upload(app, (EXAMPLES / "pet_classifier.csv").read_bytes())
    assert any("belongs in multi-class mode" in message for message in problems(app))
    assert metrics(app) == SPAM_NUMBERS
    app.radio(key="kind").set_value("multiclass").run()
    assert not app.error
    assert metrics(app) == PET_NUMBERS


def test_rows_within_the_tolerance_are_rescaled_with_a_notice(open_page):
    app = open_page(PAGE, kind="multiclass")
    upload(app, b"label,dog,cat,rabbit\ncat,0.7,0.2,0.1004\ndog,0.5,0.25,0.25\n")
    assert not app.error
    q = np.array([[0.7, 0.2, 0.1004], [0.5, 0.25, 0.25]])
    assert metrics(app) == multiclass_numbers(["cat", "dog"], q / q.sum(axis=1, keepdims=True))
    assert any("Row 2 added up to 1.0004" in plain(info.value) for info in app.info)


def test_a_bad_upload_keeps_the_previous_good_upload(open_page):
    app = open_page(PAGE)
    upload(app, b"label,q\n1,0.9\n0,0.4\n", name="first.csv")
    good = binary_numbers([1, 0], [0.9, 0.4])
    assert metrics(app) == good
    upload(app, b"label,q\n1,0.9\n0,abc\n", name="second.csv")
    assert any("Row 3, column 'q'" in message for message in problems(app))
    assert metrics(app) == good
    assert any("first.csv" in plain(info.value) for info in app.info)


def many_rows(n):
    """A binary file with n rows of data."""
    return b"label,q\n" + b"1,0.9\n" * n


BAD_UPLOADS = {
    "empty file": (b"", ["The file is empty"]),
    "only blank lines": (b"\n\n  \n", ["The file is empty"]),
    "no header": (b"1,0.9\n0,0.2\n", ["Row 1", "no header"]),
    "missing column": (b"label,prob\n1,0.9\n", ["no 'q' column", "prob"]),
    "no label column": (b"truth,q\n1,0.9\n", ["no 'label'"]),
    "non-numeric cell": (b"label,q\n1,0.9\n0,abc\n", ["Row 3, column 'q'", "'abc' is not a number"]),
    "probability above 1": (b"label,q\n1,0.9\n1,1.5\n", ["Row 3, column 'q'", "not a probability"]),
    "negative probability": (b"label,q\n0,-0.2\n", ["Row 2, column 'q'", "not a probability"]),
    "label not 0 or 1": (b"label,q\n2,0.5\n", ["Row 2, column 'label'", "must be 0 or 1"]),
    "NaN": (b"label,q\n1,0.9\n1,nan\n", ["Row 3, column 'q'", "empty or NaN"]),
    "empty cell": (b"label,q\n1,\n", ["Row 2, column 'q'", "empty or NaN"]),
    "infinity": (b"label,q\n1,inf\n", ["Row 2, column 'q'", "infinite"]),
    "huge number": (b"label,q\n1,1e999\n", ["Row 2, column 'q'", "infinite"]),
    "duplicate columns": (b"label,q,q\n1,0.5,0.5\n", ["two columns called 'q'"]),
    "unnamed column": (b"label,q,\n1,0.5,\n", ["Column 3 has no name"]),
    "ragged row": (b"label,q\n1,0.5\n0,0.5,7\n", ["Row 3 has 3 cells"]),
    "binary file renamed .csv": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["binary data"]),
    "not UTF-8": (b"label,q\n1,0.9\xff\n", ["not UTF-8"]),
    "too many rows": (many_rows(100_001), ["100,001 rows", "limit is 100,000"]),
    "hostile column name": (
        b"label,q,<img src=x onerror=alert(1)>\n1,0.5,1\n",
        ["<img src=x onerror=alert(1)>"],
    ),
    "markdown in a cell": (b"label,q\n1,**0.5**\n", ["Row 2, column 'q'", "'**0.5**' is not a number"]),
}
BAD_MULTICLASS_UPLOADS = {
    "label not a class": (
        b"label,dog,cat\nhamster,0.5,0.5\n",
        ["Row 2, column 'label'", "'hamster' is not one"],
    ),
    "one class column": (b"label,dog\ndog,1\n", ["at least 2 classes"]),
    "row far from 1": (
        b"label,dog,cat\ncat,0.5,0.6\ndog,0.3,0.3\n",
        ["Row 2", "add up to 1.1", "1 more row"],
    ),
    "all zeros": (b"label,dog,cat\ncat,0,0\n", ["Row 2", "every probability is 0"]),
    "logit-looking numbers": (
        b"label,dog,cat\ncat,2.0,-1.0\n",
        ["Row 2, column 'dog'", "read them as logits"],
    ),
}


@pytest.fixture(scope="module")
def shared_app():
    """One app per mode for the whole table of bad files: each upload replaces the one before."""
    from streamlit.testing.v1 import AppTest

    apps = {}

    def _app(kind):
        if kind not in apps:
            app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
            app.query_params["kind"] = kind
            app.run()
            app.switch_page(PAGE)
            apps[kind] = app.run()
        return apps[kind]

    return _app


@pytest.mark.parametrize(
    ("kind", "content", "fragments"),
    [("binary", *case) for case in BAD_UPLOADS.values()]
    + [("multiclass", *case) for case in BAD_MULTICLASS_UPLOADS.values()],
    ids=[*BAD_UPLOADS, *BAD_MULTICLASS_UPLOADS],
)
def test_each_bad_upload_gets_a_clear_message_and_the_page_keeps_working(
    shared_app, kind, content, fragments
):
    app = upload(shared_app(kind), content, name="bad.csv")
    assert not app.exception
    messages = problems(app)
    assert len(messages) == 1
    for fragment in fragments:
        assert fragment in messages[0]
    assert not re.search(r"(?<!\\)[<*]", app.error[0].value), (
        "user text is escaped before it reaches Markdown"
    )
    assert metrics(app) == (SPAM_NUMBERS if kind == "binary" else PET_NUMBERS)
    assert any("last data that worked: the editable table" in info.value for info in app.info)


def test_only_a_row_sum_problem_offers_to_rescale(shared_app):
    app = upload(shared_app("multiclass"), b"label,dog,cat\ncat,0.5,0.6\n")
    assert [button.key for button in app.button] == ["data_rescale_button"]
    app = upload(app, b"label,dog,cat\nhamster,0.5,0.5\n")
    assert "data_rescale_button" not in [button.key for button in app.button]


def test_the_largest_accepted_file_is_summed_in_full_and_shown_in_part(open_page):
    rng = np.random.default_rng(6)
    labels = rng.integers(0, 2, size=100_000)
    p = rng.uniform(0.01, 0.99, size=100_000).round(4)
    app = open_page(PAGE)
    upload(app, ("label,q\n" + "".join(f"{y},{q}\n" for y, q in zip(labels, p, strict=True))).encode())
    assert not app.exception and not app.error
    assert metrics(app) == binary_numbers(labels, p)
    assert any("The first 1,000 of 100,000 rows" in caption.value for caption in app.caption)


def test_presenter_mode_in_bits_with_a_multiclass_file(open_page):
    app = open_page(PAGE, kind="multiclass", units="bits", present="true", depth="detailed")
    upload(app, (EXAMPLES / "pet_classifier.csv").read_bytes())
    assert not app.exception
    assert metrics(app) == multiclass_numbers(PETS["label"], PETS[PET_CLASSES], unit="bits")


def test_a_file_name_is_shown_as_text(open_page):
    app = open_page(PAGE)
    upload(app, b"label,q\n1,0.9\n", name="**bold** <b>x</b>.csv")
    captions = " ".join(caption.value for caption in app.caption)
    assert "**bold**" not in captions and "<b>" not in captions
    assert "**bold** <b>x</b>.csv" in plain(captions)


def test_user_text_never_reaches_markdown(open_page):
    app = open_page(PAGE)
    rendered = " ".join(block.value for block in [*app.markdown, *app.caption, *app.info, *app.error])
    assert "CONGRATULATIONS" not in rendered and "$1000" not in rendered


# --- Downloads, lesson, limits -----------------------------------------------------------------------


def test_templates_and_results_can_be_downloaded(open_page):
    app = open_page(PAGE)
    labels = [button.label for button in app.download_button]
    assert labels == ["Template for binary predictions", "Download the results as CSV"]
    app.radio(key="kind").set_value("multiclass").run()
    assert app.download_button(key="data_template").label == "Template for multiclass predictions"


@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_the_lesson_fills_its_live_numbers(open_page, depth):
    app = open_page(PAGE, depth=depth)
    text = " ".join(block.value for block in app.markdown)
    assert "{{" not in text
    assert SPAM_NUMBERS[MEAN] in text
    if depth == "medium":
        assert f"**−{-math.log(0.97):.3f} nats**" in text, "the first row's log term, with its unit"
        assert f"{math.log(2):.3f} nats" in text, "a uniform guess over 2 classes"
        assert r"\sum_{n=1}^{N} \ln q_n(y_n)" in text


def test_in_bits_the_loop_writes_log2_and_gives_each_number_its_unit(open_page):
    """Review 26-H #4: in bits the Medium loop wrote 'log' and its log term and total had no unit."""
    text = " ".join(block.value for block in open_page(PAGE, depth="medium", units="bits").markdown)
    assert r"\sum_{n=1}^{N} \log_2 q_n(y_n)" in text and r"$\log_2 q_n(y_n)$" in text
    assert f"**−{-math.log2(0.97):.3f} bits**" in text, "the first row's log term, log2 0.97, a real minus"
    assert re.search(r"the total is \*\*−[0-9.]+ bits\*\*", text)
    assert not re.search(r"\*\*-[0-9]", text), "an ASCII hyphen is not a minus sign (review 27-D #6)"


def test_an_infinite_loss_is_spelled_out(open_page):
    app = open_page(PAGE)
    edit(app, "data_table_binary", edited_rows={1: {"q": 0.0}})  # spam, given probability 0 of spam
    assert not app.exception
    assert metrics(app)[MEAN] == "∞ nats"
    assert any("\\infty" in block.value for block in app.latex)
    every = next(frame for frame in app.dataframe if "rank" in frame.value.columns)
    assert "∞".encode() in every.proto.arrow_data.styler.display_values, "the loss table spells ∞"


def test_the_upload_limit_fits_the_largest_file_the_page_accepts():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == 50
    row = "class_49," + ",".join(["0.123456"] * 50) + "\n"  # 50 classes at 6 decimals, as exports write
    assert 40 < len(row) * 100_000 / 2**20 < 50, "100,000 such rows come close to 50 MB, and fit"


# --- Sentences that name samples and make claims -----------------------------------------------------


def prose(app):
    """Every sentence of the page, as rendered: markdown and captions."""
    return plain(" ".join(block.value for block in [*app.markdown, *app.caption]))


def spam_losses():
    return -np.log(np.where(SPAM["label"] == 1, SPAM["q"], 1 - SPAM["q"]))


def test_the_costliest_sample_is_named_by_its_id_as_the_table_shows_it(open_page):
    app = open_page(PAGE)
    worst = int(np.argmax(spam_losses()))
    sample_id = SPAM["id"].iloc[worst]
    text = prose(app)
    assert f"The sample with id {sample_id} alone costs **{spam_losses()[worst]:.3f} nats**" in text
    assert f"Row {worst + 2} alone" not in text, "the spreadsheet row is not what the table's id column says"
    shown = next(frame.value for frame in app.dataframe if "loss" in frame.value.columns)  # per-sample table
    assert "share" not in shown.columns
    assert str(shown.loc[worst + 2, "id"]) == str(sample_id), "the table shows that id on that row"


def test_without_an_id_column_the_sample_is_named_by_the_tables_row_label(open_page):
    app = upload(open_page(PAGE), b"label,q\n1,0.9\n0,0.3\n1,0.05\n0,0.2\n")
    losses = -np.log([0.9, 0.7, 0.05, 0.8])
    worst_row = int(np.argmax(losses)) + 2  # the table's row label: spreadsheet numbering
    assert f"Row {worst_row} alone costs **{losses.max():.3f} nats**" in prose(app)
    table = next(
        frame.value
        for frame in app.dataframe
        if "loss" in frame.value.columns
        and "share" not in frame.value.columns
        and "running_total" not in frame.value.columns
    )
    assert table.index.max() >= worst_row


def test_an_id_is_user_text_and_is_escaped(open_page):
    app = upload(open_page(PAGE), b"id,label,q\n**x**,1,0.01\nb,0,0.5\n")
    assert "The sample with id **x** alone costs" in prose(app)
    assert not any(
        "<strong>x" in block.value or "**x**" in block.value.replace("\\*", "")
        for block in app.markdown
        if "alone costs" in block.value
    )


@pytest.mark.parametrize(
    ("content", "claim"),
    [
        (b"id,label,q\na,1,0.0\nb,0,0.5\n", "The sample with id a alone makes the sum and the mean infinite"),
        (
            b"label,q\n1,0.0\n0,1.0\n1,0.5\n",
            "In 2 samples, row 2 among them, the model gave the true answer probability 0",
        ),
        (b"label,q\n1,1.0\n0,0.0\n", "The model gives each true answer probability 1"),
    ],
)
def test_the_costliest_sentence_follows_the_data(open_page, content, claim):
    app = upload(open_page(PAGE), content)
    assert not app.exception
    assert claim in prose(app)
    assert not prose_problems(prose(app))


@pytest.mark.parametrize("kind, units", [("binary", "nats"), ("multiclass", "bits")])
def test_the_costliest_rows_are_counted_as_they_are_not_called_exactly_the_wrong_answers(
    open_page, kind, units
):
    if kind == "binary":
        q_true = np.where(SPAM["label"] == 1, SPAM["q"], 1 - SPAM["q"])
        wrong = (SPAM["q"] > 0.5).astype(int) != SPAM["label"]
    else:
        probabilities = PETS[PET_CLASSES].to_numpy()
        truth = PETS["label"].map(PET_CLASSES.index).to_numpy()
        q_true = probabilities[np.arange(len(PETS)), truth]
        wrong = probabilities.argmax(axis=1) != truth
    top = np.argsort(-np.asarray(-np.log(q_true)), kind="stable")[:5]
    n_wrong = int(np.asarray(wrong)[top].sum())
    assert (kind, n_wrong) in {("binary", 2), ("multiclass", 3)}, "the review's count: right answers rank too"
    text = prose(open_page(PAGE, kind=kind, units=units, depth="detailed"))
    assert "exactly the rows" not in text
    assert "a right answer given little probability can rank there too" in text
    assert (
        f"Here {n_wrong} of the 5 costliest samples are wrong answers, and {5 - n_wrong} are right answers."
        in text
    )


def test_a_tie_for_the_largest_calibration_gap_names_every_tied_bin_with_spaced_percents(open_page):
    probabilities = PETS[PET_CLASSES].to_numpy()
    truth = PETS["label"].map(PET_CLASSES.index).to_numpy()
    confidence, right = probabilities.max(axis=1), probabilities.argmax(axis=1) == truth
    bins = np.minimum(np.floor(confidence * 10 + 1e-9), 9).astype(int)  # [0.4, 0.5), [0.5, 0.6), ...
    gaps = {b: round(100 * abs(right[bins == b].mean() - confidence[bins == b].mean())) for b in set(bins)}
    tied = sorted(b for b, gap in gaps.items() if gap == max(gaps.values()))
    assert tied == [4, 5] and gaps[4] == 45, "the review's tie: 45 % sure and wrong, 55 % sure and right"
    app = open_page(PAGE, kind="multiclass")
    (alt,) = [chart.proto.alt for chart in app.get("plotly_chart") if "reliability" in chart.proto.alt]
    assert (
        "The largest gaps, 45 points each, are in the 40 % to 50 % bin (mean confidence 45 %, right 0 % of "
        "the time, 1 sample) and the 50 % to 60 % bin (mean confidence 55 %, right 100 % of the time, "
        "1 sample)."
    ) in alt
    charts = app.get("plotly_chart")
    titles = [json.loads(chart.proto.spec)["layout"].get("title", {}).get("text", "") for chart in charts]
    shown = " ".join([*titles, *(chart.proto.alt for chart in charts), prose(app)])
    assert not re.search(r"\d%", shown), "one percent style: a space before %"


def test_properness_is_not_called_calibration(open_page):
    text = prose(open_page(PAGE, depth="detailed"))
    assert "strictly proper" in text and "not thereby calibrated" in text
    assert "lowest, in expectation, when the stated probabilities match how often" not in text


STATES = [
    {},
    {"kind": "multiclass"},
    {"clip": "true"},
]
UPLOADS = [
    b"label,q\n1,0.0\n0,0.2\n",  # an infinite loss
    b"label,q\n1,1e-300\n0,0.2\n",  # a probability below scikit-learn's clip level, but not 0
    b"label,q\n1,1.0\n0,0.0\n",  # every sample perfect
    b"label,q\n1,0.3\n",  # a single sample
]


@pytest.mark.parametrize("unit", ["nats", "bits"])
@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_every_sentence_is_filled_in_every_state(open_page, depth, unit):
    for query in STATES:
        app = open_page(PAGE, depth=depth, units=unit, **query)
        assert not prose_problems(prose(app)), (query, prose_problems(prose(app)))
    for content in UPLOADS:
        app = upload(open_page(PAGE, depth=depth, units=unit), content)
        assert not app.exception
        assert not prose_problems(prose(app)), (content, prose_problems(prose(app)))
    app = upload(open_page(PAGE, depth=depth, units=unit, logits="true", clip="true"), CONFIDENT_LOGITS)
    assert not app.exception and not prose_problems(prose(app)), prose_problems(prose(app))


def test_both_charts_have_a_table_and_an_alt_sentence(open_page):
    app = opened(open_page(PAGE, units="bits"), "data_histogram_table", "data_reliability_table")
    histogram = next(frame.value for frame in app.dataframe if "loss (bits)" in frame.value.columns)
    worst = int(np.argmax(spam_losses()))
    assert histogram.iloc[0]["row"] == worst + 2 and str(histogram.iloc[0]["id"]) == str(
        SPAM["id"].iloc[worst]
    )
    assert histogram.iloc[0]["loss (bits)"] == pytest.approx(spam_losses()[worst] / math.log(2))
    assert any("mean confidence" in frame.value.columns for frame in app.dataframe)


def test_the_chart_alt_sentences_state_the_numbers_shown():
    from content.datasets import load_example
    from lessons.data import histogram_alt
    from lessons.data_calibration import reliability_alt
    from lessons.data_losses import calibration_table, per_sample_losses, sample_name

    losses = per_sample_losses(load_example("spam_filter"), base=2.0)
    worst = int(np.argmax(spam_losses()))
    alt = histogram_alt(losses, unit="bits", name=sample_name(losses, worst + 2))
    mean = spam_losses().mean() / math.log(2)
    assert f"{mean:.3f} bits" in alt and f"the sample with id {SPAM['id'].iloc[worst]}" in alt
    assert f"{(spam_losses() < spam_losses().mean()).sum()} of the 20 samples cost less" in alt
    calibration = calibration_table(load_example("spam_filter"))
    q = np.column_stack([1 - SPAM["q"], SPAM["q"]])
    confidence, correct = q.max(axis=1), q.argmax(axis=1) == SPAM["label"].to_numpy()
    bins = np.minimum((confidence * 10).astype(int), 9)
    gaps = {b: correct[bins == b].mean() - confidence[bins == b].mean() for b in np.unique(bins)}
    over, under = sum(g < 0 for g in gaps.values()), sum(g > 0 for g in gaps.values())
    text = reliability_alt(calibration)
    assert f"{len(gaps)} confidence bins" in text
    assert f"{over} bin{'s' if over != 1 else ''} below it" in text
    assert f"{under} bin{'s' if under != 1 else ''} above it" in text


def spam_bin_counts():
    """Samples per confidence bin of the spam example, worked out here: 10 equal bins of max(q, 1 - q)."""
    confidence = np.maximum(SPAM["q"], 1 - SPAM["q"]).to_numpy()
    return np.bincount(np.minimum((confidence * 10).astype(int), 9), minlength=10)


def test_the_reliability_diagram_counts_each_bin_and_warns_when_bins_are_small(open_page):
    from content.datasets import load_example
    from lessons.data_calibration import reliability_figure
    from lessons.data_losses import calibration_table

    counts = spam_bin_counts()
    figure = reliability_figure(calibration_table(load_example("spam_filter")))
    assert list(figure.data[0].text) == [count for count in counts if count]
    app = open_page(PAGE)
    caption = next(c.value for c in app.caption if "number over each bar" in c.value)
    occupied = counts[counts > 0]
    assert f"the smallest: {occupied.min()} sample" in caption and "rough sign" in caption
    small = int((occupied < 10).sum())
    assert 0 < small < len(occupied), "the example has small bins and a full one"
    assert f"{small} of the {len(occupied)} bins hold fewer than 10 samples" in caption


def test_the_small_bin_caveat_leaves_when_every_bin_is_full(open_page):
    rng = np.random.default_rng(3)
    q = rng.uniform(0.01, 0.99, size=2_000).round(3)
    labels = (rng.uniform(size=2_000) < q).astype(int)
    app = upload(
        open_page(PAGE),
        ("label,q\n" + "".join(f"{y},{p}\n" for y, p in zip(labels, q, strict=True))).encode(),
    )
    confidence = np.maximum(q, 1 - q)
    assert np.bincount(np.minimum((confidence * 10).astype(int), 9))[5:].min() >= 10
    caption = next(c.value for c in app.caption if "number over each bar" in c.value)
    assert "rough sign" not in caption


def test_the_costliest_table_leads_with_the_id_the_text_names_and_one_decimal_shares(open_page):
    """The text names 'the sample with id 7'; the table showed its spreadsheet row (8) first and the id
    scrolled off, with shares as '51.76%' beside '5.9%' (review 19-D #10)."""
    import json

    app = open_page(PAGE, units="bits")
    costliest = next(frame for frame in app.dataframe if "share" in frame.value.columns)
    assert list(costliest.proto.column_order)[:2] == ["id", "share"]
    share = json.loads(costliest.proto.columns)["share"]
    assert share["label"] == "share of the sum (%)" and share["type_config"]["format"] == "%.1f"
    assert "The sample with id 7 alone costs" in prose(app)


def test_the_per_sample_table_puts_the_loss_early_and_names_q_as_the_notation_does(open_page):
    import json

    app = open_page(PAGE)
    every = next(frame for frame in app.dataframe if "rank" in frame.value.columns)
    order = list(every.proto.column_order)
    assert order.index("loss") <= 2, "the loss is on screen at 390 px, right after the rank and the id"
    assert order.index("loss") < order.index("label") and order[-1] == "text"
    labels = json.loads(every.proto.columns)
    assert labels["q_true"]["label"] == "q(true class)"
    assert "q_true" not in prose(app), "no code name in the captions"


# --- What the lecturer's review found -------------------------------------------------------------------

# Binary logits, one of them so confidently wrong that its sigmoid probability σ(−40) ≈ 4.2e-18 is below c.
CONFIDENT_LOGITS = b"label,q\n1,2.0\n0,-1.0\n1,-40\n0,3.0\n"


def confident_logits_sklearn_mean():
    """scikit-learn's log_loss on the sigmoid probabilities of CONFIDENT_LOGITS: it clips 4.2e-18 up to c."""
    return log_loss([1, 0, 1, 0], expit([2.0, -1.0, -40.0, 3.0]), labels=[0, 1])


@pytest.mark.parametrize("clip", ["true", "false"])
def test_with_logits_the_clipping_sentence_says_what_sklearn_would_report(open_page, clip):
    app = upload(open_page(PAGE, logits="true", clip=clip), CONFIDENT_LOGITS)
    captions = " ".join(caption.value for caption in app.caption)
    z, labels = np.array([2.0, -1.0, -40.0, 3.0]), np.array([1, 0, 1, 0])
    page_mean = np.mean(np.logaddexp(0, np.where(labels == 1, -z, z)))  # −log σ(±z), straight from the logits
    assert metrics(app)[MEAN] == f"{page_mean:.3f} nats"
    sklearn_mean = confident_logits_sklearn_mean()
    assert abs(sklearn_mean - page_mean) > 0.5, "the file is one where log_loss and the page disagree"
    assert "nothing to clip" not in captions
    assert "1 sample gives the true class less than c" in captions
    assert f"it reports {sklearn_mean:.3f} nats" in captions


def test_with_harmless_logits_sklearn_gives_the_same_mean(open_page):
    app = upload(open_page(PAGE, logits="true"), b"label,q\n1,2.5\n0,-1\n1,-0.5\n0,4\n")
    captions = " ".join(caption.value for caption in app.caption)
    assert "no true class gets less than c" in captions
    assert metrics(app)[MEAN] == f"{log_loss([1, 0, 1, 0], expit([2.5, -1, -0.5, 4])):.3f} nats"


@pytest.mark.parametrize("unit", ["nats", "bits"])
def test_the_loop_code_takes_the_log_of_the_unit_its_table_shows(open_page, unit):
    app = open_page(PAGE, units=unit, kind="multiclass")
    code = " ".join(block.value for block in app.code)
    assert ("log2(q[n][y[n]])" in code) == (unit == "bits")
    assert ("total += log(q[n][y[n]])" in code) == (unit == "nats")
    (steps,) = [frame for frame in app.dataframe if "running_total" in frame.value.columns]
    assert f"running total ({unit})" in str(steps.proto)


@pytest.mark.parametrize("unit", ["nats", "bits"])
def test_the_binary_loop_indexes_the_one_number_the_table_shows(open_page, unit):
    app = open_page(PAGE, units=unit)
    (code,) = [block.value for block in app.code if block.value.startswith("total = 0.0")]
    log = "log2" if unit == "bits" else "log"
    assert f"total += {log}(q[n] if y[n] == 1 else 1 - q[n])" in code and "q[n][y[n]]" not in code
    assert "q[n] is the probability that y[n] == 1" in code
    q, y = SPAM["q"].to_numpy(), SPAM["label"].to_numpy()
    scope = {"np": np, "q": q, "y": y, "N": len(SPAM)}
    exec(code.replace("log2(", "np.log2(").replace("log(", "np.log("), scope)  # the code runs as shown
    expected = log_loss(y, q, labels=[0, 1]) / (math.log(2) if unit == "bits" else 1)
    assert scope["loss"] == pytest.approx(expected)


def test_a_perplexity_above_k_is_called_worse_than_a_uniform_guess(open_page):
    app = upload(open_page(PAGE, logits="true", depth="detailed"), CONFIDENT_LOGITS)
    text = prose(app)
    z, labels = np.array([2.0, -1.0, -40.0, 3.0]), np.array([1, 0, 1, 0])
    perplexity = math.exp(np.mean(np.logaddexp(0, np.where(labels == 1, -z, z))))
    assert perplexity > 2
    assert f"{perplexity:.2f}" in text
    assert "fair pick among" not in text
    assert "worse than a uniform guess over the 2 classes" in text


def test_a_perplexity_below_k_is_a_fair_pick(open_page):
    text = prose(open_page(PAGE, depth="detailed"))
    perplexity = math.exp(log_loss(SPAM["label"], SPAM["q"]))
    assert perplexity < 2 and f"a fair pick among {perplexity:.2f} classes" in text


def test_an_infinite_mean_gives_no_numbers_for_the_reductions(open_page):
    app = upload(open_page(PAGE, depth="detailed"), b"label,q\n1,0.0\n0,0.2\n")
    text = prose(app)
    assert "does not change scale with" not in text and "(∞ nats)" not in text
    assert "both are infinite" in text


def test_the_data_checkpoint_numbers_hold():
    from content.quiz_bank import load_questions

    question = next(q for q in load_questions() if q.page == "data" and "deserve a look first" in q.prompt)
    pattern = r"(\d+) samples, one sample's loss is (\d+) nats and every other sample's is ([\d.]+) nats"
    n, big, small = (float(x) for x in re.search(pattern, question.prompt).groups())
    assert f"in bits each loss is about {1 / math.log(2):.2f} times as large" in question.prompt
    mean, one, rest = (big + (n - 1) * small) / n, big / n, (n - 1) * small / n
    assert rest < one / 5, "the many small losses together are far less than the one large one"
    right = question.options[question.answer]
    assert (
        f"adds {one:.2f} nats to the average of about {mean:.1f} nats, about {one / mean:.0%}"
        in right.replace(" %", "%")
    )
    reasons = dict(zip(question.options, question.reasons, strict=True))
    wrong = next(reason for option, reason in reasons.items() if f"{n - 1:.0f} samples" in option)
    assert f"add {rest:.4f} nats" in wrong and round(one / rest) == 9 and "a ninth" in wrong


def test_the_minus_sign_makes_the_loss_zero_or_positive(open_page):
    text = prose(open_page(PAGE, depth="medium"))
    assert "makes the loss\nzero or positive" in text or "makes the loss zero or positive" in text


def test_the_clip_level_and_the_histogram_mean_are_typeset_and_have_units():
    from content.datasets import load_example
    from lessons.data import CLIP_HELP, CLIP_LABEL, loss_histogram_figure
    from lessons.data_losses import per_sample_losses

    assert "10^" not in CLIP_LABEL + CLIP_HELP
    assert f"{np.finfo(float).eps:.1e}".split("e")[0] + " × 10⁻¹⁶" in CLIP_LABEL
    figure = loss_histogram_figure(per_sample_losses(load_example("spam_filter"), base=2), unit="bits")
    note = next(a.text for a in figure.layout.annotations if a.text.startswith("mean ="))
    assert note == f"mean = {log_loss(SPAM['label'], SPAM['q']) / math.log(2):.3f} bits"


def test_the_calibration_table_explains_its_gap(open_page):
    app = opened(open_page(PAGE), "data_reliability_table")
    frame = next(frame.value for frame in app.dataframe if "mean confidence" in frame.value.columns)
    gap = next(column for column in frame.columns if column.startswith("gap"))
    assert "accuracy − mean confidence" in gap
    assert np.allclose(frame[gap], frame["accuracy (share right)"] - frame["mean confidence"])


def test_the_derivation_multiplies_by_minus_one_over_n_and_names_the_positive_factor():
    from content.derivations import DERIVATIONS_DIR

    text = " ".join((DERIVATIONS_DIR / "likelihood.md").read_text(encoding="utf-8").split())
    assert "Divide by −N" not in text
    assert "Multiply by −1/N" in text and "The factor 1/N is positive" in text


@pytest.mark.parametrize("clip", ["true", "false"])
def test_in_bits_the_page_says_log_loss_reports_nats(open_page, clip):
    """Review 27-D S1: in bits the caption said scikit-learn's log_loss 'gives this mean' (0.545 bits) where
    log_loss prints 0.378, in nats; a student checking would see two numbers said to be equal."""
    app = open_page(PAGE, units="bits", clip=clip)
    captions = " ".join(caption.value for caption in app.caption)
    nats = log_loss(SPAM["label"], SPAM["q"], labels=[0, 1])
    assert metrics(app)[MEAN] == f"{nats / math.log(2):.3f} bits"
    if clip == "false":  # with clipping on and nothing clipped, the caption names no library number
        assert "log_loss gives this mean (in nats, as log_loss always reports: divided by ln 2" in captions
    app = upload(open_page(PAGE, logits="true", units="bits", clip=clip), CONFIDENT_LOGITS)
    captions = " ".join(caption.value for caption in app.caption)
    nats = confident_logits_sklearn_mean()
    assert f"it reports {nats:.3f} nats ({nats / math.log(2):.3f} bits)" in captions


def test_the_detailed_text_writes_the_true_class_probability_not_the_tables_q(open_page):
    """Review 27-D #2: the table's q is P(spam); 'an average of −log q, one sample with q = 0' read as that q,
    where q = 0 on a real email costs nothing. The loss's probability is qₙ(yₙ)."""
    text = " ".join(" ".join(block.value for block in open_page(PAGE, depth="detailed").markdown).split())
    assert r"an average of $-\log q_n(y_n)$, one sample with $q_n(y_n) = 0$" in text
    assert r"$-\log q$," not in text and "$q = 0$" not in text
