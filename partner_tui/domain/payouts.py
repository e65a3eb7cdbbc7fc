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
- Steps, caps and tiers (docs/tiers.md) shape the revenue share where a partner has them:
  the percent of a deal-month is its step's (months counted from the close month), else
  its tier's, else the partner's own; a cap per customer limits what one deal earns ever,
  a cap per period what the partner earns in one payment period (cut month by month in
  order). Steps and caps go through shaped_share, one deal-month at a time; a tier's
  percent alone, and partners without any of them, keep the one-pass arithmetic below.
- Referral fee = the fee amount once per won deal, in the month of `closed_on` (paid on
  close) or of `paid_on` (paid on payment: nothing until `paid_on` is known).
- Only models in force count (revenue share / referral fee switched on).
- Monthly partners are owed per month, quarterly partners per calendar quarter.
- A refunded deal earns like a won deal through the month of its refund and nothing after,
  and claws back, in the month of the refund, what it earned on the refunded amount: a
  negative line (clawback(), docs/refunds.md). Its revenue is net of the refund: the
  revenue refunded comes off the revenue of the refund's month (which may go below zero),
  in `earned` and deal_figures.revenue_by_month alike, so every revenue figure (revenue
  attributed, ROI, the dashboard, the statements, the tiers) is net from that month on.

Pure and fast: deals come in as DealFacts (whole months and cents), so one period over
100,000 deals is one pass of integer arithmetic, never a loop over months.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
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
    # A refunded deal's refund (deal_facts.py fills both; refunded_revenue() is the
    # amount): the month of the refund, and the revenue refunded then (cents). Every
    # revenue figure takes `refunded` off the refund's month: revenue is net of refunds.
    refund: int | None = None
    refunded: int = 0


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
    # Steps (share_steps.py): (months, percent hundredths); months 0: with no end.
    steps: tuple[tuple[int, int], ...] = ()
    customer_cap_cents: int = 0  # the most one referred customer earns ever (0: no cap)
    period_cap_cents: int = 0  # the most the partner earns per payment period (0: no cap)
    # The program tier's percent (tiers.py): (from month, percent hundredths or -1 for the
    # partner's own), in month order; () when no tier sets a percent.
    tier_percents: tuple[tuple[int, int], ...] = ()

    @property
    def shaped(self) -> bool:
        """Whether steps, caps or a tier's percent shape the revenue share."""
        return bool(
            self.steps or self.customer_cap_cents or self.period_cap_cents or self.tier_percents
        )

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


class RefundFacts(NamedTuple):
    """A refunded deal's refund: the month of `refunded_on` and the cents refunded (None:
    everything the deal brought). Its DealFacts already end in that month."""

    deal_id: str
    month: int
    cents: int | None


def to_cents(value: Decimal) -> int:
    return int(value.scaleb(2).to_integral_value())


# Nothing, in cents as an amount: one object for every zero (a Decimal is immutable, and a
# period's payouts at 10,000 partners are 50,000 amounts, many of them zero).
_NO_CENTS = Decimal(0).scaleb(-2)


def from_cents(cents: int) -> Decimal:
    """Cents as an exact amount with two places: 123450 -> Decimal('1234.50')."""
    return Decimal(cents).scaleb(-2) if cents else _NO_CENTS


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
    # A deal's part is before the cap per period: the statement shows that cut on a line
    # of its own (the cut is the partner's, not any one deal's).
    if terms.period_cap_cents:
        terms = replace(terms, period_cap_cents=0)
    # ... and before its refund: the refund is a row of its own too (its revenue refunded,
    # Clawback.refunded, and what it clawed back), so the rows still add up to the line.
    if facts.refund is not None:
        facts = facts._replace(refund=None, refunded=0)
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
    shaped = terms.share_enabled and terms.shaped
    if shaped and not isinstance(deals, list | tuple):
        deals = list(deals)  # read twice: once here, once by shaped_share
    percent = terms.percent_hundredths if terms.share_enabled and not shaped else 0
    window = terms.window
    fee = terms.fee_cents if terms.fee_enabled else 0
    on_payment = terms.on_payment
    for _deal_id, won, close, end, paid, amount, monthly, refund, refunded in deals:
        if not won or close is None:
            continue
        if fee:
            month = paid if on_payment else close
            if month is not None and first <= month <= last:
                fees += fee
        if close > last:
            continue
        if refund is not None and first <= refund <= last:
            revenue -= refunded  # net of the refund, in its month (the share: clawback())
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
    if shaped and (terms.steps or terms.customer_cap_cents or terms.period_cap_cents):
        share = shaped_share(deals, terms, first, last).total
    elif shaped:
        # Only a tier's percent: the one pass above, once per run of months at one percent
        # (rounding is per deal and month, so the runs add up exactly).
        share = sum(
            earned(deals, replace(terms, percent_hundredths=percent, tier_percents=()),
                   start, stop).revenue_share
            for start, stop, percent in tier_runs(terms, first, last)
        )
    return Earned(revenue, share, fees)


