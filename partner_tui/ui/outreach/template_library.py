"""The template library: the playbook's outreach email and the user's own.

The playbook's template is built in: it can be edited and renamed but never deleted,
and "restore" brings its original words back. Every change is saved at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from partner_tui.domain.errors import one_line
from partner_tui.domain.templates import PLAYBOOK_TEMPLATE_ID, OutreachTemplate
from partner_tui.store.errors import NotFound, StoreError
from partner_tui.ui.common.key_bar import KeyBar
from partner_tui.ui.common.plain import plain
from partner_tui.ui.common.screen import PartnerScreen
from partner_tui.ui.dialogs.confirm import ConfirmDialog
from partner_tui.ui.dialogs.text_prompt import TextPrompt
from partner_tui.ui.outreach.draft_view import marked_slots
from partner_tui.ui.outreach.template_editor import TemplateEditorScreen

if TYPE_CHECKING:
    from partner_tui.store.data_changed import DataChanged

NEW_TEMPLATE_BODY = "Hi [Name],\n\n\n\nBest,\n[Your name]"


class TemplateLibraryScreen(PartnerScreen):
    CSS_PATH = "template_library.tcss"
    BINDINGS = [
        # First: the way back stays in the key bar even at 80 columns.
        Binding("escape", "back", "Back", id="templates.back", tooltip="Back to the board"),
        Binding("n", "new", "New", id="templates.new", tooltip="Add a template"),
        Binding(
            "c",
            "duplicate",
            "Duplicate",
            id="templates.duplicate",
            tooltip="Copy the highlighted template",
        ),
        Binding(
            "r",
            "rename",
            "Rename",
            id="templates.rename",
            tooltip="Rename the highlighted template",
        ),
        Binding("e", "edit", "Edit", id="templates.edit", tooltip="Edit subject and body"),
        Binding("x", "delete", "Delete", id="templates.delete", tooltip="Delete (asks first)"),
        Binding("delete", "delete", "Delete", id="templates.delete.key", show=False),
        Binding(
            "ctrl+z",
            "undo_delete",
            "Undo delete",
            id="templates.undo",
            tooltip="Bring back the template deleted last",
        ),
        Binding(
            "R",
            "restore",
            "Restore playbook",
            id="templates.restore",
            tooltip="Bring back the playbook template's original words",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="library"):
            with Vertical(id="library-list-pane"):
                yield Label("Outreach templates", id="library-title")
                yield OptionList(id="template-list")
            with Vertical(id="library-preview-pane"):
                yield Label("", id="preview-name", markup=False)
                with VerticalScroll(id="template-preview"):
                    yield Static("", id="template-preview-text")
                yield Static("", id="template-note", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self._reload(PLAYBOOK_TEMPLATE_ID)
        self.set_focus(self.query_one("#template-list"))  # now, not after a later message

    def on_screen_resume(self) -> None:
        """Back from the editor: show the saved words."""
        if self.changed_while_away():
            self._reload(self.highlighted_id)

    def reload_data(self, change: DataChanged) -> None:
        """Another writer added, changed or deleted templates: the list shows them."""
        if self.is_mounted and change.touches("templates"):
            self._reload(self.highlighted_id)

    # -- the list ---------------------------------------------------------------------------
    def _reload(self, select_id: str | None = None) -> None:
        listing = self.query_one("#template-list", OptionList)
        templates = self.store.program.templates()
        listing.clear_options()
        listing.add_options(
            Option(
                Content.assemble(plain(t.name), " ", ("· built in", "dim"))
                if t.builtin
                else plain(t.name),
                id=t.id,
            )
            for t in templates
        )
        ids = [t.id for t in templates]
        listing.highlighted = ids.index(select_id) if select_id in ids else 0
        self._show(self.highlighted_id)

    @property
    def highlighted_id(self) -> str | None:
        listing = self.query_one("#template-list", OptionList)
        if listing.highlighted is None:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    def _highlighted(self) -> OutreachTemplate | None:
        template_id = self.highlighted_id
        if template_id is None:
            return None
        try:
            return self.store.program.template(template_id)
        except NotFound:
            return None

    @on(OptionList.OptionHighlighted, "#template-list")
    def _highlight_changed(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option.id)

    @on(OptionList.OptionSelected, "#template-list")
    async def _open_selected(self) -> None:
        await self.action_edit()

    def _show(self, template_id: str | None) -> None:
        try:
            template = self.store.program.template(template_id or PLAYBOOK_TEMPLATE_ID)
        except NotFound:
            return
        self.query_one("#preview-name", Label).update(plain(template.name))
        text = f"Subject: {template.subject}\n\n{template.body}"
        self.query_one("#template-preview-text", Static).update(marked_slots(text))
        self.query_one("#template-note", Static).update(
            "Built in: edit or rename it freely; R restores the playbook's words; "
            "it cannot be deleted."
            if template.builtin
            else "enter or e edits · r renames · c duplicates · x deletes (ctrl+z undoes)"
        )

    # -- changes --------------------------------------------------------------------------------
    def _save(self, template: OutreachTemplate) -> OutreachTemplate | None:
        try:
            return self.store.program.save_template(template)
        except ValidationError as exc:
            self.notify(plain(one_line(exc)), title="Not saved", severity="error")
        except StoreError as exc:
            self.notify(plain(str(exc)), title="Not saved", severity="error")
        return None

    # Every question is pushed by the key's own action (not from a worker), so the keys
    # typed after it (a name) reach the question, never this list's commands.
    async def action_new(self) -> None:
        if not self._writable():
            return

        def named(name: str | None) -> None:
            if not name:
                return
            saved = self._save(OutreachTemplate(name=name, subject="", body=NEW_TEMPLATE_BODY))
            if saved is not None:
                self._reload(saved.id)
                self.app.push_screen(TemplateEditorScreen(saved.id))

        await self.app.push_screen(TextPrompt("Name of the new template:"), named)

    async def action_duplicate(self) -> None:
        original = self._highlighted()
        if original is None or not self._writable():
            return

        def named(name: str | None) -> None:
            if not name:
                return
            saved = self._save(
                OutreachTemplate(name=name, subject=original.subject, body=original.body)
            )
            if saved is not None:
                self._reload(saved.id)
                self.notify(plain(f"“{original.name}” duplicated as “{saved.name}”."))

        prompt = TextPrompt("Name of the copy:", f"{original.name} (copy)"[:120])
        await self.app.push_screen(prompt, named)

    async def action_rename(self) -> None:
        template = self._highlighted()
        if template is None or not self._writable():
            return

        def named(name: str | None) -> None:
            if not name or name == template.name:
                return
            saved = self._save(template.model_copy(update={"name": name}))
            if saved is not None:
                self._reload(saved.id)

        await self.app.push_screen(TextPrompt("Rename the template:", template.name), named)

    async def action_edit(self) -> None:
        template_id = self.highlighted_id
        if template_id is not None:
            await self.app.push_screen(TemplateEditorScreen(template_id))

    async def action_delete(self) -> None:
        template = self._highlighted()
        if template is None:
            return
        if template.builtin or template.id == PLAYBOOK_TEMPLATE_ID:
            self.notify(
                "The playbook's template is built in and cannot be deleted. "
                "Press R to restore its original words.",
                severity="warning",
            )
            return
        if not self._writable():
            return

        def answered(sure: bool | None) -> None:
            if sure:
                self._delete(template)

        await self.app.push_screen(
            ConfirmDialog(
                f"Delete the template “{template.name}”? (ctrl+z here brings it back)",
                yes="Delete",
                no="Keep",
            ),
            answered,
        )

    def _delete(self, template: OutreachTemplate) -> None:
        try:
            self.store.program.delete_template(template.id)
        except (StoreError, NotFound, ValueError) as exc:
            self.notify(plain(str(exc)), title="Not deleted", severity="error")
            return
        self.partner_app.deleted_templates.append(template)
        self._reload(PLAYBOOK_TEMPLATE_ID)
        self.notify(plain(f"Template “{template.name}” deleted. ctrl+z brings it back."))

    def action_undo_delete(self) -> None:
        """Bring back the template deleted last (this session), as it was."""
        trash = self.partner_app.deleted_templates
        if not trash:
            self.notify("No deleted template to bring back.", timeout=3)
            return
        if not self._writable():
            return
        template = trash[-1]
        saved = self._save(template)
        if saved is None:
            return
        trash.pop()
        self._reload(saved.id)
        self.notify(plain(f"Template “{saved.name}” is back."))

    async def action_restore(self) -> None:
        if not self._writable():
            return

        def answered(sure: bool | None) -> None:
            if not sure:
                return
            try:
                self.store.program.restore_playbook_template()
            except StoreError as exc:
                self.notify(plain(str(exc)), title="Not restored", severity="error")
                return
            self._reload(PLAYBOOK_TEMPLATE_ID)
            self.notify("The playbook's template has its original words again.")

        await self.app.push_screen(
            ConfirmDialog(
                "Restore the playbook's template to its original words? "
                "Your edits to it are replaced.",
                yes="Restore",
                no="Keep mine",
            ),
            answered,
        )

    def _writable(self) -> bool:
        """Say so before asking for a name that could not be saved."""
        if self.store.read_only:
            self.notify(
                "This file is open read-only: templates cannot be changed.",
                title="Read-only",
                severity="warning",
            )
            return False
        return True

    def action_back(self) -> None:
        self.app.pop_screen()
