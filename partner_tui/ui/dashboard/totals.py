"""Overall metrics, the playbook's Success Metrics: partnerships, revenue, cost and ROI."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from partner_tui.domain.money import format_money, format_percent
from partner_tui.domain.program_metrics import Totals
from partner_tui.ui.common.plain import plain

LABEL_WIDTH = 14


def _line(label: str, value: str | Content, hint: str = "") -> Content:
    return Content.assemble(
        (f"{label:<{LABEL_WIDTH}}", "$text-muted"), value, (f"  {hint}" if hint else "", "$text-muted")
    )


class DashTotals(Static):
    def show(self, totals: Totals, symbol: str = "$") -> None:
        def money(value: object) -> str:
            return format_money(value, symbol)  # type: ignore[arg-type]

        roi = totals.roi
        roi_style = "$text-muted" if roi is None else ("bold $success" if roi >= 0 else "bold $error")
        lines = [
            _line("Partnerships", f"{totals.partnerships:,} on the board", f"{totals.active:,} active"),
            _line("Archived", f"{totals.archived:,}", "declined, paused or churned"),
            _line("Leads · deals", f"{totals.leads:,} · {totals.deals:,}"),
            _line("Revenue", plain(money(totals.revenue)).stylize("bold")),
            _line("Payouts", money(totals.payouts), "revenue share + referral fees"),
            _line("Partner costs", money(totals.partner_costs), "internal cost per partner"),
            _line("Program cost", f"{money(totals.program_cost_per_month)} a month", "people + tools"),
            _line("", money(totals.program_cost_to_date), f"over {totals.program_months} months"),
            _line("ROI", plain(format_percent(roi)).stylize(roi_style),
                  "no cost recorded yet" if roi is None else f"on {money(totals.total_cost)} of cost"),
        ]
        self.update(Content("\n").join(lines))
