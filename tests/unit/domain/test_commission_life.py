"""Commissions with a life: pending for the period and its holding days, then payable,
paid once nothing is owed (domain/commission_life.py)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from partner_tui.domain.commission_life import (
    LineState,
    line_state,
    payable_from,
    pending_text,
    period_end,
)
from partner_tui.domain.periods import Period

D = Decimal


def test_a_period_is_payable_after_it_ends_and_its_holding_days_pass() -> None:
    feb, q1 = Period.parse("2026-02"), Period.parse("2026-Q1")
    assert period_end(feb) == date(2026, 2, 28) and period_end(q1) == date(2026, 3, 31)
    assert period_end(Period.parse("2025-12")) == date(2025, 12, 31)
    assert payable_from(feb, 30) == date(2026, 3, 31)
    assert payable_from(q1, 0) == date(2026, 4, 1)  # no holding: the day after it ends
    assert line_state(D(220), D(0), feb, 30, date(2026, 3, 30)) is LineState.PENDING
    assert line_state(D(220), D(0), feb, 30, date(2026, 3, 31)) is LineState.PAYABLE
    assert line_state(D(220), D(100), feb, 30, date(2026, 4, 1)) is LineState.PAYABLE
    assert line_state(D(220), D(220), feb, 30, date(2026, 3, 1)) is LineState.PAID
    assert line_state(D(0), D(10), feb, 30, date(2026, 3, 1)) is LineState.PAID  # paid ahead
    assert pending_text(feb, 30) == (
        "2026-02 is pending until 2026-03-30 (held 30 days after the period for refunds); "
        "payable from 2026-03-31")


@given(
    st.integers(2020 * 12, 2030 * 12), st.booleans(), st.integers(0, 120),
    st.integers(0, 500), st.integers(0, 10_000), st.integers(0, 10_000),
)
def test_the_state_follows_the_calendar_and_the_balance(
    first: int, quarter: bool, holding: int, offset: int, total: int, paid: int
) -> None:
    period = Period(first - first % 3, Period.parse("2026-Q1").kind) if quarter else Period(
        first, Period.parse("2026-01").kind)
    on = period_end(period) + timedelta(days=offset - 200)
    state = line_state(D(total), D(paid), period, holding, on)
    if total <= paid:
        assert state is LineState.PAID  # nothing owed: never held, never payable
    elif on <= period_end(period) + timedelta(days=holding):
        assert state is LineState.PENDING  # the period and its holding days not over
    else:
        assert state is LineState.PAYABLE
