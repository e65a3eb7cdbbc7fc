"""Small modal screens that return a value: confirmations and choices."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList
from textual.widgets.option_list import Option


class ConfirmDialog(ModalScreen[bool]):
    """Ask a yes/no question. `y`/`enter` on the focused button answers, `escape`/`n` is no."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: auto; min-width: 40; max-width: 80; height: auto;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    ConfirmDialog #question { width: 100%; margin-bottom: 1; }
    ConfirmDialog Horizontal { width: auto; height: auto; }
    ConfirmDialog Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("escape,n", "answer(False)", "No", id="dialog.no"),
        Binding("y", "answer(True)", "Yes", id="dialog.yes"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, id="question")
            with Horizontal():
                yield Button(self.yes_label, id="yes", variant="primary")
                yield Button(self.no_label, id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one of several labelled choices (returns its key), or escape for None."""

    DEFAULT_CSS = """
    ChoiceDialog { align: center middle; }
    ChoiceDialog > Vertical {
        width: auto; min-width: 40; max-width: 80; height: auto;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    ChoiceDialog OptionList { height: auto; max-height: 16; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def __init__(self, question: str, choices: list[tuple[str, str]]) -> None:
        """choices: (key returned, label shown)."""
        super().__init__()
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question)
            yield OptionList(*(Option(label, id=key) for key, label in self.choices))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
