"""One module per page: its Plotly figures, pandas tables, alt sentences and lesson numbers (no Streamlit)."""
