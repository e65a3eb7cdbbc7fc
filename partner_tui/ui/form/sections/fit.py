"""The form's Fit & outreach tab: the five fit criteria, the approach, the outreach log."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Label

from partner_tui.domain.fit_criteria import FitCriteria
from partner_tui.domain.outreach import OutreachApproach
from partner_tui.domain.partner import ActivityKind
from partner_tui.ui.form.activity_log import ActivityLog
from partner_tui.ui.form.fields import BoundSelect, labelled
from partner_tui.ui.form.rating import Rating
from partner_tui.ui.form.sections.base import FormSection


class FitSection(FormSection):
    def compose(self) -> ComposeResult:
        yield Label(
            "Fit criteria: rate each 0-5 with ←/→ or the digits 0-5", classes="section-title"
        )
        for name, label in FitCriteria.items():
            yield Rating(label, f"fit.{name}")
        yield Label("", id="fit-score")
        yield labelled(
            "Outreach approach",
            BoundSelect(
                "Outreach approach",
                "outreach_approach",
                [(a.label, a.value) for a in OutreachApproach],
                prompt="How will you reach them?",
            ),
        )
        yield ActivityLog("Outreach log", only=ActivityKind.OUTREACH, id="outreach-log")

    def on_mount(self) -> None:
        self.update_score()

    def current(self) -> FitCriteria:
        return FitCriteria(**{r.path.split(".")[-1]: r.value for r in self.query(Rating)})

    def update_score(self) -> None:
        self.query_one("#fit-score", Label).update(
            Content.from_markup("Fit score: [b]$score[/b] / 100", score=self.current().score)
        )

    @on(Rating.Changed)
    def _rated(self, _event: Rating.Changed) -> None:
        self.update_score()
