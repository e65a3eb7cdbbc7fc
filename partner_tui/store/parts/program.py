"""PartnerStore's templates and settings: the program's own records beside the partners.

A mixin of PartnerStore (the one facade), kept apart so each file holds one job. Both
are few and small: held validated (records/templates.py, records/settings.py), and each save is
one storage batch, so no merge from another writer comes between reading and writing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from partner_tui.domain.program import Settings
from partner_tui.domain.templates import OutreachTemplate, playbook_template
from partner_tui.store.file.storage import SafeJSONStorage
from partner_tui.store.merge.rebase import rebase_edit
from partner_tui.store.records.keyed_table import KeyedTable, KeyedTinyDB
from partner_tui.store.records.settings import store_settings, stored_fields
from partner_tui.store.records.templates import TemplateRecords


class ProgramFacade:
    """The template and settings methods of PartnerStore (which provides these members)."""

    _storage: SafeJSONStorage
    _db: KeyedTinyDB
    _templates: TemplateRecords
    _settings: Settings
    _check_writable: Callable[[], None]

    def templates(self) -> list[OutreachTemplate]:
        """The playbook's template first (always there), then the user's by name."""
        with self._storage.lock:
            return self._templates.all()

    def template(self, template_id: str) -> OutreachTemplate:
        with self._storage.lock:
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

    def save_settings(self, settings: Settings, *, since: Settings | None = None) -> Settings:
        """since: the settings as the editor read them: if another writer changed them
        meanwhile, only the fields edited since are saved over their change."""
        self._check_writable()
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
        return self._settings
