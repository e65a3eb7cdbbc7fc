"""Commissions with a life (docs/program-rules.md): a payout line is pending while the
program holds it (its period, then `holding_days` more: the refund window), payable after,
paid once nothing is owed. `pay` and the Payouts screen pay only what is payable.

Pure: dates and amounts in, a state out. Where a period is paid month by month (a monthly
partner's quarter), each month has its own state.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from partner_tui.domain.periods import Period


class LineState(StrEnum):
    PENDING = "pending"  # the period, or its holding days, not over yet
    PAYABLE = "payable"  # something is owed and may be paid
    PAID = "paid"  # nothing is owed (paid in full, or paid ahead)
    CLAWBACK = "clawback"  # below zero: a refund took back more than the period earned
    IN_THE_RED = "in the red"  # the balance carried is below zero: nothing is paid yet


def period_end(period: Period) -> date:
    """The last day of the period's last month."""
    year, month0 = divmod(period.last + 1, 12)
    return date(year, month0 + 1, 1) - timedelta(days=1)


def payable_from(period: Period, holding_days: int) -> date:
    """The first day a line of `period` may be paid: the day after the period ends plus
    the holding days (30 days: February 2026 is payable from 2026-03-31)."""
    return period_end(period) + timedelta(days=holding_days + 1)


def is_pending(period: Period, holding_days: int, on: date) -> bool:
    return on < payable_from(period, holding_days)


def line_state(total: Decimal, paid: Decimal, period: Period, holding_days: int, on: date
               ) -> LineState:
    """The state on day `on` of a line that earned `total` and was paid `paid`."""
    if total < 0:
        return LineState.CLAWBACK  # nothing to pay; carried forward (docs/refunds.md)
    if total - paid <= 0:
        return LineState.PAID
    if is_pending(period, holding_days, on):
        return LineState.PENDING
    return LineState.PAYABLE


def pending_text(period: Period, holding_days: int) -> str:
    """'2026-02 is pending until 2026-03-30 (held 30 days after the period for refunds);
    payable from 2026-03-31'."""
    start = payable_from(period, holding_days)
    held = f"held {holding_days} day{'s' if holding_days != 1 else ''} after the period"
    return (f"{period.label} is pending until {(start - timedelta(days=1)).isoformat()} "
            f"({held} for refunds); payable from {start.isoformat()}")
