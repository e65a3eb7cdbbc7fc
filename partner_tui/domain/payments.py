"""A payout marked paid: what was paid to one partner for one period, and when.

The amount is kept as it was paid, so a statement of a paid period says what was really
paid even if a deal or the partner's terms change afterwards: the Payouts screen then
shows the difference as still owed (or as overpaid).
"""

from __future__ import annotations

from datetime import date

from pydantic import Field, field_validator

from partner_tui.domain.amount_fields import Money
from partner_tui.domain.periods import Period
from partner_tui.domain.records import Record
from partner_tui.domain.text_fields import SingleLine


class Payment(Record):
    partner_id: SingleLine = Field(min_length=1, max_length=64)
    period: SingleLine  # '2026-03' or '2026-Q1' (Period.label)
    amount: Money
    paid_on: date
    author: SingleLine = Field("", max_length=200)

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        return Period.parse(value).label

    @property
    def paid_period(self) -> Period:
        return Period.parse(self.period)
