"""A column's head: the stage, its count against the program's target, and a progress bar."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from partner_tui.domain.stages import STAGE_ACTIONS, STAGE_CRITERIA, Stage
from partner_tui.ui.common.plain import plain_text


def progress_cells(count: int, target: int, width: int) -> int:
    """How many of `width` cells to fill: the share of the target reached (full when met)."""
    if width <= 0:
        return 0
    if target <= 0:
        return width if count else 0
    return min(width, round(width * count / target))


class StageHeader(Widget):
    """`Prospect 7/20` over a bar; the bar turns to the success colour when the target is met."""

    COMPONENT_CLASSES = {
        "stage-header--bar-done",
        "stage-header--bar-todo",
        "stage-header--bar-met",
    }

    DEFAULT_CSS = """
    StageHeader {
        height: 2;
        padding: 0 1;
        background: $panel;
        color: $foreground;
        & > .stage-header--bar-done { color: $accent; }
        & > .stage-header--bar-todo { color: $foreground 20%; }
        & > .stage-header--bar-met { color: $success; }
        &.-focused { background: $accent 30%; text-style: bold; }
    }
    """

    count: reactive[int] = reactive(0)
    target: reactive[int] = reactive(0)
    note: reactive[str] = reactive("")

    def __init__(self, stage: Stage, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.stage = stage
        # The playbook's words for the stage, for whoever hovers over the column's head.
        self.tooltip = f"{STAGE_CRITERIA[stage]}. {STAGE_ACTIONS[stage]}".strip(" .") + "."

    def set_counts(self, count: int, target: int, note: str = "") -> None:
        self.count, self.target, self.note = count, target, note

    @property
    def title(self) -> str:
        if self.stage is Stage.ARCHIVED:
            return f"Archived {self.count}"
        return f"{self.stage.label} {self.count}/{self.target}"

    def render(self) -> Text:
        width = self.content_region.width
        met = self.stage is not Stage.ARCHIVED and self.target > 0 and self.count >= self.target
        head = self.title + (" ✓" if met else "")
        note = f"  {self.note}" if self.note and len(head) + len(self.note) + 2 <= width else ""
        text = plain_text(head + note)
        text.no_wrap, text.overflow = True, "ellipsis"
        text.append("\n")
        if self.stage is Stage.ARCHIVED:
            text.append("─" * width, self.get_component_rich_style("stage-header--bar-todo"))
            return text
        done = progress_cells(self.count, self.target, width)
        done_style = "stage-header--bar-met" if met else "stage-header--bar-done"
        text.append("━" * done, self.get_component_rich_style(done_style))
        text.append("─" * (width - done), self.get_component_rich_style("stage-header--bar-todo"))
        return text
