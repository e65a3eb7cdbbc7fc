"""The due list: next actions and cadence items due for active partners, oldest first."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import DataTable

from partner_tui.domain.program_metrics import DueItem
from partner_tui.ui.common.plain import plain_text

# Oldest first; past this many the list says how many more there are.
DUE_SHOWN = 200
# Fixed widths keep the three columns inside the panel (no sideways scrolling);
# longer names and actions end in an ellipsis.
PARTNER_WIDTH = 20
WHAT_WIDTH = 25


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def when(item: DueItem, today: date, late_style: str) -> Text:
    late = item.days_overdue(today)
    if late <= 0:
        return Text("today", style="bold")
    return plain_text(f"{late}d late", style=late_style if late > 7 else "")


class DashDueTable(DataTable[str | Text]):
    """Rows keyed by their position in `items`, which the screen keeps for ticking off."""

    def show(self, items: list[DueItem], today: date) -> None:
        keep = self.cursor_row
        self.items = items[:DUE_SHOWN]
        self.clear(columns=True)
        self.add_column("Due", key="due", width=9)
        self.add_column("Partner", key="partner", width=PARTNER_WIDTH)
        self.add_column("What", key="what", width=WHAT_WIDTH)
        # The theme's error colour for anything more than a week late.
        late_style = f"bold {self.app.theme_variables.get('error', 'red')}"
        for index, item in enumerate(self.items):
            what = item.label if item.item is None else f"{item.kind.label}: {item.label}"
            self.add_row(
                when(item, today, late_style),
                plain_text(clip(item.company, PARTNER_WIDTH)),
                plain_text(clip(what, WHAT_WIDTH)),
                key=str(index),
            )
        if self.row_count:
            self.move_cursor(row=min(keep, self.row_count - 1), animate=False)
        # DataTable sizes its columns when its own queue goes idle; rows added from the
        # screen's handler would otherwise wait for the next event to reach this widget.
        self.check_idle()

    def current_item(self) -> DueItem | None:
        items: list[DueItem] = getattr(self, "items", [])
        if not items or not 0 <= self.cursor_row < len(items):
            return None
        return items[self.cursor_row]
