"""Outreach: the playbook's email filled for one partner, ready to copy.

Opens with the filled draft focused (a read-only preview); `c` copies it, `m` opens it in
the desktop mail client, `e` in $EDITOR (send_flow.py). Tab moves into
the template (subject, body) to edit it; the preview follows every keystroke; `ctrl+s`
saves the template; `[` / `]` switch templates; `escape` goes back.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Input, Label, Select, Static, TextArea

from partner_tui.domain import clock
from partner_tui.domain.errors import one_line
from partner_tui.domain.partner import Partner
from partner_tui.domain.program import Profile
from partner_tui.domain.templates import PLAYBOOK_TEMPLATE_ID, OutreachTemplate
from partner_tui.outreach import last_template as outreach_memory
from partner_tui.outreach.draft import Draft, build_draft, describe_gaps
from partner_tui.paths import state_dir
from partner_tui.profile.your_name import offered_name, save_your_name, with_your_name
from partner_tui.store.errors import NotFound, StoreError
from partner_tui.ui.common.key_bar import KeyBar
from partner_tui.ui.common.plain import plain, plain_text
from partner_tui.ui.common.screen import PartnerScreen
from partner_tui.ui.common.undo_input import UndoInput
from partner_tui.ui.dialogs.confirm import ConfirmDialog, leave_or_ask
from partner_tui.ui.dialogs.profile import ProfileDialog
from partner_tui.ui.outreach.copy_flow import CopyFlow
from partner_tui.ui.outreach.draft_view import marked_gaps
from partner_tui.ui.outreach.send_flow import SendFlow

if TYPE_CHECKING:
    from partner_tui.store.data_changed import DataChanged


class OutreachScreen(PartnerScreen):
    CSS_PATH = "outreach.tcss"
    BINDINGS = [
        # First: the way back stays in the key bar even at 80 columns.
        Binding(
            "escape", "back", "Back", id="outreach.back", tooltip="Back to where you came from"
        ),
        Binding(
            "c",
            "copy",
            "Copy",
            id="outreach.copy",
            tooltip="Copy the filled email to the clipboard",
        ),
        Binding(
            "m",
            "mail",
            "Mail app",
            id="outreach.mail",
            tooltip="Open the filled email in your desktop mail client (mailto:)",
        ),
        Binding(
            "e",
            "edit_in_editor",
            "Edit in $EDITOR",
            id="outreach.editor",
            tooltip="Edit the email in your own editor, then copy what you saved",
        ),
        Binding(
            "ctrl+s",
            "save_template",
            "Save template",
            id="outreach.save_template",
            tooltip="Save your edits to this template (for every partner)",
        ),
        Binding(
            "left_square_bracket",
            "switch_template(-1)",
            "Prev template",
            id="outreach.prev_template",
            tooltip="Use the previous template",
        ),
        Binding(
            "right_square_bracket",
            "switch_template(1)",
            "Next template",
            id="outreach.next_template",
            tooltip="Use the next template",
        ),
        Binding("p", "profile", "Profile", id="outreach.profile", tooltip="Your name and company"),
    ]

    def __init__(self, partner_id: str) -> None:
        super().__init__()
        self.partner_id = partner_id
        self.partner: Partner | None = None
        self.template: OutreachTemplate | None = None
        # A profile typed in but not saved (read-only file): used until the screen closes.
        self._unsaved_profile: Profile | None = None

    # -- building -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # Chosen before the picker exists, so it starts on it: the last template used
        # for this partner, else the playbook's.
        remembered = outreach_memory.last_template_id(state_dir(), self.partner_id)
        self._initial_template = self._template_or_playbook(remembered)
        yield Header()
        with Horizontal(id="outreach-top"):
            yield Static("", id="partner-line", markup=False)
            yield Select[str](
                self._template_options(),
                value=self._initial_template.id,
                id="template-select",
                allow_blank=False,
            )
        with Horizontal(id="outreach-main"):
            with Vertical(id="draft-pane"):
                yield Label("Draft · c copy · m mail · e edit", id="draft-title")
                with VerticalScroll(id="preview"):
                    yield Static("", id="preview-text")
                yield Static("", id="gaps", markup=False)
            with Vertical(id="template-pane"):
                yield Label(
                    "Template · edits apply to every partner; ctrl+s saves", id="template-title"
                )
                yield Label("Subject", classes="field-label")
                yield UndoInput(id="subject", max_length=1_000, placeholder="Subject line")
                yield Label("Body", classes="field-label")
                yield TextArea(id="body", soft_wrap=True, show_line_numbers=False)
                yield Static("", id="template-status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        try:
            self.partner = self.store.partners.get(self.partner_id)
        except NotFound:
            self.notify("That partner no longer exists.", severity="error")
            self.app.pop_screen()
            return
        self._load_template(self._initial_template)
        self.set_focus(self.query_one("#preview"))  # now, not after a later message
        if not self._profile.complete:
            self.ask_profile(first_use=True)

    def on_screen_resume(self) -> None:
        """Back from the partner form or the profile: show what changed there."""
        if self.partner is None:
            return
        try:
            self.partner = self.store.partners.get(self.partner_id)
        except NotFound:
            self.app.pop_screen()
            return
        self.refresh_preview()

    # -- data -----------------------------------------------------------------------------
    @property
    def _profile(self) -> Profile:
        # Your name is yours (the user config), your company the program's (the file).
        return self._unsaved_profile or with_your_name(self.store.program.settings().profile)

    def reload_data(self, change: DataChanged) -> None:
        """Another writer's change: the partner, the templates or the company may be new.
        The template's words being edited here stay as they are."""
        if self.partner is None or self.template is None:
            return
        with contextlib.suppress(NotFound):  # deleted elsewhere: the draft stays, to copy
            self.partner = self.store.partners.get(self.partner_id)
        if change.touches("templates"):
            select = self.query_one("#template-select", Select)
            with self.prevent(Select.Changed):
                select.set_options(self._template_options())
                select.value = self.template.id
            fresh = self._template_or_playbook(self.template.id)
            if not self.template_dirty and fresh != self.template:
                self._load_template(fresh)
        self.refresh_preview()

    def _template_or_playbook(self, template_id: str | None) -> OutreachTemplate:
        try:
            return self.store.program.template(template_id or PLAYBOOK_TEMPLATE_ID)
        except NotFound:
            return self.store.program.template(PLAYBOOK_TEMPLATE_ID)

    def _template_options(self) -> list[tuple[Text, str]]:
        # rich Text, not Content: Select's type-to-search reads a Text's letters.
        return [(plain_text(t.name), t.id) for t in self.store.program.templates()]

    def _load_template(self, template: OutreachTemplate) -> None:
        self.template = template
        with self.prevent(Select.Changed):
            self.query_one("#template-select", Select).value = template.id
        self.query_one("#subject", Input).value = template.subject
        self.query_one("#body", TextArea).load_text(template.body)
        self.refresh_preview()

    def _edited_subject(self) -> str:
        return self.query_one("#subject", Input).value

    def _edited_body(self) -> str:
        return self.query_one("#body", TextArea).text

    @property
    def template_dirty(self) -> bool:
        if self.template is None:
            return False
        return (self._edited_subject(), self._edited_body()) != (
            self.template.subject,
            self.template.body,
        )

    def draft(self) -> Draft:
        assert self.partner is not None
        try:  # the figures the rest of the app shows (from deals when it has any)
            figures = self.store.payouts.figures(self.partner.id, clock.today())
        except NotFound:
            figures = None
        return build_draft(
            self._edited_subject(), self._edited_body(), self.partner, self._profile, figures
        )

    # -- showing --------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        if self.partner is None or self.template is None:
            return
        draft = self.draft()
        self.query_one("#preview-text", Static).update(marked_gaps(draft.text, draft.gaps))
        gaps_line = self.query_one("#gaps", Static)
        if draft.complete:
            gaps_line.update("✓ Every placeholder is filled.")
        else:
            gaps_line.update(plain(f"⚠ {describe_gaps(draft.gaps)}"))
        gaps_line.set_class(not draft.complete, "has-gaps")
        partner = self.partner
        contact = partner.contact_name or "no contact name"
        if partner.contact_email:
            contact += f" <{partner.contact_email}>"
        approach = (
            partner.outreach_approach.label if partner.outreach_approach else "approach not set"
        )
        self.query_one("#partner-line", Static).update(
            plain(f"{partner.company} · {contact} · {approach} · {partner.stage.label}")
        )
        status = self.query_one("#template-status", Static)
        status.update(
            "● unsaved changes (ctrl+s saves the template)" if self.template_dirty else ""
        )

    @on(Input.Changed, "#subject")
    @on(TextArea.Changed, "#body")
    def _template_edited(self) -> None:
        self.refresh_preview()

    # -- the mail client and the editor (send_flow.py) ----------------------------------------
    def action_mail(self) -> None:
        if self.partner is not None and self.template is not None:
            SendFlow(self).open_in_mail_client()

    def action_edit_in_editor(self) -> None:
        if self.partner is not None and self.template is not None:
            SendFlow(self).edit_then_copy()

    # -- switching templates ---------------------------------------------------------------
    @on(Select.Changed, "#template-select")
    def _template_picked(self, event: Select.Changed) -> None:
        if self.template is None or event.value == self.template.id or event.value is Select.NULL:
            return
        self._switch_to(str(event.value))

    def action_switch_template(self, step: int) -> None:
        if self.template is None:
            return
        ids = [t.id for t in self.store.program.templates()]
        index = ids.index(self.template.id) if self.template.id in ids else 0
        self._switch_to(ids[(index + step) % len(ids)])

    def _switch_to(self, template_id: str) -> None:
        assert self.template is not None
        if template_id == self.template.id or not self.template_dirty:
            self._load_template(self._template_or_playbook(template_id))
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self._load_template(self._template_or_playbook(template_id))
            elif self.template is not None:
                with self.prevent(Select.Changed):
                    self.query_one("#template-select", Select).value = self.template.id

        self.app.push_screen(
            ConfirmDialog(
                f"Discard your unsaved changes to the template “{self.template.name}”?",
                yes="Discard",
                no="Keep editing",
            ),
            answered,
        )

    # -- saving the template ----------------------------------------------------------------
    def action_save_template(self) -> None:
        if self.template is None:
            return
        try:
            saved = self.store.program.save_template(
                self.template.model_copy(
                    update={"subject": self._edited_subject(), "body": self._edited_body()}
                )
            )
        except ValidationError as exc:
            self.notify(plain(one_line(exc)), title="Template not saved", severity="error")
            return
        except StoreError as exc:
            self.notify(plain(str(exc)), title="Template not saved", severity="error")
            return
        self.template = saved
        self.refresh_preview()
        self.notify(plain(f"Template “{saved.name}” saved."))

    # -- profile ------------------------------------------------------------------------------
    def action_profile(self) -> None:
        self.ask_profile(first_use=False)

    def ask_profile(self, first_use: bool) -> None:
        """Pushed at once (not from a worker): what is typed next lands in the dialog."""
        reason = (
            "First outreach: who is writing? Your name and company fill [Your name] and "
            "[Your Company]. Your name is kept for you (every file you open); your company "
            "in this file, for the whole team."
            if first_use
            else ""
        )
        profile = self._profile
        if not profile.your_name:
            # A name an older partner-tui kept in the file: offered here, with you looking,
            # never taken unasked (profile/your_name.py).
            offered = offered_name(self.store.program.settings().profile.your_name)
            profile = profile.model_copy(update={"your_name": offered})
            if offered:
                reason = (reason + " " if reason else "") + (
                    "The name filled in is the one this file kept from an older "
                    "partner-tui: keep it only if it is yours."
                )
        self.app.push_screen(ProfileDialog(profile, reason), self._profile_given)

    def _profile_given(self, profile: Profile | None) -> None:
        if profile is None:
            return
        try:
            save_your_name(profile.your_name)  # yours, in your config folder
            company = profile.model_copy(update={"your_name": ""})  # the file's
            settings = self.store.program.settings()
            self.store.program.save_settings(
                settings.model_copy(update={"profile": company}), since=settings
            )
        except OSError as exc:
            self._unsaved_profile = profile
            self.refresh_preview()
            self.notify(plain(f"Your name could not be kept ({exc}). Used for this email only."),
                        title="Profile not saved", severity="warning")
            return
        except (StoreError, ValidationError) as exc:
            # Still used for this visit (a read-only file, a full disk): the email is
            # what the user came for.
            self._unsaved_profile = profile
            self.refresh_preview()
            self.notify(
                plain(f"{exc}\nUsed for this email only."),
                title="Profile not saved",
                severity="warning",
            )
            return
        self._unsaved_profile = None
        self.refresh_preview()
        self.notify("Profile saved.")

    # -- copying --------------------------------------------------------------------------------
    def action_copy(self) -> None:
        if self.partner is None or self.template is None:
            return
        CopyFlow(self).start()

    def focus_first_unknown(self, draft: Draft) -> None:
        """Put the cursor in the template where a placeholder names no field."""
        unknown_in_subject = any(g.unknown for g in draft.subject.gaps)
        self.query_one("#subject" if unknown_in_subject else "#body").focus()

    # -- leaving --------------------------------------------------------------------------------
    def action_back(self) -> None:
        name = self.template.name if self.template is not None else ""
        leave_or_ask(
            self.app,
            self.template_dirty,
            f"Leave without saving your changes to the template “{name}”?",
            self.app.pop_screen,
        )