def tier_runs(terms: PayoutTerms, first: int, last: int) -> list[tuple[int, int, int]]:
    """The months first..last cut where the tier's percent changes: (first, last, percent
    in hundredths, the partner's own where the tier sets none)."""
    runs: list[tuple[int, int, int]] = []
    marks = terms.tier_percents
    for n, (since, percent) in enumerate(marks):
        until = marks[n + 1][0] - 1 if n + 1 < len(marks) else last
        start, stop = max(since, first), min(until, last)
        if start <= stop:
            runs.append((start, stop, percent if percent >= 0 else terms.percent_hundredths))
    return runs


# -- steps, caps and tiers ----------------------------------------------------------------------
def percent_at(terms: PayoutTerms, close: int, month: int) -> tuple[int, int | None]:
    """(percent in hundredths, step index or None) of a deal closed in `close`, in
    `month`: 0 outside the duration; the step's when there are steps (0 after the last);
    else the tier's when its tier sets one; else the partner's own."""
    age = month - close
    window = terms.window
    if window is not None and age >= window:
        return 0, None
    if terms.steps:
        start = 0
        for n, (months, percent) in enumerate(terms.steps):
            if months == 0 or age < start + months:
                return percent, n
            start += months
        return 0, len(terms.steps)
    own = terms.percent_hundredths
    for since, percent in terms.tier_percents:
        if since > month:
            break
        own = percent if percent >= 0 else terms.percent_hundredths
    return own, None


@dataclass(frozen=True)
class DealShare:
    """One deal's revenue share in some months, and what shaped it."""

    cents: int = 0  # after its steps, tier and cap per customer
    percents: tuple[tuple[int, int, int | None], ...] = ()  # (from month, percent, step)
    capped_in: int | None = None  # the month the cap per customer was reached
    cap_cut: int = 0  # what the cap per customer took off in these months


@dataclass(frozen=True)
class ShapedShare:
    """The revenue share of a partner with steps, caps or a tier's percent."""

    deals: dict[str, DealShare] = field(default_factory=dict)
    before_cap: int = 0  # the deals' sum, before the cap per period
    period_cut: int = 0  # what the cap per period took off (in the months asked)

    @property
    def total(self) -> int:
        return self.before_cap - self.period_cut


def _payment_period_start(terms: PayoutTerms, month: int) -> int:
    return month - month % 3 if terms.quarterly else month


def shaped_share(
    deals: Iterable[DealFacts], terms: PayoutTerms, first: int, last: int
) -> ShapedShare:
    """The revenue share of `deals` in months first..last under steps, caps and tiers.

    Each deal-month earns percent_at x its revenue, rounded half up to the cent (the
    close month's amount + monthly as one figure, as in `earned`). The cap per customer
    is reached month by month from the close: a month earns at most what is left of it.
    The cap per period is met the same way inside each payment period (a month, or a
    calendar quarter for a quarterly partner): its months, in order, earn at most what is
    left of it, so a quarter stays the sum of its months."""
    per_month: dict[int, int] = {}
    by_deal: dict[str, DealShare] = {}
    cap = terms.customer_cap_cents
    # The cap per period needs the months from the start of the payment period of `first`.
    since = _payment_period_start(terms, first) if terms.period_cap_cents else first
    for deal_id, won, close, end, _paid, amount, monthly, _refund, _refunded in deals:
        if not won or close is None or close > last:
            continue
        stop = last if end is None or end > last else end
        start = close if cap else max(close, since)
        paid = cut = 0
        capped_in: int | None = None
        percents: list[tuple[int, int, int | None]] = []
        mine = 0
        for month in range(start, stop + 1):
            percent, step = percent_at(terms, close, month)
            revenue = monthly + (amount if month == close else 0)
            cents = (revenue * percent + 5_000) // 10_000
            if cap:
                room = cap - paid
                if cents > room:
                    if month >= first:
                        cut += cents - room
                        if capped_in is None:
                            capped_in = month
                    cents = room
                paid += cents
            if month < since:
                continue
            per_month[month] = per_month.get(month, 0) + cents
            if month >= first:
                mine += cents
                if not percents or percents[-1][1:] != (percent, step):
                    percents.append((month, percent, step))
        if percents or cut:
            by_deal[deal_id] = DealShare(mine, tuple(percents), capped_in, cut)
    before = sum(cents for month, cents in per_month.items() if month >= first)
    period_cut = 0
    if terms.period_cap_cents:
        room = 0
        for month in range(since, last + 1):
            if month == _payment_period_start(terms, month):
                room = terms.period_cap_cents
            cents = per_month.get(month, 0)
            kept = min(cents, room)
            room -= kept
            if month >= first:
                period_cut += cents - kept
    return ShapedShare(by_deal, before, period_cut)


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
    # Taken back by refunds in this period (clawback(); 0 or more): the negative part.
    clawback: Decimal = Decimal("0.00")
    # The balance carried in from earlier periods, for a partner with a refund by the end of
    # this period (None: no refund, so no clawback to carry forward).
    carried: Decimal | None = None

    @property
    def total(self) -> Decimal:
        return self.revenue_share + self.referral_fees - self.clawback

    @property
    def balance(self) -> Decimal | None:
        """Carried in + total - paid: what is carried into the next period (None: not
        known, the partner has no refund)."""
        return None if self.carried is None else self.carried + self.total - self.paid

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
    refunds: Sequence[RefundFacts] = (),
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
        from_cents(clawed_back(deals, refunds, terms, period.first, period.last)),
    )


