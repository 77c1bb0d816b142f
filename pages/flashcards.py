import numpy as np
import streamlit as st

from content.flashcards import LATER, SOON, Deck, groups, load_cards, new_deck
from lessons.flashcards import (
    ALL,
    card_caption,
    cards,
    chosen_cards,
    lesson_values,
    pile_counts,
    progress_text,
)
from ui.shell import live, page_setup, share_link
from ui.widgets import lesson_text, link_radio, show_code

state = st.session_state
MARKS = (  # (pile, button label, icon, help): how soon the card comes back in this session
    (
        "again",
        f"Again soon (after {SOON} more)",
        ":material/replay:",
        f"Back after you sort {SOON} other cards.",
    ),
    (
        "later",
        f"Later (after {LATER} more)",
        ":material/schedule:",
        f"Back after you sort {LATER} other cards.",
    ),
    ("known", "Known (not again)", ":material/check:", "Not shown again this session."),
)

settings = page_setup("flashcards")

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


def progress(deck, n_cards):
    """The piles' counts, and a progress bar of the known cards among the `n_cards` chosen."""
    counts = pile_counts(deck)
    for column, (label, count) in zip(st.columns(4), counts.items(), strict=True):
        column.metric(label, count)
    st.progress(counts["Known"] / n_cards, text=progress_text(counts, n_cards))


def card_face(deck):
    """The current card: its caption and front, and its back once flipped."""
    card = CARDS[deck.current]
    with st.container(border=True, key="fc_card"):
        st.caption(card_caption(card, deck))
        st.markdown(f"## {card.front}")
        if deck.face_up:
            st.markdown(card.back)
        else:
            st.caption("Say the meaning to yourself, then flip the card.")


def steps(deck):
    """Previous, Flip, Next and Shuffle in one row."""
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


def sorting(deck):
    """The three piles' buttons, the again-soon-only toggle and Start over."""
    for column, (pile, label, icon, tip) in zip(st.columns(3), MARKS, strict=True):
        column.button(
            label, key=f"fc_{pile}", on_click=move, args=("mark", pile), icon=icon, help=tip, width="stretch"
        )
    state.fc_only_again = deck.only_again
    st.toggle(
        f"Study only the “again soon” pile ({cards(deck.count('again'))})",
        key="fc_only_again",
        on_change=focus,
        disabled=not deck.count("again"),
        help="Put cards on the again soon pile first; then go round them until the pile is empty.",
    )
    st.button("Start over", key="fc_restart", on_click=start_over, icon=":material/restart_alt:")


def page_body():
    group = link_radio("Cards", "fcgroup", GROUPS, horizontal=True)
    chosen = chosen_cards(CARDS, group)
    if set(state.fc_deck.order) != set(chosen):  # a new group (from the radio or a link), or a fresh deck
        state.fc_deck = state.fc_deck.select(chosen)
    deck = state.fc_deck
    if not settings.present:
        progress(deck, len(chosen))
    card_face(deck)
    steps(deck)
    if not settings.present:
        sorting(deck)
    lesson_text("flashcards", settings, lesson_values(CARDS, deck, group, len(chosen)))


live(page_body)
show_code(Deck.mark)
share_link(settings)
