"""`partner-tui deal approve|reject|extend DEAL`: the deal registration workflow from the
command line (docs/registrations.md). The rules are domain/registration.py's; the
store signs each change and writes it in the partner's activity log.

DEAL is a deal's id, or its customer's domain in any spelling the Deals tab accepts
(https://www.Acme.io/ is acme.io). A domain several deals share names the one open
registration among them (registered or approved, expired or not); otherwise the
candidates are listed with their ids (exit 2).
"""

from __future__ import annotations

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


def find_deal(store: PartnerStore, text: str) -> Deal:
    """The deal `text` names (an id or a customer domain). UsageMistake when it is empty
    or names several; CommandFailed when it names none."""
    from partner_tui.domain.deals import normalise_domain
    from partner_tui.domain.registration import OPEN
    from partner_tui.store.errors import NotFound

    wanted = text.strip()
    if not wanted:
        raise UsageMistake("DEAL is empty: give a deal's id or its customer's domain")
    try:
        return store.deals.get(wanted)
    except NotFound:
        pass
    shown = for_terminal(repr(wanted), multiline=False)
    try:
        domain = normalise_domain(wanted)
    except ValueError:
        domain = ""
    found = store.deals.with_domain(domain)
    if not found:
        raise CommandFailed(
            f"no deal {shown}: neither a deal's id nor a registered customer domain "
            "(`partner-tui export --format json` lists every deal with its id)"
        )
    open_ones = [deal for deal in found if deal.status in OPEN]
    if len(found) == 1 or len(open_ones) == 1:
        return found[0] if len(found) == 1 else open_ones[0]
    lines = [f"{shown} is the domain of {len(found)} deals; give the id of the one you mean:"]
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


def run_deal(db: Path, action: str, text: str, as_json: bool, **options: Any) -> int:
    with open_existing(db, read_only=False) as store:
        document = apply_review(store, action, text, **options)
    if as_json:
        json_output.print_json(document)
    else:
        say(for_terminal(review_text(action, document)))
    return 0
