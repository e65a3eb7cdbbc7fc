"""The board's filter bar: `/` opens it, words narrow every column as you type.

It owns the box and its count; what the words match is the columns' (card_filter.py).
It tells the board what happened with messages (Changed, Submitted, ToCards) and is
told what to show with method calls (open, close, show_count).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from partner_tui.ui.common.plain import plain
from partner_tui.ui.common.undo_input import UndoInput

PLACEHOLDER = "words, owner:maya type:channel tag:… due:overdue stage:engage quiet:yes"


class FilterBar(Horizontal):
    # Up or down from the box lands on the cards (the box has no other line to go to).
    BINDINGS = [
        Binding("down", "to_cards", "Cards", id="board.filter.cards", show=False,
                tooltip="From the filter box to the cards"),
        Binding("up", "to_cards", "Cards", id="board.filter.cards_up", show=False),
    ]

    class Changed(Message):
        """The words in the box changed (each keystroke)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Submitted(Message):
        """Enter in the box: back to the cards, the filter kept (unless it is blank)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class ToCards(Message):
        """Down in the box: the cards take the focus, the filter stays as it is."""

    def __init__(self) -> None:
        super().__init__(id="filter-bar")

    def compose(self) -> ComposeResult:
        yield Label("Filter", id="filter-label")
        yield UndoInput(placeholder=PLACEHOLDER, id="filter", compact=True)
        yield Label("", id="filter-count")

    @property
    def box(self) -> Input:
        return self.query_one("#filter", Input)

    @property
    def shown(self) -> bool:
        return self.is_mounted and bool(self.display)

    @property
    def typing(self) -> bool:
        """The box has the focus: a "/" typed there is a character, not the filter key."""
        return self.is_mounted and self.box.has_focus

    def open(self) -> None:
        self.display = True
        self.screen.set_focus(self.box)

    def close(self) -> None:
        """Empty and hidden; no Changed is sent (the caller shows the columns unfiltered)."""
        box = self.box
        with box.prevent(Input.Changed):
            box.value = ""
        self.display = False

    def show_count(self, matched: int, total: int) -> None:
        self.query_one("#filter-count", Label).update(plain(f"{matched} of {total} match"))

    def action_to_cards(self) -> None:
        self.post_message(self.ToCards())

    @on(Input.Changed, "#filter")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(event.value))
