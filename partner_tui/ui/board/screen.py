"""The board: the partner pipeline as four columns, run from the keyboard.

Every board key is declared here, once, so the Footer and the `?` help show them all.
The columns (StageColumn) only draw; this screen decides what they show and changes
data through `app.store` (a PartnerStore), which saves in the background.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.widget import MountError
from textual.widgets import Header, Input, Label, Static

from partner_tui.ui.board.commands import BoardCommands
from partner_tui.domain import clock
from partner_tui.domain.stages import PIPELINE, ArchiveReason, Stage, next_stage, previous_stage
from partner_tui.ui.dialogs.confirm import ChoiceDialog
from partner_tui.store.cards import PartnerCard
from partner_tui.store.errors import StoreError
from partner_tui.ui.board.stage_column import StageColumn
from partner_tui.ui.board.stage_header import StageHeader
from partner_tui.ui.common.steady_footer import SteadyFooter

if TYPE_CHECKING:
    from partner_tui.ui.app import PartnerApp
    from partner_tui.domain.partner import Partner

FOCUS = Binding.Group("Focus", compact=True)
STAGE = Binding.Group("Stage", compact=True)
ORDER = Binding.Group("Order", compact=True)

EMPTY_STATE = (
    "[b]No partners yet.[/b]\n"
    "Press [b]n[/b] to add your first prospect: its company name is enough.\n"
    "Or quit ([b]q[/b]) and run [b]partner-tui demo[/b] to explore a sample program.\n"
    "[b]?[/b] lists every key."
)

ARCHIVE_REASONS: list[tuple[str, str]] = [
    (ArchiveReason.DECLINED.value, "Declined — they said no"),
    (ArchiveReason.PAUSED.value, "Paused — not now, maybe later"),
    (ArchiveReason.CHURNED.value, "Churned — the partnership ended"),
]

# Actions that only make sense on the four pipeline columns, or only in the archive.
BOARD_ONLY = {"move_stage", "reorder", "new", "focus_column", "archive"}
ARCHIVE_ONLY = {"restore"}
NEEDS_PARTNER = {"move_stage", "reorder", "open", "outreach", "archive", "restore"}


class BoardScreen(Screen[None]):
    HELP_TITLE = "Board"
    CSS_PATH = "board.tcss"
    COMMANDS = {BoardCommands}
    AUTO_FOCUS = "StageColumn"  # the cards, never the (hidden) filter box

    # Footer order is this order: what a person needs first, the self-evident arrows last.
    BINDINGS = [
        Binding("question_mark", "app.help", "Help", id="board.help",
                tooltip="Every key of every screen"),
        Binding("n", "new", "New", id="board.new", tooltip="Add a partner to the focused stage"),
        Binding("enter", "open", "Open", id="board.open", tooltip="Open the partner's form"),
        Binding("shift+left", "move_stage(-1)", "Back", id="board.move_back", group=STAGE,
                key_display="⇧←", tooltip="Move the partner to the previous stage"),
        Binding("shift+right", "move_stage(1)", "On", id="board.move_on", group=STAGE,
                key_display="⇧→", tooltip="Move the partner to the next stage (saved at once)"),
        # priority: the filter box takes the focus before the next key is routed, so
        # "/acme" typed in one go all lands in the box (see check_action for "/" in it).
        Binding("slash", "filter", "Filter", id="board.filter", priority=True,
                tooltip="Filter by company, contact, type or notes as you type"),
        Binding("escape", "escape", "Clear", id="board.escape",
                tooltip="Clear the filter / back from the archive"),
        Binding("o", "outreach", "Outreach", id="board.outreach",
                tooltip="Draft the outreach email for the focused partner"),
        Binding("x", "archive", "Archive", id="board.archive",
                tooltip="Take the partner off the board (asks why)"),
        Binding("r", "restore", "Restore", id="board.restore",
                tooltip="Put an archived partner back in the stage it left"),
        Binding("ctrl+z", "undo", "Undo", id="board.undo",
                tooltip="Undo the last change, repeatedly"),
        Binding("q", "app.quit", "Quit", id="board.quit", tooltip="Quit (every change is saved)"),
        Binding("d", "dashboard", "Dashboard", id="board.dashboard",
                tooltip="The program measured against its targets"),
        Binding("t", "templates", "Templates", id="board.templates",
                tooltip="The outreach template library"),
        Binding("a", "toggle_archived", "Archived", id="board.archived",
                tooltip="Show archived partners (and back to the board)"),
        Binding("shift+up", "reorder(-1)", "Up", id="board.reorder_up", group=ORDER,
                key_display="⇧↑", tooltip="Move the card up in its column"),
        Binding("shift+down", "reorder(1)", "Down", id="board.reorder_down", group=ORDER,
                key_display="⇧↓", tooltip="Move the card down in its column"),
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
    ]

    archive_mode: var[bool] = var(False)
    filter_text: var[str] = var("")

    def __init__(self) -> None:
        super().__init__()
        self._stage: Stage = Stage.PROSPECT
        # The columns' cards: the store's, or the last session's preview of them until
        # the file has been read (see PartnerApp.preview).
        self._board: dict[Stage, Sequence[PartnerCard]] | None = None
        # stage -> (filter text, the column list it searched, what matched)
        self._narrowed: dict[
            Stage, tuple[str, Sequence[PartnerCard], Sequence[PartnerCard]]
        ] = {}
        self._keys_state: tuple[bool, ...] = ()
        self._filled_on_mount = False
        self._footer_requested = False

    @property
    def partner_app(self) -> PartnerApp:
        return self.app  # type: ignore[return-value]

    # -- layout -----------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filter-bar"):
            yield Label("Filter", id="filter-label")
            yield Input(placeholder="company, contact, type, notes", id="filter", compact=True)
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

    def on_mount(self) -> None:
        # Filled now, not on the first resume: the first frame then shows the cards
        # rather than empty columns that a second full render replaces.
        self.reload()
        self._filled_on_mount = True
        self.set_focus(self.column(self._stage))
        if not self.partner_app.started:
            # Textual lays out and renders every frame of its start-up batch, then drops
            # it unshown; a full frame of the board costs ~30 ms. Hidden, the columns
            # cost nothing until the app has started (app_started shows them).
            self.query_one("#columns").display = False

    async def _mount_footer(self) -> None:
        try:
            await self.mount(SteadyFooter(compact=True))
        except MountError:
            return  # the app is leaving while the board was still mounting
        self.refresh_bindings()  # a Footer draws its keys when bindings change

    def app_started(self) -> None:
        """The app's start-up batch is over: what is drawn now is shown."""
        self.query_one("#columns").display = not self.archive_mode

    def on_screen_resume(self) -> None:
        if self._filled_on_mount:
            self._filled_on_mount = False  # the first showing: on_mount filled it
            return
        # Back from the form, a dialog or another screen: anything may have changed.
        self.reload(keep=self._current_id())

    def reload_data(self) -> None:
        """The app read the file (after a preview) or reloaded it from disk (see
        PartnerApp.refresh_screens)."""
        if self.is_mounted:
            self.reload(keep=self._current_id())

    # -- what the columns show --------------------------------------------------------
    def _current_id(self) -> str | None:
        partner = self.focused_partner() if self.is_mounted else None
        return partner.id if partner else None

    def _matching(self, stage: Stage, members: Sequence[PartnerCard]) -> Sequence[PartnerCard]:
        """The column's partners that match the filter.

        Typing narrows: a text containing "acme" contains "acm", so while the same column
        list is shown, the next keystroke only searches the last keystroke's matches.
        (Column lists are replaced, never changed in place, so `is` tells they are the same.)
        """
        needle = self.filter_text.strip().lower()
        if not needle:
            self._narrowed.pop(stage, None)
            return members
        pool = members
        last = self._narrowed.get(stage)
        if last is not None and last[1] is members and last[0] in needle:
            pool = last[2]
        # Each card keeps its own search text (PartnerCard.search_text).
        found = [p for p in pool if needle in p.search_text()]
        self._narrowed[stage] = (needle, members, found)
        return found

    def reload(self, keep: str | None = None, *, fresh: bool = True) -> None:
        """Fill the columns from the store (fresh=False reuses the last read: filtering)."""
        app = self.partner_app
        if fresh or self._board is None:
            if app.store_open or app.preview is None:
                # Cards, not validated models: the store keeps each column sorted and
                # re-sorts only the stages a change touched, so this is cheap at 10,000.
                self._board = app.store.board_cards()
            else:
                self._board = dict(app.preview.columns)
        self._show_stages((*PIPELINE, Stage.ARCHIVED), keep)
        if app.store_open and not self._footer_requested:
            # The key bar appears once keys act without waiting for the file to be read.
            # After the first paint, too: the Footer rebuilds all its keys on every
            # focus and binding change, and start-up makes several.
            self._footer_requested = True
            self.call_after_refresh(self._mount_footer)

    def _targets_and_currency(self) -> tuple[dict[Stage, int], str]:
        app = self.partner_app
        if not app.store_open and app.preview is not None:
            return app.preview.targets, app.preview.currency
        settings = app.store.settings()
        return {s: settings.targets.for_stage(s) for s in PIPELINE}, settings.currency_symbol

    def _show_stages(self, stages: tuple[Stage, ...], keep: str | None = None) -> None:
        """Give these columns their (filtered) partners and their heads their counts."""
        board = self._board
        assert board is not None
        targets, currency = self._targets_and_currency()
        today = clock.today()
        filtering = bool(self.filter_text.strip())
        keep_stage = self._stage_of(keep)
        for stage in stages:
            members = board[stage]
            column = self.column(stage)
            column.today = today
            column.currency = currency
            column.empty_text = "No match" if filtering else _empty_text(stage)
            shown = self._matching(stage, members)
            column.set_partners(shown, keep_id=keep if stage is keep_stage else None)
            if stage is Stage.ARCHIVED:
                note = "r restores · esc back"
            else:
                note = f"{len(shown)} shown" if filtering else ""
            self.header(stage).set_counts(len(members), targets.get(stage, 0), note)
        on_board = sum(len(board[s]) for s in PIPELINE)
        self.query_one("#empty").display = on_board == 0 and not self.archive_mode
        if filtering:
            # Count what the user is looking at: the board, or the archive.
            view = (Stage.ARCHIVED,) if self.archive_mode else PIPELINE
            shown = sum(len(self.column(s).partners) for s in view)
            total = sum(len(board[s]) for s in view)
            self.query_one("#filter-count", Label).update(f"{shown} of {total} match")
        self._refresh_keys()

    def _stage_of(self, partner_id: str | None) -> Stage | None:
        if partner_id is None:
            return None
        app = self.partner_app
        if app.store_open or app.preview is None:
            store = app.store
            return store.card(partner_id).stage if partner_id in store else None
        columns = app.preview.columns.items()
        return next((s for s, cards in columns if any(c.id == partner_id for c in cards)), None)

    def _focus_partner(self, partner_id: str) -> None:
        """Put the cursor on a partner, wherever it is now, and focus its column."""
        partner = self.partner_app.store.card(partner_id)
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

    # -- keys: focus ----------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in BOARD_ONLY and self.archive_mode:
            return False
        if action in ARCHIVE_ONLY and not self.archive_mode:
            return False
        if action == "filter" and self.is_mounted and self.query_one("#filter", Input).has_focus:
            return False  # a "/" typed in the filter box is just a character
        if action == "escape" and not (self.filter_text or self.archive_mode or self._filter_shown):
            return False
        if action in NEEDS_PARTNER and self.is_mounted and self.focused_partner() is None:
            return None  # shown, greyed: there is no card to act on
        return True

    def _refresh_keys(self) -> None:
        """Tell the Footer to redraw, but only when what check_action says has changed:
        a Footer redraw restyles every key in it, far more than a cursor move costs."""
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

    @on(StageColumn.Clicked)
    def _clicked(self, event: StageColumn.Clicked) -> None:
        self.set_focus(event.column)
        if event.chain >= 2:
            self.action_open()

    # -- keys: changes ----------------------------------------------------------------
    def _change(self, change: Callable[[], Any]) -> Any:
        """Run a store change; a read-only or failing store is told, never a crash."""
        try:
            return change()
        except StoreError as exc:
            self.notify(str(exc), title="Not changed", severity="error")
            return None

    def action_move_stage(self, delta: int) -> None:
        partner = self.focused_partner()
        if partner is None:
            return
        target = next_stage(partner.stage) if delta > 0 else previous_stage(partner.stage)
        if target is None:
            where = "last" if delta > 0 else "first"
            self.notify(
                f"{partner.company} is in {partner.stage.label}, the {where} stage.", timeout=3
            )
            return
        self._move_to(partner, target)

    def _move_to(self, partner: PartnerCard, target: Stage) -> None:
        """Move, save (in the background) and let the focus follow the card."""
        moved = self._change(lambda: self.partner_app.store.move(partner.id, target))
        if moved is None:
            return
        if self._board is None:
            self.reload()
        else:
            self._board = self.partner_app.store.board_cards()
            self._show_stages((partner.stage, target))
        self._stage = target
        column = self.column(target)
        if not column.select_id(moved.id):  # hidden by the filter: show it
            self.clear_filter()
            column.select_id(moved.id)
        self.set_focus(column)

    def action_reorder(self, delta: int) -> None:
        partner = self.focused_partner()
        if partner is None:
            return
        if not self._change(lambda: self.partner_app.store.reorder(partner.id, delta)):
            return
        column = self.current_column
        if self._board is None:
            self.reload(keep=partner.id)
        else:
            # Only this column was re-sorted by the store.
            self._board = self.partner_app.store.board_cards()
            self._show_stages((partner.stage,), keep=partner.id)
        self.set_focus(column)

    def _writable(self) -> bool:
        """Say so before asking questions whose answers could not be saved."""
        if self.partner_app.store.read_only:
            self.notify("This file is open read-only: nothing can be changed.",
                        title="Read-only", severity="warning")
            return False
        return True

    def action_new(self) -> None:
        if not self._writable():
            return
        from partner_tui.ui.board.quick_add import QuickAddScreen  # with pydantic: not at start

        stage = self._stage
        self.app.push_screen(QuickAddScreen(stage), self._added)

    def _added(self, partner: Partner | None) -> None:
        if partner is None:
            return
        stored = self._change(lambda: self.partner_app.store.add(partner))
        if stored is None:
            return
        self.reload(keep=stored.id)
        self._focus_partner(stored.id)
        self.notify(f"Added {stored.company} to {stored.stage.label}.", timeout=3)

    def action_archive(self) -> None:
        partner = self.focused_partner()
        if partner is None:
            return
        if partner.stage is Stage.ARCHIVED:
            self.notify(f"{partner.company} is archived already; r restores it.", timeout=3)
            return
        if not self._writable():
            return

        def archived(reason: str | None) -> None:
            if reason is None:
                return  # cancelled: nothing changes
            store = self.partner_app.store
            if self._change(lambda: store.archive(partner.id, ArchiveReason(reason))):
                self.reload()
                self.notify(f"Archived {partner.company} ({reason}). ctrl+z undoes it.", timeout=4)

        question = f"Archive {partner.company}? It leaves the board. Why?"
        self.app.push_screen(ChoiceDialog(question, ARCHIVE_REASONS), archived)

    def action_restore(self) -> None:
        partner = self.focused_partner()
        if partner is None or partner.stage is not Stage.ARCHIVED:
            return
        restored = self._change(lambda: self.partner_app.store.restore(partner.id))
        if restored is None:
            return
        self.reload()
        self.notify(f"Restored {restored.company} to {restored.stage.label}.", timeout=3)
        self._refresh_keys()

    def action_undo(self) -> None:
        store = self.partner_app.store
        keep = self._current_id()
        # The focus follows the partners the undo puts back (still present after it).
        will_touch = store.undo_ids
        label = self._change(store.undo) if store.undo_label else None
        if label is None:
            self.notify("Nothing to undo.", timeout=3)
            return
        touched = [i for i in will_touch if i in store]
        self.reload(keep=keep)
        if touched:
            # A reorder touches two cards: stay on the focused one if it is among them.
            self._focus_partner(keep if keep in touched else touched[0])
        self.notify(f"Undone: {label}", timeout=3)

    # -- keys: filter and views --------------------------------------------------------
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
        self.set_focus(self.current_column)
        if not self.filter_text.strip():
            self.clear_filter()

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
        if self.filter_text or self._filter_shown:
            self.clear_filter()
        elif self.archive_mode:
            self.action_toggle_archived()

    def action_toggle_archived(self) -> None:
        self.archive_mode = not self.archive_mode
        self.set_focus(self.current_column)
        self.reload(keep=self._current_id(), fresh=False)

    def watch_archive_mode(self, archive_mode: bool) -> None:
        self.query_one("#columns").display = not archive_mode
        self.query_one("#archive-view").display = archive_mode
        self._refresh_keys()

    # -- keys: other screens -----------------------------------------------------------
    def _open(self, what: str, opener: Callable[[], None]) -> None:
        try:
            opener()
        except ImportError:
            self.notify(f"The {what} is not built yet.", severity="warning", timeout=4)

    def action_open(self) -> None:
        partner = self.focused_partner()
        if partner is not None:
            self._open("partner form", lambda: self.partner_app.open_partner_form(partner.id))

    def action_outreach(self) -> None:
        partner = self.focused_partner()
        if partner is not None:
            self._open("outreach screen", lambda: self.partner_app.open_outreach(partner.id))

    def action_dashboard(self) -> None:
        self._open("dashboard", self.partner_app.open_dashboard)

    def action_templates(self) -> None:
        self._open("template library", self.partner_app.open_templates)

    # -- for the command palette (see partner_tui/commands.py) ---------------------------
    def all_partners(self) -> list[PartnerCard]:
        return self.partner_app.store.cards()

    def jump_to(self, partner_id: str) -> None:
        if partner_id in self.partner_app.store:
            self._focus_partner(partner_id)

    def move_focused_to(self, stage: Stage) -> None:
        partner = self.focused_partner()
        if partner is None or partner.stage is stage or partner.stage is Stage.ARCHIVED:
            return
        self._move_to(partner, stage)

    def run_board_action(self, action: str) -> None:
        if action == "help":
            self.app.action_help()  # type: ignore[attr-defined]
            return
        getattr(self, f"action_{action}")()


def _empty_text(stage: Stage) -> str:
    if stage is Stage.ARCHIVED:
        return "Nothing archived (x on a card archives it)"
    return "Empty (n adds)" if stage is Stage.PROSPECT else "Empty"
