"""Flashcards: the cards file, the Deck's moves and piles (content.flashcards), and the page in AppTest."""

import numpy as np
import pytest
from helpers import metrics
from hypothesis import given, settings
from hypothesis import strategies as st

from content.flashcards import CARDS_FILE, load_cards, new_deck

PAGE = "pages/flashcards.py"
CARDS = load_cards()
KEY_TERMS = [
    "Loss function",
    "Cross-entropy loss",
    "Probability distribution",
    "Softmax",
    "One-hot encoding",
    "Logit",
    "Entropy",
    "KL divergence",
    "Gradient",
]


# --- The cards file ---


def test_every_key_term_of_the_brief_has_a_card_in_order():
    terms = [card.front for card in CARDS if card.group == "Key term"]
    assert terms == KEY_TERMS


def test_the_three_everyday_analogies_are_there():
    analogies = [card for card in CARDS if card.group == "Everyday analogy"]
    fronts = " ".join(card.front.lower() for card in analogies)
    assert len(analogies) == 3
    assert all(word in fronts for word in ("teacher", "cook", "treasure map"))
    backs = {card.front: card.back.lower() for card in analogies}
    assert all("loss" in back for back in backs.values())
    assert any("gradient" in back and "which way" in back for back in backs.values())
    assert any("weights" in back for back in backs.values())


def test_cards_that_could_feed_a_myth_name_its_limit():
    """A floor of 0, 'only the truth counts' and 'the loss is a distance' each come with their exception
    (soft labels' entropy H(p); softmax's sum; asymmetry), as /information, /variants and myths 3-4 teach."""
    backs = {card.front: " ".join(card.back.split()) for card in CARDS}
    assert "0 for perfect" not in " ".join(backs.values())
    assert "H(p)" in backs["Loss function"] and "soft labels" in backs["Loss function"]
    for front in ("A treasure map that is a little off", "The treasure map, in one line"):
        assert "not a true distance" in backs[front] and "soft labels" in backs[front]
    aid = backs["CEL: three letters for cross-entropy loss"]
    assert "ount only the truth" in aid and "softmax" in aid and "soft labels" in aid


def test_a_card_that_says_which_way_says_the_step_goes_against_the_gradient():
    """The gradient points uphill: every sentence that gives it a 'which way' says the step goes the other
    way, and the Gradient card does not call the gradient itself the way to move."""
    import re

    backs = {card.front: " ".join(card.back.split()) for card in CARDS}
    sentences = [s for back in backs.values() for s in re.split(r"(?<=[.:;])\s", back) if "which way" in s]
    assert len(sentences) >= 2
    assert [s for s in sentences if "other way" not in s and "against" not in s] == []
    assert "moves against its gradient" in backs["Gradient"] and "(which way" not in backs["Gradient"]
    treasure = backs["A treasure map that is a little off"]
    said = (
        "says which way is uphill, and how steep the ground is where you stand (not how far the treasure is)"
    )
    assert (
        f"The gradient (the push) {said}" in treasure and "how far, the map" not in treasure
    )  # review 27-H #4
    assert treasure.count("which way") == 1, "said once (review 27-D #9)"


def test_the_gradient_card_names_the_unit_of_its_loss():
    """Review 27-H #5: in bits the quiz grades (q − p)/ln 2, and the card gave q − p with no unit."""
    back = " ".join(next(card.back for card in CARDS if card.front == "Gradient").split())
    assert "Both are for the loss in nats; in bits divide by $\\ln 2$." in back


def test_natural_logs_and_the_loss_of_the_push_are_named():
    """ln where a formula needs the natural log whatever the unit; ∂/∂z of a named loss, in nats."""
    backs = {card.front: card.back for card in CARDS}
    assert "z = \\ln" in backs["Logit"] and "\\log \\frac{q}{1 - q}" not in backs["Logit"]
    push = " ".join(backs["The push of softmax with cross-entropy"].split())
    assert "\\partial H(p, q)" in push and "\\partial L" not in push
    assert "in nats" in push and "\\ln 2" in push and "against" in push


