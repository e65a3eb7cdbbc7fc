"""What the payout rules read, taken from validated models or straight from stored records.

The Payouts screen computes a period over every deal of every partner. Validating 100,000
deals and 10,000 partners into pydantic models for that would take seconds, so the store
hands over stored records (each validated once, before any write, like partners) and
these readers take just the months, cents and terms out of them. A damaged value reads as
nothing here; validation is what reports it.
"""

from __future__ import annotations

import functools
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, NamedTuple

from partner_tui.domain.deal_status import DealStatus
from partner_tui.domain.payouts import (
    DealFacts,
    PayoutTerms,
    RefundFacts,
    refunded_revenue,
    to_cents,
)
from partner_tui.domain.periods import month_index
from partner_tui.domain.quiet import last_touch_from_record  # noqa: F401 - its old home
from partner_tui.domain.share_steps import parse_steps
from partner_tui.domain.terms_choices import PaymentTerms, ReferralPayment

if TYPE_CHECKING:  # (the record readers here import no model: `show`, docs/cli-speed.md)
    from partner_tui.domain.deals import Deal
    from partner_tui.domain.metrics import Metrics
    from partner_tui.domain.partnership_models import PartnershipModels

_WON = DealStatus.WON.value
_REFUNDED = DealStatus.REFUNDED.value

# The fields each fast reader here takes from a record. tests/unit/store/test_readers.py
# holds each equal to its pydantic model's fields (for Deal: together with the fields the
# rules ignore), so a field added to a model fails it until a reader reads it.
DEAL_FIELDS_READ = (
    "id", "status", "closed_on", "ended_on", "paid_on", "amount", "monthly_revenue",
    "refunded_on", "refunded_amount",
)
DEAL_FIELDS_IGNORED = (
    "created_at", "updated_at", "partner_id", "customer", "customer_domain", "registered_on",
    "notes", "author", "override",
    # The registration workflow's review and window: no figure depends on them.
    "reviewed_on", "reviewed_by", "rejection_reason", "extensions",
)
SHARE_FIELDS_READ = (
    "enabled", "percent", "duration_years", "minimum_customers", "payment_terms", "steps",
    "cap_per_customer", "cap_per_period",
)
FEE_FIELDS_READ = ("enabled", "amount", "payment")
METRICS_FIELDS_READ = (
    "leads_generated", "deals_closed", "revenue_attributed", "internal_cost",
    "customer_satisfaction",
)


def facts_of(deal: Deal) -> DealFacts:
    def month(day: object) -> int | None:
        return month_index(day) if day is not None else None  # type: ignore[arg-type]

    return refunded_facts(DealFacts(
        deal.id,
        deal.status in (DealStatus.WON, DealStatus.REFUNDED),
        month(deal.closed_on),
        month(deal.ended_on),
        month(deal.paid_on),
        to_cents(deal.amount),
        to_cents(deal.monthly_revenue),
    ), refund_of(deal))


def refund_of(deal: Deal) -> RefundFacts | None:
    """A refunded deal's refund as the rules read it (None: not refunded)."""
    if deal.status is not DealStatus.REFUNDED or deal.refunded_on is None:
        return None
    amount = deal.refunded_amount
    return RefundFacts(
        deal.id, month_index(deal.refunded_on), None if amount is None else to_cents(amount)
    )


def refunded_facts(facts: DealFacts, refund: RefundFacts | None) -> DealFacts:
    """A refunded deal earns like a won one through the month of its refund and nothing
    after: it ends there, and a fee due on a later first payment is never due. Its
    revenue is net of the refund from that month on: `refunded` (payouts.refunded_revenue,
    the clawback's reading of the amount) comes off the refund month's revenue."""
    if refund is None:
        return facts
    month = refund.month
    end = month if facts.end is None or facts.end > month else facts.end
    paid = facts.paid if facts.paid is not None and facts.paid <= month else None
    refunded = 0
    if facts.won and facts.close is not None:
        refunded = refunded_revenue(facts.close, end, facts.amount, facts.monthly, refund.cents)
    return facts._replace(end=end, paid=paid, refund=month, refunded=refunded)


def stored_month(value: object) -> int | None:
    """'2026-03-15' -> its month_index, without building a date (100,000 of them)."""
    if not isinstance(value, str) or len(value) < 7:
        return None
    return _month_of(value[:7])


@functools.lru_cache(maxsize=4096)
def _month_of(year_month: str) -> int | None:
    """'2026-03' -> its month_index: one int per month, shared by the deal index's
    100,000 deals (~8 MB as an int each)."""
    year, month = year_month[:4], year_month[5:7]
    if not (year.isdigit() and month.isdigit()):
        return None
    return int(year) * 12 + int(month) - 1


def stored_cents(value: object) -> int:
    """A stored amount ("1234.50") in cents; a damaged or negative one reads as 0."""
    if value is None:
        return 0
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return 0
    return to_cents(amount) if amount.is_finite() and amount > 0 else 0


