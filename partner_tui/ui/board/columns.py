"""The board's columns: the four pipeline stages side by side, or the archive alone.

BoardColumns owns what the columns show (the cards it is given, filtered and sorted),
where the focus and the cursor are, the keys that move them, and the cards marked for a
bulk action. It never reads the store: the board screen hands it the cards (`show`) and
hears back through messages (Moved, OpenCard).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import Static

from partner_tui.domain.stages import PIPELINE, Stage
from partner_tui.store.records.cards import PartnerCard
from partner_tui.ui.board.bulk import Marks
from partner_tui.ui.board.card_filter import CardFilter
from partner_tui.ui.board.card_sort import sort_words, sorted_cards
from partner_tui.ui.board.stage_column import StageColumn
from partner_tui.ui.board.stage_header import StageHeader
from partner_tui.ui.common.plain import plain

if TYPE_CHECKING:
    from partner_tui.domain.program import ProgramRules

FOCUS = Binding.Group("Focus", compact=True)

EMPTY_STATE = Content.from_markup(
    "[b]No partners yet.[/b]\n"
    "Press [b]n[/b] to add your first prospect: its company name is enough.\n"
    "Or quit ([b]q[/b]) and run [b]partner-tui demo[/b] to explore a sample program.\n"
    "[b]?[/b] lists every key."
)

Board = Mapping[Stage, Sequence[PartnerCard]]


def empty_board_text(archived: int) -> Content:
    """What an empty board says: the first steps, or, when every partner is archived,
    where they are (`partner-tui demo` refuses a file that holds any partner). The
    program's own words (the count is a number, never data)."""
    if not archived:
        return EMPTY_STATE
    partners = "partner" if archived == 1 else "partners"
    return Content.from_markup(
        "[b]No partners on the board.[/b]\n"
        "$count archived $partners: [b]a[/b] shows the archive ([b]r[/b] restores).\n"
        "Press [b]n[/b] to add a prospect. [b]?[/b] lists every key.",
        count=str(archived),
        partners=partners,
    )


def _empty_text(stage: Stage) -> str:
    if stage is Stage.ARCHIVED:
        return "Nothing archived (x on a card archives it)"
    return "Empty (n adds)" if stage is Stage.PROSPECT else "Empty"


