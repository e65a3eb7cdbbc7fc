"""What the program keeps in its state folder about one data file: the one safe way in
and out for every kind of it (records known valid, the trusted stamp, the board preview,
the kept board, record spans, `list --json`'s entries, what `list` and `due` printed,
`due`'s plan and `list`'s table laid out for any day).

Each kind is one JSON file, state/<kind>/<hash of the data file's path>.json
(paths.state_file), or one per `part` of it (state/<kind>/<hash>-<part>.json: a query's
printed text is read without the others').

The state folder is the program's own, but anyone who can write there could plant a
link, a pipe or a device in place of a kept file; so every read goes only through the
state folder's own folders (check_within: a link at state/validated could vouch for an
invalid record) and only reads a regular file (read_regular: a pipe would make a start
wait for good), and every write makes the folders 0700 without following a link
(private_folder) and replaces the file whole (atomic_write: never through a link, never
half written). All of it is best effort: whatever is kept may be missing, damaged or of
another version, and then only costs time; so a failed read is None and a failed write
is dropped.

Kinds that hold one version of their content say which with a "key" (kept_under / is_kept):
the program that kept it (program_stamp), the rules and the digest of the file they
describe.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import Any

import orjson

from partner_tui import __version__
from partner_tui.os_compat.files import BINARY, NO_BLOCK, NO_FOLLOW, read_regular
from partner_tui.os_compat.plain_files import check_within, private_folder
from partner_tui.paths import state_dir, state_file
from partner_tui.store.file import schema
from partner_tui.store.file.atomic_write import atomic_stream, atomic_write

# The folders of the code whose rules make what is kept (validation, figures, what a
# command prints). Between releases (a working copy, a merge, a `git pull`) the version
# stays the same while the code changes: git replaces a changed file by a new one, which
# changes its folder's time.
_PACKAGE = Path(__file__).resolve().parent.parent
CODE_FOLDERS = [
    _PACKAGE / name
    for name in ("cli", "domain", "exchange", "speedups", "store/file", "store/parts",
                 "store/records")
]

# How much of a kept file's start is read to see which key it holds (orjson writes "key"
# first when it is the first key put in the dict: see keep).
HEAD = 200


def program_stamp() -> str:
    """Which program keeps a thing, for every kind's key: its version, its schema and
    the times of its code's folders. Whatever another program kept (another release, or
    the same release's code changed in a working copy) is read as nothing kept."""
    times = []
    for folder in CODE_FOLDERS:
        try:
            times.append(str(folder.stat().st_mtime_ns))
        except OSError:
            times.append("-")
    return f"{__version__}/{schema.SCHEMA_VERSION}/{'.'.join(times)}"


def kept_file(file: Path, kind: str, part: str | None = None) -> Path:
    """Where `kind` (its `part`) about `file` is kept: for what must be dropped or looked
    at by name (a bench's first call of a day, a test); read and write with the rest."""
    kept = state_file(file, kind)
    return kept if part is None else kept.with_name(f"{kept.stem}-{part}.json")


def _read(file: Path, kind: str, part: str | None = None, limit: int | None = None) -> bytes:
    kept = kept_file(file, kind, part)
    check_within(state_dir(), kept.parent)  # never through a link planted there
    return read_regular(kept, limit)  # never a pipe or a device


def _write(file: Path, kind: str, content: bytes | list[bytes], part: str | None = None) -> None:
    target = kept_file(file, kind, part)
    private_folder(target.parent, inside=state_dir())  # 0700, never a planted link
    atomic_write(target, content)


def read_kept(file: Path, kind: str) -> Any | None:
    """The JSON kept as `kind` about the data file `file`, or None when there is none, it
    is not a regular file reached through the state folder's own folders, or it does not
    parse."""
    try:
        return orjson.loads(_read(file, kind))
    except (OSError, orjson.JSONDecodeError):
        return None


def kept_bytes(file: Path, kind: str) -> bytes | None:
    """The bytes kept as `kind` about `file` (read as read_kept reads them), or None: for
    a caller that compares what is kept with what it would keep, unparsed."""
    try:
        return _read(file, kind)
    except OSError:
        return None


def kept_under(file: Path, kind: str, key: str) -> dict[str, Any] | None:
    """What is kept as `kind` about `file` when it was kept under `key` (a dict with
    "key": key), else None."""
    data = read_kept(file, kind)
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    return data


def is_kept(file: Path, kind: str, key: str) -> bool:
    """Whether `kind` about `file` is kept under `key` already, from the start of the kept
    file only (a kept board or spans is megabytes: not parsed to learn this)."""
    with contextlib.suppress(OSError):
        return f'"key":"{key}"'.encode() in _read(file, kind, limit=HEAD)
    return False


def keep(file: Path, kind: str, content: Any) -> None:
    """Keep `content` (JSON: put "key" first in a dict kept under a key) as `kind` about
    `file`, replacing what was kept. Best effort: what cannot be kept only costs time."""
    with contextlib.suppress(OSError, TypeError, orjson.JSONEncodeError):
        _write(file, kind, orjson.dumps(content))


