"""Parsing the data file's JSON, tolerating control characters typed raw into a string.

JSON wants a control character inside a string written as an escape (`\\u001b`); an editor
lets a person paste a raw one (a tab, an escape) into a company name or a note. Such a
file is still plainly ours, and its text is cleaned as it is read (records/load.py), so it
is opened rather than refused: the standard library's parser reads it with strict=False
(raw control characters allowed inside strings, nothing else relaxed). Anything else
wrong with the JSON is still refused, with orjson's own message.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from partner_tui.store.file.compact import Packer
from partner_tui.store.file.parse_pieces import parse_in_pieces


def _refuse_constant(name: str) -> Any:
    # orjson refuses NaN and Infinity; the lenient read must not let them in either.
    raise ValueError(f"{name} is not JSON")


def parse_json(raw: bytes, packer: Packer | None = None) -> Any:
    """orjson.loads(raw), or, if that fails only on raw control characters inside
    strings, the same JSON read with those allowed. Raises orjson's first JSONDecodeError.
    A big file in the program's own layout is parsed in slices (file/parse_pieces.py: the
    same result, a fraction of the memory). packer: a big file's deals are packed as
    they are parsed (file/compact.py; the caller packs what is left, e.g. a small file's)."""
    parsed = parse_in_pieces(raw, packer)
    if parsed is not None:
        return parsed
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if "control character" not in exc.msg:
            raise
        try:
            data = json.loads(raw.decode("utf-8"), strict=False, parse_constant=_refuse_constant)
            # What orjson could not write back (a lone surrogate escape) is refused too.
            orjson.dumps(data)
        except (ValueError, orjson.JSONEncodeError):  # JSONDecodeError, UnicodeDecodeError
            raise exc from None
        return data
