"""Loss variants (focal loss, label smoothing, class weights) and the figures of the information,
sequences and variants pages, checked against independent references: straight Python loops over
samples and classes, scipy and scikit-learn. Nothing here takes its expected value from core/.
"""

import math
import re

import numpy as np
import pytest
import scipy.optimize
import scipy.special
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.utils.class_weight import compute_class_weight

from core import cross_entropy, smooth_labels, variants
from core.sequences import policy_steps, sequence_losses
from lessons import palette
from lessons import variants as lesson
from lessons import variants_figures as lesson_figures
from lessons.information import (
    code_length_table,
    decomposition_figure,
    decomposition_table,
    distributions_figure,
)
from lessons.sequences_figures import (
    policy_figure,
    policy_loss_figure,
    policy_table,
    sequence_loss_figure,
    sequence_table,
)

RTOL = 1e-10
bases = st.sampled_from([math.e, 2.0, 10.0])
gammas = st.one_of(st.sampled_from([0.0, 0.5, 1.0, 2.0, 5.0]), st.floats(0.0, 6.0))
smoothing = st.one_of(st.sampled_from([0.0, 0.1, 0.5, 0.99]), st.floats(0.0, 0.99))


# ---------------------------------------------------------------------------------------------------------
# Independent references: plain Python, one sample and one class at a time
# ---------------------------------------------------------------------------------------------------------


def focal_reference(targets, probabilities, gamma, alpha):
    """FL per sample, by the definition of Lin et al. (2017), summed over the classes with a loop."""
    losses = []
    for p_row, q_row in zip(targets, probabilities, strict=True):
        loss = 0.0
        for p_c, q_c, a_c in zip(p_row, q_row, alpha, strict=True):
            if p_c == 0 or a_c == 0:
                continue  # 0 * log 0 = 0
            loss += math.inf if q_c == 0 else -a_c * p_c * (1 - q_c) ** gamma * math.log(q_c)
        losses.append(loss)
    return losses


def softmax_reference(row):
    """softmax of one row of logits, with math.exp and max subtraction."""
    top = max(row)
    exps = [math.exp(z - top) for z in row]
    return [e / sum(exps) for e in exps]


def normalised(weights):
    """Positive weights scaled to sum to 1."""
    total = sum(weights)
    return [w / total for w in weights]


def one_hot(index, n_classes):
    """A list with a 1 at `index`."""
    return [1.0 if c == index else 0.0 for c in range(n_classes)]


@st.composite
def focal_cases(draw):
    """Targets (one-hot or soft), predicted distributions with exact zeros now and then, gamma, alpha."""
    n, k = draw(st.integers(1, 6)), draw(st.integers(2, 6))
    weight = st.one_of(st.just(0.0), st.floats(1e-3, 10.0))
    predicted = [normalised(draw(st.lists(weight, min_size=k, max_size=k).filter(any))) for _ in range(n)]
    if draw(st.booleans()):
        indices = draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
        targets = [one_hot(i, k) for i in indices]
    else:
        targets = [normalised(draw(st.lists(weight, min_size=k, max_size=k).filter(any))) for _ in range(n)]
    # A weight like 5e-324 times p rounds to 0 and hides an infinite loss; real weights are not that small.
    alpha_c = st.one_of(st.just(0.0), st.floats(1e-3, 3.0))
    alpha = draw(st.one_of(st.none(), st.lists(alpha_c, min_size=k, max_size=k)))
    return targets, predicted, draw(gammas), alpha


# ---------------------------------------------------------------------------------------------------------
# focal_loss
# ---------------------------------------------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(focal_cases())
def test_focal_loss_matches_a_loop_over_samples_and_classes(case):
    targets, predicted, gamma, alpha = case
    expected = focal_reference(targets, predicted, gamma, alpha or [1.0] * len(predicted[0]))
    got = variants.focal_loss(targets, predicted, gamma=gamma, alpha=alpha, reduction="none")
    np.testing.assert_allclose(got, expected, rtol=RTOL, atol=1e-300)
    finite = all(math.isfinite(x) for x in expected)
    if finite:
        assert variants.focal_loss(targets, predicted, gamma=gamma, alpha=alpha) == pytest.approx(
            sum(expected) / len(expected), rel=RTOL, abs=1e-300
        )
        assert variants.focal_loss(
            targets, predicted, gamma=gamma, alpha=alpha, reduction="sum"
        ) == pytest.approx(sum(expected), rel=RTOL, abs=1e-300)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(st.floats(-30, 30), min_size=3, max_size=3), min_size=n, max_size=n),
            st.lists(st.integers(0, 2), min_size=n, max_size=n),
        )
    ),
    gammas,
)
def test_focal_loss_from_logits_matches_a_loop(logits_and_labels, gamma):
    logits, labels = logits_and_labels
    predicted = [softmax_reference(row) for row in logits]
    expected = focal_reference([one_hot(y, 3) for y in labels], predicted, gamma, [1.0, 1.0, 1.0])
    got = variants.focal_loss(labels, logits, gamma=gamma, from_logits=True, reduction="none")
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(focal_cases())
def test_focal_loss_with_gamma_zero_is_cross_entropy(case):
    targets, predicted, _, alpha = case
    weight = None if alpha is None else alpha
    expected = cross_entropy(targets, predicted, weight=weight, reduction="none")
    np.testing.assert_allclose(
        variants.focal_loss(targets, predicted, gamma=0.0, alpha=alpha, reduction="none"), expected, rtol=RTOL
    )


