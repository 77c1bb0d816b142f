"""Every page's "Show the code" panel shows the real source of each function the page names, via inspect.

Which functions a page names is read from its own script (its show_code(...) call, resolved through its
imports), not from the panel, so a panel that showed other code, or stale code, would fail here.
"""

import ast
import importlib
import inspect

import pytest
from helpers import ROOT, opened

from catalogue import PAGES


def _imported_names(tree):
    """{local name: (module, attribute or None)} for each import in a script."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                names[alias.asname or alias.name] = (node.module, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name.split(".")[0]
                names[local] = (alias.name if alias.asname else local, None)
    return names


def _resolve(node, imports):
    """The object an argument such as `cross_entropy` or `Deck.mark` names, through the script's imports."""
    if isinstance(node, ast.Attribute):
        return getattr(_resolve(node.value, imports), node.attr)
    module, attribute = imports[node.id]
    imported = importlib.import_module(module)
    return imported if attribute is None else getattr(imported, attribute)


def named_functions(script):
    """The functions `script` passes to show_code, in the order it passes them."""
    tree = ast.parse((ROOT / script).read_text(encoding="utf-8"))
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "show_code"
    ]
    assert len(calls) == 1, f"{script} calls show_code {len(calls)} times"
    imports = _imported_names(tree)
    return [_resolve(argument, imports) for argument in calls[0].args]


SHOWING = [page for page in PAGES if "show_code(" in (ROOT / page.path).read_text(encoding="utf-8")]


def test_the_panel_is_on_every_lesson():
    assert {page.slug for page in PAGES if page.teaches} <= {page.slug for page in SHOWING}


@pytest.mark.parametrize("page", SHOWING, ids=lambda page: page.slug or "home")
def test_show_the_code_is_the_real_source_of_each_named_function(open_page, page):
    functions = named_functions(page.path)
    assert functions, f"{page.path} shows no code"
    app = opened(open_page(page.path, depth="detailed"), "show_code")
    assert not app.exception
    shown = [code.value.strip() for code in app.code]
    for function in functions:
        assert inspect.getsource(function).strip() in shown, function.__qualname__
    captions = " ".join(caption.value for caption in app.caption)
    for function in functions:
        assert f"{function.__module__}.{function.__name__}" in captions
