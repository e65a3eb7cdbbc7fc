"""csv_export.partner_row of a stored record, without building its model.

Validating 10,000 partners into models costs the CSV export twice what writing it does.
A file known valid as a whole (speedups/file_board.py) holds records that each passed
validation once; this reads the columns straight from such a record, each value as the
model reads it: through the model's own rules (text cleaning, the company's strip, the
email address's and the web addresses' normalisers) and the model's defaults for what
the record leaves out. tests/unit/store/test_readers.py holds record_row equal to
partner_row of the validated model, for records as this program writes them and as a
person may type them. A record this cannot read (a value in a form only validation
turns into the model's) raises, and the caller validates it instead.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from partner_tui.domain.email import check_email, is_checked
from partner_tui.domain.money import CENT
from partner_tui.domain.safe_text import clean_line, clean_text, plain_line
from partner_tui.domain.share_steps import parse_steps, steps_text
from partner_tui.domain.terms_choices import (
    FEE_DEFAULTS,
    SHARE_DEFAULTS,
    PaymentTerms,
    ReferralPayment,
)
from partner_tui.domain.web_domain import is_normal_url, normalise_url
from partner_tui.exchange.csv_terms import terms_of_values

# The Partner fields record_row reads; tests/unit/store/test_readers.py holds them to
# the fields partner_row reads of the model.
ROW_FIELDS_READ = (
    "company", "partner_type", "stage", "contact_name", "contact_email", "website",
    "potential_value", "next_action", "notes", "subtype", "next_action_date",
    "contact_linkedin", "owner", "archive_reason", "models", "crm_id", "id",
)


# What a record leaves out reads as the model's default (domain/terms_choices.py, held
# to the models' by a test: this module never imports pydantic).
_SHARE = SHARE_DEFAULTS
_FEE = FEE_DEFAULTS


class NotReadable(ValueError):
    """A record value in a form only validation reads: validate the record instead."""


def line_field(raw: dict[str, Any], key: str) -> str:
    """A single-line text field as the model reads it ("" when left out)."""
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise NotReadable(key)
    return clean_line(value)


# The records read here passed validation once (a file known valid as a whole): an
# address the rule gives back as it is skips the rule, as exchange/json_records.py does
# (is_checked, is_normal_url: tests/unit/domain/test_fast_text_rules.py holds them to
# the rules, for printable ASCII text that passes them).


def url_field(raw: dict[str, Any], key: str) -> str:
    """A web address as the model reads it (its normaliser), "" when there is none."""
    value = line_field(raw, key)
    if value and plain_line(value) and is_normal_url(value):
        return value
    return normalise_url(value or None) or ""


def email_field(raw: dict[str, Any]) -> str:
    """The contact's address as the model reads it (its rule), "" when there is none."""
    value = line_field(raw, "contact_email")
    if not value.strip():
        return ""
    if plain_line(value) and is_checked(value):
        return value
    return clean_line(check_email(value))


def _amount(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise NotReadable("potential_value")  # a float: validation's reading, not ours
    return format(Decimal(value).quantize(CENT), "f")


def _day(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) != len("2026-01-05"):
        raise NotReadable("next_action_date")
    return date.fromisoformat(value).isoformat()


def _model(raw: dict[str, Any], name: str) -> dict[str, Any]:
    models = raw.get("models") or {}
    part = models.get(name) if isinstance(models, dict) else None
    if part is not None and not isinstance(part, dict):
        raise NotReadable("models")
    return part or {}


# The terms' cells of a record without payout terms (most records): read once.
_NO_TERMS: dict[str, str] = {}


def _terms(raw: dict[str, Any]) -> dict[str, str]:
    if raw.get("models") is None:
        if not _NO_TERMS:
            _NO_TERMS.update(_read_terms(raw))
        return _NO_TERMS
    return _read_terms(raw)


def _read_terms(raw: dict[str, Any]) -> dict[str, str]:
    share = {**_SHARE, **_model(raw, "revenue_share")}
    fee = {**_FEE, **_model(raw, "referral_fee")}
    return terms_of_values(
        share_enabled=bool(share["enabled"]),
        percent=Decimal(str(share["percent"])),
        years=int(share["duration_years"]),
        minimum=int(share["minimum_customers"]),
        payment_terms=PaymentTerms(share["payment_terms"]),
        fee_enabled=bool(fee["enabled"]),
        fee=Decimal(str(fee["amount"])),
        fee_payment=ReferralPayment(fee["payment"]),
        # The model keeps steps in one spelling (share_steps.py): the same rule here.
        steps=steps_text(parse_steps(str(share["steps"]))),
        cap_per_customer=Decimal(str(share["cap_per_customer"])),
        cap_per_period=Decimal(str(share["cap_per_period"])),
    )


def company_field(raw: dict[str, Any]) -> str:
    """The company as the model reads it (cleaned, then stripped by its validator)."""
    return line_field(raw, "company").strip()


def record_row(raw: dict[str, Any]) -> dict[str, str]:
    """partner_row of the model `raw` validates to (NotReadable, ValueError or
    TypeError for a record to validate instead)."""
    notes = raw.get("notes", "")
    if not isinstance(notes, str):
        raise NotReadable("notes")
    return {
        "company": company_field(raw),
        "type": raw.get("partner_type") or "",
        "stage": raw.get("stage") or "prospect",
        "contact_name": line_field(raw, "contact_name"),
        "contact_email": email_field(raw),
        "website": url_field(raw, "website"),
        "potential_value": _amount(raw.get("potential_value")),
        "next_action": line_field(raw, "next_action"),
        "notes": clean_text(notes),
        "subtype": line_field(raw, "subtype"),
        "next_action_date": _day(raw.get("next_action_date")),
        "contact_linkedin": url_field(raw, "contact_linkedin"),
        "owner": line_field(raw, "owner"),
        "archive_reason": raw.get("archive_reason") or "",
        **_terms(raw),
        "crm_id": line_field(raw, "crm_id"),
        "id": line_field(raw, "id"),
    }
