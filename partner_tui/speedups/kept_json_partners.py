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

Two kept files (state_cache, kind "json-export", kept_text_file's layout: a first line
with the key, the texts, the index, where the index starts):
- the whole part (PART): the partners' part of an export as it was written
  (FIRST_PARTNER, then each partner's text with NEXT_PARTNER between), so partners kept
  in the same order are read and written as one stretch; its first line names it
  (`made`, random), its index is every partner's entry then;
- MORE: the texts made since by exports of changed files (6 KB a changed partner), and
  every partner's index now, naming the whole part it goes with (`whole`).
An entry, by partner key: its record's hash, where its text starts, its length, its
dumped id, which file it is in; the index also holds the digest of the file whose
records every entry matches and how many partners that file has (its entries are in its
board order). When the file's digest is the index's, every partner's text is taken by
its key, no record hashed; else each record is hashed and compared. An export that made
texts writes them to MORE again, with the texts of MORE still used and the index (one
megabyte at 10,000 partners, not the 56 MB of the whole part); once MORE's texts pass
1/MORE_SHARE of the whole part, or half of the whole part's texts are dead, the export
writes the whole part again instead. A store's close that wrote the file carries the
index to it (carry_texts): the entries whose hash is their record's now (remember_valid
hashed them all), and makes the texts of the few partners it changed, from its models
(MADE_AT_CLOSE at the most), so the export after a `log` hashes no record either, and
reads no record into a model's dump (nor imports the models to do so).

Each file is replaced whole or not at all (state_cache.KeptStream); a MORE of another
whole part (written again since) is not read, and a file whose parts do not add up is
read as nothing kept. Deleting them loses only time.
tests/unit/speedups/test_kept_json_partners.py holds the export through them to the
export without them, after any changes and closes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from partner_tui.speedups.known_valid import RecordHashes, record_hash
from partner_tui.speedups.kept_text_file import KeptTextFile, TextFileWriter, whole_and_more
from partner_tui.speedups.state_cache import program_stamp

if TYPE_CHECKING:
    from partner_tui.cli.export_stream import Exported
    from partner_tui.speedups.file_board import FileBoard
    from partner_tui.speedups.known_valid import Remembered
    from partner_tui.store.partner_store import PartnerStore
    from partner_tui.store.records.cards import PartnerCard

# Bump when what is kept changes within one release.
LAYOUT = 3
KIND, PART = "json-export", "partners"
# The texts made since the partners' part was last written whole, and every partner's
# index: a few kilobytes and one megabyte, written again by each export that makes one.
MORE = "partners-more"
# The whole part is written again (and MORE left behind) once MORE's texts are more than
# this share of it, or half of its texts are no longer any partner's.
MORE_SHARE = 16
# What goes before a partner's text (exchange/json_export.FIRST_PARTNER, NEXT_PARTNER:
# a test holds them equal; not imported here, which would import the models).
FIRST_PARTNER, NEXT_PARTNER = b"\n    ", b",\n    "
# A store's close makes the texts of this many changed partners at the most (a `log` or
# a `move` changes one; an import of thousands leaves them to the export, which makes
# them faster from the records, not the close).
MADE_AT_CLOSE = 64
# Kept text is read and written this many bytes at a time at the most.
PIECE = 1 << 20

# A partner's kept text: [its record's hash, where its text starts, its length, its id,
# which file it is in: 0 the whole part, 1 MORE].
Entry = list[Any]
WHOLE, IN_MORE = 0, 1


def key() -> str:
    return f"{program_stamp()}/{LAYOUT}"


