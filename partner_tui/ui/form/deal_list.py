"""The partner's deals as a table, with the keys that act on the highlighted one.

The keys live here, on the table, so the key bar shows them while the list has the focus
and letters typed into a field elsewhere never reach them; the form lists them in `?`
(PartnerFormScreen.HELP_ALSO).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from partner_tui.domain import clock
from partner_tui.domain.deals import Deal
from partner_tui.domain.money import format_money
from partner_tui.domain.program import ProgramRules
from partner_tui.domain.registration import (
    RegistrationState,
    protection_ends,
    registration_state,
)
from partner_tui.ui.common.plain import plain_text

# What matters first, so that 80 columns show it: who, where it stands, what it is worth.
COLUMNS = (
    "Customer", "Status", "Expires", "Amount", "Monthly", "Registered", "Closed", "First paid",
    "Left", "Domain",
)
# The figures line up on the right.
MONEY_COLUMNS = {"Amount", "Monthly"}
# Long customer names are cut, so that 80 columns still show the amounts.
COLUMN_WIDTHS = {"Customer": 22}
# The state shown (registration.registration_state: expired is worked out, not stored).
STATUS_MARK = {
    RegistrationState.WON: "✓ won", RegistrationState.LOST: "✗ lost",
    RegistrationState.REGISTERED: "○ open", RegistrationState.APPROVED: "● approved",
    RegistrationState.REJECTED: "⊘ rejected", RegistrationState.EXPIRED: "⌛ expired",
    RegistrationState.REFUNDED: "↩ refunded",
}


class DealList(DataTable[str | Text]):
    HELP_TITLE = "Partner form: Deals"
    BINDINGS = [
        Binding("n", "deal('add')", "New deal", id="deals.new",
                tooltip="Register a deal for this partner"),
        Binding("e", "deal('edit')", "Edit", id="deals.edit", tooltip="Edit the highlighted deal"),
        Binding("enter", "deal('edit')", "Edit", show=False, id="deals.edit.enter"),
        Binding("w", "deal('won')", "Won", id="deals.won",
                tooltip="Mark the deal won (closed today unless it has a close date)"),
        Binding("l", "deal('lost')", "Lost", id="deals.lost", tooltip="Mark the deal lost"),
        Binding("r", "deal('registered')", "Reopen", id="deals.reopen",
                tooltip="Back to registered (open): its close date is cleared"),
        Binding("f", "deal('refund')", "Refund", id="deals.refund",
                tooltip="Mark the won deal refunded (asks the day and amount): what it earned "
                "is clawed back in the refund's month"),
        Binding("x", "deal('delete')", "Delete", id="deals.delete",
                tooltip="Delete the deal (asks; ctrl+z on the board undoes)"),
        Binding("a", "deal('approve')", "Approve", id="deals.approve",
                tooltip="Approve the registration: protected for the program's window from today"),
        Binding("d", "deal('reject')", "Reject", id="deals.reject",
                tooltip="Reject the registration, with a reason (its domain is free again)"),
        Binding("t", "deal('extend')", "Extend", id="deals.extend",
                tooltip="Add days to the registration's protection window"),
    ]

    def __init__(self, act: Callable[[str], None], *, id: str | None = None) -> None:
        """act: does what a key asks ('add', 'edit', 'won', 'lost', 'registered',
        'refund', 'delete', 'approve', 'reject', 'extend'), at once: a dialog it opens gets the keys
        typed after."""
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.deals: list[Deal] = []
        self.currency = "$"
        self.rules = ProgramRules()  # the program's, set with the currency
        self.today: date = clock.today()
        self._act = act

    def action_deal(self, what: str) -> None:
        self._act(what)

    def on_mount(self) -> None:
        for name in COLUMNS:
            self.add_column(
                plain_text(name, justify="right" if name in MONEY_COLUMNS else None), key=name,
                width=COLUMN_WIDTHS.get(name),
            )

    def show(self, deals: list[Deal], keep: str | None = None) -> None:
        """Newest registration first; the cursor stays on `keep` (a deal id) if given."""
        self.deals = sorted(deals, key=lambda d: (d.registered_on, d.created_at), reverse=True)
        current = keep or self.current_id()
        self.clear()
        for deal in self.deals:
            self.add_row(*self._cells(deal), key=deal.id)
        ids = [d.id for d in self.deals]
        if current in ids:
            self.move_cursor(row=ids.index(current), animate=False)

    def _cells(self, deal: Deal) -> list[Text]:
        def day(value: object) -> str:
            return value.isoformat() if value is not None else "-"  # type: ignore[attr-defined]

        def money(value: object) -> Text:
            shown = format_money(value, self.currency) if value else "-"  # type: ignore[arg-type]
            return plain_text(shown, justify="right")

        ends = protection_ends(deal, self.rules)
        return [
            plain_text(deal.customer),
            plain_text(STATUS_MARK[registration_state(deal, self.rules, self.today)]),
            plain_text(day(ends)),
            money(deal.amount), money(deal.monthly_revenue),
            plain_text(day(deal.registered_on)), plain_text(day(deal.closed_on)),
            plain_text(day(deal.paid_on)), plain_text(day(deal.ended_on)),
            plain_text(deal.customer_domain or "-"),
        ]

    def current_id(self) -> str | None:
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def current(self) -> Deal | None:
        deal_id = self.current_id()
        return next((d for d in self.deals if d.id == deal_id), None)
