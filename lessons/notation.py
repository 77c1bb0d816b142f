"""The notation card: each symbol with its one meaning, the key formulas, and worked numbers from the lessons.

The worked numbers are computed here with core/'s own functions, so the card can never disagree with a page.
"""

import math
import re

from content.text import UNITS, format_number
from core.activations import logit, softmax
from core.information import entropy, perplexity
from core.losses import binary_cross_entropy, binary_cross_entropy_grad, cross_entropy

BITS_PER_NAT = 1 / math.log(2)

SYMBOLS = (  # (symbol in KaTeX, its one meaning on every page)
    ("y", "the true label: a class index, or 0/1 for binary"),
    ("p", r"the true distribution: one-hot of y or soft labels; never the prediction"),
    (
        "q",
        r"the predicted distribution; binary: $q = \sigma(z) = \Pr(y = 1)$, the true class's if $y = 1$",
    ),
    ("q_y", r"the probability the model gives the true class $y$, also written $q(\text{true class})$"),
    ("x", r"an input: one sample's features ($x_n$ of sample $n$), a row of the data $X$"),
    ("z", "logits, the raw scores before the sigmoid or softmax"),
    (r"\sigma(z)", r"sigmoid $1/(1+e^{-z})$, with slope $\sigma' = \sigma(1-\sigma)$"),
    ("T", r"softmax temperature: $q = \mathrm{softmax}(z/T)$"),
    (
        "K,\\ N,\\ n",
        r"number of classes, number of samples ($N_k$ in class $k$), the sample index ($\sum_n$)",
    ),
    (
        "i,\\ j,\\ k,\\ \\delta_{ij}",
        r"class indices, as in $q_i$, $\sum_j e^{z_j}$ and $N_k$. A subscript on $q$ names a class ($q_i$, "
        r"$q_y$: a number), a sample ($q_n$) or a step ($q_t$): $q_n$ and $q_t$ are whole distributions, and "
        r"$q_n(y_n)$ is sample $n$'s true class's probability; $\delta_{ij}$ is 1 if $i = j$, else 0",
    ),
    (
        "m,\\ t",
        r"the number of tokens in a sequence; the step index, as in $q_t$, the distribution at step $t$",
    ),
    (
        r"\ell,\ L",
        r"one sample's loss in nats ($\ell_n$, $\ell_t$), $\ell_{\text{bits}}$ in bits; $L$ their mean "
        r"($L_{\text{bits}}$ in bits); "
        r"$\ell_{\text{MSE}}$ one sample's squared error (no unit)",
    ),
    (
        r"\Pr,\ P",
        r"$\Pr(\cdot)$ the probability of an event, as in $\Pr(y = 1)$; "
        r"$P = \prod_n q_n(y_n)$ the likelihood of a data set's labels",
    ),
    ("H", r"entropy $H(p)$ and cross-entropy $H(p, q)$, never a matrix"),
    (
        r"\nabla^2_z \ell,\ \nabla^2_z L",
        r"the Hessian in the logits of one sample's $\ell$, entries "
        r"$\partial^2 \ell/\partial z_i \partial z_j$ (of the mean $L$: $\nabla^2_z L$)",
    ),
    (r"\varepsilon,\ u", r"label smoothing: $\tilde p = (1-\varepsilon)\,p + \varepsilon u$, $u = 1/K$ each"),
    ("c", r"clip level: $q$ kept inside $[c,\ 1-c]$"),
    (
        r"\log,\ \ln",
        r"log follows the units ($\ln$ nats, $\log_2$ bits); $\ln$ is always natural (logits, log-sum-exp)",
    ),
    (
        "w_k,\\ r_k,\\ \\gamma",
        r"class weight (not the model's weights $W$), class share of the data (the chance a label is $k$), "
        r"focal parameter",
    ),
    (r"\pi", "a policy (an agent's distribution over actions)"),
    (r"W,\ b,\ h,\ \phi", r"weights, biases, hidden units $h = \phi(xW + b)$, $\phi$ tanh or ReLU"),
    (r"\theta,\ \eta", r"all weights and biases; learning rate: $\theta \gets \theta - \eta\nabla_\theta L$"),
    (r"\lambda", r"weight decay: the loss gains $\tfrac{\lambda}{2}\sum \lVert W \rVert^2$"),
    ("G", r"logit gradients, row $n$ for sample $n$; cross-entropy at $T = 1$: $G_n = (q_n - p_n)/N$"),
)

