"""Every path the app uses, in one place, each with an environment override.

Tests point PARTNER_TUI_DB, PARTNER_TUI_STATE_DIR and PARTNER_TUI_CONFIG_DIR at temporary
folders so they never touch a real home folder.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs

APP_NAME = "partner-tui"
DB_ENV = "PARTNER_TUI_DB"
STATE_ENV = "PARTNER_TUI_STATE_DIR"
CONFIG_ENV = "PARTNER_TUI_CONFIG_DIR"


def default_db_path() -> Path:
    """--db wins (handled by the caller), then $PARTNER_TUI_DB, then the user data folder."""
    env = os.environ.get(DB_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "partners.json"


def state_dir() -> Path:
    """Where the app keeps what is not data: the last copied text, logs."""
    env = os.environ.get(STATE_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Where what belongs to the person, not to a data file, is kept (your name):
    ~/.config/partner-tui on Linux, or $PARTNER_TUI_CONFIG_DIR."""
    env = os.environ.get(CONFIG_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def state_file(db_path: Path, kind: str) -> Path:
    """A cache file about one data file, e.g. state/validated/<hash of its path>.json."""
    key = hashlib.blake2b(str(db_path.resolve()).encode(), digest_size=8).hexdigest()
    return state_dir() / kind / f"{key}.json"
