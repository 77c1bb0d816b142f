"""AppTest: the softmax & multi-class page agrees with an independent softmax/cross-entropy (scipy)."""

import math

import numpy as np
import pytest
from helpers import after_a_guess, live_grids, metrics, opened, plotly_chart, set_sliders, slider_value
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
    assert metrics(app)["Uniform guess: ln 3"] == f"{math.log(3):.3f} nats"
    assert metrics(app)["Predicted class"] == f"dog · {q[0]:.0%}"


def test_brief_example_and_perfect_prediction_presets(open_page):
    app = open_page(PAGE)
    app.button(key="preset_[0.8, 0.1, 0.1]").click().run()
    assert shown_loss(app) == f"{-math.log(0.8):.3f} nats" == "0.223 nats"
    app.button(key="preset_Perfect").click().run()
    assert shown_loss(app) == "0.000 nats"
    app.button(key="preset_70 % dog, is a cat").click().run()
    assert "Cross-entropy" not in metrics(app), "the question's own view waits for the guess"
    app = after_a_guess(app, "multiclass")
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
    set_sliders(app, {"q0": 0.6, "q1": 0.6, "q2": 0.3})
    assert shown_loss(app) == expected(np.array([0.6, 0.6, 0.3]) / 1.5, 0)
    assert any("add up to 1.50" in info.value for info in app.info)


def test_all_zero_weights_fall_back_to_uniform(open_page):
    app = open_page(PAGE, mode="probabilities", q0="0", q1="0", q2="0")
    assert not app.exception
    assert any("Every weight is 0" in warning.value for warning in app.warning)
    assert shown_loss(app) == f"{math.log(3):.3f} nats"


@pytest.mark.parametrize(
    "params, tied",
    [
        ({"mode": "probabilities", "q0": "0", "q1": "0", "q2": "0"}, ("33%", "dog, cat, rabbit")),
        ({"z0": "0", "z1": "0", "z2": "0"}, ("33%", "dog, cat, rabbit")),
        ({"mode": "probabilities", "q0": "0.4", "q1": "0.4", "q2": "0.2"}, ("40%", "dog, cat")),
    ],
)
def test_a_tie_is_called_a_tie_not_the_first_class(open_page, params, tied):
    app = open_page(PAGE, **params)
    share, classes = tied
    metric = next(metric for metric in app.metric if metric.label == "Predicted class")
    assert metric.value == f"a tie · {share} each" and metric.help == f"Tied at the top: {classes}."


def test_the_uniform_preset_predicts_a_tie(open_page):
    app = open_page(PAGE)
    app.button(key="preset_Uniform").click().run()
    assert metrics(app)["Predicted class"] == "a tie · 33% each"


def test_switching_to_logits_from_all_zero_weights_keeps_the_uniform_guess(open_page):
    app = open_page(PAGE, mode="probabilities", q0="0", q1="0", q2="0")
    app.radio(key="mode").set_value("logits").run()
    assert not app.exception
    assert [slider_value(app, f"z{i}") for i in range(3)] == [0.0, 0.0, 0.0]
    assert shown_loss(app) == f"{math.log(3):.3f} nats"


def test_switching_modes_keeps_the_distribution(open_page):
    app = open_page(PAGE)
    before = scipy_softmax([2.0, 1.0, 0.1])
    app.radio(key="mode").set_value("probabilities").run()
    weights = np.array([slider_value(app, f"q{i}") for i in range(3)])
    np.testing.assert_allclose(weights / weights.sum(), before, atol=0.01)
    app.radio(key="mode").set_value("logits").run()
    logits = np.array([slider_value(app, f"z{i}") for i in range(3)])
    np.testing.assert_allclose(scipy_softmax(logits), before, atol=0.01)


@pytest.mark.parametrize("k", [2, 10])
def test_two_and_ten_classes(open_page, k):
    names = ",".join(f"class{i}" for i in range(k))
    app = open_page(PAGE, classes=names)
    assert not app.exception
    logits = np.array(([2.0, 1.0, 0.1] + [0.0] * 7)[:k])
    assert shown_loss(app) == expected(scipy_softmax(logits), 0)
    assert metrics(app)[f"Uniform guess: ln {k}"] == f"{math.log(k):.3f} nats"


