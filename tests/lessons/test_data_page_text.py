"""The Your data page's tables and sentences built in lessons/: ranks, the download, the captions, the LaTeX
line and the lesson's numbers, checked against numbers worked out here by hand."""

import math

from content.datasets import parse_predictions
from lessons.data import lesson_values, loop_latex, rows_caption
from lessons.data_losses import (
    dataset_summary,
    per_sample_losses,
    results_table,
    running_computation,
    top_contributors,
    with_cost_ranks,
)

# Three emails: q(true class) = 0.5, 0.25 and 0.5, so in bits the losses are 1, 2 and 1 (sum 4, mean 4/3).
BITS_CSV = "id,label,q\na,1,0.5\nb,1,0.25\nc,0,0.5\n"


def bits_state():
    parsed = parse_predictions(BITS_CSV, mode="binary")
    losses = per_sample_losses(parsed, base=2)
    return parsed, losses, dataset_summary(losses), top_contributors(losses, k=2), running_computation(losses)


def test_cost_ranks_mark_the_costliest_rows_in_order_and_leave_the_rest_blank():
    _, losses, _, top, _ = bits_state()
    ranked = with_cost_ranks(losses, top.index)
    assert ranked["rank"].tolist() == ["2", "1", ""]  # row 3 (q = 0.25) first, then row 2 (the first tie)
    assert "rank" not in losses.columns, "the loss table itself is left alone"


def test_the_download_names_the_loss_column_with_its_unit():
    _, losses, _, _, _ = bits_state()
    table = results_table(losses, unit="bits")
    assert "loss_bits" in table.columns and "loss" not in table.columns
    assert table["loss_bits"].tolist() == [1.0, 2.0, 1.0]


def test_the_caption_says_how_many_rows_are_shown_only_when_some_are_cut():
    assert rows_caption(20, shown=1_000, top=5).startswith("The cost rank marks the 5 costliest")
    cut = rows_caption(1_200, shown=1_000, top=5)
    assert cut.startswith("The first 1,000 of 1,200 rows; the download below has them all. The cost rank")


def test_the_loop_latex_shows_the_total_n_and_mean():
    *_, loop = bits_state()
    assert loop_latex(loop, unit="bits") == (
        r"L_{\text{bits}} = -\frac{\text{total of the log terms}}{N} = -\frac{-4.000}{3} = 1.333\ \text{bits}"
    ), "the card's L is the mean in nats: in bits it is L_bits (review 28-D #3)"


def test_the_loop_latex_spells_an_infinite_loss_for_katex():
    losses = per_sample_losses(parse_predictions("label,q\n1,0\n0,0.5\n", mode="binary"))
    latex = loop_latex(running_computation(losses), unit="nats")
    assert latex.endswith(r"-\frac{-\infty}{2} = \infty\ \text{nats}") and "∞" not in latex


def test_the_lesson_numbers_match_a_hand_computation():
    parsed, losses, summary, top, loop = bits_state()
    values = lesson_values(parsed, losses, summary, top, loop, base=2, unit="bits")
    assert values["n"] == "3"
    assert values["sum"] == "4.000 bits" and values["mean"] == "1.333 bits"
    # a tie at q = 0.5 picks class 0: only the real email c is right
    assert values["accuracy"] == "33.3 %" and values["wrong"] == "2"
    assert (
        values["first_p"] == "0.500"
        and values["first_term"] == "−1.000 bits"  # a real minus sign, as everywhere (review 27-D #6)
        and values["total"] == "−4.000 bits"
    )
    assert values["classes"] == 2 and values["uniform"] == "1.000 bits"  # log2 2
    assert values["perplexity"] == f"{2 ** (4 / 3):.2f}"
    assert values["costliest"].startswith("The sample with id b alone costs **2.000 bits**")


def test_the_lesson_numbers_in_nats_use_the_natural_log():
    parsed = parse_predictions(BITS_CSV, mode="binary")
    losses = per_sample_losses(parsed)
    summary = dataset_summary(losses)
    values = lesson_values(
        parsed,
        losses,
        summary,
        top_contributors(losses),
        running_computation(losses),
        base=math.e,
        unit="nats",
    )
    mean = (2 * math.log(2) + math.log(4)) / 3
    assert values["mean"] == f"{mean:.3f} nats" and values["uniform"] == f"{math.log(2):.3f} nats"
    assert values["perplexity"] == f"{math.exp(mean):.2f}"
    assert f"here $e^{{{mean:.3f}}}$ = {math.exp(mean):.2f}" in values["perplexity_sentence"]
    assert math.exp(mean) > 2, "more than the two classes there are"
    assert "fair pick" not in values["perplexity_sentence"]
    assert "worse than a uniform guess over the 2 classes" in values["perplexity_sentence"]


