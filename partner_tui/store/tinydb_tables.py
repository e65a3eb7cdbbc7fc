"""TinyDB, with a table that swaps a record for a new dict in one rewrite."""

from __future__ import annotations

from typing import Any

from tinydb import TinyDB
from tinydb.table import Table


class ReplacingTable(Table):
    def replace(self, doc_id: int, document: dict[str, Any]) -> None:
        """Swap a record for a new dict in one table rewrite (TinyDB's update() merges
        into the old dict in place, and remove() + insert() rewrites the table twice)."""

        # Straight into the stored table: TinyDB's _update_table would rebuild the whole
        # table dict twice (10,000 entries) to change one record.
        tables = self._storage.read() or {}
        table = tables.get(self.name)
        if table is None or str(doc_id) not in table:
            raise KeyError(doc_id)
        table[str(doc_id)] = dict(document)
        self._storage.write(tables)
        self.clear_cache()


class ReplacingTinyDB(TinyDB):
    table_class = ReplacingTable
