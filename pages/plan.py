import streamlit as st

from content.lesson_files import lesson
from ui.plan_view import NOTES, projected, teacher
from ui.shell import page_setup, share_link

settings = page_setup("plan")
if st.query_params.get(NOTES) == "true":
    teacher(settings)
else:
    projected(settings)
st.markdown(f"#### At the {settings.depth.lower()} depth")
st.markdown(lesson("plan", settings.depth))
share_link(settings)