def test_focal_loss_with_gamma_zero_is_cross_entropy_for_class_indices():
    predicted = [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.3, 0.4]]
    for reduction in ("mean", "sum"):
        assert variants.focal_loss([0, 2, 1], predicted, gamma=0, reduction=reduction) == pytest.approx(
            cross_entropy([0, 2, 1], predicted, reduction=reduction), rel=RTOL
        )


def test_binary_focal_loss_is_the_sigmoid_focal_loss_of_the_paper():
    # Lin et al. (2017), eq. 5: FL(p_t) = -alpha_t (1 - p_t)^gamma log p_t, alpha_t = alpha for y = 1.
    p = np.array([0.95, 0.6, 0.3, 0.01])
    y = np.array([1, 1, 0, 1])
    alpha, gamma = 0.25, 2.0
    p_t = np.where(y == 1, p, 1 - p)
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    expected = -alpha_t * (1 - p_t) ** gamma * np.log(p_t)
    predicted = np.column_stack([1 - p, p])  # class 1 is the positive class
    got = variants.focal_loss(y, predicted, gamma=gamma, alpha=[1 - alpha, alpha], reduction="none")
    np.testing.assert_allclose(got, expected, rtol=RTOL)


@settings(max_examples=40, deadline=None)
@given(st.floats(1e-6, 1.0), st.floats(0.0, 4.0), st.floats(0.0, 4.0))
def test_focal_loss_never_exceeds_cross_entropy_and_falls_as_gamma_grows(q, gamma_a, gamma_b):
    low, high = sorted([gamma_a, gamma_b])
    predicted = [q, 1 - q]
    plain = -math.log(q)
    assert (
        variants.focal_loss(0, predicted, gamma=high) <= variants.focal_loss(0, predicted, gamma=low) + 1e-15
    )
    assert variants.focal_loss(0, predicted, gamma=low) <= plain + 1e-15


def test_focal_loss_edges_are_exact_and_silent():
    assert variants.focal_loss(0, [0.0, 1.0]) == math.inf
    assert variants.focal_loss(0, [1.0, 0.0]) == 0.0
    assert variants.focal_loss(0, [1.0, 0.0], gamma=0) == 0.0
    assert variants.focal_loss([1, 0], [1e-320, 1 - 1e-320], gamma=2) == pytest.approx(-math.log(1e-320))
    assert variants.focal_loss(0, [0.0, 1.0], alpha=[0.0, 1.0]) == 0.0  # a class of weight 0 adds nothing
    assert variants.focal_loss([0], [[-1000.0, 1000.0]], from_logits=True, gamma=2) == pytest.approx(2000.0)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"gamma": -0.5}, "gamma"),
        ({"gamma": math.inf}, "gamma"),
        ({"gamma": math.nan}, "gamma"),
        ({"gamma": True}, "gamma"),
        ({"gamma": "2"}, "gamma"),
        ({"alpha": [1.0]}, "alpha"),
        ({"alpha": [1.0, -1.0]}, "alpha"),
        ({"alpha": [1.0, math.nan]}, "alpha"),
        ({"alpha": [1.0, math.inf]}, "alpha"),
        ({"reduction": "avg"}, "reduction"),
    ],
)
def test_focal_loss_rejects_bad_arguments_by_name(kwargs, name):
    with pytest.raises(ValueError, match=f"^{name}"):
        variants.focal_loss([1, 0], [0.6, 0.4], **kwargs)


@pytest.mark.parametrize(
    ("target", "predicted", "name"),
    [
        ([1, 0], [0.6, 0.6], "predicted"),
        ([1, 0], [1.2, -0.2], "predicted"),
        ([1, 0, 0], [0.6, 0.4], "target"),
        (2, [0.6, 0.4], "target"),
        ([0.5, 0.6], [0.6, 0.4], "target"),
    ],
)
def test_focal_loss_rejects_bad_data_by_name(target, predicted, name):
    with pytest.raises(ValueError, match=f"^{name}"):
        variants.focal_loss(target, predicted)


# ---------------------------------------------------------------------------------------------------------
# Label smoothing
# ---------------------------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 12).flatmap(lambda k: st.tuples(st.just(k), st.integers(0, k - 1))), smoothing)
def test_smooth_labels_moves_eps_of_the_mass_evenly(k_and_label, eps):
    k, label = k_and_label
    expected = [(1 - eps) + eps / k if c == label else eps / k for c in range(k)]
    got = smooth_labels(one_hot(label, k), eps)
    np.testing.assert_allclose(got, expected, rtol=RTOL)
    assert got.sum() == pytest.approx(1.0)


