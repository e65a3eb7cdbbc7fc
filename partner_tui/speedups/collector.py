"""Python's cycle collector, kept out of the way of work that makes objects, not garbage.

This is the one place the collector is paused or frozen (the command line, the app and
the store all come here).

Reading 10,000 partners makes about a million container objects (dicts, lists). Each
time enough new ones pile up the collector walks them all, and while a big file is read
that happened several times: 40-160 ms of a 110 ms read. None of it is garbage (JSON
has no cycles), so the collector is paused while a file is read, and for a big file the
result is then frozen (gc.freeze): later collections skip it instead of walking a
million objects at some random keystroke. Records replaced later are still freed by
reference counting; only cycles among frozen objects would never be collected, and
parsed JSON has none. Garbage already waiting is collected first, so none is frozen.

The app's start is the same story: it makes hundreds of thousands of objects (Textual's
modules, classes, the first screen) and almost no garbage, and the collector walked them
over and over (full collections of 8-25 ms each, before the first paint). So it is paused
from the start of the program until the board is on screen, and what the start made is
frozen then, so later collections skip it.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from pathlib import Path

# From this size on a file is "big": worth a collection first and a freeze after.
FREEZE_FROM_BYTES = 2_000_000


@contextlib.contextmanager
def collector_paused(file_size: int) -> Iterator[None]:
    big = file_size >= FREEZE_FROM_BYTES
    if big:
        gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if big:
            gc.freeze()
        if was_enabled:
            gc.enable()


def while_reading(file: Path) -> contextlib.AbstractContextManager[None]:
    """StoreHooks.reading: the collector paused while `file` is read and parsed."""
    try:
        size = file.stat().st_size
    except OSError:
        size = 0
    return collector_paused(size)


def pause_for_start() -> None:
    """From the program's start until the first paint (see resume_after_start)."""
    gc.disable()


def resume_after_start() -> None:
    """Once the first frame is on screen: freeze what the start made, collect again.
    Does nothing unless pause_for_start() paused it (tests run apps with it enabled)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
