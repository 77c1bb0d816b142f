"""The lesson plan: a route of about an hour of prepared links, each opening its page without a notice, in
presenter mode, on the plan's question with nothing that answers it until Reveal; the points to make only in
the teacher's view."""

import re

import numpy as np
import pytest

import catalogue
from catalogue import COURSE, PAGES
from content.lesson_files import lesson
from content.plan import route

STEPS = route()


def test_the_timings_are_honest_about_an_hour_within_the_lessons_own_estimates():
    total = sum(step.minutes for step in STEPS)
    assert 50 <= total <= 65, "a realistic run of the route, measured at about 58 minutes"
    assert "about an hour" in lesson("plan", "intro")
    for slug in {step.page.slug for step in STEPS}:
        spent = sum(step.minutes for step in STEPS if step.page.slug == slug)
        assert spent <= COURSE[slug].minutes, f"{slug}: the plan spends more than the lesson's own estimate"


def test_every_step_has_a_question_and_a_point():
    assert len(STEPS) >= 6
    for step in STEPS:
        assert step.query.get("present") == "true", f"{step.title}: presenter mode on"
        assert step.ask.endswith("?"), f"{step.title}: the question before the reveal"
        assert len(step.point) > 40, f"{step.title}: the point after the reveal"


def test_the_route_follows_the_teaching_order():
    order = [entry.slug for entry in PAGES]
    positions = [order.index(step.page.slug) for step in STEPS]
    assert positions == sorted(positions)


@pytest.mark.parametrize("number", range(len(STEPS)), ids=[step.title for step in STEPS])
def test_every_link_opens_its_page_without_a_notice_in_presenter_mode(open_page, number):
    step = STEPS[number]
    app = open_page(step.page.path, **step.query)
    assert not app.exception
    assert not app.warning, [warning.value for warning in app.warning]
    assert app.session_state["present"] is True
    for key, value in step.query.items():
        if key != "present":
            assert str(app.session_state[key]) in {value, str(float(value))}, key


def test_the_projected_plan_lists_every_step_as_a_short_link_with_its_question_and_no_point(open_page):
    app = open_page("pages/plan.py", depth="Medium")
    assert not app.exception and not app.warning
    links = [link for link in app.get("page_link") if link.proto.label.startswith("Open ")]
    assert [link.proto.page for link in links] == [step.page.slug for step in STEPS]
    assert [link.proto.query_string for link in links] == [f"depth=medium&step={n}" for n in range(1, 10)]
    texts = " ".join(element.value for element in app.markdown)
    assert all(
        f"**{n}. {step.title}** · {step.minutes} min" in texts for n, step in enumerate(STEPS, start=1)
    )
    assert all(step.ask in texts for step in STEPS)
    assert not any(step.point.split("{{")[0][:40] in texts for step in STEPS), "no answer on the projector"
    total = sum(step.minutes for step in STEPS)
    assert f"{total} minutes in all" in " ".join(element.value for element in app.caption)


def test_the_teachers_view_gives_each_point_a_short_link_and_a_qr_code(open_page):
    app = open_page("pages/plan.py", notes="true")
    assert not app.exception and not app.warning
    texts = " ".join(" ".join(element.value.split()) for element in app.markdown)
    assert "{{" not in texts
    for number, step in enumerate(STEPS, start=1):
        assert " ".join(step.point.split("{{")[0].split()) in texts, step.title
        assert re.search(rf"`http://[^`]+{re.escape(step.page.url)}\?step={number}`", texts), step.title
    assert len(app.get("image")) == len(STEPS), "a QR code per step"


def test_a_broken_step_is_named():
    with pytest.raises(ValueError, match="Ask"):
        route("### 5 · Broken\nLink: /binary?q=0.5\nPoint: something to say\n")
    with pytest.raises(ValueError, match="not a page"):
        route("### 5 · Lost\nLink: /nowhere\nAsk: where?\nPoint: nowhere at all\n")


