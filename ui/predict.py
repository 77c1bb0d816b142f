"""Predict, then reveal: the learner commits to a guess before a preset is applied, then sees the answer."""

import streamlit as st


def _commit(key, apply):
    """Keep the guess and apply the preset (a callback: it runs before the widgets are drawn)."""
    st.session_state[f"{key}_committed"] = st.session_state[f"{key}_guess"]
    st.session_state.update(apply)


def _again(key):
    """Forget the guess, so the question can be asked again."""
    for part in ("committed", "guess"):
        st.session_state.pop(f"{key}_{part}", None)


def predict_then_reveal(key, question, options, apply, answer):
    """Ask `question` with `options`; on commit apply the widget values `apply`, then show answer().

    `answer` is called only after the commit, and returns a lessons.predict.Prediction (or anything with
    .correct, .answer and .why, and optionally .also, more options counted as right) computed from the
    state `apply` creates. Nothing is revealed before.
    """
    committed = st.session_state.get(f"{key}_committed")
    with st.container(border=True, key=f"{key}_predict"):
        st.markdown(f"**Predict, then reveal.** {question}")
        st.radio(
            "Your guess",
            range(len(options)),
            format_func=options.__getitem__,
            index=None,
            key=f"{key}_guess",
            disabled=committed is not None,
        )
        if committed is None:
            st.button(
                "Lock in my guess and show me",
                key=f"{key}_commit",
                on_click=_commit,
                args=(key, apply),
                type="primary",
                disabled=st.session_state.get(f"{key}_guess") is None,
            )
            return
        result = answer()
        guess_column, answer_column = st.columns(2)
        guess_column.markdown(f"**Your guess:** {options[committed]}")
        answer_column.markdown(f"**The answer:** {result.answer}")
        if committed == result.correct or committed in getattr(result, "also", ()):
            st.success(
                "**Right.** Your guess matches what the page computes.", icon=":material/check_circle:"
            )
        else:
            st.error("**Not this time.** The page computes a different answer.", icon=":material/cancel:")
        st.markdown(result.why)
        st.button("Ask me again", key=f"{key}_again", on_click=_again, args=(key,))
