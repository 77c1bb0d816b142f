"""AppTest: the variants page shows plain, weighted, focal and smoothed cross-entropy of one prediction,
each equal to the formula written out here with math, scikit-learn's balanced weights and scipy."""

import math
import re
from pathlib import Path

import numpy as np
import pytest
from helpers import (
    every_text,
    live_sliders,
    metrics,
    opened,
    prose,
    prose_problems_in_each_state,
    set_slider,
    slider_ends,
    true_class_q_problems,
    written_loss,
    written_share,
)
from scipy.stats import entropy
from sklearn.utils.class_weight import compute_class_weight

PAGE = "pages/variants.py"
DEFAULTS = {"q": 0.7, "k": 2, "gamma": 2.0, "share": 0.1, "eps": 0.1}


def sklearn_weights(share, k, n=100_000):
    """scikit-learn's 'balanced' weights when class 0 has `share` of the labels and the rest split evenly."""
    rare = round(share * n)
    labels = np.r_[np.zeros(rare, dtype=int), np.repeat(np.arange(1, k), (n - rare) // (k - 1))]
    return compute_class_weight("balanced", classes=np.arange(k), y=labels)


def expected(q, k, gamma, share, eps, unit="nats"):
    """Every metric of the page, from the formulas: the true class gets q, the other K - 1 share 1 - q."""
    scale = math.log(2) if unit == "bits" else 1.0
    other = (1 - q) / (k - 1)
    log = lambda x: -math.inf if x == 0 else math.log(x)  # noqa: E731
    plain = -log(q) / scale + 0.0
    weights = sklearn_weights(share, k)
    target_true, target_other = 1 - eps + eps / k, eps / k
    smoothed = (
        -(target_true * log(q) + (k - 1) * (0 if target_other == 0 else target_other * log(other))) / scale
    )
    best = entropy([target_true] + [target_other] * (k - 1), base=math.e) / scale
    return {
        "Plain cross-entropy": written_loss(plain, unit),
        f"Focal, γ = {gamma:g}": written_loss((1 - q) ** gamma * plain, unit),
        f"Weighted, w = {weights[0]:.3f}": written_loss(weights[0] * plain, unit),
        f"Smoothed, ε = {eps:g}": written_loss(smoothed + 0.0, unit),
        "Weight of the true class": f"{weights[0]:.3f}",
        "Weight of each other class": f"{weights[1]:.3f}",
        r"Share kept, $(1 - q_y)^\gamma$": written_share((1 - q) ** gamma),
        "Focal loss at γ = 0": written_loss(plain, unit),
        "Best achievable loss": written_loss(best + 0.0, unit),
        "Confidence cap": f"{target_true:.3f}",
    }


def set_widgets(app, q, k, gamma, share, eps):
    for key, value in (("vq", q), ("vk", k), ("vg", gamma), ("vr", share), ("vs", eps)):
        app = set_slider(app, key, value)
    return app


def test_default_view(open_page):
    app = open_page(PAGE)
    assert not app.exception
    assert metrics(app) == expected(**DEFAULTS)
    assert metrics(app)["Weight of the true class"] == "5.000"


@pytest.mark.parametrize(
    ("q", "k", "gamma", "share", "eps", "unit"),
    [
        (0.35, 4, 0.5, 0.05, 0.2, "nats"),
        (0.9, 10, 5.0, 0.01, 0.5, "bits"),
        (0.5, 3, 0.0, 0.3, 0.0, "nats"),
    ],
)
def test_every_variant_matches_its_formula(open_page, q, k, gamma, share, eps, unit):
    app = set_widgets(open_page(PAGE, units=unit), q, k, gamma, share, eps)
    assert not app.exception
    assert metrics(app) == expected(q, k, gamma, share, eps, unit)


def test_focal_loss_with_gamma_zero_is_plain_cross_entropy(open_page):
    app = open_page(PAGE)
    app.button(key="preset_γ = 0: plain CE").click().run()
    shown = metrics(app)
    assert shown["Focal, γ = 0"] == shown["Plain cross-entropy"] == written_loss(-math.log(0.7), "nats")


@pytest.mark.parametrize("gamma", ["0", "2"])
def test_the_medium_focal_text_says_gamma_zero_once(open_page, gamma):
    text = prose(open_page(PAGE, depth="medium", vg=gamma))
    if gamma == "0":
        assert "With γ = 0 the factor is 1, so focal loss is plain cross-entropy: 0.357 nats." in text
        assert "γ > 0" not in text and "At γ = 0 the factor is 1:" not in text
    else:
        assert "For $\\gamma > 0$" in text and "At γ = 0 the factor is 1: 0.357 nats." in text


@pytest.mark.parametrize("q", [0.0, 1.0])
def test_the_ends_of_the_slider_are_exact_and_safe(open_page, q):
    app = open_page(PAGE, vq=str(q))
    assert not app.exception
    assert metrics(app) == expected(q, **{key: DEFAULTS[key] for key in ("k", "gamma", "share", "eps")})
    if q == 1.0:
        assert metrics(app)["Smoothed, ε = 0.1"] == "∞ nats", "smoothing wants mass on the other class"


def test_presets(open_page):
    app = open_page(PAGE)
    app.button(key="preset_Rare class: 1 %").click().run()
    assert metrics(app)["Weight of the true class"] == "50.000"
    app.button(key="preset_Balanced classes").click().run()
    assert metrics(app)["Weight of the true class"] == "1.000"
    app.button(key="preset_Overconfident").click().run()
    assert metrics(app) == expected(0.99, 2, 2.0, 0.5, 0.2)
    assert not app.exception


def test_a_shared_link_opens_at_its_values(open_page):
    app = open_page(PAGE, vq="0.4", vk="5", vg="1.5", vr="0.2", vs="0.05")
    assert metrics(app) == expected(0.4, 5, 1.5, 0.2, 0.05)


@pytest.mark.parametrize(
    ("key", "bad"),
    [
        ("vq", "<script>alert(1)</script>"),
        ("vq", "1.01"),
        ("vk", "1"),
        ("vk", "11"),
        ("vg", "nan"),
        ("vg", "**2**"),
        ("vr", "0"),
        ("vr", "inf"),
        ("vs", "0.6"),
        ("vs", ""),
    ],
)
def test_a_bad_link_value_falls_back_with_a_notice(open_page, key, bad):
    app = open_page(PAGE, **{key: bad})
    assert not app.exception
    assert any("not usable" in warning.value for warning in app.warning)
    assert "<script>" not in " ".join(warning.value for warning in app.warning)
    assert metrics(app) == expected(**DEFAULTS)


@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_lesson_fills_live_numbers_at_every_depth(open_page, depth):
    app = open_page(PAGE, depth=depth)
    lesson = " ".join(block.value for block in app.markdown)
    assert "{{" not in lesson
    assert written_loss(-math.log(0.7), "nats") in lesson
    assert written_loss(0.3**2 * -math.log(0.7), "nats") in lesson


PRESET_KEYS = [
    "Easy: $q_y$ = 0.95",
    "Hard: $q_y$ = 0.2",
    "γ = 0: plain CE",
    "Balanced classes",
    "Rare class: 1 %",
    "Overconfident",
]
# Both ends of every slider, from the catalogue's ranges.
SLIDER_ENDS = slider_ends("variants", high_first=("vk", "vr"))


@pytest.mark.parametrize("unit", ["nats", "bits"])
@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_every_sentence_is_filled_after_every_preset_and_at_every_slider_end(open_page, depth, unit):
    app = open_page(PAGE, depth=depth, units=unit)
    assert not prose_problems_in_each_state(app, prose, PRESET_KEYS, SLIDER_ENDS)


@pytest.mark.parametrize(
    ("query", "rare"),
    [
        ({}, True),  # 10 % of two classes
        ({"vr": "0.5", "vk": "2"}, False),  # the Balanced preset
        ({"vr": "0.1", "vk": "10"}, False),  # 10 % of ten classes is a balanced share
        ({"vr": "0.3", "vk": "3"}, True),
        ({"vr": "0.4", "vk": "3"}, False),
    ],
)
@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_the_true_class_is_called_rare_only_when_its_share_is_below_one_in_k(open_page, query, rare, depth):
    app = open_page(PAGE, depth=depth, **query)
    text = prose(app)
    share, k = float(query.get("vr", 0.1)), int(query.get("vk", 2))
    assert (share < 1 / k) == rare
    assert ("rare here" in text) == (rare and depth == "basic")
    assert "(rare)" not in " ".join(metrics(app))
    if not rare:
        assert "is rare" not in text and "true class is rare" not in text


def test_the_balanced_preset_says_balanced(open_page):
    app = open_page(PAGE)
    app.button(key="preset_Balanced classes").click().run()
    text = prose(app)
    assert "balanced here" in text and "rare here" not in text


@pytest.mark.parametrize(
    ("k", "others"),
    [
        (2, "the other class gets"),
        (3, "each of the other 2 classes gets"),
        (10, "each of the other 9 classes gets"),
    ],
)
def test_the_other_classes_are_counted(open_page, k, others):
    app = open_page(PAGE, depth="medium", vk=str(k))
    assert others in prose(app)


def test_the_class_weight_analogy_weighs_by_rarity_not_difficulty(open_page):
    text = prose(open_page(PAGE))
    assert "hard exam questions" not in text
    assert "rarer the class, the larger its weight" in text


def test_the_chart_has_a_table_and_an_alt_sentence(open_page):
    app = opened(open_page(PAGE, units="bits"), "variants_chart_table")
    table = next(frame.value for frame in app.dataframe if "focal (bits)" in frame.value.columns)
    row = table[table["q(true class)"] == 0.7].iloc[0]
    assert row["cross-entropy (bits)"] == pytest.approx(-math.log2(0.7))


def uneven_smoothed_loss(q, k, eps, shares):
    """The smoothed loss at q when the other K - 1 classes split 1 - q in the proportions `shares`."""
    others = (1 - q) * np.asarray(shares) / np.sum(shares)
    return -((1 - eps + eps / k) * math.log(q) + eps / k * np.log(others).sum())


@pytest.mark.parametrize(("k", "eps"), [(2, 0.1), (5, 0.1), (5, 0.0)])
def test_the_smoothed_curve_says_how_the_other_classes_split_the_rest(open_page, k, eps):
    app = open_page(PAGE, vk=str(k), vs=str(eps), vq="0.6")
    captions = " ".join(caption.value for caption in app.caption)
    if k == 2:
        assert "the other class gets all of $1 − q_y$" in captions
        return
    assert f"the other {k - 1} classes share $1 − q_y$ equally" in captions.replace("The other", "the other")
    even = uneven_smoothed_loss(0.6, k, eps, [1] * (k - 1))
    uneven = uneven_smoothed_loss(0.6, k, eps, range(1, k))
    assert metrics(app)[f"Smoothed, ε = {eps:g}"] == f"{even:.3f} nats", "the page's number is the even split"
    if eps > 0:
        assert uneven > even and "any uneven split of the same $1 − q_y$ costs more" in captions
    else:
        assert uneven == pytest.approx(even) and "no other split changes a loss" in captions


@pytest.mark.parametrize(("k", "phrase"), [(2, "the rarer class is not"), (4, "the rarer classes are not")])
def test_the_rarer_classes_are_counted_right(open_page, k, phrase):
    app = open_page(PAGE, vk=str(k), vr="0.8")
    assert phrase in prose(app)


def test_the_chart_title_fits_a_phone():
    from lessons.variants_figures import variants_figure

    title = variants_figure().layout.title.text
    assert max(len(line) for line in title.split("<br>")) <= 36, "about 36 characters fit across 390 px"


@pytest.mark.parametrize("query", [{"vq": "0.95"}, {"vq": "0.99", "vs": "0.2"}, {"vq": "0.99", "vg": "5"}])
@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_no_positive_loss_or_share_is_shown_as_zero(open_page, query, depth):
    q, gamma = float(query["vq"]), float(query.get("vg", 2.0))
    app = open_page(PAGE, depth=depth, **query)
    shown = metrics(app)
    factor = (1 - q) ** gamma
    focal = factor * -math.log(q)
    assert shown[r"Share kept, $(1 - q_y)^\gamma$"] == written_share(factor)
    assert shown[f"Focal, γ = {gamma:g}"] == written_loss(focal, "nats")
    if factor > 0:
        assert "0.000" not in shown[r"Share kept, $(1 - q_y)^\gamma$"]
    if focal > 0:
        assert "0.000" not in shown[f"Focal, γ = {gamma:g}"]
        assert "share 0.000" not in prose(app) and "0.000 nats" not in prose(app)


# States in which some of the four curves coincide: a title saying each variant changes the loss is false.
CURVES_THAT_COINCIDE = [{"vg": "0"}, {"vr": "0.5"}, {"vs": "0"}, {"vg": "0", "vr": "0.5", "vs": "0"}]


@pytest.mark.parametrize("query", CURVES_THAT_COINCIDE)
def test_the_chart_title_claims_nothing_the_curves_do_not_show(open_page, query):
    from lessons.variants import loss_curves_by_variant
    from lessons.variants_figures import variants_figure

    k, gamma, share, eps = (
        2,
        float(query.get("vg", 2)),
        float(query.get("vr", 0.1)),
        float(query.get("vs", 0.1)),
    )
    weight = sklearn_weights(share, k)[0]
    curves = loss_curves_by_variant(
        np.linspace(0.1, 0.9, 9), gamma=gamma, class_weight=weight, label_smoothing=eps
    )
    title = variants_figure(gamma=gamma, class_weight=weight, label_smoothing=eps).layout.title.text
    for column, claim in (("focal", "forgives"), ("weighted", "scale"), ("smoothed", "punishes")):
        if np.allclose(curves[column], curves["cross_entropy"]):
            assert claim not in title, f"the {column} curve is plain cross-entropy here"
    assert not open_page(PAGE, **query).exception


def test_the_optimal_logit_gap_is_a_natural_log_in_bits_too(open_page):
    text_bits = prose(open_page(PAGE, depth="detailed", units="bits"))
    gap = math.log((1 - 0.1 + 0.1 / 2) * 2 / 0.1)  # cap · K / ε in natural-log units
    assert f"= {gap:.3f}" in text_bits
    assert "\\ln\\big(" in text_bits and "\\log\\big(" not in text_bits


@pytest.mark.parametrize("depth", ["medium", "detailed"])
def test_classes_are_indexed_by_k_and_counted_by_n_k(open_page, depth):
    """c is the clip level on /data and n a sample index everywhere: neither names a class here."""
    lesson = prose(open_page(PAGE, depth=depth))
    assert not re.search(r"_c\b", lesson), "a class indexed by c, as in w_c, n_c, r_c, α_c or ∑_c"
    lesson = " ".join(lesson.split())
    if depth == "medium":
        assert "$N$ samples of which $N_k$ belong to class $k$" in lesson and "w_k = N / (K\\,N_k)" in lesson
    else:
        assert "\\ell_n$ for the cross-entropy of sample $n$ (of $N$)" in lesson
        assert "with $N_k$ of the $N$ samples" in lesson
        assert "Only weights proportional to $1/N_k$, such as the balanced" in lesson


def test_the_true_class_probability_is_called_q_y_everywhere(open_page):
    """The card's q_y: $q_y$ wherever Streamlit renders the maths (prose, metrics, preset buttons), and
    q(true class), the card's other spelling, in plain text: the live sliders (their label, readouts and
    screen-reader text), the chart, its table and its alt sentence. The lecturer's notation review (S3) found
    raw "q_y" and "^γ" on the slider and its readout, beside the rendered maths, and presets named "q = 0.95"
    for the true class's probability."""
    app = opened(open_page(PAGE, vs="0"), "variants_chart_table")
    (q_slider, gamma_slider) = [data for data in live_sliders(app) if data["key"] in ("vq", "vg")]
    assert q_slider["label"] == "q(true class), the probability the model gives the true class y"
    kept = "Share kept, (1 − q(true class)) to the power γ"
    assert [readout["name"] for readout in q_slider["readouts"]][-1] == kept
    assert [readout["name"] for readout in gamma_slider["readouts"]] == ["Focal", kept]
    assert q_slider["aria"][70].startswith("q(true class) = 0.70: plain cross-entropy")
    assert r"Share kept, $(1 - q_y)^\gamma$" in metrics(app)
    assert "the probability $q_y$ = 0.70" in prose(app)
    presets = [button.label for button in app.button if button.key.startswith("preset_")]
    assert presets[:2] == ["Easy: $q_y$ = 0.95", "Hard: $q_y$ = 0.2"]
    (chart,) = app.get("plotly_chart")
    assert "At your q(true class) = 0.70:" in chart.proto.alt
    assert "plain CE's best: q(true class) = 1 (no cap)" in chart.proto.spec
    assert any("q(true class)" in frame.value.columns for frame in app.dataframe)
    shown = every_text(app)
    raw = [text for kind, text in shown if kind.startswith(("live", "chart", "table")) and "q_y" in text]
    assert not raw and not [text for _, text in shown if "^γ" in text or "qᵧ" in text]


@pytest.mark.parametrize("unit", ["nats", "bits"])
@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_every_text_in_every_state_writes_q_and_q_y_as_the_card_does(open_page, depth, unit):
    """The lecturer's notation review (S2, S3): no text on the page, at any depth and unit, after each
    preset and at each slider's ends (with the code and the chart's table open), writes a bold q
    (\\mathbf q, 𝐪), says what a plain or a bold q means on this page, writes a plain q for the true class's
    probability ("q = 0.95") or shows q_y or a power as raw ASCII outside rendered maths ("(1 − q_y)^γ")."""
    app = opened(open_page(PAGE, depth=depth, units=unit), "show_code", "variants_chart_table")
    found = prose_problems_in_each_state(
        app, every_text, PRESET_KEYS, SLIDER_ENDS, check=true_class_q_problems
    )
    assert not found, found


def test_the_checkpoints_and_their_feedback_write_q_and_q_y_as_the_card_does():
    """Every question of the quiz bank this page teaches, with its options and the feedback on each."""
    from content.quiz_bank import load_questions

    for question in [q for q in load_questions() if q.page == "variants"]:
        texts = [("markdown", text) for text in (question.prompt, *question.options, *question.reasons)]
        assert not true_class_q_problems(texts), question.prompt


def test_the_smoothing_checkpoint_says_a_sure_right_answer_costs_infinity_there(open_page):
    from content.quiz_bank import load_questions

    question = next(q for q in load_questions() if q.page == "variants" and "label smoothing" in q.prompt)
    reason = question.reasons[question.answer]
    assert "never pays out: it is at least 0, and a sure, right answer simply costs less" not in reason
    assert "the loss is infinite" in reason
    shown = metrics(open_page(PAGE, vq="1.0"))
    assert shown["Smoothed, ε = 0.1"] == "∞ nats" and shown["Plain cross-entropy"] == "0.000 nats"


def test_the_checkpoints_use_the_page_s_notation():
    """Review 19-3 #14, #15: the focal checkpoint wrote the true class's probability as q, the page as q_y;
    the smoothing checkpoint used p, which the basic text never defines."""
    from content.quiz_bank import load_questions

    questions = [q for q in load_questions() if q.page == "variants"]
    focal = next(q for q in questions if "Focal loss" in q.prompt)
    words = " ".join([focal.prompt, *focal.options, *focal.reasons])
    assert "$(1 - q_y)^\\gamma$, where $q_y$ is" in focal.prompt
    assert not re.search(r"\$q\$|\(1 - q\)", words), "the scalar q without its index y"
    smoothing = next(q for q in questions if "label smoothing" in q.prompt)
    assert "the one-hot target $p$ by" in smoothing.options[smoothing.answer]


@pytest.mark.parametrize("eps", ["0.05", "0.5"])
def test_the_softening_is_named_by_its_size(open_page, eps):
    """Review 19-3 #13: at ε = 0.5 the true class's target is 0.55, which is not 'softened a little'."""
    lesson = prose(open_page(PAGE, vs=eps))
    assert f"The label is softened (here by ε = {float(eps):g})" in lesson and "a little" not in lesson


def test_the_focal_factor_times_the_plain_loss_gives_the_focal_loss_as_shown(open_page):
    """Review 19-3 #12: at q_y = 0.95, γ = 2 the factor showed 0.003 beside 0.051 nats and 1.3e-4 nats."""
    shown = metrics(open_page(PAGE, vq="0.95"))
    assert shown[r"Share kept, $(1 - q_y)^\gamma$"] == "0.0025"
    assert shown["Focal, γ = 2"] == f"{0.0025 * -math.log(0.95):.1e} nats".replace("e-0", "e-")


@pytest.mark.parametrize("units", ["nats", "bits"])
def test_the_smoothed_label_is_defined_where_the_detailed_text_uses_it(open_page, units):
    """Review 19-C #2: at detailed depth p̃ was used and never defined (the medium text is not shown). The
    whole predicted distribution is a plain q, as on the notation card, its true-class entry q_y, and neither
    q nor p̃ is bold (the lecturer's notation review, S2, S3: q was bold, p̃ not)."""
    lesson = " ".join(prose(open_page(PAGE, depth="detailed", units=units)).split())
    assert "$\\tilde p = (1-\\varepsilon)\\,p + \\varepsilon/K$" in lesson
    assert "With $q$ the whole predicted distribution (its true-class entry is $q_y$)" in lesson
    assert lesson.index("\\tilde p = (1-") < lesson.index("H(\\tilde p, q)")
    assert "\\mathrm{KL}(\\tilde p\\,\\|\\,q)" in lesson and "at $q = \\tilde p$" in lesson
    assert "\\mathbf" not in lesson and "bold" not in lesson
    best = entropy([1 - 0.1 + 0.1 / 2, 0.1 / 2]) / (math.log(2) if units == "bits" else 1)
    assert f"the minimum $H(\\tilde p)$ = {best:.3f} {units}" in lesson


@pytest.mark.parametrize(
    ("k", "share", "split"),
    [
        (2, 0.1, "the other class makes up the remaining 1 − r = 90 %"),
        (3, 0.5, "the other 2 classes are assumed to share the remaining 1 − r equally, 25 % each"),
        (10, 0.1, "the other 9 classes are assumed to share the remaining 1 − r equally, 10 % each"),
        (10, 0.9, "the other 9 classes are assumed to share the remaining 1 − r equally, 1.1 % each"),
    ],
)
@pytest.mark.parametrize("depth", ["basic", "medium", "detailed"])
def test_the_other_classes_weights_say_how_they_split_the_rest(open_page, k, share, split, depth):
    """Review 19-C #3: the other classes' weight and 'the same total' hold only if the other K − 1 classes
    split 1 − r equally; the page now says so wherever that weight or that total appears."""
    assert f"{100 * (1 - share) / (k - 1):.1f}".removesuffix(".0") in split  # 90, 25, 10, 1.1
    app = open_page(PAGE, depth=depth, vk=str(k), vr=str(share))
    other = 1 / (
        k * (1 - share) / (k - 1)
    )  # balanced: 1 / (K · its share), each other's share (1 − r)/(K − 1)
    shown = {m.label: m for m in app.metric}
    assert shown["Weight of each other class"].value == f"{other:.3f}"
    assert split in shown["Weight of each other class"].proto.help.lower()
    captions = " ".join(caption.value for caption in app.caption)
    assert f"{split}. Every class then adds the same total weight" in captions
    if k > 2:
        assert (
            "share the remaining 1 − r of the data equally, (1 − r)/(K − 1) each" in app.slider(key="vr").help
        )
    lesson = " ".join(prose(app).split())
    if depth in ("medium", "detailed"):
        assert split in lesson
    if depth == "medium":
        assert lesson.index(split) < lesson.index(
            f"gets {other:.3f}; every class then contributes the same total"
        )
    if depth == "basic" and k > 2 and share != 1 / k:
        assert f"gets {other:.3f} (they are assumed to share the rest of the data equally)" in lesson


@pytest.mark.parametrize("depth", ["basic", "medium"])
@pytest.mark.parametrize("eps", ["0", "0.1"])
def test_the_true_class_probability_is_written_q_y_in_the_smoothing_sentences(open_page, depth, eps):
    """Review 19-C #5: 'q = 1' and 'q(true) = 1' named the quantity the sliders and metrics call q_y."""
    lesson = " ".join(prose(open_page(PAGE, depth=depth, vs=eps)).split())
    assert "q = 1 " not in lesson and "q(\\text{true})" not in lesson
    if depth == "medium" or eps == "0":  # basic at ε > 0 says 'a probability of exactly 1'
        assert "$q_y = 1$" in lesson


def test_the_smoothing_checkpoint_feedback_writes_q_y():
    questions = (Path(__file__).resolve().parents[2] / "assets/quiz/questions.md").read_text()
    block = questions[questions.index("## What does label smoothing") :].split("\n## ")[0]
    assert "q(\\text{true})" not in block and "$q_y = 1$ leaves probability 0 on the other classes" in block


@pytest.mark.parametrize("eps", [0.0, 0.05, 0.5])
def test_the_smoothing_marker_claims_a_cap_only_when_there_is_one(eps):
    """Review 19-C #6: at ε = 0 the legend said 'confidence capped here' beside a cap of 1.000."""
    from lessons.variants_figures import variants_figure

    names = [trace.name for trace in variants_figure(label_smoothing=eps).data]
    cap = 1 - eps + eps / 2  # K = 2
    assert ("smoothing's best: confidence capped here" in names) == (cap < 1)
    assert ("plain CE's best: q(true class) = 1 (no cap)" in names) == (cap == 1)


def test_focal_losss_factor_is_on_the_loss_and_its_push_can_exceed_cross_entropys(open_page):
    """(1 − q_y)^γ multiplies the loss, not the gradient: the push on the logit fades by another amount, and
    for a hard sample it is larger than cross-entropy's (review 26-C, S2). Checked by finite differences."""

    def focal(z, gamma):  # two classes, q_y = σ(z)
        q = 1 / (1 + np.exp(-z))
        return -((1 - q) ** gamma) * np.log(q)

    z, h = np.log(0.2 / 0.8), 1e-6  # q_y = 0.2
    push = (focal(z + h, 2.0) - focal(z - h, 2.0)) / (2 * h)
    assert abs(push) > abs(0.2 - 1), "a hard sample's focal push exceeds cross-entropy's q_y − 1"
    text = " ".join(block.value for block in open_page(PAGE, depth="detailed").markdown)
    assert "per-sample gradient a factor" not in text
    assert r"multiplies each sample's loss by $(1 - q_y)^\gamma$" in text and "the loss's factor" in text
