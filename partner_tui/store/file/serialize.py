"""The file's bytes: stable JSON, and a cache that reuses each unchanged record's bytes.

Sorted keys and two-space indents, so a team that keeps the file in git sees real
changes in `git diff`, never a reshuffle.
"""

from __future__ import annotations

from typing import Any

import orjson

JSON_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS

# Tables whose records are only ever replaced (a new dict), never changed in place: their
# serialized bytes can be kept between saves. PartnerStore keeps that promise for
# partners, deals, payments and account lists; the other tables are small and serialized
# every time.
CACHED_TABLES = frozenset({"partners", "deals", "payments", "account_lists"})

# One record's bytes as kept between saves: (the very dict they were made from, its bytes).
Made = dict[tuple[str, str], tuple[dict[str, Any], bytes]]


def dumps(data: Any) -> bytes:
    """Stable bytes: sorted keys and two-space indents, so `git diff` shows real changes."""
    return orjson.dumps(data, option=JSON_OPTIONS) + b"\n"


def record_bytes(record: Any) -> bytes:
    """A record as it appears in the file, inside its table. orjson escapes newlines
    inside strings, so every raw newline is layout: indent the lines to its depth."""
    return orjson.dumps(record, option=JSON_OPTIONS).replace(b"\n", b"\n    ")


class RecordCache:
    """Builds exactly dumps(data), reusing each unchanged record's bytes.

    With 10,000 partners the file is tens of megabytes; serializing all of it on every
    save holds the interpreter for a quarter of a second, which a keypress would feel.
    A record's bytes are reused while its dict is the very same object.
    """

    def __init__(self) -> None:
        self._bytes: Made = {}

    def clear(self) -> None:
        self._bytes = {}

    def has(self, name: str, doc_id: str, record: dict[str, Any]) -> bool:
        hit = self._bytes.get((name, doc_id))
        return hit is not None and hit[0] is record

    def remember(self, made: Made) -> None:
        """Add records' bytes made elsewhere (used only while a record is that very dict)."""
        self._bytes.update(made)

    def dumps(self, data: dict[str, Any]) -> bytes:
        if not data:
            return dumps(data)
        fresh: Made = {}
        parts: list[bytes] = [b"{"]
        for t, name in enumerate(sorted(data)):
            table = data[name]
            parts.append(b"\n  " if t == 0 else b",\n  ")
            parts.append(orjson.dumps(name) + b": ")
            if not table or not isinstance(table, dict):
                parts.append(orjson.dumps(table, option=JSON_OPTIONS))
                continue
            cached = name in CACHED_TABLES
            parts.append(b"{")
            for i, doc_id in enumerate(sorted(table)):
                record = table[doc_id]
                parts.append(b"\n    " if i == 0 else b",\n    ")
                parts.append(orjson.dumps(doc_id) + b": ")
                key = (name, doc_id)
                hit = self._bytes.get(key) if cached else None
                if hit is not None and hit[0] is record:
                    chunk = hit[1]
                else:
                    chunk = record_bytes(record)
                if cached and isinstance(record, dict):
                    fresh[key] = (record, chunk)
                parts.append(chunk)
            parts.append(b"\n  }")
        parts.append(b"\n}\n")
        self._bytes = fresh
        return b"".join(parts)


def canonical(value: Any) -> bytes:
    """One byte string per JSON value whatever its keys' order: to compare and sort (the
    merge's rules, and the ids of log entries that a file holds without one)."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
