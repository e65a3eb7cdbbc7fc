"""Where the speedups plug into a store.

The store never imports partner_tui.speedups (an import-linter contract holds this):
whoever opens a store (the command line, the app's session) passes the speedups in as
StoreHooks, and partner_tui.speedups.store_speedups() makes them. Every default here does
nothing, and a store opened with the defaults is fully correct and safe, only slower:
every record is validated, nothing is remembered for the next start, nothing is warmed.

A hook can only ever save time. The store still decides what is safe: every record a
hook does not vouch for is validated before the first write, and a hook that fails is
ignored (the store then does the slow thing).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

# The store the hooks are given (PartnerStore): a type parameter, so this module needs no
# import of the store that imports it.
StoreT = TypeVar("StoreT")

# (key, stored record) of the partner records read from a file (the key is its id).
Record = tuple[str, dict[str, Any]]
Records = Sequence[Record]
# The file's bytes, or its bytes in chunks (read when iterated), or None: unknown.
FileContent = bytes | Iterable[bytes] | None


def plain_read(file: Path) -> AbstractContextManager[object]:
    return contextlib.nullcontext()


def every_record(file: Path, records: Records, content: FileContent) -> Iterable[Record]:
    """Without a memory of what was valid before, every record is to be validated."""
    return records


def no_pause() -> None:
    return None


def nothing_to_do(store: object) -> None:
    return None


@dataclass(frozen=True)
class StoreHooks(Generic[StoreT]):
    """The store's hook points, each a plain callable."""

    # Wraps reading and parsing the data file (`file`): e.g. keep the cycle collector out
    # of a read that makes a million objects and no garbage.
    reading: Callable[[Path], AbstractContextManager[object]] = plain_read
    # The partner records of `file` that are not known to be valid, out of `records`,
    # read from the file's bytes `content` (None when unknown; an iterable of bytes: the
    # file's bytes in chunks, read again when iterated, OSError if the file changed). The
    # store validates every record this yields; it may leave out only a record whose
    # exact content passed validation before. Once the store has drawn the last one, all
    # of them passed.
    not_known_valid: Callable[[Path, Records, FileContent], Iterable[Record]] = every_record
    # Called between slices of work in the store's background thread (the record check,
    # the after-open work): the app makes it wait while the screen answers a key, since
    # with one interpreter lock that work would otherwise halve the speed of a repaint.
    pause: Callable[[], None] = no_pause
    # Run in the background thread once the records read at open have passed their check
    # (stores opened with verify_in_background, i.e. the app): e.g. warming caches.
    after_open: Callable[[StoreT], None] = nothing_to_do
    # Run when the store closes, after its last save: e.g. keep what makes the next
    # start fast. The store may be unsaved or unchecked then; ask it (matches_disk,
    # records_checked) before keeping anything that describes it.
    closing: Callable[[StoreT], None] = nothing_to_do


NO_SPEEDUPS: StoreHooks[Any] = StoreHooks()
