"""Undo: each change remembers the partners (and deal or payment records) it touched as
they were before."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from partner_tui.domain.partner import Partner

UNDO_DEPTH = 200

# (table, record id) -> a deal or payment record as it was (None: it did not exist).
Rows = dict[tuple[str, str], dict[str, Any] | None]


@dataclass(frozen=True)
class Change:
    """One undoable step: the partners it touched, as they were before (None = absent),
    and the records of other tables it touched (deals, payments), as they were stored."""

    label: str
    before: dict[str, Partner | None]
    rows: Rows = field(default_factory=dict)


class UndoHistory:
    """The session's changes, newest last, at most UNDO_DEPTH of them (per session: a
    reload from disk clears it, as the partners it would put back are someone else's)."""

    def __init__(self) -> None:
        self._changes: list[Change] = []

    def record(self, change: Change) -> None:
        self._changes.append(change)
        del self._changes[:-UNDO_DEPTH]

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
