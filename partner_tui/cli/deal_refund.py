"""`partner-tui deal refund DEAL --on DATE [--amount A] [--json]`: mark a won deal refunded.

The refund claws back what the deal earned on the refunded amount, in the refund's period
(docs/refunds.md; the rule is domain/payouts.py's clawback). Without --amount everything
the deal brought is refunded. One undoable change, like the Deals tab's refund key.

DEAL is found as every `deal` action finds it (deal_actions.find_deal); among several
deals of one domain or name, the one won deal is meant.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from partner_tui.cli import json_output
from partner_tui.cli.data_file import open_existing
from partner_tui.cli.deal_actions import find_deal
from partner_tui.cli.errors import CommandFailed, say
from partner_tui.cli.option_values import amount_option, day_option
from partner_tui.domain.deals import DealStatus
from partner_tui.domain.errors import one_line
from partner_tui.domain.money import format_cents
from partner_tui.domain.payouts import from_cents
from partner_tui.domain.periods import Period

if TYPE_CHECKING:
    from partner_tui.domain.deals import Deal
    from partner_tui.store.partner_store import PartnerStore


def parse_refund_arguments(on: str, amount: str | None) -> tuple[date, Decimal | None]:
    return day_option(on), amount_option(
        amount, "a refund is more than 0 (leave it out to refund all)"
    )


def refund_document(
    store: PartnerStore, deal: Deal, on: date, amount: Decimal | None
) -> dict[str, Any]:
    """Refund the deal and say what it claws back. CommandFailed when it cannot be."""
    company = store.partners.company_of(deal.partner_id)
    try:
        done = store.deals.refund(deal.id, on, amount)
    except ValidationError as exc:
        raise CommandFailed(f"{deal.customer} ({company}): {one_line(exc)}") from None
    except ValueError as exc:  # not won: said by the domain in words
        raise CommandFailed(f"{deal.customer} ({company}): {exc}") from None
    period = Period.of(on)
    back = {d.id: c for d, c in store.payouts.clawbacks_of(done.partner_id, period)}
    taken = back.get(done.id)
    symbol = store.program.settings().currency_symbol
    refunded = from_cents(taken.refunded) if taken is not None else Decimal("0.00")
    brought = from_cents(taken.brought) if taken is not None else Decimal("0.00")
    total = from_cents(taken.total) if taken is not None else Decimal("0.00")
    balance = store.payouts.balance_through(done.partner_id, period.last)
    said = (
        f"Refunded {done.customer} ({company}) on {on.isoformat()}: "
        f"{format_cents(refunded, symbol)} of {format_cents(brought, symbol)}; "
        f"{format_cents(total, symbol)} clawed back in {period.label}; "
        f"{company}'s balance after {period.label}: {format_cents(balance, symbol)}."
    )
    return {
        "deal_id": done.id,
        "partner_id": done.partner_id,
        "company": company,
        "customer": done.customer,
        "refunded_on": on.isoformat(),
        "refunded": format(refunded, "f"),
        "brought": format(brought, "f"),
        "clawback": {
            "period": period.label,
            "revenue_share": format(from_cents(taken.revenue_share if taken else 0), "f"),
            "referral_fee": format(from_cents(taken.referral_fee if taken else 0), "f"),
            "total": format(total, "f"),
        },
        "balance": format(balance, "f"),
        "said": said,
    }


def run_refund(db: Path, deal: str, on: str, amount: str | None, as_json: bool) -> int:
    day, value = parse_refund_arguments(on, amount)
    with open_existing(db, read_only=False) as store:
        deal_named = find_deal(store, deal, lambda d: d.status is DealStatus.WON)
        document = refund_document(store, deal_named, day, value)
    if as_json:
        json_output.print_json(document)
    else:
        say(document["said"])
    return 0
