"""The Your data page's numbers from a parsed data set: each sample's loss, the dataset loss as a loop, the
samples that cost most, and the calibration table (the reader is content/datasets.py)."""

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from content.csv_header import DISPLAY_COLUMNS
from content.datasets import label_column
from content.text import format_number
from core import _checks
from core.calibration import reliability_table
from core.losses import binary_cross_entropy, cross_entropy
from core.numerics import clipped_cross_entropy

# scikit-learn's log_loss (1.2 on) clips each probability into [c, 1 - c] at the machine epsilon of its float
# type; an exported CSV is read as float64.
SKLEARN_CLIP = float(np.finfo(np.float64).eps)


@dataclass(frozen=True, eq=False)
class RunningSum:
    """The dataset loss as a loop: the first `steps`, then the total of all N log terms and the mean."""

    steps: pd.DataFrame
    n: int
    total: float
    mean_loss: float


def per_sample_losses(parsed, *, base=math.e, clip=None):
    """loss_n = -log q_n(y_n): the cross-entropy of each sample, with the class the model picked.

    Parameters
    ----------
    parsed : ParsedPredictions
    base : float
        e for nats, 2 for bits.
    clip : float or None
        A clip level c: q_n(y_n) is kept inside [c, 1 - c] before the log, as scikit-learn's log_loss does
        with c = SKLEARN_CLIP. Ignored for a file of logits, whose losses are finite already.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``parsed.table``: the ``id``/``text`` columns if any, then ``label``,
        ``predicted`` (the most probable class; a tie goes to the first), ``q_true`` (the
        probability given to the true class), ``correct`` and ``loss``.

    Notes
    -----
    With logits the loss comes straight from them (log-softmax / log-sigmoid), so a confidently
    wrong logit of 50 costs 50 nats rather than the infinity of log(0) after rounding.

    Examples
    --------
    >>> from content.datasets import parse_predictions
    >>> parsed = parse_predictions("label,dog,cat,rabbit\\ncat,0.7,0.2,0.1\\n", mode="multiclass")
    >>> row = per_sample_losses(parsed).iloc[0]
    >>> row["predicted"], float(row["q_true"]), round(float(row["loss"]), 3)
    ('dog', 0.2, 1.609)
    """
    q = _class_probabilities(parsed)
    predicted = q.argmax(axis=1)
    columns = {name: parsed.table[name] for name in (*DISPLAY_COLUMNS, "label") if name in parsed.table}
    columns["predicted"] = label_column(predicted, parsed.mode, parsed.class_names)
    columns["q_true"] = q[np.arange(len(q)), parsed.targets]
    columns["correct"] = predicted == parsed.targets
    if clip is None or parsed.logits is not None:
        columns["loss"] = _losses(parsed, base)
    else:
        columns["loss"] = clipped_cross_entropy(columns["q_true"], clip, base=base)
    return pd.DataFrame(columns, index=parsed.table.index)


def dataset_summary(losses):
    """L = (1/N) sum_n loss_n: the dataset loss, its sum, N and the accuracy, from per_sample_losses.

    Parameters
    ----------
    losses : pandas.DataFrame
        The output of :func:`per_sample_losses`.

    Returns
    -------
    dict
        ``n``, ``sum_loss``, ``mean_loss`` and ``accuracy`` (fraction correct), as Python numbers.

    Examples
    --------
    >>> from content.datasets import parse_predictions
    >>> parsed = parse_predictions("label,q\\n1,0.9\\n0,0.9\\n", mode="binary")
    >>> summary = dataset_summary(per_sample_losses(parsed))
    >>> summary["n"], round(summary["mean_loss"], 4), summary["accuracy"]
    (2, 1.204, 0.5)
    """
    return {
        "n": len(losses),
        "sum_loss": float(losses["loss"].sum()),
        "mean_loss": float(losses["loss"].mean()),
        "accuracy": float(losses["correct"].mean()),
    }


def running_computation(losses, first=8):
    """L = -(1/N) sum_n log q_n(y_n): add each sample's log term to a running total, then divide by N.

    Parameters
    ----------
    losses : pandas.DataFrame
        The output of :func:`per_sample_losses`.
    first : int
        How many steps of the loop to show.

    Returns
    -------
    RunningSum
        ``steps`` has ``q_true``, ``log_term`` (log q(true class), in the loss's unit) and
        ``running_total`` for the first rows; ``total`` adds up all N log terms, and
        ``mean_loss = -total / n``.

    Examples
    --------
    >>> from content.datasets import parse_predictions
    >>> parsed = parse_predictions("label,q\\n1,0.5\\n1,0.25\\n0,0.5\\n", mode="binary")
    >>> loop = running_computation(per_sample_losses(parsed, base=2), first=2)
    >>> loop.steps["running_total"].tolist()
    [-1.0, -3.0]
    >>> loop.total, loop.n, loop.mean_loss
    (-4.0, 3, 1.3333333333333333)
    """
    _checks.whole(first, "first", 1)
    log_term = 0.0 - losses["loss"]  # 0 - loss, not -loss: a perfect sample shows 0, not -0
    steps = pd.DataFrame(
        {"q_true": losses["q_true"], "log_term": log_term, "running_total": log_term.cumsum()}
    )
    total = float(log_term.sum())
    return RunningSum(steps=steps.head(first), n=len(losses), total=total, mean_loss=-total / len(losses))