def test_the_deck_opens_with_the_analogies_as_the_lesson_says():
    groups_in_order = [card.group for card in CARDS]
    n_analogies = groups_in_order.count("Everyday analogy")
    assert groups_in_order[:n_analogies] == ["Everyday analogy"] * n_analogies


def test_every_card_uses_the_notation_p_truth_q_prediction():
    import re

    text = " ".join(f"{card.front} {card.back}" for card in CARDS)
    forbidden = [
        r"\bp\s*[-−]\s*y\b",
        r"\\frac\{p\}\{1 - p\}",
        r"\(1\s*[-−]\s*p\)",
        r"\\log p(?!\(i\))",
    ]  # p(i): the truth's entropy
    assert [pattern for pattern in forbidden if re.search(pattern, text)] == []
    backs = {card.front: card.back for card in CARDS}
    assert "q = \\sigma(z)" in backs["Logit"] and "1 / (1 + e^{-z})" in backs["Logit"]
    assert "q - p" in backs["Gradient"] and "q - y" in backs["Gradient"]
    assert "fine (the loss)" in text and "(the push)" in text


def test_each_card_has_a_back_with_balanced_math():
    raw = CARDS_FILE.read_text(encoding="utf-8")
    assert len(CARDS) == raw.count("\n## ")
    for card in CARDS:
        assert len(card.back) > 40
        assert card.back.count("$") % 2 == 0


@pytest.mark.parametrize(
    "text, problem",
    [
        ("## Orphan\nno group\n", "before any '# ' group"),
        ("# Group\n## Empty\n\n## Next\nback\n", "nothing on its back"),
        ("# Group\n## Twice\nback\n## Twice\nback again\n", "appears twice"),
        ("# Group\nno cards here\n", "has no cards"),
        ("<!-- ## hidden\nnot a card -->\n# Group\n", "has no cards"),
    ],
)
def test_a_broken_cards_file_names_the_problem(tmp_path, text, problem):
    path = tmp_path / "cards.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=f"^path: .*{problem}"):
        load_cards(path)


def test_a_missing_cards_file_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="^path: cannot read"):
        load_cards(tmp_path / "none.md")


# --- The deck ---


def test_next_and_previous_wrap_around_face_down():
    deck = new_deck(3).flip()
    assert deck.step(1).current == 1 and not deck.step(1).face_up
    assert deck.step(-1).current == 2
    assert deck.step(3).current == 0


def test_marking_moves_cards_between_piles_and_on():
    deck = new_deck(4).mark("known").mark("again")
    assert (deck.known, deck.again, deck.current, deck.unsorted) == ({0}, {1}, 2, 2)
    deck = deck.step(-1).mark("known")
    assert (deck.known, deck.again) == ({0, 1}, frozenset()), "a card is on one pile at most"


def test_studying_the_again_pile_until_it_is_empty_returns_to_the_whole_deck():
    deck = new_deck(5).mark("again").mark("known").mark("again").mark("again")
    deck = deck.focus(True)
    assert deck.studying == (0, 2, 3)
    assert deck.current == 0
    deck = deck.mark("again")
    assert deck.current == 2, "kept on the pile, so the next card comes up"
    deck = deck.mark("known")
    assert deck.studying == (0, 3) and deck.current == 3, "left the pile, the next card slides in"
    deck = deck.mark("known").mark("known")
    assert not deck.again and not deck.only_again
    assert deck.studying == (0, 1, 2, 3, 4)


def test_only_again_needs_cards_on_that_pile():
    with pytest.raises(ValueError, match="^only_again: "):
        new_deck(3).focus(True)


@pytest.mark.parametrize("bad", [0, -1, 2.5, True, "3"])
def test_a_deck_needs_a_whole_number_of_cards(bad):
    with pytest.raises(ValueError, match="^n_cards: "):
        new_deck(bad)


def test_a_pile_must_be_known_later_or_again():
    with pytest.raises(ValueError, match="^pile: "):
        new_deck(3).mark("maybe")


