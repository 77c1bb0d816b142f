"""The flashcards page's numbers and words: which cards a group holds, the piles' counts, the progress
line, the card's caption and the lesson's values (the deck and its moves are content.flashcards)."""

import catalogue
from content.flashcards import LATER, SOON
from content.text import escape_markdown

ALL = catalogue.page("flashcards").param("fcgroup").default  # "All cards": the link leaves it out
LESSON_GROUPS = {  # lesson placeholder: the group it counts
    "n_terms": "Key term",
    "n_analogies": "Everyday analogy",
    "n_formulas": "Formula",
    "n_aids": "Memory aid",
}


def chosen_cards(cards, group):
    """The indices of the cards of `group` in file order, or of every card."""
    return tuple(index for index, card in enumerate(cards) if group in (ALL, card.group))


def pile_counts(deck):
    """{label: count} of the four numbers above the card: known, later, again soon, not sorted yet."""
    counts = {pile.capitalize(): deck.count(pile) for pile in ("known", "later")}
    return counts | {"Again soon": deck.count("again"), "Not sorted yet": deck.unsorted}


def progress_text(counts, n_cards):
    """'3 of 12 known · 2 later · 1 again soon', the progress bar's words."""
    if counts["Known"] == n_cards:
        return f"All {n_cards} known. Start over, or choose another group."
    return (
        f"{counts['Known']} of {n_cards} known · {counts['Later']} later · {counts['Again soon']} again soon"
    )


def card_caption(card, deck):
    """'Key term · card 3 of 12 · again soon': the card's group, its place in the round and its pile."""
    pile = deck.pile(deck.current)
    return (
        f"{card.group} · card {deck.position + 1} of {len(deck.studying)} · "
        f"{'again soon' if pile == 'again' else pile}"
    )


def studying(group, n_cards):
    """'all 12 cards' or 'the 3 cards of “Everyday analogy”', for the lesson text."""
    return f"all {n_cards} cards" if group == ALL else f"the {n_cards} cards of “{escape_markdown(group)}”"


def lesson_values(cards, deck, group, n_chosen):
    """Every {{placeholder}} of assets/lessons/flashcards.md: the file's counts and this session's piles."""
    counts = {name: sum(card.group == kind for card in cards) for name, kind in LESSON_GROUPS.items()}
    return counts | {
        "later": deck.count("later"),
        "soon": SOON,
        "wait": LATER,
        "chosen": studying(group, n_chosen),
        "known": deck.count("known"),
        "again": deck.count("again"),
    }
