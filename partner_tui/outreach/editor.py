"""The draft in the person's own editor ($VISUAL, else $EDITOR, else nano or vi): written
to a private temporary file, edited, read back, the file removed.

No Textual here: the screen passes `run`, which suspends the app around the editor.
"""

from __future__ import annotations

import os
import shlex
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from partner_tui.os_compat.plain_files import scratch_file

FALLBACK_EDITORS = ("nano", "vi")


def editor_command(environ: Mapping[str, str] | None = None) -> list[str] | None:
    """The editor to run, as git chooses it: $VISUAL, $EDITOR (which may carry options,
    `code --wait`), else the first of nano or vi found; None when there is none."""
    env = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError:
                words = [value]
            if words:
                return words
    for fallback in FALLBACK_EDITORS:
        found = shutil.which(fallback)
        if found:
            return [found]
    return None


@dataclass(frozen=True)
class Edited:
    """What came back: the saved text, or why there is none."""

    text: str | None
    problem: str = ""


def edit_text(text: str, command: list[str], run: Callable[[list[str]], int]) -> Edited:
    """Let the person edit `text` with `command`; `run` runs it and returns its exit code."""
    path = scratch_file("partner-tui-outreach-", ".txt", (text + "\n").encode("utf-8"))
    try:
        try:
            code = run([*command, str(path)])
        except OSError as exc:
            return Edited(None, f"could not start {command[0]!r}: {exc.strerror or exc}")
        if code != 0:
            # vim's :cq, an editor that failed: the person said no.
            return Edited(None, f"{Path(command[0]).name} exited with status {code}")
        edited = path.read_text(encoding="utf-8", errors="replace").rstrip("\n")
    finally:
        path.unlink(missing_ok=True)
    if not edited.strip():
        return Edited(None, "the draft was left empty")
    return Edited(edited)
