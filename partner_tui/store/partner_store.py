"""PartnerStore: the one API the app and the command line use to read and change data.

The UI never touches TinyDB. The stored records (plain dicts inside TinyDB's data) are
the truth in memory. Lists are served as PartnerCards read from them
(records/partner_index.py); full Partner models are validated on demand and kept in a
small cache (records/model_cache.py). Every record is still validated once per content
before the first write of a session (records/check_before_write.py): a file holding an
invalid record is never overwritten. Every change goes through TinyDB to SafeJSONStorage
(file/storage.py), which makes it durable.

Several stores, in several processes, may write one file: each write takes the file's
lock for that write only and first merges what the others wrote (merge/from_disk.py), and
merge_from_disk() brings their changes in between writes (the app calls it when it sees
the file change). Another thread may therefore change what the store holds: every read
here takes the storage's lock, and every change runs whole inside it.

The store is one small core (parts/core.py: the file, the tables, undo, the checks a
change passes) and the parts that hold it: store.partners (parts/partners.py, changes made
by parts/partner_changes.py), store.deals (parts/deals.py), store.payouts
(parts/payouts.py), store.program (templates and settings, parts/program.py). What is
left here is the store's life: open, check, flush, close, undo, and other writers
(merge/from_disk.py). What exists only for speed plugs in through StoreHooks (hooks.py); a
store opened without them is as correct, only slower. docs/layout.md maps the rooms.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from partner_tui.domain.partner import Partner
from partner_tui.os_compat.files import quote_arg
from partner_tui.os_compat.plain_files import made_read_only, private_folder
from partner_tui.store.data_changed import DataChanged
from partner_tui.store.errors import DatabaseUnreadable, StoreError
from partner_tui.store.file.lock import SHORT_HOLD_WAIT, data_file
from partner_tui.store.file.serialize import Made
from partner_tui.store.file.storage import SafeJSONStorage
from partner_tui.store.hooks import NO_SPEEDUPS, FileContent, StoreHooks
from partner_tui.store.merge.from_disk import DiskMerger
from partner_tui.store.merge.three_way import MergeResult
from partner_tui.store.parts.accounts import AccountLists
from partner_tui.store.parts.core import StoreCore
from partner_tui.store.parts.deals import Deals
from partner_tui.store.parts.partner_changes import PartnerChanges
from partner_tui.store.parts.partners import Partners
from partner_tui.store.parts.payouts import Payouts
from partner_tui.store.parts.program import Program
from partner_tui.store.records.check_before_write import AfterOpen, check_records
from partner_tui.store.records.deal_table import DEALS, PAYMENTS, DealTable
from partner_tui.store.records.keyed_table import KeyedTinyDB
from partner_tui.store.records.load import (
    FileRecords,
    Unverified,
    check_stored,
    deal_packer,
    held_tables,
    read_records,
    validate_record,
)
from partner_tui.store.records.partner_index import PartnerIndex
from partner_tui.store.records.partner_table import PartnerTable
from partner_tui.store.records.templates import TemplateRecords
from partner_tui.store.undo.history import UndoHistory

# Up to this many partners the app checks records before its first paint (hashing them
# costs ~10 ms, validating any not known valid ~0.2 ms each); above it, in the background.
EAGER_CHECK_LIMIT = 2_000

# Who makes the changes: a name, or a function asked at each change (the name may change).
AuthorOf = str | Callable[[], str | None] | None


class PartnerStore:
    """The data file, open: its parts are `partners`, `deals`, `payouts` and `program`."""

    partners: Partners
    deals: Deals
    payouts: Payouts
    program: Program

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
            refuse_read_only_file(self.path, self._file)
            try:
                private_folder(self._file.parent)  # 0700 whatever the umask
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
            packer=deal_packer(),
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
            records = read_records(held_tables(self._storage), self.path, self._file)
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
        # What is computed from the records goes before the closing hook hashes every
        # record (at 100,000 deals the close was the app's highest memory): only kept for
        # speed, it is built again if anything asks after the close.
        self._deals.let_go_of_figures()
        for card in self._partners.index.cards.values():
            card.let_go_of_search_text()
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
        """Whether this store changed a partner, deal, payment or account list since the file
        was read."""
        return self._partners.changed or self._deals.changed or self.accounts.changed

    def matches_disk(self) -> bool:
        """Whether the file on disk holds exactly what this store holds (nothing is
        waiting to be saved, and nobody else wrote the file since)."""
        return not self._storage.dirty and not self._storage.changed_on_disk()

    def record_spans(self, table: str) -> dict[str, tuple[int, int]] | None:
        """After close(): where each record of `table` (partners, deals, payments) is in
        the file on disk, by key, when this store wrote or read that very file; None
        when not known (speedups/record_spans.py carries them for `show`)."""
        return self._storage.record_spans(table)

    def records_to_serialize(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Records whose bytes the next save would have to make (see keep_serialized)."""
        return self._storage.records_to_serialize()

    def keep_serialized(self, made: Made) -> None:
        """Hand the next save records' bytes made ahead of it (speedups/warm_up.py)."""
        self._storage.keep_serialized(made)

    def prepare_save(self, pause: Callable[[], None]) -> None:
        """Order the bytes kept by keep_serialized as the file wants them, ahead of the
        first save (speedups/warm_up.py)."""
        self._storage.prepare_sections(pause)

    # -- reading a file and checking its records ---------------------------------------
    def _install(self, records: FileRecords) -> None:
        """Hold `records` (read from the file by read_records) from now on."""
        index = PartnerIndex(records.cards)
        self._partners = PartnerTable(self._db, self._storage, index, self._validate_partner)
        self._deals = DealTable(self._storage)
        core = StoreCore(
            path=self.path,
            read_only=self.read_only,
            storage=self._storage,
            db=self._db,
            partners=self._partners,
            deals=self._deals,
            undo=self._undo,
            hooks=self._hooks,
            # Looked up at each call: tests spy on PartnerStore._validate.
            validate=lambda *args: self._validate(*args),
            author=self.author,
        )
        self._core = core
        self._changes = PartnerChanges(
            self._partners, self._undo, self._storage.batch, self.author, core.announce_change
        )
        self.partners = Partners(core, self._changes)
        self.program = Program(core, TemplateRecords(records.templates), records.settings)
        self.deals = Deals(core, self.program.settings)
        self.payouts = Payouts(core, self.deals, self.program.settings)
        self.accounts = AccountLists(self._storage)

    def _check(self, unverified: Unverified, content: FileContent = None) -> None:
        """Validate the records not known valid; raise on the first invalid one.
        `content`: the file's bytes they were read from (see records/check_before_write.py)."""
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

    # -- changes ----------------------------------------------------------------------
    def on_change(self, listener: Callable[[DataChanged], None]) -> None:
        """Call `listener` with each change this process stores, on the thread that made
        it, as soon as memory holds it (other writers' changes: merge_from_disk)."""
        self._core.listeners.append(listener)

    def batch(self) -> contextlib.AbstractContextManager[None]:
        """Several changes, one disk write (at the end of the outermost batch).

        Each change inside is still undone on its own by undo().
        """
        return self._core.batch()

    @contextlib.contextmanager
    def as_one_change(self, label: str) -> Iterator[None]:
        """Several changes, one disk write and one undo (`label` says what it was): the
        board's bulk actions."""
        self._core.check_writable()
        with self._storage.batch(), self._undo.grouped(label):
            yield

    # -- undo (undo/history.py) ------------------------------------------------------------------
    @property
    def undo_label(self) -> str | None:
        return self._undo.label

    @property
    def undo_ids(self) -> list[str]:
        """The partners the next undo() puts back (the board follows them)."""
        return self._undo.ids

    def undo(self) -> str | None:
        """Put back this process's last change (another writer's changes are never undone:
        see undo/take_back.py); returns what was undone."""
        self._core.check_writable()
        return self._changes.undo(self._deals)

    # -- other writers (merge/from_disk.py) ----------------------------------------------------
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
        data = held_tables(self._storage)
        partners = result.changed_keys("partners")
        if partners:
            self._partners.merged(partners)
        for table in (DEALS, PAYMENTS):
            self._deals.merged(table, result.changed_keys(table), before.get(table) or {})
        self.program.merged(result, data)


def refuse_read_only_file(path: Path, file: Path) -> None:
    """A data file the person made read-only (chmod 0444) is never replaced, though the
    folder would let a rename do it: DatabaseUnreadable, in one line saying the way out."""
    problem = made_read_only(file)
    if problem is not None:
        raise DatabaseUnreadable(
            path,
            f"it is {problem}, and partner-tui does not replace a file you made read-only: "
            f"open it with --read-only, or make it writable (chmod u+w {quote_arg(str(file))})",
        )
