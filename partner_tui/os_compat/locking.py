"""Locking an open file so that one process at a time holds it, and the system frees it
when its holder dies (a crashed partner-tui never leaves its data file locked).

- Linux and macOS: flock on the whole file; Windows: LockFileEx on its first byte. Both
  through filelock's `lock_descriptor`, which locks a descriptor we opened ourselves (so
  the lock file is opened our way: never through a link, never truncated; see
  store/file/lock_file.py).
- Where flock is missing (a Python without the fcntl module, or a file system without
  flock, as some network shares): POSIX record locks (os.lockf), which the kernel frees
  with their process too. Record locks belong to the process, not the descriptor, so
  store/file/lock.py never opens a lock file that this process already holds (closing any
  descriptor of it would drop the lock).

On Windows LockFileEx is mandatory: while the holder has the first byte locked, nobody
else may read it, so the holder's note starts after it (store/file/lock_file.py).
"""

from __future__ import annotations

import errno
import functools
import os
import warnings
from collections.abc import Callable
from types import ModuleType

Unlock = Callable[[], None]

# flock cannot be used here at all (rather than: someone else holds it).
_NO_FLOCK = {errno.ENOSYS, errno.ENOLCK, errno.EOPNOTSUPP, getattr(errno, "ENOTSUP", -1)}
# A record lock held by another process.
_BUSY = {errno.EACCES, errno.EAGAIN}


def lock_nowait(fd: int) -> Unlock | None:
    """Lock the whole file open as `fd` without waiting: the function that unlocks it, or
    None when another holder has it. OSError when the file cannot be locked at all."""
    native = _filelock()
    try:
        if native.lock_descriptor(fd, blocking=False):
            return functools.partial(native.unlock_descriptor, fd)
        return None
    except OSError as exc:
        if exc.errno not in _NO_FLOCK or not hasattr(os, "lockf"):
            raise
    # No flock: a POSIX record lock on the whole file (offset 0, length 0 = to its end and
    # beyond). lockf counts from the current offset, hence the seek before each call.
    os.lseek(fd, 0, os.SEEK_SET)
    try:
        os.lockf(fd, os.F_TLOCK, 0)
    except OSError as exc:
        if exc.errno in _BUSY:
            return None
        raise
    return functools.partial(_record_unlock, fd)


def _record_unlock(fd: int) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    os.lockf(fd, os.F_ULOCK, 0)


@functools.cache
def _filelock() -> ModuleType:
    with warnings.catch_warnings():
        # Without fcntl, filelock warns that only its soft lock is left; we do not use that
        # lock (lock_nowait falls back to record locks), so the warning would only mislead.
        warnings.simplefilter("ignore")
        import filelock
    return filelock
