"""The board's filter: which cards of a column match what is typed in the filter box.

Kept apart from the screen because it is the part that must stay fast at 10,000 cards:
each card keeps its own search text (PartnerCard.search_text, primed after open), and
typing one more letter only searches what the last letter matched.
"""

from __future__ import annotations

from collections.abc import Sequence

from partner_tui.domain.stages import Stage
from partner_tui.store.records.cards import PartnerCard


class CardFilter:
    def __init__(self) -> None:
        # stage -> (filter text, the column list it searched, what matched)
        self._narrowed: dict[
            Stage, tuple[str, Sequence[PartnerCard], Sequence[PartnerCard]]
        ] = {}

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
        found = [p for p in pool if needle in p.search_text()]
        self._narrowed[stage] = (needle, members, found)
        return found