def facts_from_record(raw: dict[str, Any]) -> DealFacts:
    """A stored deal record's facts (fields left out of the file are at their default)."""
    deal_id = raw.get("id")
    status = raw.get("status")
    facts = DealFacts(
        deal_id if isinstance(deal_id, str) else "",
        status == _WON or status == _REFUNDED,
        stored_month(raw.get("closed_on")),
        stored_month(raw.get("ended_on")),
        stored_month(raw.get("paid_on")),
        stored_cents(raw.get("amount")),
        stored_cents(raw.get("monthly_revenue")),
    )
    if status != _REFUNDED:
        return facts  # the common case, kept cheap (100,000 deals)
    return refunded_facts(facts, refund_from_record(raw))


def refund_from_record(raw: dict[str, Any]) -> RefundFacts | None:
    """A stored deal record's refund, read like refund_of reads a validated deal."""
    if raw.get("status") != _REFUNDED:
        return None
    month = stored_month(raw.get("refunded_on"))
    if month is None:
        return None
    deal_id = raw.get("id")
    amount = raw.get("refunded_amount")
    return RefundFacts(
        deal_id if isinstance(deal_id, str) else "", month,
        None if amount is None else stored_cents(amount),
    )


def terms_of(models: PartnershipModels) -> PayoutTerms:
    share, fee = models.revenue_share, models.referral_fee
    return PayoutTerms(
        share_enabled=share.enabled,
        percent_hundredths=to_cents(share.percent),
        years=share.duration_years,
        minimum_customers=share.minimum_customers,
        quarterly=share.payment_terms is PaymentTerms.QUARTERLY,
        fee_enabled=fee.enabled,
        fee_cents=to_cents(fee.amount),
        on_payment=fee.payment is ReferralPayment.ON_PAYMENT,
        steps=parse_steps(share.steps),
        customer_cap_cents=to_cents(share.cap_per_customer),
        period_cap_cents=to_cents(share.cap_per_period),
    )


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def terms_from_record(raw: dict[str, Any]) -> PayoutTerms:
    """A stored partner record's terms, read like terms_of reads a validated partner."""
    models = raw.get("models")
    if not isinstance(models, dict):
        return PayoutTerms()
    share = models.get("revenue_share")
    share = share if isinstance(share, dict) else {}
    fee = models.get("referral_fee")
    fee = fee if isinstance(fee, dict) else {}
    return PayoutTerms(
        share_enabled=share.get("enabled") is True,
        percent_hundredths=stored_cents(share.get("percent")),
        years=_int(share.get("duration_years")),
        minimum_customers=_int(share.get("minimum_customers")),
        quarterly=share.get("payment_terms") == PaymentTerms.QUARTERLY.value,
        fee_enabled=fee.get("enabled") is True,
        fee_cents=stored_cents(fee.get("amount")),
        on_payment=fee.get("payment") == ReferralPayment.ON_PAYMENT.value,
        steps=_steps(share.get("steps")),
        customer_cap_cents=stored_cents(share.get("cap_per_customer")),
        period_cap_cents=stored_cents(share.get("cap_per_period")),
    )


def _steps(value: object) -> tuple[tuple[int, int], ...]:
    """Stored steps; damaged ones read as none (validation is what reports them)."""
    if not isinstance(value, str):
        return ()
    try:
        return parse_steps(value)
    except ValueError:
        return ()


# -- the metrics typed by hand ------------------------------------------------------------
class TypedMetrics(NamedTuple):
    """What a person typed in the Metrics tab (used only for a partner without deals;
    satisfaction and internal cost are typed for every partner)."""

    leads: int = 0
    deals: int = 0
    revenue_cents: int = 0
    internal_cost_cents: int = 0
    satisfaction: Decimal | None = None


def typed_of(metrics: Metrics) -> TypedMetrics:
    """A validated partner's typed metrics (typed_from_record reads a stored one)."""
    return TypedMetrics(
        metrics.leads_generated,
        metrics.deals_closed,
        to_cents(metrics.revenue_attributed),
        to_cents(metrics.internal_cost),
        metrics.customer_satisfaction,
    )


def _percent(value: object) -> Decimal | None:
    try:
        found = Decimal(str(value)) if isinstance(value, str | int) else None
    except (InvalidOperation, ValueError):
        return None
    return found if found is not None and found.is_finite() else None


def typed_from_record(raw: dict[str, Any]) -> TypedMetrics:
    """A stored partner record's typed metrics, read like typed_of reads a validated one."""
    metrics = raw.get("metrics")
    if not isinstance(metrics, dict):
        return TypedMetrics()
    return TypedMetrics(
        _int(metrics.get("leads_generated")),
        _int(metrics.get("deals_closed")),
        stored_cents(metrics.get("revenue_attributed")),
        stored_cents(metrics.get("internal_cost")),
        _percent(metrics.get("customer_satisfaction")),
    )
