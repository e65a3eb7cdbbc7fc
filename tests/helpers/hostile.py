"""Hostile text: every control and bidi character, and the checks that none got through.

Used by the terminal-safe text tests of every layer (domain, store, command line, screens,
the real program in a terminal).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from hypothesis import strategies as st
from pydantic import BaseModel

from partner_tui.domain.safe_text import clean_line
from partner_tui.domain.text_fields import text_plan

# The regression case: a CSV company cell that would replace the clipboard (OSC 52).
OSC_52 = "Esc\x1b]52;c;aGFjaw==\x07 Co"
# ... as it is stored: the controls gone, the visible rest kept.
OSC_52_STORED = "Esc]52;c;aGFjaw== Co"

C0 = [chr(code) for code in range(0x20)]
C1 = [chr(code) for code in range(0x80, 0xA0)]
CONTROLS = [*C0, "\x7f", *C1]
# Embeddings, overrides and isolates (removed from single lines) and marks (kept).
BIDI = [chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
MARKS = ["\u200e", "\u200f", "\u061c"]
# Whole sequences a hostile file would carry: colour, title, clipboard (BEL and ST ended),
# C1 CSI clear-screen, a cursor move back over the line.
SEQUENCES = [
    "\x1b[31m",
    "\x1b]0;pwned\x07",
    "\x1b]52;c;aGFjaw==\x07",
    "\x1b]52;c;aGFjaw==\x1b\\",
    "\x9b2J",
    "\x1b[2K\r",
    "\r\n",
]

hostile_text = st.lists(
    st.one_of(
        st.sampled_from([*CONTROLS, *BIDI, *MARKS]),
        st.sampled_from(SEQUENCES),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=24,
).map("".join)

_NOT_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NOT_IN_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NOT_ON_TERMINAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def unsafe_in_line(text: str) -> list[str]:
    """What a stored single-line field may not hold."""
    return _NOT_IN_LINE.findall(text)


def unsafe_in_text(text: str) -> list[str]:
    """What a stored multi-line field may not hold (tab and newline are fine)."""
    return _NOT_IN_TEXT.findall(text)


def unsafe_on_terminal(text: str, *, crlf: bool = False) -> list[str]:
    """What printed output may not hold: controls but tab and newline, and bidi
    controls. With `crlf` (CSV), a CR right before a newline is a line end, not a move."""
    if crlf:
        text = text.replace("\r\n", "\n")
    return _NOT_ON_TERMINAL.findall(text)


# What the payloads above look like on their way to a terminal, as bytes: none may arrive.
PAYLOAD_BYTES = [
    b"\x1b]52;",
    b"\x1b]0;pwned",
    b"\xc2\x9b2J",
    "\u202e".encode(),
]


def texts(plan: dict[str, Any], record: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """(field path, value, rule) of every text value in a stored record (text_plan)."""
    for name, how in plan.items():
        value = record.get(name)
        if isinstance(how, dict) and isinstance(value, dict):
            yield from ((f"{name}.{p}", v, h) for p, v, h in texts(how, value))
        elif isinstance(how, tuple) and isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    yield from ((f"{name}.{i}.{p}", v, h) for p, v, h in texts(how[1], item))
                else:
                    yield f"{name}.{i}", item, how[1]
        elif isinstance(value, str):
            yield name, value, how


def assert_clean(model: type[BaseModel], record: dict[str, Any]) -> None:
    """Every text field of a stored record of `model` holds only what its rule allows."""
    for path, value, how in texts(text_plan(model), record):
        unsafe = unsafe_in_line(value) if how is clean_line else unsafe_in_text(value)
        assert unsafe == [], (model.__name__, path, value)