def payable_periods(terms: PayoutTerms, period: Period) -> list[Period]:
    """The periods a payment for `period` is recorded against: the period itself, or each
    month of a quarter for a monthly partner (who is paid month by month)."""
    if terms.payment_kind is PeriodKind.MONTH and period.kind is PeriodKind.QUARTER:
        return period.month_periods()
    return [period]


# -- refunds claw back (docs/refunds.md) ---------------------------------------------------------
def brought(close: int, end: int | None, amount: int, monthly: int) -> int:
    """The revenue a won deal brought from its close month through its end month (cents):
    the amount once plus the monthly revenue every month. A refunded deal's end is the
    month of its refund (or its ended_on, when earlier): what may be refunded of it."""
    months = 1 if end is None or end < close else end - close + 1
    return amount + monthly * months


def refunded_revenue(close: int, end: int | None, amount: int, monthly: int,
                     cents: int | None) -> int:
    """The revenue a refund gives back (cents): `cents` (None: everything the deal
    brought), never more than brought() nor less than 0. The one reading of a refund's
    amount: the clawback and every revenue figure (DealFacts.refunded) take it."""
    whole = brought(close, end, amount, monthly)
    return whole if cents is None else max(0, min(cents, whole))


@dataclass(frozen=True)
class Clawback:
    """What one refund takes back, in the month of the refund (cents, each 0 or more)."""

    deal_id: str
    month: int
    refunded: int  # the revenue refunded
    brought: int  # the revenue the deal brought (through its refund)
    revenue_share: int  # the share earned on the refunded revenue
    referral_fee: int  # the fee, taken back only when everything is refunded

    @property
    def total(self) -> int:
        return self.revenue_share + self.referral_fee

    @property
    def whole(self) -> bool:
        return self.refunded == self.brought


def clawback(facts: DealFacts, refund: RefundFacts, terms: PayoutTerms) -> Clawback:
    """What `refund` takes back of what its deal earned (facts: the deal's, ending in the
    refund's month). The rule, exactly:

    - S, F = the revenue share and referral fee the deal earned (earned(), every month
      through the refund's month: all it ever earns); B = brought(); R = the amount
      refunded (all of B when not given; never more than B).
    - Revenue share back = S x R / B, rounded half up to the cent (all of S when R = B).
    - Referral fee back = F when R = B (the whole deal refunded), else nothing.

    So what a deal is paid over all periods is S + F when it is not refunded, and
    S + F - (share back + fee back) when it is; never less than 0, and nothing is taken
    back before it was earned (the refund's month is the deal's last)."""
    got = earned((facts,), terms, 0, refund.month)
    whole = refunded = 0
    if facts.close is not None:
        whole = brought(facts.close, facts.end, facts.amount, facts.monthly)
        refunded = refunded_revenue(
            facts.close, facts.end, facts.amount, facts.monthly, refund.cents)
    share = (
        (got.revenue_share * refunded * 2 + whole) // (2 * whole) if whole else 0
    )
    fee = got.referral_fees if refunded == whole else 0
    return Clawback(facts.deal_id, refund.month, refunded, whole, share, fee)


def clawbacks(
    deals: Iterable[DealFacts], refunds: Iterable[RefundFacts], terms: PayoutTerms,
    first: int, last: int,
) -> list[Clawback]:
    """The clawbacks of the refunds made in the months first..last (both included)."""
    inside = [r for r in refunds if first <= r.month <= last]
    if not inside:
        return []  # the common case: no refund in the period, no pass over the deals
    by_id = {f.deal_id: f for f in deals}
    return [clawback(by_id[r.deal_id], r, terms) for r in inside if r.deal_id in by_id]


def clawed_back(
    deals: Iterable[DealFacts], refunds: Iterable[RefundFacts], terms: PayoutTerms,
    first: int, last: int,
) -> int:
    """What refunds in the months first..last take back (cents, 0 or more)."""
    return sum(c.total for c in clawbacks(deals, refunds, terms, first, last))
