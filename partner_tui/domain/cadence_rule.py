"""When an active partner's cadence cycles come due: the rule, on plain values.

Partnership Management runs a monthly and a quarterly checklist (domain/cadence.py holds
them as models, for the form). A cycle is due one period after the last one was
completed, or after the partner went live. The rule here reads what it needs by name
(`<period>_last_completed`, each checklist's items), so it serves a validated Cadence
and, as StoredCadence, a stored record's cadence: `due` reads 10,000 records of a file
known valid without importing pydantic and the playbook's models (docs/cli-speed.md).
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any, Literal

Period = Literal["monthly", "quarterly"]

PERIOD_MONTHS: dict[str, int] = {"monthly": 1, "quarterly": 3}

# Each checklist's items, (field name, the playbook's words), in the playbook's order:
# MonthlyCadence's and QuarterlyCadence's fields and titles (a test holds them equal).
CHECKLIST_ITEMS: dict[str, tuple[tuple[str, str], ...]] = {
    "monthly": (
        ("review_metrics", "Review metrics"),
        ("check_in_call", "Check-in call"),
        ("share_updates", "Share updates"),
        ("plan_activities", "Plan activities"),
    ),
    "quarterly": (
        ("business_review", "Business review"),
        ("strategy_discussion", "Strategy discussion"),
        ("performance_analysis", "Performance analysis"),
        ("plan_adjustments", "Plan adjustments"),
    ),
}


def add_months(day: date, months: int) -> date:
    """Same day N months later, clamped to the month's end (Jan 31 + 1 month = Feb 28/29)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def cadence_due_date(cadence: Any, period: Period, live_since: date) -> date:
    """When the current cycle of `period` is due (`cadence`: a Cadence, or StoredCadence)."""
    last = getattr(cadence, f"{period}_last_completed") or live_since
    return add_months(last, PERIOD_MONTHS[period])


class StoredChecklist:
    """A checklist of a stored cadence, read as the model reads it: an item left out of
    the record (stored records leave defaults out) is not ticked."""

    __slots__ = ("_items", "_raw")

    def __init__(self, raw: object, period: str) -> None:
        self._raw: dict[str, Any] = raw if isinstance(raw, dict) else {}
        self._items = CHECKLIST_ITEMS[period]

    def items(self) -> list[tuple[str, str]]:
        return list(self._items)

    def __getattr__(self, name: str) -> bool:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._raw.get(name, False) is True


class StoredCadence:
    """A stored partner's cadence (a record of a file known valid), with what the rule
    reads of a Cadence: each checklist and each period's last completed day."""

    __slots__ = ("monthly", "monthly_last_completed", "quarterly", "quarterly_last_completed")

    def __init__(self, raw: object) -> None:
        stored: dict[str, Any] = raw if isinstance(raw, dict) else {}
        self.monthly = StoredChecklist(stored.get("monthly"), "monthly")
        self.quarterly = StoredChecklist(stored.get("quarterly"), "quarterly")
        self.monthly_last_completed = _day(stored.get("monthly_last_completed"))
        self.quarterly_last_completed = _day(stored.get("quarterly_last_completed"))


def _day(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None
