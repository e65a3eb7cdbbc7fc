"""What `show` prints of one partner (ShownPartner): read from its model, or straight
from its stored record without building the model.

Building the Partner model's validator (two dozen nested pydantic models) costs `show`
about as much as all the rest of its own work at 10,000 partners. A file known valid
(speedups/file_board.py) holds records that each passed validation once; shown_of_record
reads the few values `show` prints from such a record, each as the model reads it: the
model's text rule (safe_text), its validators' rules (the company's strip, the email
address's and the web addresses' normalisers, the tags' strip and de-duplication, the
steps' one spelling: the same functions, through exchange/csv_records.py), the money
rule (money.cents), the fit score's rule (fit_score.py) and the model's defaults for
what the record leaves out. A value in a form only validation reads (a float, a number
typed as text, a date spelled otherwise) raises NotReadable, ValueError or TypeError and
`show` builds the model instead. tests/unit/cli/test_shown_partner.py holds
shown_of_record equal to ShownPartner.of_partner of the validated model, and the due
items read from it equal to the model's, for records as this program writes them and
as a person may type them. This module never imports pydantic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from partner_tui.domain.activity_kinds import ActivityKind
from partner_tui.domain.cadence_rule import StoredCadence
from partner_tui.domain.fit_score import FIT_FIELDS, fit_score
from partner_tui.domain.money import cents
from partner_tui.domain.partner_types import PartnerType
from partner_tui.domain.safe_text import clean_line, clean_text
from partner_tui.domain.share_steps import parse_steps, steps_text
from partner_tui.domain.stages import ArchiveReason, Stage, live_since_of
from partner_tui.domain.terms_choices import SHARE_DEFAULTS, PaymentTerms
from partner_tui.exchange.csv_records import (
    NotReadable,
    company_field,
    email_field,
    line_field,
    url_field,
)

if TYPE_CHECKING:
    from partner_tui.domain.cadence import Cadence
    from partner_tui.domain.partner import Partner

# The six elements of the agreement (domain/agreement.py's fields, in its order; a test
# holds them to Agreement's).
AGREEMENT_FIELDS = (
    "partnership_type", "responsibilities", "revenue_sharing", "marketing_commitments",
    "support_expectations", "term_and_termination",
)
# The Partner fields shown_of_record reads; a test holds them to Partner's fields.
SHOWN_FIELDS_READ = (
    "id", "company", "stage", "stage_history", "created_at", "archive_reason",
    "partner_type", "subtype", "contact_name", "contact_email", "contact_linkedin",
    "website", "owner", "tags", "potential_value", "fit", "agreement", "models",
    "next_action", "next_action_date", "activities", "notes", "cadence",
)


@dataclass(frozen=True)
class ShownShare:
    """The revenue share's terms `show` prints."""

    enabled: bool
    percent: Decimal
    payment_terms: PaymentTerms
    steps: str
    cap_per_customer: Decimal
    cap_per_period: Decimal


@dataclass(frozen=True)
class ShownActivity:
    date: date
    kind: ActivityKind
    text: str


@dataclass(frozen=True)
class ShownPartner:
    """Every value of a partner `show` prints, and what its due items are read from
    (domain/due_list.due_items reads a ShownPartner as it reads a Partner)."""

    id: str
    company: str
    stage: Stage
    entered_stage: date  # the day it entered its stage
    archive_reason: ArchiveReason | None
    partner_type: PartnerType | None
    subtype: str
    contact_name: str
    contact_email: str  # "" when there is none
    contact_linkedin: str
    website: str
    owner: str
    tags: tuple[str, ...]
    potential_value: Decimal | None
    fit_score: int
    fit_rated: bool
    agreement: str  # its progress: "2/6"
    share: ShownShare
    next_action: str
    next_action_date: date | None
    activities: tuple[ShownActivity, ...]
    notes: str
    live_since: date
    # The due rule reads either (domain/cadence_rule.py); compared through the due items.
    cadence: Cadence | StoredCadence = field(compare=False)

    @classmethod
    def of_partner(cls, p: Partner) -> ShownPartner:
        share = p.models.revenue_share
        return cls(
            id=p.id, company=p.company, stage=p.stage,
            entered_stage=p.entered_stage_at().date(), archive_reason=p.archive_reason,
            partner_type=p.partner_type, subtype=p.subtype, contact_name=p.contact_name,
            contact_email=p.contact_email or "", contact_linkedin=p.contact_linkedin or "",
            website=p.website or "", owner=p.owner, tags=tuple(p.tags),
            potential_value=p.potential_value, fit_score=p.fit_score, fit_rated=p.fit_rated,
            agreement=p.agreement.progress(),
            share=ShownShare(share.enabled, share.percent, share.payment_terms, share.steps,
                             share.cap_per_customer, share.cap_per_period),
            next_action=p.next_action, next_action_date=p.next_action_date,
            activities=tuple(ShownActivity(a.date, a.kind, a.text) for a in p.activities),
            notes=p.notes, live_since=p.live_since, cadence=p.cadence,
        )


