"""Another writer changed the file: bring what it wrote into what this process holds.

Called at the start of a write (under the file's lock) and by the app when it notices the
file changed (no lock needed: every writer replaces the file whole). The file is read as
at open (migrated, its text cleaned: load.clean_tables), then merged record by
record with what this process holds (merge/three_way.py): base = the file as this process last
read or wrote it, ours = memory, theirs = the file now. Our changes not yet written stay
ours and pending; theirs come in.

Every record the merge takes from their side (or merges) is validated before it is held:
a file with an invalid record is never written over, and the person is told (the error
is raised again on every write until the file changes). Table-generic: every table with
a model in table_rules.SPECS is validated the same way.

The merge is computed outside the storage's lock on a snapshot of memory, then adopted
only if memory did not change meanwhile (else computed again), so a key is never kept
waiting by a merge.

The store holds its deals as rows (file/compact.py); the merge reads records. It is
given memory's deals unpacked (each row once, for ours and the base alike), and what it
returns is packed again: every record it took from memory becomes the very row it was
unpacked from (the serializer's bytes, which go by identity, stay), the others are packed
anew. A merge therefore holds every deal as a dict while it runs (another writer's whole
file is read as dicts anyway).
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from partner_tui.store.errors import DatabaseUnreadable
from partner_tui.store.file.compact import COMPACT_TABLES, Packer, unpack
from partner_tui.store.file.read import Fingerprint, read_stable
from partner_tui.store.file.schema import KEYED_BY_ID
from partner_tui.store.file.storage import Data, SafeJSONStorage
from partner_tui.store.merge.table_rules import spec_for
from partner_tui.store.merge.three_way import MergeResult, merge_files
from partner_tui.store.records.load import clean_tables, validate_record

# A merge is computed again when memory changed while it was computed; past this many
# tries (keys arriving non-stop) the last one is adopted while holding the lock.
TRIES = 5


class DiskMerger:
    def __init__(
        self,
        storage: SafeJSONStorage,
        path: Path,
        *,
        reading: Callable[[Path], AbstractContextManager[object]],
        refresh: Callable[[MergeResult, Data], None],
        author: Callable[[], str | None],
    ) -> None:
        """path: the file as the person named it (for messages); refresh(result, before):
        brings the store's cards, indexes, templates and settings in line with a merge
        (called under the storage's lock; `before`: memory as it was); author: who this
        process is (written into clash notes)."""
        self._storage = storage
        self._path = path
        self._reading = reading
        self._refresh = refresh
        self._author = author
        # The last file found unusable, and why: not read again until it changes.
        self._refused: tuple[Fingerprint, DatabaseUnreadable] | None = None
        # What merges brought in that nobody was shown yet: a merge at the start of this
        # process's own write (on the writer's thread) changes what the screens show too.
        self._unshown: list[MergeResult] = []
        self._unshown_lock = threading.Lock()

    def take(self, disk: Fingerprint) -> MergeResult:
        """Merge the file (whose fingerprint is now `disk`) into memory; raise
        DatabaseUnreadable (and hold nothing new) if it cannot be used."""
        if self._refused is not None and self._refused[0] == disk:
            raise self._refused[1]
        try:
            theirs, read_as = self._read()
            result = self._merge_in(theirs, read_as)
        except DatabaseUnreadable as exc:
            self._refused = (disk, exc)
            raise
        self._refused = None
        if result.changed or result.clashes:
            # Kept without the data (a whole file): the screens need what changed.
            with self._unshown_lock:
                self._unshown.append(MergeResult({}, result.clashes, result.changed))
        return result

    @property
    def has_unshown(self) -> bool:
        return bool(self._unshown)

    def unshown(self) -> MergeResult | None:
        """Every merge taken since last asked, as one (its data left out), or None."""
        with self._unshown_lock:
            results, self._unshown = self._unshown, []
        if not results:
            return None
        changed: dict[str, set[str]] = {}
        for result in results:
            for table, keys in result.changed.items():
                changed.setdefault(table, set()).update(keys)
        return MergeResult({}, [clash for r in results for clash in r.clashes], changed)

    def _read(self) -> tuple[Data, Fingerprint]:
        file = self._storage.path
        with self._reading(file):
            data, _found, _raw, read_as = read_stable(file)
            clean_tables(data)
        return data, read_as

    def _merge_in(self, theirs: Data, disk: Fingerprint) -> MergeResult:
        storage = self._storage
        for attempt in range(TRIES + 1):
            with storage.lock if attempt == TRIES else contextlib.nullcontext():
                version, held, held_base = storage.state()
                records = Unpacked()
                ours, base = records.of(held), records.of(held_base)
                share_equal(theirs, ours)
                result = merge_files(base, ours, theirs, author=self._author())
                self._check(result)
                refresh = functools.partial(self._refresh, result, held)
                merged = records.packed(result.data, storage.packer)
                if storage.adopt(
                    version, merged, records.packed(theirs, storage.packer), disk, refresh
                ):
                    return result
        raise AssertionError("unreachable: the last try holds the lock")

    def _check(self, result: MergeResult) -> None:
        """Validate every record the merge did not take from memory (raises)."""
        for table, keys in result.changed.items():
            spec = spec_for(table)
            if spec.model is None:
                continue
            records = result.data.get(table) or {}
            for key in keys:
                record = records.get(key)
                if record is None:
                    continue
                fields = {k: v for k, v in record.items() if k not in spec.envelope}
                kind = KEYED_BY_ID.get(table, table)
                validate_record(spec.model, fields, kind, key, self._path, self._storage.path)


class Unpacked:
    """Memory's rows as records for one merge, and back: each row is unpacked once, and
    packed() gives the very row back for a record that is still the one unpacked."""

    def __init__(self) -> None:
        self._records: dict[int, dict[str, Any]] = {}  # id(row) -> its record
        self._rows: dict[int, tuple[Any, ...]] = {}  # id(record) -> its row
        self._keep: list[Any] = []  # (rows and records alive while their ids are used)

    def of(self, data: Data | None) -> Data | None:
        """`data` with its compact tables' rows unpacked (a new table; the others as is)."""
        if data is None:
            return None
        out = dict(data)
        for name in COMPACT_TABLES:
            table = data.get(name)
            if isinstance(table, dict):
                out[name] = {key: self._record(value) for key, value in table.items()}
        return out

    def _record(self, value: Any) -> Any:
        if type(value) is not tuple:
            return value
        record = self._records.get(id(value))
        if record is None:
            record = self._records[id(value)] = unpack(value)
            self._rows[id(record)] = value
            self._keep += (value, record)
        return record

    def packed(self, data: Data, packer: Packer) -> Data:
        """`data` (merged, or theirs) with its compact tables packed (new tables: `data`
        is left as it is, a merge tried again reads it): a record unpacked here is its
        very row again."""
        out = dict(data)
        for name in COMPACT_TABLES:
            table = data.get(name)
            if isinstance(table, dict):
                out[name] = {key: self._row(value, packer) for key, value in table.items()}
        return out

    def _row(self, value: Any, packer: Packer) -> Any:
        if type(value) is not dict:
            return value
        row = self._rows.get(id(value))
        if row is None:  # (theirs, taken by the merge: one row for memory and the base)
            row = self._rows[id(value)] = packer.pack(value)
            self._keep += (value, row)
        return row


def share_equal(theirs: Data, ours: Data) -> None:
    """Put our very record in `theirs` wherever theirs is equal to it: the merge then
    compares by identity, the serializer reuses our bytes, and the file we read is not
    held twice in memory (at 10,000 partners that is over 100 MB)."""
    for name, table in theirs.items():
        mine = ours.get(name)
        if not isinstance(table, dict) or not isinstance(mine, dict):
            continue
        for key, record in table.items():
            held = mine.get(key)
            if held is not None and held is not record and held == record:
                table[key] = held