moves = st.lists(
    st.one_of(
        st.just(("flip",)),
        st.tuples(st.just("step"), st.integers(-3, 3)),
        st.tuples(st.just("shuffle"), st.integers(0, 1000)),
        st.tuples(st.just("mark"), st.sampled_from(["known", "later", "again"])),
        st.tuples(st.just("focus"), st.booleans()),
    ),
    max_size=30,
)


@settings(max_examples=60)
@given(n=st.integers(1, 12), sequence=moves)
def test_any_sequence_of_moves_keeps_the_deck_consistent(n, sequence):
    deck = new_deck(n)
    for name, *args in sequence:
        if name == "shuffle":
            args = [np.random.default_rng(args[0])]
        if name == "focus" and args[0] and not deck.again:
            continue
        deck = getattr(deck, name)(*args)
        assert sorted(deck.order) == list(range(n))
        assert not deck.known & deck.again and not deck.known & deck.later and not deck.later & deck.again
        assert deck.known | deck.again | deck.later <= set(range(n))
        assert deck.unsorted == n - len(deck.known) - len(deck.again) - len(deck.later)
        assert {card for card, _ in deck.due} == deck.again | deck.later, "every waiting card is due back"
        assert 0 <= deck.position < len(deck.studying)
        assert deck.current in deck.studying
        assert not deck.only_again or set(deck.studying) == set(deck.again)


def test_shuffle_is_a_permutation_from_the_generator():
    deck = new_deck(12).step(5).flip().shuffle(np.random.default_rng(4))
    assert deck.order == tuple(np.random.default_rng(4).permutation(12))
    assert (deck.position, deck.face_up) == (0, False)


# --- The page ---


def piles(known, later, soon, unsorted):
    """The four counts the page shows above the card, as its metrics read."""
    return {
        "Known": str(known),
        "Later": str(later),
        "Again soon": str(soon),
        "Not sorted yet": str(unsorted),
    }


def shown_front(app):
    return next(block.value[3:] for block in app.markdown if block.value.startswith("## "))


def caption_text(app):
    return " ".join(caption.value for caption in app.caption)


def test_the_first_card_opens_face_down_and_flips(open_page):
    app = open_page(PAGE)
    assert not app.exception
    assert shown_front(app) == CARDS[0].front
    assert CARDS[0].back not in [block.value for block in app.markdown]
    assert f"card 1 of {len(CARDS)}" in caption_text(app)
    app.button(key="fc_flip").click().run()
    assert CARDS[0].back in [block.value for block in app.markdown]
    assert app.button(key="fc_flip").label == "Flip back"


def test_next_and_previous(open_page):
    app = open_page(PAGE)
    app.button(key="fc_next").click().run()
    assert shown_front(app) == CARDS[1].front
    app.button(key="fc_prev").click().run()
    app.button(key="fc_prev").click().run()
    assert shown_front(app) == CARDS[-1].front, "wraps around"


def test_shuffle_uses_the_session_generator(open_page):
    app = open_page(PAGE)
    app.session_state["fc_rng"] = np.random.default_rng(11)
    app.button(key="fc_shuffle").click().run()
    order = np.random.default_rng(11).permutation(len(CARDS))
    assert app.session_state["fc_deck"].order == tuple(order)
    assert shown_front(app) == CARDS[order[0]].front


def test_known_and_again_piles_with_counts_and_the_again_only_round(open_page):
    app = open_page(PAGE)
    assert metrics(app) == piles(0, 0, 0, len(CARDS))
    assert app.toggle(key="fc_only_again").disabled
    app.button(key="fc_known").click().run()
    app.button(key="fc_again").click().run()
    app.button(key="fc_again").click().run()
    assert metrics(app) == piles(1, 0, 2, len(CARDS) - 3)
    assert shown_front(app) == CARDS[3].front
    app.toggle(key="fc_only_again").set_value(True).run()
    assert shown_front(app) == CARDS[1].front
    assert "card 1 of 2" in caption_text(app) and "again" in caption_text(app)
    app.button(key="fc_known").click().run()
    assert shown_front(app) == CARDS[2].front
    app.button(key="fc_known").click().run()
    assert not app.exception
    assert metrics(app) == piles(3, 0, 0, len(CARDS) - 3)
    assert app.toggle(key="fc_only_again").value is False, "an empty pile ends the round"
    assert f"card 1 of {len(CARDS)}" in caption_text(app)


