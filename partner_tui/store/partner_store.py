"""PartnerStore: the one API the app and the command line use to read and change data.

The UI never touches TinyDB. The stored records (plain dicts inside TinyDB's data) are
the truth in memory. Lists are served as PartnerCards read from them (index.py); full
Partner models are validated on demand and kept in a small cache (model_cache.py).
Every record is still validated once per content before the first write of a session
(record_check.py): a file holding an invalid record is never overwritten. Every change
goes through TinyDB to SafeJSONStorage (json_file.py), which makes it durable.

Each job behind this facade is a module of its own: reading a file's records
(file_records.py), undo (undo.py), templates (templates.py), settings
(settings_record.py), conflicts with other writers (conflicts.py), the file itself
(json_file.py), its lock (lock.py); deals and payouts (mixins: deal_facade.py,
payout_facade.py, over deal_table.py). What exists only for speed plugs in through
StoreHooks (hooks.py); a store opened without them is as correct, only slower.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

from partner_tui.domain.partner import Partner
from partner_tui.domain.program import Settings
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.domain.templates import OutreachTemplate, playbook_template
from partner_tui.store.cards import PartnerCard
from partner_tui.store.conflicts import copy_theirs_aside
from partner_tui.store.deal_facade import DealsFacade
from partner_tui.store.deal_table import DealTable
from partner_tui.store.errors import DatabaseUnreadable, NotFound, ReadOnlyStore, StoreError
from partner_tui.store.file_records import (
    FileRecords,
    Unverified,
    check_stored,
    read_records,
    validate_record,
)
from partner_tui.store.hooks import NO_SPEEDUPS, StoreHooks
from partner_tui.store.index import PartnerIndex
from partner_tui.store.json_file import SafeJSONStorage
from partner_tui.store.lock import WriterLock, data_file
from partner_tui.store.partner_changes import PartnerChanges
from partner_tui.store.partner_table import PartnerTable
from partner_tui.store.payout_facade import PayoutsFacade
from partner_tui.store.record_check import AfterOpen, check_records
from partner_tui.store.serializer import Made
from partner_tui.store.settings_record import store_settings
from partner_tui.store.templates import TemplateRecords
from partner_tui.store.tinydb_tables import KeyedTable, KeyedTinyDB
from partner_tui.store.undo import UndoHistory

# Up to this many partners the app checks records before its first paint (hashing them
# costs ~10 ms, validating any not known valid ~0.2 ms each); above it, in the background.
EAGER_CHECK_LIMIT = 2_000


class PartnerStore(DealsFacade, PayoutsFacade):
    def __init__(
        self,
        path: Path | str,
        *,
        read_only: bool = False,
        write_behind: bool = False,
        on_error: Callable[[StoreError], None] | None = None,
        verify_in_background: bool = False,
        lock: WriterLock | None = None,
        hooks: StoreHooks[PartnerStore] = NO_SPEEDUPS,
    ) -> None:
        """verify_in_background: validate records not known valid in a thread after
        opening (the app: first paint does not wait); writes wait until it has passed.
        Otherwise (the command line) they are validated before the constructor returns.
        lock: the file's writer lock, already taken (the app takes it before its first
        paint and opens the store after it).
        hooks: the speedups (partner_tui.speedups.store_speedups()); without them the
        store is as correct and safe, only slower."""
        self.path = Path(path).expanduser()
        self._file = data_file(self.path)
        self.read_only = read_only
        self._hooks = hooks
        self._lock = lock or WriterLock(self._file)
        self._undo = UndoHistory()
        if not read_only:
            try:
                self._file.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseUnreadable(
                    self.path, f"cannot create its folder ({exc.strerror or exc})"
                ) from None
            if not self._lock.held:
                self._lock.acquire()
        self._storage = SafeJSONStorage(
            self._file, read_only=read_only, write_behind=write_behind, on_error=on_error
        )
        self._after_open: AfterOpen | None = None
        try:
            with hooks.reading(self._file):
                self._storage.load()
                records = read_records(self._storage.read() or {}, self.path, self._file)
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
        except BaseException:
            self._lock.release()
            raise

    # -- lifecycle -------------------------------------------------------------------
    def close(self) -> None:
        try:
            self._storage.close()
            # Only speed is at stake: a failing speedup must not fail the close.
            with contextlib.suppress(Exception):
                self._hooks.closing(self)
        finally:
            self._lock.release()

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
        self._changes = PartnerChanges(self._partners, self._undo, self._storage.batch)
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

    # -- reading partners -------------------------------------------------------------
    def get(self, partner_id: str) -> Partner:
        """The partner, validated in full (DatabaseUnreadable if its record is invalid)."""
        return self._partners.get(partner_id)

    def card(self, partner_id: str) -> PartnerCard:
        try:
            return self._partners.index.cards[partner_id]
        except KeyError:
            raise NotFound(partner_id) from None

    def __contains__(self, partner_id: object) -> bool:
        return partner_id in self._partners.index.cards

    def count(self) -> int:
        return len(self._partners.index.cards)

    def all(self) -> list[Partner]:
        """Every partner validated in full. At 10,000 partners prefer iter_partners()
        (one at a time) or cards() (no validation)."""
        return list(self.iter_partners())

    def iter_partners(self) -> Iterator[Partner]:
        for partner_id in list(self._partners.index.cards):
            yield self.get(partner_id)

    def cards(self) -> list[PartnerCard]:
        return list(self._partners.index.cards.values())

    def column_cards(self, stage: Stage) -> list[PartnerCard]:
        """One column's cards in board order (cached until a change touches the stage).
        The list is shared: treat it as read-only."""
        return self._partners.index.column(stage)

    def board_cards(self) -> dict[Stage, list[PartnerCard]]:
        """Every column's cards, archived included, in board order."""
        return self._partners.index.board()

    def list_by_stage(self, stage: Stage) -> list[Partner]:
        """The partners of one column, in their board order, validated in full."""
        return [self.get(card.id) for card in self.column_cards(stage)]

    def board(self) -> dict[Stage, list[Partner]]:
        """Every column as validated partners (small programs, tests, exports)."""
        return {
            stage: [self.get(c.id) for c in cards] for stage, cards in self.board_cards().items()
        }

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

    def add(self, partner: Partner) -> Partner:
        """Add a partner at the bottom of its stage's column."""
        self._check_writable()
        return self._changes.add(partner)

    def add_many(self, partners: list[Partner]) -> list[Partner]:
        """All or nothing, and one write: the importer's path."""
        self._check_writable()
        return self._changes.add_many(partners)

    def update(self, partner: Partner, label: str | None = None) -> Partner:
        """Save an edited partner (validated again: an invalid record is never stored)."""
        self._check_writable()
        return self._changes.update(partner, label)

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
        if self.get(partner_id).stage is not Stage.ARCHIVED:
            return self.get(partner_id)
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
        """Put back the partners the last change touched; returns what was undone."""
        self._check_writable()
        return self._changes.undo(self._deals.restore)

    # -- templates (templates.py) and settings (settings_record.py) -----------------------
    def templates(self) -> list[OutreachTemplate]:
        """The playbook's template first (always there), then the user's by name."""
        return self._templates.all()

    def template(self, template_id: str) -> OutreachTemplate:
        return self._templates.get(template_id)

    def save_template(self, template: OutreachTemplate) -> OutreachTemplate:
        self._check_writable()
        with self._storage.batch():
            return self._templates.save(self._table("templates"), template)

    def delete_template(self, template_id: str) -> None:
        self._check_writable()
        with self._storage.batch():
            self._templates.delete(self._table("templates"), template_id)

    def restore_playbook_template(self) -> OutreachTemplate:
        """Bring back the playbook's own words (the template stays built in)."""
        return self.save_template(playbook_template())

    def _table(self, name: str) -> KeyedTable:
        return cast("KeyedTable", self._db.table(name))

    def settings(self) -> Settings:
        return self._settings

    def save_settings(self, settings: Settings) -> Settings:
        self._check_writable()
        with self._storage.batch():
            self._settings = store_settings(self._table("settings"), settings)
        return self._settings

    # -- conflicts with other writers (conflicts.py) ----------------------------------------
    def changed_on_disk(self) -> bool:
        return self._storage.changed_on_disk()

    def reload(self) -> None:
        """Drop unsaved changes and read the file again (after someone else changed it).

        The file is parsed and validated first: if it is damaged, DatabaseUnreadable is
        raised and what this store holds is unchanged.
        """
        with self._hooks.reading(self._file):
            data, found, raw, disk = self._storage.read_disk()
            records = read_records(data, self.path, self._file)
        self._check(records.unverified, raw)
        self._storage.adopt(data, found, raw, disk)
        # Fresh Table objects: TinyDB caches each table's next document id.
        self._db = KeyedTinyDB(storage=lambda: self._storage)
        self._install(records)
        self._undo.clear()

    def keep_mine(self) -> Path:
        """Overwrite a file changed behind our back, after copying theirs aside."""
        self._check_writable()
        aside = copy_theirs_aside(self.path)
        self._storage.flush(force=True)
        return aside
