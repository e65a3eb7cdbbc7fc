"""A file's records, read into what the store holds, and validated with a one-line error.

Partner, deal and payment records are not validated while they are read: PartnerCards
and the deal table read them as they are, and every record is checked once per content
before the first write (see records/check_before_write.py). Templates and settings are
few and small, and validated right away.

Every record's text is cleaned as it is read (domain/text_fields.py: no control
characters, whatever a hand edit or a merge put in the file): what the store holds, draws
and checks is the cleaned record, and the next write of the file writes it. The file
itself is not touched by reading.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from partner_tui.domain.accounts import AccountList
from partner_tui.domain.deals import Deal
from partner_tui.domain.errors import one_line
from partner_tui.domain.partner import Partner
from partner_tui.domain.payments import Payment
from partner_tui.domain.program import Settings
from partner_tui.domain.templates import OutreachTemplate
from partner_tui.domain.text_fields import clean_stored, clean_stored_as, text_plan
from partner_tui.store.errors import DatabaseUnreadable
from partner_tui.store.file.backup import known_backup
from partner_tui.store.file.compact import Packer, as_record, is_row
from partner_tui.store.file.storage import SafeJSONStorage
from partner_tui.store.records.cards import PartnerCard, card_from_record
from partner_tui.store.records.settings import settings_fields
from partner_tui.store.records.shared_values import values_sharer
from partner_tui.store.records.stored_form import as_stored_template

CHECKED_TABLES = ("deals", "payments", "account_lists")
# The model of each table's records: every record's text is cleaned by it as it is read.
# The merge's rules per table (merge/table_rules.py SPECS) name the same models, and
# tests/unit/store/test_store_rooms.py holds the two equal, so a table added to one is
# added to both.
TABLE_MODELS: dict[str, type[Any]] = {
    "partners": Partner,
    "templates": OutreachTemplate,
    "deals": Deal,
    "payments": Payment,
    "settings": Settings,
    "account_lists": AccountList,
}
# The model and the word for a record of each table checked before the first write.
CHECKED_MODELS: dict[str, tuple[type[Any], str]] = {
    "partners": (Partner, "partner"),
    "deals": (Deal, "deal"),
    "payments": (Payment, "payment"),
    "account_lists": (AccountList, "account list"),
}


class Unverified(Sequence[tuple[str, dict[str, Any]]]):
    """(key, stored record) of records not validated yet, in the file's order; a record's
    key is its id. Partners are under their key, deals and payments under "<table>/<key>"
    (see record_kind). The deals are kept as the rows the store holds (file/compact.py)
    and unpacked one at a time as they are drawn: the check does not hold 100,000 dicts."""

    def __init__(self) -> None:
        # Each part: records as they are, or (prefix, keys, rows) unpacked when drawn.
        self._parts: list[list[tuple[str, dict[str, Any]]] | tuple[str, list[str], list[Any]]] = []
        self._count = 0

    def append(self, key: str, record: dict[str, Any]) -> None:
        if not self._parts or not isinstance(self._parts[-1], list):
            self._parts.append([])
        self._parts[-1].append((key, record))  # type: ignore[union-attr]
        self._count += 1

    def add_table(self, name: str, table: dict[str, Any]) -> None:
        """Every record of `table` (a CHECKED_TABLES one), under "<name>/<key>"."""
        self._parts.append((f"{name}/", list(table), list(table.values())))
        self._count += len(table)

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: Any) -> Any:  # (a hook may slice; the store iterates)
        return list(self)[index]

    def __iter__(self) -> Iterator[tuple[str, dict[str, Any]]]:
        for part in self._parts:
            if isinstance(part, list):
                yield from part
            else:
                prefix, keys, held = part
                for key, value in zip(keys, held, strict=True):
                    yield prefix + key, as_record(value)


def deal_packer() -> Packer:
    """The store's packer of deals (file/compact.py): it cleans each record's text as
    reading a file does (so a row is always clean: see _cleaned_table)."""
    return Packer(clean=functools.partial(clean_stored_as, text_plan(Deal)))


def record_kind(key: str) -> tuple[str, str]:
    """(table, key) of an Unverified entry: ('partners', '5c7d...'), ('deals', '3f9a...')."""
    table, slash, rest = key.partition("/")
    return (table, rest) if slash and table in CHECKED_TABLES else ("partners", key)


@dataclass
class FileRecords:
    """Everything read from a file before the store adopts it (partners not yet validated:
    `unverified` lists them)."""

    cards: dict[str, PartnerCard] = field(default_factory=dict)
    unverified: Unverified = field(default_factory=Unverified)
    templates: dict[str, OutreachTemplate] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)


def validate_record(
    model: Any, raw: dict[str, Any], kind: str, key: str, path: Path, file: Path
) -> Any:
    """`model` validated from a stored record; DatabaseUnreadable names the record and
    what is wrong with it in one line. path: the file as the person named it; file: where
    the data really lives (a symlink's target), whose backup is offered."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        name = raw.get("company") or raw.get("name") or raw.get("customer") or raw.get("id")
        name = str(name or f"#{key}")
        if len(name) > 60:
            name = name[:59] + "…"
        raise DatabaseUnreadable(
            path,
            f"{kind} record {key} ({name}) is invalid: {one_line(exc)}",
            known_backup(file),
        ) from None


def check_stored(
    validate: Callable[[Any, dict[str, Any], str, str], object],
) -> Callable[[dict[str, Any], str], object]:
    """The record check's validator: an Unverified entry (a partner, deal or payment, see
    record_kind) through `validate(model, raw, kind, key)` (validate_record's arguments)."""

    def check(raw: dict[str, Any], key: str) -> object:
        table, record_key = record_kind(key)
        model, kind = CHECKED_MODELS[table]
        return validate(model, raw, kind, record_key)

    return check


def held_tables(storage: SafeJSONStorage) -> dict[str, Any]:
    """Every table as the store holds it in memory ({table: {key: record}}): the one read
    of TinyDB's storage outside the tables themselves (docs/layout.md: TinyDB is the
    storage layer only)."""
    return storage.read() or {}


def read_records(data: dict[str, Any], path: Path, file: Path) -> FileRecords:
    """Read `data` (a parsed file, migrated and keyed by id: see file/read.py) into
    cards; raises DatabaseUnreadable. Records whose text needs cleaning are replaced in
    `data` by cleaned copies; nothing is written. (path and file as for validate_record.)"""
    records = FileRecords()
    partners = _cleaned_table(data, "partners", Partner)
    held = len(partners) + sum(len(data.get(table) or ()) for table in CHECKED_TABLES)
    share = values_sharer(held)
    for key, raw in partners.items():
        share(raw)  # (just parsed and cleaned: nothing else holds it yet)
        records.cards[key] = card_from_record(raw, fallback_id=key)
        records.unverified.append(key, raw)
    for table in CHECKED_TABLES:
        model = CHECKED_MODELS[table][0]
        records.unverified.add_table(table, _cleaned_table(data, table, model))
    for key, raw in _cleaned_table(data, "templates", OutreachTemplate).items():
        template = validate_record(OutreachTemplate, raw, "template", key, path, file)
        records.templates[key] = as_stored_template(template)
    settings_table = _cleaned_table(data, "settings", Settings)
    raw_settings = settings_fields(next(iter(settings_table.values()), {}))
    records.settings = validate_record(Settings, raw_settings, "settings", "1", path, file)
    return records


def clean_tables(data: dict[str, Any]) -> None:
    """Clean the text of every record of every table that has a model (TABLE_MODELS), in
    place of the records."""
    for name, model in TABLE_MODELS.items():
        if isinstance(data.get(name), dict):
            _cleaned_table(data, name, model)


def _cleaned_table(data: dict[str, Any], name: str, model: Any) -> dict[str, Any]:
    """data[name] (or {}) with every record's text cleaned in place of the record: each
    record that changes is replaced by a new dict (records are never changed in place:
    the serializer reuses an unchanged record's bytes by identity)."""
    table: dict[str, Any] = data.get(name) or {}  # tables of objects (schema.check_shape)
    for doc_id, raw in table.items():
        if is_row(raw):
            continue  # packed by the store's deal_packer(), which cleaned it
        clean = clean_stored(model, raw)
        if clean is not raw:
            table[doc_id] = clean  # the same keys: replacing values while iterating is fine
    return table
