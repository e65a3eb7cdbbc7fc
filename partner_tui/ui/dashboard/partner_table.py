"""Per-partner table: which partnerships pay off. Shows the top rows by the chosen figure."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from partner_tui.domain.money import format_money, format_percent
from partner_tui.domain.program_metrics import PartnerRow, SortKey
from partner_tui.ui.common.plain import plain_text

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
MIN_COMPANY = 12
# Left out, in this order, while the table is too narrow for every column (80 columns):
# what pays off (revenue, payouts, cost, ROI) stays in view. The sorted column stays too.
DROP_FIRST = ("leads", "deals", "potential_value", "stage", "fit")
# DataTable pads each cell by one on either side.
PADDING = 2


def _right(text: str) -> Text:
    return plain_text(text, justify="right")


def fitting_columns(widths: dict[str, int], room: int, keep: str) -> list[str]:
    """The columns that fit in `room` cells (all when the room is not known yet)."""
    shown = [key for key, _label, _sort in COLUMNS]
    if room <= 0:
        return shown

    def need(columns: list[str]) -> int:
        company = min(widths["company"], MIN_COMPANY)
        return sum(company if c == "company" else widths[c] for c in columns) + PADDING * len(
            columns
        )

    for column in DROP_FIRST:
        if need(shown) <= room:
            break
        if column != keep:
            shown.remove(column)
    return shown


class DashPartnerTable(DataTable[str | Text]):
    """Rows keyed by partner id, so `enter` knows whom to open."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[list[PartnerRow], SortKey, bool, str] | None = None
        self._room = 0

    def show(self, rows: list[PartnerRow], key: SortKey, descending: bool, symbol: str = "$") -> None:
        self._shown = (rows, key, descending, symbol)
        self._room = self.scrollable_content_region.width
        keep = self.cursor_row
        self.clear(columns=True)
        arrow = " ▼" if descending else " ▲"
        cells = [
            [
                row.company,
                row.stage.label,
                str(row.fit),
                format_money(row.potential_value, symbol),
                # Typed by hand (no deals): said on the row, unless nothing was typed.
                f"{row.leads:,} typed" if row.typed and (row.leads or row.revenue) else
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
        widths: dict[str, int] = {}
        headers: dict[str, str] = {}
        for index, (column_key, label, sort) in enumerate(COLUMNS):
            headers[column_key] = label + (arrow if sort is key else "")
            width = max([len(headers[column_key]), *(len(line[index]) for line in cells)])
            widths[column_key] = min(width, MAX_WIDTH)
        shown = fitting_columns(widths, self._room, key.value)
        others = sum(widths[c] + PADDING for c in shown if c != "company")
        if self._room > 0:
            room_left = self._room - others - PADDING
            widths["company"] = max(MIN_COMPANY, min(widths["company"], room_left))
        indexes = [i for i, (column_key, _l, _s) in enumerate(COLUMNS) if column_key in shown]
        for index in indexes:
            column_key = COLUMNS[index][0]
            header = headers[column_key]
            text = plain_text(header) if index < LEFT_COLUMNS else _right(header)
            self.add_column(text, key=column_key, width=widths[column_key])
        for row, line in zip(rows, cells, strict=False):
            self.add_row(
                *(plain_text(line[i]) if i < LEFT_COLUMNS else _right(line[i]) for i in indexes),
                key=row.partner_id,
            )
        if self.row_count:
            self.move_cursor(row=min(keep, self.row_count - 1), animate=False)

    def on_resize(self) -> None:
        # The columns that fit depend on the width: drawn again when it changes.
        if self._shown is not None and self.scrollable_content_region.width != self._room:
            self.show(*self._shown)

    def current_partner_id(self) -> str | None:
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value