def keep_encoded(file: Path, kind: str, pieces: list[bytes]) -> None:
    """Keep JSON already encoded, given as its bytes in pieces (written one after the
    other), as `kind` about `file`: for a caller that encodes a long list more leanly
    than orjson, whose output buffer for 110,000 hashes (3 MB) peaks at ~16 MB. Best
    effort, as keep."""
    with contextlib.suppress(OSError):
        _write(file, kind, pieces)


def kept_text(file: Path, kind: str, part: str, header: dict[str, Any]) -> str | None:
    """The text kept by keep_text as `part` of `kind` about `file` under exactly `header`,
    else None."""
    kept = kept_text_lines(file, kind, part, header, 0)
    try:
        return None if kept is None else kept[1].decode("utf-8")
    except UnicodeDecodeError:
        return None


def kept_text_lines(
    file: Path, kind: str, part: str, header: dict[str, Any], lines: int
) -> tuple[list[bytes], bytes] | None:
    """The text kept by keep_text as `part` of `kind` about `file` under exactly `header`,
    as bytes: its first `lines` lines and the rest, else None. For a text of megabytes
    printed as it is kept (list_cache.kept_listing): neither decoded nor copied but once."""
    try:
        content = _read(file, kind, part)
        end = content.index(b"\n")
        if orjson.loads(content[:end]) != header:
            return None
        first = []
        for _ in range(lines):
            start, end = end + 1, content.index(b"\n", end + 1)
            first.append(content[start:end])
    except (OSError, ValueError):  # (orjson.JSONDecodeError is a ValueError: no header)
        return None
    return first, content[end + 1 :]


def kept_text_start(
    file: Path, kind: str, part: str, header: dict[str, Any], limit: int
) -> bytes | None:
    """The first `limit` bytes (at the most) of the text kept by keep_text as `part` of
    `kind` about `file` under exactly `header`, else None: a long text read only as far
    as it is needed (speedups/due_plan.py)."""
    head = orjson.dumps(header) + b"\n"  # as keep_text wrote it
    try:
        content = _read(file, kind, part, len(head) + limit)
    except OSError:
        return None
    return content[len(head) :] if content.startswith(head) else None


def keep_text(file: Path, kind: str, part: str, header: dict[str, Any], text: str) -> None:
    """Keep `text` as `part` of `kind` about `file`: a line of `header` (JSON: which text
    this is), then the text as it is (megabytes of printed JSON are not escaped again into
    a JSON string). Best effort."""
    with contextlib.suppress(OSError, UnicodeEncodeError, TypeError, orjson.JSONEncodeError):
        content = text.encode("utf-8")  # a lone surrogate from the data: not kept
        _write(file, kind, orjson.dumps(header) + b"\n" + content, part)


# -- a kept file read in pieces, written as a stream -----------------------------------------------
def open_kept(file: Path, kind: str, part: str) -> int | None:
    """A descriptor open for reading on `part` of `kind` about `file` (the caller closes
    it), for a kept file of tens of megabytes read a stretch at a time (os.pread) rather
    than whole; None when there is none or it is not a regular file reached through the
    state folder's own folders. The descriptor keeps reading the file it opened even if
    another process replaces it meanwhile."""
    kept = kept_file(file, kind, part)
    try:
        check_within(state_dir(), kept.parent)  # never through a link planted there
        fd = os.open(kept, os.O_RDONLY | BINARY | NO_FOLLOW | NO_BLOCK)
    except OSError:
        return None
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):  # never a pipe or a device
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


class KeptStream:
    """A kept file written a piece at a time (as an export makes it), replacing `part` of
    `kind` about `file` only when `done()` is called and every write succeeded; else
    nothing is left of it. Best effort: a failed write drops the kept file, never the
    export that feeds it."""

    def __init__(self, file: Path, kind: str, part: str) -> None:
        self._stack = contextlib.ExitStack()
        self._stream: Any = None
        try:
            target = kept_file(file, kind, part)
            private_folder(target.parent, inside=state_dir())  # 0700, never a planted link
            self._stream = self._stack.enter_context(atomic_stream(target))
        except OSError:
            self._stream = None

    @property
    def failed(self) -> bool:
        return self._stream is None

    def write(self, piece: bytes) -> None:
        if self._stream is None:
            return
        try:
            self._stream.write(piece)
        except OSError:
            self.drop()

    def done(self) -> None:
        """Put the written file in place (atomically): whole, or not at all."""
        if self._stream is None:
            return
        self._stream = None
        with contextlib.suppress(OSError):
            self._stack.close()

    def drop(self) -> None:
        """Leave nothing of what was written."""
        if self._stream is None:
            return
        self._stream = None

        class _Dropped(Exception):
            pass

        with contextlib.suppress(_Dropped, OSError):
            self._stack.__exit__(_Dropped, _Dropped(), None)
