"""The form's Challenges & notes tab: the three flags with the playbook's answers, notes, log."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Label

from partner_tui.domain.challenges import CHALLENGE_SOLUTIONS, Challenges
from partner_tui.ui.common.plain import plain
from partner_tui.ui.form.activity_log import ActivityLog
from partner_tui.ui.form.fields import BoundCheckbox, BoundTextArea
from partner_tui.ui.form.sections.base import FormSection


class ChallengesSection(FormSection):
    def compose(self) -> ComposeResult:
        yield Label("Challenges", classes="section-title")
        for name, label in Challenges.items():
            with Vertical(classes="challenge"):
                yield BoundCheckbox(label, f"challenges.{name}")
                yield Label(
                    plain(f"Solution: {CHALLENGE_SOLUTIONS[name]}"),
                    id=f"solution-{name}",
                    classes="challenge-solution",
                )
        yield BoundTextArea("Notes", "notes")
        yield ActivityLog("Activity log (newest first)", id="activity-log")

    def on_mount(self) -> None:
        self.update_solutions()

    def update_solutions(self) -> None:
        """The playbook's solution shows only for a challenge that is flagged."""
        for name, _label in Challenges.items():
            flagged = self.query_one(f"#f-challenges-{name}", BoundCheckbox).value
            self.query_one(f"#solution-{name}", Label).display = flagged

    @on(Checkbox.Changed)
    def _flagged(self, _event: Checkbox.Changed) -> None:
        self.update_solutions()
