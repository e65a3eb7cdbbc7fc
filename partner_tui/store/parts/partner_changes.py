"""How each change to a partner is made: its stage history, its place in the column, who
made it, and the undo step that puts it back.

Every change is validated (an invalid record is never stored), stamped with the instant
it was made, signed by its author (each new stage change and activity), and recorded for
undo before it is stored. Each runs inside one storage batch: no merge from another
writer's file comes between reading the partner and storing the change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Any

from partner_tui.domain import clock
from partner_tui.domain.partner import Activity, Partner, StageChange
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.store.errors import NotFound
from partner_tui.store.merge.notes import logged, notes_for
from partner_tui.store.merge.rebase import rebase_edit
from partner_tui.store.records.partner_table import PartnerTable
from partner_tui.store.records.stored_form import dump_partner
from partner_tui.store.undo.history import Change, UndoHistory
from partner_tui.store.undo.take_back import RowRecords, undo_change

Author = Callable[[], str | None]


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
        author: Author,
        announce: Callable[[Change], None] = lambda change: None,
    ) -> None:
        self._table = table
        self._index = table.index
        self._undo = undo
        self._batch = batch  # several table writes, one disk write, no merge in between
        self._author = author
        self._announce = announce  # tells the store's listeners (StoreCore.announce_change)

    def _record(self, label: str, ids: Iterable[str]) -> Change:
        before = {i: self._table.get(i) if i in self._index.cards else None for i in ids}
        change = Change(label, before)
        self._undo.record(change)
        return change

    def _stored(self, change: Change) -> None:
        """The change is stored: remember its records as it left them (see undo)."""
        for partner_id in change.before:
            change.after[partner_id] = self._table.raw(partner_id)
        self._announce(change)

    def _signed(self, partner: Partner, old: Partner | None = None) -> Partner:
        """Each stage change and activity that `old` did not have, without an author,
        signed by this process's author."""
        author = self._author()
        if not author:
            return partner
        history = _sign_new(partner.stage_history, old.stage_history if old else [], author)
        activities = _sign_new(partner.activities, old.activities if old else [], author)
        if history is partner.stage_history and activities is partner.activities:
            return partner
        return partner.model_copy(update={"stage_history": history, "activities": activities})

    def add(self, partner: Partner) -> Partner:
        """Add a partner at the bottom of its stage's column."""
        with self._batch():
            if partner.id in self._index.cards:
                raise ValueError(f"a partner with id {partner.id!r} exists already")
            partner = self._placed(partner, self._index.end_position(partner.stage))
            change = self._record(f"add {partner.company}", [partner.id])
            self._table.put(partner)
            self._stored(change)
        return partner

    def _placed(self, partner: Partner, position: float) -> Partner:
        update: dict[str, Any] = {"position": position}
        if not partner.stage_history:
            update["stage_history"] = [StageChange(stage=partner.stage, entered_at=clock.now())]
        return self._signed(partner.model_copy(update=update))

    def add_many(self, partners: list[Partner]) -> list[Partner]:
        """All or nothing, and one write: the importer's path."""
        ids = [p.id for p in partners]
        with self._batch():
            if len(set(ids)) != len(ids) or any(i in self._index.cards for i in ids):
                raise ValueError("partner ids must be new and unique")
            if not partners:
                return []
            ends = {stage: self._index.end_position(stage) for stage in Stage}
            placed = []
            for partner in partners:
                placed.append(self._placed(partner, ends[partner.stage]))
                ends[partner.stage] += 1.0
            change = self._record(f"import {len(placed)} partners", ids)
            self._table.put_many(placed)
            self._stored(change)
        return placed

    def update(
        self, partner: Partner, label: str | None = None, since: Partner | None = None
    ) -> Partner:
        """Save an edited partner (validated again: an invalid record is never stored).
        since: the partner as the editor read it; if someone else changed it meanwhile,
        only what was edited since is saved over their change (merge/rebase.py)."""
        with self._batch():
            old = self._table.get(partner.id)
            fresh = Partner.model_validate(partner.model_dump())
            if since is not None:
                fresh = self._rebased(since, fresh)
            if fresh.stage is old.stage:
                # The board owns the order: an edit never moves the card.
                fresh = touched(fresh, position=old.position)
            else:
                # A stage changed in the form is a move: history, end of the new column.
                fresh = touched(fresh, **self._stage_change(old, fresh.stage, fresh))
            fresh = self._signed(fresh, old)
            change = self._record(label or f"edit {fresh.company}", [fresh.id])
            self._table.put(fresh)
            self._stored(change)
        return fresh

    def _rebased(self, since: Partner, edited: Partner) -> Partner:
        """`edited` (made from `since`) applied to the partner as stored now."""
        current = self._table.raw(edited.id)
        if current is None:
            raise NotFound(edited.id)
        rebased = rebase_edit("partners", dump_partner(since), dump_partner(edited), current)
        record = rebased.record
        if rebased.clashes:
            notes = [text for clash in rebased.clashes for text in notes_for(clash)]
            record = logged(record, "activities", notes, clock.today(), self._author())
        try:
            return Partner.model_validate(record)
        except ValueError:
            return edited  # the two do not combine: the person's edit, whole

    def _stage_change(
        self, old: Partner, stage: Stage, edited: Partner | None = None
    ) -> dict[str, Any]:
        """The fields a move from old.stage to `stage` sets."""
        source = edited or old
        at = clock.now()  # one instant: the history entry and updated_at agree
        history = [*source.stage_history]
        if not history or history[-1].stage is not stage:
            history.append(StageChange(stage=stage, entered_at=at, author=self._author()))
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
        with self._batch():
            partner = self._table.get(partner_id)
            if partner.stage is stage:
                return partner
            moved = touched(partner, **self._stage_change(partner, stage))
            change = self._record(f"move {partner.company} to {stage.label}", [partner_id])
            self._table.put(moved)
            self._stored(change)
        return moved

    def reorder(self, partner_id: str, offset: int) -> bool:
        """Swap with the neighbour above (offset -1) or below (+1). False at an end."""
        with self._batch():
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
            change = self._record(f"reorder {partner.company}", touched_ids)
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
            self._stored(change)
        return True

    def archive(self, partner_id: str, reason: ArchiveReason) -> Partner:
        with self._batch():
            partner = self._table.get(partner_id)
            if partner.stage is Stage.ARCHIVED:
                # Already archived: only the reason changes, the history does not repeat.
                archived = touched(partner, archive_reason=reason)
            else:
                archived = touched(
                    partner, archive_reason=reason, **self._stage_change(partner, Stage.ARCHIVED)
                )
            change = self._record(f"archive {partner.company} ({reason.value})", [partner_id])
            self._table.put(archived)
            self._stored(change)
        return archived

    def restore(self, partner_id: str) -> Partner:
        """Back to the stage it left, where it was in that column (archiving kept its
        position)."""
        with self._batch():
            partner = self._table.get(partner_id)
            if partner.stage is not Stage.ARCHIVED:
                return partner
            back = partner.archived_from or Stage.PROSPECT
            changes = self._stage_change(partner, back)
            if partner.archived_from is not None:
                changes["position"] = self._index.free_position(back, partner.position, partner_id)
            change = self._record(f"move {partner.company} to {back.label}", [partner_id])
            restored = touched(partner, **changes)
            self._table.put(restored)
            self._stored(change)
        return restored

    def delete(self, partner_id: str) -> None:
        with self._batch():
            partner = self._table.get(partner_id)
            change = self._record(f"delete {partner.company}", [partner_id])
            self._table.drop(partner_id)
            self._stored(change)

    def undo(self, rows: RowRecords | None = None) -> str | None:
        """Put back this process's last change; returns what was undone (and what of it
        was left as someone else has changed it since). rows: the other tables' records
        (deals, payments), which a change may have touched too."""
        with self._batch():
            change = self._undo.pop()
            if change is None:
                return None
            undone = undo_change(self._table, change, rows)
            self._announce(change)
            return undone


def _sign_new(entries: list[Any], old: list[Any], author: str) -> list[Any]:
    """`entries` with each one that `old` does not hold, and has no author, signed."""
    seen = Counter(_key(entry) for entry in old)
    signed: list[Any] = []
    changed = False
    for entry in entries:
        key = _key(entry)
        if seen[key] > 0:
            seen[key] -= 1
        elif entry.author is None:
            entry = entry.model_copy(update={"author": author})
            changed = True
        signed.append(entry)
    return signed if changed else entries


def _key(entry: StageChange | Activity) -> str:
    return entry.model_dump_json()
