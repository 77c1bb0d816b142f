"""Flashcards: key terms, analogies, formulas and memory aids read from Markdown, and a deck sorted
Leitner-style into 'again soon', 'later' and 'known'.

A Deck is an immutable value: every move (flip, next, shuffle, mark) returns a new Deck, so a page keeps
one in its session and replaces it, and a test can replay any sequence of moves.

Within a session the order follows the Leitner idea: a card marked 'again' comes back after SOON other
cards, one marked 'later' after LATER, one marked 'known' not at all, and cards not sorted yet fill the
turns in between.
"""

import re
from pathlib import Path
from typing import NamedTuple

CARDS_FILE = Path(__file__).resolve().parent.parent / "assets" / "flashcards.md"
PILES = ("known", "later", "again")
SOON, LATER = 3, 6  # how many marks later an "again" and a "later" card come back


class Card(NamedTuple):
    """One flashcard: its group (e.g. 'Key term'), the front a learner sees first, and the back."""

    group: str
    front: str
    back: str


def load_cards(path=CARDS_FILE):
    """cards = every '## front' heading of a Markdown file, with the text under it as the back.

    Parameters
    ----------
    path : str or Path
        assets/flashcards.md by default. A '# ' heading names the group of the cards
        under it; an HTML comment (<!-- -->) is the teacher's notes and is skipped.

    Returns
    -------
    tuple of Card
        In file order.

    Notes
    -----
    A card with no group, an empty back or a repeated front raises ValueError naming it.

    Examples
    --------
    >>> cards = load_cards()
    >>> cards[0].group
    'Everyday analogy'
    >>> groups(cards)
    ('Everyday analogy', 'Key term', 'Formula', 'Memory aid')
    """
    text = re.sub(r"<!--.*?-->", "", _read(path), flags=re.DOTALL)
    cards, group = [], None
    for heading, title, body in re.findall(r"^(#{1,2}) +(.+?) *\n(.*?)(?=^#{1,2} |\Z)", text, re.M | re.S):
        if heading == "#":
            group = title
        else:
            cards.append(_card(group, title, body.strip()))
    fronts = [card.front for card in cards]
    if not cards:
        raise ValueError(f"path: {Path(path).name} has no cards (a card starts with '## ')")
    if len(set(fronts)) != len(fronts):
        raise ValueError(f"path: the card “{max(fronts, key=fronts.count)}” appears twice")
    return tuple(cards)


def groups(cards):
    """The groups of `cards`, each once, in the order they first appear."""
    return tuple(dict.fromkeys(card.group for card in cards))


