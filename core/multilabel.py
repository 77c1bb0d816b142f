"""Multi-label classification: K yes/no questions per sample, each its own sigmoid and binary cross-entropy.

A photo may show a cat, a dog, both or neither, so the K probabilities need not sum to 1, and the loss is
the binary cross-entropy of every (sample, class) cell. The gradient sits right below the loss.
"""

import math

from core import _checks
from core.losses import binary_cross_entropy, binary_cross_entropy_grad


def _labels_and_logits(y, z):
    """Labels in [0, 1] and logits, both of one shape (N, K)."""
    y = _checks.two_dimensional(_checks.probabilities(y, "y"), "y", "class")
    z = _checks.two_dimensional(_checks.as_array(z, "z"), "z", "class")
    _checks.same_shape(y, z, "y", "z")
    return y, z


def multilabel_cross_entropy(y, z, *, reduction="mean", base=math.e):
    """L = -(1/(N K)) sum_n sum_k [ y_nk log sigmoid(z_nk) + (1 - y_nk) log sigmoid(-z_nk) ].

    Parameters
    ----------
    y : array_like
        Labels in [0, 1], shape (N, K): y_nk = 1 when sample n has label k. Any number
        of a row's labels may be 1, or none.
    z : array_like
        Logits, shape (N, K), one independent sigmoid per class: q_nk = sigmoid(z_nk).
    reduction : {'mean', 'sum', 'none'}
        'mean' averages over samples and classes; 'none' gives the (N, K) matrix of terms.
    base : float
        e for nats, 2 for bits.

    Returns
    -------
    float or numpy.ndarray
        >= 0. Each term is max(z, 0) - z y + log(1 + exp(-|z|)), finite for every finite logit.

    Examples
    --------
    >>> round(multilabel_cross_entropy([[1, 0]], [[0.0, 0.0]]), 4)  # two coin tosses: log 2
    0.6931
    >>> multilabel_cross_entropy([[1, 0]], [[1000.0, -1000.0]])  # both sure and right
    0.0
    """
    y, z = _labels_and_logits(y, z)

    return binary_cross_entropy(y, z, from_logits=True, reduction=reduction, base=base)


def multilabel_cross_entropy_grad(y, z):
    """dL/dz_nk = (sigmoid(z_nk) - y_nk) / (N K), the gradient of the mean loss.

    Examples
    --------
    >>> multilabel_cross_entropy_grad([[1, 0]], [[0.0, 0.0]])
    array([[-0.25,  0.25]])
    """
    y, z = _labels_and_logits(y, z)

    return binary_cross_entropy_grad(y, z) / z.size


def multilabel_cross_entropy_per_class(y, z, *, base=math.e):
    """L_k = -(1/N) sum_n [ y_nk log sigmoid(z_nk) + (1 - y_nk) log sigmoid(-z_nk) ]: one loss per class.

    Their mean over the K classes is ``multilabel_cross_entropy(y, z)``.

    Returns
    -------
    numpy.ndarray
        Shape (K,): which labels the model finds hard.

    Examples
    --------
    >>> multilabel_cross_entropy_per_class([[1, 0], [1, 1]], [[0.0, -1000.0], [0.0, 1000.0]]).round(4)
    array([0.6931, 0.    ])
    """
    y, z = _labels_and_logits(y, z)

    return binary_cross_entropy(y, z, from_logits=True, reduction="none", base=base).mean(axis=0)
