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
from content.lesson_files import lesson
from content.text import escape_markdown, format_loss, format_number
from lessons.data import (
    CLIP_HELP,
    CLIP_LABEL,
    clipping_sentence,
    histogram_alt,
    histogram_table,
    lesson_values,
    loop_code,
    loop_latex,
    loss_histogram_figure,
    rows_caption,
)
from lessons.data_calibration import (
    calibration_view,
    reliability_alt,
    reliability_caption,
    reliability_figure,
)
from lessons.data_losses import (
    SKLEARN_CLIP,
    calibration_table,
    dataset_summary,
    per_sample_losses,
    readable,
    results_table,
    running_computation,
    sample_name,
    top_contributors,
    with_cost_ranks,
)
from lessons.derivations import likelihood_panels
from ui.course import lesson_end
from ui.shell import live, page_setup, share_link
from ui.widgets import chart, derivations, lesson_text, link_radio, link_toggle, show_code

KINDS = {"binary": "two classes: a spam filter", "multiclass": "several classes: a pet photo classifier"}
EXAMPLE_OF = {mode: name for name, mode in EXAMPLES.items()}
STEPS, TOP = 8, 5
LOSS_COLUMNS = ("id", "loss", "q_true", "label", "predicted", "correct", "text")  # loss early, long text last
SHOWN_ROWS = 1_000  # a longer table slows every rerun; the download has every row
# 3 significant digits, so a tiny probability beside a large finite loss never reads 0.000
NUMBERS = {"q_true": st.column_config.NumberColumn("q(true class)", format="%.3g")}


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


def upload_panel(mode):
    """The uploader, its logits switch, a place for its messages, the template and the formats."""
    st.markdown("#### Or bring your own predictions")
    upload = st.file_uploader("A CSV file, one row per sample", type=["csv", "tsv", "txt"], key="data_file")
    from_logits = link_toggle(
        "My file holds logits (raw scores)",
        "logits",
        help="For an uploaded file (the example tables hold probabilities). Logits are turned into "
        "probabilities by the sigmoid (binary) or the softmax of each row (multi-class).",
    )
    messages = st.container()
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
        st.markdown(
            lesson("data", "Accepted formats", {"max_classes": MAX_CLASSES, "max_rows": f"{MAX_ROWS:,}"})
        )
    return upload, from_logits, messages


def editable_table(mode):
    """The shipped example of `mode` to edit, returned as CSV text."""
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
        "Messages count rows as a spreadsheet does: the header is row 1, so the first row here is row 2."
    )
    return edited.to_csv(index=False)


def checked(result, source, source_kind, where, mode):
    """(where, parsed): `result` with its notices, or its problem and the last data that worked instead."""
    # The last data that worked, per mode and kind of source: a broken file falls back to the last file that
    # worked (replacing a file briefly shows the table in between), else to the table, else to the example.
    last_good = st.session_state.setdefault("data_last_good", {})
    if not isinstance(result, DatasetError):
        for notice in result.notices:
            st.info(escape_markdown(notice, max_length=1_000), icon=":material/info:")
        last_good[mode, source_kind] = (where, result)
        return where, result
    show_problem(result, source)
    where, parsed = (
        last_good.get((mode, source_kind))
        or last_good.get((mode, "table"))
        or ("the shipped example", load_example(EXAMPLE_OF[mode]))
    )
    st.info(
        f"Until that is fixed, the page shows the last data that worked: {where}.", icon=":material/history:"
    )
    return where, parsed


def chosen_predictions(mode):
    """The table or the uploaded file, parsed; a problem is shown next to what caused it."""
    table_column, upload_column = st.columns([3, 2], gap="large")
    with upload_column:
        upload, from_logits, upload_messages = upload_panel(mode)
    if upload is None:
        with table_column:
            raw, options = editable_table(mode), {}
        source, where, source_kind = f"table {mode}", "the editable table", "table"
    else:
        source, where = f"file {upload.file_id}", f"your file “{escape_markdown(upload.name)}”"
        raw, options, source_kind = upload.getvalue(), {"from_logits": from_logits}, "file"

    rescaled = st.session_state.setdefault("data_rescale", set())
    result = parse_once(raw, mode=mode, renormalise=source in rescaled, **options)
    with table_column if upload is None else upload_messages:  # the message goes next to what caused it
        where, parsed = checked(result, source, source_kind, where, mode)
    if upload is not None:
        with table_column:
            st.markdown("#### The predictions, as the page read them")
            st.caption(
                f"Showing {where}: {len(parsed.table):,} rows, probabilities after any rescaling or softmax."
            )
            st.dataframe(parsed.table.head(SHOWN_ROWS))
    return parsed


