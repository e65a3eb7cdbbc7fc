"""`n` on the board: add a partner by its company name alone; the rest can wait for the form."""

from __future__ import annotations

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from partner_tui.domain.errors import one_line
from partner_tui.domain.partner import Partner, new_partner
from partner_tui.domain.stages import STAGE_CRITERIA, Stage
from partner_tui.ui.common.key_bar import KeyBar
from partner_tui.ui.common.undo_input import UndoInput


class QuickAddScreen(ModalScreen[Partner | None]):
    """Returns the new (not yet stored) Partner, or None when cancelled."""

    CSS_PATH = "quick_add.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="quick_add.save", tooltip="Add the partner"),
        Binding("escape", "cancel", "Cancel", id="quick_add.cancel", tooltip="Add nothing"),
    ]

    def __init__(self, stage: Stage) -> None:
        super().__init__()
        self.stage = stage

    def compose(self) -> ComposeResult:
        with Vertical(id="quick-add"):
            yield Label(f"New partner in [b]{self.stage.label}[/b]", id="title")
            yield Label(STAGE_CRITERIA[self.stage], id="hint")
            yield UndoInput(placeholder="Company name", id="company", max_length=200)
            yield Label("", id="company-error")
            yield Label("[b]enter[/b] adds it · [b]escape[/b] cancels", id="keys")
        # This dialog's own keys: the key bar of the screen below is covered.
        yield KeyBar()

    @on(Input.Submitted, "#company")
    def _submitted(self) -> None:
        self.action_save()

    @on(Input.Changed, "#company")
    def _typing(self) -> None:
        self.query_one("#company-error", Label).update("")

    def action_save(self) -> None:
        company = self.query_one("#company", Input).value.strip()
        error = self.query_one("#company-error", Label)
        if not company:
            error.update("Type the company's name: it is all a new partner needs.")
            return
        try:
            partner = new_partner(company, self.stage)
        except ValidationError as exc:
            # Keep what was typed; say what is wrong next to it.
            error.update(one_line(exc))
            return
        self.dismiss(partner)

    def action_cancel(self) -> None:
        self.dismiss(None)
