"""The merge's rules for one value, on plain JSON: three-way, key by key, union, set.

Each rule takes a value as it is in the base, ours and theirs (ABSENT where a record
leaves it out) and returns the merged value, taken as it is from one side whenever one
side's value stands (so a merged record keeps the compact form both sides wrote).
A field a stored record leaves out is at its default (records are compact, see
records/stored_form.py): comparisons read ABSENT as the default when the default is known, so
"left out" and "written out at its default" are the same value.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from partner_tui.store.file.serialize import canonical

FieldPath = tuple[str, ...]


class _Absent:
    """A key a record leaves out (not the same as JSON null). One instance: ABSENT."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()
_EARLIEST = datetime.min.replace(tzinfo=UTC)


def instant(value: Any) -> datetime:
    """A stored time ('2026-03-16T09:30:00Z', or a date) as an aware datetime; anything
    else is the earliest instant. Stored times differ in their digits (microseconds are
    left out when zero), so they are compared as times, never as text."""
    if not isinstance(value, str):
        return _EARLIEST
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return _EARLIEST
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def with_default(value: Any, default: Any) -> Any:
    return default if value is ABSENT else value


@dataclass
class FieldClash:
    """Both sides changed one field to different values: `kept` won (the later side's),
    `lost` is the other side's (a field left out reads as its default, when known)."""

    path: FieldPath
    kept: Any
    lost: Any


@dataclass
class Clashes:
    """The clashes of one record's merge; the later side (ours or theirs) wins each."""

    ours_later: bool
    found: list[FieldClash] = field(default_factory=list)

    def settle(self, path: FieldPath, ours: Any, theirs: Any, default: Any = ABSENT) -> Any:
        """The later side's value (as stored); the clash is noted with both values."""
        kept, lost = (ours, theirs) if self.ours_later else (theirs, ours)
        noted = FieldClash(path, with_default(kept, default), with_default(lost, default))
        self.found.append(noted)
        return kept


def merge_value(
    base: Any, ours: Any, theirs: Any, default: Any, path: FieldPath, clashes: Clashes
) -> Any:
    """A value changed on one side only takes that side's value; objects merge key by
    key (two people ticking different checklist items both win); otherwise a clash,
    which the later side wins."""
    b, o, t = (with_default(value, default) for value in (base, ours, theirs))
    if o == t or t == b:
        return ours
    if o == b:
        return theirs
    if isinstance(o, dict) and isinstance(t, dict):
        return merge_keys(
            _as_dict(base), _as_dict(ours), _as_dict(theirs), _as_dict(default), path, clashes
        )
    return clashes.settle(path, ours, theirs, default)


def merge_keys(
    base: dict[str, Any],
    ours: dict[str, Any],
    theirs: dict[str, Any],
    defaults: dict[str, Any],
    path: FieldPath,
    clashes: Clashes,
) -> dict[str, Any]:
    """Two objects merged key by key (a key both sides left out stays out)."""
    merged: dict[str, Any] = {}
    for key in keys_of(ours, theirs):
        value = merge_value(
            base.get(key, ABSENT),
            ours.get(key, ABSENT),
            theirs.get(key, ABSENT),
            defaults.get(key, ABSENT),
            (*path, key),
            clashes,
        )
        if value is not ABSENT:
            merged[key] = value
    return merged


def keys_of(*records: dict[str, Any]) -> Iterator[str]:
    """Every key of the records, each once, in the order they first appear."""
    return iter(dict.fromkeys(key for record in records for key in record))


def union(
    base: Any, ours: Any, theirs: Any, time_key: str, repeat_key: str | None = None
) -> Any:
    """A list that only grows (a log): what either side added is kept, once.

    When only one side changed the list, that side's list is taken as it is. When both
    did, the entries both still have in the same order stay first, then every other
    entry of either side, once, by its time (`time_key`) then content. An entry is known
    by its `id` (so two equal entries with their own ids are both kept), an entry
    without one by its content. The order is
    the same whichever side is "ours". With `repeat_key`, an entry that repeats the
    one before it in that key is dropped (both people moved the card to Engage: it
    entered Engage once, at the earlier time).
    """
    b, o, t = _as_list(base), _as_list(ours), _as_list(theirs)
    if o == t or t == b:
        return ours
    if o == b:
        return theirs
    shared = 0
    while shared < min(len(o), len(t)) and o[shared] == t[shared]:
        shared += 1
    seen = {_identity(entry) for entry in o[:shared]}
    added: dict[Any, tuple[datetime, bytes, Any]] = {}
    for entry in (*o[shared:], *t[shared:]):
        identity = _identity(entry)
        if identity in seen:
            continue
        content = canonical(entry)
        known = added.get(identity)
        # One entry changed on a side (the same id, other content): the same version
        # is kept whichever side is "ours".
        if known is None or content > known[1]:
            when = entry.get(time_key) if isinstance(entry, dict) else None
            added[identity] = (instant(when), content, entry)
    ordered = sorted(added.values(), key=lambda item: item[:2])
    merged = [*o[:shared], *(entry for _, _, entry in ordered)]
    return merged if repeat_key is None else _without_repeats(merged, repeat_key)


