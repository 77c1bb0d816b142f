"""Class mode's shared store: classes, students, questions and answers in SQLite or PostgreSQL.

Nothing here imports Streamlit: the pages call these plain functions (classroom.store), and the tests run
them alone against both databases.
"""
