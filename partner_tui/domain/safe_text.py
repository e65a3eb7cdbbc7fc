"""Text from others (CSV files, CRMs, teammates' commits) made safe for a terminal.

A company name can carry an escape sequence: printed raw by an export to standard output
it would run in the user's terminal (OSC 52 replaces the clipboard, others retitle the
window or hide text). Bidirectional overrides make a name read differently from what it
is. Two rules, one for what is kept and one for what is printed:

- `clean_line` and `clean_text` say what a stored text field may hold; every text field
  of every model applies one of them (domain/text_fields.py), whatever its way in.
  C0 and C1 controls and DEL are removed (only the visible rest of an escape sequence
  stays, so a reader can see something was there). A single line also loses its
  bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), and
  each tab or line break becomes a space, so words stay apart. A multi-line text keeps
  tab and newline, and its carriage returns become newlines (a lone CR would move the
  cursor back over the line it ends); it keeps its bidirectional controls, which prose
  in Arabic or Hebrew may need (printed, they show as escapes). Left-to-right and
  right-to-left marks (U+200E, U+200F, U+061C) stay everywhere: they only set the
  direction of the characters around them, cannot reverse a run of text, and
  right-to-left names need them.
- `for_terminal` is the last line of defence for anything printed: whatever a terminal
  would act on is shown as a visible escape (`\\x1b`) instead. `json_for_terminal` does
  the same for JSON text, with JSON's own escapes, so the JSON means the same.

No pydantic here: the board's first paint cleans what it draws with these.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, and C1 controls (a terminal reads U+009B as CSI):
# what a multi-line text may not hold (its CRs become newlines first), and what is escaped
# when printed.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# What a single line may not hold: every control (tab and newline too) and bidi controls.
_NOT_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAK = re.compile(r"\r\n?|[\n\t]")
# What JSON text may not carry to a terminal raw; C0 controls are always escaped in JSON.
_JSON_RAW = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


# What clean ASCII text consists of: printable ASCII, and in a multi-line text also tab
# and newline. Deleting these bytes leaves exactly the controls; that C loop over bytes
# runs about three times as fast as str.isprintable()'s Unicode lookups, which counts for
# the notes of every record a file holds.
_LINE_ASCII = bytes(range(0x20, 0x7F))
_TEXT_ASCII = _LINE_ASCII + b"\t\n"


# Below this length str.isprintable() checks ASCII text quicker than the byte loop.
SHORT = 100


def _ascii_within(text: str, allowed: bytes) -> bool:
    return not text.encode("ascii").translate(None, allowed)


def plain_line(text: str) -> bool:
    """Whether `text` is printable ASCII only: then clean_line and for_terminal (one
    line) both return it as it is. Many values joined are checked at once (`list` joins
    every value it prints: one check instead of 30,000)."""
    return text.isascii() and _ascii_within(text, _LINE_ASCII)


def clean_line(text: str) -> str:
    """A single-line field as stored: controls and bidi controls removed, tabs and line
    breaks turned into spaces. Clean text is returned as it is (the same object)."""
    if text.isascii():
        # (ASCII printable is exactly _LINE_ASCII.) A short field, as most are (a name, an
        # address: `due` and `list` read four a partner), is checked quicker by
        # str.isprintable; a long one by the byte loop (above).
        if text.isprintable() if len(text) < SHORT else _ascii_within(text, _LINE_ASCII):
            return text
    elif text.isprintable() or _NOT_IN_LINE.search(text) is None:
        return text
    return _NOT_IN_LINE.sub("", _LINE_BREAK.sub(" ", text))


def clean_text(text: str) -> str:
    """A multi-line field as stored: tab and newline kept, CR and CRLF made newlines,
    every other control removed. Clean text is returned as it is (the same object)."""
    if text.isascii():
        if _ascii_within(text, _TEXT_ASCII):
            return text
    elif "\r" not in text and (text.isprintable() or _UNPRINTABLE.search(text) is None):
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNPRINTABLE.sub("", text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str, *, multiline: bool = True) -> str:
    """`text` with every character a terminal would act on shown as an escape (`\\x1b`).
    Tab and newline stay when `multiline` (a report, a CSV), else they are escaped too."""
    if text.isascii() and _ascii_within(text, _TEXT_ASCII if multiline else _LINE_ASCII):
        return text  # nothing to escape: the common case, 30,000 times in `list`
    if not multiline:
        text = text.replace("\t", "\\t").replace("\n", "\\n")
    text = _UNPRINTABLE.sub(_escaped, text)
    return _BIDI.sub(_escaped, text)


def json_for_terminal(text: str) -> str:
    """JSON text whose strings hold DEL, C1 or bidi controls, with those written as JSON
    escapes (`\\u009b`): what a terminal receives is inert and the JSON means the same.
    (JSON escapes C0 controls already; these can only occur inside strings.)"""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# Characters that draw nothing, or reorder what is drawn, so two texts that differ only in
# them look the same on screen ("Acme" and "Acme\u200b" Ltd): bidi controls and marks,
# zero-width spaces and joiners, the word joiner and invisible operators, the byte order
# mark, soft hyphen, combining grapheme joiner, Hangul and Mongolian fillers, line and
# paragraph separators. Variation selectors stay: emoji need them and they change no order.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]"
)

_UNPRINTABLE_OR_INVISIBLE = re.compile(f"{_UNPRINTABLE.pattern}|{_INVISIBLE.pattern}")


def screen_escapes(text: str) -> list[tuple[int, str]]:
    """Each character `for_screen` shows as an escape: (its index in `text`, the escape)."""
    if text.isascii() and _ascii_within(text, _TEXT_ASCII):
        return []
    return [(m.start(), _escaped(m)) for m in _UNPRINTABLE_OR_INVISIBLE.finditer(text)]


def for_screen(text: str) -> str:
    """`text` as a screen shows it: tab and newline kept, every control and every
    character that draws nothing or reorders the text shown as an escape (`\\u200b`), so
    what looks the same is the same. Stored text keeps them (prose in Arabic or Hebrew,
    a joined emoji); only what is shown changes."""
    if text.isascii() and _ascii_within(text, _TEXT_ASCII):
        return text
    return _UNPRINTABLE_OR_INVISIBLE.sub(_escaped, text)
