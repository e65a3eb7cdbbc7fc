"""store.deals: deal registration: read, register, edit, win or lose, delete a deal.

A part of PartnerStore, holding the store's core (parts/core.py). Every
change is validated (an invalid deal is never stored), stamped with the instant it was
made, and undoable like a board change. The first registration of a customer domain
wins: registering it again raises RegistrationClash, unless the person overrides, which
is written on the deal and in the partner's activity log. A registration is reviewed
(approve, reject) and extended here too (domain/registration.py has the rules); each such
change is signed and written in the partner's activity log, and undoable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from partner_tui.domain import clock
from partner_tui.domain.deals import (
    Deal,
    DealStatus,
    RegistrationClash,
    refunded,
    with_status,
)
from partner_tui.domain.partner import Activity, ActivityKind, Partner
from partner_tui.domain.program import ProgramRules, Settings
from partner_tui.domain.registration import (
    FREES,
    approved,
    claims_domain,
    describe_state,
    extended,
    is_open_record,
    registration_clash,
    rejected,
)
from partner_tui.store.errors import NotFound
from partner_tui.store.parts.core import StoreCore
from partner_tui.store.parts.partner_changes import touched
from partner_tui.store.records.deal_table import DEALS, DealTable
from partner_tui.store.records.stored_form import dump_deal
from partner_tui.store.undo.history import Change, Rows


def deal_order(deal: Deal) -> tuple[date, str, str]:
    """Oldest registration first (the order a clash is judged in)."""
    return (deal.registered_on, deal.created_at.isoformat(), deal.id)


class Deals:
    """The deals of a store (`store.deals`)."""

    def __init__(self, core: StoreCore, settings: Callable[[], Settings]) -> None:
        self._core = core
        self._deals: DealTable = core.deals
        self._partners = core.partners
        self._settings = settings  # looked up at each call: a changed rule applies at once

    def rules(self) -> ProgramRules:
        return self._settings().rules

    # -- reading ---------------------------------------------------------------------------
    def _model(self, raw: dict[str, Any]) -> Deal:
        return self._core.validate(Deal, raw, "deal", str(raw.get("id")))

    def get(self, deal_id: str) -> Deal:
        raw = self._deals.record(DEALS, deal_id)
        if raw is None:
            raise NotFound(deal_id)
        return self._model(raw)

    def of_partner(self, partner_id: str) -> list[Deal]:
        """A partner's deals, validated, oldest registration first."""
        deals = [self._model(raw) for raw in self._deals.deal_records(partner_id)]
        return sorted(deals, key=deal_order)

    def all(self) -> list[Deal]:
        """Every deal of a partner in the file, validated, by partner then registration."""
        deals = [
            self._model(raw)
            for partner_id in self._deals.partners_with_deals()
            if partner_id in self._partners.index.cards
            for raw in self._deals.deal_records(partner_id)
        ]
        return sorted(deals, key=lambda d: (d.partner_id, *deal_order(d)))

    def with_domain(self, domain: str) -> list[Deal]:
        """The deals of partners in the file on one (normalised) customer domain, oldest
        registration first."""
        cards = self._partners.index.cards
        stored = self._deals.domain_records(domain) if domain else []
        deals = [self._model(raw) for raw in stored if raw.get("partner_id") in cards]
        return sorted(deals, key=deal_order)

    def open_registrations(self) -> list[Deal]:
        """Every registration still open (registered or approved, expired or not) of a
        partner in the file; the other deals are passed over unread."""
        return [
            self._model(raw)
            for partner_id in self._deals.partners_with_deals()
            if partner_id in self._partners.index.cards
            for raw in self._deals.deal_records(partner_id)
            if is_open_record(raw)
        ]

    def count(self) -> int:
        return self._deals.count(DEALS)

    def stored_records(self) -> Iterator[dict[str, Any]]:
        """Every stored deal and payment record, as it is in the file (to hash, not edit),
        one at a time: at 100,000 deals a list of them all was 140 MB of dicts."""
        return (raw for _table, raw in self._deals.all_records())

    def find_clash(self, deal: Deal, also: Iterable[Deal] = ()) -> RegistrationClash | None:
        """The clash registering `deal` would make with a deal in the file (or in `also`,
        deals about to be added with it), or None."""
        if not deal.customer_domain:
            return None
        cards = self._partners.index.cards
        stored = self._deals.domain_records(deal.customer_domain)
        # Deals of a partner no longer in the file register nobody.
        others = [self._model(raw) for raw in stored if raw.get("partner_id") in cards]
        rules, today = self.rules(), clock.today()
        earlier = registration_clash(deal, [*others, *also], rules, today)
        if earlier is None:
            return None
        return RegistrationClash(
            deal, earlier, self._core.company_of(earlier.partner_id),
            describe_state(earlier, rules, today),
        )

    # -- changing ----------------------------------------------------------------------------
    def add(self, deal: Deal, *, override: bool = False) -> Deal:
        """Register a deal. RegistrationClash when its domain is on an open or won deal,
        unless `override` (then the override is written on the deal and logged)."""
        self._core.check_writable()
        with self._core.batch():  # no merge from another writer in between
            if deal.partner_id not in self._partners.index.cards:
                raise NotFound(deal.partner_id)
            if self._deals.record(DEALS, deal.id) is not None:
                raise ValueError(f"a deal with id {deal.id!r} exists already")
            return self._store_deal(deal, None, f"register deal {deal.customer}", override)

    def update(self, deal: Deal, *, override: bool = False) -> Deal:
        """Save an edited deal (validated again). A changed domain is checked for clashes."""
        self._core.check_writable()
        with self._core.batch():  # no merge from another writer in between
            old = self.get(deal.id)
            if deal.partner_id != old.partner_id:
                raise ValueError("a deal stays with the partner that registered it")
            return self._store_deal(deal, old, f"edit deal {deal.customer}", override)

    def set_status(self, deal_id: str, status: DealStatus, on: date) -> Deal:
        """Won, lost, or back to registered (the status keys): a deal won or lost closes
        on `on` unless it has a close date already."""
        self._core.check_writable()
        with self._core.batch():  # no merge from another writer in between
            status = DealStatus(status)
            old = self.get(deal_id)
            if old.status is status:
                return old
            moved = with_status(old, status, on)
            label = f"mark deal {old.customer} {status.value}"
            # Back from lost to registered re-opens the customer: it may clash again.
            return self._store_deal(moved, old, label, override=False)

    # -- the registration workflow (domain/registration.py) ---------------------------------
    def approve(self, deal_id: str, on: date) -> Deal:
        """Approve a registration (signed; its protection window runs from `on`).
        ReviewRefused when its status does not allow it; RegistrationClash when approving
        an expired registration would take a domain another live one holds."""
        return self._review(deal_id, lambda old, by: approved(old, on, by), "approve")

    def reject(self, deal_id: str, reason: str, on: date) -> Deal:
        """Reject a registration for `reason` (signed); it no longer claims its domain."""
        return self._review(deal_id, lambda old, by: rejected(old, reason, on, by), "reject")

    def extend(self, deal_id: str, days: int, on: date) -> Deal:
        """Add `days` to an open registration's protection window (signed, logged)."""
        return self._review(deal_id, lambda old, by: extended(old, days, on, by), "extend")

    def _review(
        self, deal_id: str, move: Callable[[Deal, str], Deal], verb: str
    ) -> Deal:
        self._core.check_writable()
        with self._core.batch():  # no merge from another writer in between
            old = self.get(deal_id)
            author = self._core.author() or ""
            moved = move(old, author)
            text = _review_text(verb, moved, describe_state(moved, self.rules(), clock.today()))
            log = Activity(date=clock.today(), kind=ActivityKind.NOTE, text=text,
                           author=author or None)
            return self._store_deal(moved, old, f"{verb} deal {old.customer}", False, [log])

    def delete(self, deal_id: str) -> None:
        self._core.check_writable()
        with self._core.batch():  # no merge from another writer between reading and writing
            old = self.get(deal_id)
            rows: Rows = {(DEALS, deal_id): self._deals.record(DEALS, deal_id)}
            with self._core.recording(Change(f"delete deal {old.customer}", {}, rows)):
                self._deals.drop(DEALS, deal_id)

    def refund(self, deal_id: str, on: date, amount: Decimal | None = None) -> Deal:
        """Mark a won deal refunded on `on`, of `amount` (None: all it brought): it claws
        back what it earned in the refund's period (docs/refunds.md). ValueError when it
        cannot be refunded. Undoable like every change."""
        self._core.check_writable()
        with self._core.batch():  # no merge from another writer in between
            old = self.get(deal_id)
            done = refunded(old, on, amount)
            return self._store_deal(done, old, f"refund deal {old.customer}", override=False)

    def add_many(self, deals: list[Deal], *, override: bool = False) -> list[Deal]:
        """All or nothing, and one write: the importer's path. The first clash raises
        RegistrationClash unless `override` (each override then logged)."""
        self._core.check_writable()
        with self._core.batch():  # no merge from another writer in between
            ids = [d.id for d in deals]
            if len(set(ids)) != len(ids) or any(self._deals.record(DEALS, i) for i in ids):
                raise ValueError("deal ids must be new and unique")
            missing = sorted({d.partner_id for d in deals} - set(self._partners.index.cards))
            if missing:
                raise NotFound(missing[0])
            stored: list[Deal] = []
            logs: dict[str, list[Activity]] = {}
            # The file's earlier rows by domain: 100,000 rows must not each scan the others.
            earlier: dict[str, list[Deal]] = {}
            # By registration date (stable): the first registration of a domain wins.
            for deal in sorted(deals, key=lambda d: d.registered_on):
                clash = self.find_clash(deal, earlier.get(deal.customer_domain, ()))
                if clash is not None:
                    if not override:
                        raise clash
                    deal = self._overridden(deal, clash, logs)
                stored.append(self._stamped(deal))
                if deal.customer_domain:
                    earlier.setdefault(deal.customer_domain, []).append(stored[-1])
            partners = {pid: self._partners.get(pid) for pid in logs}
            rows: Rows = {(DEALS, d.id): None for d in stored}
            with self._core.recording(Change(f"import {len(stored)} deals", dict(partners), rows)):
                for pid, activities in logs.items():
                    partner = partners[pid]
                    logged = [*partner.activities, *activities]
                    self._partners.put(touched(partner, activities=logged))
                self._deals.put_many(DEALS, [dump_deal(d) for d in stored])
            return stored

    # -- the one way a deal is stored --------------------------------------------------------
    def _stamped(self, deal: Deal) -> Deal:
        fresh = Deal.model_validate(deal.model_dump())
        return fresh.model_copy(update={"updated_at": clock.now()})

    def _overridden(
        self, deal: Deal, clash: RegistrationClash, logs: dict[str, list[Activity]]
    ) -> Deal:
        """The deal marked as registered over `clash`, and the log entry that says so."""
        text = clash.earlier_text
        logs.setdefault(deal.partner_id, []).append(
            Activity(
                date=clock.today(),
                kind=ActivityKind.NOTE,
                author=self._core.author() or None,
                text=(
                    f"Deal registration override: {deal.customer} ({deal.customer_domain}) "
                    f"registered although it was already registered: {text}"
                ),
            )
        )
        return deal.model_copy(update={"override": text[:500]})

    def _store_deal(
        self, deal: Deal, old: Deal | None, label: str, override: bool,
        log: list[Activity] | None = None,
    ) -> Deal:
        deal = self._stamped(deal)
        domain_changed = old is None or old.customer_domain != deal.customer_domain
        # Back from lost, rejected or expired to a claim (reopened, approved, extended):
        # the customer may have been registered by someone else meanwhile.
        rules, today = self.rules(), clock.today()
        reopened = (
            old is not None
            and not claims_domain(old, rules, today)
            and deal.status not in FREES
            and (claims_domain(deal, rules, today) or old.status in FREES)
        )
        logs: dict[str, list[Activity]] = {deal.partner_id: list(log)} if log else {}
        if domain_changed or reopened:
            clash = self.find_clash(deal)
            if clash is not None:
                if not override:
                    raise clash
                deal = self._overridden(deal, clash, logs)
        partner: Partner | None = self._partners.get(deal.partner_id) if logs else None
        before = {deal.partner_id: partner} if partner is not None else {}
        # The record exactly as stored (None for a new deal): undo puts back those bytes.
        rows: Rows = {(DEALS, deal.id): self._deals.record(DEALS, deal.id)}
        with self._core.recording(Change(label, dict(before), rows)):
            if partner is not None:
                activities = [*partner.activities, *logs[deal.partner_id]]
                self._partners.put(touched(partner, activities=activities))
            self._deals.put(DEALS, dump_deal(deal))
        return deal


def _review_text(verb: str, deal: Deal, state: str) -> str:
    """The partner's log line for a review or an extension."""
    domain = f" ({deal.customer_domain})" if deal.customer_domain else ""
    what = {"approve": "approved", "reject": "rejected", "extend": "extended"}[verb]
    if verb == "extend" and deal.extensions:
        what = f"extended by {deal.extensions[-1].days} days"
    return f"Deal registration {what}: {deal.customer}{domain}; now {state}"