def top_contributors(losses, k=5):
    """The k samples with the largest loss_n, and the share of the sum sum_n loss_n that each one makes.

    Parameters
    ----------
    losses : pandas.DataFrame
        The output of :func:`per_sample_losses`.
    k : int

    Returns
    -------
    pandas.DataFrame
        The k rows of `losses` with the largest loss, largest first, plus a ``share`` column.

    Notes
    -----
    When some losses are infinite, the infinite ones share the whole sum equally.

    Examples
    --------
    >>> from content.datasets import parse_predictions
    >>> parsed = parse_predictions("label,q\\n1,0.5\\n0,0.75\\n1,1.0\\n", mode="binary")
    >>> top = top_contributors(per_sample_losses(parsed, base=2), k=2)
    >>> top.index.tolist(), top["share"].round(3).tolist()
    ([3, 2], [0.667, 0.333])
    """
    _checks.whole(k, "k", 1)
    return losses.assign(share=_shares(losses["loss"].to_numpy())).nlargest(k, "loss")


def sample_name(losses, row):
    """A sample named as the per-sample table shows it: by its id when it has one, else by its row label.

    Examples
    --------
    >>> from content.datasets import parse_predictions
    >>> losses = per_sample_losses(parse_predictions("id,label,q\\n7,1,0.5\\n,0,0.2\\n", mode="binary"))
    >>> sample_name(losses, 2), sample_name(losses, 3)
    ('the sample with id 7', 'row 3')
    """
    if "id" in losses.columns:
        sample_id = str(losses.at[row, "id"]).strip()
        if sample_id:
            return f"the sample with id {sample_id}"
    return f"row {row}"


def calibration_table(parsed, bins=10):
    """accuracy(bin) vs confidence(bin), ``core.calibration.reliability_table`` as a table for the page.

    Parameters
    ----------
    parsed : ParsedPredictions
    bins : int
        Equal-width bins of confidence over [0, 1].

    Returns
    -------
    pandas.DataFrame
        One row per non-empty bin: ``bin_low``, ``bin_high``, ``count``, ``confidence`` (mean
        probability of the predicted class), ``accuracy`` (fraction predicted correctly) and
        ``gap = accuracy - confidence`` (negative: over-confident).

    Notes
    -----
    Confidence is the probability of the class the model picks, so with two classes it never goes
    below 0.5. A confidence of exactly 1 falls in the last bin.

    Examples
    --------
    >>> from content.datasets import parse_predictions
    >>> parsed = parse_predictions("label,q\\n1,0.9\\n0,0.9\\n1,0.2\\n", mode="binary")
    >>> calibration_table(parsed, bins=5)[["bin_low", "count", "accuracy"]].values.tolist()
    [[0.8, 3.0, 0.3333333333333333]]
    """
    table = reliability_table(parsed.targets, _class_probabilities(parsed), bins=bins)
    return pd.DataFrame(
        {
            "bin_low": table.low,
            "bin_high": table.high,
            "count": table.count,
            "confidence": table.confidence,
            "accuracy": table.accuracy,
            "gap": table.accuracy - table.confidence,
        }
    )


def _class_probabilities(parsed):
    """An (N, K) array of predicted probabilities; binary q becomes the two columns 1 - q and q."""
    if parsed.mode == "binary":
        q = parsed.table["q"].to_numpy()
        return np.column_stack([1 - q, q])
    return parsed.table[list(parsed.class_names)].to_numpy(dtype=float)


def _losses(parsed, base):
    """Each sample's cross-entropy, from the logits when the file held logits."""
    from_logits = parsed.logits is not None
    if parsed.mode == "binary":
        scores = parsed.logits if from_logits else parsed.table["q"].to_numpy()
        return binary_cross_entropy(
            parsed.targets, scores, from_logits=from_logits, reduction="none", base=base
        )
    scores = parsed.logits if from_logits else _class_probabilities(parsed)
    return cross_entropy(parsed.targets, scores, from_logits=from_logits, reduction="none", base=base)


def _shares(losses):
    """Each loss as a fraction of their sum; infinite losses split the whole sum between them."""
    infinite = np.isinf(losses)
    if infinite.any():
        return infinite / infinite.sum()
    total = losses.sum()
    return losses / total if total > 0 else np.zeros_like(losses)


def with_cost_ranks(losses, top_rows):
    """`losses` with a column `rank`, '1' to 'k' for the rows in `top_rows` (the costliest first) and '' for
    the others: a column to sort by."""
    ranks = {row: str(rank) for rank, row in enumerate(top_rows, start=1)}
    return losses.assign(rank=[ranks.get(row, "") for row in losses.index])


def results_table(losses, *, unit):
    """The per-sample table to download, its loss column named with the unit: loss_nats or loss_bits."""
    return losses.rename(columns={"loss": f"loss_{unit}"})


def readable(losses):
    """A loss table for st.dataframe: numbers stay numbers (sortable; the page shows 3 decimals), except that
    a table holding ∞ spells it as everywhere else, through a pandas Styler (about 10 ms a rerun for
    1,000 rows, so only then)."""
    if np.isfinite(losses[["q_true", "loss"]].to_numpy(dtype=float)).all():
        return losses
    return losses.style.format(format_number, subset=["q_true", "loss"])
