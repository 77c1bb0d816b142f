"""Shim until the training lab moves: core/params.py now lives in content/params.py (issue 12 layout)."""

from content.params import *  # noqa: F403
