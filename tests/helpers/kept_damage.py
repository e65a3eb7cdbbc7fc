"""Damage done to a kept text file (speedups/kept_text_file.py's layout) by the tests
that hold a kept report to be read as nothing kept: its bytes garbled, its key or an
index value changed, or a link or a pipe put in its place."""

from __future__ import annotations

import os
from pathlib import Path

# Each damage and the bytes it changes: the first occurrence of the one by the other.
REPLACED = {
    "another program": (b'{"key":"', b'{"key":"x'),
    "another file": (b'"file":"', b'"file":"0'),
    "another day": (b'"day":"', b'"day":"1'),
    "another month": (b'"month":"', b'"month":"1'),
    "cut short": (b'"length":', b'"length":1'),  # the index says more text than there is
}


def damaged(kept: Path, damage: str, tmp_path: Path) -> bool:
    """`kept` damaged as `damage` says (garbage, a REPLACED one, link, pipe); False for a
    damage this does not know (the test's own)."""
    content = kept.read_bytes()
    if damage == "garbage":
        kept.write_bytes(b"\x00" * len(content))
    elif damage in REPLACED:
        kept.write_bytes(content.replace(*REPLACED[damage], 1))
    elif damage == "link":
        elsewhere = tmp_path / "elsewhere.json"
        elsewhere.write_bytes(content)
        kept.unlink()
        kept.symlink_to(elsewhere)
    elif damage == "pipe":
        kept.unlink()
        os.mkfifo(kept)
    else:
        return False
    return True
