"""AppTest: the misconceptions page shows each counterexample with numbers recomputed here, in every unit."""

import json
import math
import re

import numpy as np
import pytest
from scipy.special import log_softmax, softmax

PAGE = "pages/misconceptions.py"


def text(app):
    return "\n".join(block.value for block in app.markdown) + "\n".join(s.value for s in app.success)


def test_defaults_show_each_counterexample_with_its_numbers(open_page):
    app = open_page(PAGE)
    assert not app.exception
    shown = text(app)
    loss_a, loss_b = -np.log([0.9, 0.9, 0.9, 0.02]).mean(), -math.log(0.45)
    assert loss_a > loss_b
    assert f"**higher** loss ({loss_a:.3f} nats against B's {loss_b:.3f} nats)" in shown
    assert f"its loss is {-math.log(0.3):.3f} nats, **below** ln 10 = {math.log(10):.3f} nats" in shown
    h_pq, h_qp = -(0.9 * math.log(0.5) + 0.1 * math.log(0.5)), -(0.5 * math.log(0.9) + 0.5 * math.log(0.1))
    assert f"H(p, q) = {h_pq:.3f} nats but H(q, p) = {h_qp:.3f} nats" in shown
    z = np.array([-5.0, 0.0, 0.0])
    assert f"the loss is {-log_softmax(z)[0]:.3f} nats" in shown
    assert f"the loss reads {-log_softmax(softmax(z))[0]:.3f} nats" in shown
    assert "**over-confident**" in shown
    assert len(app.success) == 9 and len(app.get("plotly_chart")) == 4


def test_a_link_opens_the_page_at_its_values_in_bits(open_page):
    app = open_page(PAGE, mgap="8", mscale="1", minit="2", mwrong="0.4", units="bits")
    assert not app.exception and app.slider(key="mgap").value == pytest.approx(8.0)
    shown = text(app)
    assert "At scale 1.00 the model is calibrated" in shown
    assert "MSE trains this classifier too, more slowly than cross-entropy" in shown
    loss_a = -np.log2([0.9, 0.9, 0.9, 0.4]).mean()
    assert f"Here model A has the lower loss ({loss_a:.3f} bits" in shown
    assert f"never falls below {math.log2(1 + 2 / math.e):.3f} bits" in shown


def test_equal_distributions_say_the_orders_agree_and_h_is_not_zero(open_page):
    app = open_page(PAGE, mp="0.5", mq="0.5")
    shown = text(app)
    assert "Here q = p, so swapping them changes nothing: H(p, q) = H(q, p) = 0.693 nats" in shown
    assert "H(p) = 0.693 nats, not 0" in shown


def test_myth_6_opens_where_mse_does_train_the_classifier(open_page):
    app = open_page(PAGE)
    shown = text(app)
    assert "MSE trains this classifier too, more slowly than cross-entropy" in shown
    assert "MSE has not reached" not in shown


def test_a_saturated_start_is_called_a_stall_not_an_inability(open_page):
    shown = text(open_page(PAGE, minit="8"))
    assert "MSE has not reached 90 %" in shown and "a stall, not an inability" in shown


def test_myth_5_says_which_feature_values_it_averages_over(open_page):
    shown = text(open_page(PAGE))
    assert "averaged over 81 evenly spaced feature values x from −4 to 4" in shown


def test_h_of_p_p_is_said_to_be_zero_only_for_a_one_hot_p(open_page):
    shown = text(open_page(PAGE, depth="Medium"))
    assert "H(p) is not 0" not in shown
    assert "0 only when p is one-hot" in shown and "only for a one-hot p" in shown


def pushes(gap, base):
    """The pushes on z0 of the loss in base `base`, from logits and through a double softmax, by hand."""
    z = np.array([gap, 0.0, 0.0])
    q = softmax(z)
    r = softmax(q)
    right = q[0] - 1
    double = (q[0] * (1 - q[0])) * (r[0] - 1) - q[0] * q[1] * r[1] - q[0] * q[2] * r[2]
    return right / math.log(base), double / math.log(base)


def shown_push(value):
    """-0.997 at three decimals; -9.08e-5 in scientific notation only below 0.01."""
    return f"{value:.3f}" if abs(value) >= 0.01 else re.sub(r"e-0*", "e-", f"{value:.2e}")


