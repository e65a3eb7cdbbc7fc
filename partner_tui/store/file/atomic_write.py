"""Crash-safe file replacement: temp file in the same folder, flush, rename, flush the folder.

A crash at any instant leaves either the old file or the new one, never a torn one: the
rename is atomic within one file system, and the flushes make sure the new bytes and the
rename both reach the disk before we say "saved". Where each system differs (Windows'
refusal to replace an open file, no folder fsync there, macOS's full flush, mode bits) is
os_compat/files.py.

Nothing here writes through a name someone else put beside the file: the temp file is a
new name made with O_EXCL (which follows no link and opens nothing that exists), and the
rename replaces whatever the target name was (a link is replaced, not followed).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from partner_tui.os_compat import files

TEMP_MARK = ".tmp-"
PRIVATE = 0o600
# Pieces of a file (file/serialize.py) are written this many at a time, joined: a slice
# of ~1 MB, never a copy of the whole file.
PIECES_PER_WRITE = 2048

# What a write takes: the bytes, or the file's pieces in order (written one slice at a
# time). A piece may be an int: a stretch of the source file (file/serialize.py stretch()),
# copied from it by the kernel.
Content = bytes | Sequence[bytes | int]
STRETCH_BITS = 32


def temp_prefix(path: Path) -> str:
    return f".{path.name}{TEMP_MARK}"


def atomic_write(
    path: Path, data: Content, *, mode: int = PRIVATE, source: int | None = None
) -> None:
    """Replace `path` with a file holding `data` (bytes, or pieces that make them). mode: its permissions, set on the new
    file through its descriptor whatever the umask: by default 0600, never the mode of the
    file it replaces (someone who swapped a 0666 file in, in a folder they can write to,
    must not make the data readable to all). Exports and a repository's files pass theirs.
    source: a file descriptor open on the file the int pieces are stretches of."""
    tmp = path.parent / f"{temp_prefix(path)}{os.getpid()}-{os.urandom(4).hex()}"
    _create(tmp, data, mode, source)
    _rename(tmp, path)


@contextlib.contextmanager
def atomic_stream(path: Path, *, mode: int = PRIVATE) -> Iterator[BinaryIO]:
    """atomic_write for what is written bit by bit (a long list of bad rows): a stream to a
    new temp file beside `path`, renamed over it once the block ends; nothing of it is
    left if the block raises."""
    tmp = path.parent / f"{temp_prefix(path)}{os.getpid()}-{os.urandom(4).hex()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | files.BINARY, PRIVATE)
    stream = os.fdopen(fd, "wb")
    try:
        files.set_mode(fd, mode)
        yield stream
        stream.flush()
        files.flush_to_disk(fd)
    except BaseException:
        # Closing flushes what is still buffered, which fails again on a full disk: the
        # temp file goes all the same.
        with contextlib.suppress(OSError):
            stream.close()
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    stream.close()
    _rename(tmp, path)


def write_new(path: Path, data: Content, *, mode: int = PRIVATE) -> None:
    """Create `path` holding `data`, durably. FileExistsError when the name is taken by
    anything at all, a link included (never followed)."""
    _create(path, data, mode)
    files.fsync_folder(path.parent)


def _create(path: Path, data: Content, mode: int, source: int | None = None) -> None:
    """A new file (O_EXCL) holding `data` on disk; nothing is left of it if that fails."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | files.BINARY, PRIVATE)
    try:
        files.set_mode(fd, mode)
        if isinstance(data, bytes | bytearray | memoryview):
            _write_all(fd, data)
        else:
            _write_pieces(fd, data, source)
        files.flush_to_disk(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    os.close(fd)


def _write_pieces(fd: int, pieces: Sequence[bytes | int], source: int | None) -> None:
    """Bytes joined a slice at a time; a stretch copied from `source`."""
    batch: list[bytes] = []
    for piece in pieces:
        if isinstance(piece, int):
            if batch:
                _write_all(fd, b"".join(batch))
                batch = []
            if source is None:
                raise OSError("a piece of the file names a source file, and none is open")
            _copy_range(source, fd, piece >> STRETCH_BITS, piece & ((1 << STRETCH_BITS) - 1))
            continue
        batch.append(piece)
        if len(batch) >= PIECES_PER_WRITE:
            _write_all(fd, b"".join(batch))
            batch = []
    if batch:
        _write_all(fd, b"".join(batch))


def _copy_range(source: int, fd: int, offset: int, length: int) -> None:
    """source's bytes [offset, offset + length) appended to fd: by the kernel where it can
    (copy_file_range: no copy through this process), else read and written in slices."""
    copy = getattr(os, "copy_file_range", None)
    while length > 0:
        done = 0
        if copy is not None:
            try:
                done = copy(source, fd, length, offset)
            except OSError:
                copy = None  # (another file system, an old kernel): read and write instead
                continue
        else:
            chunk = os.pread(source, min(length, 1 << 20), offset)
            if chunk:
                _write_all(fd, chunk)
            done = len(chunk)
        if done <= 0:
            raise OSError("the source file ended before a piece of it")
        offset += done
        length -= done


def _write_all(fd: int, data: bytes | bytearray | memoryview) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _rename(tmp: Path, path: Path) -> None:
    try:
        files.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    files.fsync_folder(path.parent)


def preserve(source: Path, target: Path) -> None:
    """Make `target` a durable copy of `source` as it is now, replacing any old target.

    A hard link costs no I/O however large the file is: safe for the data file, because
    every write replaces it with a new file (atomic_write) and never changes the old one
    in place, so the linked content stays as it was. Where links are not supported (FAT
    and exFAT drives, some network shares), the bytes are copied.
    """
    tmp = target.parent / f"{temp_prefix(target)}{os.getpid()}-{os.urandom(4).hex()}"
    try:
        os.link(source, tmp)
    except OSError:
        atomic_write(target, source.read_bytes())
        return
    # The backup shares the old file's mode: 0600 like everything written (an older version
    # kept a file's 0664). Only the old file changes, and the data file is replaced next.
    with contextlib.suppress(OSError, NotImplementedError):  # not ours, or no modes (FAT)
        os.chmod(tmp, PRIVATE)  # (a name this call just made: no link)
    _rename(tmp, target)


def clean_stale_temps(path: Path) -> list[Path]:
    """Remove temp files a crashed writer left behind. Only call while holding the lock."""
    removed = []
    with contextlib.suppress(OSError):
        for entry in path.parent.iterdir():
            if entry.name.startswith(temp_prefix(path)):
                with contextlib.suppress(OSError):  # Windows: one another program has open
                    entry.unlink()
                    removed.append(entry)
    return removed
