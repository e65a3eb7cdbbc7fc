"""Checklists: pydantic models whose bool fields carry the playbook's words as titles.

The form builds one Checkbox per field from these titles, so the playbook's labels live
in exactly one place.
"""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict


@functools.cache
def titled_fields(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(field name, title) of every field of `model`, in order: read once per model (the
    Markdown report asks for each of 10,000 partners' checklists)."""
    return tuple((name, f.title or name) for name, f in model.model_fields.items())


class Checklist(BaseModel):
    """Base for a group of yes/no items; every field is a bool with a `title`."""

    model_config = ConfigDict(defer_build=True, extra="forbid", validate_assignment=True)

    @classmethod
    def items(cls) -> list[tuple[str, str]]:
        """(field name, playbook label) in the playbook's order."""
        return list(titled_fields(cls))

    def done(self) -> int:
        return sum(1 for name, _ in self.items() if getattr(self, name))

    def total(self) -> int:
        return len(titled_fields(type(self)))

    def progress(self) -> str:
        """'3/5', the way the form and board show it."""
        return f"{self.done()}/{self.total()}"
