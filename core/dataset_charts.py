"""Charts for a whole data set: where the loss comes from, and whether the confidence can be trusted."""

import numpy as np

from core import charts, palette


def loss_histogram_figure(losses, presenter=False, *, unit="nats"):
    """How many samples cost how much: a histogram of loss_n, with the dataset loss (the mean) marked.

    Parameters
    ----------
    losses : pandas.DataFrame
        The output of :func:`core.dataset.per_sample_losses`.
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
    >>> from core.dataset import load_example, per_sample_losses
    >>> fig = loss_histogram_figure(per_sample_losses(load_example("spam_filter")))
    >>> fig.data[0].marker.color == palette.CROSS_ENTROPY
    True
    >>> fig.layout.title.text
    'Mean loss 0.378 nats;<br>the costliest sample alone is 52% of the total'
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
    marks = _mean_line(mean, presenter) if np.isfinite(mean) else {}
    return charts.figure(
        [histogram],
        title=_histogram_title(loss, unit),
        x_title=f"loss of one sample ({unit})",
        y_title="number of samples",
        presenter=presenter,
        layout=marks,
    )


def reliability_figure(calibration, presenter=False):
    """Reliability diagram: accuracy per confidence bin against the diagonal accuracy = confidence.

    Parameters
    ----------
    calibration : pandas.DataFrame
        The output of :func:`core.dataset.calibration_table`.
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
    >>> from core.dataset import calibration_table, load_example
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
        customdata=calibration[["confidence", "count"]].to_numpy(),
        hovertemplate=(
            "mean confidence %{customdata[0]:.0%}, right %{y:.0%} of the time "
            "(%{customdata[1]} samples)<extra></extra>"
        ),
    )
    diagonal = charts.line(
        [0, 1], [0, 1], name="perfect calibration", color=palette.NEUTRAL, presenter=presenter, dash="dash"
    )
    percent_axis = {"range": [0, 1], "tickformat": ".0%"}
    return charts.figure(
        [bars, diagonal],
        title="Does 80 % sure mean 80 % right?<br>Bars below the diagonal are over-confident",
        x_title="confidence: probability of the predicted class",
        y_title="accuracy: fraction predicted correctly",
        presenter=presenter,
        layout={"xaxis": percent_axis, "yaxis": percent_axis},
    )


def _mean_line(mean, presenter):
    """Layout entries for a dashed vertical line at the mean loss, labelled with its value."""
    line = {"color": palette.MARKER, "width": charts.line_width(presenter), "dash": "dash"}
    return {
        "shapes": [{"type": "line", "yref": "paper", "y0": 0, "y1": 1, "x0": mean, "x1": mean, "line": line}],
        "annotations": [
            {
                "x": mean,
                "y": 1,
                "yref": "paper",
                "text": f"mean = {mean:.3f}",
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "top",  # inside the plot: above it, the label would run into a two-line title
                "bgcolor": "rgba(255, 255, 255, 0.85)",
                "font": {"color": palette.MARKER},
            }
        ],
    }


def _histogram_title(loss, unit):
    """A title that states the point: the mean, and how much the worst sample weighs in it."""
    infinite = int(np.isinf(loss).sum())
    if infinite:
        return (
            f"{infinite} sample{'s' if infinite > 1 else ''} gave probability 0 to the true class:<br>"
            f"{'its loss is' if infinite == 1 else 'their losses are'} infinite, and so is the mean"
        )
    if loss.sum() == 0:
        return f"Every sample is predicted perfectly:<br>the loss is 0 {unit}"
    return (
        f"Mean loss {loss.mean():.3f} {unit};<br>the costliest sample alone is "
        f"{loss.max() / loss.sum():.0%} of the total"
    )
