"""Every figure of one partner as of a day: the one implementation (docs/figures.md).

`partner_figures` is the only place a partner's leads, deals won, revenue attributed,
payouts earned, paid and owed, cost, ROI and minimum-commitment progress are computed.
`show`, `list --json`, the exports, the statements, the dashboard, the form and the MCP
tools all read a PartnerFigures made here (the store gathers the inputs: figures_facade).

Revenue (and so ROI) is net of refunds: a refunded deal's refunded amount comes off from
the refund's month on (docs/refunds.md), as payouts are net of what refunds claw back.

A partner with deals is measured by its deals, whatever was typed in its Metrics tab. A
partner without deals is measured by the figures typed by hand, and says so: `source` is
"typed" and every place that shows them labels them typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, Literal

from partner_tui.domain.deal_facts import TypedMetrics, terms_of, typed_of
from partner_tui.domain.deal_figures import Commitment, commitment
from partner_tui.domain.metric_rates import roi_percent
from partner_tui.domain.money import CENT, format_percent
from partner_tui.domain.payouts import (
    DealFacts,
    PayoutTerms,
    RefundFacts,
    clawed_back,
    earned,
    from_cents,
)
from partner_tui.domain.periods import month_index
from partner_tui.domain.quiet import Quiet, quiet_of  # noqa: F401 - Quiet: its old home
from partner_tui.domain.tiers import Schedule, Tier, tier_in, tiered_terms

if TYPE_CHECKING:  # (the figures of stored records import no model: `show`)
    from partner_tui.domain.partner import Partner

# Far enough back to hold every close: "to date" is from the beginning through a month.
BEGINNING = 0

Source = Literal["deals", "typed"]


@dataclass(frozen=True)
class PartnerFigures:
    """One partner's figures as of `as_of` (money exact, two places)."""

    as_of: date
    source: Source  # "deals": measured by its deals; "typed": as typed by hand
    leads: int  # deals registered (typed: leads generated)
    deals_won: int  # deals won (typed: deals closed)
    # Revenue earned through the month of as_of, net of refunds from each refund's month
    # on (payouts.earned: brought minus refunded); typed: as typed.
    revenue: Decimal
    revenue_share: Decimal  # payout earned to date under the revenue share
    referral_fees: Decimal  # payout earned to date as referral fees
    paid: Decimal  # every payment recorded for a period up to as_of's month
    internal_cost: Decimal  # typed for every partner
    satisfaction: Decimal | None  # typed for every partner
    commitment: Commitment | None  # None: no minimum in force
    # The latest activity (else the day it entered its stage): the partner's last touch.
    last_touch: date | None = None
    # Days since the last touch, when longer than its stage allows (else None: not quiet).
    quiet_days: int | None = None
    quiet_since: date | None = None  # the first day it counted as quiet
    # Taken back to date by refunds (docs/refunds.md): payout is net of it.
    clawback: Decimal = Decimal("0.00")
    tier: str | None = None  # its program tier this month (tiers.py); None: no tiers

    @property
    def typed(self) -> bool:
        return self.source == "typed"

    @property
    def payout(self) -> Decimal:
        """Payouts earned to date (revenue share + referral fees - clawed back by refunds)."""
        return self.revenue_share + self.referral_fees - self.clawback

    @property
    def owed(self) -> Decimal:
        """Earned to date minus paid: the partner's running balance (negative: paid ahead
        of what was earned, or a refund took back more than is unpaid)."""
        return self.payout - self.paid

    @property
    def cost(self) -> Decimal:
        """What the partnership cost us: internal cost plus payouts earned."""
        return self.internal_cost + self.payout

    @property
    def roi(self) -> Decimal | None:
        return roi_percent(self.revenue, self.cost)

    def with_typed(self, typed: TypedMetrics) -> PartnerFigures:
        """The same figures with satisfaction and internal cost as now typed (the form
        follows the typing before the change is saved)."""
        return replace(
            self, internal_cost=from_cents(typed.internal_cost_cents),
            satisfaction=typed.satisfaction,
        )

    def as_json(self) -> dict[str, Any]:
        """The stable JSON shape (`show --json`, `list --json`, `export json`, MCP): money
        as exact decimal strings, absent values as null."""
        c = self.commitment
        return {
            "as_of": self.as_of.isoformat(),
            "source": self.source,
            "leads": self.leads,
            "deals_won": self.deals_won,
            "revenue": _text(self.revenue),
            "revenue_share": _text(self.revenue_share),
            "referral_fees": _text(self.referral_fees),
            "clawback": _text(self.clawback),
            "payout": _text(self.payout),
            "paid": _text(self.paid),
            "owed": _text(self.owed),
            "internal_cost": _text(self.internal_cost),
            "cost": _text(self.cost),
            "roi": None if self.roi is None else format(self.roi, "f"),
            "customer_satisfaction": (
                None if self.satisfaction is None else format(self.satisfaction, "f")
            ),
            "commitment": None if c is None else {
                "won_in_term": c.won, "minimum": c.minimum, "met": c.met,
                "months_left": c.months_left,
            },
            "last_touch": None if self.last_touch is None else self.last_touch.isoformat(),
            "quiet_days": self.quiet_days,
            "tier": self.tier,
        }


