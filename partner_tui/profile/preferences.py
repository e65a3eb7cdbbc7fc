"""Your own keys and your board sort: per person, in the user config beside your name
(`config.json` in paths.config_dir()), never in the shared data file.

    {
      "your_name": "Maya Okafor",
      "keymap": {"board.down": "j,down", "board.up": "k,up", "board.archive": "delete"},
      "board_sort": "value"
    }

The keymap maps a binding's id (every key's id is listed in `?` and in docs/keys.md) to
the keys that run it, comma separated; the app hands it to Textual's App.set_keymap, as
posting does. Anything that is not a mapping of short strings is left out.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from partner_tui.domain.safe_text import clean_line
from partner_tui.os_compat.files import read_regular
from partner_tui.paths import config_dir
from partner_tui.store.file.atomic_write import atomic_write

# The file your_name.py keeps your name in (not imported from there: it brings pydantic,
# which the board's first paint does without).
CONFIG_FILE = "config.json"


def config_file() -> Path:
    return config_dir() / CONFIG_FILE

KEYMAP_KEY = "keymap"
BOARD_SORT_KEY = "board_sort"
MAX_KEYS = 100  # characters of one binding's keys: room for a few, not a document


def _config() -> dict[str, object]:
    try:
        data = orjson.loads(read_regular(config_file()))  # never a pipe put in its place
    except (OSError, orjson.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def keymap() -> dict[str, str]:
    """Your keys by binding id ({} when none are set, or the config is unreadable)."""
    raw = _config().get(KEYMAP_KEY)
    if not isinstance(raw, dict):
        return {}
    keys: dict[str, str] = {}
    for binding_id, value in raw.items():
        if isinstance(binding_id, str) and isinstance(value, str):
            cleaned = clean_line(value).replace(" ", "")[:MAX_KEYS]
            if cleaned:
                keys[clean_line(binding_id)] = cleaned
    return keys


def board_sort() -> str | None:
    value = _config().get(BOARD_SORT_KEY)
    return value if isinstance(value, str) else None


def save_board_sort(sort: str | None) -> None:
    """Keep how you sort the board's columns (OSError if the folder cannot be written)."""
    data = _config()
    if sort is None:
        data.pop(BOARD_SORT_KEY, None)
    else:
        data[BOARD_SORT_KEY] = sort
    target = config_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
