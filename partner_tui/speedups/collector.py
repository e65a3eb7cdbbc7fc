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
frozen then, so later collections skip it. The deal index the warm-up builds (a tuple per
deal, kept for the session) is frozen the same way.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

# From this size on a file is "big": worth a collection first and a freeze after.
FREEZE_FROM_BYTES = 2_000_000
# From this many deals their index (a tuple each, kept for the session) is worth the same:
# unfrozen, 100,000 of them made a full collection of ~160 ms on a Payouts keystroke.
FREEZE_FROM_DEALS = 10_000


@contextlib.contextmanager
def collector_paused(file_size: int) -> Iterator[None]:
    with paused_then_frozen(file_size >= FREEZE_FROM_BYTES):
        yield


def while_indexing_deals(count: int) -> contextlib.AbstractContextManager[None]:
    """The collector paused while `count` deals are indexed, and the index frozen after."""
    return paused_then_frozen(count >= FREEZE_FROM_DEALS)


# Set while a reading command runs (off_while_reading): nothing is collected meanwhile.
_off = False

Command = TypeVar("Command", bound=Callable[..., int])


def off_while_reading(command: Command) -> Command:
    """A command that reads a file, prints and ends (`list`, `due`, `show`) runs with the
    collector off: nothing it makes is a cycle worth collecting before the process
    ends, and each collection walked every object read so far (at 10,000 partners a
    third of the time `list` spent formatting its table). Reading does not collect
    first or freeze after either. Restored after (the tests run commands in-process)."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> int:
        global _off
        was_off, was_enabled = _off, gc.isenabled()
        _off = True
        gc.disable()
        try:
            return command(*args, **kwargs)
        finally:
            _off = was_off
            if was_enabled:
                gc.enable()

    return run  # type: ignore[return-value]


@contextlib.contextmanager
def paused_then_frozen(big: bool) -> Iterator[None]:
    """Paused while work makes objects that live on; for much of it, garbage collected
    first and what was made frozen after (later collections skip it)."""
    if _off:  # nothing will be collected: collecting first or freezing is waste
        yield
        return
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
