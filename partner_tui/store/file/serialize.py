"""The file's bytes: stable JSON, and a cache that reuses each unchanged record's bytes.

Sorted keys and two-space indents, so a team that keeps the file in git sees real
changes in `git diff`, never a reshuffle.

A save hands the writer the file as a list of pieces (file/atomic_write.py writes them
in slices), never as one joined copy: at 100,000 deals the file is 73 MB, and a joined
copy of it was the largest thing the app held during every save.

Once a file is written (or, at open, found to be exactly what a save would write), an
unchanged record's piece is not kept as bytes but as where it is in that file (a
stretch: an int, see stretch()), and the next save copies the unchanged runs from that
file (file/atomic_write.py, under the file's lock, the file checked unchanged by the
storage): at 100,000 deals the kept bytes were ~75 MB, a copy of the whole file.
"""

from __future__ import annotations

import itertools
import operator
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson

from partner_tui.store.file.compact import as_record

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
TABLE_CLOSE = b"\n  }"
# A stretch of the source file packs (offset << STRETCH_BITS) | length into one int:
# 32 bytes a record where its bytes were ~700.
STRETCH_BITS = 32

# What a save writes, in order: bytes, or a stretch (an int) of the source file.
Piece = bytes | int
# Reads n bytes at an offset of the source file (fewer at its end).
ReadAt = Callable[[int, int], bytes]


def stretch(offset: int, length: int) -> int:
    """The source file's bytes [offset, offset + length) as one int."""
    return (offset << STRETCH_BITS) | length


def stretch_parts(piece: int) -> tuple[int, int]:
    """(offset, length) of a stretch()."""
    return piece >> STRETCH_BITS, piece & ((1 << STRETCH_BITS) - 1)


def piece_length(piece: Piece) -> int:
    return piece & ((1 << STRETCH_BITS) - 1) if isinstance(piece, int) else len(piece)


def dumps(data: Any) -> bytes:
    """Stable bytes: sorted keys and two-space indents, so `git diff` shows real changes."""
    return orjson.dumps(data, option=JSON_OPTIONS) + b"\n"


