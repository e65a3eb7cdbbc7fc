"""The cheap check of a file known valid: its stamp, instead of hashing all its bytes.

Hashing a 22 MB file costs `list` about a third of the program's own start. The board
preview already trusts a file's size and modification time to say it has not changed;
here the stamp is stricter: size, modification and change times in nanoseconds (a
change time cannot be set back by hand, unlike `touch -d`), inode and device (every
write of this program and every `git checkout` makes a new inode). It is kept, beside
the digest it vouches for, only after the bytes read under that very stamp hashed to
the digest of a file known valid as a whole (known_valid.py): the first read after a
change still hashes, and a file that fails any of it is read through the store, which
validates it. Deleting this module, or its state file, loses only time.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from partner_tui.os_compat.files import BINARY, NO_BLOCK, NO_FOLLOW
from partner_tui.speedups.state_cache import keep, read_kept

Stamp = list[int]


def _stamp_of(st: os.stat_result) -> Stamp:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def read_stamped(path: Path) -> tuple[bytes, Stamp | None]:
    """The bytes of the regular file at `path` (never through a link, never a pipe) and
    its stamp, or None for a stamp when the file changed while it was read."""
    fd = os.open(path, os.O_RDONLY | BINARY | NO_FOLLOW | NO_BLOCK)
    try:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode):
            raise OSError(f"{path}: not a regular file")
        # One read of the whole size, not chunks joined into a second 22 MB copy.
        chunks = [os.read(fd, before.st_size + 1)]
        while chunk := os.read(fd, 1 << 20):  # a short read, or a file that grew
            chunks.append(chunk)
        after = _stamp_of(os.fstat(fd))
    finally:
        os.close(fd)
    content = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    stamp = _stamp_of(before)
    return content, stamp if stamp == after and stamp[0] == len(content) else None


def stamp_now(path: Path) -> Stamp | None:
    """The stamp of the regular file at `path` (never through a link), read without
    reading the file; None when it is not one. (What read_stamped would stamp.)"""
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return _stamp_of(st) if stat.S_ISREG(st.st_mode) else None


KIND = "trusted"  # state/trusted/


def trusted_stamp(path: Path, digest: str, stamp: Stamp) -> bool:
    """Whether `stamp` is the one kept for the file known valid with `digest`."""
    data = read_kept(path, KIND)
    return isinstance(data, dict) and data.get("file") == digest and data.get("stamp") == stamp


def remember_stamp(path: Path, digest: str, stamp: Stamp) -> None:
    """Best effort: a stamp that cannot be kept only costs a hash next time."""
    keep(path, KIND, {"file": digest, "stamp": stamp})
