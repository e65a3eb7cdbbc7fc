"""The board's filter: which cards of a column match what is typed in the filter box.

Kept apart from the screen because it is the part that must stay fast at 10,000 cards:
search texts are remembered per card, and typing one more letter only searches what the
last letter matched.
"""

from __future__ import annotations

from collections.abc import Sequence

from partner_tui.domain.stages import Stage
from partner_tui.store.cards import PartnerCard


class CardFilter:
    def __init__(self) -> None:
        # id -> (the card the text was made from, its search text): a partner changed by
        # the store is a new object, so a stale entry is never used.
        self._search_cache: dict[str, tuple[PartnerCard, str]] = {}
        # stage -> (filter text, the column list it searched, what matched)
        self._narrowed: dict[
            Stage, tuple[str, Sequence[PartnerCard], Sequence[PartnerCard]]
        ] = {}

    def _search_text(self, partner: PartnerCard) -> str:
        cached = self._search_cache.get(partner.id)
        if cached is not None and cached[0] is partner:
            return cached[1]
        text = partner.search_text()
        self._search_cache[partner.id] = (partner, text)
        return text

    def matching(
        self, text: str, stage: Stage, members: Sequence[PartnerCard]
    ) -> Sequence[PartnerCard]:
        """The column's partners that match the filter `text`.

        Typing narrows: a text containing "acme" contains "acm", so while the same column
        list is shown, the next keystroke only searches the last keystroke's matches.
        (Column lists are replaced, never changed in place, so `is` tells they are the same.)
        """
        needle = text.strip().lower()
        if not needle:
            self._narrowed.pop(stage, None)
            return members
        pool = members
        last = self._narrowed.get(stage)
        if last is not None and last[1] is members and last[0] in needle:
            pool = last[2]
        found = [p for p in pool if needle in self._search_text(p)]
        self._narrowed[stage] = (needle, members, found)
        return found
