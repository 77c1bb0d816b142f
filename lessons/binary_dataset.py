"""The binary lesson's small data set: eight emails, each with its label y and the filter's prediction q,
turned into the data set's loss step by step (log terms, running sum, divide by N)."""

import pandas as pd

from content.text import format_loss, format_number
from core.losses import binary_loss_steps

# (subject, y = 1 if spam, q = the filter's probability of spam). One important email the filter is sure
# is spam: the confident mistake that dominates the average.
EMAILS = (
    ("You have won a prize, claim it now", 1, 0.95),
    ("Minutes of Monday's meeting", 0, 0.05),
    ("Cheap watches, 90 % off", 1, 0.85),
    ("Your train ticket for Friday", 0, 0.20),
    ("Verify your bank password here", 1, 0.70),
    ("Lunch on Thursday?", 0, 0.10),
    ("URGENT: your job offer, sign today", 0, 0.99),
    ("Limited offer: free casino chips", 1, 0.60),
)


def email_steps(*, base):
    """The loop over EMAILS: each log term, each loss, the running sum and the mean (from core)."""
    return binary_loss_steps([email[1] for email in EMAILS], [email[2] for email in EMAILS], base=base)


def email_table(*, base, unit):
    """One row per email: its label, prediction, log term, loss and the running sum of losses."""
    steps = email_steps(base=base)
    return pd.DataFrame(
        {
            "n": range(1, len(EMAILS) + 1),
            "Email": [email[0] for email in EMAILS],
            "y": [email[1] for email in EMAILS],
            "q": [email[2] for email in EMAILS],
            "log term": [float(value) for value in steps["terms"]],
            f"loss ({unit})": [float(value) for value in steps["losses"]],
            f"sum so far ({unit})": [float(value) for value in steps["running"]],
        }
    )


def email_values(*, base, unit):
    """The lesson's numbers for the data set: N, the sum, the mean, and the worst email's share of the sum."""
    steps = email_steps(base=base)
    losses = steps["losses"]
    worst = int(losses.argmax())
    total = float(steps["running"][-1])
    rest = (total - float(losses[worst])) / (len(EMAILS) - 1)
    return {
        "n_emails": len(EMAILS),
        "total": format_loss(total, unit),
        "mean": format_loss(steps["mean"], unit),
        "worst_n": worst + 1,
        "n_rest": len(EMAILS) - 1,
        "worst_subject": EMAILS[worst][0],
        "worst_q": format_number(EMAILS[worst][2], 2),
        "worst_loss": format_loss(float(losses[worst]), unit),
        "worst_share": f"{100 * float(losses[worst]) / total:.0f} %",
        "mean_without_worst": format_loss(rest, unit),
    }


def email_sum_latex(*, base, unit):
    """The last step as a formula: the running sum divided by N, with this data set's numbers."""
    steps = email_steps(base=base)
    total, count = float(steps["running"][-1]), len(EMAILS)
    bits = "" if unit == "nats" else r"_{\text{bits}}"  # ℓ and L are in nats (the notation card)
    return (
        rf"L{bits} = \frac{{1}}{{N}}\sum_{{n=1}}^{{N}} \ell_{{n{',' + bits[1:] if bits else ''}}}"
        rf" = \frac{{{total:.3f}}}{{{count}}}"
        rf" = {steps['mean']:.3f}\ \text{{{unit}}}"
    )
