"""The multi-class page's three figures: the prediction beside the target, where the loss comes from, and the
push on each logit, each with its table and alt sentence (the numbers and sentences are in
lessons/multiclass.py)."""

import numpy as np
import pandas as pd

from content.text import escape_html, format_loss, format_number, format_positive
from lessons import _charts as charts
from lessons import palette
from lessons.multiclass import class_list, fixed, push_text, term_text


def _labels(names):
    """Class names made safe for Plotly, which renders some HTML."""
    return [escape_html(name, max_length=20) for name in names]


@charts.remembered
def distribution_figure(names, q, target, true_index=None, *, symbol="p", presenter=False):
    """Predicted q beside target p (p̃ once smoothed: `symbol`), one pair of bars per class, the true class
    outlined."""
    labels = _labels(names)
    outline = [palette.TRUE_CLASS if index == true_index else "rgba(0,0,0,0)" for index in range(len(names))]
    edge = {"color": outline, "width": 5 if presenter else 3}
    prediction = charts.bar(labels, np.asarray(q), name="Prediction q", color=palette.PREDICTION)
    truth = charts.bar(labels, np.asarray(target), name=f"Target {symbol}", color=palette.TARGET)
    for trace in (prediction, truth):
        trace["marker"]["line"] = edge
    if presenter:  # the probabilities the class reads off the bars, printed on them
        prediction |= {"texttemplate": "%{y:.2f}", "textposition": "outside", "textfont": {"size": 24}}
    target = "the truth" if symbol == "p" else "the smoothed target"  # p̃ is a target, not the truth
    title = f"What the model believes (q) against {target} ({symbol})"
    if true_index is not None:
        title += "<br><sup>green outline: the true class</sup>"
    return charts.figure(
        [prediction, truth],
        title=title,
        x_title="class",
        y_title="probability",
        presenter=presenter,
        layout=charts.probability_bars(),
    )


@charts.remembered
def contributions_figure(names, terms, true_index=None, *, unit, symbol="p", presenter=False):
    """Each class's term -p(i) log q(i) (p̃ once smoothed: `symbol`), stacked into the total loss."""
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
                "text": [f"{label}: {format_positive(term)}" if term > 0 else ""],
                "textposition": "inside",
                "hovertemplate": f"{label}: %{{x:.3f}} {unit}<extra></extra>",
            }
        )
    total = float(np.sum(terms))
    total_text = format_positive(total)  # ∞ for an infinite loss, never 0.000 for a positive one
    return charts.figure(
        traces,
        title=f"Where the loss comes from: −{symbol}(i) log q(i) per class"
        f"<br><sup>total {total_text} {unit}</sup>",
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


CE_GRADIENT = "cross-entropy ∂ℓ/∂z (ℓ in nats)"  # the loss in bits has this gradient divided by ln 2
MSE_GRADIENT = "MSE ∂MSE/∂z (no unit)"  # MSE has no unit, so its gradient is the same in nats and bits


@charts.remembered
def gradient_figure(names, point, *, unit="nats", presenter=False):
    """The push (the gradient) on each logit: (q - p) / T for cross-entropy, MSE's push through softmax."""
    labels = _labels(names)
    temperature = format_number(point["temperature"], 1)
    in_nats = "" if unit == "nats" else ", the gradient of the loss in nats"
    legend_unit = "" if unit == "nats" else ", loss in nats"
    return charts.figure(
        [
            charts.bar(
                labels,
                point["cross_entropy_grad"],
                # in bits the legend, readable on a phone, says it too, not only the small subtitle
                name=f"Cross-entropy (q − {point['target_symbol']}) / T{legend_unit}",
                color=palette.CROSS_ENTROPY,
            ),
            charts.bar(labels, point["mse_grad"], name=MSE_GRADIENT, color=palette.MSE),
        ],
        title="Gradient on each logit: below 0 means “raise it”"
        f"<br><sup>cross-entropy ∂ℓ/∂z{in_nats}, and MSE's, at T = {temperature}</sup>",
        x_title="class",
        y_title="gradient on the logit z",
        presenter=presenter,
        layout={"barmode": "group", "shapes": [charts.hline(0)]},
    )


def distribution_alt(names, q, target, symbol="p"):
    """The distribution chart in one sentence, with the current numbers."""
    pairs = ", ".join(
        f"{name[:24]} q {fixed(qi, 2)} against {symbol} {fixed(pi, 2)}"
        for name, qi, pi in zip(names, q, target, strict=True)
    )
    return f"Grouped bars of the prediction q beside the target {symbol} for each class: {pairs}."


def contributions_alt(names, point, unit):
    """The contributions chart in one sentence: each class's term and the total."""
    terms = class_list([name[:24] for name in names], point["terms"], markdown=False, number=term_text)
    total = format_loss(point["cross_entropy"], unit)
    symbol = point["target_symbol"]
    return f"One stacked bar of the terms −{symbol}(i) log q(i), one per class: {terms}; together {total}."


def gradient_alt(names, point, unit):
    """The gradient chart in one sentence: both losses' gradient on each logit."""
    short = [name[:24] for name in names]
    ce = class_list(short, point["cross_entropy_grad"], markdown=False, number=push_text)
    mse_part = class_list(short, point["mse_grad"], markdown=False, number=push_text)
    in_nats = "" if unit == "nats" else ", the gradient of the loss in nats"
    return (
        f"Grouped bars of the gradient on each class's logit at T = "
        f"{format_number(point['temperature'], 1)};"
        f" negative means raise that score. Cross-entropy, (q − {point['target_symbol']})/T{in_nats}: {ce}."
        f" MSE, ∂MSE/∂z (no unit): {mse_part}."
    )


def distribution_table(names, q, point):
    """The distribution chart as a table: one row per class."""
    return pd.DataFrame(
        {"class": list(names), "prediction q": q, f"target {point['target_symbol']}": point["target"]}
    )


def contributions_table(names, q, point, unit):
    """The contributions chart as a table: each class's term of the loss."""
    return pd.DataFrame(
        {
            "class": list(names),
            f"target {point['target_symbol']}": point["target"],
            "prediction q": q,
            f"−{point['target_symbol']}·log q ({unit})": [format_positive(term) for term in point["terms"]],
        }
    )


def gradient_table(names, point, unit):
    """The gradient chart as a table: each logit's gradient under both losses."""
    return pd.DataFrame(
        {"class": list(names), CE_GRADIENT: point["cross_entropy_grad"], MSE_GRADIENT: point["mse_grad"]}
    )
