"""The file's bytes: stable JSON, and a cache that reuses each unchanged record's bytes.

Sorted keys and two-space indents, so a team that keeps the file in git sees real
changes in `git diff`, never a reshuffle.

A save hands the writer the file as a list of pieces (file/atomic_write.py writes them
in slices), never as one joined copy: at 100,000 deals the file is 73 MB, and a joined
copy of it was the largest thing the app held during every save.
"""

from __future__ import annotations

import itertools
import operator
from array import array
from collections.abc import Callable
from dataclasses import dataclass
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

COMMA = b","
# A section built ahead of a save gives the screen its turn once per this many records.
PAUSE_EVERY = 2000
RECORD_INDENT = b"\n    "


def dumps(data: Any) -> bytes:
    """Stable bytes: sorted keys and two-space indents, so `git diff` shows real changes."""
    return orjson.dumps(data, option=JSON_OPTIONS) + b"\n"


def record_bytes(record: Any) -> bytes:
    """A record as it appears in the file, inside its table. orjson escapes newlines
    inside strings, so every raw newline is layout: indent the lines to its depth."""
    return orjson.dumps(record, option=JSON_OPTIONS).replace(b"\n", b"\n    ")


def record_piece(doc_id: str, chunk: bytes) -> bytes:
    """A record's line in its table, from its key to its closing brace."""
    return RECORD_INDENT + orjson.dumps(doc_id) + b": " + chunk


@dataclass
class Section:
    """One cached table as last written: its keys and records in the table's own order
    (a dict keeps the order records were added in, also when one is replaced), and the
    section's pieces in the file's order (sorted keys), with where each record's is."""

    keys: list[str]
    records: list[Any]
    where: array  # where[i]: the index in `pieces` of the piece of records[i]
    pieces: list[bytes]


