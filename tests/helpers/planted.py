"""Names someone else plants beside the data file: the file-safety tests point them at
another file of the user's and check it is left byte for byte."""

from __future__ import annotations

from pathlib import Path

# What the user's other file holds; it must still hold exactly this afterwards.
PRECIOUS = b"my important notes\nline two\n"


def make_precious(tmp_path: Path) -> Path:
    """Another file of the user's, away from the data: what a planted link points to."""
    path = tmp_path / "home" / "important.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(PRECIOUS)
    return path