def test_smooth_labels_works_row_by_row_and_leaves_eps_zero_alone():
    soft = [[0.5, 0.5, 0.0], [0.2, 0.3, 0.5]]
    np.testing.assert_array_equal(smooth_labels(soft, 0.0), soft)
    np.testing.assert_allclose(smooth_labels(soft, 0.3), [[0.45, 0.45, 0.1], [0.24, 0.31, 0.45]])


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 20), smoothing, bases)
def test_best_achievable_loss_is_the_entropy_of_the_smooth_labels(k, eps, base):
    smoothed = [1 - eps + eps / k] + [eps / k] * (k - 1)
    assert variants.best_achievable_loss(k, eps, base=base) == pytest.approx(
        scipy.stats.entropy(smoothed, base=base), rel=1e-12, abs=1e-15
    )


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 6), st.floats(0.01, 0.9), st.lists(st.floats(1e-3, 1.0), min_size=6, max_size=6))
def test_no_prediction_beats_the_best_achievable_loss(k, eps, weights):
    q = np.array(normalised(weights[:k]))
    smoothed = [1 - eps + eps / k] + [eps / k] * (k - 1)
    loss = -sum(p * math.log(q_c) for p, q_c in zip(smoothed, q, strict=True))
    assert loss >= variants.best_achievable_loss(k, eps) - 1e-12


@pytest.mark.parametrize(("k", "eps"), [(2, 0.1), (3, 0.2), (10, 0.1), (5, 0.5)])
def test_minimising_the_smoothed_loss_numerically_finds_the_cap_and_the_logit_gap(k, eps):
    smoothed = np.array([1 - eps + eps / k] + [eps / k] * (k - 1))

    def loss(z):
        return -(smoothed * scipy.special.log_softmax(z)).sum()

    def grad(z):
        return scipy.special.softmax(z) - smoothed

    found = scipy.optimize.minimize(loss, np.zeros(k), jac=grad, method="BFGS", options={"gtol": 1e-12})
    q = scipy.special.softmax(found.x)
    assert found.fun == pytest.approx(variants.best_achievable_loss(k, eps), rel=1e-9)
    assert q[0] == pytest.approx(variants.confidence_cap(k, eps), rel=1e-6)
    assert found.x[0] - found.x[1] == pytest.approx(variants.optimal_logit_gap(k, eps), rel=1e-5)


def test_without_smoothing_confidence_is_uncapped():
    assert variants.best_achievable_loss(4, 0.0) == 0.0
    assert variants.confidence_cap(4, 0.0) == 1.0
    assert variants.optimal_logit_gap(4, 0.0) == math.inf


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: smooth_labels([1, 0], 1.0), "label_smoothing"),
        (lambda: smooth_labels([1, 0], -0.1), "label_smoothing"),
        (lambda: smooth_labels([1, 0], True), "label_smoothing"),
        (lambda: smooth_labels([1, 1], 0.1), "target"),
        (lambda: variants.best_achievable_loss(1, 0.1), "n_classes"),
        (lambda: variants.best_achievable_loss(2.5, 0.1), "n_classes"),
        (lambda: variants.best_achievable_loss(3, 0.1, base=1), "base"),
        (lambda: variants.confidence_cap(True, 0.1), "n_classes"),
        (lambda: variants.confidence_cap(3, math.nan), "label_smoothing"),
        (lambda: variants.optimal_logit_gap(3, 1.5), "label_smoothing"),
    ],
)
def test_label_smoothing_helpers_reject_bad_arguments_by_name(call, name):
    with pytest.raises(ValueError, match=f"^{name}"):
        call()


# ---------------------------------------------------------------------------------------------------------
# Class weights
# ---------------------------------------------------------------------------------------------------------


def test_balanced_weights_give_every_class_the_same_total_weight():
    weights = variants.balanced_weights([0.95, 0.05])
    np.testing.assert_allclose(weights, [100 / (2 * 95), 100 / (2 * 5)])
    assert weights[0] * 95 == pytest.approx(weights[1] * 5)


# ---------------------------------------------------------------------------------------------------------
# Loss curves by variant
# ---------------------------------------------------------------------------------------------------------


def curve_reference(q, k, gamma, class_weight, eps, base):
    """The four losses of one sample whose true class gets q and the other k - 1 classes share 1 - q."""
    other = (1 - q) / (k - 1)
    plain = -math.log(q)
    smoothed = -(1 - eps + eps / k) * math.log(q) - (k - 1) * (eps / k) * math.log(other)
    ln_base = math.log(base)
    return {
        "cross_entropy": plain / ln_base,
        "focal": (1 - q) ** gamma * plain / ln_base,
        "weighted": class_weight * plain / ln_base,
        "smoothed": smoothed / ln_base,
    }


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 8), gammas, st.floats(0.0, 20.0), smoothing, bases)
def test_loss_curves_match_the_formulas_written_out(k, gamma, class_weight, eps, base):
    grid = np.array([0.01, 0.2, 0.5, 0.9, 0.999])
    curves = lesson.loss_curves_by_variant(
        grid, n_classes=k, gamma=gamma, class_weight=class_weight, label_smoothing=eps, base=base
    )
    assert list(curves.columns) == ["q_true", "cross_entropy", "focal", "weighted", "smoothed"]
    np.testing.assert_array_equal(curves["q_true"], grid)
    for column in ("cross_entropy", "focal", "weighted", "smoothed"):
        expected = [curve_reference(q, k, gamma, class_weight, eps, base)[column] for q in grid]
        np.testing.assert_allclose(curves[column], expected, rtol=1e-9, atol=1e-300, err_msg=column)