def record_bytes(record: Any) -> bytes:
    """A record (or a row: file/compact.py) as it appears in the file, inside its table.
    orjson escapes newlines inside strings, so every raw newline is layout: indent the
    lines to its depth."""
    return orjson.dumps(as_record(record), option=JSON_OPTIONS).replace(b"\n", b"\n    ")


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
    # Bytes, or (once located) a stretch of the source relative to `base`.
    pieces: list[Piece]
    # Located: where the section (from its "{" to its "}") is in the source file, its
    # size there; every piece is then a stretch, but those of records replaced since,
    # whose stretches are kept in `moved` (position in pieces -> the stretch).
    base: int | None = None
    size: int = 0
    moved: dict[int, int] | None = None


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
        # The last pieces(), and where in them each cached section starts (an index: the
        # offsets in the file are summed by written(), after the write, not before it).
        self._out: list[Piece] = []
        self._placed: dict[str, int] = {}
        # Whether any section was ever located (no source file, as on Windows: never).
        self._stretches = False

    def clear(self) -> None:
        self._sections = {}
        self._made = {}
        self._out, self._placed = [], {}

    def unlocated(self) -> None:
        """The source file can no longer be read (another program changed it in place, a
        copy failed): forget every section that points into it; the next save makes
        their records' bytes again."""
        self._sections = {
            name: section
            for name, section in self._sections.items()
            if section.base is None and not any(isinstance(p, int) for p in section.pieces)
        }
        self._out, self._placed = [], {}

    def written(self) -> None:
        """The last pieces() are now the source file: every cached section they wrote
        points into it from now on, its bytes let go."""
        starts = {index: name for name, index in self._placed.items()}
        offset = 0
        for index, piece in enumerate(self._out):
            name = starts.get(index)
            section = self._sections.get(name) if name is not None else None
            if section is not None:
                _relocate(section, offset)
                self._stretches = True
            offset += piece_length(piece)
        self._out, self._placed = [], {}

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

    def dumps(self, data: dict[str, Any], read: ReadAt | None = None) -> bytes:
        """The file's bytes, joined (`read`: the source file's, for the stretches)."""
        return b"".join(
            piece if isinstance(piece, bytes) else read_stretch(read, piece)  # type: ignore[arg-type]
            for piece in self.pieces(data)
        )

    def pieces(self, data: dict[str, Any]) -> list[Piece]:
        """The file's bytes (exactly dumps(data)) as pieces to write one after another:
        bytes, or stretches of the source file (only once written() or a located build)."""
        self._out, self._placed = [], {}
        if not data:
            return [dumps(data)]
        out: list[Piece] = [b"{"]
        for t, name in enumerate(sorted(data)):
            table = data[name]
            out.append((b"\n  " if t == 0 else b",\n  ") + orjson.dumps(name) + b": ")
            if not table or not isinstance(table, dict):
                part: list[Piece] = [orjson.dumps(table, option=JSON_OPTIONS)]
            elif name in CACHED_TABLES:
                self._placed[name] = len(out)
                section = self._section(name, table)
                if section.base is not None:
                    part = _runs(section)
                elif self._stretches:  # a rebuilt table with stretches in it
                    part = coalesced(section.pieces)
                else:
                    part = section.pieces
            else:
                part = list(_fresh_pieces(table))
            out.extend(part)
        out.append(b"\n}\n")
        self._out = out
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
            moved = None if section.base is None else dict(section.moved or {})
            for i in replaced:
                record = table[section.keys[i]]
                at = section.where[i]
                if moved is not None and at not in moved:
                    moved[at] = pieces[at]  # type: ignore[assignment]
                pieces[at] = self._piece(name, section.keys[i], record)
                records[i] = record
            section = Section(
                section.keys, records, section.where, pieces, section.base, section.size, moved
            )
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
        source: tuple[ReadAt, int] | None = None,
    ) -> Section:
        """A table's pieces from scratch (`keys` and `records`: the table's, in its
        order), reusing every piece of a record that is still the very same dict.
        Touches nothing kept here but reads: may run outside the storage's lock, ahead of
        a save (adopt()), calling `pause` now and then.

        source: (read, base): the table as the source file holds it from `base` on (the
        file read at open). Each piece found there, byte for byte, is kept as its
        stretch instead of its bytes; the section is located if all of it is found."""
        kept: dict[str, tuple[Any, Piece]] = {}
        if old is not None:
            kept = {
                key: (record, old.pieces[at])
                for key, record, at in zip(old.keys, old.records, old.where, strict=True)
            }
            if old.base is not None:  # a located section's stretches name its offsets
                kept = {
                    key: (record, _absolute(piece, old.base))
                    for key, (record, piece) in kept.items()
                }
        order = sorted(range(len(keys)), key=keys.__getitem__)
        where = array("l", [0]) * len(keys)
        pieces: list[Piece] = [b"{"]
        finder = _Finder(*source) if source is not None else None
        if finder is not None:
            finder.found(b"{")
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
                if finder is not None:
                    finder.found(COMMA)
            where[i] = len(pieces)
            if finder is not None and isinstance(piece, bytes):
                rel = finder.found(piece)
                piece = stretch(rel, len(piece)) if rel is not None else piece
            pieces.append(piece)
        pieces.append(TABLE_CLOSE)
        section = Section(keys, records, where, pieces)
        if finder is not None and finder.found(TABLE_CLOSE) is not None and finder.all_found:
            section.base, section.size = finder.base, finder.at
        elif finder is not None:  # not all found: back to bytes (stretches need a base)
            section.pieces = [
                self._piece(name, keys[i], records[i]) if isinstance(p, int) else p
                for p, i in zip(pieces, _owners(where, len(pieces)), strict=True)
            ]
        return section

    def built(self, name: str) -> Section | None:
        """The section of `name` as the last save (or adopt) left it."""
        return self._sections.get(name)

    def located(self) -> RecordCache:
        """A copy holding this one's sections as they are now (what record_spans reads),
        kept while this one forgets them (unlocated())."""
        copy = RecordCache()
        copy._sections = dict(self._sections)
        return copy

    def record_spans(self, name: str) -> dict[str, tuple[int, int]] | None:
        """Where each record of the cached table `name` is in the source file, by key,
        from its first byte to its last (after its key, as a reader of that file finds
        it), when the table's section is located there and nothing in it replaced since
        (every piece a stretch); {} for a table not held; None otherwise."""
        section = self._sections.get(name)
        if section is None:
            return {}
        if section.base is None or section.moved:
            return None
        base, pieces, spans = section.base, section.pieces, {}
        for key, at in zip(section.keys, section.where, strict=True):
            piece = pieces[at]
            if not isinstance(piece, int):
                return None
            offset, length = stretch_parts(piece)
            head = len(RECORD_INDENT) + len(orjson.dumps(key)) + 2  # the key and ": "
            spans[key] = (base + offset + head, base + offset + length)
        return spans

    def adopt(self, name: str, section: Section) -> None:
        """Keep a section built ahead of the first save (build()). Whatever changed in the
        table since is found, by identity, when the save comes."""
        if name not in self._sections:
            self._sections[name] = section
            self._made.pop(name, None)
            self._stretches = self._stretches or section.base is not None

    def _piece(self, name: str, key: str, record: Any) -> bytes:
        hit = self._made.get(name, {}).get(key)
        if hit is not None and hit[0] is record:
            return hit[1]
        return record_piece(key, record_bytes(record))


