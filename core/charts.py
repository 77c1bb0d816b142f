"""Plotly figure styling shared by every chart: one place for fonts, sizes and colours."""

import plotly.graph_objects as go

from core import palette

NORMAL_FONT, PRESENTER_FONT = 14, 22
NORMAL_LINE, PRESENTER_LINE = 2.5, 5


def line_width(presenter=False):
    """Line width for curves: thicker on a projector."""
    return PRESENTER_LINE if presenter else NORMAL_LINE


def style(fig, *, title, x_title, y_title, presenter=False, height=380):
    """Apply the app's look: a title that states the point, labelled axes, and a zoom that survives reruns."""
    font = PRESENTER_FONT if presenter else NORMAL_FONT
    fig.update_layout(
        title={"text": title, "font": {"size": font + 2}, "x": 0, "xanchor": "left"},
        xaxis_title=x_title,
        yaxis_title=y_title,
        font={"size": font},
        height=height + (80 if presenter else 0),
        margin={"l": 10, "r": 10, "t": 70 + (20 if presenter else 0), "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.22, "xanchor": "left", "x": 0},
        template="plotly_white",
        uirevision=title,
        hovermode="x unified",
    )
    return fig


def marker(x, y, *, name, presenter=False, color=palette.MARKER):
    """A 'you are here' dot at the current value."""
    return go.Scatter(
        x=[x],
        y=[y],
        mode="markers",
        name=name,
        marker={"size": 18 if presenter else 12, "color": color, "line": {"width": 2, "color": "white"}},
        hoverinfo="skip",
    )
