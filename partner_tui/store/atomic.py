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


def preserve(source: Path, target: Path) -> None:
    """Make `target` a durable copy of `source` as it is now, replacing any old target.

    A hard link costs no I/O however large the file is: safe for the data file, because
    every write replaces it with a new file (atomic_write) and never changes the old one
    in place, so the linked content stays as it was. Where links are not supported, the
    bytes are copied.
    """
    tmp = target.parent / f"{temp_prefix(target)}{os.getpid()}-{os.urandom(4).hex()}"
    try:
        os.link(source, tmp)
    except OSError:
        atomic_write(target, source.read_bytes())
        return
    try:
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_folder(target.parent)


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