def _text(value: Decimal) -> str:
    return format(value.quantize(CENT), "f")


def _typed_payout(terms: PayoutTerms, typed: TypedMetrics) -> tuple[int, int]:
    """The payout rules over typed totals (cents): percent x revenue, rounded half up to
    the cent, and the fee per deal closed."""
    share = 0
    if terms.share_enabled:
        exact = Decimal(typed.revenue_cents) * terms.percent_hundredths / 10_000
        share = int(exact.to_integral_value(rounding=ROUND_HALF_UP))
    fees = terms.fee_cents * typed.deals if terms.fee_enabled else 0
    return share, fees


def partner_figures(
    deals: Sequence[DealFacts],
    terms: PayoutTerms,
    typed: TypedMetrics,
    paid_cents: int,
    term_start: int,
    as_of: date,
    last_touch: date | None = None,
    quiet_after: int = 0,
    refunds: Sequence[RefundFacts] = (),
    tiers: Sequence[Tier] = (),
    schedule: Schedule | None = None,
) -> PartnerFigures:
    """Every figure of a partner as of `as_of`.

    deals: its deals' facts (none: measured by `typed`); terms: its revenue share and
    referral fee; paid_cents: what was paid for periods up to as_of's month; term_start:
    the month (month_index) its partnership went live, where the revenue share's term and
    the minimum commitment start; last_touch: its latest activity (else the day it entered
    its stage); quiet_after: the days without contact its stage allows (0: never quiet);
    refunds: its refunded deals' refunds (what they claw back is taken off the payout).
    tiers: the program's tier table (its tier, and a tier's percent, come from it);
    schedule: the partner's tier schedule when the caller has it already (tiers.py).
    """
    this_month = month_index(as_of)
    terms, schedule = tiered_terms(terms, deals, tiers, schedule)
    tier = tiers[tier_in(schedule, this_month)].name if tiers else None
    if deals:
        got = earned(deals, terms, BEGINNING, this_month)
        source: Source = "deals"
        leads, won = len(deals), sum(1 for f in deals if f.won)
        revenue, share, fees = got.revenue, got.revenue_share, got.referral_fees
        back = clawed_back(deals, refunds, terms, BEGINNING, this_month)
    else:
        back = 0
        source = "typed"
        leads, won, revenue = typed.leads, typed.deals, typed.revenue_cents
        share, fees = _typed_payout(terms, typed)
    quiet = quiet_of(last_touch, quiet_after, as_of)
    progress = None
    if terms.share_enabled and terms.minimum_customers > 0:
        progress = commitment(deals, terms, term_start, this_month)
    return PartnerFigures(
        as_of=as_of,
        source=source,
        leads=leads,
        deals_won=won,
        revenue=from_cents(revenue),
        revenue_share=from_cents(share),
        referral_fees=from_cents(fees),
        paid=from_cents(paid_cents),
        internal_cost=from_cents(typed.internal_cost_cents),
        satisfaction=typed.satisfaction,
        commitment=progress,
        last_touch=last_touch,
        quiet_days=quiet.quiet_days,
        quiet_since=quiet.quiet_since,
        clawback=from_cents(back),
        tier=tier,
    )


def last_touch_of(partner: Partner) -> date:
    """The partner's last touch: its latest activity, else the day it entered its stage."""
    # What the program logs by itself (a change of tier) is no contact with the partner.
    latest = max((a.date for a in partner.activities if a.author != "program"), default=None)
    return latest if latest is not None else partner.entered_stage_at().date()


@dataclass(frozen=True)
class DealMeasures:
    """The program's figures for the dashboard and the report: every partner's
    PartnerFigures (by id) and revenue earned month by month from deals."""

    figures: Mapping[str, PartnerFigures] = field(default_factory=dict)
    # Revenue earned from deals: (month_index, amount), the first month that earned through
    # this one (periods.py's month numbers: the one month type; month_label spells one).
    months: list[tuple[int, Decimal]] = field(default_factory=list)


def figures_of_partner(partner: Partner, as_of: date, quiet_after: int = 0) -> PartnerFigures:
    """A partner measured without its deals (a caller that has no store: the typed
    figures). Every caller with a store asks it (store.payouts.figures), which passes the deals."""
    return partner_figures(
        (), terms_of(partner.models), typed_of(partner.metrics), 0,
        month_index(partner.live_since), as_of, last_touch_of(partner), quiet_after,
    )


def terms_text(percent: Decimal, years: int, minimum: int, paid: str) -> str:
    """'revenue share 20% for 2 years, minimum 5 customers, paid monthly'; 'for 1 year',
    'with no end', 'no minimum' (the report and the statements word terms alike)."""
    length = "with no end" if years <= 0 else f"for {years} year{'s' if years != 1 else ''}"
    floor = (
        "no minimum" if minimum <= 0
        else f"minimum {minimum} customer{'s' if minimum != 1 else ''}"
    )
    return f"revenue share {format_percent(percent)} {length}, {floor}, paid {paid}"
