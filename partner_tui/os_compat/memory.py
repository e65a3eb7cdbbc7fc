"""Memory the program freed, handed back to the system (Linux's glibc only).

Python hands what it frees to the C library's allocator, which keeps it for reuse and
gives the system back only the free end of its heap; glibc's malloc_trim(0) gives every
free page back, from the whole heap. macOS's and Windows' allocators hand back on their
own and have no such call; musl (Alpine) has none either. Where it cannot be reached this
does nothing: only memory is at stake.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable

from partner_tui import os_compat


def trim_heap() -> None:
    """Give every free page of the C heap back to the system, where the system can."""
    trim = malloc_trim()
    if trim is not None:
        with contextlib.suppress(Exception):
            trim(0)


@functools.cache
def malloc_trim() -> Callable[[int], int] | None:
    if not os_compat.LINUX:
        return None
    try:
        import ctypes  # (imported here: only a big store's app ever needs it)

        return ctypes.CDLL(None).malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
