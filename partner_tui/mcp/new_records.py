"""A new partner and a new deal from an agent's arguments, read exactly as a row of
`import` and of `import-deals` is read (exchange/csv_rows.py, exchange/deals_csv.py):
the same cleaning of text, the same limits, the same messages naming the field, the
same duplicate warning and registration-clash rule. The CLI has no one-record command
for these; the MCP server's add_partner and register_deal call these functions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from partner_tui.cli import json_output
from partner_tui.cli.errors import CommandFailed
from partner_tui.cli.partner_lookup import candidate_line, find_partner
from partner_tui.domain import clock

if TYPE_CHECKING:
    from partner_tui.store.partner_store import PartnerStore

# The arguments of add_partner: import's CSV columns of the same names.
PARTNER_FIELDS = (
    "company", "type", "stage", "contact_name", "contact_email", "website", "owner", "notes",
)


def add_partner(store: PartnerStore, values: dict[str, str | None]) -> dict[str, Any]:
    """Add one partner from `values` (PARTNER_FIELDS; None: not given). Answers the new
    partner as `list --json` gives it, and warnings (a company already in the file)."""
    from partner_tui.exchange.csv_columns import ColumnPlan
    from partner_tui.exchange.csv_rows import RowReader

    cells = {name: value for name, value in values.items() if value is not None}
    unknown = sorted(set(cells) - set(PARTNER_FIELDS))
    if unknown:
        raise CommandFailed(f"unknown field(s): {', '.join(unknown)}")
    names = list(PARTNER_FIELDS)
    plan = ColumnPlan(
        fields=dict(enumerate(names)), headers={name: name for name in names}, names=names
    )
    partner, problems = RowReader(plan).read(cells, 1)
    if partner is None or problems:
        raise CommandFailed("the partner cannot be added: " + "; ".join(problems))
    key = partner.company.casefold()
    same_name = [card for card in store.partners.cards() if card.company.strip().casefold() == key]
    added = store.partners.add(partner)
    warnings = []
    if same_name:
        listed = "; ".join(candidate_line(card).strip() for card in same_name)
        warnings.append(
            f"{partner.company!r} is already in the database ({listed}); added as a "
            "separate partner (undo_last_change takes it back)"
        )
    return {
        "partner": json_output.partner_summary(store.partners.card(added.id)),
        "warnings": warnings,
    }


# The arguments of register_deal: import-deals' columns of the same names.
DEAL_FIELDS = (
    "customer", "customer_domain", "status", "amount", "monthly_revenue",
    "registered_on", "closed_on", "paid_on", "ended_on", "notes",
)


def register_deal(
    store: PartnerStore, partner: str, values: dict[str, str | None]
) -> dict[str, Any]:
    """Register a deal for `partner` (an id or a name, found as the CLI finds it). The
    first registration of a customer domain wins: a domain on another live registration or
    won deal is refused, naming that deal, and nothing is written."""
    from partner_tui.exchange.deals_csv import PartnerLookup, deal_from_cells

    partner_id = find_partner(store, partner)
    company = store.partners.card(partner_id).company
    cells = {name: value for name, value in values.items() if value is not None}
    cells["partner"] = partner_id
    author = store.author() or ""
    deal, problems = deal_from_cells(
        cells, PartnerLookup({partner_id: company}), clock.today(), author
    )
    if deal is None or problems:
        raise CommandFailed("the deal cannot be registered: " + "; ".join(problems))
    clash = store.deals.find_clash(deal)
    if clash is not None:
        raise CommandFailed(
            f"customer_domain: {clash}; the first registration is kept (a person can "
            "register it anyway in the app's Deals tab, or with import-deals --override)"
        )
    added = store.deals.add(deal)
    return {
        "deal": added.model_dump(mode="json"),
        "partner": json_output.partner_summary(store.partners.card(partner_id)),
    }
