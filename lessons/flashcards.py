"""The flashcards page's numbers and words: which cards a group holds, the piles' counts, the progress
line, the card's caption and the lesson's values (the deck and its moves are content.flashcards)."""

import catalogue
from content.flashcards import LATER, SOON
from content.text import escape_markdown

ALL = catalogue.page("flashcards").param("fcgroup").default  # "All cards": the link leaves it out
ANALOGIES = "Everyday analogy"
LESSON_GROUPS = {  # lesson placeholder: the group it counts
    "n_terms": "Key term",
    "n_analogies": ANALOGIES,
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


def cards(n):
    """'1 card', '3 cards'."""
    return f"{n} card{'' if n == 1 else 's'}"


def studying(group, n_cards):
    """'all 12 cards' or 'the 3 cards of “Everyday analogy”', for the lesson text."""
    return f"all {cards(n_cards)}" if group == ALL else f"the {cards(n_cards)} of “{escape_markdown(group)}”"


def where_to_start(group):
    """The Basic lesson's advice on the analogies: for the whole deck, the analogies or another group."""
    if group == ALL:
        return (
            "Start with the analogies: they give the intuition the definitions build on. In the deck's own "
            "order they come first, and choosing **Everyday analogy** under **Cards** shows only them."
        )
    if group == ANALOGIES:
        return "These analogies give the intuition the definitions build on."
    return "If a card does not stick, the **Everyday analogy** cards give the intuition behind it."


def lesson_values(cards, deck, group, n_chosen):
    """Every {{placeholder}} of assets/lessons/flashcards.md: the file's counts and this session's piles."""
    counts = {name: sum(card.group == kind for card in cards) for name, kind in LESSON_GROUPS.items()}
    return counts | {
        "later": deck.count("later"),
        "soon": SOON,
        "wait": LATER,
        "chosen": studying(group, n_chosen),
        "start": where_to_start(group),
        "known": deck.count("known"),
        "again": deck.count("again"),
    }
