"""store.partners: read partners (cards, columns, validated models) and change them (add,
edit, move, reorder, archive, restore, delete; parts/partner_changes.py makes each change).

Another thread may merge another writer's file into what the store holds (merge/from_disk.py),
so every read takes the storage's lock; what it returns (cards, sorted columns, validated
models) is never changed in place afterwards, so it may be used after the lock is let go.
"""

from __future__ import annotations

from collections.abc import Iterator

from partner_tui.domain.partner import Partner
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.store.errors import NotFound, PartnerHasDeals
from partner_tui.store.parts.core import StoreCore
from partner_tui.store.parts.partner_changes import PartnerChanges
from partner_tui.store.records.cards import PartnerCard


class Partners:
    """The partners of a store (`store.partners`)."""

    def __init__(self, core: StoreCore, changes: PartnerChanges) -> None:
        self._core = core
        self._storage = core.storage
        self._partners = core.partners
        self._changes = changes

    def get(self, partner_id: str) -> Partner:
        """The partner, validated in full (DatabaseUnreadable if its record is invalid)."""
        with self._storage.lock:
            return self._partners.get(partner_id)

    def card(self, partner_id: str) -> PartnerCard:
        with self._storage.lock:
            try:
                return self._partners.index.cards[partner_id]
            except KeyError:
                raise NotFound(partner_id) from None

    def __contains__(self, partner_id: object) -> bool:
        return partner_id in self._partners.index.cards

    def count(self) -> int:
        return len(self._partners.index.cards)

    def all(self) -> list[Partner]:
        """Every partner validated in full. At 10,000 partners prefer iter_partners()
        (one at a time) or cards() (no validation)."""
        return list(self.iter_all())

    def iter_all(self) -> Iterator[Partner]:
        for partner_id in self._ids():
            try:
                yield self.get(partner_id)
            except NotFound:
                continue  # removed by a merge meanwhile

    def _ids(self) -> list[str]:
        with self._storage.lock:
            return list(self._partners.index.cards)

    def cards(self) -> list[PartnerCard]:
        with self._storage.lock:
            return list(self._partners.index.cards.values())

    def column_cards(self, stage: Stage) -> list[PartnerCard]:
        """One column's cards in board order (cached until a change touches the stage).
        The list is shared: treat it as read-only."""
        with self._storage.lock:
            return self._partners.index.column(stage)

    def board_cards(self) -> dict[Stage, list[PartnerCard]]:
        """Every column's cards, archived included, in board order."""
        with self._storage.lock:
            return self._partners.index.board()

    def list_by_stage(self, stage: Stage) -> list[Partner]:
        """The partners of one column, in their board order, validated in full."""
        with self._storage.lock:
            return [self.get(card.id) for card in self.column_cards(stage)]

    def board(self) -> dict[Stage, list[Partner]]:
        """Every column as validated partners (small programs, tests, exports)."""
        with self._storage.lock:
            return {
                stage: [self.get(c.id) for c in cards]
                for stage, cards in self.board_cards().items()
            }

    def company_of(self, partner_id: str) -> str:
        """The partner's name, or its id when it is not (or no longer) in the file."""
        return self._core.company_of(partner_id)

    # -- changing (parts/partner_changes.py) ---------------------------------------------
    def add(self, partner: Partner) -> Partner:
        """Add a partner at the bottom of its stage's column."""
        self._core.check_writable()
        return self._changes.add(partner)

    def add_many(self, partners: list[Partner]) -> list[Partner]:
        """All or nothing, and one write: the importer's path."""
        self._core.check_writable()
        return self._changes.add_many(partners)

    def update(
        self, partner: Partner, label: str | None = None, *, since: Partner | None = None
    ) -> Partner:
        """Save an edited partner (validated again: an invalid record is never stored).
        since: the partner as the editor read it (a form kept open): if another writer
        changed it meanwhile, only the fields edited since are saved over their change,
        and where both changed a field, their value goes into the partner's log.
        NotFound if the partner is gone (deleted meanwhile)."""
        self._core.check_writable()
        return self._changes.update(partner, label, since)

    def move(self, partner_id: str, stage: Stage) -> Partner:
        """Move to another stage: recorded in the stage history, placed at the column's end."""
        self._core.check_writable()
        return self._changes.move(partner_id, stage)

    def reorder(self, partner_id: str, offset: int) -> bool:
        """Swap with the neighbour above (offset -1) or below (+1). False at an end."""
        self._core.check_writable()
        return self._changes.reorder(partner_id, offset)

    def archive(self, partner_id: str, reason: ArchiveReason) -> Partner:
        self._core.check_writable()
        return self._changes.archive(partner_id, reason)

    def restore(self, partner_id: str) -> Partner:
        """Bring an archived partner back to the stage it left from."""
        partner = self.get(partner_id)
        if partner.stage is not Stage.ARCHIVED:
            return partner
        self._core.check_writable()
        return self._changes.restore(partner_id)

    def delete(self, partner_id: str) -> None:
        """Delete a partner; PartnerHasDeals if it has deals (archive it instead: a deal
        never outlives its partner unseen)."""
        self._core.check_writable()
        with self._core.batch():  # no other writer's deal in between the check and the delete
            count = len(self._core.deals.deal_records(partner_id))
            if count:
                deals = "a deal" if count == 1 else f"{count} deals"
                raise PartnerHasDeals(
                    f"{self._core.company_of(partner_id)} has {deals}: archive it instead"
                )
            self._changes.delete(partner_id)
