"""Class mode's projector charts: the spread of the class's answers, and the right one after Reveal; each with
its alt sentence, from the same numbers, for a screen reader (ui.widgets.chart's `alt`)."""

import textwrap

import numpy as np

from lessons import palette
from lessons._charts import bar, figure, vline

DECADES = 2  # answers spanning at least this many powers of ten get a log-scale histogram
BINS = 12


def _wrap(text, width=28):
    return "<br>".join(textwrap.wrap(str(text), width)) or " "


def choice_spread(options, counts, right=None, *, presenter=True):
    """Horizontal bars, one per option, with the number of answers; after Reveal the right one is marked."""
    colours = [palette.TRUE_CLASS if index == right else palette.PREDICTION for index in range(len(options))]
    labels = [_wrap(("✓ " if index == right else "") + option) for index, option in enumerate(options)]
    values = [counts.get(index, 0) for index in range(len(options))]
    trace = bar(values, labels, name="answers", color=colours, orientation="h", text=values)
    trace |= {"textposition": "outside", "hovertemplate": "%{x} answers<extra></extra>"}
    return figure(
        [trace],
        title="What the class answered" + ("; the right answer is marked ✓" if right is not None else ""),
        x_title="answers",
        y_title="",
        presenter=presenter,
        height=120 + 70 * len(options),
        layout={
            "yaxis": {
                "autorange": "reversed",
                "automargin": True,
                "fixedrange": True,
                "tickfont": {"size": 18},
            },
            "xaxis": {
                "rangemode": "tozero",
                "dtick": 1 if max(values, default=0) < 10 else None,
                "fixedrange": True,
            },
            "showlegend": False,
            "hovermode": "closest",
        },
    )


def histogram_bins(numbers):
    """(bin edges, log scale?) for the guesses: log-spaced when all are positive and span DECADES or more."""
    values = np.asarray(numbers, dtype=float)
    low, high = float(values.min()), float(values.max())
    if low > 0 and np.log10(high / low) >= DECADES:
        return np.geomspace(low, high * 1.0001, BINS + 1), True
    if high == low:
        return np.array([low - 0.5, low + 0.5]), False
    return np.linspace(low, high, BINS + 1), False


def number_spread(numbers, label, right=None, *, unit="", presenter=True):
    """A histogram of the guesses; after Reveal a line at the answer.

    On a log scale (guesses spanning decades) the bars stand on log10 of the guesses, with the ticks
    labelled in the guesses' own numbers, so every bar has its true width.
    """
    layout = {"showlegend": False, "hovermode": "closest", "xaxis": {"fixedrange": True}}
    layout["yaxis"] = {"rangemode": "tozero", "fixedrange": True}
    traces, log = [], False
    if numbers:
        edges, log = histogram_bins(numbers)
        counts, _ = np.histogram(numbers, bins=edges)
        layout["yaxis"]["dtick"] = 1 if counts.max() < 10 else None  # whole students, not 0.2 of one
        edges = np.log10(edges) if log else edges
        centres = (edges[:-1] + edges[1:]) / 2
        traces.append(bar(centres, counts, name="answers", color=palette.PREDICTION, width=np.diff(edges)))
        traces[0] |= {"hoverinfo": "y"}
        if log:
            decades = np.arange(np.floor(edges[0]), np.ceil(edges[-1]) + 1)
            ticks = {"tickvals": decades, "ticktext": [f"{10**decade:g}" for decade in decades]}
            layout["xaxis"] |= ticks | {"title": {"text": f"{label} (log scale)"}}
    if right is not None and not (log and right <= 0):  # a log axis has no place for 0 (the title says it)
        at = np.log10(right) if log else right
        layout["shapes"] = [vline(at, color=palette.TRUE_CLASS, width=4)]
        layout["annotations"] = [
            {
                "x": at,
                "y": 1,
                "yref": "paper",
                "text": f"✓ {right:.3g}",
                "showarrow": False,
                "yanchor": "bottom",
            }
        ]
    title = "The class's guesses" + (
        f"; the answer is {right:.3g} {unit}".rstrip() if right is not None else ""
    )
    return figure(traces, title=title, x_title=label, y_title="answers", presenter=presenter, layout=layout)


def _counted(count, one="answer", many="answers"):
    return f"{count} {one if count == 1 else many}"


MEASURED = "The answer is revealed, and measured on the lesson page: the chart marks none."


def choice_spread_alt(options, counts, right=None, *, revealed=False):
    """choice_spread in one sentence: how many answered, the count per option, and after Reveal the right one
    (`revealed` with no `right`: the lesson page measures it).

    Examples
    --------
    >>> choice_spread_alt(("yes", "no"), {1: 2}, right=1)
    'Bars of what the class answered, 2 answers in all: “yes” 0, “no” 2. The right answer, marked ✓, is “no”.'
    """
    values = [counts.get(index, 0) for index in range(len(options))]
    each = ", ".join(f"“{option}” {value}" for option, value in zip(options, values, strict=True))
    sentence = f"Bars of what the class answered, {_counted(sum(values))} in all: {each}."
    if right is None:
        return f"{sentence} {MEASURED if revealed else 'The right answer is not shown yet.'}"
    return f"{sentence} The right answer, marked ✓, is “{options[right]}”."


def number_spread_alt(numbers, label, right=None, *, unit="", revealed=False):
    """number_spread in one sentence: how many guessed, how many in each bar, and after Reveal the answer
    (`revealed` with no `right`: the lesson page measures it).

    Examples
    --------
    >>> number_spread_alt([0.5, 0.5, 0.7], "p").split(": ")[1]
    '2 from 0.5 to 0.517, 1 from 0.683 to 0.7. The answer is not shown yet.'
    """
    guesses = _counted(len(numbers), "guess", "guesses")
    sentence, log = f"A histogram of the class's guesses of {label}, {guesses} in all", False
    if numbers:
        edges, log = histogram_bins(numbers)
        counts, _ = np.histogram(numbers, bins=edges)
        bars = [
            f"{count} from {start:.3g} to {stop:.3g}"
            for count, start, stop in zip(counts, edges[:-1], edges[1:], strict=True)
            if count
        ]
        low, high = min(numbers), max(numbers)
        spread = f"all at {low:g}" if low == high else ", ".join(bars)
        sentence += f"{' on a log scale' if log else ''}: {spread}"
    if right is None:
        return f"{sentence}. {MEASURED if revealed else 'The answer is not shown yet.'}"
    answer = f"{right:.3g} {unit}".strip()
    if log and right <= 0:  # number_spread draws no line there either
        return f"{sentence}. The answer is {answer}, which the log scale cannot show."
    return f"{sentence}. The answer, marked by a line, is {answer}."
