"""A file's records, read into what the store holds, and validated with a one-line error.

Partner, deal and payment records are not validated while they are read: PartnerCards
and the deal table read them as they are, and every record is checked once per content
before the first write (see record_check.py). Templates and settings are few and small,
and validated right away.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from partner_tui.domain.deals import Deal
from partner_tui.domain.errors import one_line
from partner_tui.domain.partner import Partner
from partner_tui.domain.payments import Payment
from partner_tui.domain.program import Settings
from partner_tui.domain.templates import OutreachTemplate
from partner_tui.store.backup import known_backup
from partner_tui.store.cards import PartnerCard, card_from_record
from partner_tui.store.errors import DatabaseUnreadable
from partner_tui.store.stored_form import as_stored_template

# (doc id, stored record) of records not validated yet: partners by their doc id, deals
# and payments as "<table>/<id>" (see record_kind).
Unverified = list[tuple[str, dict[str, Any]]]
CHECKED_TABLES = ("deals", "payments")
# The model and the word for a record of each table checked before the first write.
CHECKED_MODELS: dict[str, tuple[type[Any], str]] = {
    "partners": (Partner, "partner"),
    "deals": (Deal, "deal"),
    "payments": (Payment, "payment"),
}


def record_kind(doc_id: str) -> tuple[str, str]:
    """(table, key) of an Unverified entry: ('partners', '12'), ('deals', '3f9a...')."""
    table, slash, key = doc_id.partition("/")
    return (table, key) if slash and table in CHECKED_TABLES else ("partners", doc_id)


@dataclass
class FileRecords:
    """Everything read from a file before the store adopts it (partners not yet validated:
    `unverified` lists them)."""

    cards: dict[str, PartnerCard] = field(default_factory=dict)
    doc_ids: dict[str, int] = field(default_factory=dict)
    unverified: Unverified = field(default_factory=list)
    templates: dict[str, OutreachTemplate] = field(default_factory=dict)
    template_doc_ids: dict[str, int] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)


def validate_record(
    model: Any, raw: dict[str, Any], kind: str, doc_id: str, path: Path, file: Path
) -> Any:
    """`model` validated from a stored record; DatabaseUnreadable names the record and
    what is wrong with it in one line. path: the file as the person named it; file: where
    the data really lives (a symlink's target), whose backup is offered."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        name = raw.get("company") or raw.get("name") or raw.get("customer") or raw.get("id")
        name = str(name or f"#{doc_id}")
        if len(name) > 60:
            name = name[:59] + "…"
        raise DatabaseUnreadable(
            path,
            f"{kind} record {doc_id} ({name}) is invalid: {one_line(exc)}",
            known_backup(file),
        ) from None


def check_stored(
    validate: Callable[[Any, dict[str, Any], str, str], object],
) -> Callable[[dict[str, Any], str], object]:
    """The record check's validator: an Unverified entry (a partner, deal or payment, see
    record_kind) through `validate(model, raw, kind, key)` (validate_record's arguments)."""

    def check(raw: dict[str, Any], doc_id: str) -> object:
        table, key = record_kind(doc_id)
        model, kind = CHECKED_MODELS[table]
        return validate(model, raw, kind, key)

    return check


def read_records(data: dict[str, Any], path: Path, file: Path) -> FileRecords:
    """Read `data` (a parsed file) into cards; raises DatabaseUnreadable, changes nothing.
    (path and file as for validate_record.)"""
    records = FileRecords()
    for doc_id, raw in (data.get("partners") or {}).items():
        card = card_from_record(raw, fallback_id=f"#{doc_id}")
        if card.id in records.cards:
            raise DatabaseUnreadable(
                path, f"two partner records share the id {card.id!r}", known_backup(file)
            )
        records.cards[card.id] = card
        records.doc_ids[card.id] = int(doc_id)
        records.unverified.append((doc_id, raw))
    for doc_id, raw in (data.get("templates") or {}).items():
        template = validate_record(OutreachTemplate, raw, "template", doc_id, path, file)
        if template.id in records.templates:
            raise DatabaseUnreadable(
                path, f"two templates share the id {template.id!r}", known_backup(file)
            )
        records.templates[template.id] = as_stored_template(template)
        records.template_doc_ids[template.id] = int(doc_id)
    for table in CHECKED_TABLES:
        # Keyed by their own id (schema.check_shape made sure), so never two with one id.
        stored = data.get(table) or {}
        records.unverified.extend((f"{table}/{key}", raw) for key, raw in stored.items())
    settings_table = data.get("settings") or {}
    raw_settings = next(iter(settings_table.values()), {})
    records.settings = validate_record(Settings, raw_settings, "settings", "1", path, file)
    return records
