"""AppTest: what a grid of live sliders (ui/live_grid.py) can show is core/'s value at each point of each
slider's grid, the other sliders held where they are.

The data is read as the page sends it to the browser (helpers.live_grids) and expanded as its JavaScript
expands it; every text is recomputed here, with SciPy and NumPy rather than core/ or lessons/, so a number
seen while dragging is the number the page shows after release.
"""

import math
import re

import numpy as np
import pytest
from helpers import ROOT, expand_runs, live_grids, metrics, set_slider
from scipy.special import softmax as scipy_softmax
from scipy.stats import entropy as scipy_entropy

import catalogue

BASES = {"nats": math.e, "bits": 2.0}


def grid_of(slug, key):
    param = catalogue.page(slug).param(key)
    count = round((param.high - param.low) / param.step) + 1
    return [round(param.low + i * param.step, 10) for i in range(count)]


def the_grid(app, prefix):
    (data,) = [data for data in live_grids(app) if data["prefix"] == prefix]
    return data


def values_of(data):
    """The grid's points, read from the labels the sliders print (and send on release)."""
    return [float(label) for label in data["labels"]]


def readouts_of(data, k):
    """{name: [text at each grid point]} while slider k drags."""
    return {readout["name"]: expand_runs(**readout["texts"][k]) for readout in data["readouts"]}


def shares_of(data, k):
    """[[each name's share text] at each grid point] while slider k drags."""
    columns = [expand_runs(runs) for runs in data["bars"]["runs"][k]]
    return [[data["bars"]["shares"][code][0] for code in row] for row in zip(*columns, strict=True)]


def loss_text(value, unit):
    """A loss as the page writes it: 3 decimals, ∞, and a positive loss that rounds to 0 as 4.5e-5."""
    if math.isinf(value):
        return f"∞ {unit}"
    if value > 0 and f"{value:.3f}" == "0.000":
        mantissa, exponent = f"{value:.1e}".split("e")
        return f"{mantissa}e{int(exponent)} {unit}"
    return f"{value:.3f} {unit}"


def share_text(q):
    """A probability as the bars print it: f"{q:.0%}", but never 0 % or 100 % unless it is exactly that."""
    text = f"{q:.0%}"
    if text == "0%" and q > 0:
        return "<1%"
    if text == "100%" and q < 1:
        return ">99%"
    return text


def cross_entropy_here(p, q, base):
    """-sum p log q, with 0 log 0 = 0 and p > 0 at q = 0 infinite, computed here."""
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, -p * np.log(q), 0.0)
    return float(terms.sum() / math.log(base))


def weights_to_q(weights):
    weights = np.asarray(weights, dtype=float)
    return weights / weights.sum() if weights.sum() > 0 else np.full(len(weights), 1 / len(weights))


MULTICLASS_CASES = {
    "logits, one-hot dog": ({}, "logits"),
    "logits at T = 0.5 in bits, smoothed, true cat": (
        {"temp": "0.5", "units": "bits", "smooth": "0.1", "true": "cat"},
        "logits",
    ),
    "weights against a soft target": (
        {"mode": "probabilities", "target": "soft", "t0": "0.5", "t1": "0.5", "t2": "0"},
        "probabilities",
    ),
    "all weights 0: a uniform guess": (
        {"mode": "probabilities", "q0": "0", "q1": "0", "q2": "0", "true": "rabbit"},
        "probabilities",
    ),
    "ten classes": (
        {"mode": "probabilities", "classes": ",".join(f"c{i}" for i in range(10))},
        "probabilities",
    ),
}


