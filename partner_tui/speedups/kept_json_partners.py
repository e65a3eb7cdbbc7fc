"""Each partner's text in the JSON export, kept as written, per partner.

`export --format json` writes every field of every partner (6 KB each, 60 MB at 10,000
partners), and reading each one's dump from its record (exchange/json_records.py) and
writing it took a third of the export. A partner's text is a function of its record's
bytes alone (the reader reads nothing else; the fallback validates that record alone),
of this program and of the file's schema. So the text of each partner of a file known
valid as a whole (speedups/file_board.py) is kept in the state folder, under the
content hash of its record (known_valid.record_hash) and program_stamp(), and the next
export writes what is kept for every partner whose record is the same, and reads and
writes only the others.

The kept file (state_cache, kind "json-export", part "partners") is the partners' part
of the last export as it was written (FIRST_PARTNER, then each partner's text with
NEXT_PARTNER between), so partners kept in the same order are read and written as one
stretch. Around it: a first line with the key (the program), and at the end the index
(by partner key: its record's hash, where its text starts, its length, its dumped id;
and the digest of the file it was made from), then where the index starts, in 20
digits. When the file's digest is the one the index was made from, every partner's text
is taken by its key, no record hashed; else each record is hashed and compared, and the
kept file is made again from this export's text (one more 60 MB write, once a change).
The kept file is replaced whole or not at all (state_cache.KeptStream), and a kept file
whose parts do not add up is read as nothing kept. Deleting it loses only time.
tests/unit/speedups/test_kept_json_partners.py holds the export through it to the
export without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from partner_tui.speedups.known_valid import record_hash
from partner_tui.speedups.kept_text_file import KeptTextFile, TextFileWriter
from partner_tui.speedups.state_cache import program_stamp

if TYPE_CHECKING:
    from partner_tui.cli.export_stream import Exported
    from partner_tui.speedups.file_board import FileBoard
    from partner_tui.store.records.cards import PartnerCard

# Bump when what is kept changes within one release.
LAYOUT = 2
KIND, PART = "json-export", "partners"
# What goes before a partner's text (exchange/json_export.FIRST_PARTNER, NEXT_PARTNER:
# a test holds them equal; not imported here, which would import the models).
FIRST_PARTNER, NEXT_PARTNER = b"\n    ", b",\n    "
# Kept text is read and written this many bytes at a time at the most.
PIECE = 1 << 20

# A partner's kept text: [its record's hash, where its text starts, its length, its id].
Entry = list[Any]


def key() -> str:
    return f"{program_stamp()}/{LAYOUT}"


class KeptPartners:
    """The kept file's index, and the file open to read partners' texts from."""

    def __init__(
        self, text_file: KeptTextFile, entries: dict[str, Entry], file: str, count: Any = None
    ) -> None:
        self._text_file = text_file
        self.entries = entries  # in the board's order of the file they were made from
        self.file = file  # the digest of the data file the texts were made from
        self.count = count  # how many partners that file has

    @classmethod
    def of_file(cls, data_file: Path) -> KeptPartners | None:
        """What is kept for `data_file` by this program, or None (nothing kept, another
        program's, or parts that do not add up)."""
        text_file = KeptTextFile.of_file(data_file, KIND, PART, key())
        if text_file is None:
            return None
        index = text_file.index
        entries = index.get("partners") if isinstance(index, dict) else None
        file = index.get("file") if isinstance(index, dict) else None
        if not isinstance(entries, dict) or not isinstance(file, str) or not all(
            isinstance(entry, list) and len(entry) == 4 and isinstance(entry[0], str)
            and isinstance(entry[3], str) and text_file.within(entry[1], entry[2])
            and entry[2] > 0
            for entry in entries.values()  # every text inside the partners' part
        ):
            text_file.close()
            return None
        return cls(text_file, entries, file, index.get("count"))

    def close(self) -> None:
        self._text_file.close()

    def read(self, offset: int, length: int) -> bytes:
        """The kept bytes at `offset`; ValueError when the file gives fewer."""
        return self._text_file.read(offset, length)


def partners_body(
    board: FileBoard,
    cards: Iterable[PartnerCard],
    written: Callable[[PartnerCard], tuple[bytes, str]],
    counted: Exported,
    ids: list[str],
    hash_of: Callable[[Any], str] = record_hash,
) -> Iterator[bytes]:
    """The JSON export's partners part (exchange/json_export.written_document's body) for
    `cards` in order, each partner's text as kept for its record, else `written(card)`
    (its text and its dumped id); each id put in `ids` as it comes. Only for a board of
    a whole file known valid (its `digest`). `hash_of`: record_hash, or the same
    remembered by the caller."""
    cards = list(cards)
    kept = KeptPartners.of_file(board.file)
    try:
        yield from _body(board, cards, kept, written, counted, ids, hash_of)
    finally:
        if kept is not None:
            kept.close()


def kept_whole(data_file: Path, digest: str) -> KeptPartners | None:
    """What is kept for `data_file` when every one of its partners' texts was kept from
    an export of the file known valid with `digest` itself (its entries in that file's
    board order, each with its dumped id); None otherwise. The caller closes it, or reads
    it whole through kept_chunks, which does."""
    kept = KeptPartners.of_file(data_file)
    if kept is None:
        return None
    if kept.file != digest or type(kept.count) is not int or kept.count != len(kept.entries):
        kept.close()
        return None
    return kept


def kept_chunks(kept: KeptPartners) -> Iterator[bytes]:
    """The partners' part of the JSON export as kept in `kept` (kept_whole's), read a
    stretch of PIECE at a time as the chunks are taken; `kept` closed with the last."""
    try:
        out = _Pieces(kept, 0)
        before = FIRST_PARTNER
        for _, offset, length, _pid in kept.entries.values():
            out.kept(before, offset, length)
            before = NEXT_PARTNER
            if out.size >= PIECE:
                yield out.take()
        chunk = out.take()
        if chunk:
            yield chunk
    finally:
        kept.close()


def _body(
    board: FileBoard,
    cards: list[PartnerCard],
    kept: KeptPartners | None,
    written: Callable[[PartnerCard], tuple[bytes, str]],
    counted: Exported,
    ids: list[str],
    hash_of: Callable[[Any], str],
) -> Iterator[bytes]:
    entries = kept.entries if kept is not None else {}
    # The same file the kept texts were made from: every partner is kept as it is.
    # (With its count of partners, which an unchanged file's next export reads: else it
    # is made again.)
    same = (
        kept is not None and kept.file == board.digest and kept.count == len(cards)
        and all(c.id in entries for c in cards)
    )
    remade: TextFileWriter | None = None
    index: dict[str, Entry] = {}
    if not same:  # the kept file is made again from this export's text
        remade = TextFileWriter(board.file, KIND, PART, key())
    out = _Pieces(kept, remade.at if remade is not None else 0)
    try:
        for card in cards:
            counted.count += 1
            before = NEXT_PARTNER if ids else FIRST_PARTNER
            entry = entries.get(card.id)
            digest = None
            if entry is not None and not same:
                digest = _hash_or_none(card.record, hash_of)
                if digest is None or entry[0] != digest:
                    entry = None
            if entry is not None:
                _, offset, length, pid = entry
                place = out.kept(before, offset, length)
            else:
                text, pid = written(card)
                place = out.made(before, text)
                length = len(text)
                if remade is not None and digest is None:
                    digest = _hash_or_none(card.record, hash_of)
            if remade is not None and digest is not None:
                index[card.id] = [digest, place, length, pid]
            ids.append(pid)
            if out.size >= PIECE:
                chunk = out.take()
                if remade is not None:
                    remade.write(chunk)
                yield chunk
        chunk = out.take()
        if chunk:
            if remade is not None:
                remade.write(chunk)
            yield chunk
        if remade is not None:
            # How many partners the file has: all of them kept or not (kept_whole).
            remade.finish({"partners": index, "file": board.digest, "count": len(cards)})
    finally:
        if remade is not None:
            remade.drop()  # when the export stopped halfway (after done: nothing to drop)


class _Pieces:
    """The body's next chunk as it is put together: texts made, and stretches of kept
    text read only when they end (partners kept in the same order are one read)."""

    def __init__(self, kept: KeptPartners | None, at: int) -> None:
        self._kept = kept
        self._pieces: list[bytes] = []
        self.size = 0  # of the pieces and the stretch not read yet
        self.at = at  # where the chunk starts in the remade kept file
        self._run: list[int] | None = None  # [start, end] of kept text, where it goes

    def kept(self, before: bytes, offset: int, length: int) -> int:
        """Add the kept text at `offset`; where it goes in the remade file."""
        run = self._run
        if run is not None and offset == run[1] + len(NEXT_PARTNER) and before == NEXT_PARTNER:
            run[1] = offset + length  # the stretch goes on, its separator kept with it
            self.size += len(NEXT_PARTNER) + length
            return run[2] + (offset - run[0])
        self._read_run()
        self._add(before)
        self._run = [offset, offset + length, self.at + self.size]
        self.size += length
        return self._run[2]

    def made(self, before: bytes, text: bytes) -> int:
        """Add a text made now; where it goes in the remade file."""
        self._read_run()
        self._add(before)
        place = self.at + self.size
        self._add(text)
        return place

    def take(self) -> bytes:
        """The chunk so far, all read."""
        self._read_run()
        chunk = b"".join(self._pieces)
        self._pieces.clear()
        self.at += self.size
        self.size = 0
        return chunk

    def _add(self, piece: bytes) -> None:
        self._pieces.append(piece)
        self.size += len(piece)

    def _read_run(self) -> None:
        run, self._run = self._run, None
        if run is not None and self._kept is not None:
            self._pieces.append(self._kept.read(run[0], run[1] - run[0]))  # size counted


def _hash_or_none(record: Any, hash_of: Callable[[Any], str]) -> str | None:
    """The record's hash, or None for one orjson cannot write (its text is not kept)."""
    try:
        return hash_of(record)
    except (orjson.JSONEncodeError, TypeError):
        return None
