"""The form's Agreement tab: the six elements, each agreed yes/no with a note."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Checkbox, Label

from partner_tui.domain.agreement import Agreement
from partner_tui.ui.form.fields import BoundCheckbox, TextField
from partner_tui.ui.form.sections.base import FormSection


class AgreementSection(FormSection):
    def compose(self) -> ComposeResult:
        yield Label("", id="agreement-progress", classes="section-title")
        for name, label in Agreement.items():
            with Horizontal(classes="agreement-row"):
                yield BoundCheckbox(label, f"agreement.{name}.agreed")
                yield TextField(
                    f"{label} note",
                    f"agreement.{name}.note",
                    placeholder="note: what was agreed, open points",
                    show_label=False,
                    max_length=5_000,
                )

    def on_mount(self) -> None:
        self.update_progress()

    def update_progress(self) -> None:
        agreed = sum(1 for box in self.query(BoundCheckbox) if box.value)
        total = len(Agreement.items())
        self.query_one("#agreement-progress", Label).update(
            Content.from_markup("Agreement: [b]$agreed/$total[/b] agreed",
                                agreed=agreed, total=total)
        )

    @on(Checkbox.Changed)
    def _ticked(self, _event: Checkbox.Changed) -> None:
        self.update_progress()
