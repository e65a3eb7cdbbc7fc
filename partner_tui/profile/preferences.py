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

from partner_tui.domain.safe_text import clean_line
from partner_tui.profile.user_config import read_config, write_config

KEYMAP_KEY = "keymap"
BOARD_SORT_KEY = "board_sort"
MAX_KEYS = 100  # characters of one binding's keys: room for a few, not a document



def keymap() -> dict[str, str]:
    """Your keys by binding id ({} when none are set, or the config is unreadable)."""
    raw = read_config().get(KEYMAP_KEY)
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
    value = read_config().get(BOARD_SORT_KEY)
    return value if isinstance(value, str) else None


def save_board_sort(sort: str | None) -> None:
    """Keep how you sort the board's columns (OSError if the folder cannot be written)."""
    data = read_config()
    if sort is None:
        data.pop(BOARD_SORT_KEY, None)
    else:
        data[BOARD_SORT_KEY] = sort
    write_config(data)
