"""The form's Metrics tab: one set of figures, the one the rest of the app shows.

The figures are domain/partner_figures.py's, read from the store. A partner with deals is
measured by them: the leads, deals and revenue typed by hand are not shown (they are kept
in the record, unused, and come back if every deal is deleted). A partner without deals
is measured by what is typed here, and the inputs say they are typed. Satisfaction and
internal cost are typed for every partner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Static

from partner_tui.domain import clock
from partner_tui.domain.deal_facts import terms_of, typed_of
from partner_tui.domain.metrics import Metrics, lead_to_deal_rate
from partner_tui.domain.money import format_money, format_percent
from partner_tui.domain.partner import Partner
from partner_tui.domain.partner_figures import PartnerFigures, partner_figures
from partner_tui.domain.partnership_models import PartnershipModels
from partner_tui.domain.periods import month_index
from partner_tui.store.errors import NotFound
from partner_tui.ui.common.plain import plain
from partner_tui.ui.form.fields import TextField
from partner_tui.ui.form.sections.base import FormSection

if TYPE_CHECKING:
    from partner_tui.ui.common.app_api import PartnerAppAPI

# The typed figures that deals replace.
FROM_DEALS = ("metrics.leads_generated", "metrics.deals_closed", "metrics.revenue_attributed")


def figures_on_screen(
    base: Partner, data: dict[str, Any], stored: PartnerFigures | None
) -> PartnerFigures | None:
    """The partner's figures for what is on screen: the stored ones (`stored`, from the
    store) with the satisfaction and internal cost as typed; for a partner without deals,
    the typed figures as typed (under the terms as typed). None while a field is invalid.

    Only the models and metrics are taken from the form, so a bad email on another tab
    does not stop the numbers here from following the user's typing."""
    try:
        models = PartnershipModels.model_validate(data["models"])
        metrics = Metrics.model_validate(data["metrics"])
    except ValidationError:
        return None
    typed = typed_of(metrics)
    today = stored.as_of if stored is not None else clock.today()
    if stored is not None and not stored.typed:
        return stored.with_typed(typed)
    paid = stored.paid.scaleb(2) if stored is not None else 0
    return partner_figures(
        (), terms_of(models), typed, int(paid), month_index(base.live_since), today
    )


def derived_lines(
    base: Partner, data: dict[str, Any], stored: PartnerFigures | None, symbol: str = "$"
) -> str:
    """Payouts, cost, ROI and the lead-to-deal rate of the figures on screen."""
    figures = figures_on_screen(base, data, stored)
    if figures is None:
        return "Payouts and ROI: fix the fields marked in red to compute them."
    split = (
        f"   (revenue share {format_money(figures.revenue_share, symbol)} + referral fees "
        f"{format_money(figures.referral_fees, symbol)}"
        + (", from the typed figures)" if figures.typed else ", earned to date from the deals)")
    )
    roi = figures.roi
    return "\n".join(
        [
            f"Payouts to partner: {format_money(figures.payout, symbol)}{split}",
            f"Paid {format_money(figures.paid, symbol)} · owed "
            f"{format_money(figures.owed, symbol)}",
            f"Total cost: {format_money(figures.cost, symbol)}   (internal cost + payouts)",
            "Partnership ROI: "
            + (format_percent(roi) if roi is not None else "-  (no cost recorded yet)"),
            "Lead-to-deal rate: "
            + format_percent(lead_to_deal_rate(figures.leads, figures.deals_won)),
        ]
    )


class MetricsSection(FormSection):
    figures: PartnerFigures | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="metrics-from-deals", markup=False)
        with Grid(classes="two-columns"):
            yield TextField(
                "Leads generated (typed)", "metrics.leads_generated", kind="count",
                placeholder="0",
            )
            yield TextField(
                "Deals closed (typed)", "metrics.deals_closed", kind="count", placeholder="0"
            )
            yield TextField(
                "Revenue attributed (typed)", "metrics.revenue_attributed", kind="money",
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
        """Read the partner's figures (again, after a deal or payment changed)."""
        store = cast("PartnerAppAPI", self.app).store
        try:
            figures = store.payouts.figures(self.partner.id, clock.today())
        except NotFound:  # a partner not saved yet: measured by what is typed
            figures = None
        self.figures = figures
        from_deals = figures is not None and not figures.typed
        note = self.query_one("#metrics-from-deals", Static)
        note.display = from_deals
        if figures is not None and from_deals:
            symbol = store.program.settings().currency_symbol
            deals = figures.leads
            note.update(plain(
                f"From {deals} deal{'s' if deals != 1 else ''} (Deals tab, F10): "
                f"{figures.leads} lead{'s' if figures.leads != 1 else ''} · "
                f"{figures.deals_won} won · revenue to date "
                f"{format_money(figures.revenue, symbol)}."
            ))
        for path in FROM_DEALS:
            # One set of numbers: with deals, the typed ones are not shown at all.
            box = self.query_one(f"#f-{path.replace('.', '-')}", TextField)
            box.display = not from_deals
            box.input.disabled = store.read_only
        self._symbol = store.program.settings().currency_symbol

    def show_derived(self, base: Partner, data: dict[str, Any]) -> None:
        text = derived_lines(base, data, self.figures, getattr(self, "_symbol", "$"))
        if text != getattr(self, "_shown", None):  # an update costs a layout pass
            self._shown = text
            self.query_one("#metrics-derived", Static).update(plain(text))
