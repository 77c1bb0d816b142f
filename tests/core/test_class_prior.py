"""The class-prior baseline: the label frequencies and their entropy, against scipy.stats.entropy and against
scikit-learn's log_loss of a model that predicts those frequencies whatever its input.
"""

import math

import numpy as np
import pytest
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.metrics import log_loss

from core.information import class_prior, class_prior_entropy

labels = st.integers(1, 8).flatmap(
    lambda k: arrays(np.int64, st.integers(1, 60), elements=st.integers(0, k - 1))
)


@given(y=labels, base=st.sampled_from([math.e, 2, 10]))
def test_the_baseline_is_scipys_entropy_of_the_label_counts(y, base):
    counts = np.bincount(y)
    np.testing.assert_allclose(class_prior(y), counts / len(y), rtol=1e-15)
    expected = scipy.stats.entropy(counts, base=base)  # scipy divides the counts by their sum itself
    assert class_prior_entropy(y, base=base) == pytest.approx(expected, rel=1e-12, abs=1e-15)


@given(y=labels)
def test_it_is_the_log_loss_of_a_model_that_always_predicts_the_frequencies(y):
    n_classes = max(int(y.max()) + 1, 2)  # log_loss needs two labels at least
    frequencies = np.bincount(y, minlength=n_classes) / len(y)
    constant = np.tile(frequencies, (len(y), 1))
    expected = log_loss(y, constant, labels=range(n_classes))
    assert class_prior_entropy(y) == pytest.approx(expected, rel=1e-9, abs=1e-12)


@given(y=labels, data=st.data())
def test_no_other_constant_prediction_does_better(y, data):
    n_classes = max(int(y.max()) + 1, 2)  # log_loss needs two labels at least
    weights = data.draw(arrays(float, n_classes, elements=st.floats(0.01, 1.0)))
    other = np.tile(weights / weights.sum(), (len(y), 1))
    assert log_loss(y, other, labels=range(n_classes)) >= class_prior_entropy(y) - 1e-12


def test_unseen_classes_get_zero_and_leave_the_entropy_alone():
    np.testing.assert_array_equal(class_prior([2, 2, 0], n_classes=4), [1 / 3, 0.0, 2 / 3, 0.0])
    assert class_prior_entropy([1, 1, 1]) == 0.0
    assert class_prior_entropy([0, 1, 2, 3], base=2) == pytest.approx(2.0, rel=1e-15)
    assert type(class_prior_entropy([0, 1])) is float


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: class_prior([0, 1.5]), "y"),
        (lambda: class_prior([0, -1]), "y"),
        (lambda: class_prior([[0, 1]]), "y"),
        (lambda: class_prior([]), "y"),
        (lambda: class_prior([0, 3], n_classes=3), "y"),
        (lambda: class_prior([0, 1], n_classes=0), "n_classes"),
        (lambda: class_prior_entropy([0, 1], base=1), "base"),
    ],
)
def test_bad_arguments_name_themselves(call, name):
    with pytest.raises(ValueError, match=f"^{name}"):
        call()