@pytest.mark.parametrize("units", ["nats", "bits"])
@pytest.mark.parametrize("gap", ["-10", "-5", "0", "10"])
def test_myth_7_gives_each_push_readably_and_says_a_step_moves_against_it(open_page, gap, units):
    shown = " ".join(text(open_page(PAGE, mgap=gap, units=units)).split())
    right, double = pushes(float(gap), math.e if units == "nats" else 2.0)
    assert right < 0 and double < 0, "both gradients on the true logit point down: a step raises z₀"
    assert (
        f"the push on the true logit (the gradient of the loss in {units}) is {shown_push(right)}, so a "
        "gradient-descent step, which moves against the gradient, raises z₀" in shown
    )
    ratio = f"{right / double:.1f}"  # review 27-D #8: a smaller push, not "times more weakly"
    assert (
        f"the push {shown_push(double)}: a step still raises z₀, but with a push {ratio} times smaller."
        in shown
    )
    assert "e-1." not in shown and "e-1 " not in shown and "e0" not in shown, "no -9.97e-1"
    base = math.e if units == "nats" else 2.0
    loss = math.log(math.exp(float(gap)) + 2) / math.log(base) - float(gap) / math.log(base)  # -log softmax_0
    said = re.search(rf"the first class true, the loss is (\S+) {units}", shown)[1]
    assert float(said) != 0 and math.isclose(float(said), loss, rel_tol=0.02 if loss < 1e-3 else 1e-3), (
        "a loss of 9.1e-5 nats is not 0.000 (review 19-D #4)"
    )


def test_myth_7_in_bits_gives_the_push_of_the_loss_in_bits(open_page):
    shown = text(open_page(PAGE, mgap="-10", units="bits"))
    right, _ = pushes(-10.0, 2.0)
    assert f"{right:.3f}" == "-1.443" and "is -1.443, so a gradient-descent step" in " ".join(shown.split())


@pytest.mark.parametrize("units", ["nats", "bits"])
@pytest.mark.parametrize(
    "p, q", [("0.9", "0.1"), ("0.07", "0.93"), ("0.3", "0.7"), ("0.9", "0.5"), ("0.5", "0.5")]
)
def test_myth_3_says_when_the_two_orders_must_agree(open_page, p, q, units):
    """With two outcomes and q = 1 - p, H(p, q) = H(q, p) always: the page says so there, and only there."""
    app = open_page(PAGE, mp=p, mq=q, units=units)
    shown = " ".join(text(app).split())
    a, b = float(p), float(q)
    h_pq, h_qp = (
        -(a * math.log(b) + (1 - a) * math.log(1 - b)),
        -(b * math.log(a) + (1 - b) * math.log(1 - a)),
    )
    mirrored = abs(a + b - 1) < 1e-9 and a != b
    assert mirrored == ("with two outcomes and q = 1 − p the two orders always agree" in shown)
    assert "happen to agree" not in shown
    if "swapping p and q changes the number" in shown:
        assert abs(h_pq - h_qp) > 1e-3
    if mirrored:
        assert h_pq == pytest.approx(h_qp, abs=1e-12)
    assert "usually changes when p and q swap" in shown
    title = json.loads(app.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]
    assert title.replace("<br>", " ") == "Swapping p and q usually changes the number"  # lines fit a phone


def test_myth_4_names_the_classes_its_split_gives_mass_to(open_page):
    app = open_page(PAGE, msplit="0.05")
    shown = " ".join(text(app).split())
    wrong = 1 - 0.7  # q on the true class 0 is fixed at 0.7; class 1 has soft label 0.2, class 2 0.1
    assert f"class 1 gets {0.05 * wrong:.3f} and class 2 gets {0.95 * wrong:.3f}" in shown
    assert (
        app.slider(key="msplit").label
        == "Share of the prediction's wrong mass on class 1 (class 1's soft label is 0.2)"
    )
    assert "−p(i) log q(i)" in shown


def test_myth_4_keeps_its_two_predictions_apart(open_page):
    """The logit example moves with z; the fixed-q example does not: two paragraphs, the second saying so,
    rather than one sentence whose second half stays frozen as z moves (review 19-D #6)."""
    app = open_page(PAGE, mz="5")
    (block,) = [block.value for block in app.markdown if "With logits [2.00, 5.00, 0.00]" in block.value]
    first, second = block.split("\n\n")
    assert "fixed at" not in first
    assert second.startswith("A second, separate prediction, which the logit slider does not move")


def test_myth_7_labels_its_slider_by_the_logit_it_sets_and_the_text_is_for_learners(open_page):
    """A 'lead' of −5 is a deficit (review 19-D #5); the Why? text is for learners, not about the test suite
    (review 19-D #7)."""
    app = open_page(PAGE, depth="detailed")
    assert app.slider(key="mgap").label == "True class's logit z₀ (the other two are 0)"
    assert app.slider(key="mgap").value == -5.0
    shown = text(app)
    assert "core/misconceptions.py" not in shown and "tested against" not in shown


