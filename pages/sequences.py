import streamlit as st

from core import cross_entropy, entropy, kl_divergence, softmax
from core.info_charts import (
    policy_figure,
    policy_loss_figure,
    policy_table,
    sequence_loss_figure,
    sequence_table,
)
from core.sequences import policy_steps, sequence_losses
from core.text import escape_markdown, format_loss, format_number
from ui.shell import live, page_setup, share_link
from ui.widgets import (
    chart,
    lesson_intro,
    lesson_text,
    link_slider,
    presets,
    show_code,
    slider_grid,
)

TOKENS = ("the", "cat", "sat", "on", "the", "mat")
DEFAULT_PROBS = (0.1, 0.05, 0.2, 0.6, 0.8, 0.4)
ACTIONS = ("left", "stay", "right")
START_LOGITS = (1.0, 0.0, -1.0)  # the policy starts out preferring "left"
TARGET = (0.1, 0.2, 0.7)  # the target mostly goes "right"
MAX_STEPS, DEFAULT_RATE = 50, 1.0


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
    st.session_state["pst"] = min(max(st.session_state.get("pst", 0) + change, 0), MAX_STEPS)


settings = page_setup("Sequences and perplexity", ":material/notes:")
st.title("Sequences and perplexity")
lesson_intro("sequences")


def page_body():
    """What the widgets change: it reruns alone when one of them moves (see ui.shell.live)."""
    controls, results = st.columns([2, 3], gap="large")
    with controls:
        st.markdown("**Probability the model gave each correct next word**")
        probs = slider_grid(
            "tok", TOKENS, low=0.0, high=1.0, step=0.01, defaults=DEFAULT_PROBS, label="“{name}”", columns=3
        )
        presets(PRESETS, columns=1)

    result = sequence_losses(probs, base=settings.base)
    with results:
        mean_col, total_col = st.columns(2)
        mean_col.metric("Mean loss per word", format_loss(result["mean"], settings.units))
        total_col.metric(f"Total over {len(TOKENS)} words", format_loss(result["total"], settings.units))
        perplexity_col, meaning_col = st.columns(2)
        perplexity_col.metric("Perplexity", format_number(result["perplexity"], 2))
        meaning_col.caption(
            f"As unsure, on average, as a fair pick among {format_number(result['perplexity'], 2)} words. "
            "Perplexity is the same number in nats and in bits."
        )
        chart(
            sequence_loss_figure(TOKENS, probs, settings.base, presenter=settings.present),
            key="sequence_chart",
            table=lambda: sequence_table(TOKENS, probs, settings.base),
        )

    st.info(
        f"**Training through time.** The sentence's loss is the sum of one cross-entropy per time step, "
        f"{format_loss(result['total'], settings.units)} here (or their mean, "
        f"{format_loss(result['mean'], settings.units)}). A recurrent network shares its weights across the "
        "steps, so backpropagation through time unrolls it and adds up each step's gradient: the gradient of "
        "the sum is the sum of the gradients.",
        icon=":material/timeline:",
    )

    st.markdown("### Reinforcement learning: pulling a policy toward a target")
    st.markdown(
        f"An agent chooses among {', '.join(ACTIONS)}. Its policy is a softmax over three scores. A target "
        "distribution, for instance the moves a tree search or an expert preferred, says how often each "
        "action "
        "should be taken. Each gradient step on the cross-entropy H(target, policy) moves the scores by "
        "−learning rate × (policy − target)."
    )
    policy_controls, policy_charts = st.columns([2, 3], gap="large")
    with policy_controls:
        rate = link_slider("Learning rate", "plr", 0.1, 5.0, DEFAULT_RATE, 0.1)
        steps = link_slider("Gradient steps taken", "pst", 0, MAX_STEPS, 0, 1)
        step_col, reset_col = st.columns(2)
        step_col.button("One step", on_click=take_step, args=(1,), key="policy_step", width="stretch")
        reset_col.button(
            "Start again", on_click=take_step, args=(-MAX_STEPS,), key="policy_reset", width="stretch"
        )
        path = policy_steps(START_LOGITS, TARGET, learning_rate=rate, steps=steps)
        policy_now = softmax(path[-1])
        policy_loss = cross_entropy(TARGET, policy_now, base=settings.base)
        policy_kl = kl_divergence(TARGET, policy_now, base=settings.base)
        st.metric("Cross-entropy H(target, policy)", format_loss(policy_loss, settings.units))
        st.metric("Left to remove: KL(target ‖ policy)", format_loss(policy_kl, settings.units))
    with policy_charts:
        chart(
            policy_figure(ACTIONS, TARGET, path, presenter=settings.present),
            key="policy_chart",
            table=lambda: policy_table(ACTIONS, TARGET, path),
        )
        chart(
            policy_loss_figure(
                TARGET, path, max_steps=MAX_STEPS, base=settings.base, presenter=settings.present
            ),
            key="policy_loss_chart",
        )

    worst = int(result["token_losses"].argmax())
    lesson_text(
        "sequences",
        settings,
        {
            "mean": format_loss(result["mean"], settings.units),
            "total": format_loss(result["total"], settings.units),
            "perplexity": format_number(result["perplexity"], 2),
            "n_tokens": len(TOKENS),
            "worst_token": escape_markdown(TOKENS[worst]),
            "worst_p": format_number(probs[worst], 2),
            "worst_loss": format_loss(result["token_losses"][worst], settings.units),
            "steps": steps,
            "rate": format_number(rate, 1),
            "policy_loss": format_loss(policy_loss, settings.units),
            "policy_kl": format_loss(policy_kl, settings.units),
            "floor": format_loss(entropy(TARGET, base=settings.base), settings.units),
            "policy_right": format_number(policy_now[ACTIONS.index("right")], 2),
            "target_right": format_number(TARGET[ACTIONS.index("right")], 2),
        },
    )


live(page_body)
show_code(sequence_losses, policy_steps)
share_link()
