"""The form's Model & terms tab: the partnership models in force and their terms."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, Horizontal
from textual.widgets import Label

from partner_tui.domain.partnership_models import (
    CoMarketing,
    IntegrationRequirements,
    PaymentTerms,
    ReferralPayment,
)
from partner_tui.ui.form.checklist import ChecklistGroup
from partner_tui.ui.form.fields import BoundCheckbox, BoundSelect, TextField, labelled

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


class TermsSection(FormSection):
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
