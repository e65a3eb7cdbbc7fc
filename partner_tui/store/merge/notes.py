"""What a merge writes down so that nothing is silently lost: the words for a clash, the
activity it becomes in a partner's log, and the copy of a template whose edit lost.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from partner_tui.store.file.entry_ids import derived_id
from partner_tui.store.merge.value_rules import ABSENT, FieldClash, FieldPath, canonical

# An activity's text may hold this many characters (domain/partner.py, Activity.text).
NOTE_LIMIT = 10_000
# A template's name may hold this many characters (domain/templates.py).
NAME_LIMIT = 120
ID_LIMIT = 64
OTHER_SIDE = " (other side)"
MERGE_PREFIX = "merge: "
DELETED_NOTE = f"{MERGE_PREFIX}deleted on one side but changed on the other, so it was kept"


def label(path: FieldPath) -> str:
    """contact_email -> 'contact email'; agreement.responsibilities.note -> 'agreement
    responsibilities note'."""
    return " ".join(part.replace("_", " ") for part in path)


def shown(value: Any) -> str:
    """A stored value as a person reads it."""
    if value is ABSENT or value is None or value == "" or value == []:
        return "empty"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    return canonical(value).decode()


def clash_text(clash: FieldClash) -> str:
    return f"{MERGE_PREFIX}{label(clash.path)} was {shown(clash.lost)} on the other side"


def notes_for(clash: FieldClash) -> list[str]:
    """The clash as activity texts, split where a long value (notes) would not fit one."""
    text = clash_text(clash)
    if len(text) <= NOTE_LIMIT:
        return [text]
    head = f"{MERGE_PREFIX}{label(clash.path)} was "
    tail = " on the other side"
    value = shown(clash.lost)
    room = NOTE_LIMIT - len(head) - len(tail) - len(" (part 999 of 999)")
    parts = [value[i : i + room] for i in range(0, len(value), room)]
    return [f"{head}{part}{tail} (part {n} of {len(parts)})" for n, part in enumerate(parts, 1)]


def logged(
    record: dict[str, Any], log: str, texts: list[str], day: date, author: str | None = None
) -> dict[str, Any]:
    """`record` with each text appended to its activity list `log` (a new dict), by
    `author` when known."""
    entries = record.get(log)
    entries = list(entries) if isinstance(entries, list) else []
    by = {"author": author} if author else {}
    for text in texts:
        # The note's id comes from where it goes and what it says: two writers making the
        # same merge write the same note, and a merge of their two files keeps it once.
        note_id = derived_id(record.get("id", ""), log, len(entries), day, text, author or "")
        entries.append({"id": note_id, "date": day.isoformat(), "text": text, **by})
    return {**record, log: entries}


def copy_of_lost(key: str, lost: dict[str, Any], title: str | None) -> tuple[str, dict[str, Any]]:
    """The losing side's record kept whole under a new id, named '… (other side)'. The
    id comes from its content, so merging the same two versions again makes the same copy."""
    digest = hashlib.blake2b(canonical(lost), digest_size=4).hexdigest()
    copy_id = f"{key[: ID_LIMIT - 15]}-other-{digest}"
    copy = {**lost, "id": copy_id}
    if "builtin" in copy:
        copy["builtin"] = False  # only the playbook's own template is built in
    if title is not None:
        name = lost.get(title)
        name = name if isinstance(name, str) and name else key
        copy[title] = name[: NAME_LIMIT - len(OTHER_SIDE)] + OTHER_SIDE
    return copy_id, copy
