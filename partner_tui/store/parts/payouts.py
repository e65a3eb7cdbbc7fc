"""PartnerStore's payouts: what each partner earned and is owed for a period, the deals
behind it, marking it paid, and the playbook's measurement from deals.

store.payouts: a part of PartnerStore, holding its core (parts/core.py). The rules are
the domain's (payouts.py, deal_figures.py); this reads what they need straight from the
stored records (terms from the partner's record, DealFacts from the deal table's index),
so a period over 10,000 partners and 100,000 deals validates nothing. Marking paid
records a Payment per period paid, undoable like a board change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from itertools import chain
from typing import TYPE_CHECKING, Any, Protocol

from partner_tui.domain import clock
from partner_tui.domain.commission_life import is_pending, pending_text
from partner_tui.domain.deal_facts import last_touch_from_record, stored_month, typed_from_record
from partner_tui.domain.deal_figures import Commitment, revenue_by_month
from partner_tui.domain.partner_figures import (
    BEGINNING,
    DealMeasures,
    PartnerFigures,
    partner_figures,
)
from partner_tui.domain.payouts import (
    NO_TERMS,
    Clawback,
    DealPart,
    PartnerPayout,
    PayoutTerms,
    ShapedShare,
    clawbacks,
    clawed_back,
    deal_parts,
    earned,
    from_cents,
    is_payable,
    partner_payout,
    payable_periods,
    shaped_share,
)
from partner_tui.domain.periods import Period, PeriodKind, month_index
from partner_tui.domain.tiers import Schedule, Tier, tier_in, tier_worth_showing, tiered_terms
from partner_tui.store.errors import NotFound
from partner_tui.store.records.deal_table import PAYMENTS, DealTable

if TYPE_CHECKING:  # (read-only callers, `show` among them, import none of the writing side,
    # and no model: the figures read stored records; Payment is imported where one is made)
    from partner_tui.domain.deals import Deal
    from partner_tui.domain.payments import Payment
    from partner_tui.domain.program import Settings
    from partner_tui.store.parts.core import StoreCore
    from partner_tui.store.parts.deals import Deals
    from partner_tui.store.undo.history import Rows

# Work off the screen's thread gives way to it once per this many partners.
PAUSE_EVERY = 500
# Periods whose payouts are kept: the one the Payouts screen shows and the three it
# prepares (`[`, `]`, `m`).
KEPT_PERIODS = 4


class FigureRules(Protocol):
    """What of the program's rules a partner's figures read (ProgramRules has both)."""

    def quiet_after(self, stage: str) -> int: ...

    def tier_table(self) -> tuple[Tier, ...]: ...


class NothingOwed(ValueError):
    """Mark paid found nothing to pay (already paid, overpaid, or not a payable period)."""


def _live_since_month(raw: dict[str, Any]) -> int:
    """The month the partner last went live (entered Active), else the month it was added:
    where the revenue share's term starts."""
    history = raw.get("stage_history")
    if isinstance(history, list):
        for change in reversed(history):
            if isinstance(change, dict) and change.get("stage") == "active":
                month = stored_month(change.get("entered_at"))
                if month is not None:
                    return month
    return stored_month(raw.get("created_at")) or 0


