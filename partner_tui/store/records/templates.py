"""Outreach templates: the playbook's own (always there) and the user's, by id."""

from __future__ import annotations

from typing import Any

from partner_tui.domain import clock
from partner_tui.domain.templates import PLAYBOOK_TEMPLATE_ID, OutreachTemplate, playbook_template
from partner_tui.store.errors import NotFound
from partner_tui.store.records.keyed_table import KeyedTable


class TemplateRecords:
    def __init__(self, templates: dict[str, OutreachTemplate]) -> None:
        self._templates = templates  # the stored templates by id (their keys in the file)

    @classmethod
    def of_table(cls, table: dict[str, Any]) -> TemplateRecords:
        """The templates of a templates table as stored (validated)."""
        # Imported here: stored_form brings the partner and deal models, which the JSON
        # export of a file known valid with no templates of its own never needs.
        if not table:
            return cls({})
        from partner_tui.store.records.stored_form import as_stored_template

        return cls(
            {
                key: as_stored_template(OutreachTemplate.model_validate(raw))
                for key, raw in table.items()
            }
        )

    def all(self) -> list[OutreachTemplate]:
        """The playbook's template first (always there), then the user's by name."""
        stored = dict(self._templates)
        builtin = stored.pop(PLAYBOOK_TEMPLATE_ID, None) or playbook_template()
        return [builtin, *sorted(stored.values(), key=lambda t: t.name.lower())]

    def get(self, template_id: str) -> OutreachTemplate:
        for template in self.all():
            if template.id == template_id:
                return template
        raise NotFound(template_id)

    def save(self, table: KeyedTable, template: OutreachTemplate) -> OutreachTemplate:
        """Validated again and stamped; call it inside a storage batch."""
        from partner_tui.store.records.stored_form import as_stored_template

        fresh = as_stored_template(OutreachTemplate.model_validate(template.model_dump()))
        fresh = fresh.model_copy(update={"updated_at": clock.now()})
        table.put(fresh.id, fresh.model_dump(mode="json"))
        self._templates[fresh.id] = fresh
        return fresh

    def delete(self, table: KeyedTable, template_id: str) -> None:
        """Call it inside a storage batch."""
        if template_id == PLAYBOOK_TEMPLATE_ID:
            raise ValueError("the playbook's template is built in and cannot be deleted")
        if template_id not in self._templates:
            raise NotFound(template_id)
        del self._templates[template_id]
        table.drop(template_id)
