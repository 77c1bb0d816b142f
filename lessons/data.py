"""Charts and sentences for a whole data set: where the loss comes from, clipping as scikit-learn does, the
lesson's numbers (whether the confidence can be trusted, the reliability diagram, is in
lessons/data_calibration.py)."""

import math

import numpy as np
import pandas as pd

from content.text import escape_markdown, format_loss, format_number, format_probability
from core import perplexity
from core.losses import top_share_count
from core.numerics import clipped_cross_entropy
from lessons import _charts as charts
from lessons import palette
from lessons.data_losses import SKLEARN_CLIP, sample_name
from lessons.home import uniform_guess_loss
from lessons.multiclass import fixed

MEAN_SYMBOL = {"nats": "L", "bits": r"L_{\text{bits}}"}  # the card: L is the mean loss in nats
LOGS = {"nats": "log", "bits": "log2"}  # the loop's log function in each unit: natural log for nats


def loop_code(unit, *, binary=False):
    """The dataset loss as a Python loop, with the log of the page's unit (log2 in bits); in binary mode q[n]
    is the table's one number, Pr(y = 1), so the true class's probability is q[n] or 1 - q[n]."""
    if binary:
        return f"""total = 0.0
for n in range(N):
    # q[n] is the probability that y[n] == 1; the true class gets q[n] if y[n] == 1, else 1 - q[n]
    total += {LOGS[unit]}(q[n] if y[n] == 1 else 1 - q[n])  # in {unit}
loss = -total / N  # minus the average"""
    return f"""total = 0.0
for n in range(N):
    # q[n] is the row's probabilities; q[n][y[n]] is the true class's
    total += {LOGS[unit]}(q[n][y[n]])  # in {unit}
loss = -total / N  # minus the average"""


def loss_histogram_figure(losses, presenter=False, *, unit="nats"):
    """How many samples cost how much: a histogram of loss_n, with the dataset loss (the mean) marked.

    Parameters
    ----------
    losses : pandas.DataFrame
        The output of :func:`lessons.data_losses.per_sample_losses`.
    presenter : bool
        Larger fonts and lines for a projector.
    unit : str
        The unit of the losses, for the axis title ('nats' or 'bits').

    Returns
    -------
    plotly.graph_objects.Figure

    Notes
    -----
    An infinite loss (probability 0 on the true class) has no place on the axis: the title counts
    those samples instead.

    Examples
    --------
    >>> from content.datasets import load_example
    >>> from lessons.data_losses import per_sample_losses
    >>> fig = loss_histogram_figure(per_sample_losses(load_example("spam_filter")))
    >>> fig.data[0].marker.color == palette.CROSS_ENTROPY
    True
    >>> fig.layout.title.text
    'Mean loss 0.378 nats;<br>the costliest sample alone is 52 % of<br>the total'
    """
    loss = losses["loss"].to_numpy()
    histogram = {
        "type": "histogram",
        "x": loss[np.isfinite(loss)],
        "nbinsx": 40,
        "name": "samples",
        "marker": {"color": palette.CROSS_ENTROPY, "line": {"color": "white", "width": 1}},
        "hovertemplate": f"loss %{{x}} {unit}: %{{y}} samples<extra></extra>",
    }
    mean = float(loss.mean())
    marks = _mean_line(mean, presenter, unit) if np.isfinite(mean) else {}
    return charts.figure(
        [histogram],
        title=_histogram_title(loss, unit),
        x_title=f"loss of one sample ({unit})",
        y_title="number of samples",
        presenter=presenter,
        layout=marks,
    )


def _mean_line(mean, presenter, unit):
    """Layout entries for a dashed vertical line at the mean loss, labelled with its value."""
    line = {"color": palette.MARKER, "width": charts.line_width(presenter), "dash": "dash"}
    return {
        "shapes": [{"type": "line", "yref": "paper", "y0": 0, "y1": 1, "x0": mean, "x1": mean, "line": line}],
        "annotations": [
            {
                "x": mean,
                "y": 1,
                "yref": "paper",
                "text": f"mean = {format_loss(mean, unit)}",
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "top",  # inside the plot: above it, the label would run into a two-line title
                "bgcolor": charts.LABEL_BOX,
                "font": {"color": palette.MARKER},
            }
        ],
    }


def _histogram_title(loss, unit):
    """A title that states the point: the mean, and how much the worst sample weighs in it."""
    infinite = int(np.isinf(loss).sum())
    if infinite:
        return (
            f"{infinite} sample{'s' if infinite > 1 else ''} with probability 0 on the true class:<br>"
            f"{'its loss is' if infinite == 1 else 'their losses are'} infinite, and so is the mean"
        )
    if loss.sum() == 0:
        return f"Every sample is predicted perfectly:<br>the loss is 0 {unit}"
    return (
        f"Mean loss {loss.mean():.3f} {unit};<br>the costliest sample alone is "
        f"{100 * loss.max() / loss.sum():.0f} % of the total"
    )


