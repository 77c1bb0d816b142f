"""Streamlit helpers shared by every page: the sidebar shell and a few widgets."""
