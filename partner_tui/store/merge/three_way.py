"""The record-level three-way merge of two versions of the data file.

One function, used by the git merge driver (`partner-tui merge-driver`) and meant for
every writer that meets a file changed under it:

    merge_files(base, ours, theirs, today=None, author=None) -> MergeResult

- base, ours, theirs: whole parsed files ({table: {key: record}}), each already at the
  current schema (read.read_database migrates; schema.migrate does it for data in
  hand). base may be None or {} when there is no common ancestor (a file added on both
  branches): then the merge is two-way, and a field's default stands in for its base.
- MergeResult.data: the merged file, stamped with the current schema_version. Records
  the merge did not change are the very dicts of `ours` (or `theirs`, where that side's
  record was taken), so the serializer's byte cache, which goes by identity, stays warm.
- MergeResult.changed: {table: set of keys} whose record in `data` is not ours' record
  (added, changed or deleted by the other side, or merged): what a store holding `ours`
  must refresh (changed_keys(table) reads one table).
- MergeResult.clashes: [Clash] every value that lost and what was done with it.
- Pure: no I/O, no clock unless `today` is left out (the date of the merge's notes). The
  inputs are never changed; the result shares records with them: treat all as read-only.
  `author`: who merges (the notes a merge writes in a log record it), if known.

A writer that read `base` from the file, changed it in memory into `ours`, and finds
`theirs` on disk when it comes to write: result = merge_files(base, ours, theirs); write
result.data, hold it from then on (it is also the next base), refresh the cards of
result.changed_keys("partners"), and tell the person about result.clashes (the partner
ones are in their logs already). Cost: one comparison per record both sides hold (10,000
records parsed apart: about 40 to 70 ms on the 2-core build machine; records that are the
same object: a few ms), plus the field-by-field merge of the records both sides changed.
Records it did not merge are not validated. An entry one side took back from a growing
list (an undo) comes back when the other side changed that list too: a log never loses
an entry in a merge.

The rules, for every table (merge/table_rules.py says what is special about each one):
- a record added on either side is kept; deleted on one side and untouched on the
  other is deleted; deleted on one side but changed on the other is kept, with a note;
- a field changed on one side only takes that side's value; objects merge key by key;
  lists that only grow (activities, stage history) are a union by each entry's id (two
  equal entries are two entries; one entry on both sides is one); tags merge as a set;
- both sides changed one field to different values: the side whose record changed
  later (`updated_at`) wins (a card's stage: the side whose move was later, by the stage
  history's times), and the other value is written down: in the partner's
  activity log ("merge: contact email was jane@x.io on the other side"), as a copy of a
  template ("… (other side)"), or (settings) in `clashes` for the caller to show;
- a partner deleted on one side while the other registered a deal for it is kept,
  archived, with a note (merge_orphans.py): a deal never points at nobody;
- payments added on both sides for one partner and period are one payment: the later
  side's kept, a different amount on the other side noted (merge_payments.py);
- `updated_at` of a merged record is the later of the two; a merged record that its
  model would refuse is replaced by the later side's whole record, the other side's
  differing fields written down as clashes. The result is always a valid file.
merge(base, a, a) == a, and merge(base, a, b) == merge(base, b, a) (ties on
`updated_at` are settled by content, so even the clash winner does not depend on order).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from partner_tui.domain import clock
from partner_tui.store.file.schema import SCHEMA_VERSION, stamp, version_of
from partner_tui.store.merge.across_tables import settle_across_tables
from partner_tui.store.merge.notes import (
    DELETED_NOTE,
    MERGE_PREFIX,
    clash_text,
    copy_of_lost,
    logged,
    notes_for,
    shown,
)
from partner_tui.store.merge.result import Clash, MergeResult
from partner_tui.store.merge.table_rules import TableSpec, spec_for
from partner_tui.store.merge.value_rules import (
    ABSENT,
    Clashes,
    FieldClash,
    canonical,
    differences,
    instant,
    keys_of,
    later_is_ours,
    merge_keys,
    merge_set,
    merge_together,
    union,
)

Data = dict[str, Any]
Table = dict[str, dict[str, Any]]


def merge_files(
    base: Data | None,
    ours: Data,
    theirs: Data,
    *,
    today: date | None = None,
    author: str | None = None,
) -> MergeResult:
    """Merge two versions of the file with their common ancestor (see the module's
    docstring). Raises ValueError if a side is not at the current schema."""
    for side, data in (("base", base), ("ours", ours), ("theirs", theirs)):
        if data and version_of(data) != SCHEMA_VERSION:
            raise ValueError(f"{side} is at schema {version_of(data)}, not {SCHEMA_VERSION}")
    base = base or {}
    result = MergeResult(data={})
    day = today or clock.today()
    for name in keys_of(ours, theirs):
        if name == "meta":
            continue
        merged = _TableMerge(name, spec_for(name), day, result, author)
        result.data[name] = merged.run(
            _table(base, name), _table(ours, name), _table(theirs, name)
        )
    settle_across_tables(base, ours, theirs, result, day, author)
    stamp(result.data, SCHEMA_VERSION)
    return result


def _table(data: Data, name: str) -> Table:
    table = data.get(name)
    return table if isinstance(table, dict) else {}


class _TableMerge:
    def __init__(
        self, name: str, spec: TableSpec, day: date, result: MergeResult, author: str | None
    ) -> None:
        self.name = name
        self.spec = spec
        self.day = day
        self.result = result
        self.author = author
        self.changed: set[str] = set()

    def run(self, base: Table, ours: Table, theirs: Table) -> Table:
        if ours is theirs:
            return ours
        merged: Table = {}
        extra: Table = {}
        for key, mine in ours.items():
            other = theirs.get(key)
            if other is mine or other == mine:  # most records, at no more than a comparison
                merged[key] = mine
                continue
            before = base.get(key)
            if other is None:
                record = self._one_side(key, before, mine)
            else:
                record = self._both(key, before, mine, other, extra)
            if record is not None:
                merged[key] = record
            if record is not mine:
                self.changed.add(key)
        for key, other in theirs.items():
            if key not in ours:
                record = self._one_side(key, base.get(key), other)
                if record is not None:
                    merged[key] = record
                    self.changed.add(key)
        for key, record in extra.items():
            if ours.get(key) != record:
                self.changed.add(key)
            merged[key] = record
        if self.changed:
            self.result.changed[self.name] = self.changed
        return merged

    def _one_side(self, key: str, before: dict[str, Any] | None, kept: Any) -> Any:
        """Present on one side only: added there, deleted on the other, or both."""
        if before is None:
            return kept  # added on that side
        if kept == before:
            return None  # deleted on the other side, untouched here
        # Deleted on one side but changed on the other: keep it, and say so.
        self._report(key, kept, "", ABSENT, ABSENT, DELETED_NOTE)
        if self.spec.log is not None:
            return logged(kept, self.spec.log, [DELETED_NOTE], self.day, self.author)
        return kept

    def _both(
        self, key: str, before: Any, ours: dict[str, Any], theirs: dict[str, Any], extra: Table
    ) -> dict[str, Any]:
        """Present on both sides, and different."""
        if before is not None and ours == before:
            return theirs
        if before is not None and theirs == before:
            return ours
        spec = self.spec
        clashes = Clashes(later_is_ours(ours, theirs, spec.stamp))
        record = merge_record(spec, before or {}, ours, theirs, clashes)
        later, other = (ours, theirs) if clashes.ours_later else (theirs, ours)
        if not spec.valid(record):
            record = self._later_whole(later, other, record, clashes)
        # Sorted, so the notes come in the same order whichever side is "ours".
        found = sorted(
            (c for c in clashes.found if c.path[0] not in spec.quiet), key=lambda c: c.path
        )
        if not found:
            return record
        for clash in found:
            self._report(key, record, ".".join(clash.path), clash.kept, clash.lost)
        if spec.log is not None:
            notes = [text for clash in found for text in notes_for(clash)]
            record = logged(record, spec.log, notes, self.day, self.author)
        if spec.copy_lost:
            copy_key, copy = copy_of_lost(key, other, spec.title)
            extra[copy_key] = copy
        return record

    def _later_whole(
        self,
        later: dict[str, Any],
        other: dict[str, Any],
        merged: dict[str, Any],
        clashes: Clashes,
    ) -> dict[str, Any]:
        """The two versions do not combine into a valid record (each valid, together
        not): keep the later one whole, with the logs of both, and count every field
        where the other differs as a clash it lost."""
        spec = self.spec
        record = {**later, **{name: merged[name] for name in spec.grows if name in merged}}
        if not spec.valid(record):
            record = dict(later)
        skip = {spec.stamp, *spec.quiet, *spec.grows}
        clashes.found = differences(later, other, spec.defaults(), skip)
        return record

    def _report(
        self, key: str, record: Any, path: str, kept: Any, lost: Any, text: str | None = None
    ) -> None:
        if text is None:
            text = clash_text(FieldClash(tuple(path.split(".")), kept, lost))
        self.result.clashes.append(
            Clash(
                self.name,
                key,
                self.spec.name_of(key, record),
                path,
                None if kept is ABSENT else kept,
                None if lost is ABSENT else lost,
                text,
            )
        )


def merge_record(
    spec: TableSpec,
    base: dict[str, Any],
    ours: dict[str, Any],
    theirs: dict[str, Any],
    clashes: Clashes,
) -> dict[str, Any]:
    """One record changed on both sides, merged field by field (clashes collected)."""
    defaults = spec.defaults()
    grouped = {name for group in spec.together for name in group}
    plain = [k for k in keys_of(ours, theirs) if k not in grouped and not _special(spec, k)]
    sides = (base, ours, theirs)
    merged = merge_keys(*(_only(r, plain) for r in sides), defaults, (), clashes)
    for name, time_key in spec.grows.items():
        values = (r.get(name, ABSENT) for r in sides)
        _put(merged, name, union(*values, time_key, spec.repeats.get(name)))
    for name in spec.sets:
        _put(merged, name, merge_set(*(r.get(name, ABSENT) for r in sides)))
    for group in spec.together:
        decided = _decided_by(spec, group, sides, clashes)
        merged.update(merge_together(group, *sides, defaults, spec.quiet, decided))
        if decided is not clashes:
            clashes.found.extend(decided.found)
    later = ours if clashes.ours_later else theirs
    _put(merged, spec.stamp, later.get(spec.stamp, ABSENT))
    return merged


def _decided_by(
    spec: TableSpec, group: tuple[str, ...], sides: tuple[dict[str, Any], ...], clashes: Clashes
) -> Clashes:
    """Who wins a clash of `group`: the side whose newest entry of the group's list (a
    move in the stage history) is later, when the spec says so and both sides have one."""
    rule = spec.decided_by.get(group[0])
    if rule is None:
        return clashes
    name, time_key = rule
    base, ours, theirs = (_entries(side.get(name)) for side in sides)
    known = {_entry_key(entry) for entry in base}
    mine, other = (
        max((instant(e.get(time_key)) for e in side if _entry_key(e) not in known), default=None)
        for side in (ours, theirs)
    )
    if mine is None or other is None or mine == other:
        return clashes
    return Clashes(mine > other)


def _entries(value: Any) -> list[dict[str, Any]]:
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def _entry_key(entry: dict[str, Any]) -> Any:
    return entry.get("id") or canonical(entry)


def _special(spec: TableSpec, key: str) -> bool:
    return key in spec.grows or key in spec.sets or key == spec.stamp


def _only(record: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    return {k: record[k] for k in keys if k in record}


def _put(record: dict[str, Any], key: str, value: Any) -> None:
    if value is not ABSENT:
        record[key] = value


def iter_clash_lines(result: MergeResult) -> Iterator[str]:
    """One line per clash for a person: 'Acme: contact email was jane@x.io on the other
    side (kept joe@x.io)'."""
    for clash in result.clashes:
        where = clash.name or clash.table
        text = clash.text.removeprefix(MERGE_PREFIX)
        yield f"{where}: {text} (kept {shown(clash.kept)})" if clash.field else f"{where}: {text}"