class KeptPartners:
    """The kept index, and the files open to read partners' texts from: the whole part,
    and MORE when its index is the one read (it names the whole part it goes with)."""

    def __init__(
        self, texts: list[KeptTextFile], entries: dict[str, Entry], file: str,
        count: Any = None,
    ) -> None:
        self._texts = texts
        self.entries = entries  # in the board's order of the file they were made from
        self.file = file  # the digest of the data file whose records every entry matches
        self.count = count  # how many partners that file has (None: not known)
        self.made = texts[0].head.get("made")  # the whole part's own name

    @classmethod
    def of_file(cls, data_file: Path) -> KeptPartners | None:
        """What is kept for `data_file` by this program, or None (nothing kept, another
        program's, or parts that do not add up)."""
        opened = whole_and_more(data_file, KIND, PART, MORE, key())
        if opened is None:
            return None
        texts, index = opened
        entries = index.get("partners") if isinstance(index, dict) else None
        file = index.get("file") if isinstance(index, dict) else None
        if not isinstance(entries, dict) or not isinstance(file, str) or not all(
            isinstance(entry, list) and len(entry) == 5 and isinstance(entry[0], str)
            and isinstance(entry[3], str) and entry[4] in (WHOLE, IN_MORE)
            and entry[4] < len(texts) and texts[entry[4]].within(entry[1], entry[2])
            and entry[2] > 0
            for entry in entries.values()  # every text inside its file's texts
        ):
            for text in texts:
                text.close()
            return None
        return cls(texts, entries, file, index.get("count"))

    def close(self) -> None:
        for text in self._texts:
            text.close()

    def read(self, source: int, offset: int, length: int) -> bytes:
        """The kept bytes at `offset` of `source` (WHOLE, IN_MORE); ValueError when the
        file gives fewer."""
        return self._texts[source].read(offset, length)

    def worn(self, cards: list[PartnerCard]) -> bool:
        """Whether the whole part is to be written again: MORE's texts past MORE_SHARE of
        it, or half its texts no longer any of `cards`'."""
        whole = self._texts[0].end - self._texts[0].start
        more = self._texts[1].end - self._texts[1].start if len(self._texts) > 1 else 0
        entries = self.entries
        live = sum(
            entries[c.id][2] for c in cards if c.id in entries and entries[c.id][4] == WHOLE
        )
        return more * MORE_SHARE > whole or 2 * live < whole


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
    remembered by the caller (a RecordHashes is told each hash the index vouches for)."""
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
        for _, offset, length, _pid, source in kept.entries.values():
            out.kept(before, source, offset, length)
            before = NEXT_PARTNER
            if out.size >= PIECE:
                yield out.take()
        chunk = out.take()
        if chunk:
            yield chunk
    finally:
        kept.close()


def carry_texts(
    store: PartnerStore, written: Remembered,
    text_of: Callable[[str], tuple[bytes, str]] | None = None,
) -> None:
    """StoreHooks.closing, the file on disk now known valid (`written`: remember_valid's,
    with each partner record's hash): the kept index made the new file's, each partner's
    text kept when its record's hash is the one its text was made from (none hashed
    again: remember_valid's), the changed partners' texts made from the store's models
    when they are few (MADE_AT_CLOSE), else left out; so the next export hashes no
    record, and makes no text or only those. One megabyte written (MORE: its texts and
    the index), the kept texts not read. `text_of(key)`: a partner's text and dumped id
    (the store's model's, by default). Best effort."""
    kept = KeptPartners.of_file(store.file)
    if kept is None:
        return
    try:
        if kept.file == written.digest or not isinstance(kept.made, str):
            return
        entries, hashes = kept.entries, written.hashes
        index: dict[str, Entry] = {}
        changed: list[tuple[str, str]] = []  # (key, its record's hash) of each text to make
        for card in store.partners.cards():
            entry = entries.get(card.id)
            digest = hashes.get(id(card.record))
            if entry is not None and digest == entry[0]:
                index[card.id] = entry
            elif digest is not None:
                changed.append((card.id, digest))
        # (No count: the board's order may have changed, so this index is never an
        # unchanged file's whole partners' part: kept_whole.)
        more = TextFileWriter(store.file, KIND, MORE, key())
        try:
            _copy_more(kept, index, more, set())
            if len(changed) <= MADE_AT_CLOSE:
                _made_texts(changed, text_of or _model_text(store), index, more)
            more.finish({"whole": kept.made, "partners": index, "file": written.digest,
                         "count": None})
        finally:
            more.drop()  # (after finish: nothing to drop)
    except (OSError, ValueError):
        return
    finally:
        kept.close()


def _made_texts(
    changed: list[tuple[str, str]], text_of: Callable[[str], tuple[bytes, str]],
    index: dict[str, Entry], more: TextFileWriter,
) -> None:
    """Write into `more` the text of each changed partner (key, its record's hash), each
    entry put in `index`."""
    for key_, digest in changed:
        text, pid = text_of(key_)
        index[key_] = [digest, more.at, len(text), pid, IN_MORE]
        more.write(text)


def _model_text(store: PartnerStore) -> Callable[[str], tuple[bytes, str]]:
    """A partner's text and dumped id from the store's model, which its record was just
    written from: the text the export reads from that record (exchange/json_records.py,
    held to model_dump by a property test)."""
    from partner_tui.exchange.json_export import written_partner

    def text_of(key_: str) -> tuple[bytes, str]:
        dumped = store.partners.get(key_).model_dump(mode="json")
        return written_partner(dumped), dumped["id"]

    return text_of


def _copy_more(
    kept: KeptPartners, index: dict[str, Entry], more: TextFileWriter, made: set[str]
) -> None:
    """Write into `more` the texts of `index` that are in the MORE file `kept` read (not
    those `made` now, written already), each entry made to say where it is now."""
    for pid, entry in index.items():
        if entry[4] == IN_MORE and pid not in made:
            text = kept.read(IN_MORE, entry[1], entry[2])
            index[pid] = [entry[0], more.at, entry[2], entry[3], IN_MORE]
            more.write(text)


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
    # Every entry matched this very file's records when it was kept: none hashed again.
    # (With its count of partners, which an unchanged file's next export reads: else it
    # is made again.)
    checked = kept is not None and kept.file == board.digest
    same = checked and kept.count == len(cards) and all(c.id in entries for c in cards)
    told = hash_of.remember if checked and isinstance(hash_of, RecordHashes) else None
    # Nothing written (the same file), the whole part written again from this export's
    # text (nothing kept, or worn), or only the texts made now written, to MORE.
    whole: TextFileWriter | None = None
    more: TextFileWriter | None = None
    if kept is None or (not same and kept.worn(cards)):
        whole = TextFileWriter(board.file, KIND, PART, key(), {"made": os.urandom(8).hex()})
    elif not same:
        more = TextFileWriter(board.file, KIND, MORE, key())
    index: dict[str, Entry] = {}
    made: set[str] = set()  # the partners whose texts went to MORE now
    out = _Pieces(kept, whole.at if whole is not None else 0)
    try:
        for card in cards:
            counted.count += 1
            before = NEXT_PARTNER if ids else FIRST_PARTNER
            entry = entries.get(card.id)
            digest = None
            if entry is not None and told is not None:
                told(card.record, entry[0])
            elif entry is not None and not checked:
                digest = _hash_or_none(card.record, hash_of)
                if digest is None or entry[0] != digest:
                    entry = None
            if entry is not None:
                digest, offset, length, pid, source = entry
                place = out.kept(before, source, offset, length)
                if whole is not None:
                    index[card.id] = [digest, place, length, pid, WHOLE]
                elif more is not None:
                    index[card.id] = entry
            else:
                text, pid = written(card)
                place = out.made(before, text)
                if whole is not None or more is not None:
                    digest = digest or _hash_or_none(card.record, hash_of)
                if digest is not None and whole is not None:
                    index[card.id] = [digest, place, len(text), pid, WHOLE]
                elif digest is not None and more is not None:
                    index[card.id] = [digest, more.at, len(text), pid, IN_MORE]
                    made.add(card.id)
                    more.write(text)
            ids.append(pid)
            if out.size >= PIECE:
                chunk = out.take()
                if whole is not None:
                    whole.write(chunk)
                yield chunk
        chunk = out.take()
        if chunk:
            if whole is not None:
                whole.write(chunk)
            yield chunk
        # How many partners the file has: all of them kept or not (kept_whole).
        done = {"partners": index, "file": board.digest, "count": len(cards)}
        if whole is not None:
            whole.finish(done)
        elif more is not None and kept is not None:
            _copy_more(kept, index, more, made)
            more.finish({"whole": kept.made, **done})
    finally:
        for writer in (whole, more):
            if writer is not None:
                writer.drop()  # when the export stopped halfway (after done: nothing to drop)


class _Pieces:
    """The body's next chunk as it is put together: texts made, and stretches of kept
    text read only when they end (partners kept in the same order are one read)."""

    def __init__(self, kept: KeptPartners | None, at: int) -> None:
        self._kept = kept
        self._pieces: list[bytes] = []
        self.size = 0  # of the pieces and the stretch not read yet
        self.at = at  # where the chunk starts in the remade kept file
        # [start, end] of kept text, where it goes, which file it is in
        self._run: list[int] | None = None

    def kept(self, before: bytes, source: int, offset: int, length: int) -> int:
        """Add the kept text at `offset` of `source`; where it goes in the remade file."""
        run = self._run
        if (run is not None and source == run[3] and offset == run[1] + len(NEXT_PARTNER)
                and before == NEXT_PARTNER):
            run[1] = offset + length  # the stretch goes on, its separator kept with it
            self.size += len(NEXT_PARTNER) + length
            return run[2] + (offset - run[0])
        self._read_run()
        self._add(before)
        self._run = [offset, offset + length, self.at + self.size, source]
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
            self._pieces.append(self._kept.read(run[3], run[0], run[1] - run[0]))  # size counted


def _hash_or_none(record: Any, hash_of: Callable[[Any], str]) -> str | None:
    """The record's hash, or None for one orjson cannot write (its text is not kept)."""
    try:
        return hash_of(record)
    except (orjson.JSONEncodeError, TypeError):
        return None
