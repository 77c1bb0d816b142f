"""What a grid of sliders (one per class, outcome or token) shows while one of them drags: the page's numbers
with that slider at each point of its grid and the others held where they are. ui/live_grid.py sends them
to the browser, whose JavaScript only looks them up."""

import numpy as np

from core.activations import renormalise

# A probability as a share on a bar: its text, and the bar's width. Codes 0-100 are f"{q:.0%}", as the
# Predicted class metric rounds; a share that only rounds to 0 % or 100 % says so, as format_probability does.
LESS_THAN_1, MORE_THAN_99 = 101, 102
SHARES = (*((f"{c}%", f"{c}%") for c in range(101)), ("<1%", "0.5%"), (">99%", "99.5%"))


def sweep(values, index, grid):
    """One row per point of `grid`: `values` with value `index` moved to that point, the others held."""
    rows = np.tile(np.asarray(values, dtype=float), (len(grid), 1))
    rows[:, index] = grid
    return rows


def weights_distribution(weights):
    """The weights divided by their sum, or a uniform guess while every weight is 0 (as the pages do)."""
    try:
        return renormalise(weights)[0]
    except ValueError:
        return np.full(len(weights), 1 / len(weights))


def share_codes(q):
    """The distributions `q` (one per row) as indices into SHARES: a tuple per class, one index per row."""
    q = np.asarray(q, dtype=float)
    codes = np.rint(q * 100).astype(int)  # the same double q * 100 and the same half-to-even as f"{q:.0%}"
    codes[(codes == 0) & (q > 0)] = LESS_THAN_1
    codes[(codes == 100) & (q < 1)] = MORE_THAN_99
    return tuple(map(tuple, codes.T.tolist()))
