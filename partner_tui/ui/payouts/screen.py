"""Payouts: what each partner earned and is owed for a month or a quarter, the deals behind
each figure, and marking it paid.

Opened with `p` from the board or the dashboard, on last month. Every figure comes from
the store's payout rules (store/parts/payouts.py over domain/payouts.py); this screen
lays them out and turns keys into store calls. Marking paid is saved at once and undone
with ctrl+z (here or on the board).
"""

from __future__ import annotations

import contextlib
from decimal import Decimal
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static

from partner_tui.domain import clock
from partner_tui.domain.commission_life import is_pending, payable_from
from partner_tui.domain.money import format_cents
from partner_tui.domain.payouts import PartnerPayout
from partner_tui.domain.periods import Period, PeriodKind
from partner_tui.store.errors import StoreError
from partner_tui.store.parts.payouts import NothingOwed
from partner_tui.ui.common.key_bar import KeyBar
from partner_tui.ui.common.plain import plain
from partner_tui.ui.common.screen import PartnerScreen
from partner_tui.ui.payouts.commands import PayoutCommands
from partner_tui.ui.payouts.deals_behind import PAY, Behind, DealsBehind
from partner_tui.ui.payouts.payout_list import PayoutList

if TYPE_CHECKING:
    from partner_tui.store.data_changed import DataChanged

# Undo on this screen takes back payments only; other changes are undone on the board.
PAYMENT_LABEL = "mark "
# The tables the figures here are computed from (another writer's change to them redraws).
FIGURES_FROM = ("partners", "deals", "payments", "settings")


