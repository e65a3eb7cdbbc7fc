"""One record, changed by this process from a version that is no longer the current one
(another writer changed it since): only this process's change is applied to the record
as it is now. The same three-way merge as merge/three_way.py, on one record.

- An edit (the form, the settings) kept on screen while someone else changed the record:
  the fields the person edited take their values, every other field keeps the other
  writer's; where both changed one field the person's edit wins, and the other value is
  returned as a clash (the caller writes it into the log).
- An undo: this process's change is taken back field by field. A field someone else
  changed since keeps their value (returned as a clash, to tell the person), entries this
  change added to a log (an activity, a stage change) are removed from it, and entries
  others added stay.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from partner_tui.store.merge.table_rules import spec_for
from partner_tui.store.merge.three_way import merge_record
from partner_tui.store.merge.value_rules import Clashes, FieldClash, canonical

Record = dict[str, Any]


@dataclass
class Rebased:
    record: Record
    # Fields both sides changed: the value kept won, the other is `lost` (see the module).
    clashes: list[FieldClash] = field(default_factory=list)


def rebase_edit(table: str, since: Record, edited: Record, current: Record) -> Rebased:
    """`edited` was made from `since`; `current` is the record now. The edit wins clashes."""
    if current == since:
        return Rebased(edited)
    return _merged(table, since, edited, current, edits_win=True)


def take_back(table: str, before: Record, after: Record, current: Record) -> Rebased:
    """Undo a change from `before` to `after` on the record as it is now (`current`):
    what someone else changed since wins; entries the change added to a log go."""
    if current == after:
        return Rebased(before)
    rebased = _merged(table, after, before, current, edits_win=False)
    record = rebased.record
    for name in spec_for(table).grows:
        added = _contents(after.get(name)) - _contents(before.get(name))
        entries = record.get(name)
        if added and isinstance(entries, list):
            record[name] = [entry for entry in entries if canonical(entry) not in added]
    return rebased


def _merged(table: str, base: Record, ours: Record, theirs: Record, *, edits_win: bool) -> Rebased:
    spec = spec_for(table)
    clashes = Clashes(ours_later=edits_win)
    record = merge_record(spec, base, ours, theirs, clashes)
    found = sorted((c for c in clashes.found if c.path[0] not in spec.quiet), key=lambda c: c.path)
    return Rebased(record, found)


def _contents(entries: Any) -> set[bytes]:
    return {canonical(entry) for entry in entries} if isinstance(entries, list) else set()