def shown_of_record(raw: dict[str, Any]) -> ShownPartner:
    """ShownPartner.of_partner of the model `raw` validates to (NotReadable, ValueError
    or TypeError for a record to validate instead)."""
    history = _list(raw, "stage_history")
    created = _moment(raw.get("created_at"))
    changes = [(Stage(_dict(c).get("stage")), _moment(_dict(c).get("entered_at"))) for c in history]
    fit = _part(raw, "fit")
    ratings = [_int(fit.get(name, 0)) for name in FIT_FIELDS]
    agreement = _part(raw, "agreement")
    agreed = sum(1 for name in AGREEMENT_FIELDS if _bool(_part(agreement, name).get("agreed")))
    share = {**SHARE_DEFAULTS, **_part(_part(raw, "models"), "revenue_share")}
    notes = raw.get("notes", "")
    if not isinstance(notes, str):
        raise NotReadable("notes")
    return ShownPartner(
        id=line_field(raw, "id"),
        company=company_field(raw),
        stage=Stage(raw.get("stage", Stage.PROSPECT.value)),
        entered_stage=(changes[-1][1] if changes else created).date(),
        archive_reason=_choice(ArchiveReason, raw.get("archive_reason")),
        partner_type=_choice(PartnerType, raw.get("partner_type")),
        subtype=line_field(raw, "subtype"),
        contact_name=line_field(raw, "contact_name"),
        contact_email=email_field(raw),
        contact_linkedin=url_field(raw, "contact_linkedin"),
        website=url_field(raw, "website"),
        owner=line_field(raw, "owner"),
        tags=_tags(raw.get("tags")),
        potential_value=_amount(raw.get("potential_value")),
        fit_score=fit_score(ratings),
        fit_rated=any(ratings),
        agreement=f"{agreed}/{len(AGREEMENT_FIELDS)}",  # Agreement.progress's spelling
        share=ShownShare(
            enabled=_bool(share["enabled"]),
            percent=_amount(share["percent"]) or cents(Decimal(0)),
            payment_terms=PaymentTerms(share["payment_terms"]),
            steps=_steps(share["steps"]),
            cap_per_customer=_amount(share["cap_per_customer"]) or cents(Decimal(0)),
            cap_per_period=_amount(share["cap_per_period"]) or cents(Decimal(0)),
        ),
        next_action=line_field(raw, "next_action"),
        next_action_date=_day(raw.get("next_action_date")),
        activities=tuple(_activity(_dict(entry)) for entry in _list(raw, "activities")),
        notes=clean_text(notes),
        live_since=live_since_of(changes, created),
        cadence=StoredCadence(_part(raw, "cadence")),
    )


# Settings.currency_symbol's default (domain/program.py; a test holds the two equal).
CURRENCY_DEFAULT = "$"


def currency_of_settings(table: object) -> str:
    """Settings.currency_symbol of a stored settings table (store/records/settings.py's
    one record, "1"), as the model reads it: cleaned as a single line, the default when
    left out (NotReadable for a value only validation reads)."""
    record = _dict(table).get("1")
    value = None if record is None else _dict(record).get("currency_symbol")
    if value is None:
        return CURRENCY_DEFAULT
    if not isinstance(value, str):
        raise NotReadable("currency_symbol")
    return clean_line(value)


def _dict(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise NotReadable("not a record")
    return value


def _part(raw: dict[str, Any], key: str) -> dict[str, Any]:
    """A nested model's record; left out or null: the model's default (all defaults)."""
    value = raw.get(key)
    return {} if value is None else _dict(value)


def _list(raw: dict[str, Any], key: str) -> list[Any]:
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise NotReadable(key)
    return value


def _choice(kind: type[Any], value: object) -> Any:
    if value is None:
        return None
    if not isinstance(value, str):
        raise NotReadable(kind.__name__)
    return kind(value)


def _bool(value: object) -> bool:
    if value is None:
        return False
    if type(value) is not bool:  # "yes", 1: validation's reading, not ours
        raise NotReadable("a yes/no")
    return value


def _int(value: object) -> int:
    if type(value) is not int:
        raise NotReadable("a rating")
    return value


def _amount(value: object) -> Decimal | None:
    """Money as the model reads it (money.cents of the exact value)."""
    if value is None:
        return None
    if isinstance(value, Decimal):  # a default (terms_choices.py)
        return cents(value)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise NotReadable("an amount")  # a float: validation's reading, not ours
    if isinstance(value, str) and value != value.strip():
        raise NotReadable("an amount")
    try:
        return cents(Decimal(value))
    except InvalidOperation as exc:
        raise NotReadable("an amount") from exc


def _steps(value: object) -> str:
    if not isinstance(value, str):
        raise NotReadable("steps")
    return steps_text(parse_steps(clean_line(value)))  # the model's one spelling


def _day(value: object) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) != len("2026-01-05"):
        raise NotReadable("a day")
    return date.fromisoformat(value)


# An instant as the store writes it (datetime.isoformat); any other spelling: validation's.
_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?")


def _moment(value: object) -> datetime:
    if not isinstance(value, str) or _INSTANT.fullmatch(value) is None:
        raise NotReadable("an instant")
    return datetime.fromisoformat(value)


def _tags(value: object) -> tuple[str, ...]:
    """The model's tags: each cleaned, stripped, the empty and repeated ones left out."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise NotReadable("tags")
    seen: list[str] = []
    for tag in value:
        tag = clean_line(tag).strip()
        if tag and tag not in seen:
            seen.append(tag)
    return tuple(seen)


def _activity(raw: dict[str, Any]) -> ShownActivity:
    text = raw.get("text")
    if not isinstance(text, str):
        raise NotReadable("an activity")
    kind = raw.get("kind")
    return ShownActivity(
        _day(raw.get("date")) or _missing("an activity's day"),
        ActivityKind.NOTE if kind is None else _choice(ActivityKind, kind),
        clean_text(text),
    )


def _missing(what: str) -> Any:
    raise NotReadable(what)