def test_every_link_label_is_short_enough_for_a_phone(open_page):
    app = open_page("pages/plan.py")
    labels = [link.proto.label for link in app.get("page_link") if link.proto.label.startswith("Open ")]
    assert len(labels) == len(STEPS)
    assert max(map(len, labels)) <= 32, "about 32 characters fit beside the icon in a bordered box at 390 px"


def test_the_squared_error_point_quotes_the_push_factor_of_its_own_link(open_page):
    step = next(step for step in STEPS if step.page.slug == "ce-vs-mse")
    q = float(step.asked["q"])
    factor = 2 * q * (1 - q)  # d(1 − q)²/dz over d(−log q)/dz, with q = σ(z) and y = 1
    texts = " ".join(element.value for element in open_page("pages/plan.py", notes="true").markdown)
    assert "multiplied\nby q(1 − q)" not in texts and "multiplied by q(1 − q)" not in texts
    shown = " ".join(texts.split())
    assert f"cross-entropy's times 2q(1 − q) = {factor:.3f} here: {1 / factor:.1f} times weaker" in shown
    # Review 27-D #4: squared error has no nats; only cross-entropy's push is of its loss in nats.
    assert "(cross-entropy's push is of its loss in nats; squared error's has no unit)" in shown
    assert "both pushes of the loss in nats" not in shown


def test_the_race_point_claims_only_the_best_rate_on_the_grid():
    step = next(step for step in STEPS if step.page.slug == "training")
    assert "its own best rate" not in step.point
    assert "the best rate on the page's grid of rates" in step.point


def test_the_race_question_names_the_start_that_decides_it():
    """From a gentle start the race is a tie or too close to call, so the question names its start, the lab's
    default, confidently wrong weights, and the best rate each loss gets (review 26-D, S2)."""
    step = next(step for step in STEPS if step.page.slug == "training")
    ask = " ".join(step.ask.split())
    assert "default weights" in ask and "confidently wrong" in ask and "best rate" in ask
    assert catalogue.page("training").param("init").default_of("init") > 1  # larger than the gentle start


PREDICT_BOXES = [step for step in STEPS if step.opens_before()]


def test_links_whose_page_can_move_there_open_on_the_state_before_the_question():
    assert {step.page.slug for step in PREDICT_BOXES} == {"binary", "ce-vs-mse", "information", "numerics"}


def test_the_exact_forecasters_step_reveals_a_forecast_equal_to_the_truth(open_page):
    """'Can a forecaster who knows the true frequencies exactly …': Reveal shows q = p, so KL is 0 and the
    cross-entropy left is the truth's entropy (review 27-A #2: it showed the default q, KL 0.433 nats)."""
    number, step = next((n, s) for n, s in enumerate(STEPS, start=1) if s.page.slug == "information")
    app = open_page(step.page.path, step=str(number))
    app.button(key="plan_reveal").click().run()
    shown = {metric.label: metric.value for metric in app.metric}
    p = np.array([4.0, 2.0, 1.0, 1.0]) / 8  # the page's default truth, in the question
    entropy = -(p * np.log(p)).sum()
    kl = next(value for label, value in shown.items() if label.startswith("KL"))
    cross = next(value for label, value in shown.items() if label.startswith("Cross-entropy"))
    assert kl == "0.000 nats" and cross == f"{entropy:.3f} nats" == "1.213 nats"


@pytest.mark.parametrize("number", range(1, len(STEPS) + 1), ids=[step.title for step in STEPS])
def test_a_step_asks_the_plans_question_and_reveal_moves_the_page_to_its_state(open_page, number):
    step = STEPS[number - 1]
    app = open_page(step.page.path, step=str(number))
    assert not app.exception
    assert app.session_state["present"] is True, "a plan step is projected"
    assert f"**Question {number}.** {step.ask}" in [element.value for element in app.markdown]
    assert not app.metric and not app.get("plotly_chart"), "nothing that answers it before Reveal"
    app.button(key="plan_reveal").click().run()
    assert not app.exception
    assert app.get("plotly_chart"), "Reveal draws the page"
    assert "plan_reveal" not in [button.key for button in app.button]
    for key, value in step.asked.items():
        assert str(app.session_state[key]) in {value, str(float(value))}, key


