"""Browser: a teacher drops their own predictions on the "Your data" page in Chromium.

Files go through the real file input (Playwright's set_input_files), as a drag-and-drop or the file
chooser would deliver them. Expected numbers come from sklearn.metrics.log_loss.
"""

import pandas as pd
import pytest
from helpers import ROOT, screenshot, wait_until_drawn
from playwright.sync_api import expect
from sklearn.metrics import log_loss

METRIC = '[data-testid="stMetricValue"]'
FILE_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'
LABELS = [1, 0, 1, 1, 0, 0, 1, 0]
P = [0.92, 0.15, 0.35, 0.81, 0.64, 0.05, 0.99, 0.22]
MY_MODEL = "id,label,q\n" + "".join(
    f"email_{n},{y},{p}\n" for n, (y, p) in enumerate(zip(LABELS, P, strict=True))
)


def a_csv(name, text):
    """A file for the file input, as a person's file chooser would hand it over."""
    return {"name": name, "mimeType": "text/csv", "buffer": text.encode()}


def test_an_uploaded_csv_shows_its_loss_and_a_broken_one_a_clear_message(browser_page, server_url):
    tab = browser_page
    tab.goto(f"{server_url}/data")
    wait_until_drawn(tab)
    spam = pd.read_csv(ROOT / "assets" / "examples" / "spam_filter.csv")
    expect(tab.locator(METRIC).first).to_have_text(f"{log_loss(spam['label'], spam['q']):.3f} nats")

    tab.locator(FILE_INPUT).set_input_files(a_csv("my_model.csv", MY_MODEL))
    mean = log_loss(LABELS, P)
    expect(tab.locator(METRIC).first).to_have_text(f"{mean:.3f} nats")
    expect(tab.locator(METRIC).nth(1)).to_have_text(f"{mean * len(LABELS):.3f} nats")
    expect(tab.locator(METRIC).nth(2)).to_have_text(str(len(LABELS)))
    expect(tab.get_by_text("Showing your file “my_model.csv”")).to_be_visible()
    expect(tab.locator('[data-testid="stException"]')).to_have_count(0)
    with tab.expect_download() as download:
        tab.get_by_role("button", name="Download the results as CSV").click()
    results = pd.read_csv(download.value.path())
    assert results["id"].tolist() == [f"email_{n}" for n in range(len(LABELS))]
    assert results["loss_nats"].mean() == pytest.approx(mean)
    wait_until_drawn(tab)
    screenshot(tab, "data-upload")

    tab.set_viewport_size({"width": 1280, "height": 800})
    tab.locator(FILE_INPUT).set_input_files(a_csv("broken.csv", "label,q\n1,0.9\n0,abc\n"))
    error = tab.locator('[data-testid="stAlertContentError"]')
    expect(error).to_contain_text("Row 3, column 'q': 'abc' is not a number")
    expect(tab.get_by_text("the last data that worked: your file “my_model.csv”")).to_be_visible()
    expect(tab.locator(METRIC).first).to_have_text(f"{mean:.3f} nats")
    expect(tab.locator('[data-testid="stException"]')).to_have_count(0)
    wait_until_drawn(tab)
    screenshot(tab, "data-bad-upload", full_page=False)


def test_editing_a_cell_in_the_table_updates_the_loss(browser_page, server_url):
    tab = browser_page
    tab.goto(f"{server_url}/data")
    wait_until_drawn(tab)
    table = tab.locator('[data-testid="stDataFrame"]').first.bounding_box()
    row_height, header_height = 35, 36  # Streamlit's data editor defaults
    tab.mouse.click(table["x"] + 60, table["y"] + header_height + 6 * row_height + row_height / 2)
    for key in ("ArrowRight", "ArrowRight", "Enter"):  # from id, past label, to p: open the cell's editor
        tab.wait_for_timeout(200)  # the grid draws each step on a canvas; a person is slower still
        tab.keyboard.press(key)
    editor = tab.locator("#portal input.gdg-input")
    expect(editor).to_have_value("0.98")  # the job offer, marked 98 % spam
    editor.fill("0.5")
    editor.press("Enter")
    spam = pd.read_csv(ROOT / "assets" / "examples" / "spam_filter.csv")
    p = spam["q"].to_numpy().copy()
    p[6] = 0.5
    expect(tab.locator(METRIC).first).to_have_text(f"{log_loss(spam['label'], p):.3f} nats")


def test_a_file_over_the_size_limit_gets_streamlits_message(browser_page, server_url, tmp_path):
    big = tmp_path / "huge.csv"
    big.write_bytes(b"label,q\n" + b"1,0.9\n" * (51 * 2**20 // 6))  # just over the 50 MB in config.toml
    tab = browser_page
    tab.goto(f"{server_url}/data")
    wait_until_drawn(tab)
    tab.locator(FILE_INPUT).set_input_files(str(big))
    expect(tab.get_by_text("File must be 50.0MB or smaller.")).to_be_visible()
    expect(tab.locator('[data-testid="stException"]')).to_have_count(0)
