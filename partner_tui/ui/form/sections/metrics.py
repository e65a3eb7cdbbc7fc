"""The form's Metrics tab: what the partnership brought, and payouts and ROI from the rules.

A partner with deals is measured by them (domain/deal_figures.py): its leads, deals and
revenue come from the Deals tab, and the figures typed here are kept but not used (their
fields are locked, with a line saying so).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Static

from partner_tui.domain import clock
from partner_tui.domain.deal_figures import DealFigures, partner_money
from partner_tui.domain.metrics import Metrics, lead_to_deal_rate
from partner_tui.domain.money import format_money, format_percent
from partner_tui.domain.partner import Partner
from partner_tui.domain.partnership_models import (
    PartnershipModels,
    referral_fee_payout,
    revenue_share_payout,
)
from partner_tui.ui.common.plain import plain
from partner_tui.ui.form.fields import TextField
from partner_tui.ui.form.sections.base import FormSection

if TYPE_CHECKING:
    from partner_tui.ui.common.app_api import PartnerAppAPI

# The typed figures that deals replace.
FROM_DEALS = ("metrics.leads_generated", "metrics.deals_closed", "metrics.revenue_attributed")


def derived_lines(base: Partner, data: dict[str, Any], figures: DealFigures | None = None) -> str:
    """Payouts and ROI for what is on screen, through the Partner's own rules (or, for a
    partner with deals, the payout rules over its deals: `figures`).

    Only the models and metrics are taken from the form, so a bad email on another tab
    does not stop the numbers here from following the user's typing.
    """
    try:
        models = PartnershipModels.model_validate(data["models"])
        metrics = Metrics.model_validate(data["metrics"])
    except ValidationError:
        return "Payouts and ROI: fix the fields marked in red to compute them."
    partner = base.model_copy(update={"models": models, "metrics": metrics})
    money = partner_money(partner, figures)
    if figures is None:
        share = revenue_share_payout(models.revenue_share, metrics.revenue_attributed)
        fees = referral_fee_payout(models.referral_fee, metrics.deals_closed)
        split = f"   (revenue share {format_money(share)} + referral fees {format_money(fees)})"
    else:
        split = "   (earned to date under the payout rules, from the deals)"
    roi = money.roi
    return "\n".join(
        [
            f"Payouts to partner: {format_money(money.payout)}{split}",
            f"Total cost: {format_money(money.cost)}   (internal cost + payouts)",
            "Partnership ROI: "
            + (format_percent(roi) if roi is not None else "-  (no cost recorded yet)"),
            "Lead-to-deal rate: " + format_percent(lead_to_deal_rate(money.leads, money.deals)),
        ]
    )


class MetricsSection(FormSection):
    figures: DealFigures | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="metrics-from-deals", markup=False)
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

    def on_mount(self) -> None:
        self.load_deal_figures()

    def load_deal_figures(self) -> None:
        """Read the partner's figures from its deals (again, after a deal changed)."""
        store = cast("PartnerAppAPI", self.app).store
        self.figures = figures = store.deal_figures(self.partner.id, clock.today())
        note = self.query_one("#metrics-from-deals", Static)
        note.display = figures is not None
        if figures is not None:
            symbol = store.settings().currency_symbol
            note.update(plain(
                f"From {figures.leads} deal{'s' if figures.leads != 1 else ''} (Deals tab, "
                f"F10): {figures.leads} leads · {figures.won} deals won · revenue to date "
                f"{format_money(figures.revenue, symbol)}. The leads, deals and revenue typed "
                "below are kept but not used while the partner has deals."
            ))
        for path in FROM_DEALS:
            self.query_one(f"#f-{path.replace('.', '-')}", TextField).input.disabled = (
                figures is not None or store.read_only
            )

    def show_derived(self, base: Partner, data: dict[str, Any]) -> None:
        text = derived_lines(base, data, self.figures)
        if text != getattr(self, "_shown", None):  # an update costs a layout pass
            self._shown = text
            self.query_one("#metrics-derived", Static).update(plain(text))
