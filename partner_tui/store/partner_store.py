"""PartnerStore: the one API the app and the command line use to read and change data.

The UI never touches TinyDB. The stored records (plain dicts inside TinyDB's data) are
the truth in memory. Lists are served as PartnerCards read from them (index.py); full
Partner models are validated on demand and kept in a small cache (model_cache.py).
Every record is still validated once per content before the first write of a session
(record_check.py): a file holding an invalid record is never overwritten. Every change
goes through TinyDB to SafeJSONStorage (json_file.py), which makes it durable.

Several stores, in several processes, may write one file: each write takes the file's
lock for that write only and first merges what the others wrote (disk_merge.py), and
merge_from_disk() brings their changes in between writes (the app calls it when it sees
the file change). Another thread may therefore change what the store holds: every read
here takes the storage's lock, and every change runs whole inside it.

Each job behind this facade is a module of its own: reading a file's records
(file_records.py), changes and who made them (partner_changes.py), undo (undo.py,
partner_undo.py), templates and settings (program_facade.py), other writers
(disk_merge.py, record_rebase.py), the file itself (json_file.py), its lock (lock.py);
deals and payouts (mixins: deal_facade.py, payout_facade.py, over deal_table.py). What
exists only for speed plugs in through StoreHooks (hooks.py); a store opened without them
is as correct, only slower.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from partner_tui.domain.partner import Partner
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.store.deal_facade import DealsFacade
from partner_tui.store.deal_table import DealTable
from partner_tui.store.disk_merge import DiskMerger
from partner_tui.store.errors import DatabaseUnreadable, ReadOnlyStore, StoreError
from partner_tui.store.file_records import (
    CHECKED_TABLES,
    FileRecords,
    Unverified,
    check_stored,
    read_records,
    validate_record,
)
from partner_tui.store.hooks import NO_SPEEDUPS, StoreHooks
from partner_tui.store.index import PartnerIndex
from partner_tui.store.json_file import SafeJSONStorage
from partner_tui.store.lock import SHORT_HOLD_WAIT, data_file
from partner_tui.store.merge import MergeResult
from partner_tui.store.partner_changes import PartnerChanges
from partner_tui.store.partner_reads import PartnerReads
from partner_tui.store.partner_table import PartnerTable
from partner_tui.store.payout_facade import PayoutsFacade
from partner_tui.store.program_facade import ProgramFacade
from partner_tui.store.record_check import AfterOpen, check_records
from partner_tui.store.serializer import Made
from partner_tui.store.settings_record import settings_of_table
from partner_tui.store.templates import TemplateRecords
from partner_tui.store.tinydb_tables import KeyedTinyDB
from partner_tui.store.undo import Change, UndoHistory

# Up to this many partners the app checks records before its first paint (hashing them
# costs ~10 ms, validating any not known valid ~0.2 ms each); above it, in the background.
EAGER_CHECK_LIMIT = 2_000

# Who makes the changes: a name, or a function asked at each change (the name may change).
AuthorOf = str | Callable[[], str | None] | None


class PartnerStore(PartnerReads, ProgramFacade, DealsFacade, PayoutsFacade):
    def __init__(
        self,
        path: Path | str,
        *,
        read_only: bool = False,
        write_behind: bool = False,
        on_error: Callable[[StoreError], None] | None = None,
        verify_in_background: bool = False,
        hooks: StoreHooks[PartnerStore] = NO_SPEEDUPS,
        author: AuthorOf = None,
        lock_wait: float = SHORT_HOLD_WAIT,
    ) -> None:
        """verify_in_background: validate records not known valid in a thread after
        opening (the app: first paint does not wait); writes wait until it has passed.
        Otherwise (the command line) they are validated before the constructor returns.
        hooks: the speedups (partner_tui.speedups.store_speedups()); without them the
        store is as correct and safe, only slower.
        author: who makes this store's changes (each new stage change and activity, and
        the notes of a merge, record it); None: they record nobody.
        lock_wait: how long a write waits for another writer's (seconds); longer, the
        change stays pending and the write fails with DatabaseLocked."""
        self.path = Path(path).expanduser()
        self._file = data_file(self.path)
        self.read_only = read_only
        self._hooks = hooks
        self._author = author if callable(author) else (lambda: author)
        self._undo = UndoHistory()
        if not read_only:
            try:
                self._file.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseUnreadable(
                    self.path, f"cannot create its folder ({exc.strerror or exc})"
                ) from None
        self._storage = SafeJSONStorage(
            self._file,
            read_only=read_only,
            write_behind=write_behind,
            on_error=on_error,
            lock_wait=lock_wait,
        )
        self._merger = DiskMerger(
            self._storage,
            self.path,
            reading=hooks.reading,
            refresh=self._merged,
            author=self.author,
        )
        self._after_open: AfterOpen | None = None
        with hooks.reading(self._file):
            self._storage.load()
            records = read_records(self._storage.read() or {}, self.path, self._file)
        self._storage.settle(self._merger.take)
        self._db = KeyedTinyDB(storage=lambda: self._storage)
        self._install(records)
        pending = records.unverified
        raw = self._storage.take_loaded_bytes()
        if not verify_in_background or len(pending) <= EAGER_CHECK_LIMIT:
            # Small files are checked before anything is drawn: a bad record is then
            # a one-line error, never a screen that appears and vanishes.
            self._check(pending, raw)
            pending, raw = [], None
        if verify_in_background:
            self._after_open = AfterOpen(
                self.path,
                self._storage.gate,
                # A write waiting for the verdict starts the check if nobody has yet.
                (lambda: self._check(pending, raw)) if pending else None,
                lambda: hooks.after_open(self),
                on_error,
            )
        if self._storage.dirty and not read_only:
            self._storage.flush()  # a new file is created, a migrated one written forward
        self._storage.start()

    # -- lifecycle -------------------------------------------------------------------
    def close(self) -> None:
        self._storage.close()
        # Only speed is at stake: a failing speedup must not fail the close.
        with contextlib.suppress(Exception):
            self._hooks.closing(self)

    def __enter__(self) -> PartnerStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def flush(self) -> None:
        """Block until every change is on disk (the app calls this before it quits)."""
        self._storage.flush()

    @property
    def storage(self) -> SafeJSONStorage:
        """The file beneath (tests and diagnostics); callers use this facade instead."""
        return self._storage

    @property
    def file(self) -> Path:
        """Where the data really lives (a symlinked data file's target)."""
        return self._file

    @property
    def hooks(self) -> StoreHooks[PartnerStore]:
        """The speedups this store was opened with."""
        return self._hooks

    def author(self) -> str | None:
        """Who makes this store's changes, as asked now (None: nobody known)."""
        with contextlib.suppress(Exception):  # a name is never worth a failed change
            name = self._author()
            return name.strip() or None if isinstance(name, str) else None
        return None

    @property
    def blocked(self) -> StoreError | None:
        """Why nothing may ever be written over this file (the record check found an
        invalid record), or None."""
        return self._storage.blocked

    @property
    def records_checked(self) -> bool:
        """Whether the records read at open have passed their check."""
        return self._storage.checked

    @property
    def changed_since_read(self) -> bool:
        """Whether this store changed a partner, deal or payment since the file was read."""
        return self._partners.changed or self._deals.changed

    def matches_disk(self) -> bool:
        """Whether the file on disk holds exactly what this store holds (nothing is
        waiting to be saved, and nobody else wrote the file since)."""
        return not self._storage.dirty and not self._storage.changed_on_disk()

    def records_to_serialize(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Records whose bytes the next save would have to make (see keep_serialized)."""
        return self._storage.records_to_serialize()

    def keep_serialized(self, made: Made) -> None:
        """Hand the next save records' bytes made ahead of it (speedups/warm_up.py)."""
        self._storage.keep_serialized(made)

    # -- reading a file and checking its records ---------------------------------------
    def _install(self, records: FileRecords) -> None:
        """Hold `records` (read from the file by read_records) from now on."""
        index = PartnerIndex(records.cards)
        self._partners = PartnerTable(self._db, self._storage, index, self._validate_partner)
        self._changes = PartnerChanges(
            self._partners, self._undo, self._storage.batch, self.author
        )
        self._templates = TemplateRecords(records.templates)
        self._settings = records.settings
        self._deals = DealTable(self._storage)

    def _check(self, unverified: Unverified, content: bytes | None = None) -> None:
        """Validate the records not known valid; raise on the first invalid one.
        `content`: the file's bytes they were read from (see record_check.py)."""
        check_records(self._file, unverified, content, check_stored(self._validate), self._hooks)

    def _validate_partner(self, raw: dict[str, Any], key: str) -> Partner:
        return self._validate(Partner, raw, "partner", key)

    def _validate(self, model: Any, raw: dict[str, Any], kind: str, key: str) -> Any:
        return validate_record(model, raw, kind, key, self.path, self._file)

    def start_background(self) -> None:
        """Begin the after-open work (the record check, then the after-open hook). The app
        calls this once its first frame is on screen, so the work does not compete with
        the first paint for the interpreter; a write that needs the verdict calls it too."""
        if self._after_open is not None:
            self._after_open.start()

    def wait_verified(self, timeout: float | None = None) -> bool:
        """Block until background validation is done (tests, benchmarks)."""
        return self._after_open is None or self._after_open.wait(timeout)

    # -- changing partners (partner_changes.py) -----------------------------------------
    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyStore(self.path, "changes cannot be saved")

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Several changes, one disk write (at the end of the outermost batch).

        Each change inside is still undone on its own by undo().
        """
        self._check_writable()
        with self._storage.batch():
            yield

    @contextlib.contextmanager
    def as_one_change(self, label: str) -> Iterator[None]:
        """Several changes, one disk write and one undo (`label` says what it was)."""
        self._check_writable()
        with self._storage.batch(), self._undo.grouped(label):
            yield

    @contextlib.contextmanager
    def _recording(self, change: Change) -> Iterator[None]:
        """Record `change` for undo and store it inside (one batch: no merge from another
        writer in between); then keep its records as it left them (see partner_undo.py)."""
        with self._storage.batch():
            self._undo.record(change)
            yield
            change.stored(self._partners.raw, self._deals.record)

    def add(self, partner: Partner) -> Partner:
        """Add a partner at the bottom of its stage's column."""
        self._check_writable()
        return self._changes.add(partner)

    def add_many(self, partners: list[Partner]) -> list[Partner]:
        """All or nothing, and one write: the importer's path."""
        self._check_writable()
        return self._changes.add_many(partners)

    def update(
        self, partner: Partner, label: str | None = None, *, since: Partner | None = None
    ) -> Partner:
        """Save an edited partner (validated again: an invalid record is never stored).
        since: the partner as the editor read it (a form kept open): if another writer
        changed it meanwhile, only the fields edited since are saved over their change,
        and where both changed a field, their value goes into the partner's log.
        NotFound if the partner is gone (deleted meanwhile)."""
        self._check_writable()
        return self._changes.update(partner, label, since)

    def move(self, partner_id: str, stage: Stage) -> Partner:
        """Move to another stage: recorded in the stage history, placed at the column's end."""
        self._check_writable()
        return self._changes.move(partner_id, stage)

    def reorder(self, partner_id: str, offset: int) -> bool:
        """Swap with the neighbour above (offset -1) or below (+1). False at an end."""
        self._check_writable()
        return self._changes.reorder(partner_id, offset)

    def archive(self, partner_id: str, reason: ArchiveReason) -> Partner:
        self._check_writable()
        return self._changes.archive(partner_id, reason)

    def restore(self, partner_id: str) -> Partner:
        """Bring an archived partner back to the stage it left from."""
        partner = self.get(partner_id)
        if partner.stage is not Stage.ARCHIVED:
            return partner
        self._check_writable()
        return self._changes.restore(partner_id)

    def delete(self, partner_id: str) -> None:
        self._check_writable()
        self._changes.delete(partner_id)

    # -- undo (undo.py) ------------------------------------------------------------------
    @property
    def undo_label(self) -> str | None:
        return self._undo.label

    @property
    def undo_ids(self) -> list[str]:
        """The partners the next undo() puts back (the board follows them)."""
        return self._undo.ids

    def undo(self) -> str | None:
        """Put back this process's last change (another writer's changes are never undone:
        see partner_undo.py); returns what was undone."""
        self._check_writable()
        return self._changes.undo(self._deals)

    # -- other writers (disk_merge.py) ----------------------------------------------------
    def changed_on_disk(self) -> bool:
        """Whether another writer changed the file since this store last read or wrote it
        (a cheap stat: the app asks several times a second)."""
        return self._storage.changed_on_disk()

    @property
    def merged_unshown(self) -> bool:
        """Whether a merge brought another writer's changes in (maybe at the start of this
        store's own write) since merge_from_disk() last told of them."""
        return self._merger.has_unshown

    def merge_from_disk(self) -> MergeResult | None:
        """Bring in what another writer put in the file, merged with what this store has
        not written yet (which stays pending, and ours). Returns what changed (its data
        left out) since it was last asked, merges at the start of this store's own writes
        included, or None if nothing did. DatabaseUnreadable (and nothing changed here) if
        the file cannot be used. Blocks while this store writes: call it off the screen's
        thread."""
        with self._storage.one_at_a_time():
            self._storage.take_disk()
        return self._merger.unshown()

    def _merged(self, result: MergeResult, before: dict[str, Any]) -> None:
        """A merge from disk was adopted (called under the storage's lock): bring the
        cards, deal indexes, templates and settings in line with it (`before`: memory as
        it was)."""
        data = self._storage.read() or {}
        partners = result.changed_keys("partners")
        if partners:
            self._partners.merged(partners)
        for table in CHECKED_TABLES:
            self._deals.merged(table, result.changed_keys(table), before.get(table) or {})
        if result.changed_keys("templates"):
            self._templates = TemplateRecords.of_table(data.get("templates") or {})
        if result.changed_keys("settings"):
            self._settings = settings_of_table(data.get("settings") or {})
