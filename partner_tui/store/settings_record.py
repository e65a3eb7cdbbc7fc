"""The program's settings: one record (targets, profile, resources, tool costs)."""

from __future__ import annotations

from tinydb.table import Document, Table

from partner_tui.domain.program import Settings

SETTINGS_DOC_ID = 1


def store_settings(table: Table, settings: Settings) -> Settings:
    """Validate `settings` again and write them as the one record; call it inside a
    storage batch. Returns what was stored."""
    fresh = Settings.model_validate(settings.model_dump())
    data = fresh.model_dump(mode="json")
    if table.contains(doc_id=SETTINGS_DOC_ID):
        table.update(data, doc_ids=[SETTINGS_DOC_ID])
    else:
        table.insert(Document(data, doc_id=SETTINGS_DOC_ID))
    return fresh