def dataset_numbers(summary, losses, *, clipped, from_logits):
    """The dataset loss, the sum, N and the accuracy, side by side, and what the clipping switch does."""
    mean_cell, sum_cell, n_cell, accuracy_cell = st.columns(4)
    mean_cell.metric("Dataset loss (mean)", format_loss(summary["mean_loss"], settings.units))
    sum_cell.metric("Sum of the losses", format_loss(summary["sum_loss"], settings.units))
    n_cell.metric("Samples N", f"{summary['n']:,}")
    accuracy_cell.metric("Accuracy", f"{format_number(100 * summary['accuracy'], 1)} %")
    sentence = clipping_sentence(
        losses, clipped=clipped, from_logits=from_logits, unit=settings.units, base=settings.base
    )
    st.caption(sentence)


def loss_tables(losses, top, n):
    """Every sample's loss (ranked by cost) beside the costliest few and their share of the sum."""
    loss = st.column_config.NumberColumn(f"loss ({settings.units})", format="%.3f")
    st.markdown("#### Each sample's loss, and the ones that cost the most")
    every_row, costliest = st.columns([5, 4], gap="large")
    with every_row:
        st.dataframe(
            readable(with_cost_ranks(losses.head(SHOWN_ROWS), top.index)),
            column_order=("rank", *LOSS_COLUMNS),
            column_config=NUMBERS
            | {"rank": st.column_config.TextColumn("cost rank", width="small"), "loss": loss},
        )
        st.caption(rows_caption(len(losses), shown=SHOWN_ROWS, top=TOP))
    with costliest:
        # one decimal for every share, in per cent; the id first, as the text names a sample by its id
        share = st.column_config.ProgressColumn(
            "share of the sum (%)", format="%.1f", min_value=0, max_value=100, width="medium"
        )
        st.dataframe(
            readable(top.assign(share=100 * top["share"])),
            column_order=("id", "share", "loss", "q_true", "label", "predicted"),
            column_config={"share": share, "loss": loss} | NUMBERS,
        )
        st.caption(f"The {TOP} costliest samples and their share of the sum of all {n:,} losses.")


def loop_steps(loop, mode):
    """The loop's code beside its first steps, then the total divided by N."""
    st.markdown("#### The loop, step by step")
    code_column, steps_column = st.columns(2, gap="large")
    code_column.code(loop_code(settings.units, binary=mode == "binary"), language="python")
    steps_column.dataframe(
        loop.steps,
        column_config={
            **NUMBERS,
            "log_term": st.column_config.NumberColumn(f"log term ({settings.units})", format="%.3f"),
            "running_total": st.column_config.NumberColumn(
                f"running total ({settings.units})", format="%.3f"
            ),
        },
    )
    st.latex(loop_latex(loop, unit=settings.units))


def loss_charts(losses, top, parsed):
    """The histogram of the losses beside the reliability diagram."""
    histogram_column, reliability_column = st.columns(2, gap="large")
    with histogram_column:
        chart(
            loss_histogram_figure(losses, settings.present, unit=settings.units),
            key="data_histogram",
            table=lambda: histogram_table(losses, unit=settings.units).head(SHOWN_ROWS),
            alt=histogram_alt(losses, unit=settings.units, name=sample_name(losses, top.index[0])),
        )
    with reliability_column:
        calibration = calibration_table(parsed)
        chart(
            reliability_figure(calibration, settings.present),
            key="data_reliability",
            table=lambda: calibration_view(calibration),
            alt=reliability_alt(calibration),
        )
        st.caption(reliability_caption(calibration))


def page_body():
    mode = link_radio(
        "What the model predicts",
        "kind",
        captions=tuple(KINDS.values()),  # no format_func: the URL carries the shown option text
        horizontal=True,
    )
    parsed = chosen_predictions(mode)
    st.markdown("#### One number for the whole data set")
    clipped = link_toggle(CLIP_LABEL, "clip", help=CLIP_HELP)
    losses = per_sample_losses(parsed, base=settings.base, clip=SKLEARN_CLIP if clipped else None)
    summary = dataset_summary(losses)
    top = top_contributors(losses, k=TOP)
    loop = running_computation(losses, first=STEPS)

    dataset_numbers(summary, losses, clipped=clipped, from_logits=parsed.logits is not None)
    loss_tables(losses, top, summary["n"])
    loop_steps(loop, mode)
    loss_charts(losses, top, parsed)
    st.download_button(
        "Download the results as CSV",
        results_table(losses, unit=settings.units).to_csv,
        file_name="cross_entropy_per_sample.csv",
        mime="text/csv",
        key="data_results",
        on_click="ignore",
        icon=":material/download:",
    )
    values = lesson_values(parsed, losses, summary, top, loop, base=settings.base, unit=settings.units)
    lesson_text("data", settings, values)
    derivations(
        settings,
        likelihood_panels(
            loop.total, summary["n"], summary["mean_loss"], base=settings.base, unit=settings.units, mode=mode
        ),
    )


live(page_body)
show_code(per_sample_losses, running_computation)
lesson_end(settings)
share_link(settings)
