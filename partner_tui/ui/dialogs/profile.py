"""Ask who is writing: your name and your company fill [Your name] and [Your Company].

The caller keeps them where each belongs: your name in your user config folder (it is
yours, in every file, and signs your changes), your company in the shared data file."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from partner_tui.domain.program import Profile
from partner_tui.ui.common.key_bar import KeyBar
from partner_tui.ui.common.plain import plain
from partner_tui.ui.common.undo_input import UndoInput


class ProfileDialog(ModalScreen[Profile | None]):
    """Returns the filled Profile, or None when cancelled. The caller saves it."""

    CSS_PATH = "profile_dialog.tcss"
    # Your name first (`p` to change it, or a first outreach); your company when only
    # it is missing (on_mount).
    AUTO_FOCUS = "#your-name"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="profile.cancel", tooltip="Close without saving"),
    ]

    def __init__(self, profile: Profile, reason: str = "") -> None:
        super().__init__()
        self.profile = profile
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(id="profile-box"):
            yield Label("Your profile", id="profile-title")
            yield Static(
                plain(
                    self.reason
                    or "Your name and company fill [Your name] and [Your Company] in outreach "
                    "emails. Your name also signs your changes; your company is the team's."
                ),
                id="profile-reason",
            )
            yield Label("Your name")
            yield UndoInput(
                self.profile.your_name,
                placeholder="e.g. Sam Rivera",
                id="your-name",
                max_length=200,
            )
            yield Static("", id="your-name-error", classes="error")
            yield Label("Your company")
            yield UndoInput(
                self.profile.your_company,
                placeholder="e.g. Northwind",
                id="your-company",
                max_length=200,
            )
            yield Static("", id="your-company-error", classes="error")
            with Horizontal(id="profile-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")
        # This dialog's own keys: the key bar of the screen below is covered.
        yield KeyBar()

    def on_mount(self) -> None:
        if self.profile.your_name.strip() and not self.profile.your_company.strip():
            self.set_focus(self.query_one("#your-company", Input))

    def _check(self) -> Profile | None:
        """Both are needed: an email signed by nobody from nowhere helps no one."""
        name = self.query_one("#your-name", Input).value.strip()
        company = self.query_one("#your-company", Input).value.strip()
        self.query_one("#your-name-error", Static).update("" if name else "Your name is needed.")
        self.query_one("#your-company-error", Static).update(
            "" if company else "Your company is needed."
        )
        if not (name and company):
            self.query_one("#your-name" if not name else "#your-company", Input).focus()
            return None
        return Profile(your_name=name, your_company=company)

    @on(Input.Submitted, "#your-name")
    def _next_field(self) -> None:
        self.query_one("#your-company", Input).focus()

    @on(Input.Submitted, "#your-company")
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        profile = self._check()
        if profile is not None:
            self.dismiss(profile)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
