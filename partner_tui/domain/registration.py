"""Deal registration as a workflow: review, the protection window, expiry and clashes.

A registration is `registered` (the partner says "this customer is mine"), then reviewed:
`approved` or `rejected` (with a reason), then `won` or `lost`. While it is open
(registered or approved) it is protected for the program's `protection_days`
(ProgramRules), counted from the approval, or from the registration while nobody has
reviewed it, plus every extension. From the day the window ends it is *expired*: a state
worked out here (registration_state), never stored, so it needs no job to run at midnight
and a changed setting applies at once. docs/registrations.md states each rule.

Only a live registration (registered or approved, not expired) or a won deal claims a
customer's domain: registering it again clashes with it; anything else frees it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from partner_tui.domain.deals import (
    Deal,
    DealStatus,
    Extension,
    rejection_reason,
)
from partner_tui.domain.program import ProgramRules

OPEN = frozenset({DealStatus.REGISTERED, DealStatus.APPROVED})
# A deal in these states never asks for its customer: it is not checked for a clash.
FREES = frozenset({DealStatus.REJECTED, DealStatus.LOST})


def is_open_record(raw: dict[str, object]) -> bool:
    """A stored deal record (compact: the default status left out) of an open
    registration: only those are read as models to find the expiring ones."""
    return raw.get("status", DealStatus.REGISTERED.value) in (
        DealStatus.REGISTERED.value, DealStatus.APPROVED.value
    )


class RegistrationState(StrEnum):
    """A deal's status as shown: its stored status, or `expired` for an open registration
    past its protection window."""

    REGISTERED = "registered"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPIRED = "expired"
    WON = "won"
    LOST = "lost"
    REFUNDED = "refunded"  # won, then refunded (docs/refunds.md): claims no domain any more

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ReviewRefused(ValueError):
    """A review or extension that does not fit the deal's status, said plainly."""


def window_start(deal: Deal) -> date:
    """Where the protection window is counted from: the approval, or the registration
    while the deal has not been approved."""
    if deal.status is DealStatus.APPROVED and deal.reviewed_on is not None:
        return deal.reviewed_on
    return deal.registered_on


def extension_days(deal: Deal) -> int:
    return sum(extension.days for extension in deal.extensions)


def protection_ends(deal: Deal, rules: ProgramRules) -> date | None:
    """The first day an open registration is no longer protected (it is expired from
    that day on); None for a deal that is not open (rejected, won, lost): no window runs."""
    if deal.status not in OPEN:
        return None
    return window_start(deal) + timedelta(days=rules.protection_days + extension_days(deal))


def registration_state(deal: Deal, rules: ProgramRules, today: date) -> RegistrationState:
    """The one rule for "expired": an open registration whose window has ended by
    `today`. Every screen, command and the clash rule ask this."""
    ends = protection_ends(deal, rules)
    if ends is not None and today >= ends:
        return RegistrationState.EXPIRED
    return RegistrationState(deal.status.value)


def days_left(deal: Deal, rules: ProgramRules, today: date) -> int | None:
    """Days of protection left (0 or less: expired); None when no window runs."""
    ends = protection_ends(deal, rules)
    return None if ends is None else (ends - today).days


def claims_domain(deal: Deal, rules: ProgramRules, today: date) -> bool:
    """True when `deal` blocks its customer domain for anyone else: a live registration
    (registered or approved, not expired) or a won deal."""
    if not deal.customer_domain:
        return False
    state = registration_state(deal, rules, today)
    return state in (RegistrationState.REGISTERED, RegistrationState.APPROVED,
                     RegistrationState.WON)


def registration_clash(
    deal: Deal, others: Iterable[Deal], rules: ProgramRules, today: date
) -> Deal | None:
    """The earliest other deal on the same customer domain that claims it
    (claims_domain), or None. Any deal that is not rejected or lost is checked, whatever
    its age: registering a customer is asking for it (an old registration imported today
    is refused over a live one as a new one would be)."""
    if not deal.customer_domain or deal.status in FREES:
        return None
    clashes = [
        other
        for other in others
        if other.id != deal.id
        and other.customer_domain == deal.customer_domain
        and claims_domain(other, rules, today)
    ]
    if not clashes:
        return None
    return min(clashes, key=lambda d: (d.registered_on, d.created_at, d.id))


def _moved(deal: Deal, **changes: object) -> Deal:
    return Deal.model_validate({**deal.model_dump(), **changes})


def approved(deal: Deal, on: date, by: str) -> Deal:
    """`deal` approved on `on` by `by`: its window now runs from `on`. A registration
    (also an expired one) or a rejected one may be approved."""
    if deal.status not in (DealStatus.REGISTERED, DealStatus.REJECTED):
        raise ReviewRefused(f"{deal.customer} is {deal.status.value}; only a registered or "
                            "rejected registration can be approved")
    return _moved(deal, status=DealStatus.APPROVED, reviewed_on=max(on, deal.registered_on),
                  reviewed_by=by, rejection_reason="")


def rejected(deal: Deal, reason: str, on: date, by: str) -> Deal:
    """`deal` rejected on `on` by `by`, for `reason` (deals.rejection_reason's words)."""
    if deal.status not in OPEN:
        raise ReviewRefused(f"{deal.customer} is {deal.status.value}; only a registered or "
                            "approved registration can be rejected")
    return _moved(deal, status=DealStatus.REJECTED, reviewed_on=max(on, deal.registered_on),
                  reviewed_by=by, rejection_reason=rejection_reason(reason))


def extended(deal: Deal, days: int, on: date, by: str) -> Deal:
    """`deal` with `days` more of protection (an Extension signed by `by`)."""
    if deal.status not in OPEN:
        raise ReviewRefused(f"{deal.customer} is {deal.status.value}; only an open "
                            "registration (registered or approved) can be extended")
    if not 1 <= days <= 3650:
        raise ReviewRefused("--days must be between 1 and 3650")
    extension = Extension(on=on, days=days, author=by or None)
    return _moved(deal, extensions=[*deal.extensions, extension])


@dataclass(frozen=True)
class Expiring:
    """An open registration whose protection ends soon: to extend it, or let it go."""

    deal: Deal
    ends_on: date
    days_left: int


def expiring(deals: Iterable[Deal], rules: ProgramRules, today: date) -> list[Expiring]:
    """Live registrations whose window ends within `rules.expiry_warning_days` of
    `today`, soonest first."""
    found = []
    for deal in deals:
        ends = protection_ends(deal, rules)
        if ends is None or ends <= today:
            continue  # not open, or expired already
        left = (ends - today).days
        if left <= rules.expiry_warning_days:
            found.append(Expiring(deal, ends, left))
    return sorted(found, key=lambda e: (e.ends_on, e.deal.customer.casefold(), e.deal.id))


def describe_state(deal: Deal, rules: ProgramRules, today: date) -> str:
    """'approved, expires 2026-03-01 (in 12 days)', 'expired on 2026-01-02',
    'rejected: duplicate': a registration's state in words, for a clash or a list."""
    state = registration_state(deal, rules, today)
    ends = protection_ends(deal, rules)
    if state is RegistrationState.EXPIRED and ends is not None:
        return f"expired on {ends.isoformat()}"
    if ends is not None:
        left = (ends - today).days
        return f"{state.value}, expires {ends.isoformat()} (in {left} day{'s' if left != 1 else ''})"
    if state is RegistrationState.REJECTED and deal.rejection_reason:
        return f"rejected: {deal.rejection_reason}"
    return state.value