class RecordCache:
    """Builds exactly dumps(data), reusing each unchanged record's bytes.

    With 10,000 partners and 100,000 deals the file is 73 MB; serializing all of it on
    every save holds the interpreter for a quarter of a second or more, which a keypress
    would feel. A record's bytes are reused while its dict is the very same object, and
    a table none of whose records changed is not walked record by record at all: its
    records are compared with the last save's by identity (in C), and its pieces reused
    whole. A move (one partner replaced) therefore costs nothing for 100,000 deals.
    """

    def __init__(self) -> None:
        self._sections: dict[str, Section] = {}
        # Bytes made ahead of a table's first build (the warm-up), by table and key.
        self._made: dict[str, dict[str, tuple[dict[str, Any], bytes]]] = {}

    def clear(self) -> None:
        self._sections = {}
        self._made = {}

    def missing(self, name: str, table: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        """(key, record) of the records of `table` whose bytes are not kept yet."""
        section = self._sections.get(name)
        made = self._made.get(name, {})
        if section is not None and _same_keys(section, table):
            fresh = [
                (section.keys[i], table[section.keys[i]])
                for i in _replaced(section, table)
            ]
        else:
            fresh = list(table.items())
        return [
            (key, record)
            for key, record in fresh
            if isinstance(record, dict) and not ((hit := made.get(key)) and hit[0] is record)
        ]

    def remember(self, made: Made) -> None:
        """Add records' bytes made elsewhere (used only while a record is that very dict)."""
        for (name, doc_id), (record, chunk) in made.items():
            self._made.setdefault(name, {})[doc_id] = (record, record_piece(doc_id, chunk))

    def dumps(self, data: dict[str, Any]) -> bytes:
        return b"".join(self.pieces(data))

    def pieces(self, data: dict[str, Any]) -> list[bytes]:
        """The file's bytes (exactly dumps(data)) as pieces to write one after another."""
        if not data:
            return [dumps(data)]
        out: list[bytes] = [b"{"]
        for t, name in enumerate(sorted(data)):
            table = data[name]
            out.append(b"\n  " if t == 0 else b",\n  ")
            out.append(orjson.dumps(name) + b": ")
            if not table or not isinstance(table, dict):
                out.append(orjson.dumps(table, option=JSON_OPTIONS))
            elif name in CACHED_TABLES:
                out.extend(self._section(name, table).pieces)
            else:
                out.extend(_fresh_pieces(table))
        out.append(b"\n}\n")
        # Records gone from memory (a table emptied, a merge) are not kept either.
        for name in list(self._sections):
            if not isinstance(data.get(name), dict) or not data[name]:
                del self._sections[name]
        return out

    def _section(self, name: str, table: dict[str, Any]) -> Section:
        section = self._sections.get(name)
        if section is not None and _same_keys(section, table):
            replaced = _replaced(section, table)
            if not replaced:
                return section  # nothing in the table changed: every piece as it was
            pieces = list(section.pieces)  # (the last save's list may still be being written)
            records = section.records
            for i in replaced:
                record = table[section.keys[i]]
                pieces[section.where[i]] = self._piece(name, section.keys[i], record)
                records[i] = record
            section = Section(section.keys, records, section.where, pieces)
        else:
            section = self.build(name, list(table), list(table.values()), section)
        self._sections[name] = section
        self._made.pop(name, None)
        return section

    def build(
        self,
        name: str,
        keys: list[str],
        records: list[Any],
        old: Section | None = None,
        pause: Callable[[], None] | None = None,
    ) -> Section:
        """A table's pieces from scratch (`keys` and `records`: the table's, in its
        order), reusing the bytes of every record that is still the very same dict.
        Touches nothing kept here but reads: may run outside the storage's lock, ahead of
        a save (adopt()), calling `pause` now and then."""
        kept: dict[str, tuple[Any, bytes]] = {}
        if old is not None:
            kept = {
                key: (record, old.pieces[at])
                for key, record, at in zip(old.keys, old.records, old.where, strict=True)
            }
        order = sorted(range(len(keys)), key=keys.__getitem__)
        where = array("l", [0]) * len(keys)
        pieces: list[bytes] = [b"{"]
        for n, i in enumerate(order):
            if pause is not None and n % PAUSE_EVERY == 0:
                pause()
            key, record = keys[i], records[i]
            hit = kept.get(key)
            if hit is not None and hit[0] is record:
                piece = hit[1]
            else:
                piece = self._piece(name, key, record)
            if n:
                pieces.append(COMMA)
            where[i] = len(pieces)
            pieces.append(piece)
        pieces.append(b"\n  }")
        return Section(keys, records, where, pieces)

    def built(self, name: str) -> Section | None:
        """The section of `name` as the last save (or adopt) left it."""
        return self._sections.get(name)

    def adopt(self, name: str, section: Section) -> None:
        """Keep a section built ahead of the first save (build()). Whatever changed in the
        table since is found, by identity, when the save comes."""
        if name not in self._sections:
            self._sections[name] = section
            self._made.pop(name, None)

    def _piece(self, name: str, key: str, record: Any) -> bytes:
        hit = self._made.get(name, {}).get(key)
        if hit is not None and hit[0] is record:
            return hit[1]
        return record_piece(key, record_bytes(record))


def _same_keys(section: Section, table: dict[str, Any]) -> bool:
    """Whether `table` holds the keys the section was built from, in the same order
    (true while records were only replaced, never added or removed)."""
    return len(section.keys) == len(table) and section.keys == list(table)


def _replaced(section: Section, table: dict[str, Any]) -> list[int]:
    """The positions whose record is not the very dict the section was built from."""
    return list(
        itertools.compress(
            itertools.count(), map(operator.is_not, table.values(), section.records)
        )
    )


def _fresh_pieces(table: dict[str, Any]) -> list[bytes]:
    pieces: list[bytes] = [b"{"]
    for i, doc_id in enumerate(sorted(table)):
        if i:
            pieces.append(COMMA)
        pieces.append(record_piece(doc_id, record_bytes(table[doc_id])))
    pieces.append(b"\n  }")
    return pieces


def canonical(value: Any) -> bytes:
    """One byte string per JSON value whatever its keys' order: to compare and sort (the
    merge's rules, and the ids of log entries that a file holds without one)."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
