"""Cross-entropy against mean squared error, as functions of q, the probability given to the true class."""

import math

import pandas as pd

from core.binary_lesson import binary_point

Q_AXIS_TITLE = "q, the probability the model gives the true class"


def comparison(q, *, base=math.e):
    """Both losses and gradients at q (true label 1), and how many times larger cross-entropy's are."""
    point = binary_point(q, 1, base=base)
    return point | {
        "loss_ratio": _ratio(point["cross_entropy"], point["mse"]),
        "grad_ratio": _ratio(abs(point["cross_entropy_grad"]), abs(point["mse_grad"])),
    }


def _ratio(numerator, denominator):
    """numerator / denominator, NaN when both are 0 and ∞ when only the denominator is."""
    if denominator == 0:
        return math.nan if numerator == 0 else math.inf
    return numerator / denominator


def comparison_table(q, *, base=math.e, unit="nats"):
    """One row per loss: its value and its gradient in the logit at q."""
    point = comparison(q, base=base)
    return pd.DataFrame(
        {
            "loss": ["Cross-entropy  −log q", "MSE  (1 − q)²"],
            f"value at q = {q:.2f}": [point["cross_entropy"], point["mse"]],
            "unit": [unit, "squared probability"],
            "gradient in the logit": [point["cross_entropy_grad"], point["mse_grad"]],
        }
    )
