"""Ask for one line of text (a template's name): returns it, or None when cancelled."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from partner_tui.ui.common.key_bar import KeyBar
from partner_tui.ui.common.plain import plain
from partner_tui.ui.common.undo_input import UndoInput


class TextPrompt(ModalScreen[str | None]):
    CSS_PATH = "text_prompt.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel", tooltip="Close, change nothing")
    ]

    def __init__(self, question: str, value: str = "", *, max_length: int = 120) -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(plain(self.question), id="prompt-question")
            yield UndoInput(self.value, id="prompt-input", max_length=self.max_length)
            yield Static("", id="prompt-error")
            with Horizontal(id="prompt-buttons"):
                yield Button("OK", id="ok", variant="primary")
                yield Button("Cancel", id="cancel")
        # This dialog's own keys: the key bar of the screen below is covered.
        yield KeyBar()

    def on_mount(self) -> None:
        # A rename usually replaces the whole name: typing overwrites, an arrow key keeps it.
        field = self.query_one("#prompt-input", Input)
        field.focus()
        field.select_all()

    @on(Input.Submitted, "#prompt-input")
    @on(Button.Pressed, "#ok")
    def _answer(self) -> None:
        text = self.query_one("#prompt-input", Input).value.strip()
        if not text:
            self.query_one("#prompt-error", Static).update("A name is needed.")
            self.query_one("#prompt-input", Input).focus()
            return
        self.dismiss(text)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