class _Finder:
    """Follows a section through the source file, piece by piece: found() says where a
    piece is (relative to the section's start), or None once one is not there."""

    CHUNK = 1 << 20

    def __init__(self, read: ReadAt, base: int) -> None:
        self._read = read
        self.base = base
        self.at = 0
        self.all_found = True
        self._chunk = b""
        self._chunk_at = 0

    def found(self, piece: bytes) -> int | None:
        if not self.all_found:
            return None
        if self._bytes(self.base + self.at, len(piece)) != piece:
            self.all_found = False
            return None
        rel, self.at = self.at, self.at + len(piece)
        return rel

    def _bytes(self, offset: int, n: int) -> bytes:
        start = offset - self._chunk_at
        if start < 0 or start + n > len(self._chunk):
            self._chunk = self._read(offset, max(n, self.CHUNK))
            self._chunk_at, start = offset, 0
        return self._chunk[start : start + n]


def read_stretch(read: ReadAt, piece: int) -> bytes:
    offset, length = stretch_parts(piece)
    data = read(offset, length)
    if len(data) != length:
        raise OSError("the source file is shorter than a piece of it")
    return data


def _absolute(piece: Piece, base: int) -> Piece:
    if isinstance(piece, bytes):
        return piece
    offset, length = stretch_parts(piece)
    return stretch(base + offset, length)


def _owners(where: array, count: int) -> list[int]:
    """For each position in a section's pieces, the record whose piece it is (-1: none)."""
    owners = [-1] * count
    for i, at in enumerate(where):
        owners[at] = i
    return owners


def _runs(section: Section) -> list[Piece]:
    """A section's pieces as the save writes them: bytes, and absolute stretches of the
    source; a located section as a few long runs between the records replaced since."""
    if section.base is None:
        return section.pieces
    base, runs = section.base, []
    cursor = 0
    for at in sorted(section.moved or ()):
        offset, length = stretch_parts((section.moved or {})[at])
        if offset > cursor:
            runs.append(_run(base, cursor, offset - cursor))
        runs.append(section.pieces[at])
        cursor = offset + length
    if section.size > cursor:
        end = section.size - cursor
        runs.append(TABLE_CLOSE if end == len(TABLE_CLOSE) else _run(base, cursor, end))
    return runs


def _run(base: int, start: int, length: int) -> Piece:
    """The section's bytes [start, start + length): what a one-byte run is, written as
    such (no copy for it): the brace that opens the section, or the comma between two
    records."""
    if length == 1:
        return b"{" if start == 0 else COMMA
    return stretch(base + start, length)


def coalesced(pieces: list[Piece]) -> list[Piece]:
    """Stretches of one table that follow each other in the source with one comma
    between (so it is in the source too: records of a table are written piece, comma,
    piece) as one stretch: a table rebuilt after a record was added is copied in long
    runs, not a copy per record."""
    out: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, int) and len(out) >= 2 and out[-1] == COMMA:
            before = out[-2]
            if isinstance(before, int):
                start, length = stretch_parts(before)
                offset, more = stretch_parts(piece)
                if offset == start + length + 1:
                    out[-2:] = [stretch(start, length + 1 + more)]
                    continue
        out.append(piece)
    return out


def _relocate(section: Section, start: int) -> None:
    """The section was written from `start` on in the new source: its pieces become
    stretches there (a located one's unmoved pieces shift by the sizes changed before)."""
    pieces = section.pieces
    if section.base is not None:
        _shift_moved(section)
        section.base = start
        return
    rel = 0
    for at, piece in enumerate(pieces):
        length = piece_length(piece)
        # Every record's piece (the brace, the commas and the close stay bytes).
        if isinstance(piece, int) or (at and piece is not COMMA and piece is not TABLE_CLOSE):
            pieces[at] = stretch(rel, length)
        rel += length
    section.base, section.size, section.moved = start, rel, None


def _shift_moved(section: Section) -> None:
    """A located section's replaced pieces become stretches where they were written, and
    every piece after one whose size changed moves by the difference (a stretch plus
    (delta << STRETCH_BITS) is the same length, delta further on)."""
    pieces, moved = section.pieces, section.moved or {}
    delta = 0
    positions = sorted(moved)
    for k, at in enumerate(positions):
        offset, old_length = stretch_parts(moved[at])
        new_length = piece_length(pieces[at])
        pieces[at] = stretch(offset + delta, new_length)
        delta += new_length - old_length
        if delta:
            end = positions[k + 1] if k + 1 < len(positions) else len(pieces)
            shift = delta << STRETCH_BITS
            pieces[at + 1 : end] = [
                piece + shift if piece.__class__ is int else piece
                for piece in pieces[at + 1 : end]
            ]
    section.size += delta
    section.moved = None


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
