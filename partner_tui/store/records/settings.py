"""The program's settings: one record (targets, profile, resources, tool costs).

The record also carries when it was last saved (`updated_at`, beside the Settings
fields): when two people changed the same setting, a merge keeps the later change.
"""

from __future__ import annotations

from typing import Any

from partner_tui.domain import clock
from partner_tui.domain.program import Settings
from partner_tui.store.records.keyed_table import KeyedTable

SETTINGS_KEY = "1"
# Kept in the stored record, not in Settings: when the record was last saved.
SAVED_AT = "updated_at"


def settings_fields(raw: dict[str, Any]) -> dict[str, Any]:
    """The stored record without its save stamp: what Settings validates."""
    return {key: value for key, value in raw.items() if key != SAVED_AT}


def settings_of_table(table: dict[str, Any]) -> Settings:
    """The Settings of a settings table as stored (validated)."""
    return Settings.model_validate(settings_fields(table.get(SETTINGS_KEY) or {}))


def stored_fields(table: KeyedTable) -> dict[str, Any] | None:
    """The stored settings record without its save stamp, or None when none is stored."""
    stored = table.get(doc_id=SETTINGS_KEY)
    return None if stored is None else settings_fields(dict(stored))


def store_settings(table: KeyedTable, settings: Settings) -> Settings:
    """Validate `settings` again and write them as the one record; call it inside a
    storage batch. Returns what was stored. (An edit made from settings another writer
    has changed since is rebased first: parts/program.py, merge/rebase.py.)"""
    stored = table.get(doc_id=SETTINGS_KEY)
    fresh = Settings.model_validate(settings.model_dump())
    data = fresh.model_dump(mode="json")
    if stored is not None and settings_fields(stored) == data:
        return fresh  # unchanged: keep the stamp of the last real change
    data[SAVED_AT] = clock.now().isoformat().replace("+00:00", "Z")
    table.put(SETTINGS_KEY, data)
    return fresh
