"""One colour-blind-safe palette (Okabe-Ito hues) for every chart in the app, in light and dark mode.

Every colour keeps a contrast of at least 3:1 (WCAG, for lines and markers) against both page backgrounds
in .streamlit/config.toml, white and near-black; Okabe-Ito's orange, sky blue and grey are darkened to
fit, and black is not used (tests/lessons/test_theme_contrast.py).
"""

CROSS_ENTROPY = "#0072B2"  # blue: cross-entropy, everywhere
MSE = "#B67E00"  # orange (darkened): mean squared error, everywhere
TRUE_CLASS = "#009E73"  # bluish green: the true class highlight
TARGET = "#CC79A7"  # reddish purple: the target distribution p
PREDICTION = "#1C95D9"  # sky blue (darkened): the predicted distribution q
MARKER = "#D55E00"  # vermillion: "you are here" markers
NEUTRAL = "#8C8C8C"  # grey: reference lines, other classes
ENTROPY = "#009E73"  # bluish green: H(p), the part no model can remove
KL = "#D55E00"  # vermillion: KL(p || q), the part a better model removes
CLASSES = ("#009E73", "#CC79A7", NEUTRAL)  # class 0, 1, 2 in data plots; never the CE or MSE colour
VARIANTS = ("#CC79A7", "#D55E00", "#009E73", NEUTRAL)  # focal, weighted, smoothed, other
