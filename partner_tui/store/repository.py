"""PartnerStore: the one API the app and the command line use to read and change data.

The UI never touches TinyDB. Reads come from validated pydantic models held in memory;
every change goes through TinyDB to SafeJSONStorage, which makes it durable.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from tinydb import TinyDB
from tinydb.table import Document

from partner_tui.domain import clock
from partner_tui.domain.errors import one_line
from partner_tui.domain.partner import Partner, StageChange
from partner_tui.domain.program import Settings
from partner_tui.domain.stages import PIPELINE, ArchiveReason, Stage
from partner_tui.domain.templates import PLAYBOOK_TEMPLATE_ID, OutreachTemplate, playbook_template
from partner_tui.store.errors import DatabaseUnreadable, NotFound, ReadOnlyStore, StoreError
from partner_tui.store.lock import WriterLock
from partner_tui.store.storage import SafeJSONStorage, backup_path

UNDO_DEPTH = 200


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
    ) -> None:
        self.path = Path(path).expanduser()
        self.read_only = read_only
        self._lock = WriterLock(self.path)
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock.acquire()
        try:
            self._storage = SafeJSONStorage(
                self.path, read_only=read_only, write_behind=write_behind, on_error=on_error
            )
            self._storage.load()
            self._db = TinyDB(storage=lambda: self._storage)
            self._load_records()
        except BaseException:
            self._lock.release()
            raise
        self._undo: list[Change] = []
        self._storage.start()
        if self._storage.dirty and not read_only:
            self._storage.flush()  # a new file is created, a migrated one written forward

    # -- lifecycle -------------------------------------------------------------------
    def close(self) -> None:
        try:
            self._storage.close()
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
        data = self._storage.read() or {}
        self._partners: dict[str, Partner] = {}
        self._doc_ids: dict[str, int] = {}
        for doc_id, raw in (data.get("partners") or {}).items():
            partner = self._validate(Partner, raw, "partner", doc_id)
            if partner.id in self._partners:
                raise DatabaseUnreadable(
                    self.path, f"two partner records share the id {partner.id!r}"
                )
            self._partners[partner.id] = partner
            self._doc_ids[partner.id] = int(doc_id)
        self._templates: dict[str, OutreachTemplate] = {}
        self._template_doc_ids: dict[str, int] = {}
        for doc_id, raw in (data.get("templates") or {}).items():
            template = self._validate(OutreachTemplate, raw, "template", doc_id)
            self._templates[template.id] = template
            self._template_doc_ids[template.id] = int(doc_id)
        settings_table = data.get("settings") or {}
        raw_settings = next(iter(settings_table.values()), {})
        self._settings = self._validate(Settings, raw_settings, "settings", "1")

    def _validate(self, model: Any, raw: dict[str, Any], kind: str, doc_id: str) -> Any:
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            name = raw.get("company") or raw.get("name") or raw.get("id") or f"#{doc_id}"
            backup = backup_path(self.path)
            raise DatabaseUnreadable(
                self.path,
                f"{kind} record {doc_id} ({name}) is invalid: {one_line(exc)}",
                backup if backup.is_file() else None,
            ) from None

    # -- writing helpers -------------------------------------------------------------
    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyStore(self.path, "changes cannot be saved")

    @contextlib.contextmanager
    def _batch(self) -> Iterator[None]:
        """Several record changes, one disk write."""
        with self._storage.batch():
            yield

    def _put(self, partner: Partner) -> None:
        data = partner.model_dump(mode="json")
        table = self._db.table("partners")
        with self._storage.lock:
            doc_id = self._doc_ids.get(partner.id)
            if doc_id is None:
                doc_id = table.insert(data)
                self._doc_ids[partner.id] = doc_id
            else:
                # Records always carry every key, so TinyDB's merge-update is a replace.
                table.update(data, doc_ids=[doc_id])
            self._partners[partner.id] = partner

    def _drop(self, partner_id: str) -> None:
        with self._storage.lock:
            doc_id = self._doc_ids.pop(partner_id, None)
            self._partners.pop(partner_id, None)
            if doc_id is not None:
                self._db.table("partners").remove(doc_ids=[doc_id])

    def _record(self, label: str, ids: Iterable[str]) -> None:
        self._undo.append(Change(label, {i: self._partners.get(i) for i in ids}))
        del self._undo[:-UNDO_DEPTH]

    @staticmethod
    def _touch(partner: Partner, **changes: Any) -> Partner:
        changes["updated_at"] = clock.now()
        return partner.model_copy(update=changes)

    # -- reading partners -------------------------------------------------------------
    def get(self, partner_id: str) -> Partner:
        try:
            return self._partners[partner_id]
        except KeyError:
            raise NotFound(partner_id) from None

    def __contains__(self, partner_id: object) -> bool:
        return partner_id in self._partners

    def count(self) -> int:
        return len(self._partners)

    def all(self) -> list[Partner]:
        return list(self._partners.values())

    def list_by_stage(self, stage: Stage) -> list[Partner]:
        """The partners of one column, in their board order."""
        return sorted(
            (p for p in self._partners.values() if p.stage is stage),
            key=lambda p: (p.position, p.created_at, p.id),
        )

    def board(self) -> dict[Stage, list[Partner]]:
        """All columns at once in one pass (cheaper than four list_by_stage calls)."""
        columns: dict[Stage, list[Partner]] = {stage: [] for stage in (*PIPELINE, Stage.ARCHIVED)}
        for partner in self._partners.values():
            columns[partner.stage].append(partner)
        for members in columns.values():
            members.sort(key=lambda p: (p.position, p.created_at, p.id))
        return columns

    def _end_position(self, stage: Stage) -> float:
        positions = [p.position for p in self._partners.values() if p.stage is stage]
        return (max(positions) + 1.0) if positions else 0.0

    # -- changing partners ------------------------------------------------------------
    def add(self, partner: Partner) -> Partner:
        """Add a partner at the bottom of its stage's column."""
        self._check_writable()
        if partner.id in self._partners:
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
        if len(set(ids)) != len(ids) or any(i in self._partners for i in ids):
            raise ValueError("partner ids must be new and unique")
        ends = {stage: self._end_position(stage) for stage in Stage}
        placed = []
        for partner in partners:
            placed.append(partner.model_copy(update={"position": ends[partner.stage]}))
            ends[partner.stage] += 1.0
        docs = [p.model_dump(mode="json") for p in placed]
        table = self._db.table("partners")
        with self._storage.lock:
            doc_ids = table.insert_multiple(docs)
            for partner, doc_id in zip(placed, doc_ids, strict=True):
                self._partners[partner.id] = partner
                self._doc_ids[partner.id] = doc_id
        self._record(f"import {len(placed)} partners", ids)
        return placed

    def update(self, partner: Partner, label: str | None = None) -> Partner:
        """Save an edited partner (validated again: an invalid record is never stored)."""
        self._check_writable()
        old = self.get(partner.id)
        fresh = Partner.model_validate(partner.model_dump())
        fresh = self._touch(fresh, position=old.position if fresh.stage is old.stage else fresh.position)
        self._record(label or f"edit {fresh.company}", [fresh.id])
        self._put(fresh)
        return fresh

    def move(self, partner_id: str, stage: Stage) -> Partner:
        """Move to another stage: recorded in the stage history, placed at the column's end."""
        self._check_writable()
        partner = self.get(partner_id)
        if partner.stage is stage:
            return partner
        at = clock.now()
        moved = self._touch(
            partner,
            stage=stage,
            position=self._end_position(stage),
            stage_history=[*partner.stage_history, StageChange(stage=stage, entered_at=at)],
            archive_reason=None if stage is not Stage.ARCHIVED else partner.archive_reason,
        )
        self._record(f"move {partner.company} to {stage.label}", [partner_id])
        self._put(moved)
        return moved

    def reorder(self, partner_id: str, offset: int) -> bool:
        """Swap with the neighbour above (offset -1) or below (+1). False at an end."""
        self._check_writable()
        partner = self.get(partner_id)
        column = self.list_by_stage(partner.stage)
        index = next(i for i, p in enumerate(column) if p.id == partner_id)
        target = index + offset
        if not 0 <= target < len(column):
            return False
        other = column[target]
        self._record(f"reorder {partner.company}", [partner.id, other.id])
        with self._batch():
            if partner.position == other.position:
                # Equal positions (e.g. hand-edited file): renumber the column once.
                for i, p in enumerate(column):
                    if p.position != float(i):
                        self._put(p.model_copy(update={"position": float(i)}))
                partner, other = self.get(partner.id), self.get(other.id)
            self._put(self._touch(partner, position=other.position))
            self._put(self._touch(other, position=partner.position))
        return True

    def archive(self, partner_id: str, reason: ArchiveReason) -> Partner:
        self._check_writable()
        partner = self.get(partner_id)
        at = clock.now()
        archived = self._touch(
            partner,
            stage=Stage.ARCHIVED,
            archive_reason=reason,
            archived_from=partner.stage if partner.stage is not Stage.ARCHIVED else partner.archived_from,
            position=self._end_position(Stage.ARCHIVED),
            stage_history=[*partner.stage_history, StageChange(stage=Stage.ARCHIVED, entered_at=at)],
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
        return self.move(partner_id, back)

    def delete(self, partner_id: str) -> None:
        self._check_writable()
        partner = self.get(partner_id)
        self._record(f"delete {partner.company}", [partner_id])
        self._drop(partner_id)

    # -- undo ---------------------------------------------------------------------------
    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

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
        fresh = OutreachTemplate.model_validate(template.model_dump())
        fresh = fresh.model_copy(update={"updated_at": clock.now()})
        data = fresh.model_dump(mode="json")
        table = self._db.table("templates")
        with self._storage.lock:
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
        doc_id = self._template_doc_ids.pop(template_id, None)
        if doc_id is None:
            raise NotFound(template_id)
        with self._storage.lock:
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
        table = self._db.table("settings")
        with self._storage.lock:
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
        """Drop unsaved changes and read the file again (after someone else changed it)."""
        self._storage.adopt_disk()
        # Fresh Table objects: TinyDB caches each table's next document id.
        self._db = TinyDB(storage=lambda: self._storage)
        self._load_records()
        self._undo.clear()

    def keep_mine(self) -> Path:
        """Overwrite a file changed behind our back, after copying theirs aside."""
        self._check_writable()
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.stem}.conflict-{stamp}{self.path.suffix}")
        if self.path.exists():
            shutil.copy2(self.path, aside)
        self._storage.flush(force=True)
        return aside
