"""Undo, per process: each change remembers the partners it touched as they were before
and as it left them, so an undo puts back only this process's own change, even after
other writers changed the same partners (record_rebase.take_back)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from partner_tui.domain.partner import Partner

UNDO_DEPTH = 200


@dataclass(frozen=True)
class Change:
    """One undoable step: the partners it touched, as they were before (None = absent),
    and their stored records as the change left them (filled once it is stored)."""

    label: str
    before: dict[str, Partner | None]
    after: dict[str, dict[str, Any] | None] = field(default_factory=dict)


class UndoHistory:
    """This process's changes, newest last, at most UNDO_DEPTH of them. Other writers'
    changes are never in it: they are merged in, not recorded."""

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
