"""The multi-class lesson: softmax makes scores a distribution; cross-entropy compares it with the target."""

import math

import numpy as np
import pandas as pd

from core import charts, palette
from core.gradients import cross_entropy_grad, mse_grad
from core.losses import cross_entropy, cross_entropy_terms, mse, safe_log, smooth_labels
from core.text import escape_html

MIN_CLASSES, MAX_CLASSES = 2, 10
LOGIT_RANGE = (-10.0, 10.0)
DEFAULT_CLASSES = ("dog", "cat", "rabbit")


def parse_class_names(text):
    """Class names from comma-separated text: 2 to 10 names, none empty, none repeated."""
    names = [name.strip() for name in str(text).split(",")]
    if not MIN_CLASSES <= len(names) <= MAX_CLASSES:
        raise ValueError(
            f"classes: give {MIN_CLASSES} to {MAX_CLASSES} names, separated by commas; got {len(names)}"
        )
    empty = [index + 1 for index, name in enumerate(names) if not name]
    if empty:
        raise ValueError(f"classes: name number {empty[0]} is empty")
    seen = set()
    for name in names:
        if name.casefold() in seen:
            raise ValueError(f"classes: the name “{name}” appears twice; each class needs its own name")
        seen.add(name.casefold())
    return names


def renormalise(weights):
    """q = w / sum(w): raw weights made into a distribution; also says whether that changed them."""
    w = np.asarray(weights, dtype=float)
    if not np.isfinite(w).all() or (w < 0).any():
        raise ValueError("weights: each weight must be a finite number >= 0")
    total = w.sum()
    if total <= 0:
        raise ValueError("weights: every weight is 0, so there is no distribution to normalise")
    return w / total, not math.isclose(total, 1.0, abs_tol=1e-9)


def logits_for(q, temperature=1.0):
    """z = T log q, shifted so the largest is 0 and clipped to the slider range: softmax(z / T) ≈ q."""
    z = temperature * safe_log(np.asarray(q, dtype=float))
    return np.clip(z - z.max(), *LOGIT_RANGE)


def multiclass_point(target, q, *, label_smoothing=0.0, base=math.e):
    """Every number the page shows for one prediction q against one target distribution."""
    target = np.asarray(target, dtype=float)
    logits = safe_log(q)  # any logits with softmax(z) = q give the same gradients
    smoothed = smooth_labels(target, label_smoothing)
    return {
        "cross_entropy": cross_entropy(target, q, label_smoothing=label_smoothing, base=base),
        "mse": mse(smoothed, q),
        "uniform": cross_entropy(0, np.full(len(q), 1 / len(q)), base=base),
        "terms": cross_entropy_terms(target, q, label_smoothing=label_smoothing, base=base),
        "target": smoothed,
        "cross_entropy_grad": cross_entropy_grad(smoothed, logits),
        "mse_grad": mse_grad(smoothed, logits),
        "predicted_class": int(np.argmax(q)),
    }


def _labels(names):
    """Class names made safe for Plotly, which renders some HTML."""
    return [escape_html(name, max_length=20) for name in names]


def distribution_figure(names, q, target, true_index=None, *, presenter=False):
    """Predicted q beside target p, one pair of bars per class, the true class outlined."""
    labels = _labels(names)
    outline = [palette.TRUE_CLASS if index == true_index else "rgba(0,0,0,0)" for index in range(len(names))]
    edge = {"color": outline, "width": 5 if presenter else 3}
    prediction = charts.bar(labels, np.asarray(q), name="Prediction q", color=palette.PREDICTION)
    truth = charts.bar(labels, np.asarray(target), name="Target p", color=palette.TARGET)
    for trace in (prediction, truth):
        trace["marker"]["line"] = edge
    title = "What the model believes (q) against the truth (p)"
    if true_index is not None:
        title += "<br><sup>green outline: the true class</sup>"
    return charts.figure(
        [prediction, truth],
        title=title,
        x_title="class",
        y_title="probability",
        presenter=presenter,
        layout={"barmode": "group", "yaxis": {"range": [0, 1.05]}},
    )


def contributions_figure(names, terms, true_index=None, *, unit, presenter=False):
    """Each class's term -p(i) log q(i), stacked into the total loss."""
    traces = []
    finite_terms = np.where(np.isfinite(terms), terms, np.nan)
    for index, (label, term) in enumerate(zip(_labels(names), finite_terms, strict=True)):
        color = palette.TRUE_CLASS if index == true_index else palette.CROSS_ENTROPY
        traces.append(
            {
                "type": "bar",
                "y": ["loss"],
                "x": [term],
                "name": label,
                "orientation": "h",
                "marker": {"color": color, "line": {"color": "white", "width": 2}},
                "text": [f"{label}: {term:.3f}" if term > 0 else ""],
                "textposition": "inside",
                "hovertemplate": f"{label}: %{{x:.3f}} {unit}<extra></extra>",
            }
        )
    total = float(np.sum(terms))
    total_text = "∞" if math.isinf(total) else f"{total:.3f}"
    return charts.figure(
        traces,
        title=f"Where the loss comes from: −p(i) log q(i) per class<br><sup>total {total_text} {unit}</sup>",
        x_title=f"contribution to the loss ({unit})",
        y_title="",
        presenter=presenter,
        height=240,
        layout={
            "barmode": "stack",
            "showlegend": False,
            "hovermode": "closest",
            "uirevision": "contributions",
        },
    )


def gradient_figure(names, point, *, presenter=False):
    """The push on each logit: q - p for cross-entropy, and MSE's push through softmax."""
    labels = _labels(names)
    return charts.figure(
        [
            charts.bar(
                labels, point["cross_entropy_grad"], name="Cross-entropy  q − p", color=palette.CROSS_ENTROPY
            ),
            charts.bar(labels, point["mse_grad"], name="MSE through softmax", color=palette.MSE),
        ],
        title="Gradient on each logit: negative means “raise this score”",
        x_title="class",
        y_title="dLoss/dz for each class's logit",
        presenter=presenter,
        layout={"barmode": "group", "shapes": [charts.hline(0)]},
    )


def multiclass_table(names, q, point):
    """The charts as a table: one row per class."""
    return pd.DataFrame(
        {
            "class": list(names),
            "prediction q": q,
            "target p": point["target"],
            "term −p·log q": point["terms"],
            "CE gradient": point["cross_entropy_grad"],
            "MSE gradient": point["mse_grad"],
        }
    )
