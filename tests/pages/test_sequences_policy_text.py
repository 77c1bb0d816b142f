"""The policy part of /sequences: every claim about how the policy moves agrees with a path computed here
with scipy, for every learning rate on the slider's grid and every step count (review 19-2, finding 1)."""

import json
import math
import re

import numpy as np
import pytest
from scipy.special import softmax, xlogy

import catalogue

PAGE = "pages/sequences.py"
ACTIONS = ("left", "stay", "right")
START, TARGET = np.array([1.0, 0.0, -1.0]), np.array([0.1, 0.2, 0.7])
RATE, STEPS = catalogue.page("sequences").param("plr"), catalogue.page("sequences").param("pst")
RATES = np.round(np.arange(RATE.low, RATE.high + RATE.step / 2, RATE.step), 10)
TOLERANCE = 1e-12


def scipy_path(rate, steps):
    """Logits after 0..steps steps of z -= rate (softmax(z) - target), by hand with scipy."""
    path = [START.copy()]
    for _ in range(steps):
        path.append(path[-1] - rate * (softmax(path[-1]) - TARGET))
    return np.array(path)


def how_it_moved(path):
    """Per action, 'near' (crossed its target, and now within 0.005 of it: on it, to the bars' two
    decimals), 'overshot' (crossed it, not near now), 'away' (its gap grew, no crossing, and it is further
    from its target now than at the start), 'back' (its gap grew, no crossing, and it is no further now than
    at the start) or 'toward'; and
    the loss's steps: 'fell' (every step lower), 'floor' (lower until within 1e-9 of H(p)) or 'rose'."""
    policies = softmax(path, axis=1)
    gaps = policies - TARGET
    kinds = []
    for action in range(len(TARGET)):
        gap = gaps[:, action]
        crossed = np.any(
            (gap[:-1] * gap[1:] < 0) & (np.abs(gap[:-1]) > TOLERANCE) & (np.abs(gap[1:]) > TOLERANCE)
        )
        grew = np.any(np.abs(gap[1:]) > np.abs(gap[:-1]) + TOLERANCE)
        if crossed:
            kinds.append("near" if abs(gap[-1]) < 0.005 else "overshot")
        elif grew:
            kinds.append("back" if abs(gap[-1]) <= abs(gap[0]) else "away")
        else:
            kinds.append("toward")
    losses = -xlogy(TARGET, policies).sum(axis=1)
    floor = -xlogy(TARGET, TARGET).sum()
    steps = np.diff(losses)
    if np.all(steps < 0):
        loss = "fell"
    elif np.all((steps < 0) | ((losses[:-1] - floor < 1e-9) & (steps <= TOLERANCE))):
        loss = "floor"
    else:
        loss = "rose"
    return kinds, loss


def test_the_loss_never_rises_over_the_whole_slider_range():
    """The fact behind 'each step lowers the loss': checked at every η on the grid, up to the last step."""
    for rate in RATES:
        _, loss = how_it_moved(scipy_path(rate, int(STEPS.high)))
        assert loss in ("fell", "floor"), rate


@pytest.mark.parametrize("rate", RATES)
def test_the_policy_sentence_agrees_with_the_path_at_every_rate_and_step(rate):
    from core.sequences import policy_steps
    from lessons.sequences import policy_moves, policy_so_far, policy_title

    for steps in range(int(STEPS.high) + 1):
        path = scipy_path(rate, steps)
        assert policy_steps(START, TARGET, learning_rate=rate, steps=steps) == pytest.approx(path)
        sentence = policy_moves(ACTIONS, TARGET, path)
        if steps == 0:
            assert "moved" not in sentence and "overshot" not in sentence
            continue
        kinds, loss = how_it_moved(path)
        claims = sentence.split(", and ", 1)[1]
        assert policy_so_far(ACTIONS, TARGET, path) == f"So far {claims}", "the lesson says the same"
        assert policy_title(ACTIONS, TARGET, path).replace("<br>", " ").lower() == claims[:-1].lower()
        assert ("the loss fell at every step;" in sentence) == (loss == "fell"), (rate, steps, sentence)
        assert ("fell at every step until it reached its floor" in sentence) == (loss == "floor"), sentence
        assert "rose" not in sentence
        targets = "(?:its target|their targets)"
        for verb, kind in (
            (f"overshot {targets} and (?:is|are) now within 0.005", "near"),
            (f"overshot {targets}(?! and (?:is|are) now)", "overshot"),
            (f"moved away from {targets}(?! at first)", "away"),
            (f"moved away from {targets} at first and (?:is|are) now nearer", "back"),
        ):
            named = re.search(rf"((?:“[^”]+”(?:, | and )?)+) {verb}", sentence)
            said = set(re.findall(r"“([^”]+)”", named.group(1))) if named else set()
            assert said == {name for name, k in zip(ACTIONS, kinds, strict=True) if k == kind}, (
                rate,
                steps,
                sentence,
            )
        everything_toward = all(kind == "toward" for kind in kinds)
        assert ("every probability moved toward its target" in sentence) == everything_toward, sentence