def test_loss_curves_at_the_ends_are_infinite_where_the_maths_says_so():
    curves = lesson.loss_curves_by_variant([0.0, 1.0], n_classes=3, label_smoothing=0.1)
    assert curves["cross_entropy"].tolist() == [math.inf, 0.0]
    assert curves["smoothed"].tolist() == [math.inf, math.inf]  # smoothing wants mass on the others
    assert not curves.isna().any().any()


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"q_true_grid": [[0.5]]}, "q_true_grid"),
        ({"q_true_grid": [1.5]}, "q_true_grid"),
        ({"n_classes": 1}, "n_classes"),
        ({"gamma": -1.0}, "gamma"),
        ({"class_weight": -1.0}, "class_weight"),
        ({"class_weight": math.inf}, "class_weight"),
        ({"label_smoothing": 1.0}, "label_smoothing"),
        ({"base": 0}, "base"),
    ],
)
def test_loss_curves_reject_bad_arguments_by_name(kwargs, name):
    with pytest.raises(ValueError, match=f"^{name}"):
        lesson.loss_curves_by_variant(**({"q_true_grid": [0.5]} | kwargs))


# ---------------------------------------------------------------------------------------------------------
# Figures: variants, information, sequences
# ---------------------------------------------------------------------------------------------------------


def test_variants_figure_draws_each_loss_in_its_palette_colour_with_the_right_values():
    fig = lesson_figures.variants_figure(
        n_classes=3, gamma=2.0, class_weight=4.0, label_smoothing=0.2, base=2.0, q_true=0.7
    )
    curves = fig.data[:4]
    assert [trace.line.color for trace in curves] == [palette.CROSS_ENTROPY, *palette.VARIANTS[:3]]
    for trace, column in zip(curves, ("cross_entropy", "focal", "weighted", "smoothed"), strict=True):
        assert isinstance(trace.y, np.ndarray)
        np.testing.assert_array_equal(trace.x, lesson_figures.Q_GRID)
        expected = [curve_reference(q, 3, 2.0, 4.0, 0.2, 2.0)[column] for q in lesson_figures.Q_GRID]
        np.testing.assert_allclose(trace.y, expected, rtol=1e-9, err_msg=column)
    best = fig.data[4]
    assert best.x[0] == pytest.approx(1 - 0.2 + 0.2 / 3)
    assert best.y[0] <= curves[3].y.min() + 1e-12  # the smoothed curve never dips below its minimum
    assert "bits" in fig.layout.yaxis.title.text
    assert fig.layout.title.text
    assert [shape.x0 for shape in fig.layout.shapes] == [0.7]


def test_variants_figure_is_thicker_for_a_presenter_and_checks_q_true():
    assert (
        lesson_figures.variants_figure(presenter=True).data[0].line.width
        > lesson_figures.variants_figure().data[0].line.width
    )
    assert not lesson_figures.variants_figure().layout.shapes
    with pytest.raises(ValueError, match="^q_true"):
        lesson_figures.variants_figure(q_true=1.5)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.floats(1e-3, 1.0), min_size=3, max_size=3),
    st.lists(st.floats(1e-3, 1.0), min_size=3, max_size=3),
    bases,
)
def test_decomposition_figure_stacks_entropy_and_kl_to_the_cross_entropy(p_weights, q_weights, base):
    p, q = normalised(p_weights), normalised(q_weights)
    fig = decomposition_figure(p, q, ["dog", "cat", "rabbit"], base)
    entropy_bars, kl_bars = fig.data
    assert fig.layout.barmode == "stack"
    assert (entropy_bars.marker.color, kl_bars.marker.color) == (palette.ENTROPY, palette.KL)
    np.testing.assert_allclose(
        entropy_bars.y, [scipy.stats.entropy(p, base=base), scipy.stats.entropy(q, base=base)], rtol=1e-9
    )
    np.testing.assert_allclose(
        kl_bars.y,
        [scipy.stats.entropy(p, q, base=base), scipy.stats.entropy(q, p, base=base)],
        rtol=1e-8,
        atol=1e-12,
    )
    cross = [-sum(a * math.log(b, base) for a, b in zip(x, y, strict=True)) for x, y in ((p, q), (q, p))]
    np.testing.assert_allclose(entropy_bars.y + kl_bars.y, cross, rtol=1e-9)


def test_decomposition_figure_shows_the_asymmetry_and_an_infinite_kl_safely():
    fig = decomposition_figure([0.9, 0.1], [0.5, 0.5], ["spam", "ham"], 2.0)
    h_pq = -(0.9 * math.log2(0.5) + 0.1 * math.log2(0.5))
    h_qp = -(0.5 * math.log2(0.9) + 0.5 * math.log2(0.1))
    assert [a.text for a in fig.layout.annotations] == [f"total {h_pq:.3f} bits", f"total {h_qp:.3f} bits"]
    assert f"{h_pq:.3f}" in fig.layout.title.text and f"{h_qp:.3f}" in fig.layout.title.text
    assert "spam 0.90" in str(fig.data[0].customdata)

    infinite = decomposition_figure([0.5, 0.5], [1.0, 0.0], ["a", "b"], math.e)
    assert np.isnan(infinite.data[1].y[0]), "plotly.js cannot draw an infinite bar: it is left out"
    assert infinite.data[1].y[1] == pytest.approx(scipy.special.rel_entr([1.0, 0.0], [0.5, 0.5]).sum())
    assert infinite.layout.annotations[0].text == "KL = ∞, so the total is ∞"


