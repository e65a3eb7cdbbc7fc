"""Undo, per process: each change remembers the partners (and deal or payment records) it
touched as they were before and as it left them, so an undo puts back only this process's
own change, even after other writers changed the same records (rebase.take_back)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from partner_tui.domain.partner import Partner

UNDO_DEPTH = 200

# (table, record id) -> a deal or payment record as it was (None: it did not exist).
Rows = dict[tuple[str, str], dict[str, Any] | None]


@dataclass(frozen=True)
class Change:
    """One undoable step: the partners it touched, as they were before (None = absent),
    the records of other tables it touched (deals, payments) as they were stored, and
    both as the change left them (filled once it is stored: see stored)."""

    label: str
    before: dict[str, Partner | None]
    rows: Rows = field(default_factory=dict)
    after: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    rows_after: Rows = field(default_factory=dict)

    def stored(
        self,
        partner: Callable[[str], dict[str, Any] | None],
        row: Callable[[str, str], dict[str, Any] | None],
    ) -> None:
        """The change is stored: remember its records as it left them (`partner(id)` and
        `row(table, id)` read the stored records)."""
        for partner_id in self.before:
            self.after[partner_id] = partner(partner_id)
        for table, record_id in self.rows:
            self.rows_after[(table, record_id)] = row(table, record_id)


class UndoHistory:
    """This process's changes, newest last, at most UNDO_DEPTH of them. Other writers'
    changes are never in it: they are merged in, not recorded."""

    def __init__(self) -> None:
        self._changes: list[Change] = []

    def record(self, change: Change) -> None:
        self._changes.append(change)
        del self._changes[:-UNDO_DEPTH]

    @contextlib.contextmanager
    def grouped(self, label: str) -> Iterator[None]:
        """The changes recorded inside are one change, `label`: one undo takes them all
        back (the board's bulk actions)."""
        start = len(self._changes)
        try:
            yield
        finally:
            self._group(label, start)

    def _group(self, label: str, start: int) -> None:
        inner = self._changes[start:]
        if not inner:
            return
        del self._changes[start:]
        one = Change(label, {})
        for change in inner:
            # Before: as the first change found them; after: as the last one left them.
            for key, partner in change.before.items():
                one.before.setdefault(key, partner)
            for row_key, row in change.rows.items():
                one.rows.setdefault(row_key, row)
            one.after.update(change.after)
            one.rows_after.update(change.rows_after)
        self.record(one)

    def pop(self) -> Change | None:
        return self._changes.pop() if self._changes else None

    def clear(self) -> None:
        self._changes.clear()

    @property
    def label(self) -> str | None:
        return self._changes[-1].label if self._changes else None

    @property
    def ids(self) -> list[str]:
        """The partners the next undo puts back (the board follows them)."""
        return list(self._changes[-1].before) if self._changes else []
