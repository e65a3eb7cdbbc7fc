"""A TinyDB Storage that never tears, never loses another writer's work, and keeps the
file diffable.

- Reads the file once, then serves TinyDB from memory. Reading needs no lock: every
  writer replaces the file whole (file/atomic_write.py), and read_stable retries a read
  that raced one.
- Every write takes the file's lock for that write only (file/lock.py, `hold`): if another
  writer changed the file since this process last read or wrote it, what is on disk is
  first merged into memory, record by record (merge/from_disk.py: base = what was last read),
  then the whole file is written atomically (file/atomic_write.py) as sorted, indented JSON
  (file/serialize.py). Several processes on one file therefore all write, and none loses
  what another wrote.
- With write_behind=True writes are handed to a background thread, so a keypress
  never waits for the disk (nor for another writer's lock); flush() waits until
  everything is durable.
- No write passes before the records read at open have passed their check
  (file/write_gate.py).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from partner_tui import os_compat
from partner_tui.os_compat.plain_files import made_read_only, private_folder
from partner_tui.store.errors import (
    DatabaseLocked,
    ReadOnlyStore,
    StoreError,
    WriteFailed,
    describe_os_error,
)
from partner_tui.store.file import schema
from partner_tui.store.file.atomic_write import Content, atomic_write, clean_stale_temps
from partner_tui.store.file.backup import backup_path, keep_backup
from partner_tui.store.file.compact import Packer
from partner_tui.store.file.lock import SHORT_HOLD_WAIT, WriterLock
from partner_tui.store.file.read import Fingerprint, fingerprint, read_stable
from partner_tui.store.file.schema import stamp
from partner_tui.store.hooks import no_pause
from partner_tui.store.file.serialize import CACHED_TABLES, Made, RecordCache
from partner_tui.store.file.write_gate import WriteGate

# The background writer starts a save once writes have paused this long (seconds) ...
WRITE_QUIET = 0.03
# ... or this long after the first unsaved change, whichever comes first.
WRITE_COALESCE_MAX = 0.15

Data = dict[str, Any]
# Brings what another writer put on disk into memory (from_disk.DiskMerger.take).
TakeDisk = Callable[[Fingerprint], object]


def snapshot(data: Data) -> Data:
    """A copy of the tables (not of the records: records are only ever replaced, never
    changed in place), so later changes to `data` do not show in it."""
    return {name: dict(table) if isinstance(table, dict) else table for name, table in data.items()}


class SafeJSONStorage(Storage):
    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        write_behind: bool = False,
        on_error: Callable[[StoreError], None] | None = None,
        lock: WriterLock | None = None,
        lock_wait: float = SHORT_HOLD_WAIT,
        packer: Packer | None = None,
    ) -> None:
        """packer: packs the deals as they are read and stored (file/compact.py)."""
        self.path = Path(path)
        self.read_only = read_only
        self.lock = threading.RLock()  # guards self._data against the other threads
        self._flush_lock = threading.Lock()  # one disk operation (write or merge) at a time
        # One build of the sections ahead of a save at a time (prepare_sections); taken
        # before `lock`, never while holding it from another thread. Re-entrant: a
        # write-through store saves a change made in the build's pause on the same thread.
        self._prepare_lock = threading.RLock()
        self._batch_thread: int | None = None  # the thread inside the outermost batch
        self._flush_after_batch = False  # flush() was asked for inside a batch
        self._writer_lock = lock or WriterLock(self.path)
        self._lock_wait = lock_wait
        self._data: Data = {}
        # The deals are held as rows (file/compact.py), packed by this packer as they are
        # read and stored: records/deal_table.py packs with it too.
        self.packer = packer or Packer()
        # The file as this process last read or wrote it: the base of a merge with what
        # another writer put there since (None: there was no file).
        self._base: Data | None = None
        # Counts changes in memory: a merge computed from an older state is not adopted.
        self._version = 0
        self._take_disk: TakeDisk | None = None
        self._loaded_bytes: bytes | FileChunks | None = None
        self._serializer = RecordCache()
        self._closed_layout: RecordCache | None = None  # see close()
        # Per cached table: the serializer's section at the last save, and the copy of the
        # table made then (see _written_snapshot).
        self._copies: dict[str, tuple[object, dict[str, Any]]] = {}
        # The file last read or written, kept open: a save copies the unchanged records
        # from it (file/serialize.py), so their bytes need not be kept in memory.
        self._source: SourceFile | None = None
        # Where each cached table's "{" is in the file read at open (found by prepare).
        self._source_tables: dict[str, int] = {}
        self._dirty = False
        self._disk: Fingerprint = None
        # The first write of a session first keeps the file as it was (the .bak).
        self._backup_pending = False
        self._temps_cleaned = False
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
    def load(self) -> Data:
        """Read the file (or start empty if there is none) and return the data."""
        if not self.read_only:
            self._clean_temps_if_free()
        if not self.path.exists() and not self.path.is_symlink():
            self._data = stamp(
                {"partners": {}, "templates": {}, "settings": {}}, schema.SCHEMA_VERSION
            )
            self._dirty = True
            self._disk = None
            self.found_version = schema.SCHEMA_VERSION
        else:
            data, found, raw, disk = read_stable(self.path, self.packer)
            self._data, self.found_version, self._disk = data, found, disk
            self._loaded_bytes = raw
            if not self.read_only and disk is not None and self._keep_source(disk):
                self._source_tables = table_starts(raw)
                # Not held (73 MB at 100,000 deals, while the records are read into
                # cards): the record check reads the file again if it needs its bytes.
                self._loaded_bytes = FileChunks(self._source)
            self._backup_pending = True
            if self.found_version < schema.SCHEMA_VERSION:
                self._dirty = True  # migrated: the first flush writes it forward
        return self._data

    def settle(self, take_disk: TakeDisk | None) -> None:
        """What was loaded (and cleaned by the store) is the base of the next merge;
        `take_disk` merges another writer's file into memory (see merge/from_disk.py)."""
        with self.lock:
            self._take_disk = take_disk
            self._base = snapshot(self._data) if self._disk is not None else None

    def _clean_temps_if_free(self) -> None:
        """Remove temp files a killed writer left, if nobody is writing right now (a live
        writer's temp file is not stale). Otherwise the first write of this session does."""
        try:
            self._writer_lock.acquire(timeout=0.0)
        except DatabaseLocked:
            return
        try:
            self._clean_temps()
        finally:
            self._writer_lock.release()

    def _clean_temps(self) -> None:
        """Only while holding the lock: every live writer writes under it."""
        clean_stale_temps(self.path)
        clean_stale_temps(backup_path(self.path))
        self._temps_cleaned = True

    @property
    def checked(self) -> bool:
        """Whether the records read at open have passed their check (see file/write_gate.py)."""
        return self.gate.checked

    @property
    def blocked(self) -> StoreError | None:
        """Why nothing may ever be written over this file (an invalid record), if so."""
        return self.gate.blocked

    def take_loaded_bytes(self) -> bytes | FileChunks | None:
        """The bytes load() read (once: the store checks them, then they are freed). With
        the file kept open as the source, they are not held at all (73 MB at 100,000
        deals, held until the record check): the file, read again in chunks if the check
        wants it."""
        raw, self._loaded_bytes = self._loaded_bytes, None
        return raw

    def start(self) -> None:
        """Start the background writer, once the loaded data has been validated."""
        if self._thread is not None and not self._thread.is_alive():
            self._thread.start()

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group several TinyDB writes into one disk write; no merge from disk comes in
        between (the block holds `lock`).

        Not a transaction: if the block raises, the changes made before the error are
        kept and still saved (the error that stopped the block is the one raised).
        """
        completed = False
        try:
            with self.lock:
                if self._batch_depth == 0:
                    self._batch_thread = threading.get_ident()
                self._batch_depth += 1
                try:
                    yield
                finally:
                    self._batch_depth -= 1
            completed = True
        finally:
            if self._batch_depth == 0 and self._dirty:
                # A flush() asked for inside the batch is done now, before returning.
                write = self.flush if self._flush_after_batch else self._persist
                self._flush_after_batch = False
                if completed:
                    write()
                else:
                    with contextlib.suppress(StoreError):
                        write()

    # -- the serializer's cache, filled ahead of the first save (speedups/warm_up.py) -----
    def records_to_serialize(self) -> list[tuple[str, str, dict[str, Any]]]:
        """(table, doc id, record) of every record whose bytes are not kept yet."""
        with self.lock:
            return [
                (name, doc_id, record)
                for name in CACHED_TABLES
                if isinstance(self._data.get(name), dict)
                for doc_id, record in self._serializer.missing(name, self._data[name])
            ]

    def keep_serialized(self, made: Made) -> None:
        """Keep records' bytes made outside the lock. Records are replaced, never changed
        in place, so bytes made from a record replaced meanwhile are simply never used."""
        with self.lock:
            self._serializer.remember(made)

    def prepare_sections(self, pause: Callable[[], None]) -> None:
        """Put the records' bytes kept so far in the file's order, table by table, outside
        the lock (calling `pause` now and then), so that even the first save of a session
        only looks for what changed. What changes meanwhile is found at the save.

        A table that the file read at open holds exactly as a save would write it is
        kept as where it is in that file, not as bytes (see file/serialize.py). It is
        built from the table as read (the merge's base, the very records still held but
        those replaced since), so that a record changed before this came to it (a move,
        the tier log's entries) does not make every record of its table bytes: the save
        finds it replaced, by identity, as it finds any later change. One at a time:
        the first save, come meanwhile, waits for the warm-up's build rather than make
        the same one beside it."""
        with self._prepare_lock:
            self._prepare_sections(pause)

    def _prepare_sections(self, pause: Callable[[], None]) -> None:
        for name in sorted(CACHED_TABLES):
            with self.lock:
                table = self._data.get(name)
                if not isinstance(table, dict) or not table or self._serializer.built(name):
                    continue
                source = self._source
                base = self._source_tables.get(name)
                located = None
                if source is not None and base is not None and source.unchanged():
                    located = (source.read, base)
                    as_read = (self._base or {}).get(name)
                    if isinstance(as_read, dict) and as_read:
                        table = as_read
                keys, records = list(table), list(table.values())
            section = self._serializer.build(name, keys, records, pause=pause, source=located)
            with self.lock:
                if section.base is None or self._source is source:
                    self._serializer.adopt(name, section)

    # -- TinyDB Storage API ------------------------------------------------------
    def read(self) -> Data | None:
        return self._data

    def write(self, data: Data) -> None:
        if self.read_only:
            raise ReadOnlyStore(self.path, "changes cannot be saved")
        with self.lock:
            self._data = data
            self._dirty = True
            self._version += 1
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
        try:
            if not self.read_only:
                self.flush()
        finally:
            with self.lock:
                # Where each record is in the file as closed, for a closing hook
                # (speedups/record_spans.py): only while it is the very file written.
                source = self._source
                if not self._dirty and source is not None and source.unchanged():
                    self._closed_layout = self._serializer.located()
                self._drop_source()

    def record_spans(self, name: str) -> dict[str, tuple[int, int]] | None:
        """After close(): where each record of the cached table `name` is in the file
        on disk (serialize.RecordCache.record_spans), while it is the file this store
        last wrote or read; None when that is not known."""
        layout = self._closed_layout
        if layout is None or self._dirty or self.changed_on_disk():
            return None
        return layout.record_spans(name)

    # -- writing --------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self._dirty

    def retry(self) -> None:
        """Try a failed save again (the app does, while a change is pending)."""
        if self._dirty and not self.read_only:
            self._persist()

    def flush(self) -> None:
        """Write pending changes durably, merged with whatever another writer put in the
        file since (see the module's docstring)."""
        if self.read_only:
            return
        if self._batch_depth and self._batch_thread == threading.get_ident():
            # Inside a batch this thread holds `lock`, which the write needs, while the
            # background writer may hold `_flush_lock` waiting for it: writing now would
            # deadlock, and would split the batch. The batch writes when it ends.
            self._flush_after_batch = True
            return
        # Wait (holding no lock, so edits go on) until the records read at open have
        # passed validation; a file with an invalid record is never written over.
        self.gate.wait()
        if self._source_tables:
            # The first save after open, before the warm-up located the file read (a
            # change waiting at the gate while an upgrade's check validated every record):
            # located first, outside the lock, or this save would hold every record's
            # bytes at once (~76 MB at 100,000 deals) and the heap stay that much bigger.
            self.prepare_sections(no_pause)
        # Never called holding `lock` (batch() persists after letting it go): the thread
        # that holds `_flush_lock` takes `lock` to merge and to serialize.
        with self._flush_lock:
            if not self._dirty:
                return  # (a write another thread had started is on disk now)
            try:
                self._write_merged()
            except StoreError as exc:
                self.last_error = exc
                raise
            self.last_error = None

    def _write_merged(self) -> None:
        """Under the file's lock, held for this write only: take in what another writer
        put on disk, then write memory as the new file."""
        with self._writer_lock.hold(self._lock_wait):
            if not self._temps_cleaned:
                self._clean_temps()
            disk = fingerprint(self.path)
            if disk is not None and disk != self._disk and self._take_disk is not None:
                self._take_disk(disk)  # raises if the file on disk is unusable
            with self.lock:
                source = self._source
                if source is not None and not source.unchanged():
                    # Changed in place by another program: nothing is copied from it.
                    self._drop_source()
                    source = None
                payload = self._serializer.pieces(self._data)
                written = self._written_snapshot()
                self._dirty = False
            try:
                self._write_payload(payload, source)
            except BaseException:
                # Nothing reached the disk: the change stays pending for the next try
                # (which makes every record's bytes again, if copying was what failed).
                self._dirty = True
                with self.lock:
                    if source is not None:
                        self._drop_source()
                raise
            with self.lock:
                self._base = written
                if self._disk is not None and self._keep_source(self._disk):
                    self._serializer.written()

    def _written_snapshot(self) -> Data:
        """snapshot(self._data), just serialized by pieces(): a cached table whose section
        is the very one of the last save (none of its records replaced, added or removed
        since: see serialize.RecordCache) is the copy made then, not copied again (the
        deals table: 100,000 entries copied at every move). Call under `lock`."""
        kept, self._copies = self._copies, {}
        written: Data = {}
        for name, table in self._data.items():
            if not isinstance(table, dict):
                written[name] = table
                continue
            section = self._serializer.built(name) if name in CACHED_TABLES else None
            copy = kept.get(name)
            if section is not None and copy is not None and copy[0] is section:
                written[name] = copy[1]
            else:
                written[name] = dict(table)
            if section is not None:
                self._copies[name] = (section, written[name])
        return written

    def _keep_source(self, disk: Fingerprint) -> bool:
        """Keep the file open (the one whose fingerprint is `disk`, just read or written
        under the lock) as the source of the next save's unchanged records. Not on
        Windows, where an open file cannot be replaced: the bytes are kept there."""
        if os_compat.WINDOWS:
            return False
        old, self._source = self._source, SourceFile.of(self.path, disk)
        if old is not None:
            old.close()
        self._source_tables = {}
        if self._source is None:
            self._serializer.unlocated()  # (what pointed into the old one)
        return self._source is not None

    def _drop_source(self) -> None:
        """No source any more: the sections pointing into it are forgotten."""
        if self._source is not None:
            self._source.close()
        self._source = None
        self._source_tables = {}
        self._serializer.unlocated()

    def _write_payload(self, payload: Content, source: SourceFile | None = None) -> None:
        problem = made_read_only(self.path)  # made so since it was opened: never replaced
        if problem is not None:
            raise WriteFailed(
                self.path, f"it was made {problem}; open it with --read-only, or make it writable"
            )
        try:
            if self._backup_pending and self.path.is_file():
                # Before this session's first write, keep the file as it is now (as it was
                # opened, plus what other writers added since).
                keep_backup(self.path)
            self._backup_pending = False
            private_folder(self.path.parent)  # 0700 whatever the umask
            atomic_write(self.path, payload, source=None if source is None else source.fd)
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

    # -- another writer's file ------------------------------------------------------
    def changed_on_disk(self) -> bool:
        """Whether the file is not the one this process last read or wrote (a cheap stat)."""
        return fingerprint(self.path) != self._disk

    @contextlib.contextmanager
    def one_at_a_time(self) -> Iterator[None]:
        """Hold off this process's own writes (a merge from disk runs meanwhile)."""
        with self._flush_lock:
            yield

    def take_disk(self) -> object:
        """Merge the file into memory if another writer changed it (no file lock: every
        writer replaces the file whole). Call inside one_at_a_time()."""
        disk = fingerprint(self.path)
        if disk is None or disk == self._disk or self._take_disk is None:
            return None
        return self._take_disk(disk)

    def state(self) -> tuple[int, Data, Data | None]:
        """(version, a snapshot of memory, the base) for a merge computed outside the lock."""
        with self.lock:
            return self._version, snapshot(self._data), self._base

    def adopt(
        self, version: int, merged: Data, theirs: Data, disk: Fingerprint,
        refresh: Callable[[], None],
    ) -> bool:
        """Hold `merged` (memory merged with `theirs`, the file whose fingerprint is `disk`)
        if memory is still as it was at `version`; False if it changed meanwhile (merge
        again). `refresh` brings the store's index in line, under the same lock."""
        with self.lock:
            if self._version != version:
                return False
            self._data = merged
            self._base = theirs
            self._disk = disk
            self._version += 1
            refresh()
            return True

    def mark_dirty(self) -> None:
        """Make the next flush write even if nothing changed."""
        with self.lock:
            self._dirty = True


class SourceFile:
    """A data file this process read or wrote, open for reading, with the stat it had
    then: copying a stretch of it is sound only while it is still that file, unchanged
    (every writer of this program replaces the file and never writes into it; a program
    that writes into it changes its size or its change time, which nobody can set back)."""

    def __init__(self, fd: int, stamp: tuple[int, ...]) -> None:
        self.fd = fd
        self._stamp = stamp

    @classmethod
    def of(cls, path: Path, disk: Fingerprint) -> SourceFile | None:
        """The file at `path`, opened for reading, if it is the one whose fingerprint is
        `disk` (else None)."""
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            return None
        try:
            st = os.fstat(fd)
        except OSError:
            os.close(fd)
            return None
        if disk is None or (st.st_ino, st.st_size, st.st_mtime_ns) != disk:
            os.close(fd)  # not the file read or written: another one took its name
            return None
        return cls(fd, _stamp_of(st))

    def unchanged(self) -> bool:
        try:
            return self.fd >= 0 and _stamp_of(os.fstat(self.fd)) == self._stamp
        except OSError:
            return False

    def read(self, offset: int, n: int) -> bytes:
        return os.pread(self.fd, n, offset)

    def close(self) -> None:
        fd, self.fd = self.fd, -1  # (once: the number may be another file's afterwards)
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)

    def __del__(self) -> None:  # a store never closed (a test, a crash) leaks no descriptor
        self.close()


class FileChunks:
    """The bytes of a source file, read in chunks each time they are iterated: OSError if
    it is no longer the file read."""

    CHUNK = 1 << 20

    def __init__(self, source: SourceFile) -> None:
        self._source = source

    def __iter__(self) -> Iterator[bytes]:
        if not self._source.unchanged():
            raise OSError("the file read is gone or was changed")
        offset = 0
        while chunk := self._source.read(offset, self.CHUNK):
            yield chunk
            offset += len(chunk)
        if not self._source.unchanged():
            raise OSError("the file read changed while it was read")


def _stamp_of(st: os.stat_result) -> tuple[int, ...]:
    return (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def table_starts(raw: bytes) -> dict[str, int]:
    """Where each cached table's "{" is in a file laid out as the program writes it
    (tables two spaces in: no string holds a raw newline, so this is a table's line)."""
    starts: dict[str, int] = {}
    for name in CACHED_TABLES:
        head = b'\n  "' + name.encode() + b'": {'
        at = raw.find(head)
        if at >= 0:
            starts[name] = at + len(head) - 1
    return starts
