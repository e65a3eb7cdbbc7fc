"""How a column's cards are sorted: your own order (the board's, set with shift+up/down),
or by value, fit, next action, last activity or name. The choice is yours, kept in your
user config (profile/preferences.py), not in the shared file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from partner_tui.store.records.cards import PartnerCard

FAR_FUTURE = date.max

# name -> (words shown, key); None: the board's own order. Highest value and fit first,
# the soonest next action first (none last), the most recent activity first, A to Z.
SORTS: dict[str, tuple[str, Callable[[PartnerCard], Any]]] = {
    "value": ("value", lambda c: -(c.potential_value or Decimal(0))),
    "fit": ("fit", lambda c: -c.fit_score if c.fit_rated else 1),
    "next_action": ("next action", lambda c: c.next_action_date or FAR_FUTURE),
    "last_activity": ("last activity", lambda c: _newest_first(c.last_activity)),
    "name": ("name", lambda c: c.company.casefold()),
}
ORDER = (None, *SORTS)


def _newest_first(iso: str) -> tuple[int, ...]:
    # ISO dates sort as text; negated code points put the newest first, none last.
    return tuple(-ord(ch) for ch in iso) if iso else (1,)


def sorted_cards(cards: Sequence[PartnerCard], sort: str | None) -> Sequence[PartnerCard]:
    """The cards in the chosen order (stable: ties keep the board's order)."""
    if sort not in SORTS:
        return cards
    return sorted(cards, key=SORTS[sort][1])


def next_sort(sort: str | None) -> str | None:
    index = ORDER.index(sort) if sort in ORDER else 0
    return ORDER[(index + 1) % len(ORDER)]


def sort_words(sort: str | None) -> str:
    return SORTS[sort][0] if sort in SORTS else "your order"
