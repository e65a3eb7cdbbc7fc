"""Checklists: pydantic models whose bool fields carry the playbook's words as titles.

The form builds one Checkbox per field from these titles, so the playbook's labels live
in exactly one place.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Checklist(BaseModel):
    """Base for a group of yes/no items; every field is a bool with a `title`."""

    model_config = ConfigDict(defer_build=True, extra="forbid", validate_assignment=True)

    @classmethod
    def items(cls) -> list[tuple[str, str]]:
        """(field name, playbook label) in the playbook's order."""
        return [(name, f.title or name) for name, f in cls.model_fields.items()]

    def done(self) -> int:
        return sum(1 for name, _ in self.items() if getattr(self, name))

    def total(self) -> int:
        return len(type(self).model_fields)

    def progress(self) -> str:
        """'3/5', the way the form and board show it."""
        return f"{self.done()}/{self.total()}"
