"""A playbook checklist as Checkboxes, labelled from the domain model's field titles."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.content import Content
from textual.widgets import Checkbox, Label

from partner_tui.domain.checklist import Checklist
from partner_tui.ui.common.plain import plain
from partner_tui.ui.form.fields import BoundCheckbox


class ChecklistGroup(Vertical):
    """One Checkbox per item of `model` (a Checklist), stored under `path`.

    The labels come from `model.items()`: the playbook's words live only in the domain.
    With `show_progress`, a live '3/5' sits after the title.
    """

    def __init__(
        self,
        title: str,
        model: type[Checklist],
        path: str,
        *,
        show_progress: bool = False,
        horizontal: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="checklist" + (" -horizontal" if horizontal else ""))
        self.title = title
        self.model = model
        self.path = path
        self.show_progress = show_progress
        self.horizontal = horizontal

    def compose(self) -> ComposeResult:
        yield Label(plain(self.title), classes="checklist-title")
        with Container(classes="checklist-items"):
            for name, label in self.model.items():
                yield BoundCheckbox(label, f"{self.path}.{name}")

    def on_mount(self) -> None:
        self.update_progress()

    def current(self) -> Checklist:
        """The checklist as ticked on screen (unsaved)."""
        values = {box.path.rsplit(".", 1)[1]: box.value for box in self.query(BoundCheckbox)}
        return self.model(**values)

    def update_progress(self) -> None:
        if self.show_progress:
            self.query_one(".checklist-title", Label).update(
                Content.from_markup(
                    "$title  [b]$progress[/b]", title=self.title, progress=self.current().progress()
                )
            )

    @on(Checkbox.Changed)
    def _ticked(self, _event: Checkbox.Changed) -> None:
        self.update_progress()
