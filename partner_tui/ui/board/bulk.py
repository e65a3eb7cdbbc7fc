"""Bulk actions on the board: space marks the focused card, then a move (shift+left/right),
an archive (x), an owner (O) or a tag (#) acts on every marked partner at once, as one
change that one ctrl+z takes back (PartnerStore.as_one_change)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from partner_tui.domain.stages import ArchiveReason, Stage, next_stage, previous_stage
from partner_tui.store.errors import NotFound

if TYPE_CHECKING:
    # The board's first paint does without pydantic (a bulk action comes later).
    from partner_tui.domain.partner import Partner
    from partner_tui.store.partner_store import PartnerStore


class Marks:
    """The partners marked on the board, by id, in the order they were marked."""

    def __init__(self) -> None:
        self._ids: dict[str, None] = {}

    def __bool__(self) -> bool:
        return bool(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, partner_id: object) -> bool:
        return partner_id in self._ids

    @property
    def ids(self) -> tuple[str, ...]:
        """In the order they were marked (the order a bulk move lands them in)."""
        return tuple(self._ids)

    def toggle(self, partner_id: str) -> bool:
        """Mark or unmark; True when it is marked now."""
        if partner_id in self._ids:
            del self._ids[partner_id]
            return False
        self._ids[partner_id] = None
        return True

    def clear(self) -> None:
        self._ids.clear()

    def keep_only(self, present: Iterable[str]) -> None:
        """Forget marks of partners no longer there (deleted, or undone)."""
        there = set(present)
        for partner_id in [i for i in self._ids if i not in there]:
            del self._ids[partner_id]


def _each(store: PartnerStore, ids: Iterable[str], label: str,
          change: Callable[[Partner], Any]) -> int:
    """`change` on each marked partner still there, all as one change; how many changed."""
    done = 0
    with store.as_one_change(label):
        for partner_id in ids:
            try:
                partner = store.partners.get(partner_id)
            except NotFound:
                continue
            if change(partner) is not None:
                done += 1
    return done


def move_all(store: PartnerStore, ids: Iterable[str], delta: int) -> int:
    """Each marked partner one stage on (delta 1) or back (-1); those at the end stay."""
    ids = list(ids)

    def move(partner: Partner) -> Partner | None:
        if partner.stage is Stage.ARCHIVED:
            return None
        target = next_stage(partner.stage) if delta > 0 else previous_stage(partner.stage)
        return store.partners.move(partner.id, target) if target is not None else None

    word = "on" if delta > 0 else "back"
    return _each(store, ids, f"move {len(ids)} partners {word}", move)


def archive_all(store: PartnerStore, ids: Iterable[str], reason: ArchiveReason) -> int:
    ids = list(ids)

    def archive(partner: Partner) -> Partner | None:
        if partner.stage is Stage.ARCHIVED:
            return None
        return store.partners.archive(partner.id, reason)

    return _each(store, ids, f"archive {len(ids)} partners", archive)


def set_owner_all(store: PartnerStore, ids: Iterable[str], owner: str) -> int:
    ids = list(ids)

    def own(partner: Partner) -> Partner | None:
        if partner.owner == owner:
            return None
        return store.partners.update(partner.model_copy(update={"owner": owner}))

    return _each(store, ids, f"set the owner of {len(ids)} partners", own)


def tag_all(store: PartnerStore, ids: Iterable[str], tag: str) -> int:
    ids = list(ids)

    def tag_one(partner: Partner) -> Partner | None:
        if tag in partner.tags:
            return None
        return store.partners.update(partner.model_copy(update={"tags": [*partner.tags, tag]}))

    return _each(store, ids, f"tag {len(ids)} partners {tag}", tag_one)

