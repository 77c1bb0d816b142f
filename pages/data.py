import streamlit as st

from content.datasets import (
    EXAMPLES,
    MAX_CLASSES,
    MAX_ROWS,
    DatasetError,
    load_example,
    parse_predictions,
    template_csv,
)
from content.text import escape_markdown, format_loss, format_number
from core import perplexity
from lessons.data import (
    costliest_sentence,
    histogram_alt,
    histogram_table,
    loss_histogram_figure,
    reliability_alt,
    reliability_figure,
)
from lessons.data_losses import (
    calibration_table,
    cost_ranks,
    dataset_summary,
    per_sample_losses,
    readable,
    running_computation,
    sample_name,
    top_contributors,
)
from lessons.derivations import likelihood_panels
from lessons.home import uniform_guess_loss
from ui.course import lesson_end
from ui.shell import live, page_setup, share_link
from ui.widgets import chart, derivations, lesson_text, link_radio, link_toggle, show_code

KINDS = {"binary": "two classes: a spam filter", "multiclass": "several classes: a pet photo classifier"}
EXAMPLE_OF = {mode: name for name, mode in EXAMPLES.items()}
STEPS, TOP = 8, 5
LOSS_COLUMNS = ("id", "label", "predicted", "q_true", "correct", "loss", "text")  # long text last
SHOWN_ROWS = 1_000  # a longer table slows every rerun; the download has every row
NUMBERS = {"q_true": st.column_config.NumberColumn(format="%.3f")}
FORMATS = f"""
**Binary**: a column `label` (the truth: 0 or 1) and a column `q` (the probability the model gave to 1;
an older file's column `p` is read as `q`).

**Multi-class**: a column `label` (the true class, spelled like its column) and one column of probabilities
per class, 2 to {MAX_CLASSES} of them. Each row adds up to 1; rows off by at most 0.001 (rounding in an
export) are rescaled with a notice, rows further off are refused unless you choose to rescale them.

**Both**:
- the first row is a header that names the columns, in any order; `id` and `text` columns are optional
  and only shown;
- cells separated by commas, semicolons or tabs; with semicolons or tabs, 0,7 means 0.7;
- UTF-8 text, with or without a byte-order mark; at most {MAX_ROWS:,} rows and 50 MB;
- with the logits switch on, the numbers are raw scores (any finite number), turned into probabilities by
  the sigmoid (binary) or the softmax of each row (multi-class).
"""
LOOP = """total = 0.0
for n in range(N):
    # log of q for the true class
    total += log(q[n][y[n]])
loss = -total / N  # minus the average"""


@st.cache_data(show_spinner=False)
def example_table(mode):
    """The shipped example for `mode`, as a table to edit."""
    return load_example(EXAMPLE_OF[mode]).table.reset_index(drop=True)


@st.cache_data(show_spinner=False)
def example_classes(mode):
    """The class names of the shipped example for `mode` (read once, not on every rerun)."""
    return load_example(EXAMPLE_OF[mode]).class_names


def editor_columns(mode, class_names):
    """Probabilities as numbers in [0, 1] and the label as a choice, so most slips can't be typed."""
    probability = {"min_value": 0.0, "max_value": 1.0, "step": 0.01, "format": "%.2f", "required": True}
    if mode == "binary":
        return {
            "text": st.column_config.TextColumn("email text", width="medium"),
            "label": st.column_config.SelectboxColumn("label (1 = spam)", options=[0, 1], required=True),
            "q": st.column_config.NumberColumn("q (spam)", **probability),
        }
    label = st.column_config.SelectboxColumn("label (true class)", options=list(class_names), required=True)
    return {"label": label} | {
        name: st.column_config.NumberColumn(name, **probability) for name in class_names
    }


def parse_once(raw, **options):
    """parse_predictions, or the DatasetError it raised; kept, so a rerun from another widget skips it."""
    signature = (hash(raw), len(raw), tuple(sorted(options.items())))
    memo = st.session_state.get("data_memo")
    if memo is None or memo[0] != signature:
        try:
            result = parse_predictions(raw, **options)
        except DatasetError as error:
            result = error
        memo = st.session_state["data_memo"] = (signature, result)
    return memo[1]


def allow_rescaling(source):
    """From now on, rescale the rows of `source` that don't sum to 1 (a button callback)."""
    st.session_state["data_rescale"].add(source)


