"""Reading a big file without Python's cycle collector getting in the way.

Reading 10,000 partners makes about a million container objects (dicts, lists). Each
time enough new ones pile up the collector walks them all, and while a big file is read
that happened several times: 40-160 ms of a 110 ms read. None of it is garbage (JSON
has no cycles), so the collector is paused while a file is read, and for a big file the
result is then frozen (gc.freeze): later collections skip it instead of walking a
million objects at some random keystroke. Records replaced later are still freed by
reference counting; only cycles among frozen objects would never be collected, and
parsed JSON has none. Garbage already waiting is collected first, so none is frozen.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

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
