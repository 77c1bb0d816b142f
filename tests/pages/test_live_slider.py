"""AppTest: what a live slider's JavaScript can show is core/'s value at each point of the slider's grid.

The data is read as the page sends it to the browser (helpers.live_sliders), and every text is recomputed
here from core/ and content/text.py's formatters, so a number seen while dragging is the number the page
shows after release.
"""

import math
import re

import numpy as np
import pytest
from helpers import ROOT, live_sliders, set_slider, written_loss, written_share

import catalogue
from content.text import format_gradient, format_loss, format_positive
from core import binary_cross_entropy, cross_entropy, mse
from core.activations import logit, sigmoid
from core.losses import binary_cross_entropy_grad, binary_mse_grad

BASES = {"nats": math.e, "bits": 2.0}


def grid_of(slug, key):
    param = catalogue.page(slug).param(key)
    return [
        round(param.low + i * param.step, 10) for i in range(round((param.high - param.low) / param.step) + 1)
    ]


def the_live_slider(app, key):
    (data,) = [data for data in live_sliders(app) if data["key"] == key]
    return data


@pytest.mark.parametrize(("y", "depth", "units"), [(1, "basic", "nats"), (0, "medium", "bits")])
def test_binary_every_value_the_slider_can_show_is_cores(open_page, y, depth, units):
    app = open_page("pages/binary.py", y=str(y), depth=depth, units=units, q="0.35")
    data = the_live_slider(app, "q")
    grid = grid_of("binary", "q")
    assert data["values"] == pytest.approx(grid) and data["values"][data["index"]] == pytest.approx(0.35)
    assert data["labels"] == [f"{q:.2f}" for q in grid]
    base = BASES[units]
    readouts = {readout["name"]: readout["texts"] for readout in data["readouts"]}
    expected = {
        "Cross-entropy": [format_loss(binary_cross_entropy(y, q, base=base), units) for q in grid],
        "MSE": [format_positive(mse(float(y), q)) for q in grid],
    }
    if depth != "basic":  # the page shows the pushes from Medium on, and so does the slider
        expected["CE ∂ℓ/∂z, of the loss in nats"] = [
            format_gradient(float(binary_cross_entropy_grad(y, logit(q))) + 0.0) for q in grid
        ]
        expected["MSE ∂ℓ_MSE/∂z (no unit)"] = [
            format_gradient(float(binary_mse_grad(y, logit(q))) + 0.0) for q in grid
        ]
    assert readouts == expected
    assert (readouts["Cross-entropy"][0 if y == 1 else -1]) == f"∞ {units}", "q on the wrong end is ∞"
    for q, aria, loss in zip(grid, data["aria"], readouts["Cross-entropy"], strict=True):
        assert aria.startswith(f"q = {q:.2f}: cross-entropy {loss} for the label y = {y}")
    assert "nan" not in " ".join(data["aria"]).lower()


@pytest.mark.parametrize("units", ["bits"])
def test_home_every_value_the_slider_can_show_is_cores(open_page, units):
    app = open_page(units=units)
    data = the_live_slider(app, "cat")
    grid = grid_of("", "cat")
    assert data["values"] == pytest.approx(grid)
    target = [0.0, 1.0, 0.0]  # the photo is a cat; the rest of the belief is split between dog and rabbit
    losses = [
        cross_entropy(np.array([target]), np.array([[(1 - q) / 2, q, (1 - q) / 2]]), base=BASES[units])
        for q in grid
    ]
    assert data["readouts"] == [
        {"name": "Cross-entropy", "texts": [format_loss(loss, units) for loss in losses]}
    ]
    assert data["aria"][0] == f"q(cat) = 0.00: cross-entropy ∞ {units}"


def test_the_marker_follows_the_curve_and_holds_an_infinite_loss_at_the_top(open_page):
    data = the_live_slider(open_page("pages/binary.py", y="1"), "q")
    marks = data["curve"]["marks"]
    assert [x for x, _ in marks] == sorted(x for x, _ in marks) and marks[0][0] == 0 and marks[-1][0] == 100
    assert marks[0][1] == 0, "q = 0, an infinite loss: the marker waits at the plot's top"
    assert marks[-1][1] == 100, "q = 1, no loss: the marker sits on the bottom"


