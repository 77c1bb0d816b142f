"""Real scikit-learn exports read by the Your data page: files made here with scikit-learn's own models, as a
student would export them, and the page's numbers checked against sklearn.metrics.log_loss."""

import math

import numpy as np
import pandas as pd
import pytest
from helpers import metrics
from sklearn.datasets import load_digits, load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.naive_bayes import GaussianNB

from content.datasets import parse_predictions
from lessons.data_losses import SKLEARN_CLIP, dataset_summary, per_sample_losses


def export(model, features, labels, decimals=None):
    """A multi-class CSV as a student writes it: label, then predict_proba's columns (rounded if asked)."""
    q = model.predict_proba(features)
    if decimals is not None:
        q = q.round(decimals)
    names = [f"class_{name}" for name in model.classes_]
    table = pd.DataFrame(q, columns=names).assign(label=[f"class_{label}" for label in labels])
    return table[["label", *names]].to_csv(index=False), q


@pytest.fixture(scope="module")
def iris_rounded():
    """Logistic regression on iris, predict_proba rounded to 3 decimals: rows sum to 0.999, 1 or 1.001."""
    features, labels = load_iris(return_X_y=True)
    model = LogisticRegression(max_iter=1_000).fit(features, labels)
    text, q = export(model, features, labels, decimals=3)
    return text, q, labels


def test_an_iris_export_rounded_to_3_decimals_is_read_and_rescaled(iris_rounded):
    text, q, labels = iris_rounded
    sums = q.sum(axis=1)
    assert np.isclose(sums, 0.999).any() and np.isclose(sums, 1.001).any(), "the file has both kinds of row"
    parsed = parse_predictions(text, mode="multiclass")
    assert len(parsed.table) == 150
    assert any("rescaled to sum to 1" in notice for notice in parsed.notices)
    rescaled = q / sums[:, None]
    expected = log_loss(labels, rescaled, labels=[0, 1, 2])
    assert dataset_summary(per_sample_losses(parsed))["mean_loss"] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("row", "accepted"),
    [
        ("0.333,0.333,0.333", True),
        ("0.334,0.334,0.333", True),
        ("0.333,0.333,0.3325", False),
        ("0.334,0.334,0.3335", False),
    ],
)
def test_the_rescaling_tolerance_is_0_001_either_side(row, accepted):
    text = f"label,a,b,c\na,{row}\n"
    if accepted:
        assert parse_predictions(text, mode="multiclass").notices
    else:
        with pytest.raises(ValueError, match="add up to"):
            parse_predictions(text, mode="multiclass")


@pytest.fixture(scope="module")
def digits_naive_bayes():
    """GaussianNB on half of digits, scored on the other half: some true classes get probability exactly 0."""
    features, labels = load_digits(return_X_y=True)
    model = GaussianNB().fit(features[::2], labels[::2])
    text, q = export(model, features[1::2], labels[1::2])
    return text, q, labels[1::2]


@pytest.mark.parametrize(("base", "scale"), [(math.e, 1.0), (2.0, math.log(2))])
def test_clipping_matches_sklearn_log_loss_on_a_gaussian_nb_export(digits_naive_bayes, base, scale):
    text, q, labels = digits_naive_bayes
    assert (q[np.arange(len(q)), labels] == 0).any(), "the file has a true class given probability 0"
    parsed = parse_predictions(text, mode="multiclass")
    assert math.isinf(dataset_summary(per_sample_losses(parsed, base=base))["mean_loss"])
    clipped = per_sample_losses(parsed, base=base, clip=SKLEARN_CLIP)
    expected = log_loss(labels, q, labels=range(10)) / scale
    assert dataset_summary(clipped)["mean_loss"] == pytest.approx(expected, rel=1e-12)
    assert np.finfo(np.float64).eps == SKLEARN_CLIP


def test_the_page_says_why_sklearn_differs_and_matches_it_when_asked(digits_naive_bayes, open_page):
    text, q, labels = digits_naive_bayes
    app = open_page("pages/data.py", kind="multiclass")
    app.file_uploader(key="data_file").set_value(("naive_bayes.csv", text.encode(), "text/csv")).run()
    assert not app.exception and not app.error
    assert metrics(app)["Dataset loss (mean)"] == "∞ nats"
    below = int(
        (q[np.arange(len(q)), labels] < np.finfo(float).eps).sum()
    )  # 0, or less than scikit-learn's c
    captions = " ".join(caption.value for caption in app.caption)
    assert f"In {below} samples the true class got a probability below c" in captions
    assert f"{-math.log(np.finfo(float).eps):.3f} nats" in captions and "Switch clipping on" in captions
    app.toggle(key="clip").set_value(True).run()
    assert metrics(app)["Dataset loss (mean)"] == f"{log_loss(labels, q, labels=range(10)):.3f} nats"
    assert "now matches scikit-learn's log_loss" in " ".join(caption.value for caption in app.caption)