def test_start_over_empties_both_piles(open_page):
    app = open_page(PAGE)
    app.button(key="fc_known").click().run()
    app.button(key="fc_again").click().run()
    app.button(key="fc_restart").click().run()
    assert metrics(app) == piles(0, 0, 0, len(CARDS))
    assert shown_front(app) == CARDS[0].front


def test_presenter_mode_keeps_only_the_card_and_its_moves(open_page):
    app = open_page(PAGE, present="true")
    assert not app.exception
    assert metrics(app) == {}
    assert {button.key for button in app.button} >= {"fc_prev", "fc_flip", "fc_next", "fc_shuffle"}
    assert "fc_known" not in {button.key for button in app.button}
    app.button(key="fc_flip").click().run()
    assert CARDS[0].back in [block.value for block in app.markdown]


@pytest.mark.parametrize(
    "query",
    [
        {"fc_deck": "<script>alert(1)</script>"},
        {"present": "**yes**"},
        {"depth": "nan"},
        {"units": ""},
        {"fc_only_again": "true"},
    ],
)
def test_hostile_links_do_not_crash(open_page, query):
    app = open_page(PAGE, **query)
    assert not app.exception
    assert shown_front(app) == CARDS[0].front
    assert "<script>" not in " ".join(warning.value for warning in app.warning)


@pytest.mark.parametrize("depth", ["Basic", "Medium", "Detailed"])
def test_the_lesson_follows_the_depth_with_live_counts(open_page, depth):
    app = open_page(PAGE, depth=depth.lower())
    app.button(key="fc_again").click().run()
    text = " ".join(" ".join(block.value.split()) for block in app.markdown)
    assert "{{" not in text
    assert f"({depth.lower()} explanation)" in text
    if depth != "Basic":
        assert "0 known, 0 for later and 1 to go over again soon" in text
    else:
        assert (
            "3 everyday analogies, 9 key terms, 5 formulas and 3 memory aids; you are studying "
            f"**all {len(CARDS)} cards**"
        ) in text


# --- Choosing a group ---


def test_select_studies_one_group_and_keeps_every_mark():
    deck = new_deck(6).mark("known").mark("again").select((3, 4, 5))
    assert (deck.studying, deck.current, deck.count("known"), deck.count("again"), deck.unsorted) == (
        (3, 4, 5),
        3,
        0,
        0,
        3,
    )
    deck = deck.mark("again").focus(True)
    assert deck.studying == (3,)
    deck = deck.mark("known")
    assert not deck.only_again and deck.studying == (3, 4, 5), "the group's again pile emptied: round over"
    deck = deck.select(range(6))
    assert (sorted(deck.known), sorted(deck.again)) == ([0, 3], [1]), "marks made anywhere are kept"
    with pytest.raises(ValueError, match="^cards: "):
        deck.select(())


def test_the_group_filter_shows_only_that_group_and_counts_its_piles(open_page):
    analogies = [index for index, card in enumerate(CARDS) if card.group == "Everyday analogy"]
    terms = [index for index, card in enumerate(CARDS) if card.group == "Key term"]
    app = open_page(PAGE)
    app.button(key="fc_known").click().run()  # the first card (an analogy) is known
    app.radio(key="fcgroup").set_value("Key term").run()
    assert not app.exception
    assert shown_front(app) == CARDS[terms[0]].front
    assert f"card 1 of {len(terms)}" in caption_text(app)
    assert metrics(app) == piles(0, 0, 0, len(terms))
    app.radio(key="fcgroup").set_value("Everyday analogy").run()
    assert shown_front(app) == CARDS[analogies[0]].front
    assert metrics(app) == piles(1, 0, 0, len(analogies) - 1)
    text = " ".join(" ".join(block.value.split()) for block in app.markdown)
    assert f"you are studying **the {len(analogies)} cards of “Everyday analogy”**" in text