def test_the_slider_follows_a_preset_and_a_set_value(open_page):
    app = open_page("pages/binary.py")
    app.button(key="preset_Sure, wrong").click().run()
    data = the_live_slider(app, "q")
    assert data["values"][data["index"]] == pytest.approx(0.1)
    set_slider(app, "q", 0.42)
    data = the_live_slider(app, "q")
    assert data["values"][data["index"]] == pytest.approx(0.42) and app.query_params["q"] == "0.42"


def test_the_javascript_only_looks_values_up():
    """No maths in the browser: no Math.*, no arithmetic on the numbers; only indexing into `data`."""
    js = (ROOT / "ui" / "live_slider.js").read_text()
    code = "\n".join(line.split("//")[0] for line in js.splitlines())
    code = re.sub(r"`[^`]*`|\"[^\"]*\"", "''", code)  # the HTML template, template strings and strings
    assert "Math." not in code and "parseFloat" not in code
    assert not re.search(r"[\w\])]\s*[*/+-]\s*[\w(]", code), "arithmetic in the JavaScript"


def test_ce_vs_mse_keeps_the_push_ratio_back_while_the_prediction_waits(open_page):
    """The prediction asks whose push is stronger: the slider's readouts must not answer it before a guess."""
    app = open_page("pages/ce-vs-mse.py")
    assert any(button.key == "ce-vs-mse_commit" for button in app.button), "the question waits at q = 0.2"
    names = [readout["name"] for readout in the_live_slider(app, "q")["readouts"]]
    assert names == ["Cross-entropy", "MSE"]
    assert not any("push" in aria for aria in the_live_slider(app, "q")["aria"])


@pytest.mark.parametrize("units", ["nats"])
def test_ce_vs_mse_every_value_the_slider_can_show_is_cores(open_page, units):
    app = open_page("pages/ce-vs-mse.py", units=units)
    app.radio(key="ce-vs-mse_guess").set_value(0).run()  # a guess locked in: the pushes may show
    app.button(key="ce-vs-mse_commit").click().run()
    data = the_live_slider(app, "q")
    grid = grid_of("ce-vs-mse", "q")
    assert data["values"] == pytest.approx(grid)
    readouts = {readout["name"]: readout["texts"] for readout in data["readouts"]}
    ratios = []
    for q in grid:
        ce_push, mse_push = abs(binary_cross_entropy_grad(1, logit(q))), abs(binary_mse_grad(1, logit(q)))
        ratio = f"{ce_push / mse_push:.1f}×" if mse_push else "MSE's is 0"
        ratios.append("both are 0" if ce_push == 0 else ratio)
    assert readouts == {
        "Cross-entropy": [format_loss(binary_cross_entropy(1, q, base=BASES[units]), units) for q in grid],
        # this page computes from the logit z = logit(q), with q = σ(z): 0.0625 + 6e-17 at q = 0.75, as its
        # metric shows it (0.063), within 1e-12 of core's mse(1, q)
        "MSE": [format_positive((1 - float(sigmoid(logit(q)))) ** 2) for q in grid],
        "Cross-entropy's push (CE in nats) ÷ MSE's": ratios,
    }
    assert data["aria"][0] == f"q = 0.00: cross-entropy ∞ {units}, MSE 1.000"
    assert all(abs((1 - float(sigmoid(logit(q)))) ** 2 - mse(1.0, q)) < 1e-12 for q in grid)


def test_a_value_set_on_one_page_does_not_follow_the_learner_to_the_next(open_page):
    """/binary and /ce-vs-mse both link q: leaving /binary at q = 0.7 opens /ce-vs-mse on its own default,
    as an st.slider's state is dropped when its page is left (the course's Next link carries no q)."""
    app = open_page("pages/binary.py", q="0.7")
    assert the_live_slider(app, "q")["values"][the_live_slider(app, "q")["index"]] == pytest.approx(0.7)
    app.switch_page("pages/ce-vs-mse.py").run()
    data = the_live_slider(app, "q")
    default = catalogue.page("ce-vs-mse").param("q").default
    assert data["values"][data["index"]] == pytest.approx(default) and default != 0.7


