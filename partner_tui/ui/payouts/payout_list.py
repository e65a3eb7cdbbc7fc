"""The Payouts screen's table: one line per partner, drawn with Textual's line API.

A DataTable of 10,000 rows takes over a second to build and paint; this widget holds the
period's lines and formats only those on screen, so the screen opens and steps from one
period to the next as fast with 10,000 partners as with 10. Which columns show depends
on the width: the figures a person pays from (total, paid, owed) stay, the parts go first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from partner_tui.domain.money import format_cents
from partner_tui.domain.payouts import PartnerPayout
from partner_tui.domain.safe_text import for_screen

MIN_PARTNER_CELLS = 16
GAP = 2


def status_text(line: PartnerPayout) -> str:
    """Where the line stands: paid, owed, or paid with the quarter."""
    if not line.payable:
        return f"with {line.period.quarter.label}"
    owed = line.owed or Decimal(0)
    if line.total < 0:
        return "clawed back"  # a refund took back more than the period earned
    if line.balance is not None and line.balance < 0:
        return "in the red"  # a clawback not yet earned back: nothing is paid
    if owed == 0:
        return "✓ paid" if line.paid else "nothing due"
    if owed < 0:
        return "overpaid"
    return "part paid" if line.paid else "owed"


@dataclass(frozen=True)
class Column:
    title: str
    cell: Callable[[PartnerPayout, str], str]  # (line, currency) -> text
    priority: int  # lower shows first when the width is short
    right: bool = True
    width: int = 0  # a text column's width (money columns fit their widest figure)
    # Shown only when a line has it (a refund's columns): None, always.
    only_if: Callable[[PartnerPayout], bool] | None = None


def _money(figure: str) -> Callable[[PartnerPayout, str], str]:
    def cell(line: PartnerPayout, symbol: str) -> str:
        value = getattr(line, figure)
        return "-" if value is None else format_cents(value, symbol)

    return cell


COLUMNS: tuple[Column, ...] = (
    Column("Terms", lambda line, _s: line.terms.payment_terms.capitalize(), 6, False, 9),
    Column("Revenue", _money("revenue"), 5),
    Column("Rev. share", _money("revenue_share"), 4),
    Column("Referral fees", _money("referral_fees"), 4),
    Column("Clawback", lambda line, s: format_cents(-line.clawback, s) if line.clawback else "",
           4, only_if=lambda line: bool(line.clawback)),
    Column("Total", _money("total"), 1),
    Column("Paid", _money("paid"), 2),
    Column("Owed", _money("owed"), 0),
    Column("Status", lambda line, _s: status_text(line), 3, False, len("with 2026-Q1")),
    # The running balance, for partners with a refund (docs/refunds.md): negative until
    # earned back.
    Column("Balance", lambda line, s: "" if line.balance is None else format_cents(
        line.balance, s), 3, only_if=lambda line: line.carried is not None),
)


class PayoutList(ScrollView, can_focus=True, inherit_bindings=False):
    """The screen owns the keys (PayoutsScreen.BINDINGS); this widget draws and scrolls."""

    COMPONENT_CLASSES = {"payout-list--cursor", "payout-list--owed", "payout-list--muted",
                         "payout-list--header"}
    # Its look is in payouts.tcss, which the app loads at start (see PartnerApp.CSS_PATH).

    class Clicked(Message):
        def __init__(self, index: int, chain: int) -> None:
            super().__init__()
            self.index = index
            self.chain = chain

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: Sequence[PartnerPayout] = []
        self.company_of: Callable[[str], str] = str
        self.currency = "$"
        self.cursor = 0
        self.empty_text = ""
        self._widths: dict[str, int] = {}
        self._absent: set[str] = set()  # columns no line of the period has

    # -- what it shows ----------------------------------------------------------------
    def show(
        self,
        lines: Sequence[PartnerPayout],
        company_of: Callable[[str], str],
        currency: str,
        keep: str | None = None,
    ) -> None:
        """Show `lines`; company names are asked of `company_of` for the lines drawn."""
        self.lines, self.company_of, self.currency = lines, company_of, currency
        # Money columns are as wide as their widest figure: the largest amount decides.
        self._widths = {}
        extremes = self._extremes()
        for column in COLUMNS:
            widest = max((cell_len(column.cell(line, currency)) for line in extremes), default=0)
            self._widths[column.title] = max(cell_len(column.title), widest, column.width, 6)
        # A refund's columns take room only in a period where some line has them.
        self._absent = {
            column.title for column in COLUMNS
            if column.only_if is not None and not any(map(column.only_if, lines))
        }
        ids = [line.partner_id for line in lines]
        if keep in ids:
            self.cursor = ids.index(keep)
        self.cursor = max(0, min(self.cursor, len(lines) - 1))
        self._update_virtual_size()
        self.scroll_to_cursor()
        self.refresh()

    def _extremes(self) -> list[PartnerPayout]:
        """The lines whose figures are widest: the largest of each amount (and the most
        negative owed). Measuring those, not all 10,000, sizes every column."""
        if not self.lines:
            return []
        lines = self.lines
        picks = [
            max(lines, key=lambda line: line.revenue),
            max(lines, key=lambda line: line.revenue_share),
            max(lines, key=lambda line: line.referral_fees),
            max(lines, key=lambda line: line.revenue_share + line.referral_fees),  # total
            max(lines, key=lambda line: line.paid),
            max(lines, key=lambda line: line.clawback),
            min(lines, key=lambda line: line.balance or 0),
            max(lines, key=lambda line: line.balance or 0),
        ]
        owed = [line for line in lines if line.payable]
        if owed:
            picks.append(min(owed, key=lambda line: line.total - line.paid))
            picks.append(max(owed, key=lambda line: line.total - line.paid))
        return picks

    @property
    def current(self) -> PartnerPayout | None:
        return self.lines[self.cursor] if self.lines else None

    def set_cursor(self, index: int) -> None:
        self.cursor = max(0, min(index, len(self.lines) - 1))
        self.scroll_to_cursor()
        self.refresh()

    def move_cursor(self, delta: int) -> None:
        self.set_cursor(self.cursor + delta)

    @property
    def page(self) -> int:
        return max(1, self.scrollable_content_region.height - 2)

    def scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height - 1  # the header line stays
        if height <= 0:
            return
        y = self.scroll_offset.y
        if self.cursor < y:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= y + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def _update_virtual_size(self) -> None:
        region = self.scrollable_content_region
        self.virtual_size = Size(region.width, len(self.lines) + 1)

    def on_resize(self, _event: events.Resize) -> None:
        self._update_virtual_size()
        self.scroll_to_cursor()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = offset.y - 1 + int(self.scroll_offset.y)
        if 0 <= index < len(self.lines):
            self.set_cursor(index)
            self.post_message(self.Clicked(index, event.chain))

    # -- drawing ----------------------------------------------------------------------
    def shown_columns(self, width: int) -> list[Column]:
        """The columns that fit beside MIN_PARTNER_CELLS of company name, in table order."""
        room = width - MIN_PARTNER_CELLS - 1
        chosen: list[Column] = []
        for column in sorted(COLUMNS, key=lambda c: c.priority):
            if column.title in self._absent:
                continue
            need = self._widths.get(column.title, cell_len(column.title)) + GAP
            if need <= room:
                chosen.append(column)
                room -= need
        return [c for c in COLUMNS if c in chosen]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.get_visual_style().rich_style
        columns = self.shown_columns(width)
        name_width = width - 1 - sum(self._widths.get(c.title, 0) + GAP for c in columns)
        if y == 0:
            style = base + self.get_visual_style("payout-list--header").rich_style
            cells = [(c.title, c) for c in columns]
            return Strip([Segment(self._row(" Partner", cells, name_width), style)], width)
        index = int(self.scroll_offset.y) + y - 1
        if not self.lines:
            text = ("  " + self.empty_text)[:width] if y == 2 else ""
            muted = base + self.get_visual_style("payout-list--muted").rich_style
            return Strip([Segment(text.ljust(width), muted)], width)
        if index >= len(self.lines):
            return Strip.blank(width, base)
        line = self.lines[index]
        company = for_screen(self.company_of(line.partner_id))  # look-alikes stay apart
        cells = [(c.cell(line, self.currency), c) for c in columns]
        style = base
        if index == self.cursor:
            style = base + self.get_visual_style("payout-list--cursor").rich_style
        elif line.owed is not None and line.owed > 0:
            style = base + self.get_visual_style("payout-list--owed", partial=True).rich_style
        marker = "▌" if index == self.cursor else " "
        return Strip([Segment(marker + self._row(company, cells, name_width - 1), style)], width)

    def _row(self, name: str, cells: list[tuple[str, Column]], name_width: int) -> str:
        name = name if cell_len(name) <= name_width else name[: max(0, name_width - 1)] + "…"
        parts = [name + " " * max(0, name_width - cell_len(name))]
        for text, column in cells:
            width = self._widths.get(column.title, cell_len(column.title))
            pad = " " * max(0, width - cell_len(text))
            parts.append(" " * GAP + (pad + text if column.right else text + pad))
        return "".join(parts) + " "
