"""AppTest: the shell every page shares: navigation, settings that hold across pages, links and lessons."""

import re

import pytest
from helpers import ROOT, metrics

from catalogue import PAGES
from content.lesson_files import DEPTHS, LESSONS_DIR, lesson_sections, placeholders


def page_files():
    return sorted(["app.py"] + [f"pages/{path.name}" for path in (ROOT / "pages").glob("*.py")])


def test_every_page_file_is_in_the_catalogue_once_and_in_the_navigation(open_page):
    assert sorted(entry.path for entry in PAGES) == page_files()
    app = open_page("pages/binary.py")
    assert [link.label for link in app.sidebar.get("page_link")] == [entry.title for entry in PAGES]


def test_every_title_is_written_once_in_the_source():
    # Where page names used to be typed: the pages, the shell and the quiz (a formula's name, such as the
    # notation card's "Binary cross-entropy" row, is not a page title).
    sources = [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("*/quiz*.py")]
    text = "\n".join(path.read_text(encoding="utf-8") for path in sources)
    for entry in PAGES[1:]:  # "Home" is also an ordinary word
        assert f'"{entry.title}"' not in text, f"{entry.title} is written outside catalogue.py"


@pytest.mark.parametrize("page", page_files())
def test_every_page_runs_without_exception(open_page, page):
    app = open_page(page)
    assert not app.exception
    assert app.title, "each page has a title"
    assert len(app.sidebar.radio) >= 2, "units and depth are in the sidebar"


@pytest.mark.parametrize("page", page_files())
def test_every_page_runs_in_bits_presenter_mode_at_every_depth(open_page, page):
    for depth in DEPTHS:
        app = open_page(page, units="bits", depth=depth, present="true")
        assert not app.exception


def test_units_chosen_on_one_page_hold_on_another(open_page):
    app = open_page("pages/binary.py", p="0.9")
    app.sidebar.radio(key="sidebar_units").set_value("bits").run()
    assert metrics(app)["Cross-entropy"] == "0.152 bits"
    app.switch_page("app.py").run()
    assert app.sidebar.radio(key="sidebar_units").value == "bits"
    assert metrics(app)["Cross-entropy"].endswith("bits")
    app.sidebar.radio(key="sidebar_depth").set_value("Detailed").run()
    app.switch_page("pages/binary.py").run()
    assert app.sidebar.radio(key="sidebar_depth").value == "Detailed"
    assert any("(detailed explanation)" in block.value for block in app.markdown)


def test_settings_travel_in_the_address_bar(open_page):
    app = open_page("app.py", units="bits", depth="Medium")
    assert app.query_params["units"] in ("bits", ["bits"])
    assert app.query_params["depth"] in ("medium", ["medium"])
    app.sidebar.radio(key="sidebar_units").set_value("nats").run()
    assert "units" not in app.query_params, "a default value leaves the URL"


@pytest.mark.parametrize("name", ["units", "depth", "present"])
@pytest.mark.parametrize("bad", ["<img src=x onerror=alert(1)>", "[click](http://x)", "furlongs", "%00"])
def test_hostile_settings_fall_back_with_a_notice(open_page, name, bad):
    app = open_page("app.py", **{name: bad})
    assert not app.exception
    warnings = " ".join(warning.value for warning in app.warning)
    assert "is not one of" in warnings
    assert not re.search(r"(?<!\\)[<\[\]()]", warnings), "user text is escaped, never rendered"


def test_every_page_has_a_lesson_at_three_depths_and_no_lesson_is_orphaned():
    pages = {entry.lesson for entry in PAGES}
    lesson_files = {path.stem for path in LESSONS_DIR.glob("*.md")}
    assert lesson_files == pages
    for page in pages:
        sections = lesson_sections(page)
        assert all(sections[depth] for depth in DEPTHS)
        assert sections["intro"], f"{page} opens with a question"
        assert placeholders(sections["intro"]) <= placeholders(sections["Basic"]) | {"p"}
