"""The app's one Input: focus puts the cursor at the end, and ctrl+z undoes typing.

Focus never selects the text (Textual's default does): the first key typed into a field
reached by tab, by a jump or by "Not saved: fix ..." adds to what is there instead of
wiping it. Select-all stays on its own key (ctrl+shift+a). Every Input on every screen is
this one (tests/ui/app/test_input_focus.py fails on any other).

Its typing ctrl+z undoes (and ctrl+y redoes), as a TextArea's does.

Textual 8.2.8's Input keeps no history, so ctrl+z in a field either did nothing or reached
a screen's ctrl+z (the board's undo). Every edit a person makes goes through
`Input.replace` (typing, paste, the delete keys, cut); a value set by the program (loading
a partner) does not, and is not undone. Typing is undone a word at a time, a run of
backspaces at once.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import Input

# Undo steps kept per field: enough for a long edit, bounded for a long session.
MAX_STEPS = 100

State = tuple[str, int]  # (value, cursor position)


class UndoInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+z", "undo", "Undo typing", show=False, id="input.undo"),
        Binding("ctrl+y", "redo", "Redo typing", show=False, id="input.redo"),
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._undo: list[State] = []
        self._redo: list[State] = []
        # The last edit, to tell a run of typing (one step) from a new step.
        self._last_edit: tuple[str, int] | None = None

    def _on_focus(self, event: events.Focus) -> None:
        # The cursor at the end, nothing selected (Textual calls Input's own _on_focus
        # after this one). A click puts the cursor where it lands: it is handled after.
        self.cursor_position = len(self.value)

    def replace(self, text: str, start: int, end: int) -> None:
        before: State = (self.value, self.cursor_position)
        last = self._last_edit
        if text and start == end:
            # Typing on from where the last letter went: one step, a word at a time.
            kind = "type"
            joins = last == (kind, start) and not text.isspace()
        elif not text and end - start == 1:
            # backspace or delete, again where the last one was: one step.
            kind = "delete"
            joins = last in ((kind, end), (kind, start))
        else:
            kind, joins = "edit", False
        super().replace(text, start, end)
        if self.value == before[0]:
            return  # refused (too long, restricted): nothing to undo
        if not (joins and self._undo):
            self._undo.append(before)
            del self._undo[:-MAX_STEPS]
        self._redo.clear()
        self._last_edit = (kind, self.cursor_position) if kind != "edit" else None

    def start_afresh(self) -> None:
        """As if just built, for a field about to hold something else (another partner's,
        in a form kept for reuse): nothing to undo, and the next value set is shown from
        its start, the cursor at its end, as Textual shows a new Input's first value."""
        self._undo.clear()
        self._redo.clear()
        self._last_edit = None
        with self.prevent(Input.Changed):
            self.value = ""
        # Textual's Input: the next value set (not "") is its first one.
        self._initial_value = True
        self.scroll_x = 0

    def action_undo(self) -> None:
        if not self._undo:
            self.app.bell()
            return
        self._redo.append((self.value, self.cursor_position))
        self._restore(self._undo.pop())

    def action_redo(self) -> None:
        if not self._redo:
            self.app.bell()
            return
        self._undo.append((self.value, self.cursor_position))
        self._restore(self._redo.pop())

    def _restore(self, state: State) -> None:
        self.value, position = state
        self.cursor_position = position
        self._last_edit = None
