"""AppTest: the softmax & multi-class page agrees with an independent softmax/cross-entropy (scipy)."""

import math

import numpy as np
import pytest
from conftest import metrics
from scipy.special import softmax as scipy_softmax

PAGE = "pages/multiclass.py"


def shown_loss(app):
    return metrics(app)["Cross-entropy"]


def expected(q, true_index, smoothing=0.0, unit="nats"):
    """-sum p~ log q computed here, independently of core."""
    k = len(q)
    target = (1 - smoothing) * np.eye(k)[true_index] + smoothing / k
    loss = float(-(target * np.log(q)).sum())
    if unit == "bits":
        loss /= math.log(2)
    return f"{loss:.3f} {unit}"


def test_default_view_is_softmax_of_the_logits(open_page):
    app = open_page(PAGE)
    assert not app.exception
    q = scipy_softmax([2.0, 1.0, 0.1])
    assert shown_loss(app) == expected(q, 0)
    assert metrics(app)["Uniform guess: log 3"] == f"{math.log(3):.3f} nats"
    assert metrics(app)["Predicted class"] == f"dog · {q[0]:.0%}"


def test_brief_example_and_perfect_prediction_presets(open_page):
    app = open_page(PAGE)
    app.button(key="preset_[0.8, 0.1, 0.1]").click().run()
    assert shown_loss(app) == f"{-math.log(0.8):.3f} nats" == "0.223 nats"
    app.button(key="preset_Perfect").click().run()
    assert shown_loss(app) == "0.000 nats"
    app.button(key="preset_70 % dog, is a cat").click().run()
    assert shown_loss(app) == f"{-math.log(0.2):.3f} nats"
    app.button(key="preset_Confidently wrong").click().run()
    assert shown_loss(app) == f"{-math.log(0.01):.3f} nats"
    assert not app.exception


def test_temperature_sharpens_and_flattens(open_page):
    app = open_page(PAGE)
    for temperature in (0.5, 1.0, 3.0):
        app.slider(key="temp").set_value(temperature).run()
        assert shown_loss(app) == expected(scipy_softmax(np.array([2.0, 1.0, 0.1]) / temperature), 0)


def test_label_smoothing_and_bits(open_page):
    app = open_page(PAGE, units="bits", smooth="0.1", true="cat")
    q = scipy_softmax([2.0, 1.0, 0.1])
    assert shown_loss(app) == expected(q, 1, smoothing=0.1, unit="bits")


def test_probability_weights_are_renormalised_with_a_note(open_page):
    app = open_page(PAGE, mode="probabilities")
    app.slider(key="q0").set_value(0.6)
    app.slider(key="q1").set_value(0.6)
    app.slider(key="q2").set_value(0.3).run()
    assert shown_loss(app) == expected(np.array([0.6, 0.6, 0.3]) / 1.5, 0)
    assert any("add up to 1.50" in info.value for info in app.info)


def test_all_zero_weights_fall_back_to_uniform(open_page):
    app = open_page(PAGE, mode="probabilities", q0="0", q1="0", q2="0")
    assert not app.exception
    assert any("Every weight is 0" in warning.value for warning in app.warning)
    assert shown_loss(app) == f"{math.log(3):.3f} nats"


def test_switching_modes_keeps_the_distribution(open_page):
    app = open_page(PAGE)
    before = scipy_softmax([2.0, 1.0, 0.1])
    app.radio(key="mode").set_value("probabilities").run()
    weights = np.array([app.slider(key=f"q{i}").value for i in range(3)])
    np.testing.assert_allclose(weights / weights.sum(), before, atol=0.01)
    app.radio(key="mode").set_value("logits").run()
    logits = np.array([app.slider(key=f"z{i}").value for i in range(3)])
    np.testing.assert_allclose(scipy_softmax(logits), before, atol=0.01)


@pytest.mark.parametrize("k", [2, 10])
def test_two_and_ten_classes(open_page, k):
    names = ",".join(f"class{i}" for i in range(k))
    app = open_page(PAGE, classes=names)
    assert not app.exception
    logits = np.array(([2.0, 1.0, 0.1] + [0.0] * 7)[:k])
    assert shown_loss(app) == expected(scipy_softmax(logits), 0)
    assert metrics(app)[f"Uniform guess: log {k}"] == f"{math.log(k):.3f} nats"


def test_link_with_a_true_class_that_needs_escaping(open_page):
    app = open_page(PAGE, classes="golden-retriever,cat.1", true="cat.1")
    assert app.radio(key="true").value == "cat.1"
    assert app.query_params["true"] in ("cat.1", ["cat.1"]), "the URL keeps the raw name"
    q = scipy_softmax([2.0, 1.0])
    assert shown_loss(app) == expected(q, 1)


def test_soft_labels(open_page):
    app = open_page(PAGE, target="soft", t0="0.5", t1="0.5")
    q = scipy_softmax([2.0, 1.0, 0.1])
    assert shown_loss(app) == f"{-(0.5 * math.log(q[0]) + 0.5 * math.log(q[1])):.3f} nats"


@pytest.mark.parametrize(
    "names, message",
    [
        ("dog", "give 2 to 10 names"),
        (",".join("abcdefghijk"), "give 2 to 10 names"),
        ("dog,,cat", "is empty"),
        ("dog,cat,Dog", "appears twice"),
    ],
)
def test_bad_class_names_get_a_message(open_page, names, message):
    app = open_page(PAGE, classes=names)
    assert not app.exception
    assert any(message in warning.value for warning in app.warning)
    assert metrics(app)["Uniform guess: log 3"], "the page carries on with dog, cat, rabbit"


def test_hostile_class_names_are_shown_as_text(open_page):
    app = open_page(PAGE, classes="<script>alert(1)</script>,**bold**," + "x" * 200, true="**bold**")
    assert not app.exception
    labels = [slider.label for slider in app.slider]
    assert any("\\*\\*bold\\*\\*" in label for label in labels), "Markdown is escaped in labels"
    assert all("<script>" not in label for label in labels)
    assert app.radio(key="true").value == "**bold**"


CONTEXT = {"q1": {"mode": "probabilities"}, "t2": {"target": "soft"}}


@pytest.mark.parametrize("name", ["temp", "smooth", "z0", "mode", "true", "target", "q1", "t2"])
@pytest.mark.parametrize("bad", ["nan", "inf", "-50", "99", "<b>x</b>", ""])
def test_bad_link_values_fall_back_with_a_notice(open_page, name, bad):
    app = open_page(PAGE, **{name: bad}, **CONTEXT.get(name, {}))
    assert not app.exception
    assert any("not usable" in warning.value for warning in app.warning)
