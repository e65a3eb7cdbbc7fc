"""The playbook's measurement, from deals: leads, deals closed, revenue and payouts to date,
the minimum commitment's progress, and revenue earned month by month.

For a partner with deals these replace the figures typed by hand (metrics.py):
leads generated = deals registered (every deal, whatever became of it), deals closed =
deals won, revenue attributed = revenue earned to date (through the current month), and
payouts = revenue share + referral fees earned to date. A partner without deals keeps its
typed figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from partner_tui.domain.metrics import roi_percent
from partner_tui.domain.partner import Partner
from partner_tui.domain.payouts import DealFacts, PayoutTerms, earned, from_cents
from partner_tui.domain.periods import month_label

# Far enough back to hold every close: "to date" is from the beginning through a month.
BEGINNING = 0


@dataclass(frozen=True)
class DealFigures:
    """One partner's measurement from its deals."""

    leads: int  # deals registered
    won: int  # deals closed (won)
    revenue: Decimal  # earned to date
    payouts: Decimal  # revenue share + referral fees earned to date


def deal_figures(deals: Sequence[DealFacts], terms: PayoutTerms, through: int) -> DealFigures:
    """Figures from `deals` earned up to and including the month `through` (month_index)."""
    figures = earned(deals, terms, BEGINNING, through)
    return DealFigures(
        leads=len(deals),
        won=sum(1 for f in deals if f.won),
        revenue=from_cents(figures.revenue),
        payouts=from_cents(figures.total),
    )


@dataclass(frozen=True)
class DealMeasures:
    """The program's figures from deals, for the dashboard and the report: each partner's
    (partners without deals are absent) and revenue earned month by month."""

    figures: Mapping[str, DealFigures] = field(default_factory=dict)
    months: list[tuple[str, Decimal]] = field(default_factory=list)  # ('2026-03', earned)


@dataclass(frozen=True)
class PartnerMoney:
    """What a partner brought and cost, from its deals when it has any, else as typed."""

    leads: int
    deals: int
    revenue: Decimal
    payout: Decimal
    internal_cost: Decimal
    from_deals: bool

    @property
    def cost(self) -> Decimal:
        return self.internal_cost + self.payout

    @property
    def roi(self) -> Decimal | None:
        return roi_percent(self.revenue, self.cost)


def partner_money(partner: Partner, figures: DealFigures | None) -> PartnerMoney:
    """The deals' figures replace the typed leads, deals, revenue and payouts; a partner
    without deals keeps its typed figures (and the typed payout rule)."""
    cost = partner.metrics.internal_cost
    if figures is None:
        m = partner.metrics
        return PartnerMoney(
            m.leads_generated, m.deals_closed, m.revenue_attributed, partner.payout, cost, False
        )
    return PartnerMoney(figures.leads, figures.won, figures.revenue, figures.payouts, cost, True)


@dataclass(frozen=True)
class Commitment:
    """The revenue share's minimum commitment: customers won against the minimum over the
    term. Shown as progress; it never holds a payout back."""

    won: int
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
    (the month the partnership went live); customers are the deals won so far."""
    window = terms.window
    return Commitment(
        won=sum(1 for f in deals if f.won),
        minimum=terms.minimum_customers,
        term_end=term_start + window - 1 if window is not None else None,
        this_month=this_month,
    )


def revenue_by_month(deals: Iterable[DealFacts], first: int, last: int) -> list[int]:
    """Revenue earned by all `deals` in each month first..last (cents): one pass over the
    deals (each adds its monthly revenue where it starts and takes it off after it ends),
    then one over the months."""
    size = last - first + 1
    if size <= 0:
        return []
    change = [0] * (size + 1)
    once = [0] * size
    for f in deals:
        if not f.won or f.close is None or f.close > last:
            continue
        if f.end is not None and f.end < first:
            continue
        start = max(f.close, first) - first
        stop = (min(f.end, last) if f.end is not None else last) - first
        change[start] += f.monthly
        change[stop + 1] -= f.monthly
        if f.close >= first:
            once[f.close - first] += f.amount
    months: list[int] = []
    running = 0
    for index in range(size):
        running += change[index]
        months.append(running + once[index])
    return months
