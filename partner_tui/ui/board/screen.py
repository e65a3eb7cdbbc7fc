"""The board: the partner pipeline as four columns, run from the keyboard.

The screen is composed of widgets that own their keys and say what happened with
messages: the filter bar (filter_bar.py: the box and its count), the columns
(columns.py: what they show, the focus and the cursor, the marks for a bulk action) and
each column (stage_column.py: draws). The screen holds the keys that change data or open
other screens, reads the store (or the last session's preview) and hands the columns
their cards. docs/layout.md says where a change goes.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import MountError
from textual.widgets import Header

from partner_tui.domain import clock
from partner_tui.domain.board_query import QUALIFIER_HELP
from partner_tui.domain.stages import (
    PIPELINE,
    ArchiveReason,
    Stage,
    next_stage,
    previous_stage,
)
from partner_tui.profile.preferences import board_sort, save_board_sort
from partner_tui.store.errors import StoreError
from partner_tui.store.records.cards import PartnerCard
from partner_tui.ui.board import bulk
from partner_tui.ui.board.card_sort import next_sort, sort_words
from partner_tui.ui.board.columns import BoardColumns
from partner_tui.ui.board.commands import BoardCommands
from partner_tui.ui.board.filter_bar import FilterBar
from partner_tui.ui.board.intro_counts import IntroCounts
from partner_tui.ui.board.stage_column import StageColumn
from partner_tui.ui.board.stage_header import StageHeader
from partner_tui.ui.board.tier_marks import TierMarks
from partner_tui.ui.common.key_bar import KeyBar
from partner_tui.ui.common.moved_elsewhere import tell_moved
from partner_tui.ui.common.plain import plain
from partner_tui.ui.common.screen import PartnerScreen
from partner_tui.ui.dialogs.confirm import ChoiceDialog
from partner_tui.ui.dialogs.text_prompt import TextPrompt

if TYPE_CHECKING:
    from partner_tui.domain.company_names import SimilarCompany
    from partner_tui.domain.partner import Partner
    from partner_tui.store.data_changed import DataChanged
    from partner_tui.ui.board.quick_add import OpenExisting

STAGE = Binding.Group("Stage", compact=True)
ORDER = Binding.Group("Order", compact=True)

ARCHIVE_REASONS: list[tuple[str, str]] = [
    (ArchiveReason.DECLINED.value, "Declined — they said no"),
    (ArchiveReason.PAUSED.value, "Paused — not now, maybe later"),
    (ArchiveReason.CHURNED.value, "Churned — the partnership ended"),
]

# Actions that only make sense on the four pipeline columns, or only in the archive
# (the columns say it of their own keys: BoardColumns.check_action).
BOARD_ONLY = {"move_stage", "reorder", "new", "archive"}
ARCHIVE_ONLY = {"restore"}


class BoardScreen(PartnerScreen):
    HELP_TITLE = "Board"
    CSS_PATH = "board.tcss"
    COMMANDS = {BoardCommands}
    AUTO_FOCUS = "StageColumn"  # the cards, never the (hidden) filter box
    # Their keys act on this screen: `?` lists them with the screen's own.
    HELP_ALSO = (BoardColumns, FilterBar)

    # The key bar shows them in this order, as many as fit (what a person needs first, the
    # self-evident arrows last); `?` lists them all.
    BINDINGS = [
        Binding("question_mark", "app.help", "Help", id="board.help",
                tooltip="Every key of every screen"),
        Binding("escape", "escape", "Clear", id="board.escape",
                tooltip="Clear the filter"),
        Binding("escape", "leave_archive", "Back", id="board.archive_back",
                tooltip="Back from the archived partners to the board"),
        Binding("r", "restore", "Restore", id="board.restore",
                tooltip="Put an archived partner back in the stage it left"),
        Binding("n", "new", "New", id="board.new", tooltip="Add a partner to the focused stage"),
        Binding("enter", "open", "Open", id="board.open", tooltip="Open the partner's form"),
        Binding("shift+left", "move_stage(-1)", "Back", id="board.move_back", group=STAGE,
                key_display="⇧←", tooltip="Move the partner to the previous stage"),
        Binding("shift+right", "move_stage(1)", "On", id="board.move_on", group=STAGE,
                key_display="⇧→", tooltip="Move the partner to the next stage (saved at once)"),
        Binding("o", "outreach", "Outreach", id="board.outreach",
                tooltip="Draft the outreach email for the focused partner"),
        Binding("d", "dashboard", "Dashboard", id="board.dashboard",
                tooltip="The program measured against its targets"),
        Binding("t", "templates", "Templates", id="board.templates",
                tooltip="The outreach template library"),
        Binding("q", "app.quit", "Quit", id="board.quit", tooltip="Quit (every change is saved)"),
        # priority: the filter box takes the focus before the next key is routed, so
        # "/acme" typed in one go all lands in the box (see check_action for "/" in it).
        Binding("slash", "filter", "Filter", id="board.filter", priority=True,
                tooltip="Filter as you type: words match company, contact, owner, type, tags "
                        "and notes; qualifiers " + QUALIFIER_HELP),
        Binding("x", "archive", "Archive", id="board.archive",
                tooltip="Take the partner off the board (asks why)"),
        Binding("ctrl+z", "undo", "Undo", id="board.undo",
                tooltip="Undo the last change, repeatedly"),
        Binding("s", "sort", "Sort", id="board.sort",
                tooltip="Sort the columns: your order, value, fit, next action, last "
                        "activity, name (kept for you)"),
        Binding("O", "set_owner", "Owner", id="board.owner", show=False,
                tooltip="Set the owner of every marked card"),
        Binding("number_sign", "tag", "Tag", id="board.tag", show=False,
                tooltip="Add a tag to every marked card"),
        Binding("p", "payouts", "Payouts", id="board.payouts",
                tooltip="What each partner earned and is owed, month by month"),
        Binding("a", "toggle_archived", "Archived", id="board.archived",
                tooltip="Show archived partners (and back to the board)"),
        Binding("shift+up", "reorder(-1)", "Up", id="board.reorder_up", group=ORDER,
                key_display="⇧↑", tooltip="Move the card up in its column"),
        Binding("shift+down", "reorder(1)", "Down", id="board.reorder_down", group=ORDER,
                key_display="⇧↓", tooltip="Move the card down in its column"),
    ]

    def __init__(self) -> None:
        super().__init__()
        # The columns' cards: the store's, or the last session's preview of them until
        # the file has been read (see StoreSession.preview).
        self._board: Mapping[Stage, Sequence[PartnerCard]] | None = None
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
        yield FilterBar()
        yield BoardColumns()

    @property
    def columns(self) -> BoardColumns:
        return self.query_one(BoardColumns)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    def column(self, stage: Stage) -> StageColumn:
        return self.columns.column(stage)

    def header(self, stage: Stage) -> StageHeader:
        return self.columns.header(stage)

    @property
    def current_column(self) -> StageColumn:
        return self.columns.current_column

    @property
    def archive_mode(self) -> bool:
        return self.columns.archive_mode

    @archive_mode.setter
    def archive_mode(self, archive_mode: bool) -> None:
        self.columns.archive_mode = archive_mode

    @property
    def filter_text(self) -> str:
        return self.columns.filter_text

    @property
    def marks(self) -> bulk.Marks:
        return self.columns.marks

    def focused_partner(self) -> PartnerCard | None:
        return self.columns.focused_partner()

    def card_or_say_why(self) -> PartnerCard | None:
        return self.columns.card_or_say_why()

    def on_mount(self) -> None:
        # Filled now, not on the first resume: the first frame then shows the cards
        # rather than empty columns that a second full render replaces.
        self.reload()
        self._filled_on_mount = True
        self.columns.focus_a_card()
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
        columns = self.columns
        on_cards = isinstance(self.focused, StageColumn) and self.app.screen is self
        if on_cards and stage in PIPELINE and stage is not columns.stage:
            column = self.column(stage)
            if column.select_id(keep):
                columns.stage = stage
                self.set_focus(column)

    def focused_partner_id(self) -> str | None:
        return self._current_id()

    # -- what the columns show --------------------------------------------------------
    def _current_id(self) -> str | None:
        return self.columns.current_id() if self.is_mounted else None

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
        """Hand these columns their cards; the filter bar its count."""
        board = self._board
        assert board is not None
        targets, currency = self._targets_and_currency()
        # Who is quiet is judged once the file is read (the preview keeps no activities).
        preview = self.partner_app.preview
        rules = None if preview is not None else self.store.program.settings().rules
        today = clock.today()
        counts = self.columns.show(
            board, stages, targets=targets, currency=currency, intros=self._intros.counts(),
            tiers=self._tier_marks.tiers(today), rules=rules,
            today=today, sort=self.sort, keep=keep, keep_stage=self._stage_of(keep),
        )
        if counts is not None:
            self.filter_bar.show_count(*counts)
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
        if not self.columns.select(partner_id, partner.stage) and self.filter_text:
            self.clear_filter()
            self.current_column.select_id(partner_id)
            self.set_focus(self.current_column)

    # -- the keys the key bar shows ----------------------------------------------------
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
        return self.is_mounted and self.filter_bar.shown

    @on(BoardColumns.Moved)
    def _columns_moved(self) -> None:
        self._refresh_keys()

    @on(BoardColumns.OpenCard)
    async def _open_card(self) -> None:
        await self.action_open()

    # -- filter and views ---------------------------------------------------------------
    def action_filter(self) -> None:
        self.filter_bar.open()
        self._refresh_keys()

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        self.columns.filter_text = event.text
        self.reload(keep=self._current_id(), fresh=False)

    @on(FilterBar.Submitted)
    def _filter_done(self) -> None:
        if not self.filter_text.strip():
            self.clear_filter()
        self.columns.focus_a_card()

    @on(FilterBar.ToCards)
    def _to_cards(self) -> None:
        self.set_focus(self.current_column)
        self._refresh_keys()

    def clear_filter(self) -> None:
        keep = self._current_id()
        self.filter_bar.close()
        self.columns.filter_text = ""
        self.reload(keep=keep, fresh=False)
        self.set_focus(self.current_column)

    def action_escape(self) -> None:
        if self.columns.unmark_all():  # esc unmarks first, then clears the filter
            return
        self.clear_filter()

    def action_leave_archive(self) -> None:
        if self.archive_mode:
            self.action_toggle_archived()

    def action_toggle_archived(self) -> None:
        self.archive_mode = not self.archive_mode
        self.set_focus(self.current_column)
        self.reload(keep=self._current_id(), fresh=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in BOARD_ONLY and self.archive_mode:
            return False
        if action in ARCHIVE_ONLY and not self.archive_mode:
            return False
        if action == "filter" and self.is_mounted and self.filter_bar.typing:
            return False  # a "/" typed in the filter box is just a character
        filtering = bool(self.filter_text) or self._filter_shown
        if action == "escape" and not filtering:
            return False
        if action == "leave_archive" and (filtering or not self.archive_mode):
            return False
        return True

    # -- keys: changes ----------------------------------------------------------------
    def _change(self, change: Callable[[], Any]) -> Any:
        """Run a store change; a read-only or failing store is told, never a crash."""
        try:
            return change()
        except StoreError as exc:
            self.notify(plain(str(exc)), title="Not changed", severity="error")
            return None

    # -- bulk: space marks, then a move, archive, owner or tag acts on all (bulk.py) ------
    def _bulk(self, change: Callable[[], int], what: str) -> None:
        """Run a bulk change; say what it did; the marks are cleared."""
        done = self._change(change)
        if done is None:
            return
        self.marks.clear()
        self.reload(keep=self._current_id())
        self.columns.show_marks()
        self.notify(plain(f"{what}: {done} partner{'s' if done != 1 else ''} (ctrl+z undoes all)."),
                    timeout=4)

    async def action_set_owner(self) -> None:
        if not self.marks or not self._writable():
            self.notify("Mark cards with space first.", timeout=3)
            return

        def answered(owner: str | None) -> None:
            if owner is not None:
                self._bulk(lambda: bulk.set_owner_all(self.store, self.marks.ids, owner.strip()),
                           "Owner set")

        await self.app.push_screen(TextPrompt(f"Owner of the {len(self.marks)} marked partners"),
                                   answered)

    async def action_tag(self) -> None:
        if not self.marks or not self._writable():
            self.notify("Mark cards with space first.", timeout=3)
            return

        def answered(tag: str | None) -> None:
            if tag is not None and tag.strip():
                self._bulk(lambda: bulk.tag_all(self.store, self.marks.ids, tag.strip()),
                           "Tagged")

        await self.app.push_screen(
            TextPrompt(f"Tag to add to the {len(self.marks)} marked partners"), answered
        )

    def action_move_stage(self, delta: int) -> None:
        if self.marks:
            if self._writable():
                self._bulk(lambda: bulk.move_all(self.store, self.marks.ids, delta), "Moved")
            return
        partner = self.card_or_say_why()
        if partner is None:
            return
        target = next_stage(partner.stage) if delta > 0 else previous_stage(partner.stage)
        if target is None:
            where = "last" if delta > 0 else "first"
            self.notify(
                plain(f"{partner.company} is in {partner.stage.label}, the {where} stage."),
                timeout=3,
            )
            return
        self._move_to(partner, target)

    def _move_to(self, partner: PartnerCard, target: Stage) -> None:
        """Move, save (in the background) and let the focus follow the card."""
        moved = self._change(lambda: self.store.partners.move(partner.id, target))
        if moved is None:
            return
        if self._board is None:
            self.reload()
        else:
            self._board = self.store.partners.board_cards()
            self._show_stages((partner.stage, target))
        self.columns.stage = target
        column = self.column(target)
        if not column.select_id(moved.id):  # hidden by the filter: show it
            self.clear_filter()
            column.select_id(moved.id)
        self.set_focus(column)

    def action_reorder(self, delta: int) -> None:
        partner = self.card_or_say_why()
        if partner is None:
            return
        if self.sort is not None:
            self.notify(plain(f"The columns are sorted by {sort_words(self.sort)}: s until "
                        "'your order' to move cards up and down."), timeout=4)
            return
        if not self._change(lambda: self.store.partners.reorder(partner.id, delta)):
            return
        column = self.current_column
        if self._board is None:
            self.reload(keep=partner.id)
        else:
            # Only this column was re-sorted by the store.
            self._board = self.store.partners.board_cards()
            self._show_stages((partner.stage,), keep=partner.id)
        self.set_focus(column)

    def _writable(self) -> bool:
        """Say so before asking questions whose answers could not be saved."""
        if self.store.read_only:
            self.notify("This file is open read-only: nothing can be changed.",
                        title="Read-only", severity="warning")
            return False
        return True

    async def action_new(self) -> None:
        if not self._writable():
            return
        from partner_tui.ui.board.quick_add import QuickAddScreen  # with pydantic: not at start

        stage = self.columns.stage
        await self.app.push_screen(QuickAddScreen(stage, self._similar), self._added)

    def _similar(self, company: str) -> list[SimilarCompany]:
        """Partners (on the board or archived) that `company` may already be."""
        from partner_tui.domain.company_names import similar_companies

        return similar_companies(company, ((c.id, c.company) for c in self.store.partners.cards()))

    async def _added(self, partner: Partner | OpenExisting | None) -> None:
        from partner_tui.ui.board.quick_add import OpenExisting

        if partner is None:
            return
        if isinstance(partner, OpenExisting):
            self._focus_partner(partner.partner_id)
            await self.partner_app.open_partner_form(partner.partner_id)
            return
        stored = self._change(lambda: self.store.partners.add(partner))
        if stored is None:
            return
        self.reload(keep=stored.id)
        self._focus_partner(stored.id)
        self.notify(plain(f"Added {stored.company} to {stored.stage.label}."), timeout=3)

    async def action_archive(self) -> None:
        if self.marks:
            await self._archive_marked()
            return
        partner = self.card_or_say_why()
        if partner is None:
            return
        if partner.stage is Stage.ARCHIVED:
            self.notify(plain(f"{partner.company} is archived already; r restores it."),
                        timeout=3)
            return
        if not self._writable():
            return

        def archived(reason: str | None) -> None:
            if reason is None:
                return  # cancelled: nothing changes
            store = self.store
            if self._change(lambda: store.partners.archive(partner.id, ArchiveReason(reason))):
                self.reload()
                self.notify(plain(f"Archived {partner.company} ({reason}). ctrl+z undoes it."),
                            timeout=4)

        question = f"Archive {partner.company}? It leaves the board. Why?"
        dialog = ChoiceDialog(question, ARCHIVE_REASONS, safe="Keep it on the board")
        await self.app.push_screen(dialog, archived)

    async def _archive_marked(self) -> None:
        if not self._writable():
            return

        def archived(reason: str | None) -> None:
            if reason is not None:
                self._bulk(lambda: bulk.archive_all(self.store, self.marks.ids,
                                                    ArchiveReason(reason)), "Archived")

        question = f"Archive the {len(self.marks)} marked partners? They leave the board. Why?"
        await self.app.push_screen(
            ChoiceDialog(question, ARCHIVE_REASONS, safe="Keep them"), archived
        )

    def action_restore(self) -> None:
        partner = self.card_or_say_why()
        if partner is None or partner.stage is not Stage.ARCHIVED:
            return
        restored = self._change(lambda: self.store.partners.restore(partner.id))
        if restored is None:
            return
        self.reload()
        self.notify(plain(f"Restored {restored.company} to {restored.stage.label}."),
                    timeout=3)
        self._refresh_keys()

    def action_undo(self) -> None:
        store = self.store
        keep = self._current_id()
        # The focus follows the partners the undo puts back (still present after it).
        will_touch = store.undo_ids
        label = self._change(store.undo) if store.undo_label else None
        if label is None:
            self.notify("Nothing to undo.", timeout=3)
            return
        touched = [i for i in will_touch if i in store.partners]
        self.reload(keep=keep)
        if touched:
            # A reorder touches two cards: stay on the focused one if it is among them.
            self._focus_partner(keep if keep in touched else touched[0])
        self.notify(plain(f"Undone: {label}"), timeout=3)

    # -- keys: other screens (opened by the app) -----------------------------------------
    # Each awaits the opening: the new screen is mounted (and focused, where its on_mount
    # sets the focus with set_focus) before the key is done, so the keys typed after it
    # land there (ui/common/key_order.py).
    async def action_open(self) -> None:
        partner = self.card_or_say_why()
        if partner is not None:
            await self.partner_app.open_partner_form(partner.id)

    async def action_outreach(self) -> None:
        partner = self.card_or_say_why()
        if partner is not None:
            await self.partner_app.open_outreach(partner.id)

    async def action_dashboard(self) -> None:
        await self.partner_app.open_dashboard()

    async def action_templates(self) -> None:
        await self.partner_app.open_templates()

    async def action_payouts(self) -> None:
        await self.partner_app.open_payouts()

    # -- for the command palette (commands.py) -------------------------------------------
    def all_partners(self) -> list[PartnerCard]:
        return self.store.partners.cards()

    def jump_to(self, partner_id: str) -> None:
        if partner_id in self.store.partners:
            self._focus_partner(partner_id)

    def move_focused_to(self, stage: Stage) -> None:
        partner = self.focused_partner()
        if partner is not None:
            self.move_partner_to(partner.id, stage)

    def move_partner_to(self, partner_id: str, stage: Stage) -> None:
        if partner_id not in self.store.partners:
            return
        partner = self.store.partners.card(partner_id)
        if partner.stage is stage or partner.stage is Stage.ARCHIVED:
            return
        self._move_to(partner, stage)

    def action_sort(self, sort: str | None = "") -> None:
        """Sort every column: the next way (s), or `sort` (the palette); kept for you."""
        self.sort = next_sort(self.sort) if sort == "" else sort
        try:
            save_board_sort(self.sort)
        except OSError as exc:
            self.notify(plain(f"Sorted, but not kept for next time: {exc}"), severity="warning",
                        markup=False)
        self.reload(keep=self._current_id(), fresh=False)
        self.notify(plain(f"Columns sorted by {sort_words(self.sort)} (s for another way)."),
                    timeout=3)

    def sort_by(self, sort: str | None) -> None:
        self.action_sort(sort)

    async def run_board_action(self, action: str) -> None:
        if action == "help":
            await self.partner_app.open_help()
            return
        done = getattr(self, f"action_{action}")()
        if inspect.isawaitable(done):  # the actions that open a screen wait for it
            await done
