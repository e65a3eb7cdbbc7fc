"""Which rows of an import are partners the file holds already (`import` run again).

A row is matched to a partner on the board or in the archive by, in this order:
1. the partner's own id (the `id` column of partner-tui's CSV export; a row whose id the
   file does not hold is added under that id (csv_import.py), so an export imported into
   another file is the same partner there);
2. the CRM's record id (HubSpot's Record ID, Salesforce's Account ID: `crm_id`);
3. the website's domain (`www.Acme.io/about` is acme.io: domain/web_domain.py);
4. the exact company name (any case, spaces at the ends ignored).
Each partner is matched by one row at most. A matched row updates the fields the row fills
(a cell left empty never erases anything) and is reported with what changes, or as
unchanged; every other row is added. The stage is the board's: a row never moves a card
(moves have a history and an author; an import run again must not undo them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from partner_tui.domain.company_names import CompanyIndex
from partner_tui.domain.partner import Partner, new_partner
from partner_tui.domain.partnership_models import PartnershipModels
from partner_tui.domain.records import new_id
from partner_tui.domain.web_domain import web_domain
from partner_tui.exchange.csv_terms import terms_cells

# What a row may change on a partner it matches (never its place on the board, its logs,
# checklists or metrics, which the app keeps).
UPDATED_FIELDS: tuple[str, ...] = (
    "company",
    "partner_type",
    "subtype",
    "contact_name",
    "contact_email",
    "contact_linkedin",
    "website",
    "owner",
    "potential_value",
    "next_action",
    "next_action_date",
    "notes",
    "models",
    "crm_id",
)


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any


@dataclass
class MatchedRow:
    line: int
    partner: Partner  # as it would be after the import
    changes: list[Change]
    matched_by: str  # "id", "CRM record id", "website domain", "company name"


@dataclass
class ImportPlan:
    added: list[tuple[int, Partner]] = field(default_factory=list)
    updated: list[MatchedRow] = field(default_factory=list)
    unchanged: list[MatchedRow] = field(default_factory=list)
    # Added rows whose company looks like one in the file (legal suffix, punctuation or a
    # near spelling apart): (line, the row's company, the company in the file).
    lookalikes: list[tuple[int, str, str]] = field(default_factory=list)

    def lookalike_notes(self, shown: int = 5) -> list[str]:
        notes = [
            f"line {line}: {company!r} looks like {other!r}, already in the file; added as "
            f"a new partner (see it: partner-tui show {other!r})"
            for line, company, other in self.lookalikes[:shown]
        ]
        if len(self.lookalikes) > shown:
            notes.append(f"... and {len(self.lookalikes) - shown} more companies that look "
                         "like ones in the file")
        return notes


def domain_of(website: str | None) -> str:
    if not website:
        return ""
    try:
        return web_domain(website)
    except ValueError:
        return ""


def name_key(company: str) -> str:
    return company.strip().casefold()


class _Index:
    """The file's partners by each key a row can match, each partner taken once."""

    def __init__(self, partners: Iterable[Partner]) -> None:
        self.by: dict[str, dict[str, list[Partner]]] = {
            "id": {}, "CRM record id": {}, "website domain": {}, "company name": {}
        }
        self.taken: set[str] = set()
        for partner in partners:
            for how, key in _keys(partner, partner.id):
                self.by[how].setdefault(key, []).append(partner)

    def match(self, row: Partner, row_id: str) -> tuple[Partner, str] | None:
        for how, key in _keys(row, row_id):
            for partner in self.by[how].get(key, []):
                if partner.id not in self.taken:
                    self.taken.add(partner.id)
                    return partner, how
        return None


def _keys(partner: Partner, own_id: str) -> list[tuple[str, str]]:
    keys = [("id", own_id), ("CRM record id", partner.crm_id or "")]
    keys += [("website domain", domain_of(partner.website)),
             ("company name", name_key(partner.company))]
    return [(how, key) for how, key in keys if key]


def plan_import(
    rows: list[tuple[int, Partner, str]], existing: Iterable[Partner]
) -> ImportPlan:
    """rows: (line, partner as read, its `id` cell); existing: the file's partners."""
    existing = list(existing)
    index = _Index(existing)
    plan = ImportPlan()
    names = CompanyIndex((p.id, p.company) for p in existing)
    ids = {partner.id for group in index.by["id"].values() for partner in group}
    for line, row, row_id in rows:
        found = index.match(row, row_id)
        if found is None:
            if row.id in ids:  # its id names a partner another row matched
                row = row.model_copy(update={"id": new_id()})
            ids.add(row.id)
            plan.added.append((line, row))
            like = names.similar(row.company, limit=1)
            if like:
                plan.lookalikes.append((line, row.company, like[0].company))
            continue
        partner, how = found
        changes = changes_from(row, partner)
        if not changes:
            plan.unchanged.append(MatchedRow(line, partner, [], how))
            continue
        updated = partner.model_copy(update={c.field: c.after for c in changes})
        plan.updated.append(MatchedRow(line, updated, changes, how))
    return plan


def changes_from(row: Partner, partner: Partner) -> list[Change]:
    """The fields the row fills (differs from a blank partner) that differ on `partner`."""
    blank = new_partner(row.company)
    changes = []
    for name in UPDATED_FIELDS:
        if name == "models":
            change = _terms_change(row, partner, blank)
            changes += [change] if change is not None else []
            continue
        value = getattr(row, name)
        if name != "company" and value == getattr(blank, name):
            continue  # the row leaves it empty: never an erase
        if value != getattr(partner, name):
            changes.append(Change(name, getattr(partner, name), value))
    return changes


# The terms a CSV row says (csv_terms.py); program tiers and the other models are the app's.
_SHARE_CELLS = (
    "enabled", "percent", "duration_years", "minimum_customers", "payment_terms", "steps",
    "cap_per_customer", "cap_per_period",
)
_FEE_CELLS = ("enabled", "amount", "payment")


def _terms_change(row: Partner, partner: Partner, blank: Partner) -> Change | None:
    """The payout terms the row's terms columns set, where they differ from the partner's."""
    said = terms_cells(row)
    if said == terms_cells(blank) or said == terms_cells(partner):
        return None
    models = partner.models
    share = models.revenue_share.model_copy(
        update={name: getattr(row.models.revenue_share, name) for name in _SHARE_CELLS}
    )
    fee = models.referral_fee.model_copy(
        update={name: getattr(row.models.referral_fee, name) for name in _FEE_CELLS}
    )
    after = models.model_copy(update={"revenue_share": share, "referral_fee": fee})
    return Change("models", models, after)


def shown_value(value: Any, money: Callable[[Any], str] = str) -> str:
    """A field's value in one line for the dry run."""
    if value is None or value == "":
        return "empty"
    if isinstance(value, PartnershipModels):
        cells = terms_cells(new_partner("terms", models=value))
        said = [f"{name.replace('_', ' ')} {cell}" for name, cell in cells.items() if cell]
        return ", ".join(said) or "no terms"
    if hasattr(value, "label"):
        return str(value.label)
    from decimal import Decimal

    if isinstance(value, Decimal):
        return money(value)
    return str(value)
