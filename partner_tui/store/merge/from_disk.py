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
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from partner_tui.store.errors import DatabaseUnreadable
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
                version, ours, base = storage.state()
                share_equal(theirs, ours)
                result = merge_files(base, ours, theirs, author=self._author())
                self._check(result)
                refresh = functools.partial(self._refresh, result, ours)
                if storage.adopt(version, result.data, theirs, disk, refresh):
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