@pytest.mark.parametrize("case", MULTICLASS_CASES)
def test_multiclass_every_value_the_grid_can_show_is_cores(open_page, case):
    query, mode = MULTICLASS_CASES[case]
    app = open_page("pages/multiclass.py", **query)
    assert not app.exception
    prefix = "z" if mode == "logits" else "q"
    data = the_grid(app, prefix)
    page = catalogue.page("multiclass")
    names = query.get("classes", "dog,cat,rabbit").split(",")
    k_classes = len(names)
    held = [
        float(query.get(f"{prefix}{i}", page.param(f"{prefix}{i}").default_of(f"{prefix}{i}")))
        for i in range(k_classes)
    ]
    grid = grid_of("multiclass", f"{prefix}0")
    assert values_of(data) == pytest.approx(grid)
    assert [values_of(data)[slider["index"]] for slider in data["sliders"]] == pytest.approx(held)
    unit = query.get("units", "nats")
    temperature, smoothing = float(query.get("temp", 1.0)), float(query.get("smooth", 0.0))
    if query.get("target") == "soft":
        target = weights_to_q([float(query[f"t{i}"]) for i in range(k_classes)])
    else:
        target = np.eye(k_classes)[names.index(query.get("true", names[0]))]
    target = (1 - smoothing) * target + smoothing / k_classes
    for k in range(k_classes):
        expected_loss, expected_shares = [], []
        for point in grid:
            row = np.array(held)
            row[k] = point
            q = scipy_softmax(row / temperature) if mode == "logits" else weights_to_q(row)
            expected_loss.append(loss_text(cross_entropy_here(target, q, BASES[unit]), unit))
            expected_shares.append([share_text(value) for value in q])
        assert readouts_of(data, k) == {"Cross-entropy": expected_loss}, f"slider {k}"
        assert shares_of(data, k) == expected_shares, f"slider {k}"
        assert expected_loss[data["sliders"][k]["index"]] == metrics(app)["Cross-entropy"], (
            "at rest: the metric"
        )


def test_a_preset_and_a_released_value_move_the_grid_and_the_link(open_page):
    app = open_page("pages/multiclass.py")
    app.button(key="preset_Confidently wrong").click().run()
    data = the_grid(app, "q")  # the preset switched to weights
    assert [values_of(data)[slider["index"]] for slider in data["sliders"]] == pytest.approx(
        [0.98, 0.01, 0.01]
    )
    assert readouts_of(data, 0)["Cross-entropy"][data["sliders"][0]["index"]] == loss_text(
        -math.log(0.01), "nats"
    )
    set_slider(app, "q1", 0.5)
    data = the_grid(app, "q")
    assert (
        values_of(data)[data["sliders"][1]["index"]] == pytest.approx(0.5) and app.query_params["q1"] == "0.5"
    )
    assert not any(key.startswith("z") for key in app.query_params), "the logits' sliders are not drawn"


def test_switching_mode_hands_over_the_grid(open_page):
    app = open_page("pages/multiclass.py", z0="1.5")
    app.radio(key="mode").set_value("probabilities").run()
    data = the_grid(app, "q")
    q = scipy_softmax([1.5, 1.0, 0.1])
    assert [values_of(data)[s["index"]] for s in data["sliders"]] == pytest.approx(np.round(q, 2).tolist())
    assert "z0" not in app.query_params and "z0" not in app.session_state
    assert [grid["prefix"] for grid in live_grids(app)] == ["q"]


def test_fewer_classes_drop_the_sliders_they_no_longer_draw(open_page):
    app = open_page("pages/multiclass.py", classes="a,b,c,d", z3="3")
    assert len(the_grid(app, "z")["sliders"]) == 4 and float(app.query_params["z3"]) == 3
    app.text_input(key="classes").set_value("a,b,c").run()
    assert len(the_grid(app, "z")["sliders"]) == 3 and "z3" not in app.query_params


def test_a_bad_link_value_is_noticed(open_page):
    app = open_page("pages/multiclass.py", z1="lots")
    assert any("z1" in warning.value for warning in app.warning)
    data = the_grid(app, "z")
    assert values_of(data)[data["sliders"][1]["index"]] == pytest.approx(1.0), "the default"


