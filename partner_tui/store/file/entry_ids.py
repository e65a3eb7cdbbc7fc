"""Every entry of a partner's logs (activities, stage history) has its own id.

Entries are merged by id (merge_rules.union), so two equal entries written by two people
(or by one person twice) are both kept, and one entry is never doubled. Ids are made:
- for a new entry, at random (domain: Activity / StageChange `id`);
- for an entry a file holds without one (written before schema 3, or by hand), from the
  partner's id, the entry's content and how many equal entries came before it: two clones
  of one file that each give ids to the same old entries give them the same ids, so a
  merge of the two does not double them;
- for a note a merge writes (merge_notes.logged), from what it says and where it goes:
  two writers that make the same merge write the same note, once.
"""

from __future__ import annotations

import hashlib
from typing import Any

from partner_tui.store.file.serialize import canonical

# The partner's lists whose entries carry ids.
LOGS = ("activities", "stage_history")


def derived_id(*parts: object) -> str:
    """A 16-hex-digit id from text parts (stable across processes and machines)."""
    digest = hashlib.blake2b(digest_size=8)
    for part in parts:
        digest.update(part if isinstance(part, bytes) else str(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def with_entry_ids(partner_id: str, record: dict[str, Any]) -> dict[str, Any]:
    """`record` with an id on every log entry; the very same dict when all have one
    (records are never changed in place: the serializer reuses bytes by identity)."""
    update: dict[str, list[Any]] = {}
    for name in LOGS:
        entries = record.get(name)
        if not isinstance(entries, list) or not _lacks_id(entries):
            continue
        seen: dict[bytes, int] = {}
        filled: list[Any] = []
        for entry in entries:
            if isinstance(entry, dict) and not _has_id(entry):
                content = canonical(entry)
                count = seen.get(content, 0)
                seen[content] = count + 1
                entry = {**entry, "id": derived_id(partner_id, name, content, count)}
            filled.append(entry)
        update[name] = filled
    return {**record, **update} if update else record


def fill_entry_ids(data: dict[str, Any]) -> dict[str, Any]:
    """Every partner of a parsed file with ids on its log entries (in place of the table's
    records that lacked some)."""
    partners = data.get("partners")
    if isinstance(partners, dict):
        for key, record in partners.items():
            if type(record) is not dict:
                continue
            acts, history = record.get("activities"), record.get("stage_history")
            if (type(acts) is list and _lacks_id(acts)) or (
                type(history) is list and _lacks_id(history)
            ):
                partners[key] = with_entry_ids(str(record.get("id", key)), record)
    return data


def _lacks_id(entries: list[Any]) -> bool:
    # A plain loop: every file read runs it over every partner's logs.
    for entry in entries:
        if type(entry) is dict and not entry.get("id"):
            return True
    return False


def _has_id(entry: Any) -> bool:
    return isinstance(entry, dict) and isinstance(entry.get("id"), str) and bool(entry["id"])
