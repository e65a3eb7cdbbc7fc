"""The lock file beside the data file ('.<name>.lock'): opened so that no name someone else
put there can make partner-tui write into a file it did not mean to.

In a shared folder anyone may create that name first: as a link to another of your files,
a folder, a named pipe, a device, a second name (hard link) of another file, or a plain
file of their own. So the lock file is
- created new (O_EXCL: never through a link, never over anything), or opened as it is
  without following a link (O_NOFOLLOW on POSIX), and what was opened must be the very
  plain, single-named file that was looked at (lstat before, fstat after: on Windows, which
  has no O_NOFOLLOW, this is what catches a link or a swap);
- refused otherwise, with a message that names it;
- never truncated, and written only when this call created it or it holds nothing but a
  holder's note ("pid 123 on host") that a partner-tui wrote: anything else is locked as it
  is and left byte for byte.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from pathlib import Path

from partner_tui.os_compat import files
from partner_tui.store.errors import DatabaseUnreadable

# The note, after an optional newline: on Windows the holder's lock makes the first byte
# unreadable to others (LockFileEx is mandatory), so the note is written after it.
_NOTE = re.compile(r"pid \d{1,10} on [A-Za-z0-9._-]{1,255}")
_NOTE_FILE = re.compile(rb"\n?(pid \d{1,10} on [A-Za-z0-9._-]{1,255})?\n?")
_NOTE_MAX = 300
UNKNOWN_HOLDER = "another process"


def lock_path(path: Path) -> Path:
    return path.parent / f".{path.name}.lock"


def our_note() -> str:
    # ASCII only: a note is shown on terminals, and only a note is ever written over.
    import socket  # (here: a reader that takes no lock, `list --json`, never imports it)

    host = re.sub(r"[^A-Za-z0-9._-]", "_", socket.gethostname()) or "_"
    return f"pid {os.getpid()} on {host}"


def open_lock_file(data: Path) -> tuple[int, bool]:
    """A read-write descriptor of `data`'s lock file, and whether this call created it.
    Raises DatabaseUnreadable (naming the lock file) when it is not a file we may use."""
    lock = lock_path(data)
    for _ in range(5):  # another partner-tui may create or remove it meanwhile: look again
        try:
            before: os.stat_result | None = os.lstat(lock)
        except FileNotFoundError:
            before = None
        except OSError as exc:
            raise _cannot(data, lock, "open", exc) from None
        try:
            if before is None:
                # O_EXCL: fails on any name there, a dangling link included (POSIX: follows
                # nothing; Windows: see _check_opened).
                flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | files.BINARY
                fd = os.open(lock, flags, 0o600)
            else:
                _refuse(data, lock, files.what_it_is(before))
                fd = os.open(lock, os.O_RDWR | files.NO_FOLLOW | files.NO_BLOCK | files.BINARY)
        except (FileExistsError, FileNotFoundError):
            continue
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.EMLINK):  # O_NOFOLLOW met a link
                _refuse(data, lock, "a symbolic link")
            raise _cannot(data, lock, "create" if before is None else "open", exc) from None
        problem = _check_opened(lock, fd, before)
        if problem is not None:
            os.close(fd)
            _refuse(data, lock, problem)
        return fd, before is None
    raise DatabaseUnreadable(data, f"its lock file {lock} keeps changing; try again")


def _check_opened(lock: Path, fd: int, before: os.stat_result | None) -> str | None:
    """What is wrong with what was opened, if anything: it must be the plain, single-named
    file that the name is now (and was when looked at). Windows has no O_NOFOLLOW, so a
    link swapped in just before the open is followed there: caught here, before anything
    is written."""
    opened = os.fstat(fd)
    try:
        now = os.lstat(lock)
    except OSError:
        return "a name that was removed while it was being opened"
    problem = files.what_it_is(now) or files.what_it_is(opened)
    if problem is None and not all(
        os.path.samestat(opened, seen) for seen in (now, before) if seen is not None
    ):
        problem = "a name that was replaced while it was being opened"
    return problem


def write_note(fd: int, created: bool) -> None:
    """Say who holds the lock, in a file this program made or that holds only a note."""
    with contextlib.suppress(OSError):  # the holder's name is a courtesy, not the lock
        if not created:
            os.lseek(fd, 0, os.SEEK_SET)
            if not _NOTE_FILE.fullmatch(os.read(fd, _NOTE_MAX + 1)):
                return  # not ours: locked as it is, never written
            os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"\n{our_note()}".encode())


def read_note(fd: int) -> str:
    """Who holds the lock, as its note says (from a descriptor of our own)."""
    for offset in (0, 1):  # Windows: the holder's first byte cannot be read
        try:
            os.lseek(fd, offset, os.SEEK_SET)
            text = os.read(fd, _NOTE_MAX).decode("utf-8", "replace").strip()
        except OSError:
            continue
        # Only a note is shown: whatever else is in a file someone put there stays unsaid.
        return text if _NOTE.fullmatch(text) else UNKNOWN_HOLDER
    return UNKNOWN_HOLDER


def _refuse(data: Path, lock: Path, problem: str | None) -> None:
    if problem is not None:
        raise DatabaseUnreadable(
            data,
            f"its lock file {lock} is {problem}, which partner-tui will not use or write "
            "through (someone else may have put it there); remove it and try again",
        )


def _cannot(data: Path, lock: Path, verb: str, exc: OSError) -> DatabaseUnreadable:
    return DatabaseUnreadable(
        data,
        f"cannot {verb} its lock file {lock} ({exc.strerror or exc}); "
        "open it read-only, or check the folder's permissions",
    )
