"""PartnerStore: the one API the app and the command line use to read and change data.

The UI never touches TinyDB. The stored records (plain dicts inside TinyDB's data) are
the truth in memory. Lists are served as PartnerCards read from them; full Partner models
are validated on demand and kept in a small LRU cache (10,000 validated partners would
not fit the memory budget). Every record is still validated once per content (see
validated.py) before the first write of a session: a file holding an invalid record is
never overwritten. Every change goes through TinyDB to SafeJSONStorage, which makes it
durable.
"""

from __future__ import annotations

import contextlib
import math
import shutil
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from pydantic import ValidationError
from tinydb import TinyDB
from tinydb.table import Document, Table

from partner_tui.domain import clock
from partner_tui.domain.errors import one_line
from partner_tui.domain.partner import Partner, StageChange, new_partner
from partner_tui.domain.program import Settings
from partner_tui.domain.stages import PIPELINE, ArchiveReason, Stage
from partner_tui.domain.templates import PLAYBOOK_TEMPLATE_ID, OutreachTemplate, playbook_template
from partner_tui.store.cards import PartnerCard, card_from_record
from partner_tui.store.errors import (
    DatabaseUnreadable,
    NotFound,
    ReadOnlyStore,
    StoreError,
    WriteFailed,
)
from partner_tui.speedups.collector import collector_paused
from partner_tui.store.lock import WriterLock, data_file
from partner_tui.speedups.board_preview import write_preview
from partner_tui.store.json_file import SafeJSONStorage, backup_path
from partner_tui.speedups.known_valid import (
    file_digest,
    load_known_valid,
    record_hash,
    save_known_valid,
)

UNDO_DEPTH = 200
# Up to this many partners the app checks records before its first paint (hashing them
# costs ~10 ms, validating any not known valid ~0.2 ms each); above it, in the background.
EAGER_CHECK_LIMIT = 2_000
# Validated Partner models kept in memory; the rest are validated again when asked for.
MODEL_CACHE_SIZE = 1024
# Fields every stored partner record spells out even at their default, so a person
# reading the file (or a diff) always sees what a record is and where it sits.
ALWAYS_STORED = frozenset({"id", "company", "stage", "position", "created_at", "updated_at"})


def dump_partner(partner: Partner) -> dict[str, Any]:
    """The stored form: fields at their default are left out, which keeps a typical
    record near 1 KB instead of 4 KB (the file loads, diffs and saves that much faster).
    Reading fills the defaults back in, so nothing is lost."""
    full = partner.model_dump(mode="json")
    compact = partner.model_dump(mode="json", exclude_defaults=True)
    for key in ALWAYS_STORED:
        compact[key] = full[key]
    return compact


@dataclass(frozen=True)
class Change:
    """One undoable step: the partners it touched, as they were before (None = absent)."""

    label: str
    before: dict[str, Partner | None]