def test_link_with_a_true_class_that_needs_escaping(open_page):
    app = open_page(PAGE, classes="golden-retriever,cat.1", true="cat.1")
    assert app.radio(key="true").value == "cat.1"
    assert app.query_params["true"] in ("cat.1", ["cat.1"]), "the URL keeps the raw name"
    q = scipy_softmax([2.0, 1.0])
    assert shown_loss(app) == expected(q, 1)


def test_soft_labels(open_page):
    app = open_page(PAGE, target="soft", t0="0.5", t1="0.5", t2="0")
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
    assert metrics(app)["Uniform guess: ln 3"], "the page carries on with dog, cat, rabbit"


def test_hostile_class_names_are_shown_as_text(open_page):
    app = open_page(PAGE, classes="<script>alert(1)</script>,**bold**," + "x" * 200, true="**bold**")
    assert not app.exception
    # the live grid's labels are set as textContent in the browser (never Markdown or HTML): the names as
    # typed, cut to 24 characters
    (grid,) = live_grids(app)
    names = ["<script>alert(1)</scrip…", "**bold**", f"{'x' * 23}…"]
    assert [slider["label"] for slider in grid["sliders"]] == [f"logit z · {name}" for name in names]
    assert grid["bars"]["names"] == names
    assert app.radio(key="true").value == "**bold**"


# --- Issue 11: every chart and sentence true to the state, checked against maths done here. ---

import base64  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402

from scipy.special import logsumexp  # noqa: E402

NAMES = ["dog", "cat", "rabbit"]
CHARTS = ("distribution_chart", "contributions_chart", "gradient_chart")
# NaN, None, an unfilled placeholder, a dash or "inf" where a number belongs, or a negative zero
FORBIDDEN = re.compile(r"\bnan\b|NaN|None|undefined|\{\{ *\w+ *\}\}|—|\binf\b|-0\.000|−0\.000")


def plotly_specs(app):
    """The page's Plotly figures, in page order, as dicts."""
    return [json.loads(element.proto.spec) for element in app.get("plotly_chart")]


def spec(app, key):
    """The Plotly figure of the chart with `key`, as a dict."""
    return json.loads(plotly_chart(app, key).proto.spec)


def alts(app):
    return [element.proto.alt for element in app.get("plotly_chart")]


def bar_values(trace):
    """A bar trace's y values, whether Plotly wrote them as a list or as base64 bytes."""
    y = trace["y"]
    if isinstance(y, dict):
        return np.frombuffer(base64.b64decode(y["bdata"]), dtype=np.dtype(y["dtype"]))
    return np.asarray(y, dtype=float)


def gradient_bars(app):
    """{trace name: values} of the gradient chart."""
    return {trace["name"]: bar_values(trace) for trace in spec(app, "gradient_chart")["data"]}


def lesson_markdown(app):
    """The lesson text under 'Why?': every Markdown block after that heading."""
    blocks = [block.value for block in app.main.markdown]
    start = next(index for index, block in enumerate(blocks) if block.startswith("#### Why?"))
    return "\n".join(blocks[start + 1 :])


def shown_text(app):
    """Everything a learner reads: Markdown, metrics, notices, chart titles and alt sentences."""
    parts = [block.value for block in app.markdown]
    parts += [f"{metric.label} {metric.value}" for metric in app.metric]
    parts += [notice.value for notice in (*app.info, *app.warning, *app.caption)]
    for spec in plotly_specs(app):
        layout = spec["layout"]
        parts.append(str(layout.get("title", {}).get("text", "")))
        parts += [str(layout.get(axis, {}).get("title", {}).get("text", "")) for axis in ("xaxis", "yaxis")]
        parts += [str(trace.get("name", "")) for trace in spec["data"]]
    parts += alts(app)
    return "\n".join(parts)


def smoothed_target(k, true_index, smoothing):
    return (1 - smoothing) * np.eye(k)[true_index] + smoothing / k


def loss_in_logits(z, target, temperature):
    """-sum p log softmax(z / T), written out with scipy's logsumexp (no core/ code)."""
    u = np.asarray(z, dtype=float) / temperature
    return float(-(target * (u - logsumexp(u))).sum())


