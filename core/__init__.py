"""Cross-Entropy Explorer's maths: pure numpy, no streamlit."""

from core.activations import log_sigmoid, log_softmax, logit, renormalise, sigmoid, softmax
from core.information import entropy, kl_divergence, perplexity
from core.losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    binary_mse_grad,
    cross_entropy,
    cross_entropy_grad,
    cross_entropy_terms,
    mse,
    mse_grad,
    smooth_labels,
)

__all__ = [
    "softmax",
    "log_softmax",
    "sigmoid",
    "logit",
    "log_sigmoid",
    "renormalise",
    "cross_entropy",
    "cross_entropy_terms",
    "smooth_labels",
    "binary_cross_entropy",
    "mse",
    "entropy",
    "kl_divergence",
    "perplexity",
    "cross_entropy_grad",
    "mse_grad",
    "binary_cross_entropy_grad",
    "binary_mse_grad",
]
