"""What `list` and `due` read of a file known valid, kept beside it: each partner record
cut down to the fields those two commands read, under the file's digest.

At 10,000 partners parsing the whole file (22.8 MB, most of it notes and logs) is about
two thirds of the program's own start, and `list` and `due` read a dozen fields of each
record. So the first time a file known valid is read (file_board.py), its partners are
kept in the state folder as projections: the same records, with only the fields the
board's cards, the due rule and their output read (PROJECTED; a log entry with only its
day and author, a stage change with only its stage and day), the file's settings, and
whether it holds any deal. The next `list` or `due` of that very file (its stamp
unchanged: speedups/trusted_stamp.py) reads these instead, through the same cards and
rules: nothing is computed here, only left out. A file with deals is read whole by
`due` (its open registrations are read as models). Any other file, schema or version
reads the file. Deleting this module, or its state file, loses only time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from partner_tui.speedups.state_cache import (
    is_kept,
    keep,
    keep_encoded,
    kept_file,
    kept_under,
    program_stamp,
)

# Every field of a partner record that `list` and `due` read (cards.py, due_list.py,
# quiet.py, cadence_rule.py, file_board.FileBoard.active_due, partner_text.py,
# json_output.due_entry); a test holds the commands' output to the whole file's.
PROJECTED = (
    "id", "stage", "position", "created_at", "company", "contact_name", "contact_email",
    "next_action", "next_action_date", "cadence",
)
# Of each log entry and stage change, what the last touch and the live day read.
ENTRY_FIELDS = {"activities": ("date", "author"), "stage_history": ("stage", "entered_at")}
# Bump when PROJECTED changes within one release.
LAYOUT = 1

KIND = "board"  # state/board/


def _key(digest: str) -> str:
    return f"{program_stamp()}/{LAYOUT}/{digest}"


def projection(raw: dict[str, Any]) -> dict[str, Any]:
    """A partner record with only what `list` and `due` read of it."""
    kept = {key: raw[key] for key in PROJECTED if key in raw}
    for name, fields in ENTRY_FIELDS.items():
        entries = raw.get(name)
        if isinstance(entries, list):
            kept[name] = [
                {f: e[f] for f in fields if f in e} if isinstance(e, dict) else e
                for e in entries
            ]
    return kept


def keep_board(file: Path, digest: str, data: dict[str, Any]) -> None:
    """Keep the projections of `data` (the parsed, migrated tables of the file known valid
    with `digest`) unless they are kept already. Best effort."""
    key = _key(digest)
    if is_kept(file, KIND, key):
        return
    partners = data.get("partners") or {}
    content = {
        "key": key,
        "settings": data.get("settings") or {},
        "deals": bool(data.get("deals")),
        "partners": {pid: projection(raw) for pid, raw in partners.items()},
    }
    keep(file, KIND, content)


def carry_board(file: Path, digest: str, tables: dict[str, Any]) -> None:
    """As a store that changed `file` closes, the file on disk now known valid with
    `digest` and `tables` the very records written (the store's held tables): when a
    board was kept for the file (someone runs `list` or `due` on it), keep the new
    file's, so the next `list` or `due` reads it, not the whole file, as `list --json`'s
    entries are carried (kept_figures.carry_forward). The same bytes keep_board writes,
    encoded a partner at a time: no second copy of every projection while the close
    (at 100,000 deals the app's highest memory) runs. Best effort."""
    if not kept_file(file, KIND).is_file():
        return  # nobody reads a kept board of this file: nothing to carry
    key = _key(digest)
    if is_kept(file, KIND, key):
        return
    try:
        pieces = [
            b'{"key":', orjson.dumps(key),
            b',"settings":', orjson.dumps(tables.get("settings") or {}),
            b',"deals":', b"true" if tables.get("deals") else b"false",
            b',"partners":{',
        ]
        for n, (pid, raw) in enumerate((tables.get("partners") or {}).items()):
            pieces.append(
                (b"," if n else b"") + orjson.dumps(pid) + b":" + orjson.dumps(projection(raw))
            )
        pieces.append(b"}}")
    except (TypeError, orjson.JSONEncodeError):
        return
    keep_encoded(file, KIND, pieces)


def kept_board(file: Path, digest: str) -> dict[str, Any] | None:
    """The kept tables (partners as projections, settings, and "deals": whether the file
    holds any) of the file known valid with `digest`, or None."""
    data = kept_under(file, KIND, _key(digest))
    if data is None:
        return None
    if not isinstance(data.get("partners"), dict) or not isinstance(data.get("settings"), dict):
        return None
    return data
