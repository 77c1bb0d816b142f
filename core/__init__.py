"""Cross-Entropy Explorer's maths, the textbook the app is built around: NumPy and the standard library only.

The loss API, stated once
-------------------------
Argument order: the truth first, then the prediction.

    cross_entropy(target, predicted)          H(p, q) = -sum_i p_i log q_i
    cross_entropy(target, logits, from_logits=True)
    cross_entropy_grad(target, logits)        dL/dz = q - p
    binary_cross_entropy(y, q)                -[y log q + (1 - y) log(1 - q)]; from_logits=True reads z
    binary_cross_entropy_grad(y, z)           dL/dz = q - y, with q = sigmoid(z)
    mse(target, predicted), mse_grad(target, logits), binary_mse_grad(y, z)
    multilabel_cross_entropy(y, z)            mean over n and k of BCE(y_nk, sigmoid(z_nk)) (core.multilabel)
    multilabel_cross_entropy_grad(y, z)       dL/dz = (sigmoid(z) - y) / (N K); _per_class(y, z): mean over n
    focal_loss(target, predicted)             (core.variants)
    entropy(p), kl_divergence(p, q), perplexity(mean_cross_entropy)
    class_prior(y), class_prior_entropy(y)    the label frequencies pi and H(pi), a blind model's loss

Beside it, by module: softmax and logistic regression in the weights, with the logistic Hessian and a
Newton step (core.regression); the reliability table, expected calibration error and temperature
scaling (core.calibration).

This is scikit-learn's order, log_loss(y_true, y_proba) (y_pred in older releases), and
cross_entropy(target, predicted) equals it in nats. It is the REVERSE of PyTorch's
F.cross_entropy(input, target) and F.binary_cross_entropy(input, target), which take the prediction first.

Names follow the app's notation: `target` is p (one-hot, soft or smoothed labels, or class indices),
`predicted` is q (probabilities), `logits` is z; the binary functions use the notation's own letters,
y (the 0/1 or soft label), q = sigmoid(z) and z; the information functions take distributions p (the
truth) and q (the prediction).

Return types: a reduction ('mean' or 'sum', the default 'mean') returns a Python float, never
np.float64; so do entropy, kl_divergence and perplexity of a single distribution or number, and
reduction='none' for a single sample. Otherwise ('none', or a batch of distributions) the result is
a numpy.ndarray with one value per sample. Log losses are in nats unless base=2 (bits); MSE has no unit.

Differences from torch and scipy:
- torch's cross_entropy takes logits only and class indices or probabilities as target; here
  `predicted` is probabilities by default and logits with from_logits=True (torch's
  F.binary_cross_entropy_with_logits is binary_cross_entropy(y, z, from_logits=True)).
- torch's `weight` with 'mean' divides by the total weight of the true classes; so does ours with class
  indices (with soft targets torch and we divide by N).
- torch's label_smoothing and ours agree: (1 - eps) p + eps / K.
- torch clamps log q at -100 in binary_cross_entropy; we return inf for a sure wrong prediction (and
  finite values from logits).
- scipy.stats.entropy(p, q) normalises its inputs and returns KL(p || q) when given q; here
  entropy(p) is H(p) only, kl_divergence(p, q) is KL, and inputs must already sum to 1 (no silent
  renormalisation: use renormalise for weights).
- scikit-learn's log_loss clips q to [eps, 1 - eps] (eps the float's machine epsilon); we do not clip
  (core.numerics.clipped_cross_entropy does, with a clip level c).
"""

from core.activations import log_sigmoid, log_softmax, logit, renormalise, sigmoid, softmax
from core.information import class_prior, class_prior_entropy, entropy, kl_divergence, perplexity
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
from core.multilabel import (
    multilabel_cross_entropy,
    multilabel_cross_entropy_grad,
    multilabel_cross_entropy_per_class,
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
    "multilabel_cross_entropy",
    "multilabel_cross_entropy_per_class",
    "mse",
    "entropy",
    "kl_divergence",
    "perplexity",
    "class_prior",
    "class_prior_entropy",
    "cross_entropy_grad",
    "mse_grad",
    "binary_cross_entropy_grad",
    "multilabel_cross_entropy_grad",
    "binary_mse_grad",
]
