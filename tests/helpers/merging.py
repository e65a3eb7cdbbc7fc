"""Versions of a data file for merge tests: built from the playbook's models and stored
the way the store stores them (compact partners, full templates, stamped settings), and
edited the way the app edits them (each change stamped with its instant)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from partner_tui.domain.partner import Activity, Partner, StageChange, new_partner
from partner_tui.domain.program import Settings
from partner_tui.domain.stages import Stage
from partner_tui.domain.templates import OutreachTemplate, playbook_template
from partner_tui.store.file.schema import SCHEMA_VERSION
from partner_tui.store.merge.three_way import MergeResult, merge_files
from partner_tui.store.records.settings import SAVED_AT, SETTINGS_KEY, settings_fields
from partner_tui.store.records.stored_form import dump_partner

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
Data = dict[str, Any]


def at(minutes: float) -> datetime:
    """An instant `minutes` after T0: the tests' clock."""
    return T0 + timedelta(minutes=minutes)


def stamp_text(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def partner(company: str, stage: Stage = Stage.PROSPECT, **fields: Any) -> Partner:
    made = new_partner(company, stage, **fields)
    history = [StageChange(stage=stage, entered_at=T0)]
    return made.model_copy(update={"created_at": T0, "updated_at": T0, "stage_history": history})


def file_of(
    partners: list[Partner] = (),  # type: ignore[assignment]
    templates: list[OutreachTemplate] = (),  # type: ignore[assignment]
    settings: Settings | None = None,
) -> Data:
    """A whole file, as the store writes it."""
    data: Data = {
        "meta": {"1": {"schema_version": SCHEMA_VERSION}},
        "partners": {p.id: dump_partner(p) for p in partners},
        "templates": {t.id: t.model_dump(mode="json") for t in templates},
        "settings": {},
    }
    if settings is not None:
        record = settings.model_dump(mode="json")
        record[SAVED_AT] = stamp_text(T0)
        data["settings"] = {SETTINGS_KEY: record}
    return data


def clone(data: Data) -> Data:
    return copy.deepcopy(data)


# -- edits, as the app makes them ----------------------------------------------------------
def model(data: Data, partner_id: str) -> Partner:
    return Partner.model_validate(data["partners"][partner_id])


def put(data: Data, changed: Partner, when: datetime) -> Partner:
    changed = changed.model_copy(update={"updated_at": when})
    data["partners"][changed.id] = dump_partner(changed)
    return changed


def edit(data: Data, partner_id: str, when: datetime, **fields: Any) -> Partner:
    return put(data, model(data, partner_id).model_copy(update=fields), when)


def move(
    data: Data, partner_id: str, stage: Stage, when: datetime, position: float = 99.0
) -> Partner:
    """A move as the board makes it: the stage, the end of the new column, the history."""
    before = model(data, partner_id)
    history = [*before.stage_history, StageChange(stage=stage, entered_at=when)]
    fields: dict[str, Any] = {"stage": stage, "position": position, "stage_history": history}
    if stage is Stage.ARCHIVED:
        fields["archived_from"] = before.stage
    return edit(data, partner_id, when, **fields)


def log(data: Data, partner_id: str, text: str, when: datetime) -> Partner:
    before = model(data, partner_id)
    entry = Activity(date=when.date(), text=text)
    return edit(data, partner_id, when, activities=[*before.activities, entry])


def add(data: Data, company: str, when: datetime, **fields: Any) -> Partner:
    made = partner(company, **fields).model_copy(update={"created_at": when})
    return put(data, made, when)


def save_template(data: Data, template: OutreachTemplate, when: datetime) -> OutreachTemplate:
    saved = template.model_copy(update={"updated_at": when})
    data["templates"][saved.id] = saved.model_dump(mode="json")
    return saved


def edit_template(data: Data, template_id: str, when: datetime, **fields: Any) -> OutreachTemplate:
    before = OutreachTemplate.model_validate(data["templates"][template_id])
    return save_template(data, before.model_copy(update=fields), when)


def save_settings(data: Data, when: datetime, **fields: Any) -> Settings:
    raw = data["settings"].get(SETTINGS_KEY, {})
    settings = Settings.model_validate(settings_fields(raw)).model_copy(update=fields)
    record = Settings.model_validate(settings.model_dump()).model_dump(mode="json")
    record[SAVED_AT] = stamp_text(when)
    data["settings"][SETTINGS_KEY] = record
    return settings


# -- reading a merge's result ----------------------------------------------------------------
def merged(base: Data | None, ours: Data, theirs: Data) -> MergeResult:
    return merge_files(base, ours, theirs, today=T0.date())


def partners_of(data: Data) -> dict[str, Partner]:
    """Every partner of a file, validated (a merged file must hold only valid records)."""
    return {key: Partner.model_validate(raw) for key, raw in data["partners"].items()}


def merge_notes(p: Partner) -> list[str]:
    return [a.text for a in p.activities if a.text.startswith("merge: ")]


def demo_templates() -> list[OutreachTemplate]:
    short = OutreachTemplate(
        id="short", name="Short intro", subject="Hi [Name]", body="Quick one", created_at=T0,
        updated_at=T0,
    )
    return [playbook_template().model_copy(update={"created_at": T0, "updated_at": T0}), short]