def mse_in_logits(z, target, temperature):
    u = np.asarray(z, dtype=float) / temperature
    return float(((np.exp(u - logsumexp(u)) - target) ** 2).mean())


def finite_difference(loss, z, h=1e-6):
    z = np.asarray(z, dtype=float)
    return np.array([(loss(z + h * e) - loss(z - h * e)) / (2 * h) for e in np.eye(len(z))])


@pytest.mark.parametrize(
    "temperature, smoothing, unit", [(0.5, 0.0, "nats"), (3.0, 0.2, "bits"), (0.1, 0.5, "nats")]
)
def test_the_gradient_chart_is_a_finite_difference_of_the_loss_in_the_logits(
    open_page, temperature, smoothing, unit
):
    z = [2.0, 1.0, 0.1]
    app = open_page(PAGE, temp=str(temperature), smooth=str(smoothing), true="cat", units=unit)
    target = smoothed_target(3, 1, smoothing)
    bars = gradient_bars(app)
    expected_ce = finite_difference(lambda x: loss_in_logits(x, target, temperature), z)
    expected_mse = finite_difference(lambda x: mse_in_logits(x, target, temperature), z)
    symbol = "p̃" if smoothing > 0 else "p"  # the smoothed target has its own symbol
    in_nats = ", loss in nats" if unit == "bits" else ""  # the bars are the gradient of the loss in nats
    np.testing.assert_allclose(bars[f"Cross-entropy (q − {symbol}) / T{in_nats}"], expected_ce, atol=1e-6)
    np.testing.assert_allclose(bars["MSE ∂MSE/∂z (no unit)"], expected_mse, atol=1e-6)


def test_the_issue_example_at_half_temperature(open_page):
    app = open_page(PAGE, temp="0.5")
    dog_bar = gradient_bars(app)["Cross-entropy (q − p) / T"][0]
    q = scipy_softmax(np.array([2.0, 1.0, 0.1]) / 0.5)
    assert dog_bar == pytest.approx((q[0] - 1) / 0.5)
    assert f"{dog_bar:.3f}" == "-0.272"
    assert "−0.272" in plotly_chart(app, "gradient_chart").proto.alt
    app.session_state["depth"] = "Medium"
    medium = app.run()
    assert "(q_i - p_i)/T" in lesson_markdown(medium) and "T = 0.5" in lesson_markdown(medium)


def test_in_bits_the_gradient_is_labelled_as_the_gradient_of_the_loss_in_nats(open_page):
    app = open_page(PAGE, units="bits", depth="medium")
    gradient = spec(app, "gradient_chart")
    assert "in nats" not in gradient["layout"]["yaxis"]["title"]["text"], "the axis carries MSE's bars too"
    assert "in nats" in gradient["layout"]["title"]["text"]
    # the subtitle is small on a phone: the legend says it too (review 19-B #10)
    assert gradient["data"][0]["name"].endswith(", loss in nats")
    assert "gradient of the loss in nats" in plotly_chart(app, "gradient_chart").proto.alt
    assert "gradient of the loss in nats" in lesson_markdown(app)


@pytest.mark.parametrize("depth", ["basic", "medium"])
def test_with_smoothing_the_text_keeps_minus_log_q_true_and_the_smoothed_loss_apart(open_page, depth):
    app = after_a_guess(open_page(PAGE, smooth="0.1", depth=depth), "multiclass")
    q = scipy_softmax([2.0, 1.0, 0.1])
    plain = -math.log(q[0])
    smoothed = float(-(smoothed_target(3, 0, 0.1) * np.log(q)).sum())
    assert (f"{plain:.3f}", f"{smoothed:.3f}") == ("0.417", "0.514")
    text = lesson_markdown(app)
    assert f"−log q(dog) = {plain:.3f} nats" in text
    assert f"{smoothed:.3f} nats" in text
    assert f"= {smoothed:.3f}" not in text.split("−log q(dog)")[1][:20], (
        "−log q(dog) is not the smoothed loss"
    )
    assert "contributes nothing" not in text


