"""The account lists table as stored (ACCOUNT_LISTS: one record per list, keyed `ours` or
by the partner's id). The records room reads and writes the storage's tables; the
accounts part (parts/accounts.py) asks through these, so TinyDB stays the storage layer.
"""

from __future__ import annotations

from typing import Any

from partner_tui.store.file.storage import SafeJSONStorage

ACCOUNT_LISTS = "account_lists"


def stored_lists(storage: SafeJSONStorage) -> dict[str, dict[str, Any]]:
    """The table as stored (empty when the file holds none): read, never change."""
    table = (storage.read() or {}).get(ACCOUNT_LISTS)
    return table if isinstance(table, dict) else {}


def put_list(storage: SafeJSONStorage, key: str, record: dict[str, Any]) -> None:
    """Store `record` as the list `key` (call inside storage.batch())."""
    tables = storage.read() or {}
    tables.setdefault(ACCOUNT_LISTS, {})[key] = record
    storage.write(tables)


def drop_list(storage: SafeJSONStorage, key: str) -> bool:
    """Remove the list `key`; False when there was none (call inside storage.batch())."""
    tables = storage.read() or {}
    table = tables.get(ACCOUNT_LISTS) or {}
    if key not in table:
        return False
    del table[key]
    storage.write(tables)
    return True
