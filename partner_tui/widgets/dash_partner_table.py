"""Per-partner table: which partnerships pay off. Shows the top rows by the chosen figure."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from partner_tui.domain.money import format_money, format_percent
from partner_tui.domain.program_metrics import PartnerRow, SortKey

# A table of 10,000 rows takes seconds to build and nobody reads past the first screens;
# the top rows by the sort key answer "which partnerships pay off". The board's filter
# finds everyone else.
ROWS_SHOWN = 100

COLUMNS: list[tuple[str, str, SortKey | None]] = [
    ("company", "Partner", None),
    ("stage", "Stage", None),
    ("fit", "Fit", SortKey.FIT),
    ("potential_value", "Potential", SortKey.POTENTIAL_VALUE),
    ("leads", "Leads", None),
    ("deals", "Deals", None),
    ("revenue", "Revenue", SortKey.REVENUE),
    ("payout", "Payouts", None),
    ("cost", "Cost", None),
    ("roi", "ROI", SortKey.ROI),
]


def _right(text: str) -> Text:
    return Text(text, justify="right")


class DashPartnerTable(DataTable[str | Text]):
    """Rows keyed by partner id, so `enter` knows whom to open."""

    def show(self, rows: list[PartnerRow], key: SortKey, descending: bool, symbol: str = "$") -> None:
        keep = self.cursor_row
        self.clear(columns=True)
        arrow = " ▼" if descending else " ▲"
        for column_key, label, sort in COLUMNS:
            shown = label + (arrow if sort is key else "")
            self.add_column(shown if column_key in ("company", "stage") else _right(shown), key=column_key)
        for row in rows[:ROWS_SHOWN]:
            self.add_row(
                row.company,
                row.stage.label,
                _right(str(row.fit)),
                _right(format_money(row.potential_value, symbol)),
                _right(f"{row.leads:,}"),
                _right(f"{row.deals:,}"),
                _right(format_money(row.revenue, symbol)),
                _right(format_money(row.payout, symbol)),
                _right(format_money(row.cost, symbol)),
                _right(format_percent(row.roi)),
                key=row.partner_id,
            )
        if self.row_count:
            self.move_cursor(row=min(keep, self.row_count - 1), animate=False)

    def current_partner_id(self) -> str | None:
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value
