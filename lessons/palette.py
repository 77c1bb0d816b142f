"""One colour-blind-safe palette (Okabe-Ito) for every chart in the app."""

CROSS_ENTROPY = "#0072B2"  # blue: cross-entropy, everywhere
MSE = "#E69F00"  # orange: mean squared error, everywhere
TRUE_CLASS = "#009E73"  # bluish green: the true class highlight
TARGET = "#CC79A7"  # reddish purple: the target distribution p
PREDICTION = "#56B4E9"  # sky blue: the predicted distribution q
MARKER = "#D55E00"  # vermillion: "you are here" markers
NEUTRAL = "#999999"  # grey: reference lines, other classes
ENTROPY = "#009E73"  # bluish green: H(p), the part no model can remove
KL = "#D55E00"  # vermillion: KL(p || q), the part a better model removes
CLASSES = ("#009E73", "#CC79A7", "#999999")  # class 0, 1, 2 in data plots; never the CE or MSE colour
VARIANTS = ("#CC79A7", "#D55E00", "#000000", "#999999")  # focal, weighted, smoothed, other