@pytest.mark.parametrize(
    ("p", "q", "labels", "name"),
    [
        ([0.5, 0.5], [0.5, 0.5], ["a"], "labels"),
        ([[0.5, 0.5]], [[0.5, 0.5]], ["a", "b"], "p"),
        ([0.5, 0.6], [0.5, 0.5], ["a", "b"], "p"),
        ([0.5, 0.5], [0.2, 0.3, 0.5], ["a", "b"], "q"),
    ],
)
def test_information_figures_reject_bad_arguments_by_name(p, q, labels, name):
    for build in (
        lambda: decomposition_figure(p, q, labels, 2.0),
        lambda: distributions_figure(p, q, labels),
    ):
        with pytest.raises(ValueError, match=f"^{name}"):
            build()


def test_distributions_figure_puts_p_and_q_side_by_side():
    fig = distributions_figure([0.7, 0.2, 0.1], [0.1, 0.7, 0.2], ["cat", "dog", "rabbit"], presenter=True)
    assert fig.layout.barmode == "group"
    assert [trace.marker.color for trace in fig.data] == [palette.TARGET, palette.PREDICTION]
    np.testing.assert_array_equal(fig.data[0].y, [0.7, 0.2, 0.1])
    np.testing.assert_array_equal(fig.data[1].y, [0.1, 0.7, 0.2])
    assert list(fig.data[0].x) == ["cat", "dog", "rabbit"]
    assert fig.layout.font.size > distributions_figure([1.0], [1.0], ["x"]).layout.font.size


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(1e-6, 1.0), min_size=1, max_size=12), bases)
def test_sequence_losses_are_minus_log_p_and_perplexity_is_base_to_the_mean(probs, base):
    result = sequence_losses(probs, base=base)
    per_token = [-math.log(p, base) for p in probs]
    mean = sum(per_token) / len(per_token)
    np.testing.assert_allclose(result["token_losses"], per_token, rtol=1e-12, atol=1e-15)
    assert result["mean"] == pytest.approx(mean, rel=1e-12, abs=1e-15)
    assert result["total"] == pytest.approx(sum(per_token), rel=1e-12, abs=1e-15)
    assert result["perplexity"] == pytest.approx(base**mean, rel=1e-9)


def test_sequence_loss_figure_bars_mean_line_and_perplexity():
    tokens, probs = ["the", "cat", "sat", "the"], [0.5, 0.25, 0.125, 0.5]
    fig = sequence_loss_figure(tokens, probs, 2.0)
    bars, mean_line = fig.data
    assert bars.marker.color == palette.CROSS_ENTROPY
    np.testing.assert_allclose(bars.y, [1.0, 2.0, 3.0, 1.0])
    np.testing.assert_array_equal(bars.x, [0, 1, 2, 3])  # repeated tokens keep their own bar
    assert list(fig.layout.xaxis.ticktext) == tokens
    np.testing.assert_allclose(mean_line.y, [1.75, 1.75])
    assert f"{2**1.75:.2f}" in fig.layout.title.text
    assert "bits" in fig.layout.yaxis.title.text


def test_sequence_with_an_impossible_token_is_infinite_and_said_so():
    fig = sequence_loss_figure(["a", "b"], [0.5, 0.0], math.e)
    assert fig.data[0].y[0] == pytest.approx(math.log(2))
    assert np.isnan(fig.data[0].y[1]), "plotly.js cannot draw an infinite bar: the annotation says ∞"
    assert fig.data[1].y[0] == math.inf, "the mean line is infinite too"
    assert [a.text for a in fig.layout.annotations] == ["∞ (probability 0)"]
    assert sequence_losses([0.5, 0.0])["perplexity"] == math.inf


@pytest.mark.parametrize(
    ("tokens", "probs", "name"),
    [
        (["a"], [0.5, 0.5], "tokens"),
        (["a", "b"], [0.5, 1.5], "probs"),
        (["a"], [[0.5]], "probs"),
        (["a"], [math.nan], "probs"),
    ],
)
def test_sequence_loss_figure_rejects_bad_arguments_by_name(tokens, probs, name):
    with pytest.raises(ValueError, match=f"^{name}"):
        sequence_loss_figure(tokens, probs, 2.0)


# ---------------------------------------------------------------------------------------------------------
# Balanced weights from class shares
# ---------------------------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 500), min_size=2, max_size=6))
def test_balanced_weights_of_the_shares_match_sklearn_on_the_counts(counts):
    labels = np.repeat(np.arange(len(counts)), counts)
    expected = compute_class_weight("balanced", classes=np.arange(len(counts)), y=labels)
    shares = [count / sum(counts) for count in counts]
    np.testing.assert_allclose(variants.balanced_weights(shares), expected, rtol=1e-12)