def _read(path):
    """The text of the cards file, or ValueError naming it."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"path: cannot read the flashcards file {path}: {error}") from error


def _card(group, front, back):
    """A Card, or ValueError if it has no group or no back."""
    if group is None:
        raise ValueError(f"path: the card “{front}” comes before any '# ' group heading")
    if not back:
        raise ValueError(f"path: the card “{front}” has nothing on its back")
    return Card(group, front, back)


class Deck(NamedTuple):
    """Where a learner is in the cards: study order, position, which face shows, the three piles, and
    when each 'again' or 'later' card is due back (`due`: (card, turn) pairs; `turn` counts the marks).

    `order` holds the cards being studied (all of them, or one group); the piles keep every mark,
    so a card marked known in one group is still known when the learner comes back to it.
    """

    order: tuple
    position: int = 0
    face_up: bool = False
    known: frozenset = frozenset()
    again: frozenset = frozenset()
    only_again: bool = False
    later: frozenset = frozenset()
    due: tuple = ()
    turn: int = 0

    @property
    def studying(self):
        """The cards being studied, in order: all of them, or only the 'again' pile."""
        return tuple(card for card in self.order if card in self.again) if self.only_again else self.order

    @property
    def current(self):
        """The index of the card on the table."""
        return self.studying[self.position]

    @property
    def unsorted(self):
        """How many cards of the order are in neither pile yet."""
        return sum(self.pile(card) == "not sorted yet" for card in self.order)

    def count(self, pile):
        """How many cards of the order are on `pile` ('known', 'later' or 'again').

        Examples
        --------
        >>> new_deck(3).mark("again").select((1, 2)).count("again")
        0
        """
        return len(set(self.order) & getattr(self, pile))

    def pile(self, card):
        """The pile a card is on: 'known', 'later', 'again', or 'not sorted yet'.

        Examples
        --------
        >>> new_deck(3).mark("again").pile(0)
        'again'
        """
        return next((pile for pile in PILES if card in getattr(self, pile)), "not sorted yet")

    def flip(self):
        """The same card, turned over.

        Examples
        --------
        >>> new_deck(3).flip().face_up
        True
        """
        return self._replace(face_up=not self.face_up)

    def step(self, by):
        """Move `by` cards forward (negative: back), wrapping around, face down.

        Examples
        --------
        >>> new_deck(3).step(1).current, new_deck(3).step(-1).current
        (1, 2)
        """
        return self._replace(position=(self.position + by) % len(self.studying), face_up=False)

    def shuffle(self, rng):
        """A new random study order from `rng` (a numpy Generator), starting at its first card, face down.

        Examples
        --------
        >>> import numpy as np
        >>> sorted(new_deck(5).shuffle(np.random.default_rng(0)).order)
        [0, 1, 2, 3, 4]
        """
        order = tuple(int(card) for card in rng.permutation(self.order))
        return self._replace(order=order, position=0, face_up=False)

    def mark(self, pile):
        """Put the current card on the 'known', 'later' or 'again' pile and move on (see upcoming).

        An 'again' card is due back SOON marks later, a 'later' card LATER marks later, a known card never.
        Studying only the 'again' pile, a card marked known or later leaves the pile, so the next card
        slides into its place; once the pile is empty, the whole deck is studied again.

        Examples
        --------
        >>> deck = new_deck(3).mark("again").mark("known")
        >>> sorted(deck.again), sorted(deck.known), deck.current
        ([0], [1], 2)
        """
        if pile not in PILES:
            raise ValueError(f"pile: must be one of {PILES}, got {pile!r}")
        card, turn = self.current, self.turn + 1
        piles = {
            name: getattr(self, name) | {card} if name == pile else getattr(self, name) - {card}
            for name in PILES
        }
        wait = {"again": SOON, "later": LATER}.get(pile)
        due = tuple((other, when) for other, when in self.due if other != card)
        due += ((card, turn + wait),) if wait else ()
        marked = self._replace(**piles, due=due, turn=turn, face_up=False)
        if not self.only_again:
            upcoming = marked.upcoming()
            return (
                marked.step(1) if upcoming is None else marked._replace(position=self.order.index(upcoming))
            )
        if not piles["again"] & set(self.order):
            return marked._replace(only_again=False, position=0)
        moved_on = self.position + (pile == "again")
        return marked._replace(position=moved_on % len(marked.studying))

    def upcoming(self):
        """The card to show next, Leitner-style: a card whose wait is over (the longest overdue first), else
        the next card not sorted yet after this one, else the card due back soonest; None if all are known.

        Examples
        --------
        >>> deck = new_deck(5).mark("again").mark("known").mark("later")
        >>> deck.current, deck.mark("known").current
        (3, 0)
        """
        waiting = {card: when for card, when in self.due if card in self.order}
        ready = [card for card in self.order if waiting.get(card, self.turn + 1) <= self.turn]
        if ready:
            return min(ready, key=waiting.get)
        count = len(self.order)
        after = (self.order[(self.position + step) % count] for step in range(1, count + 1))
        fresh = next((card for card in after if self.pile(card) == "not sorted yet"), None)
        if fresh is not None:
            return fresh
        return min(waiting, key=waiting.get) if waiting else None

    def focus(self, only_again):
        """Study only the 'again' pile (True) or every card (False), from the first, face down.

        Examples
        --------
        >>> new_deck(3).step(1).mark("again").focus(True).studying
        (1,)
        """
        if only_again and not self.count("again"):
            raise ValueError("only_again: the 'again' pile is empty, so there is nothing to study in it")
        return self._replace(only_again=bool(only_again), position=0, face_up=False)

    def select(self, cards):
        """Study only `cards` (one group, say), in that order, from the first, face down; both piles kept.

        Examples
        --------
        >>> deck = new_deck(4).mark("known").select((2, 3))
        >>> deck.studying, deck.current, sorted(deck.known)
        ((2, 3), 2, [0])
        """
        cards = tuple(int(card) for card in cards)
        if not cards:
            raise ValueError("cards: choose at least one card to study")
        return self._replace(order=cards, position=0, face_up=False, only_again=False)


def new_deck(n_cards):
    """A deck of cards 0 .. n_cards - 1 in file order, first card face down, every pile empty.

    Examples
    --------
    >>> deck = new_deck(3)
    >>> deck.order, deck.position, deck.face_up, deck.known, deck.later, deck.again, deck.turn
    ((0, 1, 2), 0, False, frozenset(), frozenset(), frozenset(), 0)
    """
    if isinstance(n_cards, bool) or not isinstance(n_cards, int) or n_cards < 1:
        raise ValueError(f"n_cards: must be a whole number >= 1, got {n_cards!r}")
    return Deck(tuple(range(n_cards)))
