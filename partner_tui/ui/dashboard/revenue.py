"""Revenue over time: a sparkline of revenue by the month partners went live, or a plain
sentence when there is not enough data for a trend (a one-bar chart would mislead)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Sparkline, Static

from partner_tui.domain.money import format_money
from partner_tui.domain.periods import month_label
from partner_tui.domain.program_metrics import RevenueByMonth
from partner_tui.ui.common.plain import plain


class DashRevenue(Vertical):
    DEFAULT_CSS = """
    DashRevenue { height: auto; }
    DashRevenue Sparkline { height: 2; margin: 0 0; }
    DashRevenue .dash-revenue-axis { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="revenue-title")
        yield Sparkline([], id="revenue-chart")
        yield Static(id="revenue-axis", classes="dash-revenue-axis")

    def show(self, series: RevenueByMonth, symbol: str = "$") -> None:
        chart = self.query_one("#revenue-chart", Sparkline)
        axis = self.query_one("#revenue-axis", Static)
        title = self.query_one("#revenue-title", Static)
        chart.display = series.enough_data
        if not series.enough_data:
            title.update(plain(series.note))
            axis.update("")
            return
        title.update(plain(series.note))
        # Floats only for drawing: the amounts themselves stay Decimal everywhere else.
        chart.data = [float(amount) for _, amount in series.months]
        best_month, best = max(series.months, key=lambda m: m[1])
        # Revenue is net of refunds: a refund's month may be below zero, and says so.
        low_month, low = min(series.months, key=lambda m: m[1])
        lowest = (f" · lowest {month_label(low_month)}: {format_money(low, symbol)} (refunds)"
                  if low < 0 else "")
        axis.update(
            plain(
                f"{month_label(series.months[0][0])} … {month_label(series.months[-1][0])} · "
                f"best {month_label(best_month)}: {format_money(best, symbol)}{lowest}"
            )
        )
