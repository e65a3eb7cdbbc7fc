"""One column of the board, drawn with Textual's line API.

Why not a widget per card: mounting 10,000 widgets takes seconds and every move would
remount them. This widget holds a plain list of partners and draws only the lines that
are on screen (`render_line`), so first paint, a move and a filter keystroke cost the
same with 10 partners or 10,000. Changing what it shows is `set_partners(...)`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from partner_tui.domain import clock
from partner_tui.domain.due import DueState
from partner_tui.domain.stages import Stage
from partner_tui.store.records.cards import PartnerCard
from partner_tui.ui.board.card_text import (
    archived_text,
    due_text,
    fit_cells,
    head_and_tail,
    name_line,
    worth_line,
)

if TYPE_CHECKING:
    from partner_tui.domain.program import ProgramRules

CARD_LINES = 3  # company / type and fit / next action
CARD_HEIGHT = CARD_LINES + 1  # plus one blank line between cards

DUE_CLASS: dict[DueState, str] = {
    DueState.OVERDUE: "stage-column--due-overdue",
    DueState.TODAY: "stage-column--due-today",
    DueState.SOON: "stage-column--due-soon",
    DueState.LATER: "stage-column--muted",
    DueState.NONE: "stage-column--muted",
}


class StageColumn(ScrollView, can_focus=True, inherit_bindings=False):
    """The cards of one stage. The board screen owns the keys; this widget draws and scrolls.

    No bindings of its own (inherit_bindings=False drops ScrollView's arrow keys), so
    every board key is declared once, on the board screen, and listed in its help.
    """

    COMPONENT_CLASSES = {
        "stage-column--card",
        "stage-column--cursor",
        "stage-column--muted",
        "stage-column--due-overdue",
        "stage-column--due-today",
        "stage-column--due-soon",
        "stage-column--empty",
    }

    # The column travels with its look: the board's .tcss only places it.
    DEFAULT_CSS = """
    StageColumn {
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        & > .stage-column--card { background: $panel; color: $foreground; }
        /* Only the focused column shows a cursor card; the others keep a thin mark. */
        & > .stage-column--cursor { color: $foreground; }
        & > .stage-column--muted { color: $text-muted; }
        & > .stage-column--due-overdue { color: $text-error; text-style: bold; }
        & > .stage-column--due-today { color: $text-warning; text-style: bold; }
        & > .stage-column--due-soon { color: $text-warning; }
        & > .stage-column--empty { color: $text-muted; text-style: italic; }
        &:focus {
            background-tint: $foreground 4%;
            & > .stage-column--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: bold;
            }
        }
    }
    """

    class Clicked(Message):
        """A card was clicked: the board focuses it (a double click opens it)."""

        def __init__(self, column: StageColumn, index: int, chain: int) -> None:
            super().__init__()
            self.column = column
            self.index = index
            self.chain = chain

        @property
        def control(self) -> StageColumn:
            return self.column

    def __init__(self, stage: Stage, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.stage = stage
        self.partners: Sequence[PartnerCard] = []
        self.cursor = 0
        self.empty_text = "No partners here yet"
        self.today: date = clock.today()
        self.currency = "$"  # the program's currency symbol, set by the board
        # The program's rules (quiet days per stage), set by the board; None until read.
        self.rules: ProgramRules | None = None
        # Partner id -> its warm intros for us (account mapping), set by the board.
        self.intros: Mapping[str, int] = {}
        # Partner id -> its program tier, when above the first (docs/tiers.md).
        self.tiers: Mapping[str, str] = {}
        self.marked: frozenset[str] = frozenset()  # marked for a bulk action (board/bulk.py)
        self._styles: dict[tuple[tuple[str, ...], bool], Style] = {}

    # -- what it shows ----------------------------------------------------------------
    def set_partners(self, partners: Sequence[PartnerCard], keep_id: str | None = None) -> None:
        """Show these partners; keep the cursor on `keep_id` when it is among them."""
        self.partners = partners
        if keep_id is None or not self.select_id(keep_id):
            self.cursor = max(0, min(self.cursor, len(partners) - 1))
        self._update_virtual_size()
        self.scroll_to_cursor()
        self.refresh()

    @property
    def current(self) -> PartnerCard | None:
        return self.partners[self.cursor] if self.partners else None

    def index_of(self, partner_id: str) -> int | None:
        # A linear scan: 10,000 string compares is well under a millisecond.
        for i, partner in enumerate(self.partners):
            if partner.id == partner_id:
                return i
        return None

    def select_id(self, partner_id: str) -> bool:
        index = self.index_of(partner_id)
        if index is None:
            return False
        self.set_cursor(index)
        return True

    # -- the cursor ---------------------------------------------------------------------
    def set_cursor(self, index: int) -> None:
        if not self.partners:
            self.cursor = 0
            return
        self.cursor = max(0, min(index, len(self.partners) - 1))
        self.scroll_to_cursor()
        self.refresh()

    def move_cursor(self, delta: int) -> None:
        self.set_cursor(self.cursor + delta)

    @property
    def page_cards(self) -> int:
        return max(1, self.scrollable_content_region.height // CARD_HEIGHT)

    @property
    def first_visible(self) -> int:
        return int(self.scroll_offset.y) // CARD_HEIGHT

    @property
    def cursor_row_on_screen(self) -> int:
        """How many cards below the top of the view the cursor is (to keep it level)."""
        return self.cursor - self.first_visible

    def scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = self.cursor * CARD_HEIGHT
        y = self.scroll_offset.y
        if top < y:
            self.scroll_to(y=top, animate=False)
        elif top + CARD_LINES > y + height:
            # Scroll by whole cards, so the top card is never cut in half.
            lowest = top + CARD_LINES - height
            self.scroll_to(y=min(top, -(-lowest // CARD_HEIGHT) * CARD_HEIGHT), animate=False)

    def _update_virtual_size(self) -> None:
        region = self.scrollable_content_region
        height = len(self.partners) * CARD_HEIGHT
        if height > region.height > 0:
            # A little blank space at the end, so that scrolled to the bottom the view
            # still starts on a card's first line instead of cutting the top card.
            height += (region.height - height) % CARD_HEIGHT
        self.virtual_size = Size(region.width, height)

    def on_resize(self, _event: events.Resize) -> None:
        self._update_virtual_size()
        self.scroll_to_cursor()

    def on_focus(self, _event: events.Focus) -> None:
        self.scroll_to_cursor()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (offset.y + int(self.scroll_offset.y)) // CARD_HEIGHT
        if 0 <= index < len(self.partners):
            self.set_cursor(index)
            self.post_message(self.Clicked(self, index, event.chain))

    # -- drawing ----------------------------------------------------------------------
    # Styles are asked for several times per line drawn; Textual's own lookup walks the
    # widget's state each time (a full board is ~150 lines). Kept until the CSS or the
    # theme changes (notify_style_update) and per focus (a focused column looks different).
    def notify_style_update(self) -> None:
        self._styles.clear()
        super().notify_style_update()

    def _style(self, *names: str) -> Style:
        key = (names, self.has_focus)
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = self.get_visual_style(*names).rich_style
        return style

    def _colour(self, name: str) -> Style:
        """Only the foreground of a component class, to lay over a card's background."""
        key = ((name, "partial"), self.has_focus)
        colour = self._styles.get(key)
        if colour is None:
            style = self.get_visual_style(name, partial=True).rich_style
            colour = Style(color=style.color, bold=style.bold, italic=style.italic)
            self._styles[key] = colour
        return colour

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = int(self.scroll_offset.y) + y
        base = self._style()
        if not self.partners:
            if y == 1:
                text = fit_cells("  " + self.empty_text, width)
                return Strip([Segment(text, base + self._colour("stage-column--empty"))], width)
            return Strip.blank(width, base)
        index, row = divmod(line, CARD_HEIGHT)
        if index >= len(self.partners) or row >= CARD_LINES:
            return Strip.blank(width, base)
        return Strip(self._card_line(self.partners[index], row, width, index == self.cursor), width)

    def _quiet_days(self, partner: PartnerCard) -> int | None:
        """Days without contact when the partner has gone quiet (the figures' rule)."""
        if self.rules is None:
            return None
        return partner.quiet(self.rules.quiet_after(partner.stage.value), self.today).quiet_days

    def _card_line(
        self, partner: PartnerCard, row: int, width: int, is_cursor: bool
    ) -> list[Segment]:
        # Only the focused column's cursor card is lit; a blurred column keeps a thin mark
        # where its cursor is (where left/right will land), in the ordinary card colours.
        lit = is_cursor and self.has_focus
        names = ("stage-column--card",) + (("stage-column--cursor",) if lit else ())
        card = self._style(*names)
        # A bar down the left edge of the cursor card: the focus is visible without colour.
        marker = "▌" if lit else ("▏" if is_cursor else " ")
        if row == 0 and partner.id in self.marked:  # marked for a bulk action (space)
            marker = "✓"
        inner = max(0, width - 2)
        muted = card if lit else card + self._colour("stage-column--muted")
        if row == 0:
            # The contact and the owner's initials ride along when the card is wide enough.
            name, right = name_line(partner, inner, self._quiet_days(partner))
            gap = " " * max(0, inner - cell_len(name) - cell_len(right))
            return [
                Segment(marker, card),
                Segment(name, card + Style(bold=True)),
                Segment(gap + right + " ", muted),
            ]
        if row == 1:
            worth = worth_line(partner, inner, self.currency, self.intros.get(partner.id, 0),
                               self.tiers.get(partner.id, ""))
            return [Segment(marker, card), Segment(worth + " ", muted)]
        if partner.stage is Stage.ARCHIVED:
            why = fit_cells(archived_text(partner), inner)
            return [Segment(marker, card), Segment(why + " ", muted)]
        state, head, action = due_text(partner, self.today)
        colour = self._colour(DUE_CLASS[state])
        # On the cursor card keep the due colours' weight but the cursor's contrast.
        style = card + (Style(bold=colour.bold) if lit else colour)
        return [Segment(marker, card), Segment(head_and_tail(head, action, inner) + " ", style)]
