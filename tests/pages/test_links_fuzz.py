"""Hypothesis: random and hostile query strings on every page give notices, never an exception."""

import re
from urllib.parse import parse_qsl

import pytest
from helpers import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import catalogue
from ui.shell import SETTINGS

PAGES = [entry.path for entry in catalogue.PAGES]
KNOWN_KEYS = [*SETTINGS, *catalogue.link_keys()]
HOSTILE = st.sampled_from(
    [
        "nan",
        "inf",
        "-inf",
        "1e999",
        "-0",
        "",
        " ",
        "<script>alert(1)</script>",
        "**x**",
        "[a](javascript:alert(1))",
        "$\\frac{1}{0}$",
        "a,b,c,,",
        "9" * 400,
        "\x00",
        "true",
    ]
)
VALUES = st.one_of(HOSTILE, st.text(max_size=40), st.floats().map(str), st.integers().map(str))
QUERIES = st.dictionaries(
    st.one_of(st.sampled_from(KNOWN_KEYS), st.text(min_size=1, max_size=8)), VALUES, max_size=6
)


@pytest.mark.parametrize("page", PAGES)
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=QUERIES)
def test_any_link_opens_the_page_without_an_exception(open_page, page, query):
    app = open_page(page, **{key: value for key, value in query.items() if "\x00" not in key})
    assert not app.exception, [exception.message for exception in app.exception]
    assert app.title


def readme_examples():
    """The example links in the README's table of shareable parameters, as (page file, query)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    examples = re.findall(r"\| `(/[\w-]*\?[^`]+)` \|", readme)
    paths = [example.split("?")[0] for example in examples]
    assert paths == [entry.url for entry in catalogue.PAGES], "one example per page, in the catalogue's order"
    for example, entry in zip(examples, catalogue.PAGES, strict=True):
        yield entry.path, dict(parse_qsl(example.split("?")[1]))


@pytest.mark.parametrize("page, query", list(readme_examples()))
def test_the_readme_example_links_open_without_a_notice(open_page, page, query):
    app = open_page(page, **query)
    assert not app.exception
    assert not [warning.value for warning in app.warning], "every example value is usable"