def test_contributes_nothing_only_when_the_other_terms_are_zero(open_page):
    """The Basic claim 'every other class contributes nothing' against the contributions chart."""
    for query in ({}, {"smooth": "0.1"}, {"target": "soft", "t1": "0.5"}, {"target": "soft"}):
        app = after_a_guess(open_page(PAGE, **query), "multiclass")  # the rule is no longer held back
        terms = np.array([trace["x"][0] for trace in spec(app, "contributions_chart")["data"]], dtype=float)
        others_zero = np.count_nonzero(np.nan_to_num(terms, nan=1.0)) <= 1
        assert ("every other class contributes nothing" in lesson_markdown(app)) == others_zero, query


def test_a_soft_target_gets_its_own_sentence_with_numbers(open_page):
    for depth in ("basic", "medium", "detailed"):
        app = open_page(PAGE, target="soft", t0="0.5", t1="0.5", t2="0", depth=depth)
        q = scipy_softmax([2.0, 1.0, 0.1])
        loss = -(0.5 * math.log(q[0]) + 0.5 * math.log(q[1]))
        text = lesson_markdown(app)
        assert f"{loss:.3f} nats" in text
        assert "which got" not in text and "—" not in text
    assert f"{math.log(2):.3f} nats" in text, "Detailed gives the target's entropy, the floor"


def test_a_soft_target_on_one_class_is_taught_as_one_hot(open_page):
    app = open_page(PAGE, target="soft", t0="1", t1="0", t2="0")
    q = scipy_softmax([2.0, 1.0, 0.1])
    assert f"which got **{q[0]:.3f}**" in lesson_markdown(app)


WAITS = "appears here once you have locked in your guess"  # the note in place of the contributions chart


def test_soft_mode_opens_on_a_spread_target(open_page):
    """Review 27-F #3: the soft sliders started at the one-hot label, so switching to soft changed nothing."""
    app = open_page(PAGE, target="soft")
    q = scipy_softmax([2.0, 1.0, 0.1])
    p = np.array([0.3, 0.6, 0.1])
    assert shown_loss(app) == f"{-(p * np.log(q)).sum():.3f} nats"
    assert "which got" not in lesson_markdown(app)


def infos(app):
    """The page's info notices, each on one line."""
    return [" ".join(box.value.split()) for box in app.info]


def notices(app):
    """The page's info notices, but for the notes that stand in for what waits for a guess (the contributions
    chart, or the asked view's loss)."""
    return [note for note in infos(app) if WAITS not in note and "asks about" not in note]


@pytest.mark.parametrize(
    "preset", ["[0.8, 0.1, 0.1]", "70 % dog, is a cat", "Perfect", "Uniform", "Confidently wrong"]
)
def test_a_preset_raises_no_notice_but_says_when_it_switches_the_mode(open_page, preset):
    app = open_page(PAGE)
    before = app.radio(key="mode").value
    app.button(key=f"preset_{preset}").click().run()
    assert not app.exception and not app.warning, [notice.value for notice in app.warning]
    after = app.radio(key="mode").value
    notes = notices(app)
    if after == before:
        assert notes == []
    else:
        wanted = "weights" if after == "probabilities" else "logits z"
        assert len(notes) == 1 and f"the sliders above now set {wanted}" in " ".join(notes[0].split())
        assert "A preset, or the question's own example" in notes[0], "a preset, not the radio (review 26-F)"
        assert "The mode changed" not in notes[0] and "rounded" not in notes[0]
        app.run()
        assert not notices(app), "said once, when it happens"


def test_the_uniform_preset_is_exactly_log_k(open_page):
    app = open_page(PAGE)
    app.button(key="preset_Uniform").click().run()
    assert shown_loss(app) == f"{math.log(3):.3f} nats"
    assert "This prediction costs the same." in lesson_markdown(app)


@pytest.mark.parametrize("preset", ["[0.8, 0.1, 0.1]", "Uniform", "Confidently wrong"])
def test_the_log_k_comparison_says_less_or_more_as_it_is(open_page, preset):
    app = open_page(PAGE)
    app.button(key=f"preset_{preset}").click().run()
    loss = float(shown_loss(app).split()[0])
    text = lesson_markdown(app)
    assert ("less than that" in text) == (loss < round(math.log(3), 3))
    assert ("more than that" in text) == (loss > round(math.log(3), 3))
    assert "learned nothing" not in text