class Payouts:
    """What partners earned and are owed, and what was paid (`store.payouts`)."""

    def __init__(
        self,
        core: StoreCore,
        deals: Deals,
        settings: Callable[[], Settings],
        rules: Callable[[], FigureRules] | None = None,
    ) -> None:
        self._core = core
        self._deals: DealTable = core.deals
        self._partners = core.partners
        self._deal_models = deals
        # The program's settings (store.program.settings): the holding period and the
        # rules a payout line's state and a partner's quiet days are judged by.
        self.settings = settings
        # The two rules a partner's figures read (FigureRules): the settings' by default;
        # a file known valid reads them from its stored settings, without the model
        # (speedups/file_board.StoredRules).
        self.rules: Callable[[], FigureRules] = rules or (lambda: self.settings().rules)
        # Each partner's terms with its tier in them, while its deals, its record and the
        # tier table are what they were (key, (terms, schedule)).
        self._tiered: dict[str, tuple[tuple[object, ...], tuple[PayoutTerms, Schedule]]] = {}
        self._tiers_kept: tuple[object, dict[str, str]] | None = None

    # -- terms and money ----------------------------------------------------------------------
    def terms(self, partner_id: str) -> PayoutTerms:
        """The partner's terms as the payout rules read them (from its stored record),
        with its tier's percent in them when a tier sets one (tiers.py)."""
        card = self._partners.index.cards.get(partner_id)
        if card is None:
            return NO_TERMS
        base = self._deals.terms(partner_id, card.record)
        if not base.share_enabled or base.steps or not any(
            t.percent_hundredths is not None for t in self.tier_table()
        ):
            return base  # no tier's percent can apply: no schedule to work out
        return self._terms_and_schedule(partner_id)[0]

    def tier_table(self) -> tuple[Tier, ...]:
        return self.rules().tier_table()

    def tier_schedule(self, partner_id: str) -> Schedule:
        """The months the partner's tier changes in, and to which tier (tiers.py)."""
        return self._terms_and_schedule(partner_id)[1]

    def _terms_and_schedule(self, partner_id: str) -> tuple[PayoutTerms, Schedule]:
        card = self._partners.index.cards.get(partner_id)
        if card is None:
            return NO_TERMS, ()
        base = self._deals.terms(partner_id, card.record)
        tiers = self.tier_table()
        if len(tiers) < 2 and not any(t.percent_hundredths is not None for t in tiers):
            return base, ()
        key = (id(self._deals), self._deals.version, base, tiers)
        kept = self._tiered.get(partner_id)
        if kept is not None and kept[0] == key:
            return kept[1]
        found = tiered_terms(base, self._deals.facts(partner_id), tiers)
        self._tiered[partner_id] = (key, found)
        return found

    def paid_in(self, partner_id: str, period: Period) -> Decimal:
        """What was paid to the partner for the months of `period`."""
        return from_cents(self._paid_cents(partner_id, period))

    def _paid_cents(self, partner_id: str, period: Period) -> int:
        paid = self._deals.paid_by_period(partner_id)
        return sum(cents for paid_for, cents in paid.items() if period.contains(paid_for))

    def of_partner(self, partner_id: str, period: Period) -> PartnerPayout:
        return partner_payout(
            partner_id,
            self._deals.facts(partner_id),
            self.terms(partner_id),
            period,
            self.paid_in(partner_id, period),
            self._deals.refunds(partner_id),
        )

    def _partners_in_payouts(self) -> Iterator[str]:
        """Partners on the board or archived that have deals or payments (a deal or
        payment of a partner no longer in the file is left out)."""
        cards = self._partners.index.cards
        seen: set[str] = set()
        for partner_id in chain(self._deals.partners_with_deals(), self._deals.partners_paid()):
            if partner_id in cards and partner_id not in seen:
                seen.add(partner_id)
                yield partner_id

    def for_period(self, period: Period) -> list[PartnerPayout]:
        """Every partner with something earned or paid in `period`, by company (a list
        shared with later calls: treat it as read-only).

        Kept until a partner, deal or payment changes: the Payouts screen opens on a
        period the app's warm-up has computed (warm_deals), and comes back to it free."""
        return self._kept_payouts(period, None)

    def prepare(self, period: Period) -> None:
        """Compute `period`'s payouts ahead of a look, off the screen's thread (the Payouts
        screen asks for the periods next to the one shown): it gives way to the screen
        between slices, as the warm-up does (StoreHooks.pause)."""
        self._kept_payouts(period, self._core.hooks.pause)

    def _kept_payouts(self, period: Period, pause: Callable[[], None] | None) -> list[Any]:
        version = self._payouts_version()  # read first: a change while computing is a miss
        kept_all = self._deals.payouts_kept
        kept = kept_all.get(period)
        if kept is not None and kept[0] == version:
            kept_all[period] = kept_all.pop(period, kept)  # the last looked at, last dropped
            return kept[1]
        lines = self._compute_payouts(period, pause)
        kept_all.pop(period, None)
        kept_all[period] = (version, lines)
        # A period's lines are ~7 MB at 10,000 partners: only the periods the Payouts
        # screen shows and prepares are kept (the oldest looked at goes first), and none
        # that a change has made stale.
        for old in [p for p, (v, _lines) in list(kept_all.items()) if v != version]:
            kept_all.pop(old, None)
        while len(kept_all) > KEPT_PERIODS:
            kept_all.pop(next(iter(kept_all)), None)
        return lines

    def _payouts_version(self) -> tuple[object, ...]:
        # The partner table itself: a reload installs a new one (and a new deal table).
        return (id(self._partners), self._partners.version, self._deals.version,
                self.settings().rules.tiers)

    def _compute_payouts(
        self, period: Period, pause: Callable[[], None] | None = None
    ) -> list[PartnerPayout]:
        """One pass over every partner with deals or payments: terms and payments come
        from the deal table's caches, and a partner with nothing in the period costs one
        pass over its deals' integers, no Decimal and no model. `pause` is called between
        slices of partners (work off the screen's thread)."""
        cards = self._partners.index.cards
        lines: list[tuple[str, str, PartnerPayout]] = []
        for n, pid in enumerate(self._partners_in_payouts()):
            if pause is not None and n % PAUSE_EVERY == 0:
                pause()
            card = cards.get(pid)
            if card is None:
                continue  # removed meanwhile (work off the screen's thread)
            line = self._line(pid, period)
            if line is not None:
                lines.append((card.company.lower(), pid, line))
        lines.sort(key=lambda entry: (entry[0], entry[1]))
        return [line for _company, _pid, line in lines]

    def _line(self, partner_id: str, period: Period) -> PartnerPayout | None:
        """The partner's line for `period`, or None when nothing was earned or paid."""
        terms = self.terms(partner_id)
        facts = self._deals.facts(partner_id)
        figures = earned(facts, terms, period.first, period.last)
        paid = self._paid_cents(partner_id, period)
        # Only a partner with a refund by then can carry a clawback: its balance is worked
        # out (one more pass over its deals); every other partner costs nothing more.
        refunds = self._deals.refunds(partner_id)
        back = clawed_back(facts, refunds, terms, period.first, period.last) if refunds else 0
        refunded = bool(refunds) and any(r.month <= period.last for r in refunds)
        carried = self.carried_into(partner_id, period) if refunded else None
        in_the_red = carried is not None and carried < 0
        if not (figures.revenue or figures.total or paid or back or in_the_red):
            return None
        return PartnerPayout(
            partner_id, period, terms, from_cents(figures.revenue),
            from_cents(figures.revenue_share), from_cents(figures.referral_fees),
            from_cents(paid), is_payable(terms, period), from_cents(back), carried,
        )

    def _refresh_kept_lines(self, partner_id: str, was: tuple[object, ...]) -> None:
        """After a payment: the payouts kept while the store was at `was` stay true but
        for this partner's line (a payment changes no one else's). Recomputing 10,000
        partners for it would hold the screen while the file saves."""
        now = self._payouts_version()
        for period, (version, lines) in list(self._deals.payouts_kept.items()):
            if version != was:
                continue
            fresh = self._line(partner_id, period)
            updated = [fresh if line.partner_id == partner_id else line for line in lines]
            if fresh is not None and all(line.partner_id != partner_id for line in lines):
                continue  # a new line would need its place by company: compute again
            self._deals.payouts_kept[period] = (now, [x for x in updated if x is not None])

    def parts_of(self, partner_id: str, period: Period) -> list[tuple[Deal, DealPart]]:
        """The deals behind a partner's figures for `period`, each with its part."""
        facts, terms = self._deals.facts(partner_id), self.terms(partner_id)
        parts = {part.deal_id: part for part in deal_parts(facts, terms, period)}
        deals = self._deal_models.of_partner(partner_id)
        return [(deal, parts[deal.id]) for deal in deals if deal.id in parts]

    def clawbacks_of(self, partner_id: str, period: Period) -> list[tuple[Deal, Clawback]]:
        """The refunds in `period` behind a partner's clawback, each with its deal."""
        facts, terms = self._deals.facts(partner_id), self.terms(partner_id)
        found = clawbacks(facts, self._deals.refunds(partner_id), terms, period.first, period.last)
        if not found:
            return []
        deals = {deal.id: deal for deal in self._deal_models.of_partner(partner_id)}
        return [(deals[c.deal_id], c) for c in found if c.deal_id in deals]

    def balance_through(self, partner_id: str, month: int) -> Decimal:
        """The partner's running balance at the end of `month` (month_index): everything
        earned through it, less what refunds took back, less what was paid for periods
        starting by then. Negative: a refund took back more than was unpaid; it is carried
        forward until later earnings make it up (docs/refunds.md)."""
        terms, facts = self.terms(partner_id), self._deals.facts(partner_id)
        got = earned(facts, terms, BEGINNING, month).total
        back = clawed_back(facts, self._deals.refunds(partner_id), terms, BEGINNING, month)
        paid = self._deals.paid_by_period(partner_id)
        paid_cents = sum(cents for paid_for, cents in paid.items() if paid_for.first <= month)
        return from_cents(got - back - paid_cents)

    def carried_into(self, partner_id: str, period: Period) -> Decimal:
        """The balance carried into `period`: balance_through the month before it."""
        return self.balance_through(partner_id, period.first - 1)
    def _tiers_version(self, month: int) -> tuple[object, ...]:
        # A tier reads deals and the tier table only: a move of a card keeps them.
        return (id(self._partners), id(self._deals), self._deals.version,
                self.settings().rules.tiers, month)

    def known_tiers_above_first(self, month: int) -> dict[str, str] | None:
        """tiers_above_first(month) when known already, else None (no work done)."""
        kept = self._tiers_kept
        return kept[1] if kept is not None and kept[0] == self._tiers_version(month) else None

    def tiers_above_first(self, month: int) -> dict[str, str]:
        """Partner id -> its tier's name in `month`, for partners above the first tier
        (the cards show only those: the first tier is every partner's). Kept while no
        deal or tier changes; the app's warm-up computes it off the screen's thread."""
        version = self._tiers_version(month)
        kept = self._tiers_kept
        if kept is not None and kept[0] == version:
            return kept[1]
        tiers = self.tier_table()
        found: dict[str, str] = {}
        if len(tiers) > 1:
            cards = self._partners.index.cards
            for pid in self._deals.partners_with_deals():
                if pid in cards:
                    index = tier_in(self.tier_schedule(pid), month)
                    if tier_worth_showing(index):
                        found[pid] = tiers[index].name
        self._tiers_kept = (version, found)
        return found

    def log_tier_changes(self, today: date) -> list[str]:
        """Log each partner's change of tier this month, once (store/parts/tier_log.py)."""
        from partner_tui.store.parts.tier_log import log_tier_changes

        return log_tier_changes(self._core, self, today, self.settings().currency_symbol)

    def share_shaped(self, partner_id: str, period: Period) -> ShapedShare | None:
        """How steps, caps and a tier's percent shaped the partner's revenue share in
        `period` (the statements explain each deal by it); None when nothing shapes it."""
        terms = self.terms(partner_id)
        if not (terms.share_enabled and terms.shaped):
            return None
        return shaped_share(self._deals.facts(partner_id), terms, period.first, period.last)

    def payments_of(self, partner_id: str) -> list[Payment]:
        """Payments made to a partner, oldest period first."""
        from partner_tui.domain.payments import Payment

        payments = [
            self._core.validate(Payment, raw, "payment", str(raw.get("id")))
            for raw in self._deals.payment_records(partner_id)
        ]
        return sorted(payments, key=lambda p: (p.paid_period, p.paid_on, p.created_at))

    def all_payments(self) -> list[Payment]:
        """Every payment to a partner in the file, by partner then period."""
        cards = self._partners.index.cards
        paid = [pid for pid in self._deals.partners_paid() if pid in cards]
        return [payment for pid in paid for payment in self.payments_of(pid)]

    def add_payments(self, payments: list[Payment]) -> None:
        """Record payments made outside the app (the demo's history): one write, one undo."""
        from partner_tui.domain.payments import Payment

        self._core.check_writable()
        for payment in payments:
            if payment.partner_id not in self._partners.index.cards:
                raise NotFound(payment.partner_id)
        from partner_tui.store.records.stored_form import dump_payment
        from partner_tui.store.undo.history import Change

        records = [dump_payment(Payment.model_validate(p.model_dump())) for p in payments]
        with self._core.batch():
            rows: Rows = {(PAYMENTS, p.id): self._deals.record(PAYMENTS, p.id) for p in payments}
            with self._core.recording(Change(f"record {len(payments)} payments", {}, rows)):
                self._deals.put_many(PAYMENTS, records)

    def mark_paid(
        self, partner_id: str, period: Period, paid_on: date, author: str = "",
        amount: Decimal | None = None,
    ) -> list[Payment]:
        """Record payment of what is owed for `period` (a monthly partner's quarter is paid
        month by month), or of `amount` (a part payment, an overpayment, or a payment when
        nothing is owed: `pay --amount`). NothingOwed when there is nothing to pay, or a
        quarterly partner's month. Undoable, as one change."""
        from partner_tui.domain.payments import Payment

        self._core.check_writable()
        with self._core.batch():  # no merge from another writer in between
            terms = self.terms(partner_id)
            line = self.of_partner(partner_id, period)
            if not line.payable:
                raise NothingOwed(
                    f"{self._core.company_of(partner_id)} is paid per quarter: mark "
                    f"{period.quarter.label} paid (m shows the quarter)"
                )
            holding = self.settings().rules.holding_days
            if amount is not None:
                if len(payable_periods(terms, period)) > 1:
                    raise NothingOwed(
                        f"{self._core.company_of(partner_id)} is paid month by month: pay an "
                        f"amount for one month of {period.label}"
                    )
                if amount <= 0:
                    raise NothingOwed("a payment is more than 0")
                if is_pending(period, holding, paid_on):
                    raise NothingOwed(f"nothing is payable yet: {pending_text(period, holding)}")
                self._check_balance(partner_id, period, paid_on)
                payment = Payment(
                    partner_id=partner_id, period=period.label, amount=amount,
                    paid_on=paid_on, author=author,
                )
                self._record_payments(partner_id, period, [payment])
                return [payment]
            payments = []
            held: list[Period] = []
            for paid_for in payable_periods(terms, period):
                owed = self.of_partner(partner_id, paid_for).owed
                if owed is not None and owed > 0:
                    if is_pending(paid_for, holding, paid_on):
                        held.append(paid_for)  # only what is payable is paid
                        continue
                    payments.append(
                        Payment(
                            partner_id=partner_id, period=paid_for.label, amount=owed,
                            paid_on=paid_on, author=author,
                        )
                    )
            if not payments:
                if held:
                    raise NothingOwed(
                        f"nothing is payable yet: {pending_text(held[0], holding)}")
                self._check_balance(partner_id, period, paid_on)  # says a refund's why
                if line.owed is not None and line.owed < 0:
                    raise NothingOwed(f"nothing owed: overpaid by {-line.owed} for {period.label}")
                raise NothingOwed(f"nothing owed for {period.label}")
            # Never more than the running balance: a refund's clawback is made up first.
            left = self._check_balance(partner_id, period, paid_on)
            capped = []
            for payment in payments:
                if left <= 0:
                    break
                amount = min(payment.amount, left)
                left -= amount
                capped.append(payment.model_copy(update={"amount": amount}))
            self._record_payments(partner_id, period, capped)
            return capped

    def _check_balance(self, partner_id: str, period: Period, paid_on: date) -> Decimal:
        """The partner's running balance on the day of a payment (through the later of the
        period and that day's month); NothingOwed, saying why, when it is 0 or less: a
        refund clawed back more than was unpaid, and nothing is paid until it is earned
        back (docs/refunds.md)."""
        through = max(period.last, month_index(paid_on))
        balance = self.balance_through(partner_id, through)
        if balance > 0:
            return balance
        refunds = [r for r in self._deals.refunds(partner_id) if r.month <= through]
        if not refunds:
            raise NothingOwed(
                f"nothing is paid while the balance is {balance}: more was paid than was "
                "earned (paid ahead); later earnings are set against it first"
            )
        latest = max(refunds, key=lambda r: r.month)
        month = Period(latest.month, PeriodKind.MONTH)
        why = ""
        for deal, back in self.clawbacks_of(partner_id, month):
            if deal.id == latest.deal_id and deal.refunded_on is not None:
                why = (f" (the refund of {deal.customer} on {deal.refunded_on.isoformat()} "
                       f"clawed back {from_cents(back.total)})")
        took = "more than was left to pay" if balance < 0 else "what was left to pay"
        raise NothingOwed(
            f"nothing is paid while the balance is {balance}: refunds took back {took}{why}; "
            "the balance is carried forward until it is earned back"
        )

    def _record_payments(self, partner_id: str, period: Period, payments: list[Payment]) -> None:
        """Store `payments` as one undoable change ("mark X paid for P": the Payouts
        screen's ctrl+z takes back exactly that)."""
        from partner_tui.store.records.stored_form import dump_payment
        from partner_tui.store.undo.history import Change

        rows: Rows = {(PAYMENTS, p.id): None for p in payments}
        label = f"mark {self._core.company_of(partner_id)} paid for {period.label}"
        was = self._payouts_version()
        with self._core.recording(Change(label, {}, rows)):
            for payment in payments:
                self._deals.put(PAYMENTS, dump_payment(payment))
            self._refresh_kept_lines(partner_id, was)

    # -- every figure of a partner (domain/partner_figures.py) ------------------------------------
    def figures(
        self, partner_id: str, today: date, rules: FigureRules | None = None
    ) -> PartnerFigures:
        """Every figure of the partner as of `today` (docs/figures.md): from its deals
        when it has any, else as typed. NotFound for a partner not in the file.
        rules: the program's (settings), when the caller has them already."""
        card = self._partners.index.cards.get(partner_id)
        if card is None:
            raise NotFound(partner_id)
        rules = rules if rules is not None else self.rules()
        this_month = month_index(today)
        paid = self._deals.paid_by_period(partner_id)
        return partner_figures(
            self._deals.facts(partner_id),
            self._deals.terms(partner_id, card.record),  # partner_figures adds the tier
            typed_from_record(card.record),
            sum(cents for paid_for, cents in paid.items() if paid_for.first <= this_month),
            _live_since_month(card.record),
            today,
            last_touch_from_record(card.record),
            rules.quiet_after(card.stage.value),
            self._deals.refunds(partner_id),
            rules.tier_table(),
            self.tier_schedule(partner_id),  # kept while the deals and tiers are the same
        )

    def all_figures(self, today: date) -> dict[str, PartnerFigures]:
        """figures() of every partner in the file, by id."""
        rules = self.settings().rules
        return {
            pid: self.figures(pid, today, rules) for pid in list(self._partners.index.cards)
        }

    def deal_measures(
        self, today: date, months: int = 24, figures: dict[str, PartnerFigures] | None = None
    ) -> DealMeasures:
        """Every partner's figures (`figures` when the caller has them: the command line's
        kept ones, speedups/kept_figures.py), and revenue earned from deals in each of the
        last `months` months (from the first that earned anything) through this one."""
        last = month_index(today)
        first = last - months + 1
        cards = self._partners.index.cards
        facts = chain.from_iterable(
            self._deals.facts(pid) for pid in self._deals.partners_with_deals() if pid in cards
        )
        by_month = revenue_by_month(facts, first, last)
        start = next((i for i, cents in enumerate(by_month) if cents), len(by_month))
        series = [
            (first + i, from_cents(cents)) for i, cents in enumerate(by_month) if i >= start
        ]
        return DealMeasures(figures if figures is not None else self.all_figures(today), series)

    def commitment(self, partner_id: str, today: date) -> Commitment | None:
        """The minimum commitment's progress, or None when the partner has no minimum."""
        if partner_id not in self._partners.index.cards:
            return None
        return self.figures(partner_id, today).commitment

    def warm_deals(self, pause: Callable[[], None]) -> None:
        """Build the deal indexes, then last month's payouts (where the Payouts screen
        opens), ahead of the first look (the app's warm-up)."""
        self._deals.warm(pause)
        pause()
        self.for_period(Period.of(clock.today()).step(-1))
        pause()
        self.tiers_above_first(month_index(clock.today()))
