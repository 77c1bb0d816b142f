import streamlit as st

from lessons.exercises import next_seed, problem_sheet, sheet_titles
from ui.shell import live, page_setup, share_link
from ui.widgets import lesson_text, link_radio, link_slider, worked_solution

# Our own constant CSS, never user text. On paper only the sheet is printed: no sidebar, header, toolbar or
# controls, no solution that waits behind its buttons (a sheet printed with its solutions shows every step),
# and an exercise is not split across two pages when it fits on one.
PRINT_CSS = """
<style>
@media print {
  @page { size: A4; margin: 12mm; }
  html { font-size: 12px; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stAlertContainer"], [data-testid="stButton"], [data-testid="stPageLink"],
  .st-key-exercise_controls, .st-key-exercise_extra, [class*="_reveal"] { display: none !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: 100% !important; }
  [data-testid="stMain"] h1 { font-size: 1.6rem; padding: 0; }
  [data-testid="stMain"] h3 { font-size: 1.2rem; padding: 0.2rem 0; }
  [data-testid="stVerticalBlock"] { gap: 0.4rem; }
  [class*="st-key-exercise_"] { break-inside: avoid; }
}
</style>
"""

settings = page_setup("exercises")
st.html(PRINT_CSS)


def new_numbers(seed):
    """Move the sheet number on by one (a button callback, before the slider is drawn)."""
    st.session_state["exseed"] = next_seed(seed)


def controls():
    """The sheet, its number (the seed) and the solutions switch; returns the three."""
    with st.container(key="exercise_controls"):
        titles = sheet_titles()
        lesson = link_radio("Problem sheet", "exsheet", horizontal=True, captions=tuple(titles.values()))
        seed_cell, button_cell = st.columns([4, 1], vertical_alignment="bottom")
        with seed_cell:
            seed = link_slider("Sheet number: the same number always gives the same numbers", "exseed")
        button_cell.button(
            "New numbers", key="exercise_new", on_click=new_numbers, args=(seed,), width="stretch",
            icon=":material/casino:", help="The next sheet number: the same exercises, with other numbers.",
        )  # fmt: skip
        solutions = st.toggle(
            "Include solutions",
            key="exercise_solutions",
            help="Every step of every solution, on screen and when you print the sheet.",
        )
    return lesson, seed, solutions


def page_body():
    lesson, seed, solutions = controls()
    sheet = problem_sheet(lesson, seed, settings.units)
    st.markdown(f"### {sheet.heading}")
    for number, exercise in enumerate(sheet.exercises, start=1):
        with st.container(key=f"exercise_{number}"):
            st.markdown(f"**{number}. {exercise.title}.** {exercise.prompt}")
            worked_solution(
                f"solution_{lesson}_{number}",
                exercise.steps,
                version=(seed, settings.units),
                all_shown=solutions,
            )
    entry = sheet.lesson_page
    label = f"Back to the lesson: {sheet.title}"
    st.page_link(entry.path, label=label, icon=entry.icon, query_params=settings.link_params())


live(page_body)
with st.container(key="exercise_extra"):
    lesson_text("exercises", settings)
share_link(settings)
