"""The dashboard: are we on target, what is due, which partnerships pay off, on one screen.

Every figure comes from `domain.program_metrics.measure`, one pass over the partners; this
screen only lays them out and turns keys into store calls.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Header

from partner_tui.domain import clock
from partner_tui.domain.due_list import DueKind, replace_due, tick_off
from partner_tui.domain.program_metrics import ProgramMetrics, SortKey, measure, sort_rows
from partner_tui.store.errors import NotFound, StoreError
from partner_tui.ui.common.key_bar import KeyBar
from partner_tui.ui.common.plain import plain
from partner_tui.ui.common.screen import PartnerScreen
from partner_tui.ui.dashboard.commands import DashboardCommands
from partner_tui.ui.dashboard.due_table import DUE_SHOWN, DashDueTable
from partner_tui.ui.dashboard.funnel import DashFunnel
from partner_tui.ui.dashboard.next_steps import DashNextSteps
from partner_tui.ui.dashboard.partner_table import ROWS_SHOWN, DashPartnerTable
from partner_tui.ui.dashboard.revenue import DashRevenue
from partner_tui.ui.dashboard.totals import DashTotals
from partner_tui.ui.dashboard.warm_intros import DashWarmIntros

if TYPE_CHECKING:
    from partner_tui.store.data_changed import DataChanged

# The smallest terminal that shows every panel side by side without clipping.
WIDE_COLUMNS = 116
WIDE_ROWS = 36


class DashboardScreen(PartnerScreen):
    CSS_PATH = "dashboard.tcss"
    TITLE = "Dashboard"
    COMMANDS = {DashboardCommands}

    BINDINGS = [
        Binding("escape", "back", "Board", id="dashboard.back", tooltip="Back to the board"),
        Binding("s", "settings", "Settings", id="dashboard.settings",
                tooltip="Stage targets, profile, program resources and tool costs"),
        Binding("p", "payouts", "Payouts", id="dashboard.payouts",
                tooltip="What each partner earned and is owed, month by month"),
        Binding("space", "tick", "Tick off", id="dashboard.tick",
                tooltip="Mark the highlighted due item done (saved at once)"),
        Binding("r", "sort('revenue')", "Revenue", id="dashboard.sort.revenue",
                tooltip="Sort partners by revenue attributed (again to reverse)"),
        Binding("i", "sort('roi')", "ROI", id="dashboard.sort.roi",
                tooltip="Sort partners by partnership ROI (again to reverse)"),
        Binding("f", "sort('fit')", "Fit", id="dashboard.sort.fit",
                tooltip="Sort partners by fit score (again to reverse)"),
        Binding("v", "sort('potential_value')", "Value", id="dashboard.sort.value",
                tooltip="Sort partners by potential value (again to reverse)"),
        Binding("enter", "open", "Open", id="dashboard.open", show=False,
                tooltip="Open the highlighted partner's form"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort_key = SortKey.REVENUE
        self.descending = True
        self.metrics: ProgramMetrics | None = None
        self._measured_on_mount = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="dash-body"):
            with Horizontal(id="top"):
                yield DashFunnel(id="funnel")
                with Vertical(id="program"):
                    yield DashTotals(id="totals")
                    yield DashRevenue(id="revenue")
            with Horizontal(id="middle"):
                yield DashDueTable(id="due", cursor_type="row", zebra_stripes=True)
                yield DashNextSteps(id="next-steps")
            yield DashWarmIntros(id="warm-intros", cursor_type="row", zebra_stripes=True)
            yield DashPartnerTable(id="partners", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_resize(self, event: events.Resize) -> None:
        # Side by side needs WIDE_COLUMNS x WIDE_ROWS; a smaller terminal gets the panels stacked in
        # a scrolling column instead of squeezed until nothing can be read.
        wide = event.size.width >= WIDE_COLUMNS and event.size.height >= WIDE_ROWS
        self.set_class(not wide, "-narrow")

    def on_mount(self) -> None:
        self.query_one("#funnel").border_title = "Pipeline against targets"
        self.query_one("#program").border_title = "Program"
        self.query_one("#next-steps").border_title = "Next steps"
        self.refresh_figures()
        self._measured_on_mount = True
        # What is due comes first when there is something due; otherwise the partners.
        due = self.query_one(DashDueTable)
        # Scrolled into view, whatever the size: the key bar offers `space Tick off` for
        # this list, so it must be on screen (stacked below 116 x 36 it sits below the
        # pipeline, which scrolling up shows).
        focused = due if due.row_count else self.query_one(DashPartnerTable)
        self.set_focus(focused)
        self.call_after_refresh(self._show_focused)

    def _show_focused(self) -> None:
        if self.focused is not None:
            self.focused.scroll_visible(animate=False, top=True)

    def on_screen_resume(self) -> None:
        # Back from the form or the settings: the figures may have changed. (The first
        # resume follows on_mount, which has just measured: once is enough at 10k.)
        if self._measured_on_mount:
            self._measured_on_mount = False
            return
        if self.changed_while_away():
            self.refresh_figures()

    def reload_data(self, change: DataChanged) -> None:
        """Another writer's change: measured again now if this is the screen in view
        (the tables keep their cursors and the focus), else when it comes back."""
        if self.is_mounted and self.app.screen is self:
            self.refresh_figures()

    # -- figures ------------------------------------------------------------------------
    def refresh_figures(self) -> None:
        store = self.store
        settings = store.program.settings()
        symbol = settings.currency_symbol
        today = clock.today()
        deals = store.payouts.deal_measures(today)
        self.metrics = metrics = measure(store.partners.iter_all(), settings, today, deals)
        self.query_one(DashFunnel).show(metrics)
        self.query_one(DashTotals).show(metrics.totals, symbol)
        self.query_one(DashRevenue).show(metrics.revenue_by_month, symbol)
        self.query_one(DashNextSteps).show(metrics.next_steps, metrics.top_by_value)
        self.show_due()
        self.show_partners()
        self.show_warm_intros()

    def show_warm_intros(self) -> None:
        """The Warm intros panel, when account lists are held: at once if their overlaps
        are computed, else once a worker has computed them."""
        panel = self.query_one(DashWarmIntros)
        store = self.store
        accounts = store.accounts
        if not accounts.has_ours():
            panel.display = False
            return
        found = accounts.known_overlaps(store.partners)
        if found is None:
            self._compute_overlaps()
            return
        panel.display = bool(found)
        companies = {o.partner_id: store.partners.card(o.partner_id).company for o in found}
        panel.show(found, companies, store.program.settings().currency_symbol)

    @work(thread=True, exclusive=True, group="warm-intros")
    def _compute_overlaps(self) -> None:
        self.store.accounts.overlaps(self.store.partners)
        with contextlib.suppress(RuntimeError):  # the app left meanwhile
            self.app.call_from_thread(self._computed)

    def _computed(self) -> None:
        if self.is_mounted:
            self.show_warm_intros()

    def show_due(self) -> None:
        assert self.metrics is not None
        items = self.metrics.due
        table = self.query_one(DashDueTable)
        table.show(items, self.metrics.today)
        more = f" · oldest {DUE_SHOWN} shown" if len(items) > DUE_SHOWN else ""
        quiet = sum(1 for item in items if item.kind is DueKind.QUIET)
        quiet_text = f" · {quiet:,} quiet" if quiet else ""
        table.border_title = f"Due now ({len(items):,}{quiet_text}{more})"
        table.border_subtitle = "space ticks off · enter opens" if items else "nothing due"

    def show_partners(self) -> None:
        assert self.metrics is not None
        symbol = self.store.program.settings().currency_symbol
        rows = sort_rows(self.metrics.rows, self.sort_key, self.descending)
        table = self.query_one(DashPartnerTable)
        table.show(rows, self.sort_key, self.descending, symbol)
        order = "highest" if self.descending else "lowest"
        shown = f"top {ROWS_SHOWN} of {len(rows):,}" if len(rows) > ROWS_SHOWN else f"{len(rows):,}"
        table.border_title = f"Partners by {self.sort_key.label}, {order} first ({shown})"
        table.border_subtitle = "r revenue · i ROI · f fit · v value · enter opens"

    # -- actions ------------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    async def action_settings(self) -> None:
        await self.partner_app.open_settings()

    async def action_payouts(self) -> None:
        await self.partner_app.open_payouts()

    def action_sort(self, key: str) -> None:
        wanted = SortKey(key)
        # The same key again flips the order; a new key starts with the highest first.
        self.descending = not self.descending if wanted is self.sort_key else True
        self.sort_key = wanted
        self.show_partners()
        table = self.query_one(DashPartnerTable)
        table.move_cursor(row=0, animate=False)
        table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Ticking off only means something on the due list.
        if action == "tick":
            return isinstance(self.focused, DashDueTable)
        return True

    def action_tick(self) -> None:
        table = self.query_one(DashDueTable)
        item = table.current_item()
        if item is None:
            return
        store = self.store
        today = clock.today()
        try:
            with store.batch():  # read and change with no other writer's change between
                partner = store.partners.get(item.partner_id)
                saved = store.partners.update(
                    tick_off(partner, item, today), label=f"tick off {item.label}"
                )
        except (StoreError, NotFound, ValueError) as exc:
            self.notify(plain(str(exc)), title="Not ticked off", severity="error")
            return
        self.notify(plain(f"{item.company}: {item.label}"), title="Done")
        # Only this partner's due items changed: no need to measure 10,000 partners again.
        assert self.metrics is not None
        self.metrics = replace(self.metrics, due=replace_due(self.metrics.due, saved, today))
        self.show_due()

    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, DashPartnerTable | DashWarmIntros):
            self.open_partner(focused.current_partner_id())
        elif isinstance(focused, DashDueTable):
            item = focused.current_item()
            self.open_partner(item.partner_id if item else None)

    # DataTable takes `enter` (and a click on the highlighted row) itself and says so with
    # RowSelected: open that row's partner.
    @on(DataTable.RowSelected, "#partners")
    def _partner_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_partner(self.query_one(DashPartnerTable).current_partner_id())

    @on(DataTable.RowSelected, "#warm-intros")
    def _intro_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_partner(self.query_one(DashWarmIntros).current_partner_id())

    @on(DataTable.RowSelected, "#due")
    def _due_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        item = self.query_one(DashDueTable).current_item()
        self.open_partner(item.partner_id if item else None)

    def open_partner(self, partner_id: str | None) -> None:
        if partner_id is None:
            return
        self.partner_app.open_partner_form(partner_id)