def test_the_lesson_says_what_log_k_does_and_does_not_show(open_page):
    text = lesson_markdown(open_page(PAGE, depth="medium"))
    assert "learned nothing" not in text
    assert "in loss" in text and "accuracy can still be fine" in text
    assert "H(r)" in text, "a model that only learned the class frequencies beats log K"


def test_every_chart_has_an_alt_sentence_and_a_table(open_page):
    app = open_page(PAGE, smooth="0.1")
    q = scipy_softmax([2.0, 1.0, 0.1])
    distribution, contributions, gradient = alts(app)
    assert f"dog q {q[0]:.2f}" in distribution
    terms = -smoothed_target(3, 0, 0.1) * np.log(q)
    assert f"cat {terms[1]:.3f}" in contributions and f"together {terms.sum():.3f} nats" in contributions
    assert "T = 1.0" in gradient
    app = opened(app, *(f"{key}_table" for key in CHARTS))
    tables = [frame.value for frame in app.dataframe]
    assert len(tables) == 3
    assert [list(table["class"]) for table in tables] == [NAMES] * 3
    np.testing.assert_allclose(tables[0]["prediction q"], q)
    assert list(tables[1].iloc[:, -1]) == [f"{term:.3f}" for term in terms]
    np.testing.assert_allclose(tables[2].iloc[:, 1], q - smoothed_target(3, 0, 0.1), atol=1e-12)


PRESETS = ["[0.8, 0.1, 0.1]", "70 % dog, is a cat", "Perfect", "Uniform", "Confidently wrong"]
EXTREMES = [
    {"z0": "10", "z1": "-10", "z2": "-10", "temp": "0.1"},
    {"z0": "-10", "z1": "10", "z2": "10", "temp": "0.1", "smooth": "0.5"},
    {"z0": "-10", "z1": "10", "z2": "-10", "temp": "5", "smooth": "0.5", "true": "cat"},
    {"temp": "5", "smooth": "0"},
    {"mode": "probabilities", "q0": "1", "q1": "0", "q2": "0", "true": "cat"},
    {"mode": "probabilities", "q0": "0", "q1": "0", "q2": "0"},
    {"target": "soft", "t0": "1", "t1": "1", "t2": "1", "smooth": "0.5"},
    {"target": "soft", "t0": "0", "t1": "0", "t2": "0"},
    {"classes": ",".join(f"c{i}" for i in range(10)), "z9": "10", "temp": "0.1", "true": "c3"},
]


@pytest.mark.parametrize("unit", ["nats", "bits"])
@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_no_sentence_shows_nan_none_a_placeholder_or_a_dash_anywhere(open_page, depth, unit):
    app = open_page(PAGE, depth=depth, units=unit)
    states = [("default", app)]
    for preset in PRESETS:
        app.button(key=f"preset_{preset}").click().run()
        states.append((preset, app))
        assert not FORBIDDEN.search(shown_text(app)), (preset, FORBIDDEN.findall(shown_text(app)))
    for query in EXTREMES:
        app = open_page(PAGE, depth=depth, units=unit, **query)
        assert not app.exception, query
        found = FORBIDDEN.findall(shown_text(app))
        assert not found, (query, found)


@pytest.mark.parametrize("mode", ["logits", "probabilities"])
@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_the_push_metaphor_is_tied_to_the_gradient_wherever_it_appears(open_page, depth, mode):
    text = " ".join(lesson_markdown(open_page(PAGE, depth=depth, mode=mode)).split())
    if "push" in text:
        assert "push (the gradient)" in text
    assert "fine" not in text.replace("can still be fine", ""), "the fine metaphor would need its tie too"


def test_basic_defines_the_gradient_symbol_and_soft_labels_where_they_first_appear(open_page):
    text = lesson_markdown(open_page(PAGE))
    assert "**soft labels** the truth is spread over" in " ".join(text.split())
    assert "written ∂ℓ/∂z: how much the loss ℓ, in nats, changes" in " ".join(text.split())
    assert "Picture a photo of a cat" not in text, "the 70 % dog example is the preset's, not today's truth"


