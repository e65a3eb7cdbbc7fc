"""The board's view: its columns, what they show, where the focus is, the filter.

BoardView lays out the four pipeline columns (and the archive), fills them from the store
(or, until the file is read, from the last session's preview) and moves the focus. The
keys that change data, and every binding, are the board screen's (screen.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import var
from textual.widget import MountError
from textual.widgets import Header, Input, Label, Static

from partner_tui.domain import clock
from partner_tui.domain.stages import PIPELINE, Stage
from partner_tui.profile.preferences import board_sort
from partner_tui.store.records.cards import PartnerCard
from partner_tui.ui.board.bulk import Marks
from partner_tui.ui.board.card_filter import CardFilter
from partner_tui.ui.board.card_sort import sort_words, sorted_cards
from partner_tui.ui.board.intro_counts import IntroCounts
from partner_tui.ui.board.stage_column import StageColumn
from partner_tui.ui.board.stage_header import StageHeader
from partner_tui.ui.board.tier_marks import TierMarks
from partner_tui.ui.common.key_bar import KeyBar
from partner_tui.ui.common.moved_elsewhere import tell_moved
from partner_tui.ui.common.plain import plain
from partner_tui.ui.common.screen import PartnerScreen
from partner_tui.ui.common.undo_input import UndoInput

if TYPE_CHECKING:
    from partner_tui.store.data_changed import DataChanged

EMPTY_STATE = Content.from_markup(
    "[b]No partners yet.[/b]\n"
    "Press [b]n[/b] to add your first prospect: its company name is enough.\n"
    "Or quit ([b]q[/b]) and run [b]partner-tui demo[/b] to explore a sample program.\n"
    "[b]?[/b] lists every key."
)


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


class BoardView(PartnerScreen):
    AUTO_FOCUS = "StageColumn"  # the cards, never the (hidden) filter box

    archive_mode: var[bool] = var(False)
    filter_text: var[str] = var("")

    def __init__(self) -> None:
        super().__init__()
        self._stage: Stage = Stage.PROSPECT
        # The columns' cards: the store's, or the last session's preview of them until
        # the file has been read (see StoreSession.preview).
        self._board: Mapping[Stage, Sequence[PartnerCard]] | None = None
        self._filter = CardFilter()
        # Cards marked for a bulk action (space; bulk.py).
        self.marks = Marks()
        # How the columns are sorted: yours, kept in your user config (card_sort.py).
        self.sort: str | None = board_sort()
        self._keys_state: tuple[bool, ...] = ()
        self._filled_on_mount = False
        self._footer_requested = False
        self._intros = IntroCounts(self, lambda: self.reload(keep=self._current_id(), fresh=False))
        self._tier_marks = TierMarks(self, lambda: self.reload(keep=self._current_id(), fresh=False))

    # -- layout -----------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filter-bar"):
            yield Label("Filter", id="filter-label")
            yield UndoInput(
                placeholder="words, owner:maya type:channel tag:… due:overdue stage:engage "
                            "quiet:yes",
                id="filter", compact=True,
            )
            yield Label("", id="filter-count")
        with Horizontal(id="columns"):
            for stage in PIPELINE:
                with Vertical(classes="stage", id=f"stage-{stage.value}"):
                    yield StageHeader(stage, id=f"header-{stage.value}")
                    yield StageColumn(stage, id=f"column-{stage.value}")
        with Vertical(id="archive-view"):
            yield StageHeader(Stage.ARCHIVED, id="header-archived")
            yield StageColumn(Stage.ARCHIVED, id="column-archived")
        yield Static(EMPTY_STATE, id="empty")

    def column(self, stage: Stage) -> StageColumn:
        return self.query_one(f"#column-{stage.value}", StageColumn)

    def header(self, stage: Stage) -> StageHeader:
        return self.query_one(f"#header-{stage.value}", StageHeader)

    @property
    def current_column(self) -> StageColumn:
        return self.column(Stage.ARCHIVED if self.archive_mode else self._stage)

    def focused_partner(self) -> PartnerCard | None:
        return self.current_column.current

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

    def focus_a_card(self) -> None:
        """Focus the current column, or the first column with a card when it shows none:
        keys that act on a card (enter, o, x) then act on one."""
        if not self.archive_mode and not self.current_column.partners:
            stage = next((s for s in PIPELINE if self.column(s).partners), None)
            if stage is not None:
                self._stage = stage
        self.set_focus(self.current_column)

    def on_mount(self) -> None:
        # Filled now, not on the first resume: the first frame then shows the cards
        # rather than empty columns that a second full render replaces.
        self.reload()
        self._filled_on_mount = True
        self.focus_a_card()
        if not self.partner_app.started:
            # Textual lays out and renders every frame of its start-up batch, then drops
            # it unshown; a full frame of the board costs ~30 ms. Hidden, the columns
            # cost nothing until the app has started (app_started shows them).
            self.query_one("#columns").display = False

    async def _mount_footer(self) -> None:
        try:
            await self.mount(KeyBar())
        except MountError:
            return  # the app is leaving while the board was still mounting
        self.refresh_bindings()  # the key bar draws its keys when bindings change

    def app_started(self) -> None:
        """The app's start-up batch is over: what is drawn now is shown."""
        self.query_one("#columns").display = not self.archive_mode

    def on_screen_resume(self) -> None:
        if self._filled_on_mount:
            self._filled_on_mount = False  # the first showing: on_mount filled it
            return
        # Back from the form, a dialog or another screen: show what was changed there.
        if self.changed_while_away():
            self.reload(keep=self._current_id())

    def reload_data(self, change: DataChanged) -> None:
        """The file was read (after a preview), or another writer's change came in: the
        columns show it, the focused partner keeps the cursor (and the focus follows it
        to another column if it was moved there), nothing typed in the filter is lost."""
        if not self.is_mounted:
            return
        keep = self._current_id()
        was = self.current_column.stage if keep is not None else None  # where it was shown
        self.reload(keep=keep)
        if keep is None or keep not in self.store.partners or self.archive_mode:
            return
        card = self.store.partners.card(keep)
        moved = change is not None and was is not None and card.stage is not was
        if moved and self.app.screen is self:  # an open form of it says it itself
            # Another writer moved the card you look at: say why the cursor jumps.
            tell_moved(self.app, card.company, card.stage, card.record.get("stage_history"))
        # Follow a card moved to another column, if the cards have the focus (never out of
        # the filter box, never from under a dialog) and the filter shows it there.
        stage = self.store.partners.card(keep).stage
        on_cards = isinstance(self.focused, StageColumn) and self.app.screen is self
        if on_cards and stage in PIPELINE and stage is not self._stage:
            column = self.column(stage)
            if column.select_id(keep):
                self._stage = stage
                self.set_focus(column)

    def focused_partner_id(self) -> str | None:
        return self._current_id()

    # -- what the columns show --------------------------------------------------------
    def _current_id(self) -> str | None:
        partner = self.focused_partner() if self.is_mounted else None
        return partner.id if partner else None

    def reload(self, keep: str | None = None, *, fresh: bool = True) -> None:
        """Fill the columns from the store (fresh=False reuses the last read: filtering)."""
        app = self.partner_app
        if fresh or self._board is None:
            preview = app.preview
            if preview is None:
                # Cards, not validated models: the store keeps each column sorted and
                # re-sorts only the stages a change touched, so this is cheap at 10,000.
                self._board = self.store.partners.board_cards()
            else:
                self._board = dict(preview.columns)
        self._show_stages((*PIPELINE, Stage.ARCHIVED), keep)
        if app.store_open and not self._footer_requested:
            # The key bar appears once keys act without waiting for the file to be read.
            # After the first paint, too: start-up changes focus and bindings several
            # times, and each change redraws the key bar.
            self._footer_requested = True
            self.call_after_refresh(self._mount_footer)

    def _targets_and_currency(self) -> tuple[dict[Stage, int], str]:
        preview = self.partner_app.preview
        if preview is not None:
            return preview.targets, preview.currency
        settings = self.store.program.settings()
        return {s: settings.targets.for_stage(s) for s in PIPELINE}, settings.currency_symbol

    def _show_stages(self, stages: tuple[Stage, ...], keep: str | None = None) -> None:
        """Give these columns their (filtered) partners and their heads their counts."""
        board = self._board
        assert board is not None
        targets, currency = self._targets_and_currency()
        # Who is quiet is judged once the file is read (the preview keeps no activities).
        preview = self.partner_app.preview
        rules = None if preview is not None else self.store.program.settings().rules
        today = clock.today()
        filtering = bool(self.filter_text.strip())
        keep_stage = self._stage_of(keep)
        intros = self._intros.counts()
        tiers = self._tier_marks.tiers(today)
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
                self._filter.matching(self.filter_text, stage, members, today, rules), self.sort
            )
            column.set_partners(shown, keep_id=keep if stage is keep_stage else None)
            if stage is Stage.ARCHIVED:
                note = "r restores · esc back to the board"
            else:
                note = f"{len(shown)} shown" if filtering else ""
                if self.sort is not None:
                    note = " · ".join(filter(None, (note, f"by {sort_words(self.sort)}")))
            self.header(stage).set_counts(len(members), targets.get(stage, 0), note)
        on_board = sum(len(board[s]) for s in PIPELINE)
        empty = self.query_one("#empty", Static)
        empty.display = on_board == 0 and not self.archive_mode
        if empty.display:
            empty.update(empty_board_text(len(board[Stage.ARCHIVED])))
        if filtering:
            # Count what the user is looking at: the board, or the archive.
            view = (Stage.ARCHIVED,) if self.archive_mode else PIPELINE
            matched = sum(len(self.column(s).partners) for s in view)
            total = sum(len(board[s]) for s in view)
            self.query_one("#filter-count", Label).update(plain(f"{matched} of {total} match"))
        self._refresh_keys()

    def _stage_of(self, partner_id: str | None) -> Stage | None:
        if partner_id is None:
            return None
        preview = self.partner_app.preview
        if preview is None:
            store = self.store
            return store.partners.card(partner_id).stage if partner_id in store.partners else None
        columns = preview.columns.items()
        return next((s for s, cards in columns if any(c.id == partner_id for c in cards)), None)

    def _focus_partner(self, partner_id: str) -> None:
        """Put the cursor on a partner, wherever it is now, and focus its column."""
        partner = self.store.partners.card(partner_id)
        if partner.stage is Stage.ARCHIVED:
            self.archive_mode = True
        elif self.archive_mode:
            self.archive_mode = False
        if partner.on_board:
            self._stage = partner.stage
        column = self.current_column
        if not column.select_id(partner_id) and self.filter_text:
            self.clear_filter()
            column.select_id(partner_id)
        self.set_focus(column)

    # -- focus ----------------------------------------------------------------------
    def _refresh_keys(self) -> None:
        """Tell the key bar to redraw, but only when what check_action says has changed:
        working out the active keys asks check_action of every binding."""
        state = (
            self.archive_mode,
            self._filter_shown,
            bool(self.filter_text),
            self.focused_partner() is None,
        )
        if state != self._keys_state:
            self._keys_state = state
            self.refresh_bindings()

    @property
    def _filter_shown(self) -> bool:
        return self.is_mounted and self.query_one("#filter-bar").display

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        widget = event.widget
        if isinstance(widget, StageColumn) and widget.stage in PIPELINE:
            self._stage = widget.stage
        # The focused column's head lights up too: the focus is visible from afar.
        for stage in (*PIPELINE, Stage.ARCHIVED):
            self.header(stage).set_class(widget is self.column(stage), "-focused")
        self._refresh_keys()

    def _ensure_board_focus(self) -> StageColumn:
        column = self.current_column
        if not column.has_focus:
            self.set_focus(column)
        return column

    def action_cursor(self, delta: int) -> None:
        column = self.current_column
        if column.has_focus:
            column.move_cursor(delta)
        else:
            self.set_focus(column)  # e.g. down from the filter box lands on the cards
        self._refresh_keys()

    def action_page(self, delta: int) -> None:
        column = self._ensure_board_focus()
        column.move_cursor(delta * column.page_cards)

    def action_jump_end(self, direction: int) -> None:
        column = self._ensure_board_focus()
        column.set_cursor(0 if direction < 0 else len(column.partners) - 1)

    def action_focus_column(self, delta: int) -> None:
        here = self.current_column
        index = PIPELINE.index(self._stage) + delta
        if not 0 <= index < len(PIPELINE):
            self.set_focus(here)
            return
        # Keep the cursor level on screen: the card beside, not the card with the same number.
        row = here.cursor_row_on_screen
        there = self.column(PIPELINE[index])
        there.set_cursor(there.first_visible + max(0, row))
        self._stage = there.stage
        self.set_focus(there)
        self._refresh_keys()

    # -- filter and views ---------------------------------------------------------------
    def action_filter(self) -> None:
        self.query_one("#filter-bar").display = True
        self.set_focus(self.query_one("#filter", Input))
        self._refresh_keys()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.reload(keep=self._current_id(), fresh=False)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        if not self.filter_text.strip():
            self.clear_filter()
        self.focus_a_card()

    def clear_filter(self) -> None:
        keep = self._current_id()
        filter_input = self.query_one("#filter", Input)
        with filter_input.prevent(Input.Changed):
            filter_input.value = ""
        self.filter_text = ""
        self.query_one("#filter-bar").display = False
        self.reload(keep=keep, fresh=False)
        self.set_focus(self.current_column)

    def action_escape(self) -> None:
        if self.marks:  # esc unmarks first, then clears the filter
            self.marks.clear()
            for stage in (*PIPELINE, Stage.ARCHIVED):
                self.column(stage).marked = frozenset()
                self.column(stage).refresh()
            return
        self.clear_filter()

    def action_leave_archive(self) -> None:
        if self.archive_mode:
            self.action_toggle_archived()

    def action_toggle_archived(self) -> None:
        self.archive_mode = not self.archive_mode
        self.set_focus(self.current_column)
        self.reload(keep=self._current_id(), fresh=False)

    def watch_archive_mode(self, archive_mode: bool) -> None:
        self.query_one("#columns").display = not archive_mode
        self.query_one("#archive-view").display = archive_mode
        self._refresh_keys()


def _empty_text(stage: Stage) -> str:
    if stage is Stage.ARCHIVED:
        return "Nothing archived (x on a card archives it)"
    return "Empty (n adds)" if stage is Stage.PROSPECT else "Empty"
