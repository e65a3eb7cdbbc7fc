"""Small modal screens that return a value: confirmations and choices."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList
from textual.widgets.option_list import Option

from partner_tui.ui.common.key_bar import KeyBar
from partner_tui.ui.common.plain import plain

SAFE_CHOICE = "--safe--"


class ConfirmDialog(ModalScreen[bool]):
    """Ask a yes/no question. `enter` answers with the focused button, `y` is yes,
    `escape`/`n` is no. The safe answer (no: keep, stay, cancel) has the focus when it
    opens, so an `enter` typed ahead never deletes or discards anything."""

    AUTO_FOCUS = "#no"

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

    def __init__(
        self, question: str | Content, yes: str | Content = "Yes", no: str | Content = "No"
    ) -> None:
        """Every text is shown as written (plain), unless it is Content the program built."""
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(plain(self.question), id="question")
            with Horizontal():
                yield Button(plain(self.yes_label), id="yes", variant="primary")
                yield Button(plain(self.no_label), id="no")
        # This dialog's own keys: the key bar of the screen below is covered.
        yield KeyBar()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one of several labelled choices (returns its key), or escape for None.

    `safe`: a choice shown first and highlighted that changes nothing (returns None), for a
    question whose every other answer does something (archive: why?), so that an `enter`
    typed ahead does nothing."""

    DEFAULT_CSS = """
    ChoiceDialog { align: center middle; }
    ChoiceDialog > Vertical {
        width: auto; min-width: 40; max-width: 80; height: auto;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    ChoiceDialog OptionList { height: auto; max-height: 16; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def __init__(
        self,
        question: str | Content,
        choices: list[tuple[str, str | Content]],
        *,
        safe: str | None = None,
    ) -> None:
        """choices: (key returned, label shown). Every text is shown as written (plain),
        unless it is Content the program built."""
        super().__init__()
        self.question = question
        self.choices = choices
        self.safe = safe

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(plain(self.question))
            options = [Option(plain(label), id=key) for key, label in self.choices]
            if self.safe is not None:
                options.insert(0, Option(plain(self.safe), id=SAFE_CHOICE))
            yield OptionList(*options)
        # This dialog's own keys: the key bar of the screen below is covered.
        yield KeyBar()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(None if event.option.id == SAFE_CHOICE else event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def leave_or_ask(
    app: App[Any],
    unsaved: bool,
    question: str,
    leave: Callable[[], object],
    *,
    discard: str = "Discard changes",
) -> None:
    """Leave at once when nothing is unsaved; else ask first, "Keep editing" highlighted.
    The question is pushed by the key itself, so keys typed next answer it."""
    if not unsaved:
        leave()
        return

    def answered(discarded: bool | None) -> None:
        if discarded:
            leave()

    app.push_screen(ConfirmDialog(question, yes=discard, no="Keep editing"), answered)
