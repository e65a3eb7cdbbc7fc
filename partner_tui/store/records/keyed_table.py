"""TinyDB, with tables keyed by each record's own id, changed one record at a time.

TinyDB numbers documents with a counter; the file keys them by their own id instead
(file/schema.py), so a record is put and dropped under its id here. Every change goes
straight into the stored table: TinyDB's own insert/update/remove rebuild the whole
table dict twice (10,000 entries) to change one record.
"""

from __future__ import annotations

from typing import Any

from tinydb import TinyDB
from tinydb.table import Table


class KeyedTable(Table):
    document_id_class = str

    def put(self, key: str, document: dict[str, Any]) -> None:
        """Add a record under `key`, or swap the one there for a new dict (never changed
        in place: the storage reuses an unchanged record's serialized bytes by identity)."""
        self.put_many({key: document})

    def put_many(self, documents: dict[str, dict[str, Any]]) -> None:
        """Several records (key -> record) in one table write."""
        tables = self._storage.read() or {}
        table = tables.setdefault(self.name, {})
        for key, document in documents.items():
            table[key] = dict(document)
        self._storage.write(tables)
        self.clear_cache()

    def drop(self, key: str) -> None:
        tables = self._storage.read() or {}
        table = tables.get(self.name)
        if table is None or key not in table:
            raise KeyError(key)
        del table[key]
        self._storage.write(tables)
        self.clear_cache()


class KeyedTinyDB(TinyDB):
    table_class = KeyedTable
