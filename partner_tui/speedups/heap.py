"""Memory the program freed, handed back to the system after work that frees a lot of it.

Python hands what it frees to the C library's allocator (glibc's malloc on Linux), which
keeps it for reuse and gives the system back only the free end of its heap. Opening
10,000 partners and 100,000 deals frees tens of megabytes in between objects that live
on: the file parsed in slices (each slice's dicts packed into rows, then dropped), every
record serialized once by the warm-up to be compared with the file, then dropped. The
process then stays ~10-15 MB bigger than what it holds, and the Payouts screen and the
close grow from there: that was the app's peak memory at 100,000 deals (issue 28's goal
is 250 MB). glibc's malloc_trim(0) gives every free page back, from the whole heap (a few
milliseconds at that size, off the screen's thread).

How, and on which systems, is os_compat/memory.py's: here is only when it pays.
"""

from __future__ import annotations

from partner_tui.os_compat.memory import trim_heap

# Below this many records (partners and deals) a trim gives back too little to matter.
TRIM_FROM_RECORDS = 20_000


def give_back_freed(records: int) -> None:
    """After work that freed much of what it made, for a store of `records` records."""
    if records >= TRIM_FROM_RECORDS:
        trim_heap()
