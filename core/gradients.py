"""Gradients of each per-sample loss with respect to the logits.

They show why cross-entropy keeps learning when a model is confidently wrong,
while mean squared error through a sigmoid or softmax stalls.
"""

from core import _checks
from core.activations import sigmoid, softmax
from core.losses import _target_distribution


def _target_for(target, z):
    """The target as a distribution shaped like the logits z (class axis last)."""
    return _target_distribution(target, z.shape, -1)[0]


def cross_entropy_grad(target, logits):
    """d CE / d z = softmax(z) - p.

    Parameters
    ----------
    target : array_like
        A distribution shaped like `logits`, or class indices.
    logits : array_like
        Shape (K,) or (N, K).

    Returns
    -------
    numpy.ndarray
        Shaped like `logits`; each row sums to 0. Large when confidently wrong.

    Examples
    --------
    >>> cross_entropy_grad([1, 0], [0.0, 0.0])
    array([-0.5,  0.5])
    """
    z = _checks.logits(logits, "logits")
    p = _target_for(target, z)

    return softmax(z) - p


def mse_grad(target, logits):
    """d MSE / d z_j = q_j (g_j - sum_i q_i g_i), with q = softmax(z) and g = 2 (q - p) / K.

    The loss is ``mse(p, softmax(z))`` averaged over the K classes, as `core.mse`
    computes it; g is its gradient in q, passed back through softmax's Jacobian.

    Examples
    --------
    >>> mse_grad([1, 0], [0.0, 0.0])
    array([-0.25,  0.25])
    """
    z = _checks.logits(logits, "logits")
    p = _target_for(target, z)
    q = softmax(z)
    g = 2 * (q - p) / q.shape[-1]

    return q * (g - (q * g).sum(axis=-1, keepdims=True))


def binary_cross_entropy_grad(y, z):
    """d BCE / d z = sigmoid(z) - y.

    Examples
    --------
    >>> float(binary_cross_entropy_grad(1, 0.0))
    -0.5
    """
    y = _checks.probabilities(y, "y")
    z = _checks.as_array(z, "z")
    _checks.same_shape(y, z, "y", "z")

    return sigmoid(z) - y


def binary_mse_grad(y, z):
    """d (sigmoid(z) - y)^2 / d z = 2 (sigmoid(z) - y) sigmoid(z) (1 - sigmoid(z)).

    The factor sigmoid(z) (1 - sigmoid(z)) goes to 0 when the model is sure,
    right or wrong, so a confidently wrong model barely moves.

    Examples
    --------
    >>> float(binary_mse_grad(1, 0.0))
    -0.25
    >>> abs(float(binary_mse_grad(1, -10.0))) < 1e-4
    True
    """
    y = _checks.probabilities(y, "y")
    z = _checks.as_array(z, "z")
    _checks.same_shape(y, z, "y", "z")
    s = sigmoid(z)

    return 2 * (s - y) * s * (1 - s)
