"""Shim until the training lab moves: core/palette.py now lives in lessons/palette.py (issue 12 layout)."""

from lessons.palette import *  # noqa: F403
