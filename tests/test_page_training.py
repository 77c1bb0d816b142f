"""AppTest: the training lab shows the runs core/training.py computes for the chosen settings."""

import inspect
import json
import math

import numpy as np
import pytest
import streamlit as st
from conftest import opened
from scipy.special import softmax
from sklearn.metrics import accuracy_score, log_loss

import core.training
from core.charts import PRESENTER_FONT
from core.training import compare_runs, make_blobs, steps_to_accuracy, train

PAGE = "pages/training.py"
DEFAULTS = {"k": 3, "overlap": 0.5, "seed": 0, "lr": 0.5, "steps": 200, "init": 1.0}
WIDGETS = {"k": "radio", "overlap": "slider", "seed": "slider", "lr": "select_slider", "steps": "slider"}
WIDGETS["init"] = "slider"


def widget(app, key):
    """The page's widget bound to query parameter `key`."""
    return getattr(app, WIDGETS[key])(key=key)


def shown(app):
    """{run: {label: value}}: the cross-entropy run's four metrics come first on the page, then MSE's."""
    pairs = [(metric.label, metric.value) for metric in app.metric]
    assert len(pairs) == 8
    return {"cross_entropy": dict(pairs[:4]), "mse": dict(pairs[4:])}


def expected(k=3, overlap=0.5, seed=0, lr=0.5, steps=200, init=1.0):
    """What each run's metrics must say, recomputed from core/ and cross-checked with sklearn."""
    X, y = make_blobs(n_classes=k, overlap=overlap, seed=seed)
    runs = compare_runs(X, y, learning_rate=lr, steps=steps, init_scale=init, seed=seed)
    metrics = {}
    for name, run in runs.items():
        final = softmax(X @ run.weights[-1] + run.biases[-1], axis=1)
        accuracy = accuracy_score(y, final.argmax(axis=1))
        assert run.accuracy[-1] == pytest.approx(accuracy)
        reached = steps_to_accuracy(run, 0.9)
        metrics[name] = {
            "Reached 90 % at step": "never" if reached is None else str(reached),
            f"Accuracy at step {steps}": f"{100 * accuracy:.0f} %",
            "Gradient length at step 0": f"{run.grad_norm[0]:.3g}",
            f"Gradient length at step {steps}": f"{run.grad_norm[-1]:.3g}",
        }
    return metrics, runs, (X, y)


def text(app):
    """Every Markdown block on the page, joined."""
    return " ".join(block.value for block in app.markdown)


def figure_spec(app):
    """The Plotly figure the page sends to the browser, as JSON."""
    return json.loads(app.get("plotly_chart")[0].proto.spec)


def test_default_run_shows_what_core_computes(open_page):
    app = open_page(PAGE)
    assert not app.exception
    metrics, runs, _ = expected()
    assert shown(app) == metrics
    assert shown(app)["cross_entropy"]["Reached 90 % at step"] == "3"
    assert shown(app)["mse"]["Reached 90 % at step"] == "18"
    assert any(block.value == "**Trained with cross-entropy**" for block in app.markdown)


def test_the_figure_animates_in_the_browser_and_says_the_result(open_page):
    app = open_page(PAGE)
    spec = figure_spec(app)
    headline = "Cross-entropy reached 90 % accuracy at step 3; MSE at step 18."
    assert spec["layout"]["title"]["text"] == headline
    names = [frame["name"] for frame in spec["frames"]]
    assert names[0] == "0" and names[-1] == "200" and len(names) <= 60
    assert [button["label"] for button in spec["layout"]["updatemenus"][0]["buttons"]] == [
        "▶ Play",
        "Pause",
        "Step ▸",
        "Reset",
    ]
    assert len(app.get("plotly_chart")[0].proto.spec) < 150_000, "the page stays light to send"


def test_a_shared_link_opens_at_its_settings(open_page):
    link = {"k": "2", "overlap": "0.2", "seed": "7", "lr": "0.1", "steps": "50", "init": "3"}
    app = open_page(PAGE, **link)
    assert not app.exception and not app.warning
    assert [widget(app, key).value for key in link] == [2, 0.2, 7, 0.1, 50, 3.0]
    assert shown(app) == expected(k=2, overlap=0.2, seed=7, lr=0.1, steps=50, init=3.0)[0]


def test_moving_the_widgets_retrains(open_page):
    app = open_page(PAGE)
    app.slider(key="init").set_value(4.5)
    app.select_slider(key="lr").set_value(2)
    app.radio(key="k").set_value(2).run()
    assert not app.exception
    assert shown(app) == expected(k=2, lr=2, init=4.5)[0]


@pytest.mark.parametrize(
    "bad",
    [
        {"k": "4", "overlap": "1.5", "seed": "100", "lr": "0.3", "steps": "5", "init": "11"},
        {"k": "nan", "overlap": "nan", "seed": "inf", "lr": "inf", "steps": "1e999", "init": "-inf"},
        {key: "<script>alert(1)</script>" for key in DEFAULTS},
        {key: "**2**" for key in DEFAULTS},
        {key: "" for key in DEFAULTS},
        {"k": "3.0", "lr": "0.50"},  # a number, but not an option's text: Streamlit ignores it
    ],
)
def test_unusable_link_values_fall_back_with_a_notice_each(open_page, bad):
    app = open_page(PAGE, **bad)
    assert not app.exception
    notices = [warning.value for warning in app.warning if "is not usable here" in warning.value]
    assert len(notices) == len(bad)
    assert [widget(app, key).value for key in DEFAULTS] == list(DEFAULTS.values())
    assert shown(app) == expected()[0]
    assert "<script>" not in " ".join(notices) and "**2**" not in " ".join(notices), "link text is escaped"


