"""`n` on the board: add a partner by its company name alone; the rest can wait for the form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from partner_tui.domain.company_names import SimilarCompany
from partner_tui.domain.errors import one_line
from partner_tui.domain.partner import Partner, new_partner
from partner_tui.domain.stages import STAGE_CRITERIA, Stage
from partner_tui.ui.common.key_bar import KeyBar
from partner_tui.ui.common.plain import plain
from partner_tui.ui.common.undo_input import UndoInput
from partner_tui.ui.dialogs.confirm import ChoiceDialog


@dataclass(frozen=True)
class OpenExisting:
    """The person chose to open a partner already on the board instead of adding one."""

    partner_id: str


# Which partners a name may already be (domain/company_names.py over the board's cards).
FindSimilar = Callable[[str], list[SimilarCompany]]


class QuickAddScreen(ModalScreen[Partner | OpenExisting | None]):
    """Returns the new (not yet stored) Partner, OpenExisting when the person would rather
    open a company already on the board, or None when cancelled."""

    CSS_PATH = "quick_add.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="quick_add.save", tooltip="Add the partner"),
        Binding("escape", "cancel", "Cancel", id="quick_add.cancel", tooltip="Add nothing"),
    ]

    def __init__(self, stage: Stage, find_similar: FindSimilar | None = None) -> None:
        super().__init__()
        self.stage = stage
        self.find_similar = find_similar

    def compose(self) -> ComposeResult:
        with Vertical(id="quick-add"):
            yield Label(Content.from_markup("New partner in [b]$stage[/b]", stage=self.stage.label),
                        id="title")
            yield Label(plain(STAGE_CRITERIA[self.stage]), id="hint")
            yield UndoInput(placeholder="Company name", id="company", max_length=200)
            yield Label("", id="company-error")
            yield Label("[b]enter[/b] adds it · [b]escape[/b] cancels", id="keys")
        # This dialog's own keys: the key bar of the screen below is covered.
        yield KeyBar()

    @on(Input.Submitted, "#company")
    async def _submitted(self) -> None:
        await self.action_save()

    @on(Input.Changed, "#company")
    def _typing(self) -> None:
        self.query_one("#company-error", Label).update("")

    async def action_save(self) -> None:
        company = self.query_one("#company", Input).value.strip()
        error = self.query_one("#company-error", Label)
        if not company:
            error.update("Type the company's name: it is all a new partner needs.")
            return
        try:
            partner = new_partner(company, self.stage)
        except ValidationError as exc:
            # Keep what was typed; say what is wrong next to it.
            error.update(plain(one_line(exc)))
            return
        similar = self.find_similar(company) if self.find_similar is not None else []
        if not similar:
            self.dismiss(partner)
            return
        # Pushed by the key itself: keys typed next answer it, and the safe choice (back
        # to the name) is highlighted, so an enter typed ahead adds nothing twice.
        await self.app.push_screen(
            ChoiceDialog(_question(company, similar), _choices(company, similar),
                         safe="Back: change the name"),
            lambda answer: self._answered(answer, partner),
        )

    def _answered(self, answer: str | None, partner: Partner) -> None:
        if answer == ADD_ANYWAY:
            self.dismiss(partner)
        elif answer is not None:
            self.dismiss(OpenExisting(answer))
        else:
            self.query_one("#company", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


ADD_ANYWAY = "--add-anyway--"


def _question(company: str, similar: list[SimilarCompany]) -> Content:
    first = similar[0]
    if first.exact:
        return Content.assemble(first.company, " is already on the board. Open it?")
    return Content.assemble(company, " looks like ", first.company,
                            ", already on the board. Open that one?")


def _choices(company: str, similar: list[SimilarCompany]) -> list[tuple[str, Content]]:
    opens = [(s.partner_id, Content.assemble("Open ", s.company)) for s in similar]
    return [*opens, (ADD_ANYWAY, Content.assemble("Add ", company, " as a new partner"))]
