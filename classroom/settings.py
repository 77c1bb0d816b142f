"""Class mode's settings, each from an environment variable, with the default used when it is unset."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _number(name, default):
    """A positive number from the environment, or `default` when unset or not a positive number."""
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


def database_url():
    """CEE_DATABASE_URL (PostgreSQL, e.g. postgresql://user:password@host/db), or None for the SQLite file."""
    return os.environ.get("CEE_DATABASE_URL") or None


def data_dir():
    """The folder of the SQLite file: CEE_DATA_DIR, or data/ beside the app. Created on first use."""
    return Path(os.environ.get("CEE_DATA_DIR") or ROOT / "data")


def idle_hours():
    """A class nobody has touched for this long ends by itself (CEE_CLASS_IDLE_HOURS, default 12)."""
    return _number("CEE_CLASS_IDLE_HOURS", 12)


def keep_days():
    """An ended class and its answers are deleted after this long (CEE_CLASS_KEEP_DAYS, default 7)."""
    return _number("CEE_CLASS_KEEP_DAYS", 7)