@pytest.mark.parametrize("button", ["plan_next", "plan_previous"])
def test_reveal_after_moving_between_two_steps_of_one_page_moves_it_there(open_page, button):
    """Steps on one page (/binary's two): Reveal on one, then Next (or Previous), then Reveal again. The
    second Reveal sets a link key a widget already holds; it must move the page, not stop it (review 26-A)."""
    pairs = [
        (number, number + 1)
        for number in range(1, len(STEPS))
        if STEPS[number - 1].page == STEPS[number].page
        and set(STEPS[number - 1].asked) & set(STEPS[number].asked)
    ]
    assert pairs, "two neighbouring steps on one page that set the same key"
    first, second = pairs[0] if button == "plan_next" else pairs[0][::-1]
    app = open_page(STEPS[first - 1].page.path, step=str(first))
    app.button(key="plan_reveal").click().run()
    app.button(key=button).click().run()
    assert not app.exception and app.query_params.get("step") in (str(second), [str(second)])
    app.button(key="plan_reveal").click().run()
    assert not app.exception, app.exception
    assert app.get("plotly_chart"), "the second Reveal draws the page"
    for key, value in STEPS[second - 1].asked.items():
        assert str(app.session_state[key]) in {value, str(float(value))}, key


def test_a_step_link_turns_presenter_mode_on_in_a_tab_that_had_it_off(open_page):
    app = open_page("pages/plan.py")
    assert app.session_state["present"] is False
    app.switch_page("pages/binary.py")
    app.query_params["step"] = "2"
    app.run()
    assert app.session_state["present"] is True


def test_the_wording_the_lecturer_corrected():
    by_title = {step.title: step for step in STEPS}
    assert "q − 1" in by_title["Why not squared error?"].point
    assert r"$-\sum_i p_i \log q_i$" in by_title["From scores to probabilities"].point
    assert "knows the true frequencies exactly" in by_title["The part no model removes"].ask
    numerics = by_title["What breaks on a computer"].point
    assert "Libraries take logits" not in numerics
    assert "CrossEntropyLoss" in numerics and "from_logits=True" in numerics


def test_no_question_quotes_a_loss_in_a_fixed_unit():
    """A question is projected and sent to phones in the class's units; '0.105 nats (0.152 bits)' led with
    nats in bits (review 19-A #11). The questions name no loss in a unit: the page shows it in its own."""
    for step in STEPS:
        assert not re.search(r"\d\.\d+ (?:nats|bits)", step.ask), step.title
    assert "the fine for 90 % on the right answer before" in " ".join(
        next(step for step in STEPS if step.title == "Sure and wrong").ask.split()
    )


def test_the_computers_step_reveals_the_overflow_its_question_asks_about(open_page):
    """'… or for e to the power 1000?': Reveal must show z = 1000, where float64 overflows (e^1000 >
    1.8e308); it left the page at z = 100, where float64 still works (review 28-A #4)."""
    number, step = next((n, s) for n, s in enumerate(STEPS, start=1) if s.page.slug == "numerics")
    app = open_page(step.page.path, step=str(number))
    app.button(key="plan_reveal").click().run()
    assert app.session_state["nz"] == 1000
    shown = " ".join(block.value for block in [*app.markdown, *app.caption, *app.info, *app.warning])
    assert "overflow" in shown.lower()


def test_the_race_point_tells_what_a_best_rate_at_the_grids_edge_means():
    """Review 28-A #5: the point dropped the page's caveat for a best rate at the grid's largest."""
    step = next(step for step in STEPS if step.page.slug == "training")
    assert "that loss might do better still at a larger rate" in " ".join(step.point.split())
