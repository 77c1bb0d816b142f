import numpy as np
import streamlit as st

import catalogue
from content.flashcards import Deck, groups, load_cards, new_deck
from content.text import escape_markdown
from ui.shell import live, page_setup, share_link
from ui.widgets import lesson_intro, lesson_text, link_radio, show_code

ALL = catalogue.page("flashcards").param("fcgroup").default  # "All cards": the link leaves it out

# (label, pile, icon) of the two buttons that sort the card shown
PILE_BUTTONS = (
    ("I knew it: known pile", "known", ":material/check:"),
    ("Not yet: again pile", "again", ":material/replay:"),
)
state = st.session_state

settings = page_setup("flashcards")
lesson_intro("flashcards")

try:
    CARDS = load_cards()
except ValueError as error:
    st.error(f"The flashcards file has a mistake: {error}", icon=":material/error:")
    st.stop()

GROUPS = (ALL, *groups(CARDS))

# The session's own deck and shuffle: each learner's piles are their own, and only the group is in the URL.
state.setdefault("fc_rng", np.random.default_rng())
if "fc_deck" not in state or state.get("fc_n_cards") != len(CARDS):  # the file may have changed
    state.fc_deck, state.fc_n_cards = new_deck(len(CARDS)), len(CARDS)


def chosen_cards(group):
    """The cards of `group` in file order, or every card."""
    return tuple(index for index, card in enumerate(CARDS) if group in (ALL, card.group))


def studying(group, n_cards):
    """'all 12 cards' or 'the 3 cards of “Everyday analogy”', for the lesson text."""
    return f"all {n_cards} cards" if group == ALL else f"the {n_cards} cards of “{escape_markdown(group)}”"


def move(name, *args):
    """Apply one Deck move (flip, step, shuffle, mark, focus) to the session's deck."""
    state.fc_deck = getattr(state.fc_deck, name)(*args)


def focus():
    """Follow the 'study only the again pile' toggle."""
    move("focus", state.fc_only_again)


def shuffle():
    """A new study order from the session's own random generator."""
    move("shuffle", state.fc_rng)


def start_over():
    """Both piles emptied, back to the first card in file order."""
    state.fc_deck = new_deck(len(CARDS))


def page_body():
    """What the widgets change: it reruns alone when one of them moves (see ui.shell.live)."""
    group = link_radio("Cards", "fcgroup", GROUPS, horizontal=True)
    chosen = chosen_cards(group)
    if set(state.fc_deck.order) != set(chosen):  # a new group (from the radio or a link), or a fresh deck
        state.fc_deck = state.fc_deck.select(chosen)
    deck = state.fc_deck
    card = CARDS[deck.current]

    if not settings.present:
        known_col, again_col, unsorted_col = st.columns(3)
        known_col.metric("Known", deck.count("known"))
        again_col.metric("Again", deck.count("again"))
        unsorted_col.metric("Not sorted yet", deck.unsorted)

    with st.container(border=True, key="fc_card"):
        st.caption(
            f"{card.group} · card {deck.position + 1} of {len(deck.studying)} · {deck.pile(deck.current)}"
        )
        st.markdown(f"## {card.front}")
        if deck.face_up:
            st.markdown(card.back)
        else:
            st.caption("Say the meaning to yourself, then flip the card.")

    previous_col, flip_col, next_col, shuffle_col = st.columns(4)
    previous_col.button(
        "Previous",
        key="fc_prev",
        on_click=move,
        args=("step", -1),
        icon=":material/arrow_back:",
        width="stretch",
    )
    flip_col.button(
        "Flip back" if deck.face_up else "Flip",
        key="fc_flip",
        on_click=move,
        args=("flip",),
        icon=":material/flip:",
        type="primary",
        width="stretch",
        shortcut="F",
    )
    next_col.button(
        "Next",
        key="fc_next",
        on_click=move,
        args=("step", 1),
        icon=":material/arrow_forward:",
        width="stretch",
    )
    shuffle_col.button(
        "Shuffle",
        key="fc_shuffle",
        on_click=shuffle,
        icon=":material/shuffle:",
        width="stretch",
    )

    if not settings.present:
        for column, (label, pile, icon) in zip(st.columns(2), PILE_BUTTONS, strict=True):
            column.button(
                label, key=f"fc_{pile}", on_click=move, args=("mark", pile), icon=icon, width="stretch"
            )
        state.fc_only_again = deck.only_again
        st.toggle(
            f"Study only the “again” pile ({deck.count('again')} cards)",
            key="fc_only_again",
            on_change=focus,
            disabled=not deck.count("again"),
            help="Put cards on the again pile first; then go round them until the pile is empty.",
        )
        st.button("Start over", key="fc_restart", on_click=start_over, icon=":material/restart_alt:")

    lesson_text(
        "flashcards",
        settings,
        {
            "n_terms": sum(entry.group == "Key term" for entry in CARDS),
            "n_analogies": sum(entry.group == "Everyday analogy" for entry in CARDS),
            "chosen": studying(group, len(chosen)),
            "known": deck.count("known"),
            "again": deck.count("again"),
        },
    )


live(page_body)
show_code(Deck.mark)
share_link(settings)
