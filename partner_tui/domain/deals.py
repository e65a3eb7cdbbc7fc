"""Deal registration: a referred customer of one partner, from registration to close.

A deal is registered (the partner says "this customer is mine"), reviewed (approved or
rejected, with a reason: domain/registration.py is the workflow and its protection
window), then won or lost. A won
deal brings revenue: `amount` once, in the month it closed, and `monthly_revenue` every
month from that month until the customer leaves (`ended_on`). What the partner is owed
for it is payouts.py's rule. The first registration of a customer's domain wins
(registration_clash); a later one is kept only when a person overrides, and says so.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from partner_tui.domain.amount_fields import Money
from partner_tui.domain.deal_status import DealStatus  # re-exported: its old home
from partner_tui.domain.money import ZERO_CENTS
from partner_tui.domain.partner import Author, EntryId, has_visible_text
from partner_tui.domain.payouts import brought, from_cents, to_cents
from partner_tui.domain.periods import month_index
from partner_tui.domain.records import Record, new_id
from partner_tui.domain.text_fields import MultiLine, SingleLine
from partner_tui.domain.web_domain import web_domain


def normalise_domain(text: str) -> str:
    """'https://www.Acme.io/pricing' -> 'acme.io'; '' stays ''. ValueError when it cannot
    be a domain. One spelling per customer, so a clash is found however it was typed.

    The host is web_domain()'s (the one parser); a customer's domain may also be typed as
    an email address, and must be a name (DNS labels), not an IP address."""
    cleaned = text.strip()
    if not cleaned:
        return ""
    problem = ValueError(f"{cleaned!r} is not a domain (try acme.io)")
    if "@" in cleaned and "://" not in cleaned:
        cleaned = cleaned.rsplit("@", 1)[1]  # an email address: its domain is the customer's
    try:
        host = web_domain(cleaned)
    except ValueError:
        raise problem from None
    labels = host.split(".")
    if len(host) > 253 or labels[-1].isdigit():
        raise problem  # too long for DNS, or an IP address: not a customer's domain
    for label in labels:
        if len(label) > 63 or label[0] == "-" or label[-1] == "-":
            raise problem
        if not all(ch.isalnum() or ch == "-" for ch in label):
            raise problem
    return host


# A deal that is over: it has a close date, and its protection window no longer runs.
CLOSED = frozenset({DealStatus.WON, DealStatus.LOST, DealStatus.REFUNDED})
# The reasons a registration is rejected for (a person may also write their own).
REJECTION_REASONS: dict[str, str] = {
    "existing-customer": "existing customer",
    "worked-by-sales": "already worked by our sales",
    "outside-territory": "outside the partner's territory",
    "duplicate": "duplicate",
}


def rejection_reason(text: str) -> str:
    """The reason as stored: one of REJECTION_REASONS by its key ('duplicate') or its
    words, else the person's own words. ValueError when it is empty."""
    cleaned = " ".join(text.split())
    if not has_visible_text(cleaned):
        raise ValueError("a rejection needs a reason")
    key = cleaned.casefold().replace(" ", "-").replace("_", "-")
    if key in REJECTION_REASONS:
        return REJECTION_REASONS[key]
    return cleaned