@pytest.mark.parametrize("units", ["bits"])
def test_information_every_value_the_grid_can_show_is_cores(open_page, units):
    app = open_page("pages/information.py", units=units, iq3="0")
    page = catalogue.page("information")
    weights = {
        which: [float(page.param(f"i{which}{i}").default_of(f"i{which}{i}")) for i in range(4)]
        for which in "pq"
    }
    weights["q"][3] = 0.0
    grid = grid_of("information", "ip0")
    base = BASES[units]
    for which in "pq":
        data = the_grid(app, f"i{which}")
        assert values_of(data) == pytest.approx(grid)
        for k in range(4):
            expected = {"Entropy H(p)": [], "Cross-entropy H(p, q)": [], "KL(p ‖ q)": [], "KL(q ‖ p)": []}
            shares = []
            for point in grid:
                moved = dict(weights)
                moved[which] = [*weights[which]]
                moved[which][k] = point
                p, q = weights_to_q(moved["p"]), weights_to_q(moved["q"])
                h_p = float(scipy_entropy(p, base=base))
                kl_pq = float(scipy_entropy(p, q, base=base))
                expected["Entropy H(p)"].append(loss_text(h_p, units))
                expected["Cross-entropy H(p, q)"].append(loss_text(cross_entropy_here(p, q, base), units))
                expected["KL(p ‖ q)"].append(loss_text(kl_pq, units))
                expected["KL(q ‖ p)"].append(loss_text(float(scipy_entropy(q, p, base=base)), units))
                shares.append([share_text(value) for value in (p if which == "p" else q)])
            assert readouts_of(data, k) == expected, (which, k)
            assert shares_of(data, k) == shares, (which, k)
    at_rest = {
        name: texts[the_grid(app, "ip")["sliders"][0]["index"]]
        for name, texts in readouts_of(the_grid(app, "ip"), 0).items()
    }
    assert at_rest == {name: value for name, value in metrics(app).items() if name in at_rest}


@pytest.mark.parametrize("units", ["nats", "bits"])
def test_sequences_every_value_the_grid_can_show_is_cores(open_page, units):
    app = open_page("pages/sequences.py", units=units, tok5="0")
    page = catalogue.page("sequences")
    held = [float(page.param(f"tok{i}").default_of(f"tok{i}")) for i in range(6)]
    held[5] = 0.0
    data = the_grid(app, "tok")
    grid = grid_of("sequences", "tok0")
    base = BASES[units]
    for k in range(6):
        expected = {"Mean loss per word": [], "Total over 6 words": [], "Perplexity": []}
        for point in grid:
            probs = np.array(held)
            probs[k] = point
            with np.errstate(divide="ignore"):
                losses = -np.log(probs) / math.log(base)
            mean = float(losses.mean())
            expected["Mean loss per word"].append(loss_text(mean, units))
            expected["Total over 6 words"].append(loss_text(float(losses.sum()), units))
            expected["Perplexity"].append("∞" if math.isinf(mean) else f"{base**mean:.2f}")
        assert readouts_of(data, k) == expected, k
    assert data["bars"] is None


def test_the_grid_javascript_only_looks_values_up_and_sets_names_as_text():
    js = (ROOT / "ui" / "live_grid.js").read_text()
    code = "\n".join(line.split("//")[0] for line in js.splitlines())
    assert "Math." not in code and "parseFloat" not in code
    # every innerHTML is a constant template: no ${...} in it, so no name or text from the page is HTML
    for template in re.findall(r"innerHTML = `([^`]*)`", code):
        assert "${" not in template
    assert code.count("innerHTML") == len(re.findall(r"innerHTML = `", code))
    stripped = re.sub(r"`[^`]*`|\"[^\"]*\"", "''", code)
    assert not re.search(r"[\w\])]\s*[*/+-]\s*[\w(]", stripped), "arithmetic in the JavaScript"


@pytest.mark.parametrize("t_weights", [(0.5, 0.5, 0.0), (0.0, 0.0, 0.0)], ids=["soft", "all zero"])
def test_multiclass_every_value_the_target_grid_can_show_is_cores(open_page, t_weights):
    query = {f"t{i}": str(weight) for i, weight in enumerate(t_weights)}
    app = open_page("pages/multiclass.py", target="soft", smooth="0.2", units="bits", **query)
    data = the_grid(app, "t")
    q = scipy_softmax([2.0, 1.0, 0.1])  # the default logits
    grid = grid_of("multiclass", "t0")
    for k in range(3):
        losses, shares = [], []
        for point in grid:
            weights = list(t_weights)
            weights[k] = point
            # the page's rule: all weight on the first class while every target weight is 0
            target = weights_to_q(weights) if sum(weights) > 0 else np.eye(3)[0]
            losses.append(loss_text(cross_entropy_here(0.8 * target + 0.2 / 3, q, 2.0), "bits"))
            shares.append([share_text(value) for value in target])
        assert readouts_of(data, k) == {"Cross-entropy": losses}, k
        assert shares_of(data, k) == shares, k
        assert losses[data["sliders"][k]["index"]] == metrics(app)["Cross-entropy"]
    assert data["bars"]["colour"] != the_grid(app, "z")["bars"]["colour"], "the target's colour, not q's"
