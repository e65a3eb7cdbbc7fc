"""Parsing a big data file in slices of records, in the layout the program writes.

orjson parses a whole document into its own tree before it makes one Python object: for
a 73 MB file (100,000 deals) that tree is about 100 MB, held on top of the file's bytes
and of every record already made, which was the app's highest memory of all. The file
the program writes (file/serialize.py) has its tables two spaces in and their records
four: split there, each slice is parsed on its own and the tree never holds more than
one slice.

Sound for any file: a slice is parsed as an object of the members it holds, and the file
is exactly the slices joined by the commas they were cut at, inside the braces. If every
slice is a valid object, the whole file is one with exactly their members (JSON has no
context to change that); if any slice is not, or the file is not laid out this way at
all, parse_in_pieces says so (None) and the whole file is parsed at once, with the
whole file's error message.
"""

from __future__ import annotations

from typing import Any

import orjson

from partner_tui.store.file.compact import COMPACT_TABLES, Packer

# Files smaller than this are parsed at once (the tree of a small file costs little).
PIECES_FROM = 8_000_000
# A table's records are parsed this many bytes at a time (about).
SLICE = 1_000_000

TABLE_START = b'\n  "'
TABLE_CUT = b',\n  "'
RECORD_CUT = b',\n    "'
TABLE_END = b"\n  }"
JSON_SPACE = b" \t\r\n"


def parse_in_pieces(raw: bytes, packer: Packer | None = None) -> dict[str, Any] | None:
    """The file's top-level object parsed slice by slice, or None: not this layout, or
    a slice that does not parse (the caller parses the whole file and reports).
    packer: the records of file/compact.py's tables are packed slice by slice as they
    are parsed (the dicts of a whole table never exist at once)."""
    if len(raw) < PIECES_FROM or not raw.startswith(b"{" + TABLE_START):
        return None
    # (Not raw.rstrip(): that is a copy of the whole file, held through the parse.)
    end = len(raw)
    while end and raw[end - 1] in JSON_SPACE:
        end -= 1
    if not end or raw[end - 1] != ord("}"):
        return None
    end -= 1
    data: dict[str, Any] = {}
    view = memoryview(raw)
    start = 1
    try:
        while start < end:
            cut = raw.find(TABLE_CUT, start, end)
            stop = end if cut < 0 else cut
            data.update(_member(raw, view, start, stop, packer))
            start = stop + 1
    except orjson.JSONDecodeError:
        return None
    return data


def _member(
    raw: bytes, view: memoryview, start: int, stop: int, packer: Packer | None
) -> dict[str, Any]:
    """The members in raw[start:stop] (one table, as laid out: `"name": {...}`)."""
    if stop - start < 2 * SLICE:
        return _object(view[start:stop])  # (packed, if need be, with the whole file)
    opening = raw.find(b": {", start, stop)
    closing = raw.rfind(TABLE_END, start, stop)
    if opening < 0 or closing < opening or raw[closing + len(TABLE_END) : stop].strip(JSON_SPACE):
        return _object(view[start:stop])
    try:  # the table's name, parsed as JSON (a name holding ': {' is not cut there)
        names = _object(bytes(view[start : opening + 1]) + b" null")
    except orjson.JSONDecodeError:
        names = {}
    if len(names) != 1:
        return _object(view[start:stop])
    table: dict[str, Any] = {}
    first = opening + len(b": {")
    pack = packer.pack_table if packer is not None and next(iter(names)) in COMPACT_TABLES else None
    while first < closing:
        cut = raw.find(RECORD_CUT, min(first + SLICE, closing), closing)
        last = closing if cut < 0 else cut
        records = _object(view[first:last])
        table.update(records if pack is None else pack(records))
        first = last + 1
    return {next(iter(names)): table}


def _object(members: memoryview | bytes) -> dict[str, Any]:
    parsed = orjson.loads(b"{" + bytes(members) + b"}")
    if not isinstance(parsed, dict):  # (always an object: it is in braces)
        raise orjson.JSONDecodeError("not an object", "", 0)
    return parsed
