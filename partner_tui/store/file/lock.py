"""One writer per data file: a lock on a sidecar file beside it, '.<name>.lock'.

The system frees the lock when its holder dies, on every platform (os_compat/locking.py),
so a crashed app never leaves the file locked forever. The lock file is never followed
through a link, never truncated, and written only when it is partner-tui's own
(file/lock_file.py). A second writer is told who holds it: "pid 123 on host".

Two ways to hold it:

    lock.acquire()                    # for a whole session: refused at once if taken
    ...
    lock.release()

    with lock.hold(timeout=5):        # for one write: lock, read the disk, merge, write
        ...                           # waits up to 5 s for another writer, then says who

acquire(timeout=...) waits too. Within one process, one WriterLock per lock file holds it
at a time (another one is refused as another process is), and hold() from two threads of
the same WriterLock takes turns.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from partner_tui.os_compat import locking
from partner_tui.os_compat.plain_files import other_owner
from partner_tui.store.errors import DatabaseLocked, DatabaseUnreadable
from partner_tui.store.file.lock_file import (
    lock_path,
    open_lock_file,
    our_note,
    read_note,
    write_note,
)

__all__ = ["SHORT_HOLD_WAIT", "WriterLock", "data_file", "lock_path"]

# How long hold() waits for another writer's write by default (seconds). A write of 10,000
# partners takes about 0.1 s; a holder that keeps the file longer is a session-long one.
SHORT_HOLD_WAIT = 5.0
_FIRST_PAUSE = 0.005
_LONGEST_PAUSE = 0.1

# The lock files this process holds, each by one WriterLock. Checked before a lock file is
# even opened: where the system's lock belongs to the process (POSIX record locks), a
# second descriptor of it, once closed, would free the first holder's lock.
_held: dict[str, WriterLock] = {}
_held_guard = threading.Lock()


def data_file(path: Path) -> Path:
    """Where the data really lives. A symlinked data file (kept in a synced or dotfiles
    folder) is locked and written there: replacing the link itself would fork the data."""
    return path.resolve() if path.is_symlink() else path


class WriterLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._unlock: locking.Unlock | None = None
        self._key = ""
        self._state = threading.Lock()  # guards _fd and _unlock
        self._turn = threading.RLock()  # hold() from several threads: one at a time

    @property
    def lock_file(self) -> Path:
        return lock_path(self.path)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, timeout: float = 0.0) -> None:
        """Take the lock, waiting up to `timeout` seconds for its holder (0: refused at
        once, as a second app or command is). Taking it again while held does nothing.

        Raises DatabaseLocked naming the holder, or DatabaseUnreadable when the lock file
        cannot be used (a link, a folder, a pipe or a device put in its place)."""
        deadline = time.monotonic() + max(timeout, 0.0)
        pause = _FIRST_PAUSE
        while True:
            holder = self._try_acquire()
            if holder is None:
                return
            left = deadline - time.monotonic()
            if left <= 0:
                raise DatabaseLocked(self.path, holder)
            time.sleep(min(pause, left))
            pause = min(pause * 2, _LONGEST_PAUSE)

    def release(self) -> None:
        with self._state, _held_guard:
            if self._fd is None:
                return
            fd, unlock = self._fd, self._unlock
            self._fd = self._unlock = None
            try:
                if unlock is not None:
                    with contextlib.suppress(OSError):
                        unlock()
            finally:
                os.close(fd)
                _held.pop(self._key, None)

    @contextlib.contextmanager
    def hold(self, timeout: float = SHORT_HOLD_WAIT) -> Iterator[None]:
        """Hold the lock for a block (one write), waiting up to `timeout` seconds for it.
        Inside a session-long hold (or another hold) it is already ours: nothing is taken,
        and nothing released after."""
        deadline = time.monotonic() + max(timeout, 0.0)
        if not self._turn.acquire(timeout=max(timeout, 0.0)):
            raise DatabaseLocked(self.path, our_note())  # another thread's write, here
        try:
            took = not self.held
            if took:
                self.acquire(max(deadline - time.monotonic(), 0.0))
            try:
                yield
            finally:
                if took:
                    self.release()
        finally:
            self._turn.release()

    def _try_acquire(self) -> str | None:
        """One try: None once held, else who holds it."""
        with self._state, _held_guard:
            if self._fd is not None:
                return None
            key = os.path.join(os.path.realpath(self.path.parent), self.lock_file.name)
            if key in _held:
                return our_note()  # another WriterLock of this very process
            fd, created = open_lock_file(self.path)
            try:
                unlock = locking.lock_nowait(fd)
            except OSError as exc:
                os.close(fd)
                raise DatabaseUnreadable(
                    self.path,
                    f"cannot lock its lock file {self.lock_file} ({exc.strerror or exc})",
                ) from None
            except BaseException:
                os.close(fd)
                raise
            if unlock is None:
                holder = read_note(fd)
                os.close(fd)
                owner = other_owner(self.lock_file)
                if owner is not None:  # its note is theirs to write: say whose file it is
                    holder += f", says the lock file {self.lock_file}, which belongs to {owner}"
                return holder
            write_note(fd, created)
            self._fd, self._unlock, self._key = fd, unlock, key
            _held[key] = self
            return None
