"""A TinyDB Storage that never tears, never clobbers, and keeps the file diffable.

- Reads the file once (under the writer lock, see file_reader.py), then serves TinyDB
  from memory.
- Every write goes to disk atomically (see atomic.py) as sorted, indented JSON
  (serializer.py).
- Before each write the file on disk is compared with what we last read or wrote;
  if someone else changed it, ChangedOnDisk is raised instead of overwriting.
- With write_behind=True writes are handed to a background thread, so a keypress
  never waits for the disk; flush() waits until everything is durable.
- No write passes before the records read at open have passed their check
  (write_gate.py).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from partner_tui.store import schema
from partner_tui.store.atomic import atomic_write, clean_stale_temps, preserve
from partner_tui.store.backup import backup_path
from partner_tui.store.errors import (
    ChangedOnDisk,
    ReadOnlyStore,
    StoreError,
    WriteFailed,
    describe_os_error,
)
from partner_tui.store.file_reader import Fingerprint, fingerprint, read_stable
from partner_tui.store.schema import stamp
from partner_tui.store.serializer import CACHED_TABLES, Made, RecordCache
from partner_tui.store.write_gate import WriteGate

# The background writer starts a save once writes have paused this long (seconds) ...
WRITE_QUIET = 0.03
# ... or this long after the first unsaved change, whichever comes first.
WRITE_COALESCE_MAX = 0.15


class SafeJSONStorage(Storage):
    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        write_behind: bool = False,
        on_error: Callable[[StoreError], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.lock = threading.RLock()  # guards self._data against the writer thread
        self._flush_lock = threading.Lock()  # one disk write at a time
        self._data: dict[str, Any] = {}
        self._loaded_bytes: bytes | None = None
        self._serializer = RecordCache()
        self._dirty = False
        self._disk: Fingerprint = None
        # The first write of a session first keeps the file as it was opened (the .bak).
        self._backup_pending = False
        self._on_error = on_error
        self.last_error: StoreError | None = None
        self.found_version = schema.SCHEMA_VERSION
        self._wake = threading.Event()
        self._closing = False
        self._batch_depth = 0
        self.gate = WriteGate()
        self._thread: threading.Thread | None = None
        if write_behind and not read_only:
            self._thread = threading.Thread(target=self._writer, name="db-writer", daemon=True)

    # -- loading -----------------------------------------------------------
    def load(self) -> dict[str, Any]:
        """Read the file (or start empty if there is none) and return the data."""
        if not self.read_only:
            clean_stale_temps(self.path)
            clean_stale_temps(backup_path(self.path))
        if not self.path.exists() and not self.path.is_symlink():
            self._data = stamp(
                {"partners": {}, "templates": {}, "settings": {}}, schema.SCHEMA_VERSION
            )
            self._dirty = True
            self._disk = None
            self.found_version = schema.SCHEMA_VERSION
        else:
            data, found, raw, disk = read_stable(self.path)
            self._data, self.found_version, self._disk = data, found, disk
            self._loaded_bytes = raw
            self._backup_pending = True
            if self.found_version < schema.SCHEMA_VERSION:
                self._dirty = True  # migrated: the first flush writes it forward
        return self._data

    @property
    def checked(self) -> bool:
        """Whether the records read at open have passed their check (see write_gate.py)."""
        return self.gate.checked

    @property
    def blocked(self) -> StoreError | None:
        """Why nothing may ever be written over this file (an invalid record), if so."""
        return self.gate.blocked

    def take_loaded_bytes(self) -> bytes | None:
        """The bytes load() read (once: the store checks them, then they are freed)."""
        raw, self._loaded_bytes = self._loaded_bytes, None
        return raw

    def start(self) -> None:
        """Start the background writer, once the loaded data has been validated."""
        if self._thread is not None and not self._thread.is_alive():
            self._thread.start()

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group several TinyDB writes into one disk write.

        Not a transaction: if the block raises, the changes made before the error are
        kept and still saved (the error that stopped the block is the one raised).
        """
        completed = False
        try:
            with self.lock:
                self._batch_depth += 1
                try:
                    yield
                finally:
                    self._batch_depth -= 1
            completed = True
        finally:
            if self._batch_depth == 0 and self._dirty:
                if completed:
                    self._persist()
                else:
                    with contextlib.suppress(StoreError):
                        self._persist()

    # -- the serializer's cache, filled ahead of the first save (speedups/warm_up.py) -----
    def records_to_serialize(self) -> list[tuple[str, str, dict[str, Any]]]:
        """(table, doc id, record) of every record whose bytes are not kept yet."""
        with self.lock:
            return [
                (name, doc_id, record)
                for name in CACHED_TABLES
                if isinstance(self._data.get(name), dict)
                for doc_id, record in self._data[name].items()
                if isinstance(record, dict) and not self._serializer.has(name, doc_id, record)
            ]

    def keep_serialized(self, made: Made) -> None:
        """Keep records' bytes made outside the lock. Records are replaced, never changed
        in place, so bytes made from a record replaced meanwhile are simply never used."""
        with self.lock:
            self._serializer.remember(made)

    # -- TinyDB Storage API ------------------------------------------------------
    def read(self) -> dict[str, Any] | None:
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        if self.read_only:
            raise ReadOnlyStore(self.path, "changes cannot be saved")
        with self.lock:
            self._data = data
            self._dirty = True
            if self._batch_depth:
                return
        self._persist()

    def _persist(self) -> None:
        if self._thread is not None and self._thread.is_alive() and not self._closing:
            self._wake.set()
        else:
            # No writer thread (write-through mode, or after close): write now, so a
            # change is never left sitting in memory with nobody to save it.
            self.flush()

    def close(self) -> None:
        self._closing = True
        if self._thread is not None and self._thread.is_alive():
            self._wake.set()
            self._thread.join(timeout=30)
        if not self.read_only:
            self.flush()

    # -- writing --------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self._dirty

    def flush(self, *, force: bool = False) -> None:
        """Write pending changes durably. force=True overwrites a file changed on disk."""
        if self.read_only:
            return
        # Wait (holding no lock, so edits go on) until the records read at open have
        # passed validation; a file with an invalid record is never written over.
        self.gate.wait()
        # Lock order is always `lock` then `_flush_lock`, in every thread: a flush called
        # inside a batch (which holds `lock`) cannot deadlock with the writer thread.
        # `lock` is let go before the disk write, so edits go on while the disk works.
        with self.lock:
            # Taken even when nothing is pending: a write the background thread has
            # already started must be on disk before flush() returns.
            self._flush_lock.acquire()
            if not self._dirty and not force:
                self._flush_lock.release()
                return
            try:
                payload = self._serializer.dumps(self._data)
            except BaseException:
                self._flush_lock.release()
                raise
            self._dirty = False
        try:
            self._write_payload(payload, force)
        except BaseException as exc:
            # Nothing reached the disk: the change stays pending for the next try.
            self._dirty = True
            if isinstance(exc, StoreError):
                self.last_error = exc
            raise
        else:
            self.last_error = None
        finally:
            self._flush_lock.release()

    def _write_payload(self, payload: bytes, force: bool) -> None:
        try:
            if not force and fingerprint(self.path) != self._disk:
                raise ChangedOnDisk(self.path, "changed on disk")
            if self._backup_pending and self.path.is_file():
                # Before the first overwrite in a session, keep the file as it was opened
                # (unchanged since, unless this is a forced "keep mine": then theirs has
                # been copied aside already, and the .bak keeps theirs too).
                preserve(self.path, backup_path(self.path))
            self._backup_pending = False
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, payload)
            self._disk = fingerprint(self.path)
        except OSError as exc:
            raise WriteFailed(self.path, describe_os_error(exc, writing=True)) from None

    def _writer(self) -> None:
        """The background writer: never dies on an error, reports it and waits for more."""
        while True:
            self._wake.wait()
            # Serializing holds the interpreter lock for tens of milliseconds at 10,000
            # partners: wait until writes pause briefly, so the keypress that caused this
            # one repaints first and a burst of keys becomes one disk write.
            deadline = time.monotonic() + WRITE_COALESCE_MAX
            while not self._closing and time.monotonic() < deadline:
                self._wake.clear()
                if not self._wake.wait(WRITE_QUIET):
                    break
            self._wake.clear()
            try:
                self.flush()
            except StoreError as exc:
                self._report(exc)
            except Exception as exc:  # a bug must not silently stop all saving
                self._report(WriteFailed(self.path, f"unexpected error: {exc!r}"))
            if self._closing:
                return

    def _report(self, error: StoreError) -> None:
        self.last_error = error
        # While closing, close() flushes again and raises the error to its caller; a
        # callback into a UI that is shutting down could block this thread (and the
        # join in close()) for good.
        if self._on_error is not None and not self._closing:
            with contextlib.suppress(Exception):
                self._on_error(error)

    # -- conflict handling -------------------------------------------------------
    def changed_on_disk(self) -> bool:
        return fingerprint(self.path) != self._disk

    def read_disk(self) -> tuple[dict[str, Any], int, bytes, Fingerprint]:
        """Parse the file on disk now, without touching what we hold (see adopt)."""
        return read_stable(self.path)

    def adopt(self, data: dict[str, Any], found: int, raw: bytes, disk: Fingerprint) -> None:
        """Forget our pending changes and hold what read_disk() returned."""
        with self.lock, self._flush_lock:
            self._serializer.clear()
            self._data = data
            self.found_version = found
            self._dirty = found < schema.SCHEMA_VERSION
            self._disk = disk
            self._backup_pending = True
            self.last_error = None

    def mark_dirty(self) -> None:
        """Make the next flush write even if nothing changed (e.g. 'keep mine')."""
        with self.lock:
            self._dirty = True
