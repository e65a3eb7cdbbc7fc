"""Payout statements for a month or a quarter: `export --format payouts` (CSV, one row per
partner that earned or was paid something in the period, settled or not) and
`--format payouts-md` (for a finance team: the table, then each partner's deals behind its
figures, and the rules in words).

A partner is in a period's statement when the period is one it is paid for (a month for
monthly partners; a quarter for everyone, a monthly partner's quarter being the sum of its
months) and its payout rules put money in it, or something was paid for it. A month's
statement also names the quarterly partners that earned in it, each on a row of its own
with no amounts and a note saying which quarter pays them (the Markdown says the same
under its table). Money is written as plain numbers (1234.50, -0.01) in CSV, never
guarded: only text cells are neutralised against formulas. Markdown shows the currency.

A refund's clawback (docs/refunds.md) is a negative part of its period's total, named in
the row's note (which deal, refunded when, how much) and in the Markdown's refunds table.
Each row carries the partner's balance: `carried` in from the periods before (negative
after a refund took back more than was unpaid), and `balance` = carried + total - paid,
carried forward until earned back. A partner whose balance is below zero is on every
statement until it is, even with nothing earned in the period.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from partner_tui.domain import clock
from partner_tui.domain.commission_life import LineState, line_state
from partner_tui.domain.deals import Deal
from partner_tui.domain.money import CENT, format_cents, format_percent
from partner_tui.domain.payouts import (
    Clawback,
    DealPart,
    DealShare,
    PartnerPayout,
    PayoutTerms,
    ShapedShare,
    from_cents,
)
from partner_tui.domain.periods import Period, month_label
from partner_tui.domain.program import Settings
from partner_tui.domain.share_steps import percent_text, steps_words
from partner_tui.domain.tiers import Schedule, Tier, tier_in, tier_worth_showing
from partner_tui.exchange.csv_format import neutralise
from partner_tui.exchange.markdown import md

if TYPE_CHECKING:
    from partner_tui.store.partner_store import PartnerStore

STATEMENT_COLUMNS = (
    "partner", "period", "revenue", "revenue_share", "referral_fees", "total", "paid",
    "owed", "paid_on", "payment_terms", "partner_id", "state", "note",
    "clawback", "carried", "balance",
)


@dataclass(frozen=True)
class StatementLine:
    company: str
    payout: PartnerPayout
    paid_on: date | None  # the last payment for the period, if any
    state: LineState = LineState.PAYABLE  # as of the statement's day (commission_life.py)
    carried: Decimal = Decimal("0.00")  # the balance carried in from earlier periods
    refunds: tuple[tuple[Deal, Clawback], ...] = ()  # the refunds behind the clawback
    # The tier and the cap per period, in words ('tier Gold; cap per period took 234.00'),
    # for the CSV's note; '' when neither applies.
    note: str = ""

    @property
    def balance(self) -> Decimal:
        """Carried in + this period's total - paid for it: carried into the next one."""
        return self.carried + self.payout.total - self.payout.paid

    def refund_notes(self) -> list[str]:
        """Each refund in words: 'refund of Acme (deal d-1) on 2026-03-10: 600.00 of
        1299.97 refunded, claws back 120.00'."""
        return [
            f"refund of {deal.customer} (deal {deal.id}) on "
            f"{deal.refunded_on.isoformat() if deal.refunded_on else '?'}: "
            f"{_plain(from_cents(back.refunded))} of {_plain(from_cents(back.brought))} "
            f"refunded, claws back {_plain(from_cents(back.total))}"
            for deal, back in self.refunds
        ]

    def notes(self) -> str:
        """The CSV's note: the tier and caps, then each refund."""
        return "; ".join(text for text in (self.note, *self.refund_notes()) if text)


@dataclass(frozen=True)
class Statement:
    period: Period
    lines: list[StatementLine]
    # Quarterly partners with earnings in a month statement: they are paid per quarter.
    paid_per_quarter: list[str]
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (company, partner id)

    def total(self, figure: str) -> Decimal:
        return sum((getattr(line.payout, figure) for line in self.lines), Decimal("0.00"))