def test_a_link_opens_on_its_group_and_a_bad_one_says_so(open_page):
    first_term = next(card for card in CARDS if card.group == "Key term")
    app = open_page(PAGE, fcgroup="Key term")
    assert not app.exception and not app.warning
    assert shown_front(app) == first_term.front
    app = open_page(PAGE, fcgroup="<script>alert(1)</script>")
    assert not app.exception
    assert any("not usable" in warning.value for warning in app.warning)
    assert "<script>" not in " ".join(warning.value for warning in app.warning)
    assert shown_front(app) == CARDS[0].front and app.radio(key="fcgroup").value == "All cards"


# --- Leitner order, groups and memory aids ---


def shown_in_order(deck, marks):
    """The cards shown, one per mark, while marking them as `marks` says."""
    shown = []
    for pile in marks:
        shown.append(deck.current)
        deck = deck.mark(pile)
    return shown, deck


def test_again_soon_comes_back_after_three_cards_later_after_six_known_never():
    # Card 0 again soon, card 1 later, card 2 known; every other card known as it comes.
    shown, _ = shown_in_order(new_deck(10), ["again", "later", "known", "known", "known", "known", "known"])
    assert shown[:4] == [0, 1, 2, 3] and shown[4] == 0, "again soon: back after three other cards"
    deck = new_deck(10)
    shown, deck = shown_in_order(deck, ["later", *["known"] * 6])
    assert shown == [0, 1, 2, 3, 4, 5, 6] and deck.current == 0, "later: back after six other cards"
    assert 2 not in shown_in_order(deck, ["known"] * 3)[0], "a known card is not shown again"


def test_when_every_card_is_sorted_the_soonest_due_comes_next():
    deck = new_deck(2).mark("later").mark("again")
    assert deck.current == 1, "card 0 is due back at turn 7, card 1 at turn 5: nothing fresh, so the soonest"
    deck = new_deck(2).mark("known").mark("known")
    assert deck.count("known") == 2 and deck.upcoming() is None


def test_the_progress_bar_counts_the_known_cards_of_the_group(open_page):
    app = open_page(PAGE)
    bar = app.get("progress")[0]
    assert bar.proto.value == 0
    app.button(key="fc_known").click().run()
    app.button(key="fc_later").click().run()
    bar = app.get("progress")[0]
    assert bar.proto.value == round(100 / len(CARDS))
    assert f"1 of {len(CARDS)} known · 1 later · 0 again soon" in bar.proto.text
    assert metrics(app) == piles(1, 1, 0, len(CARDS) - 2)


def test_the_four_groups_are_there_and_the_filter_shows_each(open_page):
    from content.flashcards import groups

    assert groups(CARDS) == ("Everyday analogy", "Key term", "Formula", "Memory aid")
    app = open_page(PAGE, fcgroup="Memory aid")
    assert not app.exception and not app.warning
    aids = [card for card in CARDS if card.group == "Memory aid"]
    assert shown_front(app) == aids[0].front and f"card 1 of {len(aids)}" in caption_text(app)


def test_the_memory_aids_hold_a_rhyme_and_the_cel_acronym():
    aids = {card.front: card.back for card in CARDS if card.group == "Memory aid"}
    rhyme = next(back for front, back in aids.items() if "rhyme" in front.lower())
    assert "right" in rhyme and "slight" in rhyme and "wrong" in rhyme and "long" in rhyme
    cel = next(back for front, back in aids.items() if "CEL" in front)
    initials = [line[2] for line in cel.splitlines() if line.startswith("**")]
    assert initials == ["C", "E", "L"]
    assert "**L**og, flip the sign, average: add each sample's" in cel, "the order of its own gloss (27-D #7)"


def test_counts_of_one_card_are_singular_and_the_analogy_advice_fits_the_group(open_page):
    from lessons.flashcards import cards, where_to_start

    assert (cards(1), cards(3)) == ("1 card", "3 cards")
    assert "Start with the analogies" in where_to_start("All cards")
    assert "Start with" not in where_to_start("Key term") and "Everyday analogy" in where_to_start("Key term")
    app = open_page(PAGE, fcgroup="Key term")
    app.button(key="fc_again").click().run()
    assert "(1 card)" in app.toggle(key="fc_only_again").label
