"""Shared test set-up: a fast, deterministic hypothesis profile for CI, the fixtures, and the browser marker.

Helper functions live in tests/helpers.py (`from helpers import ...`).
"""

import os
import tempfile
from pathlib import Path

import pytest
from helpers import CHROMIUM_ARGS, ROOT, axe_core_path, chromium_path, load, start_streamlit, stop
from hypothesis import HealthCheck, settings
from playwright.sync_api import expect

BROWSER_TESTS = Path(__file__).resolve().parent / "browser"

# Class mode's SQLite file: a fresh folder per test run, never the app's own data/ (tests/classroom/ and the
# class-mode tests open their own stores; the servers the tests start inherit this). Each pytest-xdist worker
# inherits the folder from the main process and takes a subfolder of its own, so no two share one file.
os.environ.setdefault("CEE_DATA_DIR", tempfile.mkdtemp(prefix="cee-test-data-"))
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["CEE_DATA_DIR"] = str(Path(os.environ["CEE_DATA_DIR"]) / os.environ["PYTEST_XDIST_WORKER"])

# Playwright's expect() waits 5 s by default, and a tab's waits 30 s; a rerun on a loaded 2-core CI machine,
# with a second test process beside it, can take longer. Waiting longer changes no assertion, only how long
# a failure takes to report.
expect.set_options(timeout=20_000)
LOADED = 60_000  # ms: a tab's own waits (wait_for_function, wait_for_selector, clicks), per context

settings.register_profile(
    "ci", deadline=None, max_examples=40, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_collection_modifyitems(items):
    """Mark tests/browser/ and any test_browser_*.py `browser`, so that -m "not browser" skips Chromium."""
    for item in items:
        path = Path(str(item.fspath))
        if BROWSER_TESTS in path.parents or path.name.startswith("test_browser_"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def open_page():
    """Run app.py (as a real visit does), then switch to `page` with the given query parameters."""
    from streamlit.testing.v1 import AppTest

    def _open(page="app.py", **query):
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        for name, value in query.items():
            app.query_params[name] = value
        app.run()
        if page != "app.py":
            app.switch_page(page)
            app.run()
        return app

    return _open


@pytest.fixture(scope="session")
def chromium():
    """A headless system Chromium. Missing: fail under CI=true, skip loudly elsewhere."""
    path = chromium_path()
    if path is None:
        message = (
            "No Chromium found at /usr/bin/chromium: install Debian's 'chromium' package to run browser tests"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip("BROWSER TESTS SKIPPED. " + message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_core():
    """The path of axe-core's axe.min.js, the accessibility engine. Missing: fail under CI=true, skip loudly
    elsewhere."""
    path = axe_core_path()
    if path is None:
        message = (
            "No axe-core found: run `npm install --prefix ~/.cache/cross-entropy-explorer/npm axe-core@4` "
            "(as .ci/run does), or set CEE_AXE_CORE to an axe.min.js, to run the accessibility audit"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip("ACCESSIBILITY AUDIT SKIPPED. " + message)
    return path


@pytest.fixture(scope="session")
def server_url():
    """One app server shared by the browser tests."""
    process, url = start_streamlit()
    yield url
    stop(process)


@pytest.fixture
def browser_page(chromium):
    """A fresh 1280x800 tab; use `open(path)` to load a page and wait until Streamlit has drawn it."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(LOADED)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def open_tab(chromium, server_url):
    """open_tab(path, width=1280, height=800, **context options): a fresh tab in its own browser context,
    with the shared server's `path` (e.g. "/binary?q=0.9") loaded and drawn; no path: a blank tab. Closed
    after the test, passed or failed."""
    contexts = []

    def _open(path=None, width=1280, height=800, **options):
        context = chromium.new_context(viewport={"width": width, "height": height}, **options)
        context.set_default_timeout(LOADED)
        contexts.append(context)
        tab = context.new_page()
        return tab if path is None else load(tab, f"{server_url}{path}")

    yield _open
    for context in contexts:
        context.close()
