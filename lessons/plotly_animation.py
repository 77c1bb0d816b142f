"""Plotly animation that runs in the browser: Play, Pause, Step and Reset buttons and a step slider.

A figure with frames animates without any rerun; these helpers add the controls a lesson needs.
"""

from lessons import palette
from lessons._charts import NORMAL_FONT, PRESENTER_FONT

# Grey text (step readout, panel titles) reads on the light and the dark theme alike.
TEXT_COLOUR = palette.NEUTRAL
FRAME_MS = 100
HOLD_MS = 10**9  # "show the next frame, then wait": about 11 days, which is never in a lesson
NO_CHANGE = {"data": [], "traces": []}  # an unnamed frame that changes nothing; see _step_button


def _jump(duration):
    """Animation settings: show each frame for `duration` ms, with no easing between frames."""
    return {
        "frame": {"duration": duration, "redraw": True},
        "mode": "immediate",
        "transition": {"duration": 0},
    }


def _step_button(names):
    """A Step button, which Plotly lacks: play from the current frame, but hold the first new one.

    Plotly's `fromcurrent` skips the frames up to the current one only when the current one is
    neither first nor last in the list. The list here starts with the unnamed NO_CHANGE frame, which
    is never current and always kept, then every frame but the first. So the queue is NO_CHANGE
    (shown for 0 ms), then the frame after the current one (held), from step 0 too. At the end it
    starts again, as Play does.
    """
    hold = {
        "frame": [{"duration": 0, "redraw": True}, {"duration": HOLD_MS, "redraw": True}],
        "mode": "immediate",
        "transition": {"duration": 0},
        "fromcurrent": True,
    }
    return {"label": "Step ▸", "method": "animate", "args": [[NO_CHANGE, *names[1:]], hold]}


def controls(names, last_step, presenter, below=0):
    """Play / Pause / Step / Reset buttons below the panels (or below paper height `below`), and a step
    slider below them."""
    buttons = [
        {"label": "▶ Play", "method": "animate", "args": [None, {**_jump(FRAME_MS), "fromcurrent": True}]},
        {"label": "Pause", "method": "animate", "args": [[None], _jump(0)]},
        _step_button(names),
        {"label": "Reset", "method": "animate", "args": [[names[0]], _jump(0)]},
    ]
    font = PRESENTER_FONT if presenter else NORMAL_FONT
    # the buttons under the panels, the slider under the buttons: side by side they overlap on a phone
    below_axes = {"y": below, "yanchor": "top", "pad": {"t": 95 if presenter else 60}}
    below_buttons = {"y": below, "yanchor": "top", "pad": {"t": 150 if presenter else 105}}
    slider = {
        "active": 0,
        "steps": [{"label": name, "method": "animate", "args": [[name], _jump(0)]} for name in names],
        "currentvalue": {
            "prefix": "Step ",
            "suffix": f" of {last_step}",
            "font": {"size": font, "color": TEXT_COLOUR},
        },
        # frames are unevenly spaced in steps, so the ticks stay unlabelled; only the current step shows
        "font": {"color": "rgba(0,0,0,0)"},
        "ticklen": 0,
        "minorticklen": 0,
        "x": 0,
        "len": 1,
        **below_buttons,
    }
    menu = {
        "type": "buttons",
        "direction": "left",
        "showactive": False,  # a highlighted Play would be a pale button with pale text in dark mode
        "buttons": buttons,
        "x": 0,
        "xanchor": "left",
        **below_axes,
    }
    return {"updatemenus": [menu], "sliders": [slider]}