def test_a_tiny_probability_is_never_shown_as_zero(open_page):
    shown = text(open_page(PAGE, mz0="5", mz1="-5"))
    q = 1 / (1 + math.exp(10))
    assert "q = σ(z₁ − z₀) = 0.000" not in shown
    assert f"q = σ(z₁ − z₀) = {q:.1e}".replace("e-05", "e-5") in shown


@pytest.mark.parametrize("scale", ["0.25", "0.5", "3", "4"])
def test_myth_5_says_which_side_of_the_diagonal_its_curve_lies(open_page, scale):
    """The chart plots q(class 1) = σ(s·x) across and σ(x) up, not confidence against accuracy as /data does:
    where the curve lies is computed here and must be what the sentence says (review 26-D, S2)."""
    app = open_page(PAGE, mscale=scale)
    x = np.linspace(-4, 4, 81)
    q, frequency = 1 / (1 + np.exp(-float(scale) * x)), 1 / (1 + np.exp(-x))
    left, right = q < 0.5 - 1e-9, q > 0.5 + 1e-9
    above_left = bool(np.all(frequency[left] > q[left]))
    assert above_left == bool(np.all(frequency[right] < q[right]))  # one side above, the other below
    sides = ("above", "below") if above_left else ("below", "above")
    assert f"the curve lies {sides[0]} the diagonal left of q = 0.5 and {sides[1]} it right of 0.5" in text(
        app
    )
    assert "horizontal axis is q, the predicted probability of class 1, not the confidence" in text(app)


@pytest.mark.parametrize(("k", "q"), [("10", "0.1"), ("4", "0.25"), ("5", "0.2"), ("20", "0.05")])
def test_myth_2_calls_q_equal_to_one_over_k_a_tie_not_a_win(open_page, k, q):
    """−log(1/K) is log K exactly; floating point may put one a hair below the other, and the sentence must
    not say 'below' then (review 26-H, S1)."""
    shown = text(open_page(PAGE, mk=k, mt=q))
    assert -math.log(float(q)) == pytest.approx(math.log(int(k)), rel=1e-12)
    assert f"exactly ln {k} = {math.log(int(k)):.3f} nats" in shown
    assert "**below** ln" not in shown


@pytest.mark.parametrize("gap", ["-5", "5"])
def test_myth_7_says_a_smaller_doubled_loss_is_not_a_better_model(open_page, gap):
    """At z₀ < 0 the doubled softmax reads a smaller loss for the same wrong prediction (review 26-H, S2)."""
    z = np.array([float(gap), 0.0, 0.0])
    right, doubled = -log_softmax(z)[0], -log_softmax(softmax(z))[0]
    said = "The smaller number is not a better model" in text(open_page(PAGE, mgap=gap))
    assert said == (doubled < right)


def test_myth_2_in_bits_writes_log2(open_page):
    """In bits 'log 10 = 3.322' reads as false to a log₁₀ reader: the base is written (review 26-H)."""
    shown = text(open_page(PAGE, units="bits"))
    assert f"**below** log₂ 10 = {math.log2(10):.3f} bits" in shown and "log 10 =" not in shown


def test_the_summary_gives_the_soft_label_loss_too(open_page):
    """Review 27-H #3: 'exactly one thing: the average of −log q' beside myths that use soft labels."""
    text = " ".join(" ".join(block.value for block in open_page(PAGE).markdown).split())
    assert "with one true class per sample, the average of −log q" in text
    assert "with a soft label p, the average of −Σ p(i) log q(i)" in text


def test_a_soft_label_loss_just_above_its_least_says_by_how_much(open_page):
    """Review 27-L #2: at msplit 0.65 the loss and its least both read 0.802 nats, as if no gap were left."""
    q = np.array([0.7, 0.3 * 0.65, 0.3 * 0.35])
    p = np.array([0.7, 0.2, 0.1])
    loss, least = -(p * np.log(q)).sum(), -(p * np.log(p)).sum()
    assert f"{loss:.3f}" == f"{least:.3f}" and loss - least > 1e-5
    text = " ".join(" ".join(block.value for block in open_page(PAGE, msplit="0.65").markdown).split())
    gap = f"{loss - least:.1e}".replace("e-0", "e-")  # 1.8e-4, as the app writes it
    assert f"it is {loss:.3f} nats, {gap} nats above the least it can be" in text
