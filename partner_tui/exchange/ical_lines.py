"""iCalendar content lines written directly (RFC 5545 §3.1, §3.3): the calendar export
writes tens of thousands of entries, and building a library object per property cost
about 0.3 ms each (7 s at 10,000 partners); these few rules are all a file needs.

- A line is `NAME[;PARAM=VALUE]:VALUE`, ended by CRLF.
- Lines longer than 75 octets are folded: CRLF and one space before the rest, never
  inside a UTF-8 character (§3.1).
- TEXT values escape backslash, semicolon and comma with a backslash, and a line break
  as `\\n` (§3.3.11); a list of TEXT values is joined by unescaped commas.
- DATE is `YYYYMMDD`; DATE-TIME in UTC is `YYYYMMDDTHHMMSSZ` (§3.3.4, §3.3.5).

Tests parse what this writes with the icalendar library, including a round-trip property
over arbitrary text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime

FOLD_AT = 75  # octets per physical line, CRLF not counted
CRLF = b"\r\n"

_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})
_TO_ESCAPE = re.compile(r"[\\;,\r\n]")


def text(value: str) -> str:
    """A TEXT value, escaped. CR LF and a lone CR count as one line break."""
    if _TO_ESCAPE.search(value) is None:
        return value  # most values: nothing to escape (a search is far cheaper than translate)
    # str.replace, one pass each, backslash first (what the others add holds no later
    # target): _TEXT_ESCAPES' mapping, without translate's lookup per character (every
    # description has line breaks). The round-trip property test holds it.
    return (
        value.replace("\r\n", "\n").replace("\r", "\n").replace("\\", "\\\\")
        .replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    )


def text_list(values: Iterable[str]) -> str:
    return ",".join(text(value) for value in values)


def ical_date(day: date) -> str:
    return day.strftime("%Y%m%d")


def utc_datetime(moment: datetime) -> str:
    """A DATE-TIME in UTC; a naive time is taken as UTC (the store writes UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def line(name: str, value: str, **parameters: str) -> bytes:
    """One content line, folded, with its CRLF. `value` is written as given: escape
    TEXT with text() first. Parameter names are given in Python spelling (VALUE=...)."""
    if not parameters:
        raw = f"{name}:{value}".encode()
        # Most lines are short: no call to fold for them (a hundred thousand a calendar).
        return raw + CRLF if len(raw) <= FOLD_AT else fold(raw)
    head = name + "".join(f";{key.replace('_', '-')}={val}" for key, val in parameters.items())
    return fold(f"{head}:{value}".encode())


def fold(raw: bytes) -> bytes:
    """`raw` as physical lines of at most 75 octets each, split between characters."""
    if len(raw) <= FOLD_AT:
        return raw + CRLF
    pieces = []
    start, limit = 0, FOLD_AT
    while len(raw) - start > limit:
        end = start + limit
        # Back off to the start of a UTF-8 character (continuation bytes are 10xxxxxx).
        while raw[end] & 0xC0 == 0x80:
            end -= 1
        pieces.append(raw[start:end])
        start = end
        limit = FOLD_AT - 1  # a continuation line begins with the one space
    pieces.append(raw[start:])
    return (CRLF + b" ").join(pieces) + CRLF
