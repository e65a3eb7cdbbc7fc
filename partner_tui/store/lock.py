"""One writer per data file: an advisory flock on a sidecar '.<name>.lock' file.

The kernel drops a flock when its process dies, so a crashed app never leaves the
file locked forever.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
from pathlib import Path

from partner_tui.store.errors import DatabaseLocked, DatabaseUnreadable


def data_file(path: Path) -> Path:
    """Where the data really lives. A symlinked data file (kept in a synced or dotfiles
    folder) is locked and written there: replacing the link itself would fork the data."""
    return path.resolve() if path.is_symlink() else path


def lock_path(path: Path) -> Path:
    return path.parent / f".{path.name}.lock"


class WriterLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        lp = lock_path(self.path)
        try:
            fd = os.open(lp, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise DatabaseUnreadable(
                self.path,
                f"cannot create its lock file {lp} ({exc.strerror or exc}); "
                "open it read-only, or check the folder's permissions",
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise DatabaseLocked(self.path, holder) from None
        except BaseException:
            os.close(fd)
            raise
        with contextlib.suppress(OSError):  # the holder's name is a courtesy, not the lock
            os.ftruncate(fd, 0)
            os.write(fd, f"pid {os.getpid()} on {socket.gethostname()}".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


def _read_holder(fd: int) -> str:
    with contextlib.suppress(OSError):
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
        if text:
            return text
    return "another process"
