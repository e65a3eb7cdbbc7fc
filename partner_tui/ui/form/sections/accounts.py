"""The form's Accounts tab: account mapping with this partner, from the lists held in the
data file (`partner-tui accounts import`): the warm intros it can make for us, the ones we
can make for it, and the customers we share.

Read only: a list changes by importing it again. Every name comes from a CSV or a CRM:
it goes into the tables as plain text (rich Text), never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Label, Static

from partner_tui.domain.account_overlap import Match, Overlap
from partner_tui.domain.money import format_money
from partner_tui.ui.common.plain import plain, plain_text
from partner_tui.ui.form.sections.base import FormSection

if TYPE_CHECKING:
    from partner_tui.store.partner_store import PartnerStore
    from partner_tui.ui.common.app_api import PartnerAppAPI

# A table shows this many accounts; `partner-tui overlap PARTNER` lists them all.
ROWS_SHOWN = 500
TABLES = (
    ("intros-for-us", "Intros for us: our prospects and opportunities that are their customers",
     ("Company", "Domain", "Our status", "Our owner", "Open value")),
    ("intros-for-them",
     "Intros for them: their prospects and opportunities that are our customers",
     ("Company", "Domain", "Their status", "Our owner")),
    ("shared-customers", "Shared customers: customers of both",
     ("Company", "Domain", "Our owner")),
)


def _count(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class AccountsSection(FormSection):
    def compose(self) -> ComposeResult:
        yield Label("Account mapping with this partner", classes="section-title")
        yield Static("", id="accounts-summary", markup=False)
        for table_id, title, _columns in TABLES:
            yield Label(plain(title), classes="section-title")
            yield DataTable[Text](
                id=table_id, classes="account-table", cursor_type="row", zebra_stripes=True
            )
        yield Static(
            "Lists are imported with `partner-tui accounts import FILE.csv --partner ID` "
            "and forgotten with `accounts forget`; `partner-tui overlap ID` lists them all.",
            classes="hint",
            markup=False,
        )

    @property
    def store(self) -> PartnerStore:
        return cast("PartnerAppAPI", self.app).store

    def on_mount(self) -> None:
        for table_id, _title, columns in TABLES:
            table = self.query_one(f"#{table_id}", DataTable)
            for name in columns:
                table.add_column(plain_text(name), key=name)
        self.reload()

    def reload(self) -> None:
        """Show the overlap as the lists are now (after an import by another writer, too)."""
        store = self.store
        accounts = store.accounts
        found = accounts.overlap_of(self.partner.id)
        currency = store.program.settings().currency_symbol
        summary = self.query_one("#accounts-summary", Static)
        summary.update(plain(self._summary(found, accounts.has_ours(), currency)))
        matches: dict[str, list[Match]] = {
            "intros-for-us": found.intros_for_us if found else [],
            "intros-for-them": found.intros_for_them if found else [],
            "shared-customers": found.shared_customers if found else [],
        }
        for table_id, _title, _columns in TABLES:
            table = self.query_one(f"#{table_id}", DataTable)
            table.clear()
            shown = matches[table_id]
            for match in shown[:ROWS_SHOWN]:
                table.add_row(*self._cells(table_id, match, currency))
            if len(shown) > ROWS_SHOWN:
                more = plain_text(f"… and {len(shown) - ROWS_SHOWN:,} more", style="italic")
                blanks = [plain_text("") for _ in range(len(table.columns) - 1)]
                table.add_row(more, *blanks)

    def _summary(self, found: Overlap | None, has_ours: bool, currency: str) -> str:
        if not has_ours:
            return ("No account list of ours yet: import the CRM's company export with "
                    "`partner-tui accounts import FILE.csv`.")
        if found is None:
            return ("No account list of this partner yet: import theirs with "
                    f"`partner-tui accounts import FILE.csv --partner {self.partner.id}`.")
        return (
            f"Their list: {_count(found.their_accounts, 'account')}, as of "
            f"{found.as_of.isoformat()}. {_count(found.intro_count, 'intro')} for us worth "
            f"{format_money(found.intro_value, currency)} · "
            f"{_count(found.for_them_count, 'intro')} for them · "
            f"{_count(found.shared_count, 'shared customer')}."
        )

    @staticmethod
    def _cells(table_id: str, match: Match, currency: str) -> list[Text]:
        ours, theirs = match.ours(), match.theirs()
        if table_id == "intros-for-us":
            value = format_money(match.open_value, currency) if match.open_value else "-"
            return [plain_text(ours.name), plain_text(ours.domain),
                    plain_text(ours.status.value), plain_text(ours.owner or "-"),
                    plain_text(value, justify="right")]
        if table_id == "intros-for-them":
            return [plain_text(theirs.name), plain_text(ours.domain),
                    plain_text(theirs.status.value), plain_text(ours.owner or "-")]
        return [plain_text(ours.name), plain_text(ours.domain), plain_text(ours.owner or "-")]