def build_statement(store: PartnerStore, period: Period, as_of: date | None = None) -> Statement:
    """The statement of `period`, each line's state as of `as_of` (default today)."""
    on = as_of if as_of is not None else clock.today()
    holding = store.program.settings().rules.holding_days
    lines: list[StatementLine] = []
    elsewhere: list[str] = []
    left_out: list[tuple[str, str]] = []
    # A partner in the red has a line in every period until it is earned back (for_period).
    for payout in store.payouts.for_period(period):
        company = store.partners.company_of(payout.partner_id)
        if not payout.payable:
            elsewhere.append(company)
            left_out.append((company, payout.partner_id))
            continue
        carried = store.payouts.carried_into(payout.partner_id, period)
        if not (payout.total or payout.paid or carried < 0):
            continue
        paid = [p.paid_on for p in store.payouts.payments_of(payout.partner_id)
                if period.contains(p.paid_period)]
        state = line_state(payout.total, payout.paid, period, holding, on)
        if state is not LineState.CLAWBACK and carried + payout.total - payout.paid < 0:
            state = LineState.IN_THE_RED  # a clawback not yet earned back: nothing is paid
        refunds = tuple(store.payouts.clawbacks_of(payout.partner_id, period)) if (
            payout.clawback) else ()
        note = _line_note(store, payout.partner_id, period)
        lines.append(StatementLine(
            company, payout, max(paid) if paid else None, state, carried, refunds, note))
    return Statement(period, lines, elsewhere, left_out)


def _line_note(store: PartnerStore, partner_id: str, period: Period) -> str:
    """'tier Gold; cap per period took 234.00': what the CSV says of tiers and caps."""
    notes = []
    tier = tier_words(store.payouts.tier_table(), store.payouts.tier_schedule(partner_id), period)
    if tier:
        notes.append(f"tier {tier}")
    shaped = store.payouts.share_shaped(partner_id, period)
    if shaped is not None:
        capped = sum(share.cap_cut for share in shaped.deals.values())
        if capped:
            notes.append(f"cap per customer took {_plain(from_cents(capped))}")
        if shaped.period_cut:
            notes.append(f"cap per period took {_plain(from_cents(shaped.period_cut))}")
    return "; ".join(notes)


def tier_words(tiers: tuple[Tier, ...], schedule: Schedule, period: Period) -> str:
    """'Silver', or 'Registered until 2026-01, Silver from 2026-02' when it changed inside
    the period; '' when the program has no tiers, or the partner is in the first tier
    all through the period (the cards' rule: tiers.tier_worth_showing)."""
    if not tiers:
        return ""
    runs: list[tuple[int, str]] = []
    shown = False
    for month in period.months:
        index = tier_in(schedule, month)
        shown = shown or tier_worth_showing(index)
        name = tiers[index].name
        if not runs or runs[-1][1] != name:
            runs.append((month, name))
    if not shown:
        return ""
    if len(runs) == 1:
        return runs[0][1]
    first = f"{runs[0][1]} until {month_label(runs[1][0] - 1)}"
    return ", ".join([first, *(f"{name} from {month_label(month)}" for month, name in runs[1:])])


def share_words(share: DealShare | None, terms: PayoutTerms, symbol: str) -> str:
    """How one deal's revenue share was figured: '20% (step 1) to 2026-02, 10% (step 2)
    from 2026-03; cap per customer reached in 2026-04 (-$12.00)'."""
    if share is None:
        return "-"
    pieces = []
    for n, (month, percent, step) in enumerate(share.percents):
        if step is not None and step < len(terms.steps):
            why = f"{percent_text(percent)} (step {step + 1})"
        elif step is not None:
            why = "0% (after the last step)"
        elif percent == 0 and terms.percent_hundredths:
            why = "0% (duration ended)"
        elif percent != terms.percent_hundredths:
            why = f"{percent_text(percent)} (the tier's)"
        else:
            why = percent_text(percent)
        pieces.append(why if n == 0 else f"{why} from {month_label(month)}")
    words = ", ".join(pieces) or "-"
    if share.capped_in is not None:
        words += (f"; cap per customer reached in {month_label(share.capped_in)} "
                  f"({money(from_cents(-share.cap_cut), symbol)})")
    return words


