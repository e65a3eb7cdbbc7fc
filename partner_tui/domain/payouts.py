"""The payout rules: what a partner earned and is owed for a month or a quarter.

The rules, exactly (README's *Deals and payouts* says the same in words):
- Revenue earned by a won deal in a calendar month = its `amount` in the month of
  `closed_on`, plus its `monthly_revenue` in every month from the month of `closed_on`
  through the month of `ended_on` (or for ever). Registered and lost deals earn nothing.
- Revenue share = the partner's percent x that revenue, counting only the first
  `duration years` x 12 months of each deal, starting with its close month (a duration of
  0, i.e. not set, has no end). It is rounded half up to the cent per deal and month;
  every larger figure is a sum of those cents, so a period's total is exactly the sum of
  its deals' parts and a quarter exactly the sum of its months.
- Referral fee = the fee amount once per won deal, in the month of `closed_on` (paid on
  close) or of `paid_on` (paid on payment: nothing until `paid_on` is known).
- Only models in force count (revenue share / referral fee switched on).
- Monthly partners are owed per month, quarterly partners per calendar quarter.

Pure and fast: deals come in as DealFacts (whole months and cents), so one period over
100,000 deals is one pass of integer arithmetic, never a loop over months.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from partner_tui.domain.periods import Period, PeriodKind

MONTHS_PER_YEAR = 12


class DealFacts(NamedTuple):
    """What the rules need of one deal: months as month_index, money in cents."""

    deal_id: str
    won: bool
    close: int | None  # the month it closed (won and lost deals)
    end: int | None  # the month the customer left
    paid: int | None  # the month of the customer's first payment
    amount: int  # one-time revenue, cents
    monthly: int  # recurring revenue, cents


@dataclass(frozen=True)
class PayoutTerms:
    """A partner's revenue share and referral fee, as the rules read them."""

    share_enabled: bool = False
    percent_hundredths: int = 0  # 12.5% is 1250
    years: int = 0  # 0: not set, no end
    minimum_customers: int = 0
    quarterly: bool = False
    fee_enabled: bool = False
    fee_cents: int = 0
    on_payment: bool = False

    @property
    def percent(self) -> Decimal:
        return Decimal(self.percent_hundredths).scaleb(-2)

    @property
    def fee(self) -> Decimal:
        return from_cents(self.fee_cents)

    @property
    def payment_terms(self) -> str:
        """'monthly' or 'quarterly', as the playbook and the terms columns say it."""
        return "quarterly" if self.quarterly else "monthly"

    @property
    def payment_kind(self) -> PeriodKind:
        """How often the partner is paid: per month or per calendar quarter."""
        return PeriodKind.QUARTER if self.quarterly else PeriodKind.MONTH

    @property
    def window(self) -> int | None:
        """How many months of each deal the revenue share counts (None: no end)."""
        return self.years * MONTHS_PER_YEAR if self.years > 0 else None


NO_TERMS = PayoutTerms()


def to_cents(value: Decimal) -> int:
    return int(value.scaleb(2).to_integral_value())


def from_cents(cents: int) -> Decimal:
    """Cents as an exact amount with two places: 123450 -> Decimal('1234.50')."""
    return Decimal(cents).scaleb(-2)


# -- one deal --------------------------------------------------------------------------------
@dataclass(frozen=True)
class DealPart:
    """One deal's share of a period's figures, in cents."""

    deal_id: str
    revenue: int
    revenue_share: int
    referral_fee: int

    @property
    def total(self) -> int:
        return self.revenue_share + self.referral_fee


def deal_part(facts: DealFacts, terms: PayoutTerms, first: int, last: int) -> DealPart:
    """What one deal earned in the months first..last (month_index, both included)."""
    figures = earned((facts,), terms, first, last)
    return DealPart(facts.deal_id, figures.revenue, figures.revenue_share, figures.referral_fees)


# -- one partner, one period -------------------------------------------------------------------
@dataclass(frozen=True)
class Earned:
    """What a partner's deals earned in some months, in cents."""

    revenue: int = 0
    revenue_share: int = 0
    referral_fees: int = 0

    @property
    def total(self) -> int:
        return self.revenue_share + self.referral_fees

    def __add__(self, other: Earned) -> Earned:
        return Earned(
            self.revenue + other.revenue,
            self.revenue_share + other.revenue_share,
            self.referral_fees + other.referral_fees,
        )


