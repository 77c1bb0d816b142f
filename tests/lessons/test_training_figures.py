"""The training lab's animated figure and its table (lessons/training_figures.py), on the default race."""

import base64
import json
import math

import numpy as np
import plotly.graph_objects as go
import pytest
from scipy.special import softmax as scipy_softmax
from sklearn.metrics import accuracy_score, log_loss

from core.lab_data import make_data
from core.race import race
from lessons import palette
from lessons.race_text import figure_title
from lessons.training_figures import (
    GRID,
    MAX_FRAMES,
    MAX_GRID_FRAMES,
    frame_steps,
    training_figure,
    training_table,
)


def _values(array):
    """A trace's numbers, whether Plotly kept them as a list or packed them as base64."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
    return np.asarray(array)


@pytest.fixture(scope="module")
def lab():
    """The page's default race (saturation), with its held-out points and the frames the figure shows."""
    X, y, X_test, y_test = make_data()
    result = race(X, y, init_scale=8.0, test=(X_test, y_test), keep=frame_steps(200))
    return X, y, result


@pytest.fixture(scope="module")
def figures(lab):
    """The lab's figure on the default race, in nats and in bits, and with a hidden layer on two moons."""
    X, y, result = lab
    X2, y2, X2_test, y2_test = make_data("moons")
    hidden = race(X2, y2, width=16, test=(X2_test, y2_test), keep=frame_steps(200, MAX_GRID_FRAMES))
    return {
        "training": training_figure(X, y, result.runs, title=figure_title(result)),
        "bits": training_figure(X, y, result.runs, title=figure_title(result), base=2, unit="bits"),
        "hidden": training_figure(X2, y2, hidden.runs, title=figure_title(hidden)),
    }


def test_frame_steps_start_at_zero_end_at_the_last_step_and_stay_few():
    for steps in (1, 7, 59, 60, 200, 5000):
        shown = frame_steps(steps)
        assert shown[0] == 0 and shown[-1] == steps and len(shown) <= MAX_FRAMES
        assert (np.diff(shown) > 0).all()
    assert frame_steps(30).tolist() == list(range(31))


@pytest.mark.parametrize("name", ["training", "bits", "hidden"])
def test_figures_animate_in_the_browser_with_one_slider_step_per_frame(figures, name):
    fig = figures[name]
    frames = fig.to_dict()["frames"]
    names = [frame["name"] for frame in frames]
    assert 2 <= len(names) <= (MAX_GRID_FRAMES if name == "hidden" else MAX_FRAMES)
    assert names[0] == "0" and names[-1] == "200"
    slider = fig.layout.sliders[0]
    assert [list(step.args[0]) for step in slider.steps] == [[frame_name] for frame_name in names]
    assert all(step.method == "animate" for step in slider.steps)
    play = fig.layout.updatemenus[0].buttons[0]
    assert play.method == "animate" and play.args[0] is None and "Play" in play.label
    for frame in frames:
        assert len(frame["traces"]) == len(frame["data"])
        assert all(0 <= index < len(fig.data) for index in frame["traces"])
        for index, update in zip(frame["traces"], frame["data"], strict=True):
            assert update["type"] == fig.data[index].type
    go.Figure(json.loads(fig.to_json()))  # Plotly accepts every key of the unvalidated figure


@pytest.mark.parametrize("name", ["training", "bits", "hidden"])
def test_figures_have_titles_axis_titles_and_a_zoom_that_survives_reruns(figures, name):
    fig = figures[name]
    assert fig.layout.title.text and fig.layout.uirevision
    for axis in ("xaxis", "yaxis"):
        for number in ("", "2", "3", "4", "5"):
            if axis + number == "yaxis2":  # the right map shares the left map's y labels: the same bounds
                assert not fig.layout.yaxis2.showticklabels
                assert list(fig.layout.yaxis2.range) == list(fig.layout.yaxis.range)
                continue
            assert fig.layout[axis + number].title.text


def test_the_title_states_the_measured_result(figures, lab):
    assert figures["training"].layout.title.text.replace("<br>", " ") == (
        "Steps to 90 % accuracy, each loss at its fastest rate: cross-entropy 2 (rate 10), MSE 36 (rate 10)"
    )  # broken into lines that fit a phone (lessons._charts.wrapped)


def test_runs_wear_their_palette_colours_everywhere(figures):
    colours = {"trained with cross-entropy": palette.CROSS_ENTROPY, "trained with MSE": palette.MSE}
    for fig in figures.values():
        curves = [trace for trace in fig.data if trace.name and trace.name.endswith(tuple(colours))]
        assert len(curves) >= 6
        assert all(trace.line.color == colours[trace.name.split(", ")[-1]] for trace in curves)
        tests = [trace for trace in curves if trace.name.startswith("test points")]
        assert len(tests) == 4 and all(trace.line.dash == "dash" for trace in tests)
    region_titles = figures["training"].layout.annotations[:2]
    assert [title.font.color for title in region_titles] == [palette.CROSS_ENTROPY, palette.MSE]
    assert [title.text for title in region_titles] == ["Cross-entropy, rate 10", "MSE, rate 10"]