def policy_chart(app):
    return next(chart for chart in app.get("plotly_chart") if chart.proto.id.endswith("-policy_chart"))


@pytest.mark.parametrize(("query", "rate", "steps"), [({}, 1.0, 3), ({"pst": "1", "plr": "5"}, 5.0, 1)])
def test_the_chart_never_promises_each_probability_moves_toward_its_target(open_page, query, rate, steps):
    app = open_page(PAGE, **query)
    chart = policy_chart(app)
    title = json.loads(chart.proto.spec)["layout"]["title"]["text"].replace("<br>", " ")
    kinds, _ = how_it_moved(scipy_path(rate, steps))
    assert "toward the target" not in title
    assert kinds[1] != "toward", "in both states 'stay' moves away from its target or overshoots it"
    verb = "overshot" if kinds[1] in ("overshot", "near") else "moved away"
    for text in (title, chart.proto.alt):
        assert "“stay”" in text and verb in text, text


def prose(app):
    parts = [block.value for kind in ("markdown", "caption", "info") for block in getattr(app, kind)]
    return " ".join(" ".join(parts).split())


@pytest.mark.parametrize("depth", ["medium", "detailed"])
def test_the_loss_is_the_mean_and_the_sum_is_the_negative_log_likelihood(open_page, depth):
    text = prose(open_page(PAGE, depth=depth))
    probs = np.array([0.1, 0.05, 0.2, 0.6, 0.8, 0.4])  # the catalogue's defaults
    mean, total = -np.log(probs).mean(), -np.log(probs).sum()
    assert "The sentence's loss is the sum" not in text and "or their mean" not in text
    assert f"The training loss is the mean of one cross-entropy per time step, {mean:.3f} nats" in text
    assert f"their sum, {total:.3f} nats, is the sentence's negative log-likelihood" in text


def test_the_fair_pick_preset_is_not_suggested_while_it_is_on(open_page):
    app = open_page(PAGE, depth="basic")
    assert "Try the “Fair pick among 10 words” preset." in prose(app)
    app.button(key="preset_Fair pick among 10 words").click().run()
    text = prose(app)
    assert "Try the" not in text and "fair pick among 10" in text
    assert math.isclose(math.exp(-math.log(0.1)), 10.0)  # perplexity of 0.1 for every word, by hand


def test_one_word_for_a_token_and_one_spelling_for_the_policy_quantities(open_page):
    app = open_page(PAGE)
    labels = [metric.label for metric in app.metric]
    assert "Mean loss per word" in labels
    assert {"Cross-entropy H(p, π)", "Left to remove: KL(p ‖ π)"} <= set(labels)
    specs = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    words = json.dumps(
        [spec["layout"] for spec in specs] + [spec["data"] for spec in specs], ensure_ascii=False
    )
    assert "token" not in words and "H(target" not in words and "per word" in words
    assert "H(target" not in " ".join(chart.proto.alt for chart in app.get("plotly_chart"))
    helps = [metric.help for metric in app.metric if "π" in metric.label]
    assert helps and all("p is the target, π the policy" in help for help in helps)
