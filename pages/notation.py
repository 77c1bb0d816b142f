import streamlit as st

from lessons.notation import FORMULAS, SYMBOLS, katex_pieces, worked_numbers
from ui.shell import page_setup, share_link
from ui.widgets import lesson_text, show_code

# Our own constant CSS, never user text: a formula never breaks inside itself (a narrow screen wraps between
# the pieces katex_pieces makes), and on paper only the card is printed, on one page.
PRINT_CSS = """
<style>
[data-testid="stMain"] .katex { white-space: nowrap; }
.st-key-notation_symbols :is(th, td):first-child { width: 1%; white-space: nowrap; }
@media print {
  @page { size: A4; margin: 10mm; }
  html { font-size: 12px; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  .st-key-notation_extra { display: none !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: 100% !important; }
  [data-testid="stMain"] h1 { font-size: 1.8rem; padding: 0; }
  [data-testid="stMain"] h4 { padding: 0.3rem 0 0.1rem; }
  [data-testid="stVerticalBlock"] { gap: 0.35rem; }
  [data-testid="stMain"] :is(td, th) { padding: 0.1rem 0.4rem !important; line-height: 1.3; }
}
</style>
"""

settings = page_setup("notation")
st.html(PRINT_CSS)

symbols, formulas = st.columns([3, 2], gap="medium")  # the longer list gets the wider column
with symbols, st.container(key="notation_symbols"):  # the symbols' column only as wide as they are
    st.markdown("#### Symbols")
    st.markdown(
        "| | means |\n| --- | --- |\n" + "\n".join(f"| ${sym}$ | {meaning} |" for sym, meaning in SYMBOLS)
    )
with formulas:
    st.markdown("#### Formulas")
    st.markdown("\n".join(f"- **{name}** {katex_pieces(latex)}" for name, latex in FORMULAS))

st.markdown("#### Five worked numbers")
st.markdown(
    "\n".join(
        f"- {what}: {katex_pieces(latex)}, so **{result}**"
        for what, latex, result in worked_numbers(settings.units)
    )
)

with st.container(key="notation_extra"):
    lesson_text("notation", settings)
    show_code(worked_numbers)
share_link(settings)
