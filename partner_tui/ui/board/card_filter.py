"""The board's filter: which cards of a column match what is typed in the filter box
(words and qualifiers: domain/board_query.py).

Kept apart from the screen because it is the part that must stay fast at 10,000 cards:
each card keeps its own search text (PartnerCard.search_text, primed after open), and
typing one more letter only searches what the last letter matched.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from partner_tui.domain.board_query import QUALIFIERS, BoardQuery
from partner_tui.domain.stages import Stage
from partner_tui.store.records.cards import PartnerCard

if TYPE_CHECKING:
    from partner_tui.domain.program import ProgramRules


class CardFilter:
    def __init__(self) -> None:
        # stage -> (filter text, the rules it judged by, the column list it searched, what matched)
        self._narrowed: dict[
            Stage,
            tuple[str, ProgramRules | None, Sequence[PartnerCard], Sequence[PartnerCard]],
        ] = {}

    def matching(
        self,
        text: str,
        stage: Stage,
        members: Sequence[PartnerCard],
        today: date,
        rules: ProgramRules | None = None,
    ) -> Sequence[PartnerCard]:
        """The column's partners that match the filter `text`.

        Typing narrows: every part of the query matches as a prefix or a substring, so
        what "owner:ma acm" matches holds what "owner:maya acme" matches; while the same
        column list is shown, the next keystroke only searches the last one's matches.
        (Column lists are replaced, never changed in place, so `is` tells they are the same;
        other rules, `quiet:` days per stage edited in Settings, search the column again.)
        `rules`: the program's, which `quiet:` asks (None while they are not read yet).
        """
        needle = " ".join(text.lower().split())
        query = BoardQuery.parse(needle)
        if not query:
            self._narrowed.pop(stage, None)
            return members
        pool = members
        last = self._narrowed.get(stage)
        if (last is not None and last[2] is members and last[1] == rules
                and _narrows(last[0], needle)):
            pool = last[3]
        found = [p for p in pool if query.matches(p, today, rules)]
        self._narrowed[stage] = (needle, rules, members, found)
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
