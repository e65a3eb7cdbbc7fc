"""Reading partners: the PartnerStore facade's reading half.

Another thread may merge another writer's file into what the store holds (merge/from_disk.py),
so every read takes the storage's lock; what it returns (cards, sorted columns, validated
models) is never changed in place afterwards, so it may be used after the lock is let go.
"""

from __future__ import annotations

from collections.abc import Iterator

from partner_tui.domain.partner import Partner
from partner_tui.domain.stages import Stage
from partner_tui.store.errors import NotFound
from partner_tui.store.file.storage import SafeJSONStorage
from partner_tui.store.records.cards import PartnerCard
from partner_tui.store.records.partner_table import PartnerTable


class PartnerReads:
    _storage: SafeJSONStorage
    _partners: PartnerTable

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
        return list(self.iter_partners())

    def iter_partners(self) -> Iterator[Partner]:
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
