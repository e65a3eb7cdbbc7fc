"""The file's layout, its schema_version, and forward migrations.

The file is a TinyDB document: {table name: {key: record}}. Tables:
  meta      {"1": {"schema_version": N}}
  partners  one record per partner, keyed by the partner's own id
  templates outreach templates, keyed by the template's own id
  settings  {"1": {...}} targets, profile, resources, tool costs
  deals     one record per registered deal, keyed by the deal's own id
  payments  one record per payout marked paid, keyed by the payment's own id
  account_lists  our account list ('ours') and each partner's (keyed by the partner's id)

Keys are the records' own ids (schema 2), never TinyDB's counter: two people who add a
partner on two clones of the file add two different keys, and git (or the record-level
merge, merge/three_way.py) keeps both. Every activity and stage-history entry has its own id
(schema 3, file/entry_ids.py): a merge keeps equal entries apart and never doubles one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from partner_tui.store.file.compact import field, is_row
from partner_tui.store.file.entry_ids import fill_entry_ids

SCHEMA_VERSION = 3
TABLES = ("meta", "partners", "templates", "settings")
# Tables whose records are keyed by their own "id" (what each record is called in messages).
KEYED_BY_ID = {
    "partners": "partner",
    "templates": "template",
    "deals": "deal",
    "payments": "payment",
    "account_lists": "account list",
}

Data = dict[str, Any]


def _from_v0(data: Data) -> Data:
    """v0: a bare TinyDB file (e.g. '{}' or {"_default": {}}) from before the schema
    was stamped. Keep every known table, drop TinyDB's empty default table."""
    default = data.get("_default")
    if default:
        raise ValueError("holds records in TinyDB's '_default' table, not partner-tui's tables")
    # Another program's TinyDB file must not be "migrated" into an empty partner list.
    foreign = sorted(name for name, table in data.items() if name not in TABLES and table)
    if foreign:
        raise ValueError(
            f"not a partner-tui database (it has the table {foreign[0]!r} and no schema_version)"
        )
    return {name: data.get(name, {}) for name in TABLES if name != "meta"}


def _from_v1(data: Data) -> Data:
    """v1 keyed records by TinyDB's counter ("1", "2", ...), so two clones that each
    added a partner both stored it as "26". v2 keys partners and templates by their id."""
    return {
        name: _keyed_by_id(KEYED_BY_ID[name], table) if name in KEYED_BY_ID else table
        for name, table in data.items()
    }


def _keyed_by_id(kind: str, table: dict[str, Any]) -> dict[str, Any]:
    keyed: dict[str, Any] = {}
    for old_key, record in table.items():
        record_id = record.get("id", old_key)
        if not isinstance(record_id, str) or not record_id:
            raise ValueError(f"{kind} record {old_key} has an id that is not text")
        if record_id in keyed:
            plural = "partner records" if kind == "partner" else "templates"
            raise ValueError(f"two {plural} share the id {record_id!r}")
        # A record without an id (edited by hand) keeps the key it had as its id.
        keyed[record_id] = record if "id" in record else {**record, "id": record_id}
    return keyed


def _from_v2(data: Data) -> Data:
    """v2 merged log entries by content, so two equal activities became one. v3 gives
    every activity and stage-history entry an id (made from its content and place, so two
    clones migrating the same file agree on them)."""
    return fill_entry_ids(data)


# MIGRATIONS[n] turns a version-n file into a version n+1 file.
MIGRATIONS: dict[int, Callable[[Data], Data]] = {0: _from_v0, 1: _from_v1, 2: _from_v2}


def version_of(data: Data) -> int:
    meta = data.get("meta")
    if not meta:
        return 0
    if not isinstance(meta, dict) or len(meta) != 1:
        raise ValueError("its 'meta' table is damaged")
    record = next(iter(meta.values()))
    version = record.get("schema_version") if isinstance(record, dict) else None
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ValueError("its schema_version is missing or not a whole number")
    return version


def stamp(data: Data, version: int) -> Data:
    data["meta"] = {"1": {"schema_version": version}}
    return data


def migrate(data: Data, current: int | None = None) -> tuple[Data, int]:
    """Return (data at the current version, the version it was read at)."""
    target = SCHEMA_VERSION if current is None else current
    found = version_of(data)
    version = found
    while version < target:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ValueError(f"no migration from schema version {version}")
        data = step({k: v for k, v in data.items() if k != "meta"})
        version += 1
        stamp(data, version)
    return data, found


def check_shape(data: object) -> Data:
    """Every table is an object of objects; anything else is not our file."""
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise ValueError(f"not a partner-tui database (the top level is a JSON {kind})")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise ValueError(f"table {name!r} is not a JSON object")
        for key, record in table.items():
            # (a row: a record the parse packed, file/compact.py)
            if not isinstance(record, dict) and not is_row(record):
                raise ValueError(f"record {key} in table {name!r} is not a JSON object")
    return data


def check_keys(data: Data) -> Data:
    """A current file's records sit under their own id (a hand edit may break that)."""
    for name, kind in KEYED_BY_ID.items():
        for key, record in (data.get(name) or {}).items():
            if field(record, "id") != key:
                raise ValueError(
                    f"the {kind} record under the key {key!r} has the id {field(record, 'id')!r} "
                    "(each record's key must be its id)"
                )
    return data
