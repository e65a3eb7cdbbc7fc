"""Which template was last used for each partner: a convenience, not data.

Kept as a small JSON file in the state folder (beside last-outreach.txt), so the
database schema stays the program's and losing this file loses nothing that matters.
Every failure is silent: the outreach screen then simply starts on the playbook's template.
"""

from __future__ import annotations

import json
from pathlib import Path

from partner_tui.os_compat.files import read_regular
from partner_tui.os_compat.plain_files import private_folder
from partner_tui.store.file.atomic_write import atomic_write

LAST_TEMPLATES_FILE = "outreach-last-templates.json"
MAX_REMEMBERED = 5_000  # enough for any program; keeps the file small


def _read(folder: Path) -> dict[str, str]:
    try:
        data = json.loads(read_regular(folder / LAST_TEMPLATES_FILE))  # never a pipe
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items() if isinstance(v, str)}


def last_template_id(folder: Path, partner_id: str) -> str | None:
    return _read(folder).get(partner_id)


def remember_template(folder: Path, partner_id: str, template_id: str) -> None:
    data = _read(folder)
    data.pop(partner_id, None)
    data[partner_id] = template_id  # newest last, so trimming drops the oldest
    if len(data) > MAX_REMEMBERED:
        data = dict(list(data.items())[-MAX_REMEMBERED:])
    content = json.dumps(data, indent=2, sort_keys=False).encode("utf-8")
    try:
        private_folder(folder)  # 0700 whatever the umask
        atomic_write(folder / LAST_TEMPLATES_FILE, content)  # never half a file
    except OSError:
        pass
