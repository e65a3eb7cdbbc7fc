"""The CRM exports partner-tui reads as they come: HubSpot company and contact exports,
Salesforce account, contact and opportunity reports. Each is recognised by its header row
alone (no option to give), and says which of its columns fill which partner field.

A field a CRM spells several ways lists its headers best first: the first one present in
the file fills the field, the others are ignored (and said to be). Two fields exist only
here: `first_name` and `last_name`, which make the contact's name together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class CRM(StrEnum):
    HUBSPOT = "HubSpot"
    SALESFORCE = "Salesforce"


@dataclass(frozen=True)
class CRMSource:
    """A CRM's export shape: where its columns go, and what its rows are."""

    crm: CRM
    kind: str  # "companies", "contacts", "accounts", "opportunities": what one row is
    columns: tuple[tuple[str, tuple[str, ...]], ...]  # field -> its headers, best first

    @property
    def name(self) -> str:
        noun = "export" if self.crm is CRM.HUBSPOT else "report"
        return f"{self.crm.value} {self.kind} {noun}"

    @property
    def rows_are_companies(self) -> bool:
        """False when a row is a person or an opportunity: several rows can then be one
        company, and they become one partner (see crm_merge.py)."""
        return self.kind in ("companies", "accounts")


def crm_key(header: str) -> str:
    """A header as CRMs vary it: case, spaces, slashes and brackets do not matter
    ("Associated Company (Primary)" -> "associated_company_primary")."""
    return re.sub(r"[^0-9a-z]+", "_", header.casefold()).strip("_")


# Headers only these CRMs write: one of them in the header row names the CRM.
_SIGNS: dict[CRM, frozenset[str]] = {
    CRM.HUBSPOT: frozenset({
        "record_id", "company_domain_name", "lifecycle_stage", "company_owner",
        "contact_owner", "associated_company", "associated_company_primary", "lead_status",
        "hubspot_owner", "website_url",
    }),
    CRM.SALESFORCE: frozenset({
        "account_name", "account_owner", "account_id", "opportunity_name",
        "opportunity_owner", "opportunity_id", "account_type", "billing_city",
        "billing_country", "close_date", "next_step",
    }),
}
_PEOPLE = frozenset({"first_name", "last_name"})
_OPPORTUNITIES = frozenset({"opportunity_name", "opportunity_owner", "opportunity_id"})

_HUBSPOT_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # A contact's company: the CRM's association first, then what the contact typed.
    ("company", ("associated_company_primary", "associated_company", "company_name")),
    ("website", ("company_domain_name", "website_url", "website", "domain")),
    ("owner", ("company_owner", "contact_owner", "hubspot_owner", "owner")),
    ("first_name", ("first_name",)),
    ("last_name", ("last_name",)),
    ("contact_email", ("email", "email_address")),
    ("stage", ("lifecycle_stage",)),
    ("type", ("type", "company_type")),
    ("next_action_date", ("next_activity_date",)),
    ("notes", ("description", "about_us")),
)
_SALESFORCE_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("company", ("account_name", "account")),
    ("website", ("website", "account_website", "domain")),
    # Who works the partner: the opportunity's owner, else the account's.
    ("owner", ("opportunity_owner", "account_owner", "contact_owner", "owner")),
    ("first_name", ("first_name",)),
    ("last_name", ("last_name",)),
    ("contact_name", ("contact_name", "primary_contact", "contact")),
    ("contact_email", ("email", "contact_email")),
    ("stage", ("stage", "opportunity_stage", "stage_name")),
    ("type", ("type", "account_type")),
    ("potential_value", ("amount", "expected_revenue")),
    ("next_action", ("next_step",)),
    ("notes", ("description",)),
)


def detect_source(headers: Iterable[str]) -> CRMSource | None:
    """The CRM export these headers come from, or None (partner-tui's own columns)."""
    keys = {crm_key(h) for h in headers}
    scores = {crm: len(keys & signs) for crm, signs in _SIGNS.items()}
    crm = max(scores, key=lambda c: scores[c])
    if not scores[crm]:
        return None
    people = bool(keys & _PEOPLE)
    if crm is CRM.HUBSPOT:
        return CRMSource(crm, "contacts" if people else "companies", _HUBSPOT_COLUMNS)
    kind = "opportunities" if keys & _OPPORTUNITIES else "contacts" if people else "accounts"
    return CRMSource(crm, kind, _SALESFORCE_COLUMNS)
