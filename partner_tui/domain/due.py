"""When a partner's next action is due, in the board's words. No pydantic: cards use it."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Protocol


class HasNextAction(Protocol):
    @property
    def next_action_date(self) -> date | None: ...


class DueState(StrEnum):
    NONE = "none"
    LATER = "later"
    SOON = "soon"  # within the next 3 days
    TODAY = "today"
    OVERDUE = "overdue"


def next_action_due(partner: HasNextAction, today: date) -> DueState:
    """How urgent the partner's next action is (a Partner or a board card)."""
    when = partner.next_action_date
    if when is None:
        return DueState.NONE
    if when < today:
        return DueState.OVERDUE
    if when == today:
        return DueState.TODAY
    if (when - today).days <= 3:
        return DueState.SOON
    return DueState.LATER
