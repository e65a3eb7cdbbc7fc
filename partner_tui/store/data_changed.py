"""DataChanged: what changed in the data, and who changed it.

One description for every change, whoever made it: this process (source "local", told
by the store as each change is stored), another writer whose file was merged in ("disk"),
or the whole file read after the app painted from its preview ("opened"). The app's
session publishes each one to every screen (ui/session.py), so a screen has one place to
hear that the data changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Source = Literal["local", "disk", "opened"]


@dataclass(frozen=True)
class DataChanged:
    source: Source
    # table -> the keys of the records changed in it (partners, deals, payments,
    # templates; "settings" -> {"1"}). Empty when the whole file was read ("opened").
    ids: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @property
    def everything(self) -> bool:
        """The whole file was read anew: anything may have changed."""
        return self.source == "opened"

    def changed_keys(self, table: str) -> frozenset[str]:
        return self.ids.get(table, frozenset())

    def touches(self, *tables: str) -> bool:
        return self.everything or any(self.ids.get(table) for table in tables)
