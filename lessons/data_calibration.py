"""The Your data page's reliability diagram: does 80 % sure mean 80 % right? The figure, its caption, alt
sentence and table (the calibration table itself is lessons/data_losses.py's calibration_table)."""

from lessons import _charts as charts
from lessons import palette
from lessons.data import counted


def reliability_figure(calibration, presenter=False):
    """Reliability diagram: accuracy per confidence bin against the diagonal accuracy = confidence.

    Parameters
    ----------
    calibration : pandas.DataFrame
        The output of :func:`lessons.data_losses.calibration_table`.
    presenter : bool
        Larger fonts and lines for a projector.

    Returns
    -------
    plotly.graph_objects.Figure

    Notes
    -----
    A bar below the diagonal is over-confidence: the model was right less often than it claimed.

    Examples
    --------
    >>> from content.datasets import load_example
    >>> from lessons.data_losses import calibration_table
    >>> fig = reliability_figure(calibration_table(load_example("pet_classifier")))
    >>> [trace.name for trace in fig.data]
    ['accuracy in the bin', 'perfect calibration']
    >>> fig.data[1].line.color == palette.NEUTRAL
    True
    """
    low, high = calibration["bin_low"].to_numpy(), calibration["bin_high"].to_numpy()
    bars = charts.bar(
        (low + high) / 2,
        calibration["accuracy"].to_numpy(),
        name="accuracy in the bin",
        color=palette.CROSS_ENTROPY,
        width=high - low,
        opacity=0.8,
        text=calibration["count"].to_numpy(),
        textposition="outside",
        customdata=calibration[["confidence", "count"]].to_numpy(),
        hovertemplate=(
            "mean confidence %{customdata[0]:.0%}, right %{y:.0%} of the time "
            "(%{customdata[1]} samples)<extra></extra>"
        ),
    )
    diagonal = charts.line(
        [0, 1], [0, 1], name="perfect calibration", color=palette.NEUTRAL, presenter=presenter, dash="dash"
    )
    percent = {"tickformat": ".0%", "tickvals": [0, 0.2, 0.4, 0.6, 0.8, 1]}
    return charts.figure(
        [bars, diagonal],
        title="Does 80 % sure mean 80 % right?<br>Bars below the diagonal are over-confident",
        x_title="confidence: probability of the predicted class",
        y_title="accuracy: fraction predicted correctly",
        presenter=presenter,
        # headroom above 100 % for the sample counts written over the bars
        layout={"xaxis": percent | {"range": [0, 1]}, "yaxis": percent | {"range": [0, 1.12]}},
    )


SMALL_BIN = 10  # samples; in a smaller bin each sample is worth more than 10 points of accuracy


def reliability_caption(calibration):
    """Under the reliability diagram: what the numbers on the bars are and, when some bins hold few samples,
    that their bars are rough."""
    counts = calibration["count"].to_numpy()
    caption = "The number over each bar is how many samples fall in that confidence bin."
    small = int((counts < SMALL_BIN).sum())
    if not small:
        return caption
    which = "Every bin holds" if small == len(counts) else f"{small} of the {len(counts)} bins hold"
    smallest = counted(int(counts.min()), "sample")
    return (
        f"{caption} {which} fewer than {SMALL_BIN} samples (the smallest: {smallest}). With so few, each "
        f"sample is worth more than {100 // SMALL_BIN} points of its bar's height, so even a well-calibrated "
        "model's bars can land far from the diagonal by chance: read them as a rough sign, not a measurement."
    )


def reliability_alt(calibration):
    """What the reliability diagram shows: how many bins are over- or under-confident, and the worst one."""
    over = int((calibration["gap"] < -1e-12).sum())
    under = int((calibration["gap"] > 1e-12).sum())
    start = (
        f"A reliability diagram: for each of {counted(len(calibration), 'confidence bin')} holding samples, "
        "the fraction predicted correctly against the diagonal where accuracy equals confidence."
    )
    if over == under == 0:
        return f"{start} Every bin lies on the diagonal: accuracy equals confidence."
    points = (100 * calibration["gap"].abs()).round()  # whole points, as the sentence shows them
    worst = [_bin_words(row) for _, row in calibration[points == points.max()].iterrows()]
    largest = (
        f"The largest gap, {points.max():.0f} points, is in the {worst[0]}"
        if len(worst) == 1
        else f"The largest gaps, {points.max():.0f} points each, are in the {_listed(worst)}"
    )
    return (
        f"{start} {counted(over, 'bin')} below it (over-confident), {counted(under, 'bin')} above it "
        f"(under-confident). {largest}."
    )


def _listed(items):
    """'A and the B', or 'A; the B; and the C' (each item holds commas of its own)."""
    if len(items) == 2:
        return " and the ".join(items)
    return "; the ".join(items[:-1]) + "; and the " + items[-1]


def _bin_words(row):
    """'40 % to 50 % bin (mean confidence 45 %, right 0 % of the time, 1 sample)'."""
    return (
        f"{100 * row['bin_low']:.0f} % to {100 * row['bin_high']:.0f} % bin (mean confidence "
        f"{100 * row['confidence']:.0f} %, right {100 * row['accuracy']:.0f} % of the time, "
        f"{counted(int(row['count']), 'sample')})"
    )


# The calibration table's columns as a reader sees them beside the reliability diagram.
CALIBRATION_HEADERS = {
    "bin_low": "confidence from",
    "bin_high": "confidence to",
    "count": "samples",
    "confidence": "mean confidence",
    "accuracy": "accuracy (share right)",
    "gap": "gap = accuracy − mean confidence (below 0: over-confident)",
}


def calibration_view(calibration):
    """The reliability diagram as a table with readable headers (see :data:`CALIBRATION_HEADERS`)."""
    return calibration.rename(columns=CALIBRATION_HEADERS)
