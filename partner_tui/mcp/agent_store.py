"""The data file as the MCP server holds it: one PartnerStore for the server's life.

One store, not one per call, so that undo knows this server's own changes (and only
them: other writers' changes are merged in, never recorded). It is opened at the first
call that needs it, and brought up to date with other writers before every call, as the
app does when it sees the file change. Every write goes through the store: the file's
lock for the write alone, a merge with what others wrote meanwhile, an atomic write.

A file that cannot be read is reported by the call that needed it and left as it is;
the next call tries again (the person may have fixed it meanwhile).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from partner_tui.cli.data_file import open_existing, open_store

# StoreError through the CLI's errors module: the MCP server calls the store through
# what the command line calls.
from partner_tui.cli.errors import CommandFailed, StoreError, failure_text

if TYPE_CHECKING:
    from partner_tui.store.partner_store import PartnerStore


class ReadOnlyServer(CommandFailed):
    """A write tool called on a server started with --read-only."""


class ChangeKept(CommandFailed):
    """A change that could not be saved now (the file locked too long, a full disk): the
    store keeps it and saves it with its next write, as the app does."""


class AgentStore:
    def __init__(self, db: Path, *, read_only: bool, author: Callable[[], str | None]) -> None:
        self.db = db
        self.read_only = read_only
        self._author = author
        self._store: PartnerStore | None = None
        # The SDK runs each call in a worker thread; calls take turns, so a tool's
        # reads and its write see one state of the file.
        self._turn = threading.Lock()

    @contextmanager
    def reading(self) -> Iterator[PartnerStore]:
        """The store, up to date with the file, for a tool that only reads."""
        with self._turn:
            yield self._up_to_date(create=False)

    @contextmanager
    def writing(self, tool: str) -> Iterator[PartnerStore]:
        """The store, up to date with the file, for a tool that changes it. A missing file
        is created (as import does); with --read-only nothing is written, ever."""
        if self.read_only:
            raise ReadOnlyServer(
                f"{tool} changes the database, and this server runs with --read-only; "
                "nothing was written"
            )
        with self._turn:
            store = self._up_to_date(create=True)
            try:
                yield store
            except StoreError as exc:
                if store.matches_disk():
                    raise
                raise ChangeKept(
                    f"{failure_text(exc)} The change is kept by this server: it is saved "
                    "with its next change, or taken back by undo_last_change."
                ) from None

    def _up_to_date(self, *, create: bool) -> PartnerStore:
        if self._store is None:
            if create and not self.db.exists():
                self._store = open_store(self.db, author=self._author)
            else:
                self._store = open_existing(
                    self.db, read_only=self.read_only, author=self._author
                )
            return self._store
        # Another writer's changes (the app, a teammate, a git pull) come in first; a
        # file that has become unreadable raises here and is left alone.
        self._store.merge_from_disk()
        return self._store

    def close(self) -> None:
        with self._turn:
            if self._store is not None:
                self._store.close()
                self._store = None
