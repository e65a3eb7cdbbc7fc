"""Files on every system: opening, replacing, flushing, permissions, and what a name is.

Each function hides one difference between Linux, macOS and Windows, and says which
system needs its branch and why. None of them imports a POSIX-only module at module level.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Sequence
from pathlib import Path

from partner_tui import os_compat

# Windows: os.open makes a text-mode descriptor unless asked for binary, and os.write then
# turns every "\n" into "\r\n" (in the data file, an export, the lock note). 0 elsewhere.
BINARY = getattr(os, "O_BINARY", 0)
# POSIX: open the name itself and fail on a symbolic link instead of following it. Windows
# has no such flag; callers compare what they looked at (lstat) with what they opened (fstat).
NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
# POSIX: opening a named pipe must not wait for a writer at its other end. (No pipes on
# Windows file systems.)
NO_BLOCK = getattr(os, "O_NONBLOCK", 0)

# Windows refuses to replace a file that another program has open (a virus scanner looking
# at the new file, a sync tool, an editor, another partner-tui reading it): retried this long.
REPLACE_PATIENCE = 2.0


class FileInUse(PermissionError):
    """Windows kept refusing to replace a file another program has open."""


def replace(source: Path, target: Path) -> None:
    """Rename `source` over `target` in one step (the atomic write's last move)."""
    if not os_compat.WINDOWS:
        os.replace(source, target)  # POSIX: atomic, even over a file others have open
        return
    # Windows: MoveFileEx fails with WinError 5 or 32 while another program holds the target
    # (or the new file) open without sharing deletion, as most programs open files. Those
    # holds are short: try again until REPLACE_PATIENCE is spent.
    deadline = time.monotonic() + REPLACE_PATIENCE
    pause = 0.01
    while True:
        try:
            os.replace(source, target)
            return
        except PermissionError as exc:
            if time.monotonic() >= deadline:
                raise FileInUse(
                    exc.errno or errno.EACCES,
                    "another program has the file open (an editor, a sync tool or a virus "
                    f"scanner?); tried for {REPLACE_PATIENCE:g} s",
                    str(target),
                ) from exc
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


def flush_to_disk(fd: int) -> None:
    """Make what was written to `fd` reach the disk before the caller says "saved"."""
    if os_compat.MACOS:
        # macOS: fsync hands the bytes to the drive, which may keep them in its cache across
        # a power cut; F_FULLFSYNC asks the drive to store them (SQLite does the same).
        try:
            import fcntl

            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
        except (ImportError, AttributeError, OSError):
            pass  # a file system without it (some network shares): fsync is what is left
    os.fsync(fd)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable.

    Windows cannot open a folder as a file (NTFS journals the rename itself), so it is not
    tried there; some POSIX file systems refuse to fsync a folder: that is fine too.
    """
    if os_compat.WINDOWS:
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def set_mode(fd: int, mode: int) -> None:
    """Give the file open as `fd` these permissions (through the descriptor, never a name
    someone could swap). POSIX only: Windows has no mode bits, only a read-only flag that
    a new file never needs, and Python before 3.13 has no os.fchmod there."""
    if os_compat.WINDOWS or not hasattr(os, "fchmod"):
        return
    with contextlib.suppress(OSError):  # a file system without modes (FAT on a stick)
        os.fchmod(fd, mode)


def new_file_mode() -> int:
    """The permissions the person's umask gives a new file (0o644 for umask 022)."""
    if os_compat.WINDOWS:
        return 0o666  # no umask that means anything there
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def open_to_others(folder: Path) -> bool:
    """Whether users other than the folder's owner may add, rename and remove names in it:
    group- or world-writable without the sticky bit. (With the sticky bit, as on /tmp, only
    a name's owner may remove or replace it.) A group that is the owner's own private group
    (one user, as Debian and Ubuntu give everyone) is not others.

    Windows: folders have access lists, not mode bits: not checked there (README says so).
    """
    if os_compat.WINDOWS:
        return False
    try:
        st = os.stat(folder)
    except OSError:
        return False
    if st.st_mode & stat.S_ISVTX:
        return False
    if st.st_mode & stat.S_IWOTH:
        return True
    return bool(st.st_mode & stat.S_IWGRP) and not _private_group(st)


def _private_group(st: os.stat_result) -> bool:
    try:
        import grp
        import pwd

        group = grp.getgrgid(st.st_gid)
        owner = pwd.getpwuid(st.st_uid)
    except (ImportError, KeyError, OSError):
        return False
    return group.gr_name == owner.pw_name and set(group.gr_mem) <= {owner.pw_name}


def what_it_is(st: os.stat_result) -> str | None:
    """What a name is, when it is not a plain file with one name (None when it is)."""
    mode = st.st_mode
    # Windows: a junction or another reparse point is a link too.
    if stat.S_ISLNK(mode) or getattr(st, "st_file_attributes", 0) & (
        stat.FILE_ATTRIBUTE_REPARSE_POINT
    ):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    if st.st_nlink > 1:
        return f"a file with {st.st_nlink} names (hard links to one file)"
    return None


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of the regular file at `path` (its first `limit` bytes at the most): never
    of what a link there points to (POSIX; on Windows the link is followed, which only
    reads), never waiting on a named pipe or a device put there instead (OSError for those)."""
    fd = os.open(path, os.O_RDONLY | BINARY | NO_FOLLOW | NO_BLOCK)
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if limit is not None:
            return os.read(fd, limit)  # a regular file's read gives all it has up to limit
        # All of it in one read, as large as the file (a kept text is megabytes: read in
        # pieces and joined, it was copied twice); on, should it have grown meanwhile.
        chunks = [os.read(fd, status.st_size + 1)]
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(fd)


# -- commands shown to the person ----------------------------------------------------------
def quote_arg(text: str) -> str:
    """One argument as the person's shell reads it: double quotes for cmd.exe and
    PowerShell (Windows), single quotes for POSIX shells."""
    if os_compat.WINDOWS:
        import subprocess

        return subprocess.list2cmdline([text])
    import shlex

    return shlex.quote(text)


def shell_join(args: Sequence[str]) -> str:
    """A command line for the system's shell (textual-serve runs each tab's app through it)."""
    return " ".join(quote_arg(arg) for arg in args)


def copy_command(source: Path, target: Path) -> str:
    """The command that copies one file over another, in the person's shell."""
    verb = "copy" if os_compat.WINDOWS else "cp"  # `copy` works in cmd.exe and PowerShell
    return f"{verb} {quote_arg(str(source))} {quote_arg(str(target))}"