class Extension(BaseModel):
    """Days added to a registration's protection window: when, by whom, how many. Its
    own id, so a merge keeps both sides' extensions (a list that only grows)."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    id: EntryId = Field(default_factory=new_id)
    on: date
    days: int = Field(ge=1, le=3650)
    author: Author | None = None


def review_problems(
    status: DealStatus, registered_on: date, reviewed_on: date | None, reason: str
) -> dict[str, str]:
    """What does not fit the review of a deal, by field name: approved and rejected need
    the day of the review, a rejection its reason; a deal still registered has neither."""
    problems: dict[str, str] = {}
    if status is DealStatus.REGISTERED:
        if reviewed_on is not None:
            problems["reviewed_on"] = "a registration not yet reviewed has no review date"
        if reason:
            problems["rejection_reason"] = "only a rejected registration has a reason"
        return problems
    if reviewed_on is None:
        if status in (DealStatus.APPROVED, DealStatus.REJECTED):
            problems["reviewed_on"] = f"an {status.value} registration needs the review date"
    elif reviewed_on < registered_on:
        problems["reviewed_on"] = f"is before the registration ({registered_on.isoformat()})"
    if status is DealStatus.REJECTED and not has_visible_text(reason):
        problems["rejection_reason"] = "a rejected registration needs a reason"
    if status is DealStatus.APPROVED and reason:
        problems["rejection_reason"] = "an approved registration has no rejection reason"
    return problems


def date_problems(
    status: DealStatus,
    registered_on: date,
    closed_on: date | None,
    paid_on: date | None,
    ended_on: date | None,
) -> dict[str, str]:
    """Every date that does not fit the deal's story, by field name, said plainly.

    Shared by the model (which refuses the deal) and the form (which shows each message
    beside its field)."""
    problems: dict[str, str] = {}
    if closed_on is not None:
        if status not in CLOSED:
            problems["closed_on"] = "only a won or lost deal has a close date"
        elif closed_on < registered_on:
            problems["closed_on"] = (
                f"is before the registration ({registered_on.isoformat()})"
            )
    elif status in (DealStatus.WON, DealStatus.REFUNDED):
        problems["closed_on"] = "a won deal needs the date it closed"
    for name, day in (("paid_on", paid_on), ("ended_on", ended_on)):
        if day is None:
            continue
        if status not in (DealStatus.WON, DealStatus.REFUNDED):
            problems[name] = "only a won deal has one"
        elif closed_on is not None and day < closed_on:
            problems[name] = f"is before the close ({closed_on.isoformat()})"
    return problems


class Deal(Record):
    partner_id: SingleLine = Field(min_length=1, max_length=64)
    customer: SingleLine = Field(min_length=1, max_length=200)
    customer_domain: SingleLine = Field("", max_length=253)
    status: DealStatus = DealStatus.REGISTERED
    registered_on: date
    closed_on: date | None = None
    paid_on: date | None = None  # the customer's first payment
    amount: Money = ZERO_CENTS  # one-time revenue, in the month it closed
    monthly_revenue: Money = ZERO_CENTS  # recurring, every month from the close
    ended_on: date | None = None  # the customer left
    notes: MultiLine = Field("", max_length=10_000)
    author: SingleLine = Field("", max_length=200)  # who registered it
    # Registered over an earlier registration of the same domain: which one, in words.
    override: SingleLine = Field("", max_length=500)
    # The review (registration.py): when, by whom, and for a rejection why. Kept once the
    # deal is won or lost: the story of the registration stays on it.
    reviewed_on: date | None = None
    reviewed_by: SingleLine = Field("", max_length=200)
    rejection_reason: SingleLine = Field("", max_length=500)
    extensions: list[Extension] = Field(default_factory=list, max_length=1000)
    refunded_on: date | None = None  # a refunded deal: the day of the refund
    refunded_amount: Money | None = None  # how much was refunded; None: all it brought

    @field_validator("customer")
    @classmethod
    def _customer(cls, value: str) -> str:
        value = value.strip()
        if not has_visible_text(value):
            raise ValueError("is required")
        return value

    @field_validator("customer_domain")
    @classmethod
    def _domain(cls, value: str) -> str:
        return normalise_domain(value)

    @model_validator(mode="after")
    def _dates(self) -> Deal:
        problems = date_problems(
            self.status, self.registered_on, self.closed_on, self.paid_on, self.ended_on
        )
        problems.update(
            review_problems(
                self.status, self.registered_on, self.reviewed_on, self.rejection_reason
            )
        )
        problems.update(refund_problems(self))
        if problems:
            raise ValueError("; ".join(f"{name}: {text}" for name, text in problems.items()))
        return self

    def revenue_brought(self, through: date) -> Decimal:
        """The revenue the deal brought from its close through the month of `through` (or
        its end, when earlier): what a refund on that day may give back at most."""
        if self.closed_on is None:
            return Decimal("0.00")
        end = through if self.ended_on is None or self.ended_on > through else self.ended_on
        return from_cents(brought(
            month_index(self.closed_on), month_index(end), to_cents(self.amount),
            to_cents(self.monthly_revenue),
        ))

    def describe(self, company: str, state: str = "") -> str:
        """'Acme (acme.io), registered by Brightpath on 2026-01-04, won': a registration in
        words, as a clash names it; `state` in place of the status when given
        (registration.describe_state: 'approved, expires 2026-04-04 (in 20 days)')."""
        domain = f" ({self.customer_domain})" if self.customer_domain else ""
        return (
            f"{self.customer}{domain}, registered by {company} on "
            f"{self.registered_on.isoformat()}, {state or self.status.value}"
        )


class RegistrationClash(ValueError):
    """A deal's customer domain is already on a live registration or a won deal
    (registration.registration_clash): the first registration is kept unless a person
    overrides (and the override is logged)."""

    def __init__(
        self, deal: Deal, earlier: Deal, earlier_company: str, earlier_state: str = ""
    ) -> None:
        self.deal = deal
        self.earlier = earlier
        self.earlier_company = earlier_company
        self.earlier_state = earlier_state
        super().__init__(
            f"{deal.customer_domain} is already registered: {self.earlier_text}"
        )

    @property
    def earlier_text(self) -> str:
        return self.earlier.describe(self.earlier_company, self.earlier_state)


def refund_problems(deal: Deal) -> dict[str, str]:
    """What does not fit a refund, by field name: only a won deal is refunded, on or after
    its close, and of at most what it brought (docs/refunds.md)."""
    problems: dict[str, str] = {}
    if deal.status is not DealStatus.REFUNDED:
        for name in ("refunded_on", "refunded_amount"):
            if getattr(deal, name) is not None:
                problems[name] = "only a refunded deal has one"
        return problems
    if deal.refunded_on is None:
        problems["refunded_on"] = "a refunded deal needs the date of the refund"
        return problems
    if deal.closed_on is not None and deal.refunded_on < deal.closed_on:
        problems["refunded_on"] = f"is before the close ({deal.closed_on.isoformat()})"
        return problems
    if deal.refunded_amount is not None:
        most = deal.revenue_brought(deal.refunded_on)
        if deal.refunded_amount <= 0:
            problems["refunded_amount"] = "is more than 0 (leave it out to refund everything)"
        elif deal.refunded_amount > most:
            problems["refunded_amount"] = (
                f"is more than the deal brought through the refund ({most})"
            )
    return problems


def refunded(deal: Deal, on: date, amount: Decimal | None = None) -> Deal:
    """`deal` (won) refunded on `on`, of `amount` (None: everything it brought).
    ValueError when it cannot be: not won, before its close, more than it brought."""
    if deal.status is not DealStatus.WON:
        raise ValueError(
            f"only a won deal can be refunded; {deal.customer} is {deal.status.value}"
        )
    return Deal.model_validate({
        **deal.model_dump(), "status": DealStatus.REFUNDED, "refunded_on": on,
        "refunded_amount": amount,
    })


def with_status(deal: Deal, status: DealStatus, on: date) -> Deal:
    """`deal` moved to `status` (the status keys): won or lost on `on` unless it already
    has a close date; back to registered drops what only a closed or reviewed deal has.
    Approving and rejecting are registration.approved / rejected (they are signed)."""
    if status in (DealStatus.APPROVED, DealStatus.REJECTED):
        raise ValueError(f"a deal is {status.value} by a review (approve or reject it)")
    if status is DealStatus.REGISTERED:
        changes: dict[str, object] = {
            "status": status, "closed_on": None, "paid_on": None, "ended_on": None,
            "reviewed_on": None, "reviewed_by": "", "rejection_reason": "",
        }
    elif status is DealStatus.LOST:
        changes = {
            "status": status,
            "closed_on": deal.closed_on or max(on, deal.registered_on),
            "paid_on": None,
            "ended_on": None,
        }
    else:
        changes = {"status": status, "closed_on": deal.closed_on or max(on, deal.registered_on)}
    # A refund belongs to the refunded status only (moving off it drops it).
    no_refund = {"refunded_on": None, "refunded_amount": None}
    return Deal.model_validate({**deal.model_dump(), **no_refund, **changes})
