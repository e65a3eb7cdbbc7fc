"""A TinyDB Storage that never tears, never clobbers, and keeps the file diffable.

- Reads the file once (under the writer lock), then serves TinyDB from memory.
- Every write goes to disk atomically (see atomic.py) as sorted, indented JSON.
- Before each write the file on disk is compared with what we last read or wrote;
  if someone else changed it, ChangedOnDisk is raised instead of overwriting.
- With write_behind=True writes are handed to a background thread, so a keypress
  never waits for the disk; flush() waits until everything is durable.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from partner_tui.store import schema
from partner_tui.store.atomic import atomic_write, clean_stale_temps, preserve
from partner_tui.store.errors import (
    ChangedOnDisk,
    DatabaseNewer,
    DatabaseUnreadable,
    ReadOnlyStore,
    StoreError,
    WriteFailed,
)
from partner_tui.store.schema import check_shape, migrate, stamp, version_of

Fingerprint = tuple[int, int, int] | None

# The background writer starts a save once writes have paused this long (seconds) ...
WRITE_QUIET = 0.03
# ... or this long after the first unsaved change, whichever comes first.
WRITE_COALESCE_MAX = 0.15


def fingerprint(path: Path) -> Fingerprint:
    """Identity of the file's current contents: a rename-replace changes the inode, an
    in-place rewrite the size or modification time."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


JSON_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


def dumps(data: Any) -> bytes:
    """Stable bytes: sorted keys and two-space indents, so `git diff` shows real changes."""
    return orjson.dumps(data, option=JSON_OPTIONS) + b"\n"


# Tables whose records are only ever replaced (a new dict), never changed in place: their
# serialized bytes can be kept between saves. The repository keeps that promise for
# partners; the other tables are small and serialized every time.
CACHED_TABLES = frozenset({"partners"})


def record_bytes(record: Any) -> bytes:
    """A record as it appears in the file, inside its table. orjson escapes newlines
    inside strings, so every raw newline is layout: indent the lines to its depth."""
    return orjson.dumps(record, option=JSON_OPTIONS).replace(b"\n", b"\n    ")


class RecordCache:
    """Builds exactly dumps(data), reusing each unchanged record's bytes.

    With 10,000 partners the file is tens of megabytes; serializing all of it on every
    save holds the interpreter for a quarter of a second, which a keypress would feel.
    A record's bytes are reused while its dict is the very same object.
    """

    def __init__(self) -> None:
        self._bytes: dict[tuple[str, str], tuple[dict[str, Any], bytes]] = {}

    def clear(self) -> None:
        self._bytes = {}

    def has(self, name: str, doc_id: str, record: dict[str, Any]) -> bool:
        hit = self._bytes.get((name, doc_id))
        return hit is not None and hit[0] is record

    def remember(self, made: dict[tuple[str, str], tuple[dict[str, Any], bytes]]) -> None:
        """Add records' bytes made elsewhere (used only while a record is that very dict)."""
        self._bytes.update(made)

    def dumps(self, data: dict[str, Any]) -> bytes:
        if not data:
            return dumps(data)
        fresh: dict[tuple[str, str], tuple[dict[str, Any], bytes]] = {}
        parts: list[bytes] = [b"{"]
        for t, name in enumerate(sorted(data)):
            table = data[name]
            parts.append(b"\n  " if t == 0 else b",\n  ")
            parts.append(orjson.dumps(name) + b": ")
            if not table or not isinstance(table, dict):
                parts.append(orjson.dumps(table, option=JSON_OPTIONS))
                continue
            cached = name in CACHED_TABLES
            parts.append(b"{")
            for i, doc_id in enumerate(sorted(table)):
                record = table[doc_id]
                parts.append(b"\n    " if i == 0 else b",\n    ")
                parts.append(orjson.dumps(doc_id) + b": ")
                key = (name, doc_id)
                hit = self._bytes.get(key) if cached else None
                if hit is not None and hit[0] is record:
                    chunk = hit[1]
                else:
                    chunk = record_bytes(record)
                if cached and isinstance(record, dict):
                    fresh[key] = (record, chunk)
                parts.append(chunk)
            parts.append(b"\n  }")
        parts.append(b"\n}\n")
        self._bytes = fresh
        return b"".join(parts)


def backup_path(path: Path) -> Path:
    """The copy of the file as it was when last opened: partners.bak.json."""
    return path.with_name(f"{path.stem}.bak{path.suffix or '.json'}")


