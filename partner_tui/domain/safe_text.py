"""Text from others (CSV files, CRMs, teammates' commits) made safe for a terminal.

A company name can carry an escape sequence: printed raw by an export to standard output
it would run in the user's terminal (OSC 52 replaces the clipboard, others retitle the
window or hide text). Bidirectional overrides make a name read differently from what it
is. `for_terminal` is the last line of defence for anything printed: whatever is left that
a terminal would act on is shown as a visible escape instead.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, and C1 controls (a terminal reads U+009B as CSI).
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str, *, multiline: bool = True) -> str:
    """`text` with every character a terminal would act on shown as an escape (`\\x1b`).
    Tab and newline stay when `multiline` (a report, a CSV), else they are escaped too."""
    if not multiline:
        text = text.replace("\t", "\\t").replace("\n", "\\n")
    text = _UNPRINTABLE.sub(_escaped, text)
    return _BIDI.sub(_escaped, text)