@pytest.mark.parametrize(("smoothing", "symbol"), [("0", "p"), ("0.1", "p̃")])
def test_the_smoothed_target_is_called_p_tilde_on_every_chart(open_page, smoothing, symbol):
    app = after_a_guess(open_page(PAGE, smooth=smoothing), "multiclass")  # the contributions chart shows
    assert f"Target {symbol}" in [trace["name"] for trace in spec(app, "distribution_chart")["data"]]
    assert f"−{symbol}(i) log q(i)" in spec(app, "contributions_chart")["layout"]["title"]["text"]
    assert f"(q − {symbol}) / T" in [trace["name"] for trace in spec(app, "gradient_chart")["data"]][0]


@pytest.mark.parametrize("names, k", [(None, 3), ("a,b,c,d", 4)])
def test_all_zero_weights_are_not_said_to_be_divided(open_page, names, k):
    query = {"mode": "probabilities"} | {f"q{i}": "0" for i in range(k)}
    query |= {"classes": names} if names else {}
    app = open_page(PAGE, **query)
    assert any(f"uniform guess, 1/{k} each" in warning.value for warning in app.warning)
    assert not any("divided by that sum" in info.value for info in app.info)  # a sum of 0 divides nothing


def floor_sentence(app):
    return next(m.value for m in app.markdown if "no prediction gets under" in m.value)


@pytest.mark.parametrize("smooth", ["0", "0.1", "0.5"])
@pytest.mark.parametrize("target", [{}, {"target": "soft", "t0": "0.8", "t1": "0.2", "t2": "0"}])
@pytest.mark.parametrize("units", ["nats", "bits"])
def test_the_floor_sentence_names_the_target_the_page_uses(open_page, smooth, target, units):
    app = after_a_guess(open_page(PAGE, depth="detailed", smooth=smooth, units=units, **target), "multiclass")
    eps, q = float(smooth), scipy_softmax([2.0, 1.0, 0.1])
    p = np.array([0.8, 0.2, 0.0]) if target else np.eye(3)[0]
    p_tilde = (1 - eps) * p + eps / 3
    sentence = floor_sentence(app)
    hessian = next(m.value for m in app.markdown if "Differentiate the gradient" in m.value)
    if eps == 0 and not target:  # one-hot: the loss is all KL
        assert "$H(p) = 0$" in sentence and "tilde" not in sentence
    elif eps == 0:
        assert "H(p, q) = H(p) + " in sentence and "$q = p$" in sentence and "KL(p ‖ q)" in sentence
        assert "tilde" not in sentence and "p̃" not in sentence
    else:
        assert r"$H(\tilde{p})$" in sentence and r"H(\tilde{p}, q) = H(\tilde{p}) + " in sentence
        assert r"$q = \tilde{p}$" in sentence and "KL(p̃ ‖ q)" in sentence
        assert "H(p)" not in sentence and "KL(p ‖" not in sentence and "q = p$" not in sentence
    if eps > 0 or target:
        kept = p_tilde > 0  # 0 log 0 counts as 0
        kl = float(np.sum(p_tilde[kept] * np.log(p_tilde[kept] / q[kept])))
        kl /= math.log(2) if units == "bits" else 1
        assert f"‖ q) = {kl:.3f} {units}" in sentence
    assert ("(q − p̃) / T" if eps > 0 else "(q − p) / T") in hessian
    assert ("caps how confident" in sentence) == (eps > 0)


@pytest.mark.parametrize("units, log", [("nats", "ln"), ("bits", "log₂")])
def test_log_sum_exp_is_written_with_ln_and_the_uniform_metric_names_its_log(open_page, units, log):
    app = open_page(PAGE, depth="detailed", units=units)
    text = next(m.value for m in app.markdown if "Written in logits" in m.value)
    assert r"+ \ln\sum_j e^{z_j/T}" in text and r"divide by $\ln 2$ for bits" in text
    uniform = math.log(3) / (1 if units == "nats" else math.log(2))
    assert metrics(app)[f"Uniform guess: {log} 3"] == f"{uniform:.3f} {units}"