def _identity(entry: Any) -> Any:
    """What makes a log entry the same entry: its id, else its content."""
    if isinstance(entry, dict):
        entry_id = entry.get("id")
        if isinstance(entry_id, str) and entry_id:
            return ("id", entry_id)
    return ("content", canonical(entry))


def _without_repeats(entries: list[Any], key: str) -> list[Any]:
    kept: list[Any] = []
    for entry in entries:
        if not (kept and _same_in(key, kept[-1], entry)):
            kept.append(entry)
    return kept


def _same_in(key: str, one: Any, other: Any) -> bool:
    return (
        isinstance(one, dict)
        and isinstance(other, dict)
        and one.get(key, ABSENT) == other.get(key, ABSENT)
    )


def merge_set(base: Any, ours: Any, theirs: Any) -> Any:
    """A list used as a set (tags): added on either side is kept, removed on either side
    is removed. Entries of the base keep their order; added ones follow, sorted."""
    b, o, t = _as_list(base), _as_list(ours), _as_list(theirs)
    if o == t or t == b:
        return ours
    if o == b:
        return theirs
    in_both, in_base = _contents(o) & _contents(t), _contents(b)
    kept = [entry for entry in b if canonical(entry) in in_both]
    added = {canonical(e): e for e in (*o, *t) if canonical(e) not in in_base}
    return [*kept, *(added[content] for content in sorted(added))]


def merge_together(
    fields: tuple[str, ...],
    base: dict[str, Any],
    ours: dict[str, Any],
    theirs: dict[str, Any],
    defaults: dict[str, Any],
    quiet: frozenset[str],
    clashes: Clashes,
) -> dict[str, Any]:
    """Fields that change as one (a card's stage, position and archive reason): merged as
    a single value, so a merge never pairs one side's stage with the other's reason.
    A side that changed only `quiet` fields (reordered the card) gives way to a real
    change (a move) on the other side; otherwise the later side wins."""

    def values(record: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(
            with_default(record.get(name, ABSENT), defaults.get(name, ABSENT)) for name in fields
        )

    def moved(side: tuple[Any, ...]) -> bool:
        return any(v != w for name, v, w in zip(fields, side, b, strict=True) if name not in quiet)

    b, o, t = values(base), values(ours), values(theirs)
    if o == t or t == b or (moved(o) and not moved(t)):
        chosen = ours
    elif o == b or (moved(t) and not moved(o)):
        chosen = theirs
    else:
        chosen = ours if clashes.ours_later else theirs
        for name, mine, other in zip(fields, o, t, strict=True):
            if mine != other:
                clashes.settle(
                    (name,), ours.get(name, ABSENT), theirs.get(name, ABSENT),
                    defaults.get(name, ABSENT),
                )
    return {name: chosen[name] for name in fields if name in chosen}


def differences(
    kept: dict[str, Any], lost: dict[str, Any], defaults: dict[str, Any], skip: Iterable[str]
) -> list[FieldClash]:
    """The fields where `lost` differs from `kept`, as clashes `kept` won (used when a
    field-by-field merge is refused and the later record is kept whole)."""
    skipped = set(skip)
    found = []
    for key in keys_of(kept, lost):
        mine = with_default(kept.get(key, ABSENT), defaults.get(key, ABSENT))
        other = with_default(lost.get(key, ABSENT), defaults.get(key, ABSENT))
        if key not in skipped and mine != other:
            found.append(FieldClash((key,), mine, other))
    return found


def later_is_ours(ours: dict[str, Any], theirs: dict[str, Any], stamp: str) -> bool:
    """Whether ours changed last (its `stamp` is later). Equal stamps are settled by the
    records' content, so a merge gives the same result whichever side is "ours"."""
    mine, other = instant(ours.get(stamp)), instant(theirs.get(stamp))
    if mine != other:
        return mine > other
    return canonical(ours) >= canonical(theirs)


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _contents(entries: list[Any]) -> set[bytes]:
    return {canonical(entry) for entry in entries}

