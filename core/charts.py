"""Shim until the training lab moves: core/charts.py now lives in lessons/_charts.py (issue 12 layout)."""

from lessons._charts import *  # noqa: F403
