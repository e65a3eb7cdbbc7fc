"""The form's Value proposition tab: for the partner, for you, and the specific words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal

from partner_tui.domain.value_proposition import ValueForPartner, ValueForYou
from partner_tui.ui.form.checklist import ChecklistGroup
from partner_tui.ui.form.fields import BoundTextArea
from partner_tui.ui.form.sections.base import FormSection


class ValueSection(FormSection):
    def compose(self) -> ComposeResult:
        with Horizontal(classes="side-by-side"):
            yield ChecklistGroup(
                "For the partner", ValueForPartner, "value_proposition.for_partner"
            )
            yield ChecklistGroup("For you", ValueForYou, "value_proposition.for_you")
        yield BoundTextArea(
            "Specific value proposition (fills the outreach email)",
            "value_proposition.specific",
        )
