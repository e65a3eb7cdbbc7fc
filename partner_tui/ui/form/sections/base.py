"""FormSection: what every tab of the partner form is: a scrolling column of fields,
built from the partner as last saved."""

from __future__ import annotations

from textual.containers import VerticalScroll

from partner_tui.domain.partner import Partner


class FormSection(VerticalScroll, can_focus=False):
    def __init__(self, partner: Partner, *, id: str) -> None:
        super().__init__(id=id, classes="form-section")
        # What the fields start from; sections that do not show partner data ignore it.
        self.partner = partner
