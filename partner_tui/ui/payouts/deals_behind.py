"""The deals behind one partner's figures for a period: what each deal earned and why.

Opened with enter on the Payouts screen. Shows the partner's terms, the minimum
commitment's progress, every deal that earned something in the period with its part of
the revenue share and referral fees (they add up to the line's figures exactly), and the
payments recorded for the period. A refund in the period is a row of its own, negative:
what it claws back (docs/refunds.md), and the balance carried in and out is said.
`space` here marks the period paid as on the screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from partner_tui.domain.deal_figures import Commitment
from partner_tui.domain.deals import Deal
from partner_tui.domain.money import format_cents, format_percent
from partner_tui.domain.payments import Payment
from partner_tui.domain.payouts import Clawback, DealPart, PartnerPayout, from_cents, to_cents
from partner_tui.domain.share_steps import steps_text
from partner_tui.ui.common.key_bar import KeyBar
from partner_tui.ui.common.plain import plain, plain_text

PAY = "pay"
WIDE = 100  # columns of terminal from which every column of the deals fits


@dataclass(frozen=True)
class Behind:
    """Everything the dialog shows, gathered by the screen from the store."""

    company: str
    line: PartnerPayout
    parts: list[tuple[Deal, DealPart]]
    payments: list[Payment]
    commitment: Commitment | None
    currency: str
    refunds: list[tuple[Deal, Clawback]] = field(default_factory=list)  # in the period


def terms_text(line: PartnerPayout, symbol: str) -> str:
    t = line.terms
    parts = [f"Paid {t.payment_terms}"]
    if t.share_enabled:
        years = f"{t.years} year{'s' if t.years != 1 else ''}" if t.years else "no end"
        share = f"steps {steps_text(t.steps)}" if t.steps else format_percent(t.percent)
        parts.append(f"revenue share {share} for {years}")
        if t.customer_cap_cents:
            parts.append(f"cap per customer {format_cents(from_cents(t.customer_cap_cents), symbol)}")
        if t.period_cap_cents:
            per = "quarter" if t.quarterly else "month"
            parts.append(f"cap per {per} {format_cents(from_cents(t.period_cap_cents), symbol)}")
    if t.fee_enabled:
        parts.append(f"referral fee {format_cents(t.fee, symbol)} "
                     f"{'on payment' if t.on_payment else 'on close'}")
    if not (t.share_enabled or t.fee_enabled):
        parts.append("no revenue share or referral fee in force (see the Terms tab)")
    return " · ".join(parts)


class DealsBehind(ModalScreen[str | None]):
    """Returns PAY when space asks to mark the period paid, else None."""

    CSS_PATH = "deals_behind.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", id="behind.close", tooltip="Back to the payouts"),
        Binding("space", "pay", "Mark paid", id="behind.pay",
                tooltip="Record the payment of what is owed for this period"),
    ]

    def __init__(self, behind: Behind) -> None:
        super().__init__()
        self.behind = behind

    def compose(self) -> ComposeResult:
        b = self.behind
        line, symbol = b.line, b.currency
        with Vertical(id="behind-box"):
            yield Label(plain(f"{b.company}: {line.period.title}"), id="behind-title")
            yield Static(plain(terms_text(line, symbol)), classes="behind-muted")
            if b.commitment is not None:
                yield Static(plain(f"Minimum commitment: {b.commitment.text()}"),
                             classes="behind-muted")
            yield DataTable(id="behind-deals", cursor_type="row", zebra_stripes=True)
            yield Static(plain(self._summary()), id="behind-summary")
        yield KeyBar()

    def _summary(self) -> str:
        b = self.behind
        line, symbol = b.line, b.currency

        def money(value: object) -> str:
            return format_cents(value, symbol)  # type: ignore[arg-type]

        back = f" - clawed back {money(line.clawback)}" if line.clawback else ""
        refunded = sum(refund.refunded for _deal, refund in b.refunds)
        # Revenue is net of refunds (docs/refunds.md): say what came off it.
        net = f" (net of {money(from_cents(refunded))} refunded)" if refunded else ""
        text = (
            f"Revenue {money(line.revenue)}{net} · revenue share {money(line.revenue_share)} + "
            f"referral fees {money(line.referral_fees)}{back} = {money(line.total)}"
        )
        if not line.payable:
            return text + f"\nPaid per quarter: pay it with {line.period.quarter.label}."
        paid = [p for p in b.payments if line.period.contains(p.paid_period)]
        lines = [text]
        for payment in paid:
            who = f" by {payment.author}" if payment.author else ""
            lines.append(f"Paid {money(payment.amount)} for {payment.period} on "
                         f"{payment.paid_on.isoformat()}{who}")
        owed = line.owed
        if owed is not None and owed < 0 and line.clawback:
            lines.append(f"Negative: the refund took back {money(-owed)} more than was left "
                         "to pay; nothing to pay")
        elif owed:
            lines.append(("Owed " if owed > 0 else "Overpaid ") + money(abs(owed))
                         + ("  (space marks it paid)" if owed > 0 else ""))
        elif line.total:
            lines.append("✓ Paid in full")
        if line.balance is not None:
            lines.append(f"Balance {money(line.carried)} carried in, {money(line.balance)} "
                         "after this period" + (": nothing is paid until it is earned back"
                                                if line.balance < 0 else ""))
        return "\n".join(lines)

    def on_mount(self) -> None:
        table = self.query_one("#behind-deals", DataTable)
        symbol = self.behind.currency
        # Below 100 columns the domain and the end date make way for the figures.
        wide = self.app.size.width >= WIDE
        heads = ["Customer", *(["Domain"] if wide else []), "Closed", *(["Left"] if wide else [])]
        for head in heads:
            table.add_column(head)
        for head in ("Revenue", "Rev. share", "Fee", "Total"):
            table.add_column(plain_text(head, justify="right"))
        for deal, part in self.behind.parts:
            figures = (part.revenue, part.revenue_share, part.referral_fee, part.total)
            table.add_row(
                plain_text(deal.customer),
                *([plain_text(deal.customer_domain or "-")] if wide else []),
                plain_text(_day(deal.closed_on)),
                *([plain_text(_day(deal.ended_on))] if wide else []),
                *(plain_text(format_cents(from_cents(c), symbol), justify="right")
                  for c in figures),
            )
        for deal, back in self.behind.refunds:
            # A refund: which deal, and why the line is negative.
            # Its Closed (and Left) cells hold the day of the refund: when it was taken back.
            figures = (-back.refunded, -back.revenue_share, -back.referral_fee, -back.total)
            table.add_row(
                plain_text(f"↩ refund: {deal.customer}"),
                *([plain_text(deal.customer_domain or "-")] if wide else []),
                plain_text(_day(deal.refunded_on)),
                *([plain_text(_day(deal.refunded_on))] if wide else []),
                *(plain_text(format_cents(from_cents(c), symbol) if c else "-", justify="right")
                  for c in figures),
            )
        # A deal's part is before the cap per period: the cut is a row of its own, so
        # the rows add up to the line (docs/tiers.md).
        line = self.behind.line
        cut = sum(part.revenue_share for _deal, part in self.behind.parts) - to_cents(
            line.revenue_share)
        if line.terms.period_cap_cents and cut > 0:
            per = "quarter" if line.terms.quarterly else "month"
            minus = plain_text(format_cents(from_cents(-cut), symbol), justify="right")
            table.add_row(plain_text(f"Cap per {per}"),
                          *(plain_text("") for _head in heads),  # the other heads, the revenue
                          minus, plain_text(""), minus)
        if not (self.behind.parts or self.behind.refunds):
            table.display = False
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_pay(self) -> None:
        self.dismiss(PAY)


def _day(day: date | None) -> str:
    return day.isoformat() if day else "-"
