"""How each change to a partner is made: its stage history, its place in the column, and
the undo step that puts it back.

Every change is validated (an invalid record is never stored), stamped with the instant
it was made, and recorded for undo before it is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Any

from partner_tui.domain import clock
from partner_tui.domain.partner import Partner, StageChange
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.store.partner_table import PartnerTable
from partner_tui.store.undo import Change, Rows, UndoHistory


def touched(partner: Partner, **changes: Any) -> Partner:
    """`partner` with `changes`, stamped updated now (unless the changes say when)."""
    changes.setdefault("updated_at", clock.now())
    return partner.model_copy(update=changes)


class PartnerChanges:
    def __init__(
        self,
        table: PartnerTable,
        undo: UndoHistory,
        batch: Callable[[], AbstractContextManager[object]],
    ) -> None:
        self._table = table
        self._index = table.index
        self._undo = undo
        self._batch = batch  # several table writes, one disk write

    def _record(self, label: str, ids: Iterable[str]) -> None:
        before = {i: self._table.get(i) if i in self._index.cards else None for i in ids}
        self._undo.record(Change(label, before))

    def add(self, partner: Partner) -> Partner:
        """Add a partner at the bottom of its stage's column."""
        if partner.id in self._index.cards:
            raise ValueError(f"a partner with id {partner.id!r} exists already")
        partner = partner.model_copy(update={"position": self._index.end_position(partner.stage)})
        if not partner.stage_history:
            partner = partner.model_copy(
                update={"stage_history": [StageChange(stage=partner.stage, entered_at=clock.now())]}
            )
        self._record(f"add {partner.company}", [partner.id])
        self._table.put(partner)
        return partner

    def add_many(self, partners: list[Partner]) -> list[Partner]:
        """All or nothing, and one write: the importer's path."""
        ids = [p.id for p in partners]
        if len(set(ids)) != len(ids) or any(i in self._index.cards for i in ids):
            raise ValueError("partner ids must be new and unique")
        if not partners:
            return []
        ends = {stage: self._index.end_position(stage) for stage in Stage}
        placed = []
        for partner in partners:
            update: dict[str, Any] = {"position": ends[partner.stage]}
            if not partner.stage_history:
                update["stage_history"] = [
                    StageChange(stage=partner.stage, entered_at=clock.now())
                ]
            placed.append(partner.model_copy(update=update))
            ends[partner.stage] += 1.0
        self._record(f"import {len(placed)} partners", ids)
        self._table.put_many(placed)
        return placed

    def update(self, partner: Partner, label: str | None = None) -> Partner:
        """Save an edited partner (validated again: an invalid record is never stored)."""
        old = self._table.get(partner.id)
        fresh = Partner.model_validate(partner.model_dump())
        if fresh.stage is old.stage:
            # The board owns the order: an edit never moves the card.
            fresh = touched(fresh, position=old.position)
        else:
            # A stage changed in the form is a move: history, end of the new column.
            fresh = touched(fresh, **self._stage_change(old, fresh.stage, fresh))
        self._record(label or f"edit {fresh.company}", [fresh.id])
        self._table.put(fresh)
        return fresh

    def _stage_change(
        self, old: Partner, stage: Stage, edited: Partner | None = None
    ) -> dict[str, Any]:
        """The fields a move from old.stage to `stage` sets."""
        source = edited or old
        at = clock.now()  # one instant: the history entry and updated_at agree
        history = [*source.stage_history]
        if not history or history[-1].stage is not stage:
            history.append(StageChange(stage=stage, entered_at=at))
        changes: dict[str, Any] = {
            "updated_at": at,
            "stage": stage,
            "position": self._index.end_position(stage),
            "stage_history": history,
        }
        if stage is Stage.ARCHIVED:
            changes["archived_from"] = old.stage if old.on_board else source.archived_from
            # Keeps its place (nudged if another archived card has it): restored, it goes
            # back where it was in its column. The archive lists partners in that order.
            changes["position"] = self._index.free_position(stage, old.position, old.id)
        else:
            # Back on the board: the archive's reason and origin no longer apply.
            changes["archive_reason"] = None
            changes["archived_from"] = None
        return changes

    def move(self, partner_id: str, stage: Stage) -> Partner:
        """Move to another stage: recorded in the stage history, placed at the column's end."""
        partner = self._table.get(partner_id)
        if partner.stage is stage:
            return partner
        moved = touched(partner, **self._stage_change(partner, stage))
        self._record(f"move {partner.company} to {stage.label}", [partner_id])
        self._table.put(moved)
        return moved

    def reorder(self, partner_id: str, offset: int) -> bool:
        """Swap with the neighbour above (offset -1) or below (+1). False at an end."""
        partner = self._table.get(partner_id)
        column = self._index.column(partner.stage)
        index = next(i for i, c in enumerate(column) if c.id == partner_id)
        target = index + offset
        if not 0 <= target < len(column):
            return False
        other = self._table.get(column[target].id)
        renumber = partner.position == other.position
        # Renumbering touches the whole column, so undo must put the whole column back.
        touched_ids = [c.id for c in column] if renumber else [partner.id, other.id]
        self._record(f"reorder {partner.company}", touched_ids)
        with self._batch():
            if renumber:
                # Equal positions (e.g. hand-edited file): renumber the column once.
                for i, c in enumerate(list(column)):
                    if c.position != float(i):
                        self._table.put(
                            self._table.get(c.id).model_copy(update={"position": float(i)})
                        )
                partner, other = self._table.get(partner.id), self._table.get(other.id)
            self._table.put(touched(partner, position=other.position))
            self._table.put(touched(other, position=partner.position))
        return True

    def archive(self, partner_id: str, reason: ArchiveReason) -> Partner:
        partner = self._table.get(partner_id)
        if partner.stage is Stage.ARCHIVED:
            # Already archived: only the reason changes, the history does not repeat.
            archived = touched(partner, archive_reason=reason)
        else:
            archived = touched(
                partner, archive_reason=reason, **self._stage_change(partner, Stage.ARCHIVED)
            )
        self._record(f"archive {partner.company} ({reason.value})", [partner_id])
        self._table.put(archived)
        return archived

    def restore(self, partner_id: str) -> Partner:
        """Back to the stage it left, where it was in that column (archiving kept its
        position)."""
        partner = self._table.get(partner_id)
        if partner.stage is not Stage.ARCHIVED:
            return partner
        back = partner.archived_from or Stage.PROSPECT
        changes = self._stage_change(partner, back)
        if partner.archived_from is not None:
            changes["position"] = self._index.free_position(back, partner.position, partner_id)
        self._record(f"move {partner.company} to {back.label}", [partner_id])
        restored = touched(partner, **changes)
        self._table.put(restored)
        return restored

    def delete(self, partner_id: str) -> None:
        partner = self._table.get(partner_id)
        self._record(f"delete {partner.company}", [partner_id])
        self._table.drop(partner_id)

    def undo(self, restore_rows: Callable[[Rows], None] | None = None) -> str | None:
        """Put back the partners the last change touched; returns what was undone.
        restore_rows: puts back the other tables' records it touched (deals, payments)."""
        change = self._undo.pop()
        if change is None:
            return None
        with self._batch():
            for partner_id, before in change.before.items():
                if before is None:
                    self._table.drop(partner_id)
                else:
                    self._table.put(before)
            if change.rows and restore_rows is not None:
                restore_rows(change.rows)
        return change.label
