"""The form's Metrics tab: what the partnership brought, and payouts and ROI from the rules."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Static

from partner_tui.domain.metrics import Metrics, lead_to_deal_rate
from partner_tui.domain.money import format_money, format_percent
from partner_tui.domain.partner import Partner
from partner_tui.domain.partnership_models import (
    PartnershipModels,
    referral_fee_payout,
    revenue_share_payout,
)
from partner_tui.ui.form.fields import TextField
from partner_tui.ui.form.sections.base import FormSection


def derived_lines(base: Partner, data: dict[str, Any]) -> str:
    """Payouts and ROI for what is on screen, through the Partner's own rules.

    Only the models and metrics are taken from the form, so a bad email on another tab
    does not stop the numbers here from following the user's typing.
    """
    try:
        models = PartnershipModels.model_validate(data["models"])
        metrics = Metrics.model_validate(data["metrics"])
    except ValidationError:
        return "Payouts and ROI: fix the fields marked in red to compute them."
    partner = base.model_copy(update={"models": models, "metrics": metrics})
    share = revenue_share_payout(models.revenue_share, metrics.revenue_attributed)
    fees = referral_fee_payout(models.referral_fee, metrics.deals_closed)
    roi = partner.roi
    return "\n".join(
        [
            f"Payouts to partner: {format_money(partner.payout)}"
            f"   (revenue share {format_money(share)} + referral fees {format_money(fees)})",
            f"Total cost: {format_money(partner.total_cost)}   (internal cost + payouts)",
            "Partnership ROI: "
            + (format_percent(roi) if roi is not None else "-  (no cost recorded yet)"),
            "Lead-to-deal rate: "
            + format_percent(lead_to_deal_rate(metrics.leads_generated, metrics.deals_closed)),
        ]
    )

class MetricsSection(FormSection):
    def compose(self) -> ComposeResult:
        with Grid(classes="two-columns"):
            yield TextField(
                "Leads generated", "metrics.leads_generated", kind="count", placeholder="0"
            )
            yield TextField("Deals closed", "metrics.deals_closed", kind="count", placeholder="0")
            yield TextField(
                "Revenue attributed", "metrics.revenue_attributed", kind="money",
                placeholder="0",
            )
            yield TextField(
                "Customer satisfaction %", "metrics.customer_satisfaction",
                kind="percent_or_none", placeholder="e.g. 92",
            )
            yield TextField(
                "Internal cost", "metrics.internal_cost", kind="money", placeholder="0"
            )
        yield Static("", id="metrics-derived", markup=False)

    def show_derived(self, base: Partner, data: dict[str, Any]) -> None:
        text = derived_lines(base, data)
        if text != getattr(self, "_shown", None):  # an update costs a layout pass
            self._shown = text
            self.query_one("#metrics-derived", Static).update(text)