def _capitalised(text):
    """The sentence-start form of a sample's name: 'Row 3', 'The sample with id 7'."""
    return text[:1].upper() + text[1:]


def costliest_sentence(losses, top, *, unit, name):
    """Which sample costs the most and why, in words, for the state the data is in.

    `top` is :func:`lessons.data_losses.top_contributors` and `name` the costliest sample's name as the table
    shows it (:func:`lessons.data_losses.sample_name`, escaped by the caller where Markdown renders it).

    Examples
    --------
    >>> from content.datasets import load_example
    >>> from lessons.data_losses import per_sample_losses, sample_name, top_contributors
    >>> losses = per_sample_losses(load_example("spam_filter"))
    >>> top = top_contributors(losses)
    >>> costliest_sentence(losses, top, unit="nats", name=sample_name(losses, top.index[0]))[:40]
    'The sample with id 7 alone costs **3.912'
    """
    loss = losses["loss"].to_numpy()
    infinite = int(np.isinf(loss).sum())
    q_true = format_probability(top["q_true"].iloc[0])
    if infinite == 1:
        return (
            f"{_capitalised(name)} alone makes the sum and the mean infinite: the model gave the true answer "
            "probability 0, and −log 0 is ∞."
        )
    if infinite > 1:
        return (
            f"In {infinite} samples, {name} among them, the model gave the true answer probability 0: each "
            f"costs ∞ {unit}, so the sum and the mean are infinite."
        )
    if loss.sum() == 0:
        return "The model gives each true answer probability 1, so no row costs anything: the sum is 0."
    worst = float(top["loss"].iloc[0])
    tied = int(np.isclose(loss, worst, rtol=1e-12, atol=0).sum())
    if tied > 1:  # e.g. a clip's cap: one of many equal worst rows does not stand out
        together = f"{format_number(100 * tied * worst / loss.sum(), 0)} %"
        first = (
            f"{tied} samples, {name} among them, each cost **{format_loss(worst, unit)}**, the most of any, "
            f"together {together} of the sum: the model gave each true answer probability {q_true}."
        )
    else:
        share = f"{format_number(100 * top['share'].iloc[0], 0)} %"
        first = (
            f"{_capitalised(name)} alone costs **{format_loss(worst, unit)}**, which is {share} of the sum, "
            f"because the model gave the true answer probability {q_true}."
        )
    return f"{first}{_spread(loss)}"


def _spread(loss):
    """' It takes the costliest k of the N samples to reach half the sum: …', from 10 samples on (k the
    fewest that do); a few rows do most of the damage when k is at most a fifth of N, else it is spread."""
    if len(loss) < 10:
        return ""
    k = top_share_count(loss, 0.5)
    if k == 1:
        return " That one sample is half the sum or more: here one row does most of the damage."
    few = k <= round(len(loss) / 5)
    verdict = "a few rows do most of the damage" if few else "the loss is spread over many rows"
    return (
        f" It takes the costliest {k:,} of the {len(loss):,} samples to reach half the sum: here {verdict}."
    )