class PartnerStore:
    def __init__(
        self,
        path: Path | str,
        *,
        read_only: bool = False,
        write_behind: bool = False,
        on_error: Callable[[StoreError], None] | None = None,
        verify_in_background: bool = False,
        lock: WriterLock | None = None,
    ) -> None:
        """verify_in_background: validate records not known valid in a thread after
        opening (the app: first paint does not wait); writes wait until it has passed.
        Otherwise (the command line) they are validated before the constructor returns.
        lock: the file's writer lock, already taken (the app takes it before its first
        paint and opens the store after it)."""
        self.path = Path(path).expanduser()
        self._file = data_file(self.path)
        self.read_only = read_only
        self._lock = lock or WriterLock(self._file)
        self._undo: list[Change] = []
        # Highest position per stage, so adding at a column's end does not scan every partner.
        self._stage_max: dict[Stage, float] = {}
        if not read_only:
            try:
                self._file.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseUnreadable(
                    self.path, f"cannot create its folder ({exc.strerror or exc})"
                ) from None
            if not self._lock.held:
                self._lock.acquire()
        self._on_error = on_error
        self._storage = SafeJSONStorage(
            self._file, read_only=read_only, write_behind=write_behind, on_error=on_error
        )
        self._verifier: threading.Thread | None = None
        # Called between slices of the work after open (start_background). The app makes
        # it wait while the screen answers a key: with one interpreter lock, that work
        # would otherwise halve the speed of every repaint it overlaps.
        self.background_pause: Callable[[], None] | None = None
        self._start_lock = threading.Lock()
        # True while the saved known-valid hashes match every stored record: close()
        # then has nothing to re-hash.
        self._hashes_saved = False
        try:
            with collector_paused(_size_of(self._file)):
                self._storage.load()
                records = self._parse_records(self._storage.read() or {})
            self._db = _TinyDB(storage=lambda: self._storage)
            self._install(records)
            pending = records.unverified
            raw = self._storage.take_loaded_bytes()
            if not verify_in_background or len(pending) <= EAGER_CHECK_LIMIT:
                # Small files are checked before anything is drawn: a bad record is then
                # a one-line error, never a screen that appears and vanishes.
                self._verify(pending, raw)
                pending, raw = [], None
            if verify_in_background:
                self._verifier = threading.Thread(
                    target=self._after_open,
                    args=(pending, raw),
                    name="db-after-open",
                    daemon=True,
                )
                if pending:
                    # A write waiting for the verdict starts the check if nobody has yet.
                    self._storage.hold_writes(until=self.start_background)
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
            if not self._hashes_saved:
                self._remember_valid()
            self._remember_board()
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
        return self._storage

    # -- loading and validation -------------------------------------------------------
    def _load_records(self) -> None:
        self._install(self._parse_records(self._storage.read() or {}))

    def _parse_records(self, data: dict[str, Any]) -> _Records:
        """Read `data` into cards; raises DatabaseUnreadable, changes nothing.

        Partner records are not validated here: records.unverified lists them for
        _verify (now, or in the background).
        """
        records = _Records()
        for doc_id, raw in (data.get("partners") or {}).items():
            card = card_from_record(raw, fallback_id=f"#{doc_id}")
            if card.id in records.cards:
                raise DatabaseUnreadable(
                    self.path,
                    f"two partner records share the id {card.id!r}",
                    self._known_backup(),
                )
            records.cards[card.id] = card
            records.doc_ids[card.id] = int(doc_id)
            records.unverified.append((doc_id, raw))
        for doc_id, raw in (data.get("templates") or {}).items():
            template = self._validate(OutreachTemplate, raw, "template", doc_id)
            if template.id in records.templates:
                raise DatabaseUnreadable(
                    self.path,
                    f"two templates share the id {template.id!r}",
                    self._known_backup(),
                )
            records.templates[template.id] = _as_stored_template(template)
            records.template_doc_ids[template.id] = int(doc_id)
        settings_table = data.get("settings") or {}
        raw_settings = next(iter(settings_table.values()), {})
        records.settings = self._validate(Settings, raw_settings, "settings", "1")
        return records

    def _install(self, records: _Records) -> None:
        self._cards = records.cards
        self._doc_ids = records.doc_ids
        self._models: OrderedDict[str, Partner] = OrderedDict()
        self._columns: dict[Stage, list[PartnerCard]] = {}
        self._templates = records.templates
        self._template_doc_ids = records.template_doc_ids
        self._settings = records.settings
        self._stage_max = {}

    # -- validation: every record once per content, before the first write -------------
    def _verify(
        self, unverified: list[tuple[str, dict[str, Any]]], content: bytes | None = None
    ) -> None:
        """Validate the records whose exact content is not known valid; raise on the first
        invalid one. `content`: the file's bytes they were read from; a file known valid
        as a whole needs no more (validated.py)."""
        if not unverified:
            self._hashes_saved = True
            return
        known = load_known_valid(self._file)
        digest = file_digest(content) if content is not None else None
        if digest is not None and digest == known.file:
            self._hashes_saved = True
            return
        hashes: set[str] = set()
        fresh = False
        for i, (doc_id, raw) in enumerate(unverified):
            if i % 200 == 0:
                self._pause()
            content_hash = record_hash(raw)
            hashes.add(content_hash)
            if content_hash in known.records:
                continue
            self._validate(Partner, raw, "partner", doc_id)
            fresh = True
        if fresh or digest is not None:
            # Every record read is now known valid, and so is the file they came from.
            save_known_valid(self._file, hashes, digest)
        self._hashes_saved = True

    def start_background(self) -> None:
        """Begin the after-open work (the record check, then warming caches). The app
        calls this once its first frame is on screen, so the work does not compete with
        the first paint for the interpreter; a write that needs the verdict calls it too."""
        with self._start_lock:
            if self._verifier is not None and self._verifier.ident is None:
                self._verifier.start()

    def _after_open(
        self, unverified: list[tuple[str, dict[str, Any]]], content: bytes | None
    ) -> None:
        """The app's open, continued off the UI thread once the board can paint."""
        if not self._verify_in_background(unverified, content):
            return
        # What the first keys need, in the order they are likely pressed: a move (the
        # models), its save (the serializer's cache), a filter (every card's text).
        self._pause()
        with contextlib.suppress(Exception):
            self._warm_models(unverified[0][1] if unverified else None)
        if not self.read_only:
            with contextlib.suppress(Exception):
                self._storage.warm(self._pause)
        for i, card in enumerate(list(self._cards.values())):
            if i % 500 == 0:
                self._pause()
            card.search_text()

    def _pause(self) -> None:
        pause = self.background_pause
        if pause is not None:
            with contextlib.suppress(Exception):
                pause()

    def _warm_models(self, raw: dict[str, Any] | None) -> None:
        """pydantic builds a model's validator and serializer on first use (the models
        defer it, or importing them would slow every start): ~45 ms that would otherwise
        land on the first key that changes a partner. Done here on a throwaway copy."""
        partner = Partner.model_validate(raw) if raw is not None else new_partner("warm-up")
        history = [*partner.stage_history, StageChange(stage=Stage.ENGAGE, entered_at=clock.now())]
        dump_partner(self._touch(partner, stage=Stage.ENGAGE, stage_history=history))

    def _verify_in_background(
        self, unverified: list[tuple[str, dict[str, Any]]], content: bytes | None
    ) -> bool:
        try:
            self._verify(unverified, content)
        except StoreError as exc:
            # Never write over this file; tell the app, which says so and leaves.
            self._storage.release_writes(blocked=exc)
            if self._on_error is not None:
                with contextlib.suppress(Exception):
                    self._on_error(exc)
            return False
        except Exception as exc:  # a bug here must not silently allow or block writes
            error = DatabaseUnreadable(self.path, f"could not check its records ({exc!r})")
            self._storage.release_writes(blocked=error)
            if self._on_error is not None:
                with contextlib.suppress(Exception):
                    self._on_error(error)
            return False
        self._storage.release_writes()
        return True

    def wait_verified(self, timeout: float | None = None) -> bool:
        """Block until background validation is done (tests, benchmarks)."""
        if self._verifier is None:
            return True
        self.start_background()
        self._verifier.join(timeout)
        return not self._verifier.is_alive()

    def _remember_valid(self) -> None:
        """Record the content hashes of every stored partner: all have been validated
        (on open) or were written from validated models by this store."""
        if not self._storage.checked:
            return  # still being checked, or found invalid
        table = (self._storage.read() or {}).get("partners") or {}
        hashes = {record_hash(raw) for raw in list(table.values())}
        save_known_valid(self._file, hashes, self._disk_digest())
        self._hashes_saved = True

    def _disk_digest(self) -> str | None:
        """The file's digest, if the file on disk holds exactly what this store holds."""
        storage = self._storage
        if storage.dirty or storage.changed_on_disk():
            return None
        try:
            content = self._file.read_bytes()
        except OSError:
            return None
        return None if storage.changed_on_disk() else file_digest(content)

    def _remember_board(self) -> None:
        """Keep the board's first screen for the next start (see preview.py), if what
        this store holds is exactly what is on disk."""
        storage = self._storage
        if storage.blocked is not None or storage.dirty or storage.changed_on_disk():
            return
        if not storage.checked:
            return  # its records are still being checked: no preview of an unchecked file
        settings = self._settings
        targets = {stage: settings.targets.for_stage(stage) for stage in PIPELINE}
        write_preview(self._file, self.board_cards(), targets, settings.currency_symbol)

    def _known_backup(self) -> Path | None:
        backup = backup_path(self._file)
        return backup if backup.is_file() else None

    def _validate(self, model: Any, raw: dict[str, Any], kind: str, doc_id: str) -> Any:
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            name = str(raw.get("company") or raw.get("name") or raw.get("id") or f"#{doc_id}")
            if len(name) > 60:
                name = name[:59] + "…"
            raise DatabaseUnreadable(
                self.path,
                f"{kind} record {doc_id} ({name}) is invalid: {one_line(exc)}",
                self._known_backup(),
            ) from None

    # -- writing helpers -------------------------------------------------------------
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

    _batch = batch

    # Every mutation below runs inside a storage batch: TinyDB changes the data and our
    # maps follow, all under the storage lock (the background writer never sees half a
    # change), and only then is the disk write attempted. A failed write (disk full,
    # file changed on disk) therefore leaves memory consistent with the change pending.
    def _put(self, partner: Partner) -> None:
        data = dump_partner(partner)
        card = card_from_record(data)
        with self._storage.batch():
            table = cast("_Table", self._db.table("partners"))
            doc_id = self._doc_ids.get(partner.id)
            old = self._cards.get(partner.id)
            if doc_id is None:
                doc_id = table.insert(data)
                self._doc_ids[partner.id] = doc_id
            else:
                # Replace the record with a new dict rather than TinyDB's in-place update:
                # the storage reuses an unchanged record's serialized bytes by identity.
                table.replace(doc_id, data)
            self._cards[partner.id] = card
            self._hashes_saved = False
            self._remember_model(partner)
            self._note_position(old, card)

    def _drop(self, partner_id: str) -> None:
        with self._storage.batch():
            doc_id = self._doc_ids.pop(partner_id, None)
            old = self._cards.pop(partner_id, None)
            self._hashes_saved = False
            self._models.pop(partner_id, None)
            self._note_position(old, None)
            if doc_id is not None:
                self._db.table("partners").remove(doc_ids=[doc_id])

    def _remember_model(self, partner: Partner) -> None:
        self._models[partner.id] = partner
        self._models.move_to_end(partner.id)
        while len(self._models) > MODEL_CACHE_SIZE:
            self._models.popitem(last=False)

    def _note_position(self, old: PartnerCard | None, new: PartnerCard | None) -> None:
        """Keep the per-stage highest position right (it is only ever an upper bound
        that is reached by some partner, or absent and computed on demand)."""
        if old is not None and self._stage_max.get(old.stage) == old.position:
            if new is None or new.stage is not old.stage or new.position < old.position:
                self._stage_max.pop(old.stage, None)
        if new is not None and new.stage in self._stage_max:
            self._stage_max[new.stage] = max(self._stage_max[new.stage], new.position)
        # Keep the sorted columns this change touched, as new lists (the board tells a
        # changed column by identity): dropping a card, or adding one that sorts last
        # (every add and move), costs one pass over that column, not a sort of them all.
        if old is not None and old.stage in self._columns:
            self._columns[old.stage] = [c for c in self._columns[old.stage] if c is not old]
        if new is not None and new.stage in self._columns:
            column = self._columns[new.stage]
            if not column or new.sort_key >= column[-1].sort_key:
                self._columns[new.stage] = [*column, new]
            else:
                del self._columns[new.stage]  # lands mid-column: sorted again when asked

    def _record(self, label: str, ids: Iterable[str]) -> None:
        before = {i: self.get(i) if i in self._cards else None for i in ids}
        self._undo.append(Change(label, before))
        del self._undo[:-UNDO_DEPTH]

    @staticmethod
    def _touch(partner: Partner, **changes: Any) -> Partner:
        changes.setdefault("updated_at", clock.now())
        return partner.model_copy(update=changes)

    # -- reading partners -------------------------------------------------------------
    def get(self, partner_id: str) -> Partner:
        """The partner, validated in full (DatabaseUnreadable if its record is invalid)."""
        model = self._models.get(partner_id)
        if model is not None:
            self._models.move_to_end(partner_id)
            return model
        doc_id = self._doc_ids.get(partner_id)
        if doc_id is None:
            raise NotFound(partner_id)
        raw = (self._storage.read() or {})["partners"][str(doc_id)]
        model = self._validate(Partner, raw, "partner", str(doc_id))
        self._remember_model(model)
        return model

    def card(self, partner_id: str) -> PartnerCard:
        try:
            return self._cards[partner_id]
        except KeyError:
            raise NotFound(partner_id) from None

    def __contains__(self, partner_id: object) -> bool:
        return partner_id in self._cards

    def count(self) -> int:
        return len(self._cards)

    def all(self) -> list[Partner]:
        """Every partner validated in full. At 10,000 partners prefer iter_partners()
        (one at a time) or cards() (no validation)."""
        return list(self.iter_partners())

    def iter_partners(self) -> Iterator[Partner]:
        for partner_id in list(self._cards):
            yield self.get(partner_id)

    def cards(self) -> list[PartnerCard]:
        return list(self._cards.values())

    def column_cards(self, stage: Stage) -> list[PartnerCard]:
        """One column's cards in board order (cached until a change touches the stage).
        The list is shared: treat it as read-only."""
        column = self._columns.get(stage)
        if column is None:
            column = sorted(
                (c for c in self._cards.values() if c.stage is stage), key=lambda c: c.sort_key
            )
            self._columns[stage] = column
        return column

    def board_cards(self) -> dict[Stage, list[PartnerCard]]:
        """Every column's cards, archived included, in board order."""
        missing = [s for s in (*PIPELINE, Stage.ARCHIVED) if s not in self._columns]
        if len(missing) > 1:
            # One pass over the cards fills every missing column at once.
            buckets: dict[Stage, list[PartnerCard]] = {s: [] for s in missing}
            for card in self._cards.values():
                bucket = buckets.get(card.stage)
                if bucket is not None:
                    bucket.append(card)
            for stage, bucket in buckets.items():
                bucket.sort(key=lambda c: c.sort_key)
                self._columns[stage] = bucket
        return {stage: self.column_cards(stage) for stage in (*PIPELINE, Stage.ARCHIVED)}

    def list_by_stage(self, stage: Stage) -> list[Partner]:
        """The partners of one column, in their board order, validated in full."""
        return [self.get(card.id) for card in self.column_cards(stage)]

    def board(self) -> dict[Stage, list[Partner]]:
        """Every column as validated partners (small programs, tests, exports)."""
        return {
            stage: [self.get(c.id) for c in cards] for stage, cards in self.board_cards().items()
        }

    def _end_position(self, stage: Stage) -> float:
        """A position below every partner of the column."""
        if stage not in self._stage_max:
            positions = [c.position for c in self._cards.values() if c.stage is stage]
            if not positions:
                return 0.0
            self._stage_max[stage] = max(positions)
        return self._stage_max[stage] + 1.0

    def _free_position(self, stage: Stage, wanted: float, partner_id: str) -> float:
        """`wanted`, or just after it if another card of the column has it (two cards
        never share a place)."""
        taken = {
            c.position for c in self._cards.values() if c.stage is stage and c.id != partner_id
        }
        place = wanted
        while place in taken:
            place = math.nextafter(place, math.inf)  # the next float: always a new one
        return place

    # -- changing partners ------------------------------------------------------------
    def add(self, partner: Partner) -> Partner:
        """Add a partner at the bottom of its stage's column."""
        self._check_writable()
        if partner.id in self._cards:
            raise ValueError(f"a partner with id {partner.id!r} exists already")
        partner = partner.model_copy(update={"position": self._end_position(partner.stage)})
        if not partner.stage_history:
            partner = partner.model_copy(
                update={"stage_history": [StageChange(stage=partner.stage, entered_at=clock.now())]}
            )
        self._record(f"add {partner.company}", [partner.id])
        self._put(partner)
        return partner

    def add_many(self, partners: list[Partner]) -> list[Partner]:
        """All or nothing, and one write: the importer's path."""
        self._check_writable()
        ids = [p.id for p in partners]
        if len(set(ids)) != len(ids) or any(i in self._cards for i in ids):
            raise ValueError("partner ids must be new and unique")
        if not partners:
            return []
        ends = {stage: self._end_position(stage) for stage in Stage}
        placed = []
        for partner in partners:
            update: dict[str, Any] = {"position": ends[partner.stage]}
            if not partner.stage_history:
                update["stage_history"] = [
                    StageChange(stage=partner.stage, entered_at=clock.now())
                ]
            placed.append(partner.model_copy(update=update))
            ends[partner.stage] += 1.0
        docs = [dump_partner(p) for p in placed]
        self._record(f"import {len(placed)} partners", ids)
        with self._storage.batch():
            doc_ids = self._db.table("partners").insert_multiple(docs)
            for doc, doc_id in zip(docs, doc_ids, strict=True):
                card = card_from_record(doc)
                self._cards[card.id] = card
                self._hashes_saved = False
                self._doc_ids[card.id] = doc_id
                self._note_position(None, card)
        return placed

    def update(self, partner: Partner, label: str | None = None) -> Partner:
        """Save an edited partner (validated again: an invalid record is never stored)."""
        self._check_writable()
        old = self.get(partner.id)
        fresh = Partner.model_validate(partner.model_dump())
        if fresh.stage is old.stage:
            # The board owns the order: an edit never moves the card.
            fresh = self._touch(fresh, position=old.position)
        else:
            # A stage changed in the form is a move: history, end of the new column.
            fresh = self._touch(fresh, **self._stage_change(old, fresh.stage, fresh))
        self._record(label or f"edit {fresh.company}", [fresh.id])
        self._put(fresh)
        return fresh

    def _stage_change(
        self, old: Partner, stage: Stage, edited: Partner | None = None
    ) -> dict[str, Any]:
        """The fields a move from old.stage to `stage` sets."""
        source = edited or old
        at = clock.now()  # one instant: the history entry and updated_at agree
        history = [*source.stage_history]
        if not history or history[-1].stage is not stage:
            history.append(StageChange(stage=stage, entered_at=at))
        changes: dict[str, Any] = {
            "updated_at": at,
            "stage": stage,
            "position": self._end_position(stage),
            "stage_history": history,
        }
        if stage is Stage.ARCHIVED:
            changes["archived_from"] = old.stage if old.on_board else source.archived_from
            # Keeps its place (nudged if another archived card has it): restored, it goes
            # back where it was in its column. The archive lists partners in that order.
            changes["position"] = self._free_position(stage, old.position, old.id)
        else:
            # Back on the board: the archive's reason and origin no longer apply.
            changes["archive_reason"] = None
            changes["archived_from"] = None
        return changes

    def move(self, partner_id: str, stage: Stage) -> Partner:
        """Move to another stage: recorded in the stage history, placed at the column's end."""
        self._check_writable()
        partner = self.get(partner_id)
        if partner.stage is stage:
            return partner
        moved = self._touch(partner, **self._stage_change(partner, stage))
        self._record(f"move {partner.company} to {stage.label}", [partner_id])
        self._put(moved)
        return moved

    def reorder(self, partner_id: str, offset: int) -> bool:
        """Swap with the neighbour above (offset -1) or below (+1). False at an end."""
        self._check_writable()
        partner = self.get(partner_id)
        column = self.column_cards(partner.stage)
        index = next(i for i, c in enumerate(column) if c.id == partner_id)
        target = index + offset
        if not 0 <= target < len(column):
            return False
        other = self.get(column[target].id)
        renumber = partner.position == other.position
        # Renumbering touches the whole column, so undo must put the whole column back.
        touched = [c.id for c in column] if renumber else [partner.id, other.id]
        self._record(f"reorder {partner.company}", touched)
        with self._batch():
            if renumber:
                # Equal positions (e.g. hand-edited file): renumber the column once.
                for i, c in enumerate(list(column)):
                    if c.position != float(i):
                        self._put(self.get(c.id).model_copy(update={"position": float(i)}))
                partner, other = self.get(partner.id), self.get(other.id)
            self._put(self._touch(partner, position=other.position))
            self._put(self._touch(other, position=partner.position))
        return True

    def archive(self, partner_id: str, reason: ArchiveReason) -> Partner:
        self._check_writable()
        partner = self.get(partner_id)
        if partner.stage is Stage.ARCHIVED:
            # Already archived: only the reason changes, the history does not repeat.
            archived = self._touch(partner, archive_reason=reason)
        else:
            archived = self._touch(
                partner, archive_reason=reason, **self._stage_change(partner, Stage.ARCHIVED)
            )
        self._record(f"archive {partner.company} ({reason.value})", [partner_id])
        self._put(archived)
        return archived

    def restore(self, partner_id: str) -> Partner:
        """Bring an archived partner back to the stage it left from."""
        partner = self.get(partner_id)
        if partner.stage is not Stage.ARCHIVED:
            return partner
        back = partner.archived_from or Stage.PROSPECT
        restored = self._touch(partner, **self._stage_change(partner, back))
        if partner.archived_from is not None:
            # Where it was in the column it left (archiving kept its position).
            place = self._free_position(back, partner.position, partner.id)
            restored = restored.model_copy(update={"position": place})
        self._record(f"move {partner.company} to {back.label}", [partner_id])
        self._put(restored)
        return restored

    def delete(self, partner_id: str) -> None:
        self._check_writable()
        partner = self.get(partner_id)
        self._record(f"delete {partner.company}", [partner_id])
        self._drop(partner_id)

    # -- undo ---------------------------------------------------------------------------
    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    @property
    def undo_ids(self) -> list[str]:
        """The partners the next undo() puts back (the board follows them)."""
        return list(self._undo[-1].before) if self._undo else []

    def undo(self) -> str | None:
        """Put back the partners the last change touched; returns what was undone."""
        self._check_writable()
        if not self._undo:
            return None
        change = self._undo.pop()
        with self._batch():
            for partner_id, before in change.before.items():
                if before is None:
                    self._drop(partner_id)
                else:
                    self._put(before)
        return change.label

    # -- templates ---------------------------------------------------------------------
    def templates(self) -> list[OutreachTemplate]:
        """The playbook's template first (always there), then the user's by name."""
        stored = dict(self._templates)
        builtin = stored.pop(PLAYBOOK_TEMPLATE_ID, None) or playbook_template()
        return [builtin, *sorted(stored.values(), key=lambda t: t.name.lower())]

    def template(self, template_id: str) -> OutreachTemplate:
        for template in self.templates():
            if template.id == template_id:
                return template
        raise NotFound(template_id)

    def save_template(self, template: OutreachTemplate) -> OutreachTemplate:
        self._check_writable()
        fresh = _as_stored_template(OutreachTemplate.model_validate(template.model_dump()))
        fresh = fresh.model_copy(update={"updated_at": clock.now()})
        data = fresh.model_dump(mode="json")
        with self._storage.batch():
            table = self._db.table("templates")
            doc_id = self._template_doc_ids.get(fresh.id)
            if doc_id is None:
                self._template_doc_ids[fresh.id] = table.insert(data)
            else:
                table.update(data, doc_ids=[doc_id])
            self._templates[fresh.id] = fresh
        return fresh

    def delete_template(self, template_id: str) -> None:
        self._check_writable()
        if template_id == PLAYBOOK_TEMPLATE_ID:
            raise ValueError("the playbook's template is built in and cannot be deleted")
        if template_id not in self._template_doc_ids:
            raise NotFound(template_id)
        with self._storage.batch():
            doc_id = self._template_doc_ids.pop(template_id)
            self._templates.pop(template_id, None)
            self._db.table("templates").remove(doc_ids=[doc_id])

    def restore_playbook_template(self) -> OutreachTemplate:
        """Bring back the playbook's own words (the template stays built in)."""
        return self.save_template(playbook_template())

    # -- settings --------------------------------------------------------------------
    def settings(self) -> Settings:
        return self._settings

    def save_settings(self, settings: Settings) -> Settings:
        self._check_writable()
        fresh = Settings.model_validate(settings.model_dump())
        with self._storage.batch():
            table = self._db.table("settings")
            if table.contains(doc_id=1):
                table.update(fresh.model_dump(mode="json"), doc_ids=[1])
            else:
                table.insert(Document(fresh.model_dump(mode="json"), doc_id=1))
            self._settings = fresh
        return fresh

    # -- conflicts with other writers ---------------------------------------------------
    def changed_on_disk(self) -> bool:
        return self._storage.changed_on_disk()

    def reload(self) -> None:
        """Drop unsaved changes and read the file again (after someone else changed it).

        The file is parsed and validated first: if it is damaged, DatabaseUnreadable is
        raised and what this store holds is unchanged.
        """
        with collector_paused(_size_of(self._file)):
            data, found, raw, disk = self._storage.read_disk()
            records = self._parse_records(data)
        self._verify(records.unverified, raw)
        self._storage.adopt(data, found, raw, disk)
        # Fresh Table objects: TinyDB caches each table's next document id.
        self._db = _TinyDB(storage=lambda: self._storage)
        self._install(records)
        self._undo.clear()

    def keep_mine(self) -> Path:
        """Overwrite a file changed behind our back, after copying theirs aside."""
        self._check_writable()
        stamp = clock.now().astimezone().strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.stem}.conflict-{stamp}{self.path.suffix}")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(
                f"{self.path.stem}.conflict-{stamp}-{n}{self.path.suffix}"
            )
        if self.path.is_file():
            try:
                shutil.copy2(self.path, aside)
            except OSError as exc:
                raise WriteFailed(
                    self.path, f"could not copy theirs aside to {aside} ({exc.strerror or exc})"
                ) from None
        self._storage.flush(force=True)
        return aside


