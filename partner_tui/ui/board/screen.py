"""The board: the partner pipeline as four columns, run from the keyboard.

Every board key is declared here, once, so the key bar and the `?` help show them all.
This screen turns keys into store changes (saved in the background) and into other
screens (opened by the app); what the columns show and where the focus is are the
view's (view.py), and the columns (StageColumn) only draw.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.binding import Binding
from textual.widgets import Input

from partner_tui.domain.board_query import QUALIFIER_HELP
from partner_tui.domain.stages import (
    PIPELINE,
    ArchiveReason,
    Stage,
    next_stage,
    previous_stage,
)
from partner_tui.profile.preferences import save_board_sort
from partner_tui.store.errors import StoreError
from partner_tui.store.records.cards import PartnerCard
from partner_tui.ui.board import bulk
from partner_tui.ui.board.card_sort import next_sort, sort_words
from partner_tui.ui.board.commands import BoardCommands
from partner_tui.ui.board.stage_column import StageColumn
from partner_tui.ui.board.view import BoardView
from partner_tui.ui.common.plain import plain
from partner_tui.ui.dialogs.confirm import ChoiceDialog
from partner_tui.ui.dialogs.text_prompt import TextPrompt

if TYPE_CHECKING:
    from partner_tui.domain.company_names import SimilarCompany
    from partner_tui.domain.partner import Partner
    from partner_tui.ui.board.quick_add import OpenExisting

FOCUS = Binding.Group("Focus", compact=True)
STAGE = Binding.Group("Stage", compact=True)
ORDER = Binding.Group("Order", compact=True)

ARCHIVE_REASONS: list[tuple[str, str]] = [
    (ArchiveReason.DECLINED.value, "Declined — they said no"),
    (ArchiveReason.PAUSED.value, "Paused — not now, maybe later"),
    (ArchiveReason.CHURNED.value, "Churned — the partnership ended"),
]

# Actions that only make sense on the four pipeline columns, or only in the archive.
BOARD_ONLY = {"move_stage", "reorder", "new", "focus_column", "archive"}
ARCHIVE_ONLY = {"restore"}


class BoardScreen(BoardView):
    HELP_TITLE = "Board"
    CSS_PATH = "board.tcss"
    COMMANDS = {BoardCommands}

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
        Binding("space", "mark", "Mark", id="board.mark", show=False,
                tooltip="Mark the card for a bulk action: then shift+←/→, x, O (owner) or # "
                        "(tag) acts on every marked card, one ctrl+z undoes it"),
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in BOARD_ONLY and self.archive_mode:
            return False
        if action in ARCHIVE_ONLY and not self.archive_mode:
            return False
        if action == "filter" and self.is_mounted and self.query_one("#filter", Input).has_focus:
            return False  # a "/" typed in the filter box is just a character
        filtering = bool(self.filter_text) or self._filter_shown
        if action == "escape" and not filtering:
            return False
        if action == "leave_archive" and (filtering or not self.archive_mode):
            return False
        return True

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
            self.notify(plain(str(exc)), title="Not changed", severity="error")
            return None

    # -- bulk: space marks, then a move, archive, owner or tag acts on all (bulk.py) ------
    def action_mark(self) -> None:
        partner = self.card_or_say_why()
        if partner is None:
            return
        self.marks.toggle(partner.id)
        self._show_marks()
        if self.marks:
            self.notify(plain(f"{len(self.marks)} marked: shift+←/→ moves, x archives, O sets the "
                        "owner, # adds a tag (one ctrl+z undoes it); esc unmarks."), timeout=4)

    def _show_marks(self) -> None:
        for stage in (*PIPELINE, Stage.ARCHIVED):
            column = self.column(stage)
            column.marked = frozenset(self.marks.ids)
            column.refresh()

    def _bulk(self, change: Callable[[], int], what: str) -> None:
        """Run a bulk change; say what it did; the marks are cleared."""
        done = self._change(change)
        if done is None:
            return
        self.marks.clear()
        self.reload(keep=self._current_id())
        self._show_marks()
        self.notify(plain(f"{what}: {done} partner{'s' if done != 1 else ''} (ctrl+z undoes all)."),
                    timeout=4)

    def action_set_owner(self) -> None:
        if not self.marks or not self._writable():
            self.notify("Mark cards with space first.", timeout=3)
            return

        def answered(owner: str | None) -> None:
            if owner is not None:
                self._bulk(lambda: bulk.set_owner_all(self.store, self.marks.ids, owner.strip()),
                           "Owner set")

        self.app.push_screen(TextPrompt(f"Owner of the {len(self.marks)} marked partners"),
                             answered)

    def action_tag(self) -> None:
        if not self.marks or not self._writable():
            self.notify("Mark cards with space first.", timeout=3)
            return

        def answered(tag: str | None) -> None:
            if tag is not None and tag.strip():
                self._bulk(lambda: bulk.tag_all(self.store, self.marks.ids, tag.strip()),
                           "Tagged")

        self.app.push_screen(TextPrompt(f"Tag to add to the {len(self.marks)} marked partners"),
                             answered)

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
        self._stage = target
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

    def action_new(self) -> None:
        if not self._writable():
            return
        from partner_tui.ui.board.quick_add import QuickAddScreen  # with pydantic: not at start

        stage = self._stage
        self.app.push_screen(QuickAddScreen(stage, self._similar), self._added)

    def _similar(self, company: str) -> list[SimilarCompany]:
        """Partners (on the board or archived) that `company` may already be."""
        from partner_tui.domain.company_names import similar_companies

        return similar_companies(company, ((c.id, c.company) for c in self.store.partners.cards()))

    def _added(self, partner: Partner | OpenExisting | None) -> None:
        from partner_tui.ui.board.quick_add import OpenExisting

        if partner is None:
            return
        if isinstance(partner, OpenExisting):
            self._focus_partner(partner.partner_id)
            self.app.open_partner_form(partner.partner_id)
            return
        stored = self._change(lambda: self.store.partners.add(partner))
        if stored is None:
            return
        self.reload(keep=stored.id)
        self._focus_partner(stored.id)
        self.notify(plain(f"Added {stored.company} to {stored.stage.label}."), timeout=3)

    def action_archive(self) -> None:
        if self.marks:
            self._archive_marked()
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
        self.app.push_screen(dialog, archived)

    def _archive_marked(self) -> None:
        if not self._writable():
            return

        def archived(reason: str | None) -> None:
            if reason is not None:
                self._bulk(lambda: bulk.archive_all(self.store, self.marks.ids,
                                                    ArchiveReason(reason)), "Archived")

        question = f"Archive the {len(self.marks)} marked partners? They leave the board. Why?"
        self.app.push_screen(ChoiceDialog(question, ARCHIVE_REASONS, safe="Keep them"), archived)

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
    def action_open(self) -> None:
        partner = self.card_or_say_why()
        if partner is not None:
            self.partner_app.open_partner_form(partner.id)

    def action_outreach(self) -> None:
        partner = self.card_or_say_why()
        if partner is not None:
            self.partner_app.open_outreach(partner.id)

    def action_dashboard(self) -> None:
        self.partner_app.open_dashboard()

    def action_templates(self) -> None:
        self.partner_app.open_templates()

    def action_payouts(self) -> None:
        self.partner_app.open_payouts()

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

    def run_board_action(self, action: str) -> None:
        if action == "help":
            self.partner_app.open_help()
            return
        getattr(self, f"action_{action}")()