@pytest.mark.parametrize(("share", "k"), [(0.1, 2), (0.05, 3), (0.5, 2), (0.01, 10)])
def test_one_rare_class_shares_and_its_balanced_weight_match_sklearn(share, k):
    n = 10_000
    rare = round(share * n)
    labels = np.r_[np.zeros(rare), np.repeat(np.arange(1, k), (n - rare) // (k - 1))]
    expected = compute_class_weight("balanced", classes=np.arange(k), y=labels.astype(int))
    shares = variants.one_rare_class(share, k)
    assert shares.sum() == pytest.approx(1.0) and shares[0] == share
    np.testing.assert_allclose(variants.balanced_weights(shares), expected, rtol=1e-9)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: variants.balanced_weights([0.5, 0.6]), "class_shares"),
        (lambda: variants.balanced_weights([1.0, 0.0]), "class_shares"),
        (lambda: variants.balanced_weights([[0.5, 0.5]]), "class_shares"),
        (lambda: variants.one_rare_class(0.0, 2), "rare_share"),
        (lambda: variants.one_rare_class(1.0, 2), "rare_share"),
        (lambda: variants.one_rare_class("0.1", 2), "rare_share"),
        (lambda: variants.one_rare_class(0.1, 1), "n_classes"),
    ],
)
def test_balanced_weight_helpers_reject_bad_arguments_by_name(call, name):
    with pytest.raises(ValueError, match=f"^{name}"):
        call()


# ---------------------------------------------------------------------------------------------------------
# A policy pulled toward a target by cross-entropy
# ---------------------------------------------------------------------------------------------------------


def policy_reference(logits, target, learning_rate, steps):
    """Gradient descent on -sum p log softmax(z) with scipy's softmax, one step at a time."""
    z = np.array(logits, dtype=float)
    path = [z.copy()]
    for _ in range(steps):
        z = z - learning_rate * (scipy.special.softmax(z) - np.asarray(target))
        path.append(z.copy())
    return np.array(path)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.floats(-5, 5), min_size=3, max_size=3),
    st.lists(st.floats(1e-3, 1.0), min_size=3, max_size=3),
    st.floats(0.05, 3.0),
    st.integers(0, 30),
)
def test_policy_steps_match_gradient_descent_with_scipy(logits, target_weights, learning_rate, steps):
    target = normalised(target_weights)
    got = policy_steps(logits, target, learning_rate=learning_rate, steps=steps)
    assert got.shape == (steps + 1, 3)
    np.testing.assert_allclose(
        got, policy_reference(logits, target, learning_rate, steps), rtol=1e-9, atol=1e-12
    )


def test_the_policy_reaches_the_target_and_the_loss_falls_to_its_entropy():
    target = [0.1, 0.2, 0.7]
    path = policy_steps([1.0, 0.0, -1.0], target, learning_rate=1.0, steps=400)
    policies = scipy.special.softmax(path, axis=1)
    np.testing.assert_allclose(policies[-1], target, atol=1e-6)
    losses = [-(np.asarray(target) * np.log(q)).sum() for q in policies]
    assert all(a >= b - 1e-15 for a, b in zip(losses, losses[1:], strict=False)), "every step lowers the loss"
    assert losses[-1] == pytest.approx(scipy.stats.entropy(target), abs=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"logits": [0.0, math.inf, 0.0]}, "logits"),
        ({"logits": [[0.0, 0.0, 0.0]]}, "logits"),
        ({"target": [0.5, 0.5]}, "target"),
        ({"target": [0.5, 0.6, 0.1]}, "target"),
        ({"learning_rate": 0.0}, "learning_rate"),
        ({"learning_rate": math.nan}, "learning_rate"),
        ({"steps": -1}, "steps"),
        ({"steps": 2.5}, "steps"),
        ({"steps": True}, "steps"),
    ],
)
def test_policy_steps_reject_bad_arguments_by_name(kwargs, name):
    arguments = {"logits": [0.0, 0.0, 0.0], "target": [0.2, 0.3, 0.5]} | kwargs
    with pytest.raises(ValueError, match=f"^{name}"):
        policy_steps(**arguments)


def test_policy_figures_and_table_show_start_now_target_and_the_loss_per_step():
    target = [0.1, 0.2, 0.7]
    path = policy_reference([1.0, 0.0, -1.0], target, 1.0, 5)
    policies = scipy.special.softmax(path, axis=1)
    bars = policy_figure(["left", "stay", "right"], target, path)
    start, now, aim = bars.data
    np.testing.assert_allclose(start.y, policies[0], rtol=1e-12)
    np.testing.assert_allclose(now.y, policies[-1], rtol=1e-12)
    np.testing.assert_array_equal(aim.y, target)
    assert [start.marker.color, now.marker.color, aim.marker.color] == [
        palette.NEUTRAL,
        palette.PREDICTION,
        palette.TARGET,
    ]
    assert now.name == "policy after 5 steps"

    curve = policy_loss_figure(target, path, max_steps=50, base=2.0)
    expected = [-sum(p * math.log2(q) for p, q in zip(target, row, strict=True)) for row in policies]
    np.testing.assert_allclose(curve.data[0].y, expected, rtol=1e-12)
    np.testing.assert_allclose(curve.data[1].y, [scipy.stats.entropy(target, base=2)] * 2, rtol=1e-12)
    assert (curve.data[2].x[0], curve.data[2].y[0]) == (5, pytest.approx(expected[-1]))
    assert curve.data[0].line.color == palette.CROSS_ENTROPY
    assert list(curve.layout.xaxis.range) == [-0.5, 50.5]

    table = policy_table(["left", "stay", "right"], target, path)
    np.testing.assert_allclose(
        table["gradient of the loss in nats, π − p (policy − target)"], policies[-1] - target, rtol=1e-12
    )
    assert table["action"].tolist() == ["left", "stay", "right"]


