"""What a merge returns: the merged file, what changed in it, and every value that lost."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Data = dict[str, Any]


@dataclass(frozen=True)
class Clash:
    """One value that lost a merge, and what became of it."""

    table: str  # "partners", "templates", "settings", ...
    key: str  # the record's id (the settings record's fixed key)
    name: str  # the record as people know it: the company, the template's name
    field: str  # dotted path ("agreement.responsibilities.note"); "" for the whole record
    kept: Any  # the value kept (JSON; None where the field is left out)
    lost: Any  # the other side's value
    text: str  # one line for people: "merge: contact email was jane@x.io on the other side"


@dataclass
class MergeResult:
    data: Data
    clashes: list[Clash] = field(default_factory=list)
    changed: dict[str, set[str]] = field(default_factory=dict)

    def changed_keys(self, table: str) -> set[str]:
        return self.changed.get(table, set())
