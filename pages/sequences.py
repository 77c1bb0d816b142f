import streamlit as st

import catalogue
from content.lesson_files import lesson
from core.sequences import policy_steps, sequence_losses
from lessons.sequences import (
    METRICS,
    lesson_values,
    policy_alt,
    policy_loss_alt,
    sequence_alt,
    token_readings,
)
from lessons.sequences_figures import (
    policy_figure,
    policy_loss_figure,
    policy_loss_table,
    policy_table,
    sequence_loss_figure,
    sequence_table,
)
from ui.course import lesson_end
from ui.live_grid import live_slider_grid
from ui.shell import live, page_setup, share_link
from ui.widgets import (
    chart,
    lesson_text,
    link_slider,
    presets,
    show_code,
)

TOKENS = ("the", "cat", "sat", "on", "the", "mat")
ACTIONS = ("left", "stay", "right")
START_LOGITS = (1.0, 0.0, -1.0)  # the policy starts out preferring "left"
TARGET = (0.1, 0.2, 0.7)  # the target mostly goes "right"
# The step slider's default, 3: "right" has moved from 0.09 to 0.49 of the way to 0.70: the pull is visible,
# not finished.
STEPS = catalogue.page("sequences").param("pst")
MAX_STEPS = int(STEPS.high)


def token_preset(probs):
    """A preset that sets every token's probability."""
    return {f"tok{index}": value for index, value in enumerate(probs)}


PRESETS = {
    "Fair pick among 10 words": token_preset([0.1] * len(TOKENS)),
    "Confident and right": token_preset([0.9] * len(TOKENS)),
    "One impossible word": token_preset((0.1, 0.05, 0.2, 0.6, 0.8, 0.0)),
}


def take_step(change):
    """Move the step slider by `change` (a button callback, so it runs before the slider is drawn)."""
    st.session_state["pst"] = min(max(st.session_state.get("pst", STEPS.default) + change, 0), MAX_STEPS)


settings = page_setup("sequences")


def page_body():
    controls, results = st.columns([2, 3], gap="large")
    with controls:
        st.markdown("**Probability $q_t(y_t)$ the model gave each correct next word $y_t$**")
        probs, draw_tokens = live_slider_grid("tok", TOKENS, label="“{name}”", columns=3)
        draw_tokens(lambda index, values, grid: token_readings(values, index, grid, base=settings.base))
        presets(PRESETS, columns=1)
    through_time = st.container()  # filled below, once the numbers it quotes are known

    st.markdown("### Reinforcement learning: pulling a policy toward a target")
    policy_intro = st.container()
    policy_controls, policy_charts = st.columns([2, 3], gap="large")
    with policy_controls:
        rate = link_slider("Learning rate η", "plr")
        steps = link_slider("Gradient steps taken", "pst")
        step_col, reset_col = st.columns(2)
        step_col.button("One step", on_click=take_step, args=(1,), key="policy_step", width="stretch")
        reset_col.button(
            "Start again", on_click=take_step, args=(-MAX_STEPS,), key="policy_reset", width="stretch"
        )
    path = policy_steps(START_LOGITS, TARGET, learning_rate=rate, steps=steps)
    values = lesson_values(TOKENS, probs, ACTIONS, TARGET, path, rate=rate, base=settings.base)

    with results:
        mean_col, total_col = st.columns(2)
        mean_col.metric(METRICS["mean"], values["mean"])
        total_col.metric(METRICS["total"].format(n=len(TOKENS)), values["total"])
        perplexity_col, meaning_col = st.columns(2)
        perplexity_col.metric(METRICS["perplexity"], values["perplexity"])
        meaning_col.caption(lesson("sequences", "Perplexity note", values))
        chart(
            sequence_loss_figure(TOKENS, probs, settings.base, presenter=settings.present),
            key="sequence_chart",
            table=lambda: sequence_table(TOKENS, probs, settings.base),
            alt=sequence_alt(TOKENS, probs, base=settings.base),
        )
    if settings.depth != "Basic":  # Basic has not met recurrent networks or their gradients yet
        through_time.info(lesson("sequences", "Through time", values), icon=":material/timeline:")

    policy_intro.markdown(lesson("sequences", "Policy", values))
    with policy_controls:
        st.metric("Cross-entropy H(p, π)", values["policy_loss"], help=lesson("sequences", "Policy symbols"))
        st.metric(
            "Left to remove: KL(p ‖ π)", values["policy_kl"], help=lesson("sequences", "Policy symbols")
        )
    with policy_charts:
        chart(
            policy_figure(ACTIONS, TARGET, path, presenter=settings.present),
            key="policy_chart",
            table=lambda: policy_table(ACTIONS, TARGET, path),
            alt=policy_alt(ACTIONS, TARGET, path),
        )
        chart(
            policy_loss_figure(
                TARGET, path, max_steps=MAX_STEPS, base=settings.base, presenter=settings.present
            ),
            key="policy_loss_chart",
            table=lambda: policy_loss_table(TARGET, path, base=settings.base),
            alt=policy_loss_alt(TARGET, path, base=settings.base),
        )

    lesson_text("sequences", settings, values)


live(page_body)
show_code(sequence_losses, policy_steps)
lesson_end(settings)
share_link(settings)
