"""What each partner has due today, and ticking it off: its next action, and while it is
active, every unticked item of a cadence cycle that has come due (the playbook's monthly
and quarterly rhythm). The dashboard lists these; the list is kept up to date per partner.
The command line asks the same rule further ahead (`due --days N`, the calendar export).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from partner_tui.domain.cadence_rule import Period, StoredCadence, cadence_due_date
from partner_tui.domain.stages import Stage

if TYPE_CHECKING:  # the rules above read plain values: `due` imports no models (cadence_rule.py)
    from partner_tui.domain.cadence import Cadence
    from partner_tui.domain.partner import Partner
    from partner_tui.domain.partner_figures import PartnerFigures
    from partner_tui.domain.quiet import Quiet
    from partner_tui.domain.registration import Expiring


class DueKind(StrEnum):
    NEXT_ACTION = "next_action"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    QUIET = "quiet"  # no contact for longer than the partner's stage allows
    REGISTRATION = "registration"  # a deal registration's protection ends soon

    @property
    def label(self) -> str:
        return {"next_action": "Next action", "monthly": "Monthly", "quarterly": "Quarterly",
                "quiet": "Quiet", "registration": "Registration"}[self.value]


_KIND_ORDER = {DueKind.NEXT_ACTION: 0, DueKind.MONTHLY: 1, DueKind.QUARTERLY: 2, DueKind.QUIET: 3,
               DueKind.REGISTRATION: 4}


@dataclass(frozen=True)
class DueItem:
    """One thing to do now: a partner's next action, or one unticked cadence item."""

    partner_id: str
    company: str
    kind: DueKind
    due: date
    label: str  # what to do, in the playbook's words (or the user's next action)
    # The cadence field to tick (a registration: its deal's id); None for a next action.
    item: str | None = None
    order: int = 0  # the item's place in its checklist, for a stable order

    def days_overdue(self, today: date) -> int:
        return (today - self.due).days

    @property
    def title(self) -> str:
        """'Partner: action', as a calendar or a reminder names it; a cadence item says
        which rhythm it belongs to."""
        if self.kind in (DueKind.NEXT_ACTION, DueKind.QUIET, DueKind.REGISTRATION):
            return f"{self.company}: {self.label}"
        return f"{self.company}: {self.label} ({self.kind.label.lower()} cadence)"

    @property
    def sort_key(self) -> tuple[date, str, int, int, str]:
        return (self.due, self.company.lower(), _KIND_ORDER[self.kind], self.order, self.partner_id)


def cadence_due_items(
    partner_id: str, company: str, cadence: Cadence | StoredCadence, live_since: date, until: date
) -> list[DueItem]:
    """The unticked items of each cadence cycle that is due (or overdue) by `until`."""
    items: list[DueItem] = []
    periods: tuple[tuple[Period, DueKind], ...] = (
        ("monthly", DueKind.MONTHLY),
        ("quarterly", DueKind.QUARTERLY),
    )
    for period, kind in periods:
        due = cadence_due_date(cadence, period, live_since)
        if due > until:
            continue
        checklist = getattr(cadence, period)
        for order, (name, label) in enumerate(checklist.items()):
            if not getattr(checklist, name):
                items.append(DueItem(partner_id, company, kind, due, label, name, order))
    return items


class NextActionFields(Protocol):
    """What the next-action rule reads: a Partner, or a board card (no model to build)."""

    @property
    def id(self) -> str: ...
    @property
    def company(self) -> str: ...
    @property
    def stage(self) -> Stage: ...
    @property
    def next_action(self) -> str: ...
    @property
    def next_action_date(self) -> date | None: ...


def next_action_item(partner: NextActionFields, until: date) -> DueItem | None:
    """The partner's next action when it is due by `until`; never for an archived one."""
    when = partner.next_action_date
    if partner.stage is Stage.ARCHIVED or when is None or when > until:
        return None
    label = partner.next_action or "Next action"
    return DueItem(partner.id, partner.company, DueKind.NEXT_ACTION, when, label)


class DueFields(NextActionFields, Protocol):
    """What due_items reads: a Partner, or what `show` reads of a stored record
    (cli/shown_partner.ShownPartner: no model to build)."""

    @property
    def live_since(self) -> date: ...
    @property
    def cadence(self) -> Cadence | StoredCadence: ...