class BoardColumns(Vertical):
    # The self-evident arrows: the key bar shows them last, `?` lists them all.
    BINDINGS = [
        Binding("left", "focus_column(-1)", "Left", id="board.left", group=FOCUS,
                tooltip="Focus the column to the left"),
        Binding("down", "cursor(1)", "Down", id="board.down", group=FOCUS,
                tooltip="Focus the card below"),
        Binding("up", "cursor(-1)", "Up", id="board.up", group=FOCUS,
                tooltip="Focus the card above"),
        Binding("right", "focus_column(1)", "Right", id="board.right", group=FOCUS,
                tooltip="Focus the column to the right"),
        Binding("h", "focus_column(-1)", "Left", show=False, id="board.left.vim"),
        Binding("j", "cursor(1)", "Down", show=False, id="board.down.vim"),
        Binding("k", "cursor(-1)", "Up", show=False, id="board.up.vim"),
        Binding("l", "focus_column(1)", "Right", show=False, id="board.right.vim"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="board.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="board.page_down"),
        Binding("home", "jump_end(-1)", "First card", show=False, id="board.home"),
        Binding("end", "jump_end(1)", "Last card", show=False, id="board.end"),
        Binding("space", "mark", "Mark", id="board.mark", show=False,
                tooltip="Mark the card for a bulk action: then shift+←/→, x, O (owner) or # "
                        "(tag) acts on every marked card, one ctrl+z undoes it"),
    ]

    archive_mode: var[bool] = var(False)

    class Moved(Message):
        """The focus or the cursor moved, or what the columns show changed: the keys that
        act on a card may have become (un)available."""

    class OpenCard(Message):
        """A card was double-clicked: the board opens its form."""

    def __init__(self) -> None:
        super().__init__(id="board-columns")
        self.stage: Stage = Stage.PROSPECT  # the focused pipeline stage
        self.filter = CardFilter()
        self.filter_text = ""
        # Cards marked for a bulk action (space; bulk.py).
        self.marks = Marks()

    def compose(self) -> ComposeResult:
        with Horizontal(id="columns"):
            for stage in PIPELINE:
                with Vertical(classes="stage", id=f"stage-{stage.value}"):
                    yield StageHeader(stage, id=f"header-{stage.value}")
                    yield StageColumn(stage, id=f"column-{stage.value}")
        with Vertical(id="archive-view"):
            yield StageHeader(Stage.ARCHIVED, id="header-archived")
            yield StageColumn(Stage.ARCHIVED, id="column-archived")
        yield Static(EMPTY_STATE, id="empty")

    # -- where things are -------------------------------------------------------------
    def column(self, stage: Stage) -> StageColumn:
        return self.query_one(f"#column-{stage.value}", StageColumn)

    def header(self, stage: Stage) -> StageHeader:
        return self.query_one(f"#header-{stage.value}", StageHeader)

    @property
    def current_column(self) -> StageColumn:
        return self.column(Stage.ARCHIVED if self.archive_mode else self.stage)

    def focused_partner(self) -> PartnerCard | None:
        return self.current_column.current

    def current_id(self) -> str | None:
        partner = self.focused_partner() if self.is_mounted else None
        return partner.id if partner else None

    def card_or_say_why(self) -> PartnerCard | None:
        """The focused partner; on an empty column a key that needs one says why it did
        nothing, rather than nothing at all."""
        partner = self.focused_partner()
        if partner is None:
            label = self.current_column.stage.label
            if self.filter_text.strip():
                why = f"No partner in {label} matches the filter (escape clears it)."
            elif self.archive_mode:
                why = "Nothing is archived (x on a card archives it; a goes back)."
            else:
                why = f"{label} has no partners yet: n adds one here, ← → go to another stage."
            self.notify(plain(why), title="No partner here", timeout=4)
        return partner

    # -- what they show ---------------------------------------------------------------
    def show(
        self,
        board: Board,
        stages: Sequence[Stage],
        *,
        targets: Mapping[Stage, int],
        currency: str,
        intros: Mapping[str, int],
        tiers: Mapping[str, str],
        rules: ProgramRules | None,
        today: date,
        sort: str | None,
        keep: str | None = None,
        keep_stage: Stage | None = None,
    ) -> tuple[int, int] | None:
        """Give these columns their (filtered, sorted) cards and their heads their counts.
        Returns (matched, total) of what is in view while filtering, else None. `rules`
        judge who is quiet (None while the board shows its preview: nobody is)."""
        filtering = bool(self.filter_text.strip())
        for stage in stages:
            members = board[stage]
            column = self.column(stage)
            column.today = today
            column.currency = currency
            column.rules = rules
            column.intros = intros
            column.tiers = tiers
            column.empty_text = "No match" if filtering else _empty_text(stage)
            shown = sorted_cards(
                self.filter.matching(self.filter_text, stage, members, today, rules), sort
            )
            column.set_partners(shown, keep_id=keep if stage is keep_stage else None)
            if stage is Stage.ARCHIVED:
                note = "r restores · esc back to the board"
            else:
                note = f"{len(shown)} shown" if filtering else ""
                if sort is not None:
                    note = " · ".join(filter(None, (note, f"by {sort_words(sort)}")))
            self.header(stage).set_counts(len(members), targets.get(stage, 0), note)
        on_board = sum(len(board[s]) for s in PIPELINE)
        empty = self.query_one("#empty", Static)
        empty.display = on_board == 0 and not self.archive_mode
        if empty.display:
            empty.update(empty_board_text(len(board[Stage.ARCHIVED])))
        self.post_message(self.Moved())
        if not filtering:
            return None
        # Count what the user is looking at: the board, or the archive.
        view = (Stage.ARCHIVED,) if self.archive_mode else PIPELINE
        matched = sum(len(self.column(s).partners) for s in view)
        return matched, sum(len(board[s]) for s in view)

    def show_marks(self) -> None:
        for stage in (*PIPELINE, Stage.ARCHIVED):
            column = self.column(stage)
            column.marked = frozenset(self.marks.ids)
            column.refresh()

    def unmark_all(self) -> bool:
        """Clear the marks; whether there were any."""
        if not self.marks:
            return False
        self.marks.clear()
        self.show_marks()
        return True

    def watch_archive_mode(self, archive_mode: bool) -> None:
        self.query_one("#columns").display = not archive_mode
        self.query_one("#archive-view").display = archive_mode
        self.post_message(self.Moved())

    # -- focus ------------------------------------------------------------------------
    def focus_a_card(self) -> None:
        """Focus the current column, or the first column with a card when it shows none:
        keys that act on a card (enter, o, x) then act on one."""
        if not self.archive_mode and not self.current_column.partners:
            stage = next((s for s in PIPELINE if self.column(s).partners), None)
            if stage is not None:
                self.stage = stage
        self.screen.set_focus(self.current_column)

    def select(self, partner_id: str, stage: Stage) -> bool:
        """Put the cursor on a partner shown in `stage` and focus its column (the archive
        when it is archived); False when the filter hides it there."""
        self.archive_mode = stage is Stage.ARCHIVED
        if stage in PIPELINE:
            self.stage = stage
        column = self.current_column
        found = column.select_id(partner_id)
        self.screen.set_focus(column)
        return found

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        widget = event.widget
        if isinstance(widget, StageColumn) and widget.stage in PIPELINE:
            self.stage = widget.stage
        # The focused column's head lights up too: the focus is visible from afar.
        for stage in (*PIPELINE, Stage.ARCHIVED):
            self.header(stage).set_class(widget is self.column(stage), "-focused")
        self.post_message(self.Moved())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The archive is one column: no other column to go to.
        return not (action == "focus_column" and self.archive_mode)

    # -- keys -------------------------------------------------------------------------
    def _ensure_focus(self) -> StageColumn:
        column = self.current_column
        if not column.has_focus:
            self.screen.set_focus(column)
        return column

    def action_cursor(self, delta: int) -> None:
        column = self.current_column
        if column.has_focus:
            column.move_cursor(delta)
        else:
            self.screen.set_focus(column)
        self.post_message(self.Moved())

    def action_page(self, delta: int) -> None:
        column = self._ensure_focus()
        column.move_cursor(delta * column.page_cards)

    def action_jump_end(self, direction: int) -> None:
        column = self._ensure_focus()
        column.set_cursor(0 if direction < 0 else len(column.partners) - 1)

    def action_focus_column(self, delta: int) -> None:
        here = self.current_column
        index = PIPELINE.index(self.stage) + delta
        if not 0 <= index < len(PIPELINE):
            self.screen.set_focus(here)
            return
        # Keep the cursor level on screen: the card beside, not the card with the same number.
        row = here.cursor_row_on_screen
        there = self.column(PIPELINE[index])
        there.set_cursor(there.first_visible + max(0, row))
        self.stage = there.stage
        self.screen.set_focus(there)
        self.post_message(self.Moved())

    def action_mark(self) -> None:
        partner = self.card_or_say_why()
        if partner is None:
            return
        self.marks.toggle(partner.id)
        self.show_marks()
        if self.marks:
            self.notify(plain(f"{len(self.marks)} marked: shift+←/→ moves, x archives, O sets the "
                        "owner, # adds a tag (one ctrl+z undoes it); esc unmarks."), timeout=4)

    @on(StageColumn.Clicked)
    def _clicked(self, event: StageColumn.Clicked) -> None:
        event.stop()
        self.screen.set_focus(event.column)
        if event.chain >= 2:
            self.post_message(self.OpenCard())
