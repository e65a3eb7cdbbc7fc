"""The "Warm intros" panel: partners ranked by the open value of our prospects and
opportunities that are their customers (account mapping: store/parts/accounts.py).

Shown only when account lists are held, so a program that keeps none sees no empty box.
The overlaps are computed once per version of the lists, off the screen's thread (up to a
second at 50 lists of 10,000 against our 100,000); drawing them is then a few rows.
Company names come from the data: plain Text, never markup.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.widgets import DataTable

from partner_tui.domain.account_overlap import Overlap, warm_intros
from partner_tui.domain.money import format_money
from partner_tui.ui.common.plain import plain_text

ROWS_SHOWN = 10
COLUMNS = (("partner", "Partner"), ("intros", "Intros for us"), ("value", "Open value"),
           ("them", "Intros for them"), ("shared", "Shared customers"), ("as_of", "As of"))


def _right(text: str) -> Text:
    return plain_text(text, justify="right")


class DashWarmIntros(DataTable[Text]):
    def on_mount(self) -> None:
        for key, label in COLUMNS:
            self.add_column(
                plain_text(label) if key in ("partner", "as_of") else _right(label), key=key
            )

    def show(self, overlaps: list[Overlap], companies: Mapping[str, str], currency: str) -> None:
        """The top partners by the open value they could introduce (and the panel's title)."""
        ranked = warm_intros(overlaps)
        keep = self.current_partner_id()
        self.clear()
        for found in ranked[:ROWS_SHOWN]:
            self.add_row(
                plain_text(companies.get(found.partner_id, found.partner_id)),
                _right(f"{found.intro_count:,}"),
                _right(format_money(found.intro_value, currency)),
                _right(f"{found.for_them_count:,}"),
                _right(f"{found.shared_count:,}"),
                plain_text(found.as_of.isoformat()),
                key=found.partner_id,
            )
        ids = [o.partner_id for o in ranked[:ROWS_SHOWN]]
        if keep in ids:
            self.move_cursor(row=ids.index(keep), animate=False)
        shown = f"top {ROWS_SHOWN} of {len(ranked):,}" if len(ranked) > ROWS_SHOWN else (
            f"{len(ranked):,}")
        self.border_title = f"Warm intros: partners by the open value they could introduce ({shown})"
        self.border_subtitle = "enter opens" if ranked else "no partner's customers are our prospects"

    def current_partner_id(self) -> str | None:
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value
