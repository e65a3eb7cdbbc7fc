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
from partner_tui.store.cards import card_from_record
from partner_tui.store.errors import NotFound
from partner_tui.store.index import PartnerIndex
from partner_tui.store.json_file import SafeJSONStorage
from partner_tui.store.model_cache import ModelCache
from partner_tui.store.stored_form import dump_partner
from partner_tui.store.tinydb_tables import ReplacingTable, ReplacingTinyDB


class PartnerTable:
    def __init__(
        self,
        db: ReplacingTinyDB,
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
        doc_id = self.index.doc_ids.get(partner_id)
        if doc_id is None:
            raise NotFound(partner_id)
        raw = (self._storage.read() or {})["partners"][str(doc_id)]
        model = self._validate(raw, str(doc_id))
        self.models.keep(model)
        return model

    def put(self, partner: Partner) -> None:
        """Store a partner, new or changed (the caller has validated it)."""
        data = dump_partner(partner)
        card = card_from_record(data)
        with self._storage.batch():
            table = cast("ReplacingTable", self._db.table("partners"))
            doc_id = self.index.doc_ids.get(partner.id)
            if doc_id is None:
                doc_id = table.insert(data)
            else:
                # Replace the record with a new dict rather than TinyDB's in-place update:
                # the storage reuses an unchanged record's serialized bytes by identity.
                table.replace(doc_id, data)
            self.index.put(card, doc_id)
            self.changed = True
            self.version += 1
            self.models.keep(partner)

    def put_many(self, partners: list[Partner]) -> None:
        """Store new partners in one table write (the importer's path)."""
        docs = [dump_partner(p) for p in partners]
        with self._storage.batch():
            doc_ids = self._db.table("partners").insert_multiple(docs)
            for doc, doc_id in zip(docs, doc_ids, strict=True):
                self.index.put(card_from_record(doc), doc_id)
                self.changed = True
            self.version += 1

    def drop(self, partner_id: str) -> None:
        with self._storage.batch():
            doc_id = self.index.drop(partner_id)
            self.changed = True
            self.version += 1
            self.models.forget(partner_id)
            if doc_id is not None:
                self._db.table("partners").remove(doc_ids=[doc_id])
