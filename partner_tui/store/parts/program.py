"""store.program: templates and settings, the program's own records beside the partners.

A part of PartnerStore, holding its core (parts/core.py). Both
are few and small: held validated (records/templates.py, records/settings.py), and each save is
one storage batch, so no merge from another writer comes between reading and writing.
"""

from __future__ import annotations

from typing import Any, cast

from partner_tui.domain.program import Settings
from partner_tui.domain.templates import OutreachTemplate, playbook_template
from partner_tui.store.merge.rebase import rebase_edit
from partner_tui.store.merge.three_way import MergeResult
from partner_tui.store.parts.core import StoreCore
from partner_tui.store.records.keyed_table import KeyedTable
from partner_tui.store.records.settings import (
    SETTINGS_KEY,
    settings_of_table,
    store_settings,
    stored_fields,
)
from partner_tui.store.records.templates import TemplateRecords


class Program:
    """The program's templates and settings (`store.program`)."""

    def __init__(self, core: StoreCore, templates: TemplateRecords, settings: Settings) -> None:
        self._core = core
        self._storage = core.storage
        self._templates = templates
        self._settings = settings

    def merged(self, result: MergeResult, data: dict[str, Any]) -> None:
        """A merge from disk was adopted (`data`: what the store now holds): take in the
        templates and settings it changed."""
        if result.changed_keys("templates"):
            self._templates = TemplateRecords.of_table(data.get("templates") or {})
        if result.changed_keys("settings"):
            self._settings = settings_of_table(data.get("settings") or {})

    def templates(self) -> list[OutreachTemplate]:
        """The playbook's template first (always there), then the user's by name."""
        with self._storage.lock:
            return self._templates.all()

    def template(self, template_id: str) -> OutreachTemplate:
        with self._storage.lock:
            return self._templates.get(template_id)

    def save_template(self, template: OutreachTemplate) -> OutreachTemplate:
        self._core.check_writable()
        with self._storage.batch():
            saved = self._templates.save(self._table("templates"), template)
            self._core.announce({"templates": {saved.id}})
            return saved

    def delete_template(self, template_id: str) -> None:
        self._core.check_writable()
        with self._storage.batch():
            self._templates.delete(self._table("templates"), template_id)
            self._core.announce({"templates": {template_id}})

    def restore_playbook_template(self) -> OutreachTemplate:
        """Bring back the playbook's own words (the template stays built in)."""
        return self.save_template(playbook_template())

    def _table(self, name: str) -> KeyedTable:
        return cast("KeyedTable", self._core.db.table(name))

    def settings(self) -> Settings:
        return self._settings

    def save_settings(self, settings: Settings, *, since: Settings | None = None) -> Settings:
        """since: the settings as the editor read them: if another writer changed them
        meanwhile, only the fields edited since are saved over their change."""
        self._core.check_writable()
        with self._storage.batch():
            table = self._table("settings")
            stored = stored_fields(table)
            if since is not None and stored is not None:
                rebased = rebase_edit(
                    "settings",
                    since.model_dump(mode="json"),
                    settings.model_dump(mode="json"),
                    stored,
                )
                settings = Settings.model_validate(rebased.record)
            self._settings = store_settings(table, settings)
            self._core.announce({"settings": {SETTINGS_KEY}})
        return self._settings
