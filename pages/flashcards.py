import numpy as np
import streamlit as st

import catalogue
from content.flashcards import LATER, SOON, Deck, groups, load_cards, new_deck
from content.text import escape_markdown
from ui.shell import live, page_setup, share_link
from ui.widgets import lesson_text, link_radio, show_code

ALL = catalogue.page("flashcards").param("fcgroup").default  # "All cards": the link leaves it out

state = st.session_state
MARKS = (  # (pile, button label, icon): how soon the card comes back in this session
    ("again", f"Again soon (in {SOON} cards)", ":material/replay:"),
    ("later", f"Later (in {LATER} cards)", ":material/schedule:"),
    ("known", "Known (not again)", ":material/check:"),
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


def progress_text(counts, n_cards):
    """'3 of 12 known · 2 later · 1 again soon', the progress bar's words."""
    if counts["Known"] == n_cards:
        return f"All {n_cards} known. Start over, or choose another group."
    return (
        f"{counts['Known']} of {n_cards} known · {counts['Later']} later · {counts['Again soon']} again soon"
    )


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
    group = link_radio("Cards", "fcgroup", GROUPS, horizontal=True)
    chosen = chosen_cards(group)
    if set(state.fc_deck.order) != set(chosen):  # a new group (from the radio or a link), or a fresh deck
        state.fc_deck = state.fc_deck.select(chosen)
    deck = state.fc_deck
    card = CARDS[deck.current]

    if not settings.present:
        counts = {pile.capitalize(): deck.count(pile) for pile in ("known", "later")}
        counts |= {"Again soon": deck.count("again"), "Not sorted yet": deck.unsorted}
        for column, (label, count) in zip(st.columns(4), counts.items(), strict=True):
            column.metric(label, count)
        st.progress(counts["Known"] / len(chosen), text=progress_text(counts, len(chosen)))

    with st.container(border=True, key="fc_card"):
        st.caption(
            f"{card.group} · card {deck.position + 1} of {len(deck.studying)} · "
            f"{'again soon' if deck.pile(deck.current) == 'again' else deck.pile(deck.current)}"
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
        for column, (pile, label, icon) in zip(st.columns(3), MARKS, strict=True):
            column.button(
                label, key=f"fc_{pile}", on_click=move, args=("mark", pile), icon=icon, width="stretch"
            )
        state.fc_only_again = deck.only_again
        st.toggle(
            f"Study only the “again soon” pile ({deck.count('again')} cards)",
            key="fc_only_again",
            on_change=focus,
            disabled=not deck.count("again"),
            help="Put cards on the again soon pile first; then go round them until the pile is empty.",
        )
        st.button("Start over", key="fc_restart", on_click=start_over, icon=":material/restart_alt:")

    lesson_text(
        "flashcards",
        settings,
        {
            "n_terms": sum(entry.group == "Key term" for entry in CARDS),
            "n_analogies": sum(entry.group == "Everyday analogy" for entry in CARDS),
            "n_formulas": sum(entry.group == "Formula" for entry in CARDS),
            "n_aids": sum(entry.group == "Memory aid" for entry in CARDS),
            "later": deck.count("later"),
            "soon": SOON,
            "wait": LATER,
            "chosen": studying(group, len(chosen)),
            "known": deck.count("known"),
            "again": deck.count("again"),
        },
    )


live(page_body)
show_code(Deck.mark)
share_link(settings)
