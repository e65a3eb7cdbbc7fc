"""Values that repeat across the partners' records, held once for all of them.

At 10,000 partners the records read from the file are ~41 MB, and much of it repeats:
the partnership terms (`models`: a program has a few dozen sets of terms, each a nest of
dicts, ~600 bytes a partner), the stage, the type, the next action's date, and each
stage change's author and stage. The parser makes every one of them anew for every
record; here equal values are made one object, as the file is read (~8 MB at 10,000
partners; the deals' values are shared the same way in file/compact.py).

Only for a big store (SHARE_FROM_RECORDS records: partners, deals, payments and account
lists): sharing costs every open ~22 ms at 10,000 partners, paid by every command that
reads the file through the store, and the ~8 MB it saves matter only where memory is
short: the app at 100,000 deals (issue 28's 250 MB). A command reads the file and ends;
the app at 10,000 partners and no deals holds ~170 MB.

Sharing a dict between records is sound because records are never changed in place,
nested values included (a change replaces the record: the serializer and the merge go
by identity and equality on that rule); this runs on records just parsed and cleaned,
before anything else holds them. Only values equal as JSON text in the same key order
are shared, so every record's bytes stay exactly as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

# From this many records (partners, deals, payments, account lists) values are shared:
# the size of store from which freed memory is handed back too (speedups/heap.py).
SHARE_FROM_RECORDS = 20_000

# Text values that repeat across partners (a handful of stages and types, a few hundred
# dates, one owner for a whole team).
SHARED_TEXT = ("stage", "partner_type", "next_action_date", "owner", "subtype")
# Nested values that repeat whole: the same terms for many partners.
SHARED_NESTED = ("models",)
# In each stage change: who made it, and the stage.
SHARED_IN_HISTORY = ("author", "stage")


def _keep_own(record: dict[str, Any]) -> None:
    return None


def values_sharer(records: int) -> Callable[[dict[str, Any]], None]:
    """What a read of a file of `records` records does to each partner's record:
    SharedValues().share for a big store, nothing below (each record keeps its own
    values: equal records either way, the same bytes)."""
    return SharedValues().share if records >= SHARE_FROM_RECORDS else _keep_own


class SharedValues:
    """One per read of a file: what it shares lives as long as the records that hold it."""

    def __init__(self) -> None:
        self._text: dict[str, str] = {}
        self._nested: dict[bytes, Any] = {}

    def share(self, record: dict[str, Any]) -> None:
        """Replace, in `record`, each value that repeats by the one equal object held."""
        text = self._text.setdefault
        for key in SHARED_TEXT:
            value = record.get(key)
            if type(value) is str:
                record[key] = text(value, value)
        for key in SHARED_NESTED:
            value = record.get(key)
            if isinstance(value, dict | list):
                try:
                    text_of = orjson.dumps(value)
                except orjson.JSONEncodeError:  # (an integer past 64 bits: kept apart)
                    continue
                # (equal text, the same key order: the very same bytes when written)
                record[key] = self._nested.setdefault(text_of, value)
        history = record.get("stage_history")
        if type(history) is list:
            for change in history:
                if type(change) is dict:
                    for key in SHARED_IN_HISTORY:
                        value = change.get(key)
                        if type(value) is str:
                            change[key] = text(value, value)
