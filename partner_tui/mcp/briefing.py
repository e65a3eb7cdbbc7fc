"""partner_briefing: everything to read before a call with a partner, in one answer.

Built on `show --json` (cli/partner_commands.show_document: the record, its summary,
what is due, its figures), with what a call needs pulled out: the stage and how long it
has been in it, the latest activities, the next action, open and won deals, the payouts
of this period and the last, the agreement's elements not yet agreed, the cadence due.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from partner_tui.cli import json_output
from partner_tui.cli.partner_commands import show_document
from partner_tui.cli.partner_lookup import find_partner
from partner_tui.mcp.documents import money

if TYPE_CHECKING:
    from partner_tui.store.partner_store import PartnerStore

LAST_ACTIVITIES = 5


def briefing_document(store: PartnerStore, partner: str, today: date) -> dict[str, Any]:
    from partner_tui.domain.agreement import Agreement
    from partner_tui.domain.deals import DealStatus
    from partner_tui.domain.periods import Period
    from partner_tui.domain.registration import OPEN, registration_state

    partner_id = find_partner(store, partner)
    shown = show_document(store, partner_id, today)
    p = store.partners.get(partner_id)
    entered = p.entered_stage_at().date()
    latest = sorted(p.activities, key=lambda a: a.date, reverse=True)[:LAST_ACTIVITIES]
    deals = store.deals.of_partner(partner_id)
    rules = store.deals.rules()
    terms = store.payouts.terms(partner_id)
    current = Period.of(today, terms.payment_kind)
    payouts = [store.payouts.of_partner(partner_id, period) for period in (current.step(-1), current)]
    day = p.next_action_date
    return {
        "partner": shown["summary"],
        "stage": {
            "stage": p.stage.value,
            "since": entered.isoformat(),
            "days": (today - entered).days,
            "archive_reason": p.archive_reason.value if p.archive_reason else None,
        },
        "next_action": {
            "text": p.next_action,
            "date": day.isoformat() if day else None,
            "days": (day - today).days if day else None,
        },
        "last_activities": [json_output.activity_entry(a) for a in latest],
        "activity_count": len(p.activities),
        "deals": {
            # Open: registered or approved; each says whether it has expired ("state").
            "open": [_deal(d, registration_state(d, rules, today).value)
                     for d in deals if d.status in OPEN],
            "won": [_deal(d) for d in deals if d.status is DealStatus.WON],
            "lost": sum(1 for d in deals if d.status is DealStatus.LOST),
        },
        "payouts": [
            {"period": x.period.label, "total": money(x.total), "paid": money(x.paid),
             "owed": money(x.owed)}
            for x in payouts
        ],
        "payout_to_date": shown["payout"],
        "roi": shown["roi"],
        "agreement": {
            "agreed": p.agreement.progress(),
            "gaps": [title for name, title in Agreement.items()
                     if not getattr(p.agreement, name).agreed],
        },
        "due": shown["due"],
        "cadence_due": [item for item in shown["due"] if item["kind"] != "next_action"],
    }


def _deal(deal: Any, state: str | None = None) -> dict[str, Any]:
    return {
        "id": deal.id,
        "customer": deal.customer,
        "customer_domain": deal.customer_domain,
        "status": deal.status.value,
        "state": state or deal.status.value,
        "registered_on": deal.registered_on.isoformat(),
        "closed_on": deal.closed_on.isoformat() if deal.closed_on else None,
        "amount": money(deal.amount),
        "monthly_revenue": money(deal.monthly_revenue),
    }
