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


# Company and stage read left to right; the figures line up on the right.
LEFT_COLUMNS = 2
# A very long company name is cut rather than pushing the figures off screen.
MAX_WIDTH = 32


def _right(text: str) -> Text:
    return Text(text, justify="right")


class DashPartnerTable(DataTable[str | Text]):
    """Rows keyed by partner id, so `enter` knows whom to open."""

    def show(self, rows: list[PartnerRow], key: SortKey, descending: bool, symbol: str = "$") -> None:
        keep = self.cursor_row
        self.clear(columns=True)
        arrow = " ▼" if descending else " ▲"
        cells = [
            [
                row.company,
                row.stage.label,
                str(row.fit),
                format_money(row.potential_value, symbol),
                f"{row.leads:,}",
                f"{row.deals:,}",
                format_money(row.revenue, symbol),
                format_money(row.payout, symbol),
                format_money(row.cost, symbol),
                format_percent(row.roi),
            ]
            for row in rows[:ROWS_SHOWN]
        ]
        # Widths from the cells themselves: DataTable would measure them only when its queue
        # goes idle, and a picture taken before that shows clipped columns.
        for index, (column_key, label, sort) in enumerate(COLUMNS):
            shown = label + (arrow if sort is key else "")
            width = max([len(shown), *(len(line[index]) for line in cells)])
            text = shown if index < LEFT_COLUMNS else _right(shown)
            self.add_column(text, key=column_key, width=min(width, MAX_WIDTH))
        for row, line in zip(rows, cells, strict=False):
            self.add_row(
                *(text if i < LEFT_COLUMNS else _right(text) for i, text in enumerate(line)),
                key=row.partner_id,
            )
        if self.row_count:
            self.move_cursor(row=min(keep, self.row_count - 1), animate=False)

    def current_partner_id(self) -> str | None:
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value
