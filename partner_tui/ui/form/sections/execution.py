"""The form's Execution tab: the activity checklist and, for active partners, the cadence."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from partner_tui.domain.cadence import MonthlyCadence, QuarterlyCadence, cadence_due_date
from partner_tui.domain.execution import Execution
from partner_tui.domain.stages import Stage
from partner_tui.ui.form.checklist import ChecklistGroup
from partner_tui.ui.form.sections.base import FormSection


class ExecutionSection(FormSection):
    def compose(self) -> ComposeResult:
        yield ChecklistGroup("Execution", Execution, "execution", show_progress=True)
        if self.partner.stage is not Stage.ACTIVE:
            yield Label(
                "The monthly and quarterly cadence starts once the partner is Active.",
                id="cadence-note",
                classes="hint",
            )
            return
        cadence, since = self.partner.cadence, self.partner.live_since
        monthly_due = cadence_due_date(cadence, "monthly", since)
        quarterly_due = cadence_due_date(cadence, "quarterly", since)
        with Horizontal(classes="side-by-side"):
            yield ChecklistGroup(
                f"Monthly, due {monthly_due:%Y-%m-%d}",
                MonthlyCadence,
                "cadence.monthly",
                show_progress=True,
            )
            yield ChecklistGroup(
                f"Quarterly, due {quarterly_due:%Y-%m-%d}",
                QuarterlyCadence,
                "cadence.quarterly",
                show_progress=True,
            )
        yield Label(
            "Ticking the last item of a cycle closes it when you save; the next one is due"
            " a period later.",
            classes="hint",
        )