@pytest.mark.parametrize(
    ("actions", "path", "name"),
    [(["a", "b"], [[0.0, 0.0, 0.0]], "actions"), (["a", "b", "c"], [0.0, 0.0, 0.0], "path")],
)
def test_policy_figures_reject_bad_arguments_by_name(actions, path, name):
    with pytest.raises(ValueError, match=f"^{name}"):
        policy_figure(actions, [0.2, 0.3, 0.5], path)


# ---------------------------------------------------------------------------------------------------------
# Table alternatives and the learner's marker on the variants chart
# ---------------------------------------------------------------------------------------------------------


def test_sequence_table_lists_each_token_with_its_loss():
    table = sequence_table(["the", "cat", "<b>"], [0.5, 0.25, 0.0], 2.0)
    assert table["correct next word"].tolist() == ["the", "cat", "<b>"]
    assert table["loss −log qₜ(yₜ) (bits)"].tolist() == [1.0, 2.0, math.inf]
    assert table["step"].tolist() == [1, 2, 3]


def test_code_length_table_averages_to_the_cross_entropy_and_the_entropy_in_bits():
    p, q = [0.5, 0.25, 0.125, 0.125], [0.25, 0.25, 0.25, 0.25]
    table = code_length_table(p, q, ["sun", "cloud", "rain", "snow"])
    np.testing.assert_allclose(table["ideal length −log₂ q(i) (bits)"], [2.0] * 4)
    np.testing.assert_allclose(table["ideal length −log₂ p(i) (bits)"], [1.0, 2.0, 3.0, 3.0])
    average_q = float((table["p"] * table["ideal length −log₂ q(i) (bits)"]).sum())
    average_p = float((table["p"] * table["ideal length −log₂ p(i) (bits)"]).sum())
    assert average_q == pytest.approx(-sum(a * math.log2(b) for a, b in zip(p, q, strict=True)))
    assert average_p == pytest.approx(scipy.stats.entropy(p, base=2))


def test_decomposition_table_matches_scipy_both_ways_round():
    p, q = [0.6, 0.3, 0.1], [0.2, 0.5, 0.3]
    table = decomposition_table(p, q, ["a", "b", "c"], math.e)
    np.testing.assert_allclose(table["entropy (nats)"], [scipy.stats.entropy(p), scipy.stats.entropy(q)])
    np.testing.assert_allclose(
        table["KL divergence (nats)"],
        [scipy.special.rel_entr(p, q).sum(), scipy.special.rel_entr(q, p).sum()],
    )
    np.testing.assert_allclose(
        table["cross-entropy (nats)"], table["entropy (nats)"] + table["KL divergence (nats)"]
    )


def test_variants_figure_puts_a_dot_on_every_curve_at_the_learners_prediction():
    settings_ = {"n_classes": 3, "gamma": 1.5, "class_weight": 2.0, "label_smoothing": 0.2, "base": math.e}
    fig = lesson_figures.variants_figure(**settings_, q_true=0.6)
    dots = fig.data[5]
    expected = curve_reference(0.6, 3, 1.5, 2.0, 0.2, math.e)
    np.testing.assert_allclose(
        dots.y, [expected[c] for c in ("cross_entropy", "focal", "weighted", "smoothed")], rtol=1e-9
    )
    assert list(dots.x) == [0.6] * 4
    assert not fig.layout.annotations, "every loss fits on the chart"


def test_variants_figure_writes_out_a_loss_above_the_chart():
    fig = lesson_figures.variants_figure(class_weight=20.0, q_true=0.5)
    weighted = 20 * math.log(2)
    assert fig.data[5].y[2] == pytest.approx(5.0), "the dot sits at the top edge"
    assert f"weighted {weighted:.2f}" in fig.layout.annotations[0].text


def test_variants_table_has_the_landmarks_and_the_learners_prediction():
    table = lesson_figures.variants_table(0.42, n_classes=2, gamma=2.0, class_weight=3.0, label_smoothing=0.1)
    assert 0.42 in table["q(true class)"].tolist(), "the card's q_y, in a header that renders no LaTeX"
    row = table[table["q(true class)"] == 0.42].iloc[0]
    expected = curve_reference(0.42, 2, 2.0, 3.0, 0.1, math.e)
    assert row["focal (nats)"] == pytest.approx(expected["focal"])
    assert row["label smoothing (nats)"] == pytest.approx(expected["smoothed"])
    in_bits = lesson_figures.variants_table(
        0.42, n_classes=2, gamma=2.0, class_weight=3.0, label_smoothing=0.1, base=2.0
    )
    assert in_bits["cross-entropy (bits)"].iloc[0] == pytest.approx(-math.log2(0.01))


