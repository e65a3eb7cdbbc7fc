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

A change made through the program carries the board to the file it wrote (carry_board),
and tells which partners' projections changed, by finding each new projection's bytes
in the board it replaces (changed_pieces): what `list` laid out and `due` planned for the
old file is then carried too, made again for those partners only (list_table.py,
due_plan.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from partner_tui.speedups.state_cache import (
    is_kept,
    keep,
    keep_encoded,
    kept_bytes,
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


class Carried(NamedTuple):
    """What carry_board found of the board it replaced: the digest of the file it was
    kept for, and the partners whose projection is not the same in the new file, each
    with its projection in that board (None: added since). A partner removed since is
    not named. What `list` and `due` laid out for that file is carried from it
    (list_table.carry_tables, due_plan.carry_plan): every other partner reads the same."""

    before: str
    changed: dict[str, dict[str, Any] | None]


# Past this many partners changed at once (an import), nothing laid out is carried: the
# next `list` or `due` lays out, or plans, from the kept board.
MOST_CHANGED = 64


def carry_board(file: Path, digest: str, tables: dict[str, Any]) -> Carried | None:
    """As a store that changed `file` closes, the file on disk now known valid with
    `digest` and `tables` the very records written (the store's held tables): when a
    board was kept for the file (someone runs `list` or `due` on it), keep the new
    file's, so the next `list` or `due` reads it, not the whole file, as `list --json`'s
    entries are carried (kept_figures.carry_forward). The same bytes keep_board writes,
    encoded a partner at a time: no second copy of every projection while the close
    (at 100,000 deals the app's highest memory) runs. Returns which partners' projections
    differ from the board it replaced (None: no board, another program's, other
    settings, or too many changed). Best effort."""
    if not kept_file(file, KIND).is_file():
        return None  # nobody reads a kept board of this file: nothing to carry
    key = _key(digest)
    if is_kept(file, KIND, key):
        return None
    try:
        head = [
            b',"settings":', orjson.dumps(tables.get("settings") or {}),
            b',"deals":', b"true" if tables.get("deals") else b"false",
            b',"partners":{',
        ]
        pieces = [b'{"key":', orjson.dumps(key), *head]
        ids = list((tables.get("partners") or {}))
        for n, (pid, raw) in enumerate((tables.get("partners") or {}).items()):
            pieces.append(
                (b"," if n else b"") + orjson.dumps(pid) + b":" + orjson.dumps(projection(raw))
            )
        pieces.append(b"}}")
    except (TypeError, orjson.JSONEncodeError):
        return None
    before = kept_bytes(file, KIND)  # (read before it is replaced)
    keep_encoded(file, KIND, pieces)
    if not before:
        return None
    return changed_pieces(before, b"".join(head), zip(ids, pieces[len(head) + 2 : -1]))


def changed_pieces(
    before: bytes, head: bytes, pieces: Iterable[tuple[str, bytes]]
) -> Carried | None:
    """Which partners of `pieces` (each id with its `"id":{projection}`, after the first
    a comma before it, as carry_board encodes them) are not so in the board kept as
    `before`, and that board's digest; None when it was kept by another program, under
    other settings or deals, or more than MOST_CHANGED differ. Unchanged partners keep
    their order in the file (a changed record takes its old one's place), so each is
    looked for where the last one ended first, and only then anywhere in the partners.
    (A partner removed since is not named: its old projection is simply not looked for.)"""
    prefix = f'{{"key":"{program_stamp()}/{LAYOUT}/'.encode()
    key_end = before.find(b'"', len(prefix))
    if not before.startswith(prefix) or key_end < 0:
        return None
    start = key_end + 1 + len(head)
    if before[key_end + 1 : start] != head:
        return None  # other settings, or deals: every partner's items may differ
    changed: list[str] = []
    cursor = start
    for pid, piece in pieces:
        entry = piece[1:] if piece[:1] == b"," else piece  # `"id":{...}`
        for sep in (b",", b"}"):
            if before.startswith(entry + sep, cursor):
                cursor += len(entry) + 1
                break
        else:
            found = -1
            for lead in (b",", b"{"):
                at = before.find(lead + entry, start - 1)
                if at >= 0 and before[at + 1 + len(entry) : at + 2 + len(entry)] in (b",", b"}"):
                    found = at
                    break
            if found < 0:
                changed.append(pid)
                if len(changed) > MOST_CHANGED:
                    return None
            else:
                cursor = found + 1 + len(entry) + 1
    text = before.decode("utf-8") if changed else ""
    return Carried(before[len(prefix) : key_end].decode(),
                   {pid: _kept_projection(text, start - 1, pid) for pid in changed})


def _kept_projection(text: str, start: int, pid: str) -> dict[str, Any] | None:
    """The projection of partner `pid` in a kept board's text (its partners from `start`),
    or None when it holds none."""
    import json

    name = orjson.dumps(pid).decode() + ":{"
    at = text.find(name, start)
    while at >= 0:
        if text[at - 1] in ",{":
            try:
                found, _end = json.JSONDecoder().raw_decode(text, at + len(name) - 1)
            except ValueError:
                return None
            # (a partner's projection holds its id: not a value inside another's)
            if isinstance(found, dict) and found.get("id") == pid:
                return found
        at = text.find(name, at + 1)
    return None


def kept_board(file: Path, digest: str) -> dict[str, Any] | None:
    """The kept tables (partners as projections, settings, and "deals": whether the file
    holds any) of the file known valid with `digest`, or None."""
    data = kept_under(file, KIND, _key(digest))
    if data is None:
        return None
    if not isinstance(data.get("partners"), dict) or not isinstance(data.get("settings"), dict):
        return None
    return data
