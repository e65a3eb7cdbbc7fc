"""Crash-safe file replacement: temp file in the same folder, fsync, rename, fsync folder.

A crash at any instant leaves either the old file or the new one, never a torn one:
os.replace is atomic on POSIX within one file system, and the fsyncs make sure the
new bytes and the rename both reach the disk before we say "saved".
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

TEMP_MARK = ".tmp-"


def temp_prefix(path: Path) -> str:
    return f".{path.name}{TEMP_MARK}"


def atomic_write(path: Path, data: bytes) -> None:
    folder = path.parent
    tmp = folder / f"{temp_prefix(path)}{os.getpid()}-{os.urandom(4).hex()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with contextlib.suppress(OSError):
            # Keep the permissions the user gave the file (a shared team file stays 0664).
            os.fchmod(fd, os.stat(path).st_mode & 0o7777)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    os.close(fd)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_folder(folder)


def fsync_folder(folder: Path) -> None:
    """Make the rename durable. Some file systems refuse to fsync a folder: that is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def clean_stale_temps(path: Path) -> list[Path]:
    """Remove temp files a crashed writer left behind. Only call while holding the lock."""
    removed = []
    with contextlib.suppress(OSError):
        for entry in path.parent.iterdir():
            if entry.name.startswith(temp_prefix(path)):
                with contextlib.suppress(OSError):
                    entry.unlink()
                    removed.append(entry)
    return removed