def test_every_figure_of_these_pages_is_valid_plotly():
    """The figures are built unvalidated for speed, so plotly checks every key here."""
    import plotly.graph_objects as go

    target = [0.1, 0.2, 0.7]
    path = policy_steps([1.0, 0.0, -1.0], target, steps=3)
    for figure in (
        decomposition_figure([0.5, 0.5], [1.0, 0.0], ["a", "b"], 2.0, presenter=True),
        distributions_figure([0.5, 0.5], [0.2, 0.8], ["a", "b"]),
        sequence_loss_figure(["a", "b"], [0.5, 0.0], math.e),
        policy_figure(["left", "stay", "right"], target, path),
        policy_loss_figure(target, path, max_steps=50, base=math.e, presenter=True),
        lesson_figures.variants_figure(class_weight=20.0, q_true=0.3, presenter=True),
    ):
        go.Figure(figure.to_dict())


def test_names_in_figures_are_inert_html():
    hostile = "<img src=x onerror=alert(1)>"
    figures = (
        distributions_figure([0.5, 0.5], [0.5, 0.5], [hostile, "b"]),
        decomposition_figure([0.5, 0.5], [0.5, 0.5], [hostile, "b"], 2.0),
        sequence_loss_figure([hostile, "b"], [0.5, 0.5], 2.0),
        policy_figure([hostile, "b"], [0.5, 0.5], [[0.0, 0.0]]),
    )
    for figure in figures:
        text = str(figure.to_dict())
        assert "<img" not in text and "&lt;img" in text


# ---------------------------------------------------------------------------------------------------------
# The page's sentences: each claim holds in the state it is shown in
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("k", range(2, 11))
@pytest.mark.parametrize("share", [0.01, 0.1, 0.2, 0.25, 0.33, 0.34, 0.5, 0.51, 0.9])
def test_the_true_class_is_called_rare_only_below_one_in_k(share, k):
    sentence = lesson.class_weight_sentence(share, k)
    # sklearn's balanced weight for a class with this share: above 1 exactly when the share is below 1/K
    weight = 1 / (k * share)
    assert ("rare here" in sentence) == (share < 1 / k - 1e-12)
    assert ("common here" in sentence) == (share > 1 / k + 1e-12)
    assert ("balanced here" in sentence) == math.isclose(share, 1 / k)
    assert lesson.class_share_role(share, k) in ("rare", "balanced", "common")
    if "rare here" in sentence:
        assert weight > 1 and f"{weight:.3f}" in sentence and "above 1" in sentence
    if "common here" in sentence:
        assert weight < 1 and f"{weight:.3f}" in sentence and "below 1" in sentence
    assert not re.search(r"\d+ [−-] \d+", sentence)


def test_balanced_presets_are_not_rare():
    assert "balanced" in lesson.class_weight_sentence(0.5, 2)
    assert "balanced" in lesson.class_weight_sentence(0.1, 10)
    assert "rare" not in lesson.class_weight_sentence(0.1, 10)


@pytest.mark.parametrize(
    ("k", "expected"),
    [(2, "the other class"), (3, "each of the other 2 classes"), (10, "each of the other 9 classes")],
)
def test_the_other_classes_are_counted_not_written_as_a_sum(k, expected):
    assert lesson.other_classes(k) == expected


@pytest.mark.parametrize("k", [2, 5, 10])
@pytest.mark.parametrize("eps", [0.0, 0.01, 0.1, 0.5])
@pytest.mark.parametrize(("base", "unit"), [(math.e, "nats"), (2.0, "bits")])
def test_smoothing_sentences_hold_with_and_without_smoothing(k, eps, base, unit):
    goal, optimum, gap = (
        lesson.smoothing_goal(k, eps, base=base, unit=unit),
        lesson.smoothing_optimum(k, eps, base=base, unit=unit),
        lesson.smoothing_logit_gap(k, eps),
    )
    target = [1 - eps + eps / k] + [eps / k] * (k - 1)
    if eps == 0:
        assert "ε = 0" in goal and "ε = 0" in optimum and "without bound" in gap
        assert "no longer" not in goal + optimum and "overconfident" not in goal
    else:
        best = -sum(t * math.log(t) for t in target) / math.log(base)
        assert f"{target[0]:.3f}" in goal and f"{best:.3f} {unit}" in goal
        assert "no longer optimal" in optimum and f"{best:.3f} {unit}" in optimum
        assert f"{math.log(target[0] / target[1]):.3f}" in gap, "the optimal logit gap, log(cap / (ε/K))"


@pytest.mark.parametrize(("gamma", "eps"), [(0.0, 0.0), (2.0, 0.1), (5.0, 0.5)])
@pytest.mark.parametrize("q", [0.0, 0.3, 1.0])
def test_variants_alt_names_the_four_losses_at_the_learners_q(q, gamma, eps):
    alt = lesson_figures.variants_alt(
        q, n_classes=3, gamma=gamma, class_weight=2.0, label_smoothing=eps, base=2.0, unit="bits"
    )
    assert (
        f"q(true class) = {q:.2f}" in alt and "bits" in alt and "nan" not in alt.lower().replace("nans", "")
    )
    assert "q_y" not in alt, "a screen reader reads the card's q_y as q(true class), not as ASCII"
    assert ("same curve" in alt) == (gamma == 0)
    assert ("plain curve again" in alt) == (eps == 0)
    assert ("has its own minimum" in alt) == (eps > 0) and "is lowest" not in alt
    plain = math.inf if q == 0 else -math.log2(q) + 0.0
    assert f"plain {'∞' if math.isinf(plain) else f'{plain:.3f}'} bits" in alt
