"""The "derive it" panels at the Detailed depth: one step at a time, every placeholder filled, and each final
number equal to the value the page shows and to a finite difference or a direct computation done here."""

import base64
import json
import math
import re

import numpy as np
import pandas as pd
import pytest
from helpers import ROOT, after_a_guess, metrics, prose_problems, reveal_all
from scipy.special import expit, log_softmax, softmax

from content.derivations import DERIVATIONS_DIR, derivation
from content.lesson_files import placeholders
from lessons.derivations import binary_panels, likelihood_panels, multiclass_panels

NUMBER = re.compile(r"[-−]?\d+\.\d+")  # written with a true minus sign (review 27-O #7)


def detailed(open_page, page, **query):
    app = open_page(page, **query)
    app.session_state["depth"] = "Detailed"
    return app.run()


def numbers(text):
    return [float(value.replace("−", "-")) for value in NUMBER.findall(text)]


def chart_values(app, index, trace=0):
    """The y values of one trace of the page's index-th Plotly chart, decoded from its spec."""
    data = json.loads(app.get("plotly_chart")[index].proto.spec)["data"][trace]["y"]
    return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"])


def test_a_panel_shows_one_step_then_the_next_and_starts_again(open_page):
    app = detailed(open_page, "pages/binary.py")
    steps = [block.value for block in app.markdown if block.value.startswith("**Step ")]
    assert [step[:15] for step in steps] == ["**Step 1 of 4.*", "**Step 1 of 4.*"]
    app.button(key="derive_sigmoid_next").click()
    app.run()
    assert sum(block.value.startswith("**Step 2 of 4.**") for block in app.markdown) == 1
    app.button(key="derive_sigmoid_again").click()
    app.run()
    assert not any(block.value.startswith("**Step 2 of 4.**") for block in app.markdown)


@pytest.mark.parametrize("page", ["pages/binary.py", "pages/multiclass.py", "pages/data.py"])
def test_no_panel_below_the_detailed_depth(open_page, page):
    app = open_page(page)
    app.session_state["depth"] = "Medium"
    app.run()
    assert not any(block.value.startswith("##### Derive it") for block in app.markdown)


def test_multiclass_gradient_hessian_and_smoothing_match_the_page_and_finite_differences(open_page):
    app = after_a_guess(detailed(open_page, "pages/multiclass.py", smooth="0.1"), "multiclass")
    panels = reveal_all(app)
    assert not app.exception and len(panels) == 3
    gradient, hessian, smoothing = panels.values()
    z, p = np.array([2.0, 1.0, 0.1]), np.array([1.0, 0.0, 0.0])
    q, p_eps = softmax(z), 0.9 * p + 0.1 / 3
    expected = q - p_eps
    last = numbers(gradient[-1])
    assert last[1:4] == pytest.approx(expected, abs=6e-4)  # after "(here 1.000)": (q - p) / T
    for step_text in (text for steps in panels.values() for text in steps):  # a true minus, as in the prose
        assert not re.search(r"(?<![\w$^{])-\d", step_text), step_text  # (review 27-O #7)
    assert last[1:4] == pytest.approx(chart_values(app, 2), abs=6e-4)  # the gradient chart's CE bars
    step = 1e-6
    numeric = [
        (-(p_eps * log_softmax(z + step * e)).sum() + (p_eps * log_softmax(z - step * e)).sum()) / (2 * step)
        for e in np.eye(3)
    ]
    assert last[4:7] == pytest.approx(numeric, abs=6e-4)
    # Hessian: a finite difference of the gradient q - p, and its eigenvalues, all >= 0
    fd_hessian = np.array([(softmax(z + step * e) - softmax(z - step * e)) / (2 * step) for e in np.eye(3)])
    assert numbers(hessian[1])[4:] == pytest.approx(fd_hessian.ravel(), abs=6e-4)  # after q and T
    eigenvalues = numbers(hessian[-1])[:3]
    assert eigenvalues == pytest.approx(np.sort(np.linalg.eigvalsh(fd_hessian)), abs=1e-4)
    assert min(eigenvalues) >= 0 and eigenvalues[0] == pytest.approx(0, abs=1e-4)
    # Label smoothing: (1 - ε) H(p, q) + ε H(u, q) is the cross-entropy metric
    mixed = 0.9 * -np.log(q[0]) + 0.1 * -np.log(q).mean()
    shown = metrics(app)["Cross-entropy"]
    assert shown == f"{mixed:.3f} nats" and f"= {shown}: the cross-entropy the page shows" in smoothing[-1]


