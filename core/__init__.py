"""Cross-Entropy Explorer's maths: pure numpy, no streamlit."""

from core.activations import log_sigmoid, log_softmax, logit, sigmoid, softmax
from core.gradients import binary_cross_entropy_grad, binary_mse_grad, cross_entropy_grad, mse_grad
from core.information import entropy, kl_divergence, perplexity
from core.losses import binary_cross_entropy, cross_entropy, cross_entropy_terms, mse, smooth_labels

__all__ = [
    "softmax",
    "log_softmax",
    "sigmoid",
    "logit",
    "log_sigmoid",
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
