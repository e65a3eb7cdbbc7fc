"""A kept file of texts read a stretch at a time: the kept JSON export's partners
(speedups/kept_json_partners.py) and Markdown report (speedups/kept_report_month.py).

Tens of megabytes of kept text are never read whole (they would raise an export's peak
by as much): the file is a first line with its key (JSON: {"key": ...}, the program and
what else the kind keys by, and what else the kind says of the file: `head`), the texts
as written, then an index (JSON, the kind's own:
where each text is) and where the index starts, in WHERE digits. It is written as a
stream (state_cache.KeptStream: whole or not at all) and read through a descriptor
(state_cache.open_kept: never a link or a pipe), each text by os.pread. A file whose
parts do not add up is read as nothing kept.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import orjson

from partner_tui.speedups.state_cache import KeptStream, open_kept

# The index's place, written last as this many digits.
WHERE = 20
# The first line (the key and the head) is at most this long.
HEAD = 400


class KeptTextFile:
    """A kept file of texts, open: its index, and where its texts lie (`start` to
    `end`: every offset the index gives must be within them)."""

    def __init__(
        self, fd: int, index: Any, start: int, end: int, head: dict[str, Any] | None = None
    ) -> None:
        self.fd = fd
        self.index = index  # None when not asked for (of_file's `index`)
        self.start = start
        self.end = end
        self.head = head or {}  # the first line's other members than the key

    @classmethod
    def of_file(
        cls, data_file: Path, kind: str, part: str, key: str, index: bool = True
    ) -> KeptTextFile | None:
        """`part` of `kind` about `data_file` when kept under `key`, else None. `index`
        False: its index not read (a caller that needs only its head and texts)."""
        fd = open_kept(data_file, kind, part)
        if fd is None:
            return None
        try:
            kept = cls._read(fd, key, index)
        except (OSError, ValueError, TypeError, orjson.JSONDecodeError):
            kept = None
        if kept is None:
            os.close(fd)
        return kept

    @classmethod
    def _read(cls, fd: int, key: str, index: bool) -> KeptTextFile | None:
        size = os.fstat(fd).st_size
        first = os.pread(fd, HEAD, 0).partition(b"\n")[0]
        head = orjson.loads(first)
        if not isinstance(head, dict) or head.pop("key", None) != key:
            return None
        if size < len(first) + 1 + WHERE:
            return None
        start = len(first) + 1
        where = int(os.pread(fd, WHERE, size - WHERE))
        if not start <= where <= size - WHERE:
            return None
        found = orjson.loads(os.pread(fd, size - WHERE - where, where)) if index else None
        return cls(fd, found, start, where, head)

    def read_index(self) -> Any:
        """The index, read now (for a file opened without it); ValueError or OSError when
        it cannot be read, orjson.JSONDecodeError when it does not parse."""
        if self.index is None:
            size = os.fstat(self.fd).st_size
            self.index = orjson.loads(self.read(self.end, size - WHERE - self.end))
        return self.index

    def within(self, offset: Any, length: Any) -> bool:
        """Whether the index's `offset` and `length` are a stretch of the texts."""
        return (type(offset) is int and type(length) is int and length >= 0
                and self.start <= offset and offset + length <= self.end)

    def read(self, offset: int, length: int) -> bytes:
        """The kept bytes at `offset`; ValueError when the file gives fewer."""
        got = os.pread(self.fd, length, offset)
        if len(got) != length:
            raise ValueError("kept text cut short")
        return got

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


class TextFileWriter:
    """A kept file of texts written as they come: `write` each, `at` says where the next
    one goes, `finish(index)` puts the file in place; `drop` leaves nothing."""

    def __init__(
        self, data_file: Path, kind: str, part: str, key: str, head: dict[str, Any] | None = None
    ) -> None:
        self._stream = KeptStream(data_file, kind, part)
        head = orjson.dumps({"key": key, **(head or {})}) + b"\n"
        self._stream.write(head)
        self.at = len(head)

    def write(self, piece: bytes) -> None:
        self._stream.write(piece)
        self.at += len(piece)

    def finish(self, index: Any) -> None:
        self._stream.write(b"\n")
        try:
            self._stream.write(orjson.dumps(index))
        except (TypeError, orjson.JSONEncodeError):
            self.drop()
            return
        self._stream.write(b"%0*d" % (WHERE, self.at + 1))
        self._stream.done()

    def drop(self) -> None:
        self._stream.drop()


def whole_and_more(
    data_file: Path, kind: str, whole_part: str, more_part: str, key: str
) -> tuple[list[KeptTextFile], Any] | None:
    """A kept whole text and what was added to it since (the JSON export's partners, the
    month's Markdown report): `whole_part`, named at random when written (its head's
    `made`), and `more_part`, whose index is the one to read when it names that whole
    text (`whole`). The files open (the whole's first, MORE's when its index is taken)
    and the index taken (None when it cannot be read); None when the whole text is not
    kept under `key`."""
    whole = KeptTextFile.of_file(data_file, kind, whole_part, key, index=False)
    if whole is None:
        return None
    made = whole.head.get("made")
    more = KeptTextFile.of_file(data_file, kind, more_part, key)
    index = more.index if more is not None else None
    if isinstance(index, dict) and isinstance(made, str) and index.get("whole") == made:
        return [whole, more], index  # type: ignore[list-item]
    # None, or another whole text's (written again since): the whole's own index.
    if more is not None:
        more.close()
    try:
        index = whole.read_index()
    except (OSError, ValueError, orjson.JSONDecodeError):
        index = None
    return [whole], index