def variant_losses(q, k, gamma, share, eps, base):
    """The four losses of /variants at q_y = q and the focal share kept, written out with NumPy, scipy's
    xlogy and scikit-learn's balanced weight; the other K - 1 classes share 1 - q equally, as on the page."""
    from scipy.special import xlogy
    from sklearn.utils.class_weight import compute_class_weight

    n = 100_000 * (k - 1)  # a share of two decimals and an equal split of the rest are whole counts
    rare = round(share * n)
    labels = np.r_[np.zeros(rare, dtype=int), np.repeat(np.arange(1, k), (n - rare) // (k - 1))]
    weight = compute_class_weight("balanced", classes=np.arange(k), y=labels)[0]
    with np.errstate(divide="ignore"):
        plain = -np.log(q) / math.log(base) + 0.0
        target = np.r_[1 - eps + eps / k, np.full(k - 1, eps / k)]
        predicted = np.r_[q, np.full(k - 1, (1 - q) / (k - 1))]
        smoothed = -xlogy(target, predicted).sum() / math.log(base) + 0.0
    kept = (1 - q) ** gamma
    return {
        "plain": plain,
        "focal": kept * plain,
        "weighted": weight * plain,
        "smoothed": smoothed,
        "kept": kept,
    }, weight


@pytest.mark.parametrize(
    ("query", "units"),
    [({}, "nats"), ({"vq": "0.35", "vk": "4", "vg": "0.5", "vr": "0.05", "vs": "0.2"}, "bits")],
)
def test_variants_every_value_the_sliders_can_show_is_the_formula(open_page, query, units):
    """Both live sliders of /variants, q_y and γ, at every point of their grids, against the formulas."""
    app = open_page("pages/variants.py", units=units, **query)
    q, k, gamma = float(query.get("vq", 0.7)), int(query.get("vk", 2)), float(query.get("vg", 2.0))
    share, eps, base = float(query.get("vr", 0.1)), float(query.get("vs", 0.1)), BASES[units]
    share_name = "Share kept, (1 − q(true class)) to the power γ"

    data = the_live_slider(app, "vq")
    grid = grid_of("variants", "vq")
    assert data["values"] == pytest.approx(grid) and data["values"][data["index"]] == pytest.approx(q)
    each = [variant_losses(point, k, gamma, share, eps, base)[0] for point in grid]
    weight = variant_losses(q, k, gamma, share, eps, base)[1]
    expected = {
        "Plain cross-entropy": [written_loss(losses["plain"], units) for losses in each],
        f"Focal, γ = {gamma:g}": [written_loss(losses["focal"], units) for losses in each],
        f"Weighted, w = {weight:.3f}": [written_loss(losses["weighted"], units) for losses in each],
        f"Smoothed, ε = {eps:g}": [written_loss(losses["smoothed"], units) for losses in each],
        share_name: [written_share(losses["kept"]) for losses in each],
    }
    readouts = {readout["name"]: readout["texts"] for readout in data["readouts"]}
    assert readouts == expected
    assert (
        readouts["Plain cross-entropy"][0] == f"∞ {units}"
        and readouts["Plain cross-entropy"][-1] == f"0.000 {units}"
    )
    shown = {metric.label: metric.value for metric in app.metric}
    at = data["index"]
    for name in expected:  # the readouts at the slider's value are the page's metrics
        assert readouts[name][at] == shown[name.replace(share_name, r"Share kept, $(1 - q_y)^\gamma$")]
    plain, focal, weighted, smoothed = (readouts[name][at] for name in list(expected)[:4])
    assert data["aria"][at] == (
        f"q(true class) = {q:.2f}: plain cross-entropy {plain}, focal {focal}, weighted {weighted}, "
        f"smoothed {smoothed}"
    )
    marks = data["curve"]["marks"]
    cap = 5.0 / math.log(base)
    assert [y for _, y in marks] == pytest.approx(
        [100 * (1 - min(e["plain"], cap) / cap) for e in each], abs=0.006
    )

    data = the_live_slider(app, "vg")
    grid = grid_of("variants", "vg")
    assert data["values"] == pytest.approx(grid) and data["values"][data["index"]] == pytest.approx(gamma)
    each = [variant_losses(q, k, point, share, eps, base)[0] for point in grid]
    readouts = {readout["name"]: readout["texts"] for readout in data["readouts"]}
    assert readouts == {
        "Focal": [written_loss(losses["focal"], units) for losses in each],
        share_name: [written_share(losses["kept"]) for losses in each],
    }
    assert readouts["Focal"][0] == shown["Plain cross-entropy"], "γ = 0 is plain cross-entropy"
    assert readouts["Focal"][data["index"]] == shown[f"Focal, γ = {gamma:g}"]
    assert data["help"] == "γ = 0 gives plain cross-entropy." and data["curve"] is None
    assert all(
        aria.startswith(f"γ = {point:.1f}: focal loss ")
        for point, aria in zip(grid, data["aria"], strict=True)
    )
    assert "nan" not in " ".join(data["aria"]).lower()
