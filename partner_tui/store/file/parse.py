"""Parsing the data file's JSON, tolerating control characters typed raw into a string.

JSON wants a control character inside a string written as an escape (`\\u001b`); an editor
lets a person paste a raw one (a tab, an escape) into a company name or a note. Such a
file is still plainly ours, and its text is cleaned as it is read (records/load.py), so it
is opened rather than refused: those characters are escaped and the file parsed again.
Anything else wrong with the JSON is still refused, with orjson's own message.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

# A JSON string: quotes around runs of anything but a quote or backslash, and escapes
# (written "unrolled", so it runs in linear time). Raw control bytes are matched too
# (that is the point); outside strings they are layout.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_RAW_CONTROL = re.compile(rb"[\x00-\x1f]")


def _escape_controls(match: re.Match[bytes]) -> bytes:
    return _RAW_CONTROL.sub(lambda c: b"\\u%04x" % c.group()[0], match.group())


def parse_json(raw: bytes) -> Any:
    """orjson.loads(raw), or, if that fails only on raw control characters inside
    strings, the JSON with those escaped. Raises orjson's first JSONDecodeError."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if "control character" not in exc.msg:
            raise
        try:
            return orjson.loads(_STRING.sub(_escape_controls, raw))
        except orjson.JSONDecodeError:
            raise exc from None