def _plain(value: Decimal | None) -> str:
    return "" if value is None else format(value.quantize(CENT), "f")


def statement_csv(statement: Statement) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(STATEMENT_COLUMNS)
    label = statement.period.label
    for line in statement.lines:
        p = line.payout
        # Text cells are guarded against formulas; money cells are numbers as they are
        # (an overpaid partner owes -0.01, which a spreadsheet must read as a number).
        writer.writerow([
            neutralise(line.company), label, _plain(p.revenue), _plain(p.revenue_share),
            _plain(p.referral_fees), _plain(p.total), _plain(p.paid), _plain(p.owed),
            line.paid_on.isoformat() if line.paid_on else "", p.terms.payment_terms,
            neutralise(p.partner_id), line.state.value, neutralise(line.notes()),
            _plain(p.clawback), _plain(line.carried), _plain(line.balance),
        ])
    quarter = statement.period.quarter.label
    for company, partner_id in statement.left_out:
        writer.writerow([
            neutralise(company), label, "", "", "", "", "", "", "", "quarterly",
            neutralise(partner_id), "", f"paid per quarter: see {quarter}", "", "", "",
        ])
    return out.getvalue()


# -- Markdown, for a finance team ------------------------------------------------------------------
def money(value: Decimal | None, symbol: str) -> str:
    """Always two decimals on a statement: $1,234.50, $12,500.00, -$3.00."""
    return md(format_cents(value, symbol))


def _terms_text(payout: PartnerPayout, symbol: str) -> str:
    t = payout.terms
    parts = [f"paid {t.payment_terms}"]
    if t.share_enabled:
        years = f"for {t.years} year{'s' if t.years != 1 else ''}" if t.years else "with no end"
        if t.steps:
            parts.append(f"revenue share in steps: {steps_words(t.steps)}, {years}")
        else:
            parts.append(
                f"revenue share {format_percent(t.percent)} of each deal's revenue {years}")
        if t.customer_cap_cents:
            parts.append(f"cap per customer {money(from_cents(t.customer_cap_cents), symbol)}")
        if t.period_cap_cents:
            per = "quarter" if t.quarterly else "month"
            parts.append(f"cap per {per} {money(from_cents(t.period_cap_cents), symbol)}")
    if t.fee_enabled:
        when = "in the month the customer first pays" if t.on_payment else "in the month it closes"
        parts.append(f"referral fee {money(t.fee, symbol)} per won deal, {when}")
    return "; ".join(parts)


def _deal_rows(
    parts: Iterable[tuple[Deal, DealPart]], symbol: str,
    shaped: ShapedShare | None = None, terms: PayoutTerms | None = None,
) -> list[str]:
    """The deals behind a partner's figures; with `shaped` (steps, caps or a tier's
    percent), a last column says how each deal's share was figured."""
    how = shaped is not None and terms is not None
    rows = [
        "| Customer | Domain | Closed | Ended | Revenue | Revenue share | Referral fee | Total |"
        + (" How the share was figured |" if how else ""),
        "|---|---|---|---|---:|---:|---:|---:|" + ("---|" if how else ""),
    ]
    for deal, part in parts:
        extra = ""
        if shaped is not None and terms is not None:
            extra = f" {md(share_words(shaped.deals.get(deal.id), terms, symbol))} |"
        rows.append(
            f"| {md(deal.customer)} | {md(deal.customer_domain) or '-'} "
            f"| {deal.closed_on.isoformat() if deal.closed_on else '-'} "
            f"| {deal.ended_on.isoformat() if deal.ended_on else '-'} "
            f"| {money(from_cents(part.revenue), symbol)} "
            f"| {money(from_cents(part.revenue_share), symbol)} "
            f"| {money(from_cents(part.referral_fee), symbol)} "
            f"| {money(from_cents(part.total), symbol)} |{extra}"
        )
    if shaped is not None and shaped.period_cut and terms is not None:
        per = "quarter" if terms.quarterly else "month"
        cap = money(from_cents(terms.period_cap_cents), symbol)
        cut = money(from_cents(-shaped.period_cut), symbol)
        rows.append(f"| Cap per {per} ({cap}) | | | | | {cut} | | {cut} |"
                    + (" the partner's revenue share is held to the cap |" if how else ""))
    return rows