def test_binary_derivatives_match_the_page_and_finite_differences(open_page):
    app = detailed(open_page, "pages/binary.py", q="0.7", y="1")
    sigmoid_steps, two_class_steps = reveal_all(app).values()
    z, step = math.log(0.7 / 0.3), 1e-6
    assert numbers(sigmoid_steps[0])[-1] == pytest.approx(z, abs=6e-4)
    sigma_prime = (expit(z + step) - expit(z - step)) / (2 * step)
    assert numbers(sigmoid_steps[1])[-1] == pytest.approx(sigma_prime, abs=6e-4)
    fd_gradient = (-np.log(expit(z + step)) + np.log(expit(z - step))) / (2 * step)
    shown = metrics(app)["CE ∂ℓ/∂z, of the loss in nats"]
    written = shown.replace("-", "−")  # the steps write a true minus sign (review 27-O #7)
    assert f"∂ℓ/∂z = {written}," in sigmoid_steps[-1] and float(shown) == pytest.approx(fd_gradient, abs=6e-4)
    for step_text in sigmoid_steps + two_class_steps:
        assert not re.search(r"(?<![\w$^{])-\d", step_text), step_text
    loss = metrics(app)["Cross-entropy"]
    assert loss == f"{-log_softmax([0.0, z])[1]:.3f} nats"
    assert (
        f"two-class\ncross-entropy is {loss}; the binary cross-entropy the page shows is {loss}."
        in (two_class_steps[-1])
    )


def test_the_likelihood_ends_at_the_dataset_loss(open_page):
    app = detailed(open_page, "pages/data.py", units="bits")
    (steps,) = reveal_all(app).values()
    data = pd.read_csv(ROOT / "assets" / "examples" / "spam_filter.csv")
    q_true = np.where(data["label"] == 1, data["q"], 1 - data["q"])
    mean_bits = -np.log2(q_true).mean()
    assert metrics(app)["Dataset loss (mean)"] == f"{mean_bits:.3f} bits"
    assert f"the page shows, {mean_bits:.3f} bits." in steps[-1]
    assert f"= {mean_bits:.3f} bits, the mean negative log-likelihood" in steps[2]
    assert f"here P = {np.prod(q_true):.4f}" in steps[1]
    log_p = f"{np.log2(q_true).sum():.3f}".replace("-", "−")
    assert f"log P = Σₙ log qₙ(yₙ) = {log_p} (logs in bits)" in steps[1], "a real minus sign (review 27-D #6)"
    assert "q(yₙ | xₙ)" in steps[0], "the model's probability is conditioned on the input"
    assert "qₙ(yₙ) = qₙ(1)^yₙ (1 − qₙ(1))^(1 − yₙ)" in steps[0], (
        "binary: the step that leads to the BCE formula"
    )
    assert "qₙ(1), the probability of yₙ = 1 (the table's q)" in steps[0], (
        "the table's number is the distribution's entry for class 1: no third symbol (review 27-D #2)"
    )
    assert "P(" not in " ".join(steps), (
        "P is the likelihood on this panel, never also the probability operator"
    )
    assert "−[yₙ log qₙ(1) + (1 − yₙ) log(1 − qₙ(1))]" in steps[-1] and "q̂" not in " ".join(steps)
    assert not re.search(r"qₙ(?!\()", " ".join(steps)), "a bare qₙ: the distribution used as a number"


def test_the_multiclass_likelihood_names_the_distribution_not_the_binary_form(open_page):
    app = detailed(open_page, "pages/data.py", kind="multiclass")
    (steps,) = reveal_all(app).values()
    assert "q(yₙ | xₙ)" in steps[0] and "whole distribution qₙ" in steps[0]
    assert "qₙ^yₙ" not in " ".join(steps) and "q̂ₙ" not in " ".join(steps)
    assert "pₙ(i) = 1 for i = yₙ and 0 otherwise" in steps[-1], "pₙ defined before −Σᵢ pₙ(i) log qₙ(i)"
    assert steps[-1].index("pₙ(i) = 1") < steps[-1].index("−Σᵢ pₙ(i) log qₙ(i)")