def earned(deals: Iterable[DealFacts], terms: PayoutTerms, first: int, last: int) -> Earned:
    """What `deals` earned in the months first..last (month_index, both included).

    The one implementation of the rules (deal_part is this over one deal). One pass of
    integer arithmetic per deal, inlined: the Payouts screen runs it over 100,000 deals."""
    revenue = share = fees = 0
    percent = terms.percent_hundredths if terms.share_enabled else 0
    window = terms.window
    fee = terms.fee_cents if terms.fee_enabled else 0
    on_payment = terms.on_payment
    for _deal_id, won, close, end, paid, amount, monthly in deals:
        if not won or close is None:
            continue
        if fee:
            month = paid if on_payment else close
            if month is not None and first <= month <= last:
                fees += fee
        if close > last:
            continue
        # The months of first..last in which it was a customer: its close through its end.
        start = close if close > first else first
        stop = last if end is None or end > last else end
        if stop < start:
            continue
        closes_here = close >= first
        revenue += (stop - start + 1) * monthly + (amount if closes_here else 0)
        if not percent:
            continue
        # ... of which the revenue share counts the first `window` months from the close.
        if window is not None and close + window - 1 < stop:
            stop = close + window - 1
        if stop < start:
            continue
        monthly_share = (monthly * percent + 5_000) // 10_000
        share += (stop - start + 1) * monthly_share
        if closes_here:
            # The close month earns amount + monthly: rounded as one figure.
            share += ((amount + monthly) * percent + 5_000) // 10_000 - monthly_share
    return Earned(revenue, share, fees)


def earned_in(deals: Iterable[DealFacts], terms: PayoutTerms, period: Period) -> Earned:
    return earned(deals, terms, period.first, period.last)


def deal_parts(
    deals: Iterable[DealFacts], terms: PayoutTerms, period: Period
) -> list[DealPart]:
    """The deals behind a period's figures: every deal that earned something in it."""
    parts = (deal_part(f, terms, period.first, period.last) for f in deals)
    return [part for part in parts if part.revenue or part.total]


@dataclass(frozen=True)
class PartnerPayout:
    """One partner's line for a period: earned, paid and owed (exact amounts)."""

    partner_id: str
    period: Period
    terms: PayoutTerms
    revenue: Decimal
    revenue_share: Decimal
    referral_fees: Decimal
    paid: Decimal  # paid for months inside this period
    # Whether this period is one the partner is paid for: a month for a monthly partner,
    # and a quarter for anyone (a monthly partner's quarter is the sum of its months).
    payable: bool

    @property
    def total(self) -> Decimal:
        return self.revenue_share + self.referral_fees

    @property
    def owed(self) -> Decimal | None:
        """What is still to pay (negative: overpaid); None when this period is not one the
        partner is paid for (a month of a quarterly partner)."""
        return self.total - self.paid if self.payable else None

    @property
    def settled(self) -> bool:
        """Paid in full (or nothing was ever due)."""
        return self.payable and self.total == self.paid


def is_payable(terms: PayoutTerms, period: Period) -> bool:
    return period.kind.length >= terms.payment_kind.length


def partner_payout(
    partner_id: str,
    deals: Sequence[DealFacts],
    terms: PayoutTerms,
    period: Period,
    paid: Decimal = Decimal("0.00"),
) -> PartnerPayout:
    figures = earned_in(deals, terms, period)
    return PartnerPayout(
        partner_id,
        period,
        terms,
        from_cents(figures.revenue),
        from_cents(figures.revenue_share),
        from_cents(figures.referral_fees),
        paid,
        is_payable(terms, period),
    )


def payable_periods(terms: PayoutTerms, period: Period) -> list[Period]:
    """The periods a payment for `period` is recorded against: the period itself, or each
    month of a quarter for a monthly partner (who is paid month by month)."""
    if terms.payment_kind is PeriodKind.MONTH and period.kind is PeriodKind.QUARTER:
        return period.month_periods()
    return [period]
