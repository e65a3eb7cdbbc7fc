"""Outreach templates: the playbook's own (always there) and the user's, by id."""

from __future__ import annotations

from tinydb.table import Table

from partner_tui.domain import clock
from partner_tui.domain.templates import PLAYBOOK_TEMPLATE_ID, OutreachTemplate, playbook_template
from partner_tui.store.errors import NotFound
from partner_tui.store.stored_form import as_stored_template


class TemplateRecords:
    def __init__(self, templates: dict[str, OutreachTemplate], doc_ids: dict[str, int]) -> None:
        self._templates = templates
        self._doc_ids = doc_ids  # template id -> TinyDB document id

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

    def save(self, table: Table, template: OutreachTemplate) -> OutreachTemplate:
        """Validated again and stamped; call it inside a storage batch."""
        fresh = as_stored_template(OutreachTemplate.model_validate(template.model_dump()))
        fresh = fresh.model_copy(update={"updated_at": clock.now()})
        data = fresh.model_dump(mode="json")
        doc_id = self._doc_ids.get(fresh.id)
        if doc_id is None:
            self._doc_ids[fresh.id] = table.insert(data)
        else:
            table.update(data, doc_ids=[doc_id])
        self._templates[fresh.id] = fresh
        return fresh

    def delete(self, table: Table, template_id: str) -> None:
        """Call it inside a storage batch."""
        if template_id == PLAYBOOK_TEMPLATE_ID:
            raise ValueError("the playbook's template is built in and cannot be deleted")
        if template_id not in self._doc_ids:
            raise NotFound(template_id)
        doc_id = self._doc_ids.pop(template_id)
        self._templates.pop(template_id, None)
        table.remove(doc_ids=[doc_id])
