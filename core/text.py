"""Shim until the training lab moves: core/text.py now lives in content/text.py (issue 12 layout)."""

from content.text import *  # noqa: F403
