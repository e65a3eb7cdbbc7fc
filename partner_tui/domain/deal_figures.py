"""What the figures of a partner (partner_figures.py) and of the program need from deals:
the minimum commitment's progress and revenue earned month by month.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from partner_tui.domain.payouts import DealFacts, PayoutTerms
from partner_tui.domain.periods import month_label


@dataclass(frozen=True)
class Commitment:
    """The revenue share's minimum commitment: customers won during the term against the
    minimum. Shown as progress; it never holds a payout back."""

    won: int  # deals won with a close month inside the term, up to this month
    minimum: int
    term_end: int | None  # last month of the term (month_index); None: no end set
    this_month: int

    @property
    def applies(self) -> bool:
        return self.minimum > 0

    @property
    def met(self) -> bool:
        return self.won >= self.minimum

    @property
    def months_left(self) -> int | None:
        """Months of the term still to come, this one included."""
        if self.term_end is None:
            return None
        return max(0, self.term_end - self.this_month + 1)

    @property
    def ended_short(self) -> bool:
        """The term's time ran out with fewer customers than the minimum."""
        return (
            self.applies and not self.met
            and self.term_end is not None and self.this_month > self.term_end
        )

    def text(self) -> str:
        """'3/10 customers, 5 months left', '12/10 customers ✓', '⚠ 3/10: term ended 2026-02'."""
        if not self.applies:
            return ""
        progress = f"{self.won}/{self.minimum} customers"
        if self.met:
            return f"{progress} ✓"
        if self.term_end is None:
            return progress
        if self.ended_short:
            return f"⚠ {progress}: term ended {month_label(self.term_end)}"
        left = self.months_left
        return f"{progress}, {left} month{'s' if left != 1 else ''} left"


def commitment(
    deals: Iterable[DealFacts], terms: PayoutTerms, term_start: int, this_month: int
) -> Commitment:
    """Progress against the minimum: the term runs `duration years` from `term_start`
    (the month the partnership went live); customers are the deals won during the term
    (closed from its first month through its last, and not after this month): a deal won
    before the partnership went live, or after its term ended, does not count."""
    window = terms.window
    term_end = term_start + window - 1 if window is not None else None
    last = this_month if term_end is None else min(term_end, this_month)
    return Commitment(
        won=sum(
            1 for f in deals if f.won and f.close is not None and term_start <= f.close <= last
        ),
        minimum=terms.minimum_customers,
        term_end=term_end,
        this_month=this_month,
    )


def revenue_by_month(deals: Iterable[DealFacts], first: int, last: int) -> list[int]:
    """Revenue earned by all `deals` in each month first..last (cents), net of refunds:
    a refund's revenue comes off the month of the refund (a negative month when it gives
    back more than the month brought), as payouts.earned counts it, so these months add
    up to earned()'s revenue over the same months. One pass over the deals (each adds its
    monthly revenue where it starts and takes it off after it ends), then one over the
    months."""
    size = last - first + 1
    if size <= 0:
        return []
    change = [0] * (size + 1)
    once = [0] * size
    # Unpacked, not read by name: the dashboard runs this over 100,000 deals.
    for _deal_id, won, close, end, _paid, amount, monthly, refund, refunded in deals:
        if not won or close is None or close > last:
            continue
        if refund is not None and first <= refund <= last:
            once[refund - first] -= refunded
        if end is not None and end < first:
            continue
        start = max(close, first) - first
        stop = (min(end, last) if end is not None else last) - first
        change[start] += monthly
        change[stop + 1] -= monthly
        if close >= first:
            once[close - first] += amount
    months: list[int] = []
    running = 0
    for index in range(size):
        running += change[index]
        months.append(running + once[index])
    return months