class PayoutsScreen(PartnerScreen):
    CSS_PATH = "payouts.tcss"
    TITLE = "Payouts"
    COMMANDS = {PayoutCommands}

    BINDINGS = [
        Binding("escape", "back", "Back", id="payouts.back", tooltip="Back where you came from"),
        Binding("left_square_bracket", "step(-1)", "Previous", key_display="[",
                id="payouts.previous", tooltip="The previous month or quarter"),
        Binding("right_square_bracket", "step(1)", "Next", key_display="]",
                id="payouts.next", tooltip="The next month or quarter"),
        Binding("m", "toggle_kind", "Month/quarter", id="payouts.kind",
                tooltip="Show a month or the calendar quarter around it"),
        Binding("enter", "behind", "Deals", id="payouts.behind",
                tooltip="The deals behind the highlighted partner's figures"),
        Binding("space", "pay", "Mark paid", id="payouts.pay",
                tooltip="Record the payment of what the highlighted partner is owed (today)"),
        Binding("ctrl+z", "undo", "Undo", id="payouts.undo",
                tooltip="Undo your last change (a payment, or any other), and say what"),
        Binding("up,k", "cursor(-1)", "Up", show=False, id="payouts.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="payouts.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="payouts.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="payouts.page_down"),
        Binding("home", "jump(-1)", "First", show=False, id="payouts.home"),
        Binding("end", "jump(1)", "Last", show=False, id="payouts.end"),
    ]

    def __init__(self, period: Period | None = None) -> None:
        super().__init__()
        # Last month: what a partnerships lead pays at the start of a month.
        self.period = period or Period.of(clock.today()).step(-1)
        self.lines: list[PartnerPayout] = []
        self._shown_on_mount = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="payouts-period", markup=False)
        yield Static(
            "[ ] period · m month or quarter · enter the deals behind · space mark paid",
            id="payouts-hint",
            markup=False,
        )
        yield PayoutList(id="payout-list")
        yield Static("", id="payouts-totals", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_period()
        self._shown_on_mount = True
        self.set_focus(self.query_one(PayoutList))  # now: opened awaited, it has the keys

    def on_screen_resume(self) -> None:
        # Back from a form or a dialog: a deal or payment may have changed. (The first
        # resume follows on_mount, which has just computed the period: once is enough.)
        if self._shown_on_mount:
            self._shown_on_mount = False
            return
        if self.changed_while_away():
            self.show_period(keep=self._current_id())

    def reload_data(self, change: DataChanged) -> None:
        """Another writer's change came in: the figures as they are now, the cursor kept
        on its partner, if this is the screen in view (else when it comes back: see
        on_screen_resume). A change of templates alone changes no figure."""
        if not change.touches(*FIGURES_FROM):
            return
        if self.is_mounted and self.app.screen is self:
            self.show_period(keep=self._current_id())

    # -- figures ------------------------------------------------------------------------
    def show_period(self, keep: str | None = None) -> None:
        store = self.store
        self.lines = store.payouts.for_period(self.period)
        listing = self.query_one(PayoutList)
        listing.empty_text = (
            f"No partner earned or was paid anything in {self.period.title}. "
            "[ and ] step to another period; deals are registered in a partner's form (F10)."
        )
        symbol = store.program.settings().currency_symbol
        listing.show(self.lines, store.partners.company_of, symbol, keep)
        kind = "Month" if self.period.kind is PeriodKind.MONTH else "Quarter"
        holding = store.program.settings().rules.holding_days
        held = (
            f"  · pending: payable from {payable_from(self.period, holding).isoformat()}"
            if is_pending(self.period, holding, clock.today()) else ""
        )
        self.query_one("#payouts-period", Static).update(
            plain(f"{kind}: {self.period.title}  ({self.period.label}){held}")
        )
        self.query_one("#payouts-totals", Static).update(plain(self._totals(symbol)))
        self.run_worker(
            self._prepare_next_periods, thread=True, exclusive=True, group="payouts-ahead"
        )

    def _prepare_next_periods(self) -> None:
        """The periods `[`, `]` and `m` lead to, computed while the person reads this one
        (10,000 partners take a few hundred ms a period; the store keeps each until a
        change). Only speed is at stake: a failure here leaves them to be computed on use."""
        period = self.period
        other = PeriodKind.QUARTER if period.kind is PeriodKind.MONTH else PeriodKind.MONTH
        with contextlib.suppress(Exception):
            for ahead in (period.step(-1), period.as_kind(other), period.step(1)):
                self.store.payouts.prepare(ahead)

    def _totals(self, symbol: str) -> str:
        earned = revenue = paid = owed = Decimal("0.00")
        waiting = later = 0
        for line in self.lines:  # one pass: 10,000 lines
            earned += line.total
            revenue += line.revenue
            paid += line.paid
            if not line.payable:
                later += 1
            elif line.total > line.paid:
                owed += line.total - line.paid
                waiting += 1
        text = (
            f"{len(self.lines):,} partner{'s' if len(self.lines) != 1 else ''} · earned "
            f"{format_cents(earned, symbol)} on revenue {format_cents(revenue, symbol)} · "
            f"paid {format_cents(paid, symbol)} · owed {format_cents(owed, symbol)} to {waiting:,}"
        )
        if later:
            text += f" · {later:,} paid per quarter (m shows {self.period.quarter.label})"
        return text

    def _current_id(self) -> str | None:
        current = self.query_one(PayoutList).current
        return current.partner_id if current else None

    # -- keys ---------------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    def action_step(self, count: int) -> None:
        self.period = self.period.step(count)
        self.show_period(keep=self._current_id())

    def action_toggle_kind(self) -> None:
        kind = PeriodKind.QUARTER if self.period.kind is PeriodKind.MONTH else PeriodKind.MONTH
        self.period = self.period.as_kind(kind)
        self.show_period(keep=self._current_id())

    def action_cursor(self, delta: int) -> None:
        self.query_one(PayoutList).move_cursor(delta)

    def action_page(self, direction: int) -> None:
        listing = self.query_one(PayoutList)
        listing.move_cursor(direction * listing.page)

    def action_jump(self, direction: int) -> None:
        listing = self.query_one(PayoutList)
        listing.set_cursor(0 if direction < 0 else len(listing.lines) - 1)

    @on(PayoutList.Clicked)
    async def _clicked(self, event: PayoutList.Clicked) -> None:
        if event.chain >= 2:
            await self.action_behind()

    async def action_behind(self) -> None:
        line = self.query_one(PayoutList).current
        if line is None:
            return
        store = self.store
        behind = Behind(
            company=store.partners.company_of(line.partner_id),
            line=line,
            parts=store.payouts.parts_of(line.partner_id, self.period),
            payments=store.payouts.payments_of(line.partner_id),
            commitment=store.payouts.commitment(line.partner_id, clock.today()),
            currency=store.program.settings().currency_symbol,
            refunds=store.payouts.clawbacks_of(line.partner_id, self.period),
        )

        def closed(answer: str | None) -> None:
            if answer == PAY:
                self.action_pay()

        await self.app.push_screen(DealsBehind(behind), closed)

    def action_pay(self) -> None:
        line = self.query_one(PayoutList).current
        if line is None:
            return
        store = self.store
        company = store.partners.company_of(line.partner_id)
        try:
            payments = store.payouts.mark_paid(
                line.partner_id, self.period, clock.today(), store.author() or ""
            )
        except NothingOwed as exc:
            said = str(exc)
            self.notify(plain(f"{said[:1].upper()}{said[1:]}."), title=company, timeout=4)
            return
        except StoreError as exc:
            self.notify(plain(str(exc)), title="Not marked paid", severity="error")
            return
        paid = sum((p.amount for p in payments), Decimal("0.00"))
        symbol = store.program.settings().currency_symbol
        self.notify(
            plain(f"Paid {format_cents(paid, symbol)} for {self.period.label} "
            f"({clock.today().isoformat()}). ctrl+z takes it back."),
            title=company,
            timeout=5,
        )
        self.show_period(keep=line.partner_id)

    def action_undo(self) -> None:
        # One undo (PartnerApp.undo_last): your last change, a payment or not.
        keep = self._current_id()
        if self.partner_app.undo_last() is not None:
            self.show_period(keep=keep)
