"""Partnership Management: the monthly and quarterly routine for active partners.

Each period is a checklist for the current cycle. A cycle is due one period after the
last one was completed (or after the partner went live). Ticking the last item closes
the cycle: the date is recorded and the items start over for the next one.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

# The due rule itself reads plain values (cadence_rule.py); its names are kept here too.
from partner_tui.domain.cadence_rule import (  # noqa: F401
    PERIOD_MONTHS,
    Period,
    add_months,
    cadence_due_date,
)
from partner_tui.domain.checklist import Checklist


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
