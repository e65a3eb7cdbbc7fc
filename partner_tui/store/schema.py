"""The file's layout, its schema_version, and forward migrations.

The file is a TinyDB document: {table name: {doc id: record}}. Tables:
  meta      {"1": {"schema_version": N}}
  partners  one record per partner
  templates outreach templates
  settings  {"1": {...}} targets, profile, resources, tool costs
  deals     one record per registered deal, keyed by the deal's own id
  payments  one record per payout marked paid, keyed by the payment's own id

deals and payments came after version 1 without a new version, because an older reader
cannot drop them: it keeps tables it does not know as they are when it writes (TinyDB
holds the whole document), and where their keys are not numbers its check_shape refuses
the file with a message instead. Keying records by their own id is where every table goes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SCHEMA_VERSION = 1
TABLES = ("meta", "partners", "templates", "settings")
# Tables whose records are keyed by their own id (a string), not TinyDB's counter.
ID_KEYED_TABLES = frozenset({"deals", "payments"})

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


# MIGRATIONS[n] turns a version-n file into a version n+1 file.
MIGRATIONS: dict[int, Callable[[Data], Data]] = {0: _from_v0}


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
        for doc_id, record in table.items():
            if not isinstance(record, dict):
                raise ValueError(f"record {doc_id} in table {name!r} is not a JSON object")
            if name in ID_KEYED_TABLES:
                if record.get("id") != doc_id:
                    raise ValueError(
                        f"record {doc_id!r} in table {name!r} holds the id {record.get('id')!r}"
                    )
            elif not (doc_id.isascii() and doc_id.isdigit()):
                raise ValueError(f"record id {doc_id!r} in table {name!r} is not a number")
    return data