CASES = {
    "softmax-gradient": lambda: multiclass_panels(
        [0.5, 0.5, 0.0], [0, 1, 0], smoothing=0.0, temperature=1.0, unit="bits"
    )[0][1],
    "hessian": lambda: multiclass_panels([0.2, 0.8], [1, 0], smoothing=0.2, temperature=0.5, unit="nats")[1][
        1
    ],
    "label-smoothing": lambda: multiclass_panels(
        [0.5, 0.5, 0.0], [1, 0, 0], smoothing=0.3, temperature=1.0, unit="nats"
    )[2][1],
    "sigmoid": lambda: binary_panels(0.0, 1, base=2.0, unit="bits")[0][1],
    "two-class": lambda: binary_panels(1.0, 1, base=math.e, unit="nats")[1][1],
    "likelihood": lambda: likelihood_panels(-math.inf, 3, math.inf, base=math.e, unit="nats", mode="binary")[
        0
    ][1],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_step_is_filled_even_at_the_edges(name):
    values = CASES[name]()
    text = (DERIVATIONS_DIR / f"{name}.md").read_text(encoding="utf-8")
    assert placeholders(text) == set(values), name
    title, steps = derivation(name, values)
    assert len(steps) >= 3
    for step in (title, *steps):
        assert not prose_problems(step), (name, step)


def test_every_derivation_file_is_used():
    assert {path.stem for path in DERIVATIONS_DIR.glob("*.md")} == set(CASES)


def test_the_softmax_gradient_names_the_smoothed_target_and_shows_the_quotient_rule():
    smoothed = multiclass_panels([0.7, 0.2, 0.1], [1, 0, 0], smoothing=0.1, temperature=1.0, unit="nats")
    title, steps = derivation("softmax-gradient", smoothed[0][1])
    assert "(q − p̃) / T" in title and "p̃ = [0.933, 0.033, 0.033]" in steps[0]
    assert "∂qᵢ/∂zᵢ" in "".join(steps) and "When i ≠ j" in "".join(steps), (
        "the two cases of the quotient rule"
    )
    plain = derivation(
        "softmax-gradient",
        multiclass_panels([0.7, 0.3], [1, 0], smoothing=0.0, temperature=1.0, unit="nats")[0][1],
    )
    assert "p̃" not in plain[0] + "".join(plain[1])


def test_a_tiny_probability_is_shown_in_scientific_notation_not_87_digits():
    q = softmax(np.array([10.0, -10.0, -10.0]) / 0.1)
    values = multiclass_panels(q, [0, 1, 0], smoothing=0.0, temperature=0.1, unit="nats")[0][1]
    expected_exponent = int(math.floor(math.log10(1 / q[1])))
    assert f"× 10^{expected_exponent}" in values["dl_dq"] and max(map(len, values["dl_dq"].split(", "))) < 20
    assert f"e-{expected_exponent + 1}" in values["q"] and "0.000" not in values["q"]


@pytest.mark.parametrize("path", sorted((ROOT / "assets" / "derivations").glob("*.md")), ids=lambda p: p.stem)
def test_no_literal_underscore_outside_maths(path):
    """Markdown shows "∇²_z L" with its underscore, or italicises: subscripts go in $…$."""
    text = re.sub(r"\$[^$]*\$|\{\{\w+\}\}", "", path.read_text(encoding="utf-8"))
    assert "_" not in text, path.name


def test_the_sigmoid_slope_step_shows_why_the_second_factor_is_one_minus_sigma():
    values = {"q": "0.7", "z": "0.847", "one_minus_q": "0.3", "sigma_prime": "0.21", "dl_dq": "", "y": "1"}
    _, steps = derivation("sigmoid", {**values, "grad": "-0.300"})
    step = " ".join(steps[1].split())
    assert "chain rule" in step, "how σ′ is obtained"
    assert "e^(−z)/(1 + e^(−z)) = (1 + e^(−z) − 1)/(1 + e^(−z)) = 1 − σ(z)" in step


def test_the_smoothing_split_at_epsilon_0_with_a_zero_q_does_not_drop_0_times_infinity(open_page):
    """Review 28-B #5: with the Perfect preset H(u, q) = ∞, and "the second term drops out" skipped 0·∞."""
    perfect = {"mode": "probabilities", "q0": "1", "q1": "0", "q2": "0"}
    app = after_a_guess(detailed(open_page, "pages/multiclass.py", **perfect), "multiclass")
    *_, smoothing = reveal_all(app).values()
    last = smoothing[-1]
    assert "drops out" not in last and "0·∞ is not a number" in last and "0.000 nats" in last
    app = after_a_guess(detailed(open_page, "pages/multiclass.py"), "multiclass")  # every q > 0
    *_, smoothing = reveal_all(app).values()
    assert "0 times a finite H(u, q), is 0" in smoothing[-1]