def due_items(
    partner: Partner | DueFields, today: date, live_since: date | None = None, *, until: date | None = None
) -> list[DueItem]:
    """What one partner has due by `until` (default: today, overdue included): its next
    action (unless archived) and, while active, each unticked item of a cadence cycle
    that is due. `until=date.max` gives everything still open."""
    horizon = today if until is None else until
    if partner.stage is not Stage.ACTIVE:
        first = next_action_item(partner, horizon)
        return [first] if first is not None else []
    since = live_since if live_since is not None else partner.live_since
    return active_due_items(partner, partner.cadence, since, horizon)


def active_due_items(
    partner: NextActionFields, cadence: Cadence | StoredCadence, live_since: date, until: date
) -> list[DueItem]:
    """An active partner's due items by `until`: its next action, then each unticked item
    of a cadence cycle that is due. (`partner` may be a board card: the command line
    reads a file known valid without building models, see speedups/file_board.py.)"""
    first = next_action_item(partner, until)
    items: list[DueItem] = [first] if first is not None else []
    items.extend(cadence_due_items(partner.id, partner.company, cadence, live_since, until))
    return items


def quiet_item(
    partner_id: str, company: str, figures: PartnerFigures | Quiet
) -> DueItem | None:
    """'No contact for 34 days', due from the day the partner became quiet (its figures
    say whether it is: partner_figures.quiet_days); None when it is not quiet."""
    if figures.quiet_days is None or figures.quiet_since is None:
        return None
    return DueItem(partner_id, company, DueKind.QUIET, figures.quiet_since,
                   f"No contact for {figures.quiet_days} days")


def replace_due(due: list[DueItem], partner: Partner, today: date) -> list[DueItem]:
    """The due list with one partner's items recomputed (after a tick-off), oldest first.

    Cheaper than measuring everything again: the other partners' items do not change.
    """
    from partner_tui.domain.partner_figures import last_touch_of

    touch = last_touch_of(partner)  # a tick logs an activity: a touch, which ends a quiet spell
    kept = [
        item for item in due
        if item.partner_id != partner.id or (item.kind is DueKind.QUIET and touch < item.due)
    ]
    kept.extend(due_items(partner, today))
    kept.sort(key=lambda d: d.sort_key)
    return kept


def tick_off(partner: Partner, item: DueItem, today: date) -> Partner:
    """The partner with one due item done.

    A cadence item is ticked through the cadence rule (the last tick closes the cycle).
    A next action is marked done by logging it as an activity ("Done: ...") and clearing
    the next action and its date: the history keeps what was done, and the partner leaves
    the due list until a new next action is set.
    """
    from partner_tui.domain.cadence import tick
    from partner_tui.domain.partner import Activity, ActivityKind

    if item.partner_id != partner.id:
        raise ValueError("the due item belongs to another partner")
    if item.kind is DueKind.QUIET:
        # Ticked off: the person got in touch. Logged, which is the partner's new last touch.
        touched = Activity(date=today, kind=ActivityKind.NOTE,
                           text=f"In touch again ({item.label.lower()})")
        return partner.model_copy(update={"activities": [*partner.activities, touched]})
    if item.kind is DueKind.NEXT_ACTION:
        done = Activity(date=today, kind=ActivityKind.NOTE, text=f"Done: {partner.next_action or 'next action'}")
        return partner.model_copy(
            update={"next_action": "", "next_action_date": None, "activities": [*partner.activities, done]}
        )
    period: Period = "monthly" if item.kind is DueKind.MONTHLY else "quarterly"
    if item.item is None:
        raise ValueError("a cadence due item names its checklist item")
    return partner.model_copy(update={"cadence": tick(partner.cadence, period, item.item, True, today)})


def registration_item(company: str, soon: Expiring) -> DueItem:
    """'Registration of Juniper Bakery (juniperbakery.com) expires', due the day its
    protection ends (registration.expiring found it); `item` is the deal's id, for
    `partner-tui deal extend`."""
    deal = soon.deal
    domain = f" ({deal.customer_domain})" if deal.customer_domain else ""
    return DueItem(deal.partner_id, company, DueKind.REGISTRATION, soon.ends_on,
                   f"Registration of {deal.customer}{domain} expires", deal.id)
