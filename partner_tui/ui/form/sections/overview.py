"""The form's Overview tab: who the partner is, who to talk to, what to do next."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Select, Static

from partner_tui.domain.partner import Partner
from partner_tui.domain.partner_types import PARTNER_SUBTYPES, PartnerType
from partner_tui.ui.common.plain import plain
from partner_tui.ui.form.fields import BoundSelect, TextField, labelled
from partner_tui.ui.form.sections.base import FormSection


def subtype_options(partner_type: str | None) -> list[tuple[str, str]]:
    """The playbook's examples for a type, as (label, stored text) pairs."""
    if not partner_type:
        return []
    return [(example, example) for example in PARTNER_SUBTYPES[PartnerType(partner_type)]]


def stage_history_text(partner: Partner) -> str:
    """Read-only: the stage changes on the board, never in the form."""
    lines = [
        f"Stage: {partner.stage.label}  (read-only: move it on the board with shift+←/→)",
    ]
    for change in reversed(partner.stage_history):
        by = f"  ({change.author})" if change.author else ""
        lines.append(f"  {change.entered_at:%Y-%m-%d %H:%M}  entered {change.stage.label}{by}")
    return "\n".join(lines)

class OverviewSection(FormSection):
    def __init__(self, partner: Partner, *, id: str) -> None:
        super().__init__(partner, id=id)
        # The type the subtype choices were made for: loading the form "changes" the type
        # Select from blank to the stored type, which must not drop a custom subtype.
        self._subtypes_for = partner.partner_type.value if partner.partner_type else None

    def compose(self) -> ComposeResult:
        kind = self.partner.partner_type.value if self.partner.partner_type else None
        with Grid(classes="two-columns"):
            yield TextField("Company *", "company", placeholder="e.g. Acme Inc.", max_length=200)
            yield TextField("Owner", "owner", placeholder="who runs this partnership")
            yield labelled(
                "Partner type",
                BoundSelect(
                    "Partner type",
                    "partner_type",
                    [(t.label, t.value) for t in PartnerType],
                    prompt="Choose a type",
                ),
            )
            yield labelled(
                "Subtype",
                BoundSelect(
                    "Subtype", "subtype", subtype_options(kind), prompt="Choose a type first"
                    if kind is None else "Choose an example", blank=""
                ),
            )
            yield TextField("Contact name", "contact_name", placeholder="e.g. Jane Doe")
            yield TextField(
                "Contact email", "contact_email", kind="email", placeholder="e.g. jane@acme.com"
            )
            yield TextField(
                "LinkedIn", "contact_linkedin", kind="optional",
                placeholder="e.g. linkedin.com/in/jane",
            )
            yield TextField("Website", "website", kind="optional", placeholder="e.g. acme.com")
            yield TextField(
                "Tags", "tags", kind="tags", placeholder="e.g. saas, emea (comma separated)"
            )
            yield TextField(
                "Potential value", "potential_value", kind="money_or_none", placeholder="e.g. 25k"
            )
            yield TextField("Next action", "next_action", placeholder="e.g. send proposal")
            yield TextField(
                "Next action date", "next_action_date", kind="date",
                placeholder="YYYY-MM-DD, today, next fri, +3d"
            )
        yield Static(plain(stage_history_text(self.partner)), id="stage-history")

    def refill(self, partner: Partner) -> None:
        """Another partner in this section, already built (the form kept, kept_form.py):
        the subtype's examples for its type and its stage history; the screen loads the
        fields."""
        self.partner = partner
        kind = partner.partner_type.value if partner.partner_type else None
        self._subtypes_for = kind
        subtype = self.query_one("#f-subtype", BoundSelect)
        subtype.set_choices(subtype_options(kind))
        subtype.prompt = "Choose an example" if kind else "Choose a type first"
        self.query_one("#stage-history", Static).update(plain(stage_history_text(partner)))

    @on(Select.Changed, "#f-partner_type")
    def _type_changed(self, event: Select.Changed) -> None:
        """Offer the new type's examples; keep a subtype that still fits."""
        subtype = self.query_one("#f-subtype", BoundSelect)
        kind = None if event.value is Select.NULL else str(event.value)
        if kind == self._subtypes_for:
            return
        self._subtypes_for = kind
        keep = subtype.dump()
        options = subtype_options(kind)
        subtype.set_choices(options)
        subtype.prompt = "Choose an example" if kind else "Choose a type first"
        if keep and keep in [value for _label, value in options]:
            subtype.value = keep
