"""A record as the file stores it: compact partners and deals, payments, and templates marked
built in or not."""

from __future__ import annotations

from typing import Any

from partner_tui.domain.deals import Deal
from partner_tui.domain.partner import Partner
from partner_tui.domain.payments import Payment
from partner_tui.domain.templates import PLAYBOOK_TEMPLATE_ID, OutreachTemplate

# Fields every stored partner record spells out even at their default, so a person
# reading the file (or a diff) always sees what a record is and where it sits.
ALWAYS_STORED = frozenset({"id", "company", "stage", "position", "created_at", "updated_at"})


def dump_partner(partner: Partner) -> dict[str, Any]:
    """The stored form: fields at their default are left out, which keeps a typical
    record near 1 KB instead of 4 KB (the file loads, diffs and saves that much faster).
    Reading fills the defaults back in, so nothing is lost."""
    full = partner.model_dump(mode="json")
    compact = partner.model_dump(mode="json", exclude_defaults=True)
    for key in ALWAYS_STORED:
        compact[key] = full[key]
    return compact


# What a stored deal always spells out: whose it is, who the customer is, where it stands.
DEAL_ALWAYS_STORED = frozenset(
    {"id", "partner_id", "customer", "status", "registered_on", "created_at", "updated_at"}
)


def dump_deal(deal: Deal) -> dict[str, Any]:
    """Compact like a partner: 100,000 deals are most of a big file."""
    full = deal.model_dump(mode="json")
    compact = deal.model_dump(mode="json", exclude_defaults=True)
    for key in DEAL_ALWAYS_STORED:
        compact[key] = full[key]
    return compact


def dump_payment(payment: Payment) -> dict[str, Any]:
    return payment.model_dump(mode="json")


def as_stored_template(template: OutreachTemplate) -> OutreachTemplate:
    """Only the playbook's template is built in (it can never be deleted); no other is."""
    builtin = template.id == PLAYBOOK_TEMPLATE_ID
    if template.builtin is builtin:
        return template
    return template.model_copy(update={"builtin": builtin})
