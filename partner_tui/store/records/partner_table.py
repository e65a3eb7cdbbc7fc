"""The partners table, kept in step with its index and with the validated models.

Every change runs inside a storage batch: TinyDB changes the data and the index follows,
all under the storage lock (the background writer never sees half a change), and only
then is the disk write attempted. A failed write (disk full, file changed on disk)
therefore leaves memory consistent with the change pending.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from partner_tui.domain.partner import Partner
from partner_tui.store.errors import NotFound
from partner_tui.store.file.storage import SafeJSONStorage
from partner_tui.store.records.cards import card_from_record
from partner_tui.store.records.keyed_table import KeyedTable, KeyedTinyDB
from partner_tui.store.records.model_cache import ModelCache
from partner_tui.store.records.partner_index import PartnerIndex
from partner_tui.store.records.stored_form import dump_partner


class PartnerTable:
    def __init__(
        self,
        db: KeyedTinyDB,
        storage: SafeJSONStorage,
        index: PartnerIndex,
        validate: Callable[[dict[str, Any], str], Partner],
    ) -> None:
        self.index = index
        self.models = ModelCache()
        # Whether a partner was changed through this table (since the file was read), and
        # how many changes: what is computed from partners is kept until it moves.
        self.changed = False
        self.version = 0
        self._db = db
        self._storage = storage
        self._validate = validate  # a stored record -> its Partner, or DatabaseUnreadable

    def get(self, partner_id: str) -> Partner:
        """The partner, validated in full (DatabaseUnreadable if its record is invalid)."""
        model = self.models.get(partner_id)
        if model is not None:
            return model
        if partner_id not in self.index.cards:
            raise NotFound(partner_id)
        raw = (self._storage.read() or {})["partners"][partner_id]
        model = self._validate(raw, partner_id)
        self.models.keep(model)
        return model

    def raw(self, partner_id: str) -> dict[str, Any] | None:
        """The stored record (shared with the storage: never change it), or None."""
        table = (self._storage.read() or {}).get("partners") or {}
        return table.get(partner_id)

    def put(self, partner: Partner) -> None:
        """Store a partner, new or changed (the caller has validated it), under its id."""
        data = dump_partner(partner)
        card = card_from_record(data)
        with self._storage.batch():
            self._table().put(partner.id, data)
            self.index.put(card)
            self.changed = True
            self.version += 1
            self.models.keep(partner)

    def put_many(self, partners: list[Partner]) -> None:
        """Store new partners in one table write (the importer's path)."""
        docs = {p.id: dump_partner(p) for p in partners}
        with self._storage.batch():
            self._table().put_many(docs)
            for doc in docs.values():
                self.index.put(card_from_record(doc))
                self.changed = True
            self.version += 1

    def merged(self, changed: set[str]) -> None:
        """A merge from disk replaced these records (call under the storage's lock)."""
        table = (self._storage.read() or {}).get("partners") or {}
        self.index.refresh(
            {key: card_from_record(table[key], key) if key in table else None for key in changed}
        )
        for key in changed:
            self.models.forget(key)
        self.changed = True
        self.version += 1  # what is computed from partners (payouts) is computed again

    def drop(self, partner_id: str) -> None:
        with self._storage.batch():
            known = self.index.drop(partner_id)
            self.changed = True
            self.version += 1
            self.models.forget(partner_id)
            if known:
                self._table().drop(partner_id)

    def _table(self) -> KeyedTable:
        return cast("KeyedTable", self._db.table("partners"))
