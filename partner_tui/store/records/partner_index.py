"""Where every partner is: its card, its place in the table, its column in board order.

The board asks for whole columns on every repaint, and adding at a column's end needs
the column's highest position. At 10,000 partners neither may scan or sort every card
per change, so both are kept: each column as a sorted list (replaced, never changed in
place: the board tells a changed column by identity) and each stage's highest position.
Both are only ever dropped and rebuilt on demand, never guessed.
"""

from __future__ import annotations

import math

from partner_tui.domain.stages import PIPELINE, Stage
from partner_tui.store.records.cards import PartnerCard

BOARD_COLUMNS = (*PIPELINE, Stage.ARCHIVED)
# Past this many partners changed at once, the columns are rebuilt rather than patched.
BULK = 64


class PartnerIndex:
    def __init__(self, cards: dict[str, PartnerCard]) -> None:
        self.cards = cards  # partner id (its key in the file) -> card, in the file's order
        self._columns: dict[Stage, list[PartnerCard]] = {}
        # Highest position per stage, so adding at a column's end does not scan every partner.
        self._stage_max: dict[Stage, float] = {}

    def column(self, stage: Stage) -> list[PartnerCard]:
        """One column's cards in board order (cached until a change touches the stage).
        The list is shared: treat it as read-only."""
        column = self._columns.get(stage)
        if column is None:
            column = sorted(
                (c for c in self.cards.values() if c.stage is stage), key=lambda c: c.sort_key
            )
            self._columns[stage] = column
        return column

    def board(self) -> dict[Stage, list[PartnerCard]]:
        """Every column's cards, archived included, in board order."""
        missing = [s for s in BOARD_COLUMNS if s not in self._columns]
        if len(missing) > 1:
            # One pass over the cards fills every missing column at once.
            buckets: dict[Stage, list[PartnerCard]] = {s: [] for s in missing}
            for card in self.cards.values():
                bucket = buckets.get(card.stage)
                if bucket is not None:
                    bucket.append(card)
            for stage, bucket in buckets.items():
                bucket.sort(key=lambda c: c.sort_key)
                self._columns[stage] = bucket
        return {stage: self.column(stage) for stage in BOARD_COLUMNS}

    def end_position(self, stage: Stage) -> float:
        """A position below every partner of the column."""
        if stage not in self._stage_max:
            positions = [c.position for c in self.cards.values() if c.stage is stage]
            if not positions:
                return 0.0
            self._stage_max[stage] = max(positions)
        return self._stage_max[stage] + 1.0

    def free_position(self, stage: Stage, wanted: float, partner_id: str) -> float:
        """`wanted`, or the next float after it that no other card of the column has (two
        cards never share a place). Archive and restore only: it scans every card."""
        taken = {
            c.position for c in self.cards.values() if c.stage is stage and c.id != partner_id
        }
        place = wanted
        while place in taken:
            place = math.nextafter(place, math.inf)
        return place

    def put(self, card: PartnerCard) -> None:
        """A partner added or replaced."""
        old = self.cards.get(card.id)
        self.cards[card.id] = card
        self._moved(old, card)

    def drop(self, partner_id: str) -> bool:
        """A partner removed; whether it was there."""
        old = self.cards.pop(partner_id, None)
        self._moved(old, None)
        return old is not None

    def refresh(self, changed: dict[str, PartnerCard | None]) -> None:
        """Partners replaced or removed at once (a merge from disk): card by card for a
        few, else the columns are sorted again when next asked (one pass, not one per card)."""
        if len(changed) <= BULK:
            for key, card in changed.items():
                if card is None:
                    self.drop(key)
                else:
                    self.put(card)
            return
        for key, card in changed.items():
            if card is None:
                self.cards.pop(key, None)
            else:
                self.cards[key] = card
        self._columns.clear()
        self._stage_max.clear()

    def _moved(self, old: PartnerCard | None, new: PartnerCard | None) -> None:
        """Keep the per-stage highest position right (it is only ever an upper bound
        that is reached by some partner, or absent and computed on demand)."""
        if old is not None and self._stage_max.get(old.stage) == old.position:
            if new is None or new.stage is not old.stage or new.position < old.position:
                self._stage_max.pop(old.stage, None)
        if new is not None and new.stage in self._stage_max:
            self._stage_max[new.stage] = max(self._stage_max[new.stage], new.position)
        # Keep the sorted columns this change touched, as new lists (the board tells a
        # changed column by identity): dropping a card, or adding one that sorts last
        # (every add and move), costs one pass over that column, not a sort of them all.
        if old is not None and old.stage in self._columns:
            self._columns[old.stage] = [c for c in self._columns[old.stage] if c is not old]
        if new is not None and new.stage in self._columns:
            column = self._columns[new.stage]
            if not column or new.sort_key >= column[-1].sort_key:
                self._columns[new.stage] = [*column, new]
            else:
                del self._columns[new.stage]  # lands mid-column: sorted again when asked
