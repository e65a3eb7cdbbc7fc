"""Edit one outreach template's name, subject and body (opened from the library)."""

from __future__ import annotations

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Input, Label, Static, TextArea

from partner_tui.domain.errors import field_messages
from partner_tui.domain.templates import OutreachTemplate
from partner_tui.store.errors import NotFound, StoreError
from partner_tui.ui.common.key_bar import KeyBar
from partner_tui.ui.common.plain import plain
from partner_tui.ui.common.screen import PartnerScreen
from partner_tui.ui.common.undo_input import UndoInput
from partner_tui.ui.dialogs.confirm import leave_or_ask

PLACEHOLDER_HELP = """Placeholders

From your profile:
  [Your name]  [Your Company]

From the partner:
  [Partner Company]
  [Name]  (contact's first name)
  [Contact name]
  [Specific value proposition]
  [Partner type]  [Potential value]

Any partner field by name:
  [contact_email]  [website]
  [next_action]  [owner]  ...

Unknown or empty placeholders are
highlighted in the outreach preview."""


class TemplateEditorScreen(PartnerScreen):
    CSS_PATH = "template_editor.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="template_editor.save", tooltip="Save the template"),
        Binding(
            "escape", "back", "Back", id="template_editor.back", tooltip="Close (asks when unsaved)"
        ),
    ]

    def __init__(self, template_id: str) -> None:
        super().__init__()
        self.template_id = template_id
        self.template: OutreachTemplate | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="editor"):
            with Vertical(id="editor-fields"):
                yield Label("Name", classes="field-label")
                yield UndoInput(id="name", max_length=120)
                yield Static("", id="name-error", classes="error")
                yield Label("Subject", classes="field-label")
                yield UndoInput(id="subject", max_length=1_000)
                yield Label("Body", classes="field-label")
                yield TextArea(id="body", soft_wrap=True)
                yield Static("", id="body-error", classes="error")
            yield Static(PLACEHOLDER_HELP, id="placeholder-help", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        try:
            self.template = self.store.program.template(self.template_id)
        except NotFound:
            self.notify("That template no longer exists.", severity="error")
            self.app.pop_screen()
            return
        self.query_one("#name", Input).value = self.template.name
        self.query_one("#subject", Input).value = self.template.subject
        self.query_one("#body", TextArea).load_text(self.template.body)
        self.sub_title = f"Template: {self.template.name}"
        # The body, cursor at its end: what a person opens a template to add to. At once
        # (focus() waits, and the screen's auto-focus would take the name field first).
        body = self.query_one("#body", TextArea)
        self.set_focus(body)
        body.move_cursor(body.document.end)

    def _edited(self) -> dict[str, str]:
        return {
            "name": self.query_one("#name", Input).value.strip(),
            "subject": self.query_one("#subject", Input).value,
            "body": self.query_one("#body", TextArea).text,
        }

    @property
    def dirty(self) -> bool:
        if self.template is None:
            return False
        edited = self._edited()
        saved = self.template
        return (saved.name, saved.subject, saved.body) != (
            edited["name"],
            edited["subject"],
            edited["body"],
        )

    @property
    def has_unsaved_changes(self) -> bool:
        return self.dirty

    @on(Input.Changed, "#name")
    def _name_typed(self) -> None:
        self.query_one("#name-error", Static).update("")

    def action_save(self) -> bool:
        """Save; on bad input say what is wrong next to the field and keep every word typed."""
        if self.template is None:
            return False
        edited = self._edited()
        if not edited["name"]:
            self.query_one("#name-error", Static).update("A name is needed.")
            self.query_one("#name", Input).focus()
            return False
        try:
            self.template = self.store.program.save_template(self.template.model_copy(update=edited))
        except ValidationError as exc:
            messages = field_messages(exc)
            self.query_one("#body-error", Static).update(
                plain("; ".join(f"{k}: {v}" for k, v in messages.items()))
            )
            return False
        except StoreError as exc:
            self.notify(plain(str(exc)), title="Not saved", severity="error")
            return False
        self.query_one("#body-error", Static).update("")
        self.sub_title = f"Template: {self.template.name}"
        self.notify(plain(f"Template “{self.template.name}” saved."))
        return True

    def action_back(self) -> None:
        name = self.template.name if self.template is not None else ""
        leave_or_ask(
            self.app,
            self.dirty,
            f"Leave without saving your changes to “{name}”?",
            self.app.pop_screen,
        )