def test_an_infinite_mean_loss_has_an_infinite_perplexity_and_no_that_many():
    parsed = parse_predictions("label,q\n1,0.0\n0,0.2\n", mode="binary")  # spam given 0: the mean is ∞
    losses = per_sample_losses(parsed)
    summary = dataset_summary(losses)
    assert math.isinf(summary["mean_loss"])
    values = lesson_values(
        parsed, losses, summary, top_contributors(losses), running_computation(losses), base=2, unit="bits"
    )
    assert "infinite" in values["perplexity_sentence"] and "that many" not in values["perplexity_sentence"]


def test_in_bits_the_perplexity_is_two_to_the_mean():
    parsed, losses, summary, top, loop = bits_state()
    values = lesson_values(parsed, losses, summary, top, loop, base=2, unit="bits")
    assert f"here $2^{{{4 / 3:.3f}}}$ = {2 ** (4 / 3):.2f}" in values["perplexity_sentence"]


def test_a_tiny_probability_beside_a_finite_loss_is_never_shown_as_0_000():
    q = 1.026e-4  # spam given 0.0001026: a finite loss of 9.185 nats
    parsed = parse_predictions(f"id,label,q\na,1,{q}\nb,0,0.5\n", mode="binary")
    losses = per_sample_losses(parsed)
    values = lesson_values(
        parsed,
        losses,
        dataset_summary(losses),
        top_contributors(losses),
        running_computation(losses),
        base=math.e,
        unit="nats",
    )
    assert f"costs **{-math.log(q):.3f} nats**" in values["costliest"]
    assert "0.000" not in values["costliest"] and "1.0e-4" in values["costliest"]
    assert values["first_p"] == "1.0e-4"


def _costliest(csv):
    from lessons.data import costliest_sentence
    from lessons.data_losses import per_sample_losses, sample_name, top_contributors

    losses = per_sample_losses(parse_predictions(csv, mode="binary"))
    top = top_contributors(losses)
    return costliest_sentence(losses, top, unit="nats", name=sample_name(losses, top.index[0]))


def test_tied_worst_rows_are_counted_not_called_alone():
    """Review 27-H #2: 17 rows tied at a clip's cap were read as 'Row 12 alone costs …'."""
    rows = ["1,0.01"] * 3 + ["1,0.9"] * 7  # three equal worst rows, each −ln 0.01
    text = _costliest("label,q\n" + "\n".join(rows) + "\n")
    worst, total = -math.log(0.01), 3 * -math.log(0.01) + 7 * -math.log(0.9)
    assert text.startswith(f"3 samples, row 2 among them, each cost **{worst:.3f} nats**")  # rows from 2
    assert "It takes the costliest 2 of the 10 samples to reach half the sum: here a few rows do most" in text
    assert f"together {100 * 3 * worst / total:.0f} % of the sum" in text and "alone" not in text


def test_the_damage_sentence_follows_the_rows_share():
    """Review 27-H #1: 'A few rows usually do most of the damage' above an iris file whose worst row is 2 %
    of the sum. The sentence now counts the fewest costliest rows that make up half the sum."""
    spread = "label,q\n" + "\n".join(f"1,{0.6 + 0.01 * i}" for i in range(20)) + "\n"
    losses = sorted((-math.log(0.6 + 0.01 * i) for i in range(20)), reverse=True)
    k = next(n for n in range(1, 21) if sum(losses[:n]) >= sum(losses) / 2)
    text = _costliest(spread)
    assert k > 4 and f"It takes the costliest {k} of the 20 samples to reach half the sum" in text
    assert "the loss is spread over many rows" in text
    lopsided = "label,q\n1,0.001\n" + "\n".join("1,0.95" for _ in range(19)) + "\n"
    assert "That one sample is half the sum or more: here one row does most" in _costliest(lopsided)
