"""`partner-tui pay PARTNER --period P [--amount A] [--on DATE] [--json]`: finance marks a
payout paid from the shell, by the Payouts screen's rules (store.payouts.mark_paid): what is owed
by default; a part payment, an overpayment, or a payment when nothing is owed with
--amount, each said in one clear line. Signed with your name (your config), one undoable
change in the store, as `m` on the Payouts screen records it.

pay_document() is a plain function of the store (the MCP tools give the same document).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from partner_tui.cli import json_output
from partner_tui.cli.data_file import open_existing
from partner_tui.cli.errors import CommandFailed, UsageMistake, say
from partner_tui.cli.option_values import amount_option, day_option
from partner_tui.cli.partner_lookup import find_partner
from partner_tui.domain import clock
from partner_tui.domain.money import format_cents
from partner_tui.domain.periods import Period

if TYPE_CHECKING:
    from partner_tui.store.partner_store import PartnerStore


def parse_pay_arguments(period: str, amount: str | None, on: str | None) -> tuple[
    Period, Decimal | None, date
]:
    """The arguments as values; UsageMistake says what is wrong with one."""
    try:
        paid_for = Period.parse(period)
    except ValueError as exc:
        raise UsageMistake(f"--period: {exc}") from None
    value = amount_option(amount, "a payment is more than 0")
    day = day_option(on) if on is not None else clock.today()
    return paid_for, value, day


def _outcome(owed: Decimal, paid: Decimal, symbol: str, period: str) -> str:
    """What the payment did to the balance, in words."""
    left = owed - paid
    if owed <= 0:
        return (f"nothing was owed for {period}; recorded as paid ahead "
                f"(overpaid by {format_cents(-left, symbol)})")
    if left == 0:
        return f"settled: nothing more is owed for {period}"
    if left > 0:
        return (f"part payment: {format_cents(paid, symbol)} of {format_cents(owed, symbol)}; "
                f"{format_cents(left, symbol)} still owed")
    return (f"overpaid: {format_cents(paid, symbol)} against {format_cents(owed, symbol)} "
            f"owed; {format_cents(-left, symbol)} paid ahead")


def pay_document(
    store: PartnerStore, partner_id: str, period: Period, amount: Decimal | None, on: date
) -> dict[str, Any]:
    """Record the payment and say what it did. CommandFailed when nothing can be paid."""
    from partner_tui.store.parts.payouts import NothingOwed

    company = store.partners.company_of(partner_id)
    before = store.payouts.of_partner(partner_id, period)
    if not before.payable:
        raise CommandFailed(
            f"{company} is paid per quarter: pay --period {period.quarter.label}"
        )
    owed = before.owed if before.owed is not None else Decimal("0.00")
    try:
        payments = store.payouts.mark_paid(partner_id, period, on, store.author() or "", amount)
    except NothingOwed as exc:
        nothing_owed = str(exc).startswith("nothing owed")
        hint = "; --amount A records a payment anyway" if amount is None and nothing_owed else ""
        raise CommandFailed(f"{company}: {exc}{hint}") from None
    paid = sum((p.amount for p in payments), Decimal("0.00"))
    after = store.payouts.of_partner(partner_id, period).owed
    symbol = store.program.settings().currency_symbol
    months = (
        " (" + ", ".join(f"{p.period} {format_cents(p.amount, symbol)}" for p in payments) + ")"
        if len(payments) > 1 else ""
    )
    said = (f"Paid {company} {format_cents(paid, symbol)} for {period.label}{months} "
            f"on {on.isoformat()}: {_outcome(owed, paid, symbol, period.label)}.")
    if amount is None and 0 < paid < owed:  # mark_paid pays no more than the balance
        said += (" No more than the partner's balance was paid: a refund's clawback is "
                 "made up first (docs/refunds.md).")
    return {
        "partner_id": partner_id,
        "company": company,
        "period": period.label,
        "paid_on": on.isoformat(),
        "payments": [
            {"id": p.id, "period": p.period, "amount": format(p.amount, "f"), "author": p.author}
            for p in payments
        ],
        "owed_before": format(owed, "f"),
        "paid": format(paid, "f"),
        "owed_after": None if after is None else format(after, "f"),
        "said": said,
    }


def run_pay(
    db: Path, partner: str, period: str, amount: str | None, on: str | None, as_json: bool
) -> int:
    paid_for, value, day = parse_pay_arguments(period, amount, on)
    with open_existing(db, read_only=False) as store:
        document = pay_document(store, find_partner(store, partner), paid_for, value, day)
    if as_json:
        json_output.print_json(document)
    else:
        say(document["said"])
    return 0
