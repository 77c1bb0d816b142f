"""The baseline for the server and browser benchmarks: one slider and one metric, nothing else."""

import streamlit as st

value = st.slider("Baseline slider", 0.0, 1.0, 0.5, 0.01)
st.metric("Baseline value", f"{value:.2f}")
