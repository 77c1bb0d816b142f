"""The problem sheets' answers recomputed on their own, with NumPy and SciPy from the numbers each exercise
states, never with the app's core/ or lessons/; shared by the sheet tests and the page test."""

import math
import re

import numpy as np
from scipy.special import expit, softmax, xlogy

UNITS = {"nats": math.e, "bits": 2.0}


def _bce(y, q):
    y, q = np.asarray(y, dtype=float), np.asarray(q, dtype=float)
    return -(xlogy(y, q) + xlogy(1 - y, 1 - q))


def _cross_entropy(p, q):
    return float(-np.sum(xlogy(np.asarray(p, dtype=float), np.asarray(q, dtype=float))))


def _one_hot(index, k):
    return np.eye(k)[index]


def expected(kind, g, log_base):
    """Each answer of an exercise of `kind` with the stated numbers `g`, in the unit whose log of e is 1 /
    log_base (losses in nats divided by ln base)."""
    if kind == "home-photo":
        return {"loss": -np.log(g["q"][g["true"]]) / log_base}
    if kind == "home-uniform":
        loss, uniform = -np.log(g["q_y"]) / log_base, np.log(g["k"]) / log_base
        return {"loss": loss, "uniform": uniform, "more": loss - uniform}
    if kind == "home-spread":
        return {
            "loss_a": -np.log(g["q_a"][g["true"]]) / log_base,
            "loss_b": -np.log(g["q_b"][g["true"]]) / log_base,
        }
    if kind == "home-halve":
        before, after = -np.log(g["q_y"]) / log_base, -np.log(g["q_y"] / 2) / log_base
        return {"before": before, "after": after, "grew": np.log(2) / log_base}
    if kind == "home-limits":
        return {"perfect": 0.0, "tiny": g["power"] * np.log(10) / log_base}
    if kind == "binary-four":
        losses = _bce(g["y"], g["q"]) / log_base
        return {**{f"loss_{n}": loss for n, loss in enumerate(losses, start=1)}, "mean": losses.mean()}
    if kind == "binary-mistake":
        losses = np.array([-np.log(g["right"])] * (g["n"] - 1) + [-np.log(1 - g["wrong"])]) / log_base
        return {"mean": losses.mean(), "share": 100 * losses[-1] / losses.sum()}
    if kind == "binary-logit":
        q = expit(g["z"])
        return {"q": q, "loss": _bce(g["y"], q) / log_base, "push": (q - g["y"]) / log_base}
    if kind == "binary-confident":
        return {
            "mean_a": _bce(g["y"], g["q_a"]).mean() / log_base,
            "mean_b": _bce(g["y"], g["q_b"]).mean() / log_base,
        }
    if kind == "multiclass-softmax":
        q = softmax(g["z"])
        return {**{f"q_{i}": value for i, value in enumerate(q)}, "loss": -np.log(q[g["true"]]) / log_base}
    if kind == "multiclass-targets":
        q, one_hot = np.asarray(g["q"]), _one_hot(g["true"], 4)
        smoothed = (1 - g["eps"]) * one_hot + g["eps"] / 4
        return {
            name: _cross_entropy(p, q) / log_base
            for name, p in (("one_hot", one_hot), ("soft", g["soft"]), ("smoothed", smoothed))
        }
    if kind == "multiclass-temperature":
        z, top = np.asarray(g["z"]), int(np.argmax(g["z"]))
        q_one, q_t = softmax(z), softmax(z / g["t"])
        return {
            "top_1": q_one[top],
            "top_t": q_t[top],
            "loss_1": -np.log(q_one[g["true"]]) / log_base,
            "loss_t": -np.log(q_t[g["true"]]) / log_base,
        }
    if kind == "multiclass-gradient":
        z = np.asarray(g["z"])
        push = (softmax(z / g["t"]) - _one_hot(g["true"], len(z))) / g["t"] / log_base
        return {f"grad_{i}": value for i, value in enumerate(push)}
    if kind == "multiclass-shift":
        return {f"q_{i}": value for i, value in enumerate(softmax(np.asarray(g["z"]) + g["a"]))}
    raise AssertionError(f"no independent formula for {kind}")


NUMBER = re.compile(
    r"^(-?[\d.]+(?:e-?\d+)?)(?: (nats|bits|%|nats per unit of logit|bits per unit of logit))?$"
)


def shown_number(text, units):
    """The number an answer shows, and a check that any unit it carries is the learner's."""
    match = NUMBER.match(text.replace("−", "-"))
    assert match, f"not a number and a unit: {text!r}"
    number, unit = match.groups()
    assert unit in (None, "%") or unit.split()[0] == units, f"{text!r} is not in {units}"
    return number


# A worked line's arithmetic, read as a student reads it off the screen: KaTeX and typography become Python,
# so that every "expression = number" the sheet prints can be redone on the numbers it shows.
FUNCTIONS = {"ln": math.log, "log2": math.log2, "exp": math.exp}
_EXPRESSION = re.compile(r"(?<![\w\\^{}.])(?:[\d.\s+*/()-]|ln|log2|exp)+$")
_RESULT = re.compile(r"\s*(-?\d+\.\d+)(\s*%)?(?!\s*[-+*/(\d])")


def plain(text):
    """`text` with its formulas as Python arithmetic: −ln 0.03 → -ln(0.03), 5 × 0.1625 → 5 * 0.1625,
    e^{2.0} → exp(2.0), 10^{-3} → 10**(-3), 3\\,\\ln 10 → 3*ln(10)."""
    for old, new in (("$", ""), ("**", ""), ("\\,", ""), ("−", "-"), ("×", "*"), ("·", "*"), ("\\cdot", "*")):
        text = text.replace(old, new)
    text = text.replace("\\ln", "ln").replace("\\log_2", "log2")
    text = re.sub(r"(?<![\w\\])e\^\{([^{}]*)\}", r"exp(\1)", text)
    text = re.sub(r"(\d+)\^\{([^{}]*)\}", r"\1**(\2)", text)
    text = re.sub(r"(?<![A-Za-z])(ln|log2)\s*(\d+(?:\.\d+)?(?:\*\*\(-?\d+\))?)", r"\1(\2)", text)
    return re.sub(r"(\d)\s*(ln|log2|exp)\b", r"\1*\2", text)


def printed_equations(text):
    """Every 'expression = result' in `text` whose expression is arithmetic on numbers alone, and whose
    result is a number with decimals: (expression, its value, the result as printed, the result's value
    as a fraction, its decimals). A chain a = b = 0.693 gives one for each of a and b."""
    parts = plain(text).split("=")
    for index in range(1, len(parts)):
        result = _RESULT.match(parts[index])
        if not result:
            continue
        number, percent = result.groups()
        decimals = len(number.partition(".")[2])
        for part in reversed(parts[:index]):
            expression = _EXPRESSION.search(part)
            if not expression or not re.search(r"\d", expression.group()):
                break
            try:
                value = eval(expression.group(), {"__builtins__": {}}, FUNCTIONS)  # noqa: S307
            except (SyntaxError, NameError, TypeError, ValueError, ZeroDivisionError):
                break
            yield expression.group().strip(), value * (100 if percent else 1), number, decimals
            if expression.start() > 0:  # prose before it: the chain starts here
                break


def holds_as_printed(value, number, decimals):
    """Whether `value`, the arithmetic of a line redone on the numbers it shows, rounds to the `number` it
    prints (at a tie, either way)."""
    return abs(value - float(number)) <= 0.5 * 10**-decimals * (1 + 1e-9)
