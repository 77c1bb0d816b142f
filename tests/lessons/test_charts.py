"""lessons/_charts.Figure hands the browser its own packed spec instead of Plotly's deep copy: check, on every
page, that what it sends is what Plotly's own go.Figure.to_dict would have sent (values, not bytes)."""

import base64
import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from catalogue import PAGES
from lessons import _charts


def unpacked(value):
    """`value` with every plotly.js typed array {"dtype", "bdata"[, "shape"]} decoded into nested lists."""
    if isinstance(value, dict) and set(value) >= {"dtype", "bdata"}:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).astype(float)
        if "shape" in value:
            array = array.reshape([int(size) for size in value["shape"].split(",")])
        return array.tolist()
    if isinstance(value, dict):
        return {key: unpacked(item) for key, item in value.items()}
    if isinstance(value, list):
        return [unpacked(item) for item in value]
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


def sent(spec):
    """A spec as the browser reads it: JSON text, typed arrays decoded, keys sorted."""
    return json.dumps(unpacked(json.loads(pio.to_json(spec, validate=False))), sort_keys=True)


@pytest.mark.parametrize("page", [entry.path for entry in PAGES])
def test_every_chart_sends_what_plotly_would(open_page, monkeypatch, page):
    checked = []
    ours = _charts.Figure.to_dict

    def compared(figure):
        spec = ours(figure)
        still = {key: value for key, value in spec.items() if key != "frames"}  # go.Figure never saw them
        assert sent(still) == sent(go.Figure.to_dict(figure)), f"{page}: chart {len(checked) + 1} differs"
        assert spec.get("frames") is (figure._frames or None), "animation frames go out as they were built"
        checked.append(spec)
        return spec

    monkeypatch.setattr(_charts.Figure, "to_dict", compared)
    app = open_page(page)
    checked.clear()  # open_page ran Home first
    app.run()
    assert not app.exception
    assert len(checked) == len(app.get("plotly_chart"))
    assert any("frames" in spec for spec in checked) == (page == "pages/training.py"), "only the lab animates"


def test_arrays_are_packed_as_plotly_packs_them():
    whole, wide, real = np.arange(5), np.array([2**40, 1]), np.array([[0.5, np.nan], [np.inf, -1.0]])
    figure = _charts.figure(
        [{"type": "heatmap", "z": real, "x": whole, "y": wide}],
        title="t",
        x_title="x",
        y_title="y",
        layout={"xaxis": {"range": np.array([0.0, 1.0])}},
    )
    spec = figure.to_dict()
    trace = spec["data"][0]
    assert trace["x"]["dtype"] == "i4" and trace["y"]["dtype"] == "f8" and trace["z"]["shape"] == "2, 2"
    assert isinstance(spec["layout"]["xaxis"]["range"], np.ndarray), "a range stays as given"
    assert sent(spec) == sent(go.Figure.to_dict(figure))


def test_a_remembered_builder_builds_once_per_distinct_value():
    built = []

    @_charts.remembered
    def builder(q, names, *, grid, note=None):
        built.append((q, names, grid.tolist(), note))
        return len(built)

    grid = np.linspace(0, 1, 5)
    assert builder(0.5, ["a", "b"], grid=grid) == builder(0.5, ["a", "b"], grid=grid.copy()) == 1
    assert builder(0.5, ["a", "b"], grid=grid + 1e-12) == 2, "arrays compare by content"
    assert builder(1, ["a", "b"], grid=grid) == 3 and builder(1.0, ["a", "b"], grid=grid) == 4, "10 ≠ 10.0"
    assert builder(0.5, ["a", "c"], grid=grid) == 5 and builder(0.5, ["a", "b"], grid=grid, note="x") == 6
    assert builder(0.5, ["a", "b"], grid=grid) == 1, "still remembered"
    assert builder(0.5, {"a": object()}, grid=grid) == 7 == len(built), "no value key: built, not kept"
    assert builder(0.5, {"a": object()}, grid=grid) == 8
    _charts.forget()
    assert builder(0.5, ["a", "b"], grid=grid) == 9, "forget() drops every kept figure"


def test_every_figure_builder_of_a_page_is_remembered():
    import inspect

    from lessons import binary, ce_vs_mse_figures, misconceptions_figures, multiclass, numerics_figures

    for module in (binary, ce_vs_mse_figures, misconceptions_figures, multiclass, numerics_figures):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.endswith("_figure") and function.__module__ == module.__name__:
                assert hasattr(function, "__wrapped__"), f"{module.__name__}.{name} is not remembered"


def test_a_builder_that_fails_runs_once():
    calls = []

    @_charts.remembered
    def builder(q):
        calls.append(q)
        raise TypeError("a bug inside the builder")

    with pytest.raises(TypeError, match="inside the builder"):
        builder(0.5)
    assert calls == [0.5], "an error inside the builder is not mistaken for an argument with no value key"
