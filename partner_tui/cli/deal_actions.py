"""`partner-tui deal approve|reject|extend DEAL`: the deal registration workflow from the
command line (docs/registrations.md). The rules are domain/registration.py's; the
store signs each change and writes it in the partner's activity log.

`partner-tui deal refund` is deal_refund.py's; every action finds its deal here.

DEAL is a deal's id, its customer's domain in any spelling the Deals tab accepts
(https://www.Acme.io/ is acme.io), or its customer's name (whole, any case). A domain or
name several deals share names the one among them the action can move (an open
registration to review, a won deal to refund); otherwise the candidates are listed with
their ids (exit 2).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from partner_tui.cli import json_output
from partner_tui.cli.data_file import open_existing
from partner_tui.cli.errors import CommandFailed, UsageMistake, say
from partner_tui.domain import clock
from partner_tui.domain.safe_text import for_terminal

if TYPE_CHECKING:
    from partner_tui.domain.deals import Deal
    from partner_tui.store.partner_store import PartnerStore


def find_deal(
    store: PartnerStore, text: str, fits: Callable[[Deal], bool] | None = None
) -> Deal:
    """The deal `text` names (an id, a customer domain or a customer's name). Several
    deals named: the one that `fits` the action (default: an open registration), if it is
    the only one. UsageMistake when `text` is empty or still names several; CommandFailed
    when it names none."""
    from partner_tui.domain.deals import normalise_domain
    from partner_tui.domain.registration import OPEN
    from partner_tui.store.errors import NotFound

    wanted = text.strip()
    if not wanted:
        raise UsageMistake(
            "DEAL is empty: give a deal's id, its customer's domain or its customer"
        )
    try:
        return store.deals.get(wanted)
    except NotFound:
        pass
    shown = for_terminal(repr(wanted), multiline=False)
    try:
        domain = normalise_domain(wanted) if "." in wanted else ""
    except ValueError:
        domain = ""
    found = store.deals.with_domain(domain) if domain else []
    if not found:
        key = " ".join(wanted.casefold().split())
        found = [
            deal for deal in store.deals.all()
            if " ".join(deal.customer.casefold().split()) == key
        ]
    if not found:
        raise CommandFailed(
            f"no deal {shown}: neither a deal's id nor a registered customer's domain or "
            "name (`partner-tui export --format json` lists every deal with its id)"
        )
    fitting = [deal for deal in found if (fits or (lambda d: d.status in OPEN))(deal)]
    if len(found) == 1 or len(fitting) == 1:
        return found[0] if len(found) == 1 else fitting[0]
    lines = [f"{shown} names {len(found)} deals; give the id of the one you mean:"]
    lines += [_candidate(store, deal) for deal in found]
    raise UsageMistake("\n".join(lines))


def _candidate(store: PartnerStore, deal: Deal) -> str:
    from partner_tui.domain.registration import describe_state

    state = describe_state(deal, store.deals.rules(), clock.today())
    company = store.partners.card(deal.partner_id).company
    return for_terminal(f"  {deal.id}  {deal.customer} for {company} ({state})", multiline=False)


def deal_document(store: PartnerStore, deal: Deal) -> dict[str, Any]:
    """A deal as `deal ... --json` answers: the stored deal, its shown state, the first day
    it is no longer protected (None when no window runs), the state in words, and its
    partner."""
    from partner_tui.domain.registration import (
        describe_state,
        protection_ends,
        registration_state,
    )

    rules, today = store.deals.rules(), clock.today()
    ends = protection_ends(deal, rules)
    return {
        "deal": deal.model_dump(mode="json"),
        "state": registration_state(deal, rules, today).value,
        "expires_on": ends.isoformat() if ends is not None else None,
        "summary": describe_state(deal, rules, today),
        "partner": json_output.partner_summary(store.partners.card(deal.partner_id)),
    }


def apply_review(store: PartnerStore, action: str, text: str, **options: Any) -> dict[str, Any]:
    """Approve, reject or extend the deal `text` names; `deal ... --json`'s answer.
    CommandFailed says why it cannot be done (a status that does not allow it, a clash)."""
    from partner_tui.domain.deals import RegistrationClash
    from partner_tui.domain.registration import ReviewRefused

    deal = find_deal(store, text)
    today = clock.today()
    try:
        if action == "approve":
            moved = store.deals.approve(deal.id, today)
        elif action == "reject":
            moved = store.deals.reject(deal.id, options["reason"], today)
        else:
            moved = store.deals.extend(deal.id, options["days"], today)
    except RegistrationClash as clash:
        raise CommandFailed(
            f"{clash}; it holds the customer now, so this registration cannot {action} it "
            "back (reject or let that one expire first)"
        ) from None
    except ReviewRefused as refused:
        raise CommandFailed(str(refused)) from None
    except ValueError as exc:  # the reason is empty: the domain's words
        raise UsageMistake(str(exc)) from None
    return deal_document(store, moved)


def review_text(action: str, document: dict[str, Any]) -> str:
    """'Approved Acme (acme.io) for Brightpath: approved, expires 2027-03-06 (in 90 days).'"""
    deal = document["deal"]
    done = {"approve": "Approved", "reject": "Rejected", "extend": "Extended"}[action]
    domain = f" ({deal['customer_domain']})" if deal.get("customer_domain") else ""
    company = document["partner"]["company"]
    return f"{done} {deal['customer']}{domain} for {company}: {document['summary']}."


def run_deal(db: Path, args: argparse.Namespace) -> int:
    if args.action == "refund":
        from partner_tui.cli.deal_refund import run_refund

        return run_refund(db, args.deal, args.on, args.amount, args.json)
    options = {"reason": getattr(args, "reason", None), "days": getattr(args, "days", None)}
    with open_existing(db, read_only=False) as store:
        document = apply_review(store, args.action, args.deal, **options)
    if args.json:
        json_output.print_json(document)
    else:
        say(for_terminal(review_text(args.action, document)))
    return 0