def read_database(path: Path) -> tuple[dict[str, Any], int, bytes]:
    """Parse and migrate the file. Returns (data, version found, raw bytes).

    Raises DatabaseUnreadable with the reason; never writes anything.
    """
    backup = backup_path(path)
    known_backup = backup if backup.is_file() else None

    def bad(problem: str) -> DatabaseUnreadable:
        return DatabaseUnreadable(path, problem, known_backup)

    try:
        # A named pipe or a device would block the read (or never end): refuse it unread.
        mode = os.stat(path).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise bad("it is not a regular file (a pipe, socket or device)")
        raw = path.read_bytes()
    except IsADirectoryError:
        raise bad("it is a directory, not a file") from None
    except PermissionError:
        raise bad("permission denied (cannot read it)") from None
    except OSError as exc:
        raise bad(exc.strerror or str(exc)) from None
    if not raw.strip():
        raise bad("the file is empty (0 bytes of data)")
    try:
        parsed = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise bad(f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    try:
        data = check_shape(parsed)
        found = version_of(data)
    except ValueError as exc:
        raise bad(str(exc)) from None
    if found > schema.SCHEMA_VERSION:
        raise DatabaseNewer(
            path,
            f"it was written by a newer partner-tui (schema {found}; "
            f"this version reads up to {schema.SCHEMA_VERSION}); upgrade partner-tui to open it",
        )
    try:
        data, found = migrate(data)
    except ValueError as exc:
        raise bad(str(exc)) from None
    return data, found, raw


def read_stable(path: Path) -> tuple[dict[str, Any], int, bytes, Fingerprint]:
    """read_database plus the fingerprint of exactly the bytes that were read.

    Another program may replace the file while we read it; reading again until the
    fingerprint is the same before and after means a later conflict check compares
    against what we really hold.
    """
    for _ in range(5):
        before = fingerprint(path)
        data, found, raw = read_database(path)
        if fingerprint(path) == before:
            return data, found, raw, before
    return data, found, raw, None  # still changing: the next save will report a conflict


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
        # Writes wait while records are still being validated in the background; if one
        # is invalid, `blocked` says why and nothing is ever written over the file.
        self._writes_allowed = threading.Event()
        self._writes_allowed.set()
        self._release_starter: Callable[[], None] | None = None
        self.blocked: StoreError | None = None
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
        """Whether the records read at open have passed their check (see hold_writes)."""
        return self._writes_allowed.is_set() and self.blocked is None

    def take_loaded_bytes(self) -> bytes | None:
        """The bytes load() read (once: the store checks them, then they are freed)."""
        raw, self._loaded_bytes = self._loaded_bytes, None
        return raw

    def hold_writes(self, until: Callable[[], None] | None = None) -> None:
        """Writes wait for release_writes(); `until` is called by the first write that
        has to wait (it starts whatever will give the release)."""
        self._release_starter = until
        self._writes_allowed.clear()

    def release_writes(self, blocked: StoreError | None = None) -> None:
        self.blocked = blocked
        self._writes_allowed.set()

    def warm(self, pause: Callable[[], None] | None = None, slice_size: int = 500) -> None:
        """Serialize every record once in the background, so the first save of a session
        reuses their bytes like later saves do (at 10,000 partners, ~50 ms off it).
        Slice by slice, calling `pause` between them, and outside the lock but for
        handing each slice over: records are replaced, never changed in place, so bytes
        made from a record replaced meanwhile are simply never used. A save that comes
        first serializes what is still missing itself."""
        with self.lock:
            items: list[tuple[str, str, Any]] = [
                (name, doc_id, record)
                for name in CACHED_TABLES
                if isinstance(self._data.get(name), dict)
                for doc_id, record in self._data[name].items()
            ]
        for start in range(0, len(items), slice_size):
            if pause is not None:
                pause()
            made = {
                (name, doc_id): (record, record_bytes(record))
                for name, doc_id, record in items[start : start + slice_size]
                if isinstance(record, dict) and not self._serializer.has(name, doc_id, record)
            }
            with self.lock:
                self._serializer.remember(made)

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
        if not self._writes_allowed.is_set() and self._release_starter is not None:
            self._release_starter()
        self._writes_allowed.wait()
        if self.blocked is not None:
            raise self.blocked
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
            raise WriteFailed(self.path, describe_os_error(exc)) from None

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


def describe_os_error(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EDQUOT:
        return "the disk quota is exceeded"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied (the file or its folder is not writable)"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    return exc.strerror or str(exc)
