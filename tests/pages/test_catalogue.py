"""The catalogue: every link parameter of every page warns when its value is unusable; the README agrees."""

import re
from types import SimpleNamespace

import pytest
from helpers import ROOT, live_sliders, sliders

from catalogue import PAGES
from core.lab_data import SHAPE_LABELS
from core.mlp import WIDTHS
from core.race import LEARNING_RATES
from core.training import CLASS_COUNTS
from lessons.multiclass import DEFAULT_CLASSES, LOGIT_RANGE
from ui.shell import SETTINGS

PAGES_BY_PATH = {page.path: page for page in PAGES}
# A parameter whose widget shows only in another state: the state that shows it.
SHOWN_WITH = {"qkind": {"qmode": "Numeric"}}


HOSTILE = "**<b>maybe</b>**"  # not a value of any widget, and markup the notice must not render
WIDGETS = {"text": "text_input"}  # the AppTest element of each kind, where its name differs


def bad_values(param):
    """Values the parameter's widget cannot take: marked-up text, and for a slider numbers past its ends."""
    if param.kind == "slider":
        return [HOSTILE, str(param.high + 1), str(param.low - 1)]
    return [HOSTILE]


def widgets_for(app, param, key):
    """The widgets bound to `key` on the page: one, or none for a family member the state hides (z3 of 3)."""
    widgets = [widget for widget in app.get(WIDGETS.get(param.kind, param.kind)) if widget.key == key]
    if param.kind == "slider":  # a live slider (ui/live_slider.py): the value its data marks
        live = [data for data in live_sliders(app) if data["key"] == key]
        widgets += [SimpleNamespace(value=data["values"][data["index"]]) for data in live]
    assert len(widgets) == (1 if param.count == 1 else len(widgets[:1])), f"no single {param.kind} {key!r}"
    return widgets


CASES = [
    pytest.param(page.path, key, bad, id=f"{page.slug or 'home'}-{key}-{bad}")
    for page in PAGES
    for param in page.params
    for key in param.query_keys()
    for bad in bad_values(param)
]


@pytest.mark.parametrize("page, key, bad", CASES)
def test_every_bad_link_value_gets_a_notice_naming_it(open_page, page, key, bad):
    app = open_page(page, **{key: bad}, **SHOWN_WITH.get(key, {}))
    assert not app.exception, [exception.message for exception in app.exception]
    param = PAGES_BY_PATH[page].param(key)
    if param.kind == "text":  # the page checks it as typed text, naming it
        assert any(warning.value.startswith(key) for warning in app.warning)  # "classes\\: give 2 to 10 …"
        return
    notices = [warning.value for warning in app.warning if f"**{key}**" in warning.value]
    assert len(notices) == 1, [warning.value for warning in app.warning]
    assert "is not usable here" in notices[0]
    assert not re.search(r"(?<!\\)[<*]", notices[0].replace(f"**{key}**", "")), "the link's text is escaped"
    default = param.default_of(key)
    expected = pytest.approx(default) if isinstance(default, float) else default
    for widget in widgets_for(app, param, key):  # a radio or select box shows its default's label
        if param.kind in ("radio", "selectbox"):
            shown, expected = widget.options[widget.index], str(default)
        else:
            shown = widget.value
        assert shown == expected, "the widget falls back to the catalogue's default"


@pytest.mark.parametrize(
    "page", [page for page in PAGES if page.params], ids=lambda page: page.slug or "home"
)
def test_a_page_opened_at_its_defaults_shows_no_notice(open_page, page):
    app = open_page(page.path)
    assert not app.exception
    assert not [warning.value for warning in app.warning if "link" in warning.value]


def test_each_slider_starts_at_the_catalogues_default(open_page):
    for page in PAGES:
        app = open_page(page.path)
        shown = {key: value for key, *_, value in sliders(app)}
        for param in page.params:
            for key in param.query_keys():
                if param.kind == "slider" and key in shown:
                    assert shown[key] == pytest.approx(param.default_of(key)), key


def test_slugs_titles_and_keys_are_unique_and_defaults_lie_in_range():
    assert len({page.slug for page in PAGES}) == len({page.title for page in PAGES}) == len(PAGES)
    for page in PAGES:
        keys = [key for param in page.params for key in param.query_keys()]
        assert len(keys) == len(set(keys)) and not set(keys) & set(SETTINGS), page.slug
        for param in page.params:
            for key in param.query_keys():
                default = param.default_of(key)
                if param.kind == "slider":
                    assert param.low <= default <= param.high, key
                elif param.options is not None:
                    assert default in param.options, key


def test_the_catalogue_agrees_with_the_maths_it_feeds():
    multiclass = next(page for page in PAGES if page.slug == "multiclass")
    z = multiclass.param("z0")
    assert (z.low, z.high) == LOGIT_RANGE
    assert multiclass.param("classes").default == ",".join(DEFAULT_CLASSES)
    training = next(page for page in PAGES if page.slug == "training")
    assert training.param("k").options == CLASS_COUNTS
    assert training.param("data").options == tuple(SHAPE_LABELS.values())
    assert training.param("lr").options == LEARNING_RATES
    assert (training.param("width").low, training.param("width").high) == WIDTHS


def readme_parameter_rows():
    """{page title: set of parameter names} from the README's table of link parameters."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| page | parameters") :].split("\n\n")[0]
    rows = {}
    for line in table.splitlines()[2:]:
        title, parameters, _ = (cell.strip() for cell in line.strip("|").split(" | "))
        names = re.findall(r"`([\w…]+)(?:=[^`]*)?`", parameters.replace("`…`", "…"))
        rows[title] = {name for name in names if name not in SETTINGS}
    return rows


def catalogue_names(param):
    """A parameter as the README writes it: q, or z0…z9 for a family."""
    keys = param.query_keys()
    return keys[0] if len(keys) == 1 else f"{keys[0]}…{keys[-1]}"


def test_the_readme_parameter_table_matches_the_catalogue():
    rows = readme_parameter_rows()
    assert list(rows) == [page.title for page in PAGES], "one row per page, in teaching order, by title"
    for page in PAGES:
        assert rows[page.title] == {catalogue_names(param) for param in page.params}, page.title


def what_the_page_says(app):
    """Everything a learner reads but the link notices: the text and the metrics."""
    texts = [element.value for element in (*app.markdown, *app.caption, *app.latex)]
    return texts, [(metric.label, metric.value) for metric in app.metric]


OFF_GRID = [
    pytest.param(page.path, param, id=f"{page.slug or 'home'}-{param.query_keys()[0]}")
    for page in PAGES
    for param in page.params
    if param.kind == "slider"
]


@pytest.mark.parametrize("page, param", OFF_GRID)
def test_a_link_value_between_a_sliders_steps_is_moved_onto_them_and_said(open_page, page, param):
    key = param.query_keys()[0]
    on_grid = param.low + param.step if param.low + param.step <= param.high else param.low
    off_grid = on_grid + 0.3 * param.step  # nearer on_grid than the next step
    app = open_page(page, **{key: str(off_grid)}, **SHOWN_WITH.get(key, {}))
    assert not app.exception, [exception.message for exception in app.exception]
    notices = [warning.value for warning in app.warning if f"**{key}**" in warning.value]
    assert len(notices) == 1 and "between the slider's steps" in notices[0], notices
    assert notices[0].endswith(f"{on_grid:g}."), "the notice names the step the page starts at"
    on_grid_app = open_page(page, **{key: str(on_grid)}, **SHOWN_WITH.get(key, {}))
    assert what_the_page_says(app) == what_the_page_says(on_grid_app), "it computes with the value it prints"
