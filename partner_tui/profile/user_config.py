"""Your user config: `config.json` in the user config folder (paths.config_dir()), per
person, never in the shared data file. Your name (your_name.py), your keymap and your board
sort (preferences.py) live in it side by side, each under its own key.

Read whole and written whole: a config that cannot be read, or is not a JSON object,
reads as empty. Written atomically, the folder 0700 and the file 0600 whatever the umask.
No pydantic here: the board's first paint reads your keymap and sort.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from partner_tui.os_compat.files import read_regular
from partner_tui.os_compat.plain_files import private_folder
from partner_tui.paths import config_dir
from partner_tui.store.file.atomic_write import atomic_write

CONFIG_FILE = "config.json"


def config_file() -> Path:
    return config_dir() / CONFIG_FILE


def read_config() -> dict[str, object]:
    try:
        data = orjson.loads(read_regular(config_file()))  # never a pipe put in its place
    except (OSError, orjson.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def write_config(data: dict[str, object]) -> None:
    """Replace the config with `data` (OSError if the folder cannot be written)."""
    target = config_file()
    private_folder(target.parent)  # 0700 whatever the umask
    atomic_write(target, orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