def test_values_off_the_slider_grid_are_still_used(open_page):
    app = open_page(PAGE, steps="205", overlap="0.33", init="2.25")
    assert not app.exception and not app.warning
    assert shown(app) == expected(overlap=0.33, steps=205, init=2.25)[0]


@pytest.mark.parametrize(
    ("preset", "settings"),
    [
        ("Large initial weights", {"init": 8.0}),
        ("Heavy overlap", {"overlap": 1.0}),
        ("Tiny learning rate", {"lr": 0.02, "steps": 500}),
    ],
)
def test_presets_set_the_widgets_and_the_runs(open_page, preset, settings):
    app = open_page(PAGE, seed="3")
    app.button(key=f"preset_{preset}").click().run()
    assert not app.exception
    chosen = DEFAULTS | settings
    assert [widget(app, key).value for key in DEFAULTS] == list(chosen.values())
    metrics, runs, _ = expected(**chosen)
    assert shown(app) == metrics
    if preset == "Large initial weights":  # the teaching point: MSE stalls where cross-entropy learns
        assert shown(app)["mse"]["Reached 90 % at step"] == "never"
        assert runs["mse"].grad_norm[0] < 0.05 * runs["cross_entropy"].grad_norm[0]
    app.button(key="preset_Default settings").click().run()
    assert shown(app) == expected()[0]


def test_lesson_fills_live_numbers_at_every_depth(open_page):
    _, runs, (X, y) = expected(init=2.0)
    ce, mse = runs["cross_entropy"], runs["mse"]
    for depth in ("Basic", "Medium", "Detailed"):
        app = open_page(PAGE, init="2", depth=depth.lower())
        page_text = text(app)
        assert "{{" not in page_text and not app.exception
        if depth == "Basic":
            assert "Cross-entropy reached 90 % accuracy at step 6; MSE at step 48." in page_text
        if depth == "Medium":
            assert f"**{ce.grad_norm[0]:.3g}**" in page_text and f"**{mse.grad_norm[0]:.3g}**" in page_text
            assert f"{100 * mse.grad_norm[0] / ce.grad_norm[0]:.1f} % of it" in page_text
            final = softmax(X @ ce.weights[-1] + ce.biases[-1], axis=1)
            assert f"{log_loss(y, final):.3f} nats" in page_text
        if depth == "Detailed":
            assert "N = 120" in page_text and "\\eta = 0.5" in page_text


def test_bits_change_the_loss_panel_and_the_lesson_not_the_training(open_page):
    app = open_page(PAGE, units="bits", depth="medium")
    assert shown(app) == expected()[0]
    spec = figure_spec(app)
    assert spec["layout"]["yaxis3"]["title"]["text"] == "loss (bits)"
    ce = expected()[1]["cross_entropy"]
    assert f"{ce.cross_entropy[-1] / math.log(2):.3f} bits" in text(app)
    opened(app, "training_chart_table")
    table = app.dataframe[0].value
    assert "cross-entropy (bits), MSE run" in table.columns
    np.testing.assert_allclose(table.iloc[0, 1], ce.cross_entropy[0] / math.log(2), atol=1e-4)


def test_presenter_mode_sends_the_projector_figure(open_page):
    app = open_page(PAGE, present="true")
    assert not app.exception
    assert figure_spec(app)["layout"]["font"]["size"] == PRESENTER_FONT


def test_the_run_is_computed_once_per_setting(open_page, monkeypatch):
    calls = []
    real = core.training.compare_runs
    monkeypatch.setattr(core.training, "compare_runs", lambda *a, **kw: calls.append(kw) or real(*a, **kw))
    st.cache_resource.clear()
    app = open_page(PAGE, seed="11")
    app.sidebar.radio(key="sidebar_depth").set_value("Detailed").run()
    app.radio(key="k").set_value(2).run()
    app.radio(key="k").set_value(3).run()
    assert not app.exception
    assert len(calls) == 2, "a depth change and a return to known settings reuse the cached run"


def test_a_failing_core_call_is_a_warning_not_a_traceback(open_page, monkeypatch):
    def refuse(*args, **kwargs):
        raise ValueError("steps: refused <b>here</b>")

    monkeypatch.setattr(core.training, "compare_runs", refuse)
    st.cache_resource.clear()
    app = open_page(PAGE, seed="12")
    assert not app.exception
    warnings = " ".join(warning.value for warning in app.warning)
    assert "cannot be trained" in warnings and "<b>" not in warnings
    assert not app.metric and not app.get("plotly_chart")
    st.cache_resource.clear()


def test_show_the_code_is_the_real_training_loop(open_page):
    app = opened(open_page(PAGE), "show_code")
    assert any(code.value.strip() == inspect.getsource(train).strip() for code in app.code)