def _refund_rows(refunds: Iterable[tuple[Deal, Clawback]], symbol: str) -> list[str]:
    """The refunds behind a line's clawback: which deal, and why the line is negative."""
    rows = [
        "Refunds clawed back (negative: the refund takes back what the deal earned on the "
        "refunded amount):",
        "",
        "| Customer | Domain | Refunded on | Refunded | Of what it brought | Revenue share back "
        "| Referral fee back | Clawed back |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for deal, back in refunds:
        rows.append(
            f"| {md(deal.customer)} | {md(deal.customer_domain) or '-'} "
            f"| {deal.refunded_on.isoformat() if deal.refunded_on else '-'} "
            f"| {money(from_cents(back.refunded), symbol)} "
            f"| {money(from_cents(back.brought), symbol)} "
            f"| {money(from_cents(back.revenue_share), symbol)} "
            f"| {money(from_cents(back.referral_fee), symbol)} "
            f"| **{money(-from_cents(back.total), symbol)}** |"
        )
    return rows


def _balance_text(line: StatementLine, symbol: str) -> str:
    text = (f"Balance: {money(line.carried, symbol)} carried in; "
            f"{money(line.balance, symbol)} after this period")
    if line.balance < 0:
        text += " (below zero after a refund: carried forward until earned back; nothing is " \
                "paid until then)"
    return text + "."


RULES_IN_WORDS = [
    "- Revenue earned by a won deal in a month: its one-time amount in the month it closed, "
    "plus its monthly revenue in every month from the close through the month the customer left.",
    "- Revenue share: the partner's percent of that revenue, for the first years x 12 months of "
    "each deal from its close month; rounded half up to the cent per deal and month.",
    "- Referral fee: once per won deal, in the month it closed (on close) or in the month of "
    "the customer's first payment (on payment; nothing before that date is known).",
    "- Monthly partners are paid per month; quarterly partners per calendar quarter, the sum "
    "of its three months. Paid is what was marked paid for the period; owed = total - paid.",
    "- Steps (when a partner has them): the percent by month of each customer, its close "
    "month being month 1; nothing after the last step. Cap per customer: what one customer "
    "earns ever, reached month by month from the close. Cap per period: what the partner "
    "earns in one payment period, reached month by month inside it.",
    "- Tier: by the partner's revenue in the 12 whole months before each month, net of "
    "refunds; a tier that sets a percent replaces the partner's flat percent in that month "
    "(not its steps). Shown only above the first tier (the first is every partner's).",
    "- State: pending until the holding period after the period has passed (the refund "
    "window), then payable while something is owed; paid once nothing is.",
    "- Refunds: a refunded deal earns nothing after the month of its refund; in that month "
    "it claws back the revenue share it earned on the refunded amount (share x refunded / "
    "what it brought, rounded half up to the cent) and, when everything was refunded, its "
    "referral fee: a negative line. Revenue is net of refunds: the refunded amount comes off "
    "the revenue of the refund's month (which may go below zero).",
    "- Balance: carried in from the periods before + total - paid. A balance below zero is "
    "carried forward until later earnings make it up; nothing is paid while it is 0 or less.",
]


def statement_markdown(
    statement: Statement, store: PartnerStore, settings: Settings, today: date
) -> str:
    symbol = settings.currency_symbol
    period = statement.period
    profile = settings.profile
    who = " · ".join(x for x in (profile.your_company, profile.your_name) if x.strip())
    out = [f"# Partner payouts: {md(period.title)} ({period.label})", ""]
    out += [md(who + (" · " if who else "") + f"prepared {today.isoformat()}"), ""]
    if not statement.lines:
        out += ["Nothing is owed to any partner for this period.", ""]
    else:
        # A refund's columns only where a partner has a refund by then (a clawback, a
        # balance that may be below zero): other statements read as before.
        refunds = any(line.payout.carried is not None for line in statement.lines)
        clawed = " Clawed back |" if refunds else ""
        out += [
            f"| Partner | Revenue | Revenue share | Referral fees |{clawed} Total | Paid | Owed "
            f"| Paid on | State |{' Balance |' if refunds else ''}",
            f"|---|---:|---:|---:|{'---:|' if refunds else ''}---:|---:|---:|---|---|"
            f"{'---:|' if refunds else ''}",
        ]
        for line in statement.lines:
            p = line.payout
            back = f"| {money(-p.clawback, symbol)} " if refunds else ""
            balance = f" {money(line.balance, symbol)} |" if refunds else ""
            out.append(
                f"| {md(line.company)} | {money(p.revenue, symbol)} "
                f"| {money(p.revenue_share, symbol)} | {money(p.referral_fees, symbol)} "
                f"{back}| **{money(p.total, symbol)}** | {money(p.paid, symbol)} "
                f"| {money(p.owed, symbol)} | {line.paid_on.isoformat() if line.paid_on else '-'} "
                f"| {line.state.value} |{balance}"
            )
        totals = {name: money(statement.total(name), symbol) for name in (
            "revenue", "revenue_share", "referral_fees", "total", "paid")}
        back = f"| {money(-statement.total('clawback'), symbol)} " if refunds else ""
        owed = sum((line.payout.owed or Decimal(0) for line in statement.lines), Decimal("0.00"))
        out.append(
            f"| **Total** | {totals['revenue']} | {totals['revenue_share']} "
            f"| {totals['referral_fees']} {back}| **{totals['total']}** | {totals['paid']} "
            f"| **{money(owed, symbol)}** | | |{' |' if refunds else ''}"
        )
        out.append("")
    if statement.paid_per_quarter:
        names = ", ".join(md(name) for name in statement.paid_per_quarter)
        out += [f"Paid per quarter, so not in this month's statement (see {period.quarter.label}): "
                f"{names}.", ""]
    for line in statement.lines:
        p = line.payout
        out += [f"## {md(line.company)}", "", f"Terms: {_terms_text(p, symbol)}.", ""]
        tier = tier_words(
            store.payouts.tier_table(), store.payouts.tier_schedule(p.partner_id), period)
        if tier:
            out += [f"Tier: {md(tier)}.", ""]
        parts = store.payouts.parts_of(p.partner_id, period)
        if parts:
            shaped = store.payouts.share_shaped(p.partner_id, period)
            out += _deal_rows(parts, symbol, shaped, p.terms)
            out.append("")
        if line.refunds:
            out += _refund_rows(line.refunds, symbol)
            out.append("")
        paid = "not paid yet" if not p.paid else (
            f"paid {money(p.paid, symbol)}"
            + (f" (last on {line.paid_on.isoformat()})" if line.paid_on else ""))
        out += [f"Total {money(p.total, symbol)}; {paid}; owed {money(p.owed, symbol)}.", ""]
        if line.carried or line.balance < 0:
            out += [_balance_text(line, symbol), ""]
    out += ["## How these figures are computed", "", *RULES_IN_WORDS, ""]
    return "\n".join(out).rstrip("\n") + "\n"