def _size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class _Table(Table):
    def replace(self, doc_id: int, document: dict[str, Any]) -> None:
        """Swap a record for a new dict in one table rewrite (TinyDB's update() merges
        into the old dict in place, and remove() + insert() rewrites the table twice)."""

        # Straight into the stored table: TinyDB's _update_table would rebuild the whole
        # table dict twice (10,000 entries) to change one record.
        tables = self._storage.read() or {}
        table = tables.get(self.name)
        if table is None or str(doc_id) not in table:
            raise KeyError(doc_id)
        table[str(doc_id)] = dict(document)
        self._storage.write(tables)
        self.clear_cache()


class _TinyDB(TinyDB):
    table_class = _Table


@dataclass
class _Records:
    """Everything read from a file before the store adopts it (partners not yet validated:
    `unverified` lists them)."""

    cards: dict[str, PartnerCard] = field(default_factory=dict)
    doc_ids: dict[str, int] = field(default_factory=dict)
    unverified: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    templates: dict[str, OutreachTemplate] = field(default_factory=dict)
    template_doc_ids: dict[str, int] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)


def _as_stored_template(template: OutreachTemplate) -> OutreachTemplate:
    """Only the playbook's template is built in (it can never be deleted); no other is."""
    builtin = template.id == PLAYBOOK_TEMPLATE_ID
    if template.builtin is builtin:
        return template
    return template.model_copy(update={"builtin": builtin})