def show_problem(error, source):
    """The message (it names the row and column) and, when rescaling would fix it, a button for that."""
    st.error(escape_markdown(str(error), max_length=1_000), icon=":material/error:")
    if error.can_renormalise:
        st.button(
            "Rescale every row so it sums to 1",
            key="data_rescale_button",
            on_click=allow_rescaling,
            args=(source,),
            icon=":material/balance:",
        )


settings = page_setup("data")


def page_body():
    mode = link_radio(
        "What the model predicts",
        "kind",
        captions=tuple(KINDS.values()),  # no format_func: the URL carries the shown option text
        horizontal=True,
    )

    table_column, upload_column = st.columns([3, 2], gap="large")
    with upload_column:
        st.markdown("#### Or bring your own predictions")
        upload = st.file_uploader(
            "A CSV file, one row per sample", type=["csv", "tsv", "txt"], key="data_file"
        )
        from_logits = link_toggle(
            "My file holds logits (raw scores)",
            "logits",
            help="For an uploaded file (the example tables hold probabilities). Logits are turned into "
            "probabilities by the sigmoid (binary) or the softmax of each row (multi-class).",
        )
        upload_messages = st.container()
        st.download_button(
            f"Template for {mode} predictions",
            template_csv(mode),
            file_name=f"template_{mode}.csv",
            mime="text/csv",
            key="data_template",
            on_click="ignore",
            icon=":material/download:",
        )
        with st.expander("Accepted formats", icon=":material/description:"):
            st.markdown(FORMATS)

    with table_column:
        if upload is None:
            st.markdown("#### The predictions: edit any cell, add or delete rows")
            example = example_table(mode)
            edited = st.data_editor(
                example,
                key=f"data_table_{mode}",
                num_rows="dynamic",
                hide_index=True,
                column_order=("id", "label", "q", "text") if mode == "binary" else None,
                column_config=editor_columns(mode, example_classes(mode)),
            )
            st.caption(
                "Messages count rows as a spreadsheet does: the header is row 1, "
                "so the first row here is row 2."
            )
            source, where = f"table {mode}", "the editable table"
            raw, options = edited.to_csv(index=False), {}
        else:
            source, where = f"file {upload.file_id}", f"your file “{escape_markdown(upload.name)}”"
            raw, options = upload.getvalue(), {"from_logits": from_logits}

    rescaled = st.session_state.setdefault("data_rescale", set())
    result = parse_once(raw, mode=mode, renormalise=source in rescaled, **options)
    # The last data that worked, per mode and kind of source: a broken file falls back to the last file that
    # worked (replacing a file briefly shows the table in between), else to the table, else to the example.
    last_good = st.session_state.setdefault("data_last_good", {})
    source_kind = "table" if upload is None else "file"
    with table_column if upload is None else upload_messages:  # the message goes next to what caused it
        if isinstance(result, DatasetError):
            show_problem(result, source)
            where, parsed = (
                last_good.get((mode, source_kind))
                or last_good.get((mode, "table"))
                or ("the shipped example", load_example(EXAMPLE_OF[mode]))
            )
            st.info(
                f"Until that is fixed, the page shows the last data that worked: {where}.",
                icon=":material/history:",
            )
        else:
            for notice in result.notices:
                st.info(escape_markdown(notice, max_length=1_000), icon=":material/info:")
            last_good[mode, source_kind] = (where, result)
            parsed = result

    if upload is not None:
        with table_column:
            st.markdown("#### The predictions, as the page read them")
            st.caption(
                f"Showing {where}: {len(parsed.table):,} rows, probabilities after any rescaling or softmax."
            )
            st.dataframe(parsed.table.head(SHOWN_ROWS))

    losses = per_sample_losses(parsed, base=settings.base)
    summary = dataset_summary(losses)
    top = top_contributors(losses, k=TOP)
    loop = running_computation(losses, first=STEPS)

    st.markdown("#### One number for the whole data set")
    mean_cell, sum_cell, n_cell, accuracy_cell = st.columns(4)
    mean_cell.metric("Dataset loss (mean)", format_loss(summary["mean_loss"], settings.units))
    sum_cell.metric("Sum of the losses", format_loss(summary["sum_loss"], settings.units))
    n_cell.metric("Samples N", f"{summary['n']:,}")
    accuracy_cell.metric("Accuracy", f"{format_number(100 * summary['accuracy'], 1)} %")

    st.markdown("#### Each sample's loss, and the ones that cost the most")
    every_row, costliest = st.columns([5, 4], gap="large")
    with every_row:
        shown = losses.head(SHOWN_ROWS).assign(rank=cost_ranks(losses.head(SHOWN_ROWS), top.index))
        st.dataframe(
            readable(shown),
            column_order=("rank", *LOSS_COLUMNS),
            column_config=NUMBERS
            | {
                "rank": st.column_config.TextColumn("cost rank", width="small"),
                "loss": st.column_config.NumberColumn(f"loss ({settings.units})", format="%.3f"),
            },
        )
        more = f"The first {SHOWN_ROWS:,} of {len(losses):,} rows; the download below has them all. "
        st.caption(
            f"{more if len(losses) > SHOWN_ROWS else ''}The cost rank marks the {TOP} costliest "
            "(click a column's name to sort by it). q_true is the probability the model gave the true class."
        )
    with costliest:
        st.dataframe(
            readable(top),
            column_order=("share", "loss", "q_true", "label", "predicted", "id"),
            column_config={
                "share": st.column_config.ProgressColumn(
                    "share of the sum", format="percent", min_value=0, max_value=1, width="medium"
                ),
                "loss": st.column_config.NumberColumn(f"loss ({settings.units})", format="%.3f"),
            }
            | NUMBERS,
        )
        st.caption(f"The {TOP} costliest samples and their share of the sum of all {summary['n']:,} losses.")

    st.markdown("#### The loop, step by step")
    code_column, steps_column = st.columns(2, gap="large")
    code_column.code(LOOP, language="python")
    steps_column.dataframe(
        loop.steps,
        column_config={
            "q_true": st.column_config.NumberColumn("q(true class)", format="%.3f"),
            "log_term": st.column_config.NumberColumn(f"log term ({settings.units})", format="%.3f"),
            "running_total": st.column_config.NumberColumn("running total", format="%.3f"),
        },
    )
    latex_total = format_number(loop.total).replace("∞", r"\infty")
    latex_mean = format_number(loop.mean_loss).replace("∞", r"\infty")
    st.latex(
        rf"L = -\frac{{\text{{total}}}}{{N}} = -\frac{{{latex_total}}}{{{loop.n:,}}}"
        rf" = {latex_mean}\ \text{{{settings.units}}}"
    )

    worst_name = sample_name(losses, top.index[0])  # as the table names it: by id, else by row
    histogram_column, reliability_column = st.columns(2, gap="large")
    with histogram_column:
        chart(
            loss_histogram_figure(losses, settings.present, unit=settings.units),
            key="data_histogram",
            table=lambda: histogram_table(losses, unit=settings.units).head(SHOWN_ROWS),
            alt=histogram_alt(losses, unit=settings.units, name=worst_name),
        )
    with reliability_column:
        calibration = calibration_table(parsed)
        chart(
            reliability_figure(calibration, settings.present),
            key="data_reliability",
            table=lambda: calibration,
            alt=reliability_alt(calibration),
        )

    st.download_button(
        "Download the results as CSV",
        losses.rename(columns={"loss": f"loss_{settings.units}"}).to_csv,
        file_name="cross_entropy_per_sample.csv",
        mime="text/csv",
        key="data_results",
        on_click="ignore",
        icon=":material/download:",
    )

    lesson_text(
        "data",
        settings,
        {
            "n": f"{summary['n']:,}",
            "mean": format_loss(summary["mean_loss"], settings.units),
            "sum": format_loss(summary["sum_loss"], settings.units),
            "accuracy": f"{format_number(100 * summary['accuracy'], 1)} %",
            "wrong": f"{summary['n'] - int(losses['correct'].sum()):,}",
            "first_p": format_number(loop.steps["q_true"].iloc[0]),
            "first_term": format_number(loop.steps["log_term"].iloc[0]),
            "total": format_number(loop.total),
            "costliest": costliest_sentence(
                losses, top, unit=settings.units, name=escape_markdown(worst_name)
            ),
            "classes": len(parsed.class_names),
            "uniform": format_loss(
                uniform_guess_loss(len(parsed.class_names), base=settings.base), settings.units
            ),
            "perplexity": format_number(perplexity(summary["mean_loss"], base=settings.base), 2),
        },
    )
    derivations(
        settings,
        likelihood_panels(
            loop.total, summary["n"], summary["mean_loss"], base=settings.base, unit=settings.units
        ),
    )


live(page_body)
show_code(per_sample_losses, running_computation)
lesson_end(settings)
share_link(settings)
