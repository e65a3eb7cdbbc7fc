"""The form's Model & terms tab: the partnership models in force and their terms."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import Grid, Horizontal
from textual.widgets import Label, Static

from partner_tui.domain import clock
from partner_tui.domain.partnership_models import (
    CoMarketing,
    IntegrationRequirements,
    PaymentTerms,
    ReferralPayment,
)
from partner_tui.domain.share_steps import percent_text
from partner_tui.store.errors import NotFound
from partner_tui.ui.common.plain import plain
from partner_tui.ui.form.checklist import ChecklistGroup
from partner_tui.ui.form.fields import BoundCheckbox, BoundSelect, TextField, labelled

if TYPE_CHECKING:
    from partner_tui.ui.common.app_api import PartnerAppAPI

# The four models, by where their "enabled" flag lives. The co-marketing and integration
# labels are the domain's own field titles; the other two models carry no checklist.
MODEL_SWITCHES: tuple[tuple[str, str], ...] = (
    ("Revenue share", "models.revenue_share.enabled"),
    ("Referral fee", "models.referral_fee.enabled"),
    (CoMarketing.model_fields["enabled"].title or "Co-marketing", "models.co_marketing.enabled"),
    (
        IntegrationRequirements.model_fields["enabled"].title or "Integration",
        "models.integration.enabled",
    ),
)
from partner_tui.ui.form.sections.base import FormSection


def tier_line(section: FormSection) -> str:
    """'Program tier: Silver (trailing-12-month revenue; the tier sets 25%, which replaces
    the percent above)', '' when the program has no tiers."""
    store = cast("PartnerAppAPI", section.app).store
    try:
        figures = store.payouts.figures(section.partner.id, clock.today())
    except NotFound:  # not saved yet: no deals, the first tier
        figures = None
    tiers = store.payouts.tier_table()
    if not tiers:
        return ""
    name = figures.tier if figures is not None and figures.tier else tiers[0].name
    tier = next(t for t in tiers if t.name == name)
    sets = ""
    if tier.percent_hundredths is not None:
        sets = (f"; the tier sets {percent_text(tier.percent_hundredths)}, which replaces "
                "the percent above (not steps)")
    return f"Program tier: {name} (by trailing-12-month revenue{sets})"


class TermsSection(FormSection):
    def on_mount(self) -> None:
        self.query_one("#terms-tier", Static).update(plain(tier_line(self)))

    def compose(self) -> ComposeResult:
        yield Label("Partnership models (one or more)", classes="section-title")
        with Grid(classes="model-switches"):
            for label, path in MODEL_SWITCHES:
                yield BoundCheckbox(label, path)
        yield Label("Revenue share: partner gets a % of revenue from referred customers",
                    classes="checklist-title")
        with Grid(classes="two-columns"):
            yield TextField(
                "Percent", "models.revenue_share.percent", kind="percent", placeholder="e.g. 20"
            )
            yield TextField(
                "Duration (years)", "models.revenue_share.duration_years", kind="count",
                placeholder="e.g. 2",
            )
            yield TextField(
                "Min. customers", "models.revenue_share.minimum_customers", kind="count",
                placeholder="e.g. 10",
            )
            yield labelled(
                "Payment terms",
                BoundSelect(
                    "Payment terms",
                    "models.revenue_share.payment_terms",
                    [(term.value.capitalize(), term.value) for term in PaymentTerms],
                    allow_blank=False,
                ),
            )
            # Steps and caps (docs/tiers.md): the steps replace the percent by month of
            # each customer; a cap of 0 is no cap.
            yield TextField(
                "Steps (% x months)", "models.revenue_share.steps",
                placeholder="e.g. 20% x 12, 10% x 12",
            )
            yield TextField(
                "Cap per customer", "models.revenue_share.cap_per_customer", kind="money",
                placeholder="no cap",
            )
            yield TextField(
                "Cap per period", "models.revenue_share.cap_per_period", kind="money",
                placeholder="no cap",
            )
        yield Static("", id="terms-tier", markup=False)
        yield Label("Referral fee: one-time fee per customer", classes="checklist-title")
        with Grid(classes="two-columns"):
            yield TextField(
                "Amount per referral", "models.referral_fee.amount", kind="money",
                placeholder="e.g. 500",
            )
            yield labelled(
                "Payment",
                BoundSelect(
                    "Referral payment",
                    "models.referral_fee.payment",
                    [(payment.label, payment.value) for payment in ReferralPayment],
                    allow_blank=False,
                ),
            )
        with Horizontal(classes="side-by-side"):
            yield ChecklistGroup(
                "Co-marketing activities", CoMarketing, "models.co_marketing", show_progress=True
            )
            yield ChecklistGroup(
                "Integration requirements",
                IntegrationRequirements,
                "models.integration",
                show_progress=True,
            )