def test_frames_carry_plain_lists_the_browser_can_animate(figures):
    for fig in figures.values():
        frames = json.loads(fig.to_json())["frames"]
        assert "bdata" not in json.dumps(frames)  # plotly.js ignores binary arrays inside frames


@pytest.mark.parametrize("name", ["training", "bits", "hidden"])
def test_figure_json_stays_small(figures, name):
    assert len(figures[name].to_json()) < 150_000


def test_the_hidden_layer_draws_a_bent_border_from_a_class_grid(figures):
    fig = figures["hidden"]
    grids = [trace for trace in fig.data if trace.type == "heatmap"]
    assert len(grids) == 2
    final = np.array(fig.to_dict()["frames"][-1]["data"][0]["z"])
    assert final.shape == (GRID, GRID) and set(np.unique(final)) == {0, 1}
    assert (np.diff(final, axis=1) != 0).sum(axis=1).max() >= 2, (
        "a straight border crosses each row at most once"
    )


def test_presenter_mode_is_larger(lab):
    X, y, result = lab
    normal = training_figure(X, y, result.runs, title="t")
    big = training_figure(X, y, result.runs, title="t", presenter=True)
    assert big.layout.font.size > normal.layout.font.size
    assert big.layout.height < 1080 - 200, "on a 1080p projector the chart leaves room for the question"
    normal_width, big_width = (
        next(t.line.width for t in fig.data if t.name == "trained with MSE") for fig in (normal, big)
    )
    assert big_width > normal_width


def test_on_a_phone_each_curve_panel_is_the_whole_width_under_the_maps_and_their_play_button(lab):
    X, y, result = lab
    wide = training_figure(X, y, result.runs, title="t").layout
    phone = training_figure(X, y, result.runs, title="t", phone=True).layout
    maps, curves = ["", "2"], ["3", "4", "5"]
    beside = [wide[f"xaxis{s}"].domain for s in curves]  # a computer's: side by side, in one row
    assert all(left[1] < right[0] for left, right in zip(beside, beside[1:], strict=False))
    assert len({tuple(wide[f"yaxis{s}"].domain) for s in curves}) == 1
    assert all(list(phone[f"xaxis{s}"].domain) == [0, 1] for s in curves), "each curve the whole width"
    rows = [phone[f"yaxis{s}"].domain for s in maps[:1] + curves]  # top down, none overlapping
    assert all(upper[0] > lower[1] for upper, lower in zip(rows, rows[1:], strict=False))
    assert [phone[f"yaxis{s}"].domain for s in maps] == [rows[0]] * 2, "the maps side by side"
    play, step_slider = phone.updatemenus[0], phone.sliders[0]
    assert rows[1][1] < play.y == step_slider.y == rows[0][0], "Play and the slider hang from the maps"
    plot_px = phone.height - phone.margin.t - phone.margin.b
    gap_px = (rows[0][0] - rows[1][1]) * plot_px
    assert gap_px > step_slider.pad.t + 60, "room for the slider and the curve panel's title under it"


def test_the_chart_table_holds_each_curve_at_every_animated_step(lab):
    X, y, result = lab
    X_test, y_test = make_data()[2:]
    table = training_table(result.runs, base=2, unit="bits")
    assert table["step"].tolist() == frame_steps(200).tolist()
    assert len(table.columns) == 11
    for name, label in (("cross_entropy", "cross-entropy"), ("mse", "MSE")):
        run = result.runs[name]
        for t in (0, 5, 200):
            row = table[table["step"] == t].iloc[0]
            W, b = run.params_at(t)
            for points, labels, kind in ((X, y, "training"), (X_test, y_test, "test")):
                q = scipy_softmax(points @ W + b, axis=1)
                assert row[f"{kind} cross-entropy (bits), {label} run"] == pytest.approx(
                    log_loss(labels, q, labels=[0, 1, 2]) / math.log(2), abs=1e-4
                )
                assert row[f"{kind} accuracy (%), {label} run"] == pytest.approx(
                    100 * accuracy_score(labels, q.argmax(axis=1))
                )
            assert row[f"gradient length, {label} run"] == pytest.approx(run.grad_norm[t], abs=1e-4)


def test_the_loss_panel_follows_the_unit_and_the_rest_does_not(figures, lab):
    nats, bits = figures["training"], figures["bits"]
    assert nats.layout.yaxis3.title.text == "nats, log scale"
    assert bits.layout.yaxis3.title.text == "bits, log scale"
    assert nats.layout.yaxis5.title.text == "length, log scale" and "in nats" in bits.layout.yaxis5.title.text
    curves = [(a.y, b.y) for a, b in zip(nats.data, bits.data, strict=True) if a.name == "trained with MSE"]
    loss_nats, loss_bits = (np.asarray(_values(curve), dtype=float) for curve in curves[0])
    np.testing.assert_allclose(loss_bits * math.log(2), loss_nats, rtol=1e-6)
    np.testing.assert_allclose(loss_nats, lab[2].runs["mse"].cross_entropy, rtol=1e-6)
    np.testing.assert_array_equal(*(_values(curve) for curve in curves[1]))  # accuracy: no unit
    np.testing.assert_array_equal(*(_values(curve) for curve in curves[2]))  # gradient length: nats always
