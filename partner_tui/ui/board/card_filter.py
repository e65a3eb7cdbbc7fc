"""The board's filter: which cards of a column match what is typed in the filter box
(words and qualifiers: domain/board_query.py).

Kept apart from the screen because it is the part that must stay fast at 10,000 cards:
each card keeps its own search text (PartnerCard.search_text, primed after open), and
typing one more letter only searches what the last letter matched.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from partner_tui.domain.board_query import QUALIFIERS, BoardQuery
from partner_tui.domain.stages import Stage
from partner_tui.store.records.cards import PartnerCard


class CardFilter:
    def __init__(self) -> None:
        # stage -> (filter text, the column list it searched, what matched)
        self._narrowed: dict[
            Stage, tuple[str, Sequence[PartnerCard], Sequence[PartnerCard]]
        ] = {}

    def matching(
        self, text: str, stage: Stage, members: Sequence[PartnerCard], today: date
    ) -> Sequence[PartnerCard]:
        """The column's partners that match the filter `text`.

        Typing narrows: every part of the query matches as a prefix or a substring, so
        what "owner:ma acm" matches holds what "owner:maya acme" matches; while the same
        column list is shown, the next keystroke only searches the last one's matches.
        (Column lists are replaced, never changed in place, so `is` tells they are the same.)
        """
        needle = " ".join(text.lower().split())
        query = BoardQuery.parse(needle)
        if not query:
            self._narrowed.pop(stage, None)
            return members
        pool = members
        last = self._narrowed.get(stage)
        if last is not None and last[1] is members and _narrows(last[0], needle):
            pool = last[2]
        found = [p for p in pool if query.matches(p, today)]
        self._narrowed[stage] = (needle, members, found)
        return found


def _narrows(before: str, after: str) -> bool:
    """Whether `after` can only match fewer cards than `before`: it types on, and no word
    became a qualifier ('tag' then 'tag:' asks something else)."""
    if not after.startswith(before):
        return False
    kinds_before, kinds_after = _kinds(before), _kinds(after)
    return kinds_after[: len(kinds_before)] == kinds_before


def _kinds(text: str) -> list[bool]:
    """Per part of a query: is it a qualifier?"""
    return [part.partition(":")[0] in QUALIFIERS and ":" in part for part in text.split()]