def power_of_ten(value):
    """A small number as a mantissa times a power of ten with a superscript exponent: '2.2 × 10⁻¹⁶'."""
    mantissa, exponent = f"{float(value):.1e}".split("e")
    superscript = str(int(exponent)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{mantissa} × 10{superscript}"


CLIP_LABEL = (
    f"Clip as scikit-learn's log_loss does: q kept inside [c, 1 − c], c = {power_of_ten(SKLEARN_CLIP)}"
)
CLIP_HELP = (
    "scikit-learn's log_loss (version 1.2 and later) clips every probability into [c, 1 − c] before taking "
    "the log, with c the machine epsilon of the probabilities' float type: "
    f"{power_of_ten(SKLEARN_CLIP)} for float64, the type a CSV is read as. (Earlier versions used "
    "c = 10⁻¹⁵.) The switch does the same here, so that the two numbers agree."
)


def _in_nats(unit):
    """What a sentence comparing this page's mean with scikit-learn's log_loss adds in bits: the library
    reports nats only."""
    return (
        ""
        if unit == "nats"
        else " (in nats, as log_loss always reports: divided by ln 2 it gives the bits here)"
    )


def clipping_sentence(losses, *, clipped, from_logits, unit, base):
    """What the clipping switch does to this data set: why scikit-learn's log_loss differs, or what changed.

    `losses` is :func:`lessons.data_losses.per_sample_losses` (clipped or not, as `clipped` says).
    """
    below = int((losses["q_true"] < SKLEARN_CLIP).sum())
    if from_logits:
        return _logits_clipping_sentence(losses, below, unit=unit, base=base)
    cap = format_loss(-math.log(SKLEARN_CLIP) / math.log(base), unit)
    samples = counted(below, "sample")
    if not clipped:
        if not below:
            return (
                "No true class got a probability below c, so clipping would change no loss by more than "
                "10⁻¹⁵: given the same probabilities, scikit-learn's log_loss gives this mean"
                f"{_in_nats(unit)}."
            )
        return (
            f"In {samples} the true class got a probability below c (0, or nearly), so the mean here is "
            f"larger than scikit-learn's log_loss{_in_nats(unit)}, which first clips each probability up to "
            "c: "
            f"{'that sample' if below == 1 else 'each such sample'} then costs −log c = {cap} instead. "
            "Switch clipping on to match the library."
        )
    if not below:
        return "No true class got a probability below c, so clipping changed no loss visibly."
    return (
        f"In {samples} the true class got a probability below c, raised to c here, so "
        f"{'its' if below == 1 else 'each'} loss is capped at −log c = {cap}, where the formula "
        "without clipping gives more (∞ for a probability of exactly 0). The mean now matches scikit-learn's "
        f"log_loss on the same probabilities{_in_nats(unit)}, but that cap is a convention of the library, "
        "not the model's true cost."
    )


def _logits_clipping_sentence(losses, below, *, unit, base):
    """Why the switch changes nothing for logits, and what scikit-learn's log_loss gives on them."""
    start = (
        "The page does not clip logits: each loss comes straight from them (a log-sigmoid or log-softmax), "
        "which is never infinite, so the switch changes nothing for this file."
    )
    if not below:
        return (
            f"{start} Turned into probabilities, no true class gets less than c, so scikit-learn's "
            f"log_loss on those probabilities gives this mean too{_in_nats(unit)}."
        )
    clipped_mean = float(np.mean(clipped_cross_entropy(losses["q_true"], SKLEARN_CLIP)))  # nats, as log_loss
    in_unit = "" if unit == "nats" else f" ({format_loss(clipped_mean / math.log(base), unit)})"
    return (
        f"{start} But scikit-learn's log_loss takes probabilities: turned into probabilities, "
        f"{counted(below, 'sample')} {'gives' if below == 1 else 'give'} the true class less than c, "
        f"which log_loss raises to c, so on those probabilities it reports "
        f"{format_loss(clipped_mean, 'nats')}{in_unit} instead of this mean."
    )


def histogram_table(losses, *, unit):
    """The histogram as a table, costliest first: each sample's row label (and id, if any) and its loss."""
    ordered = losses.sort_values("loss", ascending=False, kind="stable")
    named = {"row": ordered.index.to_numpy()}
    if "id" in ordered.columns:
        named["id"] = ordered["id"].to_numpy()
    return pd.DataFrame(
        named
        | {
            "probability of the true class": ordered["q_true"].to_numpy(),
            f"loss ({unit})": ordered["loss"].to_numpy(),
        }
    )


def histogram_alt(losses, *, unit, name):
    """What the loss histogram shows, with the mean and the costliest sample (named as in the table)."""
    loss = losses["loss"].to_numpy()
    n, infinite = len(loss), int(np.isinf(loss).sum())
    start = f"A histogram of the losses of the {n:,} samples, one bar per range of loss in {unit}"
    if infinite:
        return (
            f"{start}. For {infinite} of them the true class got probability 0: their loss is infinite and "
            f"not drawn, and the mean is infinite too. {_capitalised(name)} is one of them."
        )
    if loss.sum() == 0:
        return f"{start}. Every sample costs 0 {unit}, so the mean is 0."
    below = int((loss < loss.mean()).sum())
    return (
        f"{start}. The mean, the dataset loss, is {format_loss(loss.mean(), unit)}; {below:,} of the {n:,} "
        f"samples cost less than that. The costliest, {name}, costs {format_loss(loss.max(), unit)}, "
        f"{100 * loss.max() / loss.sum():.0f} % of the sum."
    )


def counted(number, noun):
    """'1 bin', '3 bins'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def top_wrong_sentence(top):
    """How many of the costliest samples (`top`, from top_contributors) are wrong answers, in one sentence.

    >>> import pandas as pd
    >>> top_wrong_sentence(pd.DataFrame({"correct": [False, True, True]}))
    'Here 1 of the 3 costliest samples is a wrong answer, and 2 are right answers.'
    """
    n, wrong = len(top), int((~top["correct"].astype(bool)).sum())
    if wrong == n:
        return (
            f"Here all {counted(n, 'costliest sample')} are wrong answers."
            if n > 1
            else ("Here the costliest sample is a wrong answer.")
        )
    if wrong == 0:
        if n == 1:
            return "Here the costliest sample is a right answer."
        return f"Here none of the {counted(n, 'costliest sample')} is a wrong answer."
    verb = "is a wrong answer" if wrong == 1 else "are wrong answers"
    right = "1 is a right answer" if n - wrong == 1 else f"{n - wrong} are right answers"
    return f"Here {wrong} of the {counted(n, 'costliest sample')} {verb}, and {right}."


def rows_caption(n_rows, *, shown, top):
    """The caption under the per-sample table: how many rows it shows, and what the cost rank marks."""
    more = (
        f"The first {shown:,} of {n_rows:,} rows; the download below has them all. " if n_rows > shown else ""
    )
    return (
        f"{more}The cost rank marks the {top} costliest "
        "(click a column's name to sort by it). q(true class) is the probability the model gave the sample's "
        "true class."
    )


def _latex_number(value):
    """A number for KaTeX: ∞ is \\infty there."""
    return format_number(value).replace("∞", r"\infty")


def loop_latex(loop, *, unit):
    """L = -total / N = ..., with the loop's own numbers (:func:`lessons.data_losses.running_computation`)."""
    return (
        rf"{MEAN_SYMBOL[unit]} = -\frac{{\text{{total of the log terms}}}}{{N}} = "
        rf"-\frac{{{_latex_number(loop.total)}}}{{{loop.n:,}}}"
        rf" = {_latex_number(loop.mean_loss)}\ \text{{{unit}}}"
    )


def lesson_values(parsed, losses, summary, top, loop, *, base, unit):
    """The {{placeholders}} of assets/lessons/data.md for this data set, in `unit` (log base `base`).

    `summary`, `top` and `loop` are lessons.data_losses's dataset_summary, top_contributors and
    running_computation of `losses`.
    """
    classes = len(parsed.class_names)
    return {
        "n": f"{summary['n']:,}",
        "mean": format_loss(summary["mean_loss"], unit),
        "sum": format_loss(summary["sum_loss"], unit),
        "accuracy": f"{format_number(100 * summary['accuracy'], 1)} %",
        "wrong": f"{summary['n'] - int(losses['correct'].sum()):,}",
        "first_p": format_probability(loop.steps["q_true"].iloc[0]),
        "first_term": f"{fixed(loop.steps['log_term'].iloc[0])} {unit}",  # a real minus sign, −0.044
        "total": f"{fixed(loop.total)} {unit}",
        "log": r"\ln" if unit == "nats" else r"\log_2",  # the card: log follows the units
        "L": MEAN_SYMBOL[unit],
        "costliest": costliest_sentence(
            losses, top, unit=unit, name=escape_markdown(sample_name(losses, top.index[0]))
        ),
        "top_wrong": top_wrong_sentence(top),
        "classes": classes,
        "uniform": format_loss(uniform_guess_loss(classes, base=base), unit),
        "perplexity": format_number(perplexity(summary["mean_loss"], base=base), 2),
        "perplexity_sentence": perplexity_sentence(summary["mean_loss"], classes, base=base),
        "reductions": reductions_sentence(summary, unit),
    }


def perplexity_sentence(mean_loss, n_classes, *, base):
    """What the perplexity, base ** mean_loss, says about the data set; an infinite one has no "that many".

    A perplexity above K is no "fair pick among that many classes" of the K there are: it is worse than a
    uniform guess, because the model is confidently wrong on some samples.
    """
    if math.isinf(mean_loss):
        return (
            "The base of the logarithm raised to the mean loss is the perplexity, and here it is infinite: "
            "no fair pick among any number of classes is as unsure as a model that ruled out what happened."
        )
    value = perplexity(mean_loss, base=base)
    shown = format_number(value, 2)
    power = f"${'e' if base == math.e else format_number(base, 0)}^{{{format_number(mean_loss)}}}$"
    start = f"The perplexity is the base of the logarithm raised to the mean loss: here {power} = {shown}."
    if value > n_classes:
        return (
            f"{start} That is more than the {n_classes} classes there are: the model does worse than a "
            f"uniform guess over the {n_classes} classes (whose perplexity is {n_classes}), because it is "
            "confidently wrong on some samples."
        )
    return f"{start} The model is as unsure, on average, as a fair pick among {shown} classes."


def reductions_sentence(summary, unit):
    """The mean and the sum, the two reductions frameworks offer; an infinite loss has no scale to compare."""
    if math.isinf(summary["mean_loss"]):
        return (
            "Frameworks offer both reductions, the **mean** and the **sum**; here both are infinite, because "
            "one sample's loss is."
        )
    mean, total = format_loss(summary["mean_loss"], unit), format_loss(summary["sum_loss"], unit)
    return (
        f"Frameworks offer both reductions: the **mean** ({mean}) does not change scale with $N$, so "
        f"learning rates and runs of different sizes stay comparable, while the **sum** ({total}) grows with "
        "the data set, and its gradient does too."
    )
