"""Partnership Management: the monthly and quarterly routine for active partners.

Each period is a checklist for the current cycle. A cycle is due one period after the
last one was completed (or after the partner went live). Ticking the last item closes
the cycle: the date is recorded and the items start over for the next one.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from partner_tui.domain.checklist import Checklist

Period = Literal["monthly", "quarterly"]


class MonthlyCadence(Checklist):
    review_metrics: bool = Field(False, title="Review metrics")
    check_in_call: bool = Field(False, title="Check-in call")
    share_updates: bool = Field(False, title="Share updates")
    plan_activities: bool = Field(False, title="Plan activities")


class QuarterlyCadence(Checklist):
    business_review: bool = Field(False, title="Business review")
    strategy_discussion: bool = Field(False, title="Strategy discussion")
    performance_analysis: bool = Field(False, title="Performance analysis")
    plan_adjustments: bool = Field(False, title="Plan adjustments")


class Cadence(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", validate_assignment=True)

    monthly: MonthlyCadence = Field(default_factory=MonthlyCadence)
    quarterly: QuarterlyCadence = Field(default_factory=QuarterlyCadence)
    monthly_last_completed: date | None = None
    quarterly_last_completed: date | None = None


PERIOD_MONTHS: dict[str, int] = {"monthly": 1, "quarterly": 3}


def add_months(day: date, months: int) -> date:
    """Same day N months later, clamped to the month's end (Jan 31 + 1 month = Feb 28/29)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def cadence_due_date(cadence: Cadence, period: Period, live_since: date) -> date:
    """When the current cycle of `period` is due."""
    last = getattr(cadence, f"{period}_last_completed") or live_since
    return add_months(last, PERIOD_MONTHS[period])


def tick(cadence: Cadence, period: Period, item: str, done: bool, today: date) -> Cadence:
    """Return the cadence with one item set; completing the cycle rolls it over."""
    checklist = getattr(cadence, period)
    if item not in type(checklist).model_fields:
        raise ValueError(f"{item!r} is not a {period} cadence item")
    checklist = checklist.model_copy(update={item: done})
    update: dict[str, object] = {period: checklist}
    if checklist.done() == checklist.total():
        update[period] = type(checklist)()
        update[f"{period}_last_completed"] = today
    return cadence.model_copy(update=update)


def close_finished_cycles(cadence: Cadence, today: date) -> Cadence:
    """Roll over every period whose checklist is fully ticked (a form saves many ticks at once)."""
    for period in ("monthly", "quarterly"):
        checklist = getattr(cadence, period)
        if checklist.done() == checklist.total():
            cadence = tick(cadence, period, checklist.items()[0][0], True, today)
    return cadence