def lists_every_term(values, terms):
    """Whether `values` (an alt sentence's words or a table column) give every class's term to 3 decimals."""
    if isinstance(values, str):
        return all(f"{name} {term:.3f}" in values for name, term in zip(NAMES, terms, strict=True))
    shown = [value if isinstance(value, str) else f"{value:.3f}" for value in values]
    return shown == [f"{term:.3f}" for term in terms]


def table_columns(app):
    """Every column of every table on the page, as a list."""
    return [list(frame.value[column]) for frame in app.dataframe for column in frame.value.columns]


@pytest.mark.parametrize(
    "preset, q, true_index",
    [(None, scipy_softmax([2.0, 1.0, 0.1]), 0), ("70 % dog, is a cat", np.array([0.7, 0.2, 0.1]), 1)],
)
def test_the_contributions_chart_waits_for_the_guess_it_would_answer(open_page, preset, q, true_index):
    """Review 26-S2: with one true class only its term −p(i) ln q(i) is not zero, the predict box's answer.
    Before the guess no chart, alt or table gives the terms, and a note stands in the chart's place; after it,
    the chart gives each term."""
    app = open_page(PAGE)
    if preset:
        app.button(key=f"preset_{preset}").click().run()
    terms = -np.eye(3)[true_index] * np.log(q)  # −p(i) ln q(i), nats
    assert app.radio(key="multiclass_guess").value is None, "the question is open"
    assert plotly_chart(app, "contributions_chart") is None
    assert not any(lists_every_term(alt, terms) for alt in alts(app))
    app = opened(app, *(f"{key}_table" for key in CHARTS if plotly_chart(app, key)))
    shown = 1 if preset else 2  # the question's own view draws the distribution alone (review 27-O #2)
    assert len(app.dataframe) == shown, "the charts shown have their tables"
    assert not any(lists_every_term(column, terms) for column in table_columns(app))
    if preset:  # the question's own view holds its loss and every chart but the distribution, and says so
        (note,) = [note for note in infos(app) if "asks about" in note]
        assert "where the loss comes from" in note and "**Predict, then reveal**" in note
    else:
        (note,) = [note for note in infos(app) if WAITS in note]
        assert "“Where the loss comes from”" in note and "**Predict, then reveal**" in note

    app = after_a_guess(app, "multiclass")
    assert not any(WAITS in note for note in infos(app))
    chart = plotly_chart(app, "contributions_chart")
    shown = np.array([trace["x"][0] for trace in json.loads(chart.proto.spec)["data"]], dtype=float)
    np.testing.assert_allclose(shown, terms, atol=1e-12)
    assert lists_every_term(chart.proto.alt, terms)
    app = opened(app, "contributions_chart_table")
    assert sum(lists_every_term(column, terms) for column in table_columns(app)) == 1, "its table gives them"


def test_locking_in_a_guess_says_the_questions_example_replaced_the_learners(open_page):
    """The guess moves the page to the question's example (cat, 0.70 / 0.20 / 0.10, weights); the note says a
    new example came, not that the radio rounded the learner's prediction (review 26-F, S2)."""
    app = open_page(PAGE)
    app.radio(key="multiclass_guess").set_value(app.radio(key="multiclass_guess").options[1]).run()
    app.button(key="multiclass_commit").click().run()
    assert not app.exception and app.radio(key="mode").value == "probabilities"
    notes = [" ".join(note.split()) for note in notices(app)]
    assert any("the question's own example once you locked in a guess" in note for note in notes), notes
    assert not any("The mode changed" in note for note in notes)


@pytest.mark.parametrize(
    "smooth, named", [("0", "against the truth (p)"), ("0.1", "against the smoothed target (p̃)")]
)
def test_the_bars_title_calls_a_smoothed_target_a_target_not_the_truth(open_page, smooth, named):
    """Review 27-B #4: with smoothing on, the title called p̃ 'the truth'."""
    app = open_page(PAGE, smooth=smooth)
    titles = [
        json.loads(chart.proto.spec)["layout"]["title"]["text"]
        for chart in app.get("plotly_chart")
        if "What the model believes" in chart.proto.spec
    ]
    assert titles and all(named in title.replace("<br>", " ") for title in titles), titles
