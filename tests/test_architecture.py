"""The layout's rules, read from the source with ast: what each folder may import, how long a module may be.

core/ is the textbook (NumPy and the standard library only), lessons/ and content/ never touch Streamlit,
pages/ never build figures themselves, ui/ never imports a page, no module grows past MAX_LINES and no
function of a page past MAX_BODY_LINES.
"""

import ast
import sys

import pytest
from helpers import ROOT

MAX_LINES = 450
SOURCE_FOLDERS = ("core", "lessons", "content", "ui", "pages")


def python_files(*folders):
    """The .py files of the given top-level folders, as paths relative to the repository root."""
    return sorted(
        path.relative_to(ROOT).as_posix() for folder in folders for path in (ROOT / folder).rglob("*.py")
    )


def imports_in(source, package):
    """Each module `source` imports, anywhere (also in functions), by dotted name; relative = `package`."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add(package if node.level else node.module)
    return names


def imported_modules(path):
    """Every module the file at `path` (relative to the repository root) imports."""
    return imports_in((ROOT / path).read_text(encoding="utf-8"), path.split("/")[0])


def outside_core(path):
    """What `path` imports beyond NumPy, the standard library and core itself."""
    allowed = set(sys.stdlib_module_names) | {"numpy", "core", "__future__"}
    return sorted(name for name in imported_modules(path) if top_level(name) not in allowed)


def top_level(module):
    return module.split(".")[0]


def test_the_rules_see_every_source_file():
    """The checks below read real files: every folder has modules, and an import of each kind is found."""
    for folder in SOURCE_FOLDERS:
        assert python_files(folder), f"{folder}/ has no Python files"
    assert "numpy" in imported_modules("core/losses.py")
    assert "streamlit" in {top_level(name) for name in imported_modules("ui/shell.py")}


def test_imports_are_found_wherever_they_are_written():
    """`import a.b`, `from a.b import c`, relative imports, and an import hidden inside a function."""
    source = (
        "import os.path\nfrom core.losses import mse\nfrom . import _checks\n\n"
        "def f():\n    import plotly.graph_objects as go\n    from pandas import DataFrame\n"
    )
    assert imports_in(source, "core") == {"os.path", "core.losses", "core", "plotly.graph_objects", "pandas"}


@pytest.mark.parametrize("path", python_files("core"))
def test_core_imports_only_numpy_the_standard_library_and_core(path):
    outside = outside_core(path)
    assert not outside, f"{path} imports {outside}: core/ is NumPy and the standard library only"


@pytest.mark.parametrize("path", python_files("lessons", "content", "classroom"))
def test_lessons_and_content_never_import_streamlit(path):
    streamlit = sorted(name for name in imported_modules(path) if top_level(name) == "streamlit")
    assert not streamlit, f"{path} imports {streamlit}: only pages/ and ui/ talk to Streamlit"


@pytest.mark.parametrize("path", python_files("ui"))
def test_ui_imports_no_page(path):
    pages = sorted(name for name in imported_modules(path) if top_level(name) in {"pages", "app"})
    assert not pages, f"{path} imports {pages}: ui/ serves the pages and must not depend on one"


@pytest.mark.parametrize("path", ["app.py", *python_files("pages")])
def test_pages_import_no_plotly(path):
    plotly = sorted(name for name in imported_modules(path) if top_level(name) == "plotly")
    assert not plotly, f"{path} imports {plotly}: figures are built in lessons/"


@pytest.mark.parametrize("path", ["app.py", *python_files(*SOURCE_FOLDERS)])
def test_every_module_is_short(path):
    lines = len((ROOT / path).read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path} has {lines} lines; split it by topic (limit {MAX_LINES})"


MAX_BODY_LINES = 80


@pytest.mark.parametrize("path", ["app.py", *python_files("pages")])
def test_every_page_body_is_short(path):
    """A page reads top to bottom: its body places what lessons/ and core/ compute, in sections."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            lines = node.end_lineno - node.lineno + 1
            assert lines <= MAX_BODY_LINES, f"{path}: {node.name} has {lines} lines; split it into sections"
