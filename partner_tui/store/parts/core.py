"""What every part of PartnerStore shares: the file, the tables, undo, and the checks a
change passes.

PartnerStore holds one StoreCore and hands it to each of its parts (store.partners,
store.deals, store.payouts, store.program): a part is an object holding the core, never a
mixin of the store, so no part copies another's attributes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from partner_tui.store.data_changed import DataChanged
from partner_tui.store.errors import ReadOnlyStore
from partner_tui.store.file.storage import SafeJSONStorage
from partner_tui.store.hooks import StoreHooks
from partner_tui.store.records.deal_table import DealTable
from partner_tui.store.records.keyed_table import KeyedTinyDB
from partner_tui.store.records.partner_table import PartnerTable
from partner_tui.store.undo.history import Change, UndoHistory

# validate(model, raw, kind, key): the model from a stored record, or DatabaseUnreadable
# naming the record (records/load.validate_record, with the store's paths).
Validate = Callable[[Any, dict[str, Any], str, str], Any]


@dataclass
class StoreCore:
    path: Path
    read_only: bool
    storage: SafeJSONStorage
    db: KeyedTinyDB
    partners: PartnerTable
    deals: DealTable
    undo: UndoHistory
    hooks: StoreHooks[Any]
    validate: Validate
    author: Callable[[], str | None]
    # Told of each change this process stores, as it is stored (PartnerStore.on_change).
    listeners: list[Callable[[DataChanged], None]] = field(default_factory=list)

    def check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyStore(self.path, "changes cannot be saved")

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Several changes, one disk write (at the end of the outermost batch), and no
        merge from another writer in between."""
        self.check_writable()
        with self.storage.batch():
            yield

    @contextlib.contextmanager
    def recording(self, change: Change) -> Iterator[None]:
        """Record `change` for undo and store it inside (one batch: no merge from another
        writer in between); then keep its records as it left them (see undo/take_back.py)."""
        with self.storage.batch():
            self.undo.record(change)
            yield
            change.stored(self.partners.raw, self.deals.record)
            self.announce_change(change)

    def company_of(self, partner_id: str) -> str:
        """The partner's name, or its id when it is not (or no longer) in the file."""
        card = self.partners.index.cards.get(partner_id)
        return card.company if card is not None else partner_id

    def announce(self, ids: dict[str, set[str]]) -> None:
        """Tell the listeners what this process just changed (memory holds it already;
        the disk write may still be pending)."""
        if not self.listeners:
            return
        change = DataChanged("local", {table: frozenset(keys) for table, keys in ids.items()})
        for listener in list(self.listeners):
            listener(change)

    def announce_change(self, change: Change) -> None:
        """announce() the records an undoable change touched."""
        ids: dict[str, set[str]] = {}
        if change.before:
            ids["partners"] = set(change.before)
        for table, key in change.rows:
            ids.setdefault(table, set()).add(key)
        self.announce(ids)