FORMULAS = (  # (name, KaTeX)
    (
        "Binary cross-entropy",
        r"\ell = -[\,y \ln q + (1-y)\ln(1-q)\,], \quad \partial \ell/\partial z = q - y \text{ (nats)}",
    ),
    ("Softmax", r"q_i = e^{z_i/T} \big/ \textstyle\sum_j e^{z_j/T}"),
    (
        "Cross-entropy",
        r"H(p, q) = -\textstyle\sum_i p_i \log q_i, \quad \text{one-hot: } -\log q_y, \quad "
        r"\partial \ell/\partial z = (q - p)/T \text{ (nats)}",
    ),
    ("Entropy", r"H(p) = -\textstyle\sum_i p_i \log p_i"),
    ("KL divergence", r"\mathrm{KL}(p\,\|\,q) = \textstyle\sum_i p_i \log(p_i/q_i) \ge 0"),
    ("The split", r"H(p, q) = H(p) + \mathrm{KL}(p\,\|\,q)"),
    ("Perplexity", r"\mathrm{PPL} = e^{H} \text{ (H in nats)}, \quad \mathrm{PPL} = 2^{H} \text{ (in bits)}"),
    (
        "MSE (no unit)",
        r"\text{binary: } \ell_{\text{MSE}} = (q - y)^2, \ "
        r"\partial \ell_{\text{MSE}}/\partial z = 2(q - y)\,q(1 - q); "
        r"\quad K \text{ classes: } \tfrac{1}{K}\textstyle\sum_i (q_i - p_i)^2",
    ),
    ("Gradient in bits", r"\partial \ell_{\text{bits}}/\partial z = (\partial \ell/\partial z)/\ln 2"),
    (
        "Units",
        r"\text{nats: } \ln, \ \text{bits: } \log_2, \ 1 \text{ nat} = 1/\ln 2 \approx "
        + f"{BITS_PER_NAT:.3f}"
        + r"\text{ bits}",
    ),
)


def katex_pieces(latex):
    """'$a$, $b$' from 'a, \\quad b' (or 'a,\\ b'): a narrow screen may wrap between the pieces, never
    inside one (the card's CSS keeps each piece on one line)."""
    return ", ".join(f"${piece}$" for piece in re.split(r",\s*\\(?:quad|\s)\s*", latex))


def _both_units(nats, units):
    """'0.357 nats (0.515 bits)', the chosen unit first."""
    values = {"nats": nats, "bits": nats * BITS_PER_NAT}
    other = "bits" if units == "nats" else "nats"
    return f"{format_number(values[units])} {units} ({format_number(values[other])} {other})"


def worked_numbers(units="nats"):
    """Five numbers the lessons work out, each as (what, the sum with its numbers, the result)."""
    log = r"\ln" if units == "nats" else r"\log_2"
    loss_units = "" if units == "nats" else r"_{\text{bits}}"  # ℓ is the loss in nats, as in its push
    base = UNITS[units]
    q_binary = 0.7
    binary = binary_cross_entropy(1, q_binary)
    push = float(binary_cross_entropy_grad(1, logit(q_binary)))
    z = (2.0, 1.0, 0.1)
    q_softmax = softmax(z)
    multiclass = cross_entropy(0, z, from_logits=True)
    p_info = (0.5, 0.25, 0.125, 0.125)
    h_info = entropy(p_info)
    uniform = cross_entropy(0, [0.1] * 10)
    return (
        (
            "A spam filter says q = 0.7 and the email is spam (y = 1)",
            rf"\ell{loss_units} = -{log} 0.7 = {format_number(binary_cross_entropy(1, q_binary, base=base))}",
            _both_units(binary, units),
        ),
        (
            "Its push on the logit",
            rf"\partial \ell/\partial z = q - y = 0.7 - 1 = {format_number(push)}",
            f"{format_number(push)} (gradient of the loss in nats, ℓ)",
        ),
        (
            "Logits z = (2, 1, 0.1), the first class is true",
            rf"q = ({', '.join(format_number(value) for value in q_softmax)}),\ "
            rf"-{log} {format_number(q_softmax[0])} = {format_number(multiclass / math.log(base))}",
            _both_units(multiclass, units),
        ),
        (
            "Entropy of p = (½, ¼, ⅛, ⅛)",
            rf"H(p) = {format_number(entropy(p_info, base=base))}",
            _both_units(h_info, units),
        ),
        (
            "A uniform guess over K = 10 classes",
            rf"H = {log} 10 = {format_number(uniform / math.log(base))}, \ \mathrm{{PPL}} = "
            rf"{format_number(perplexity(uniform), 1)}",
            f"{_both_units(uniform, units)}; perplexity {format_number(perplexity(uniform), 1)}",
        ),
    )
