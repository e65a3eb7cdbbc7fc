"""Remember which records have passed validation, by the hash of their exact content.

Validating 10,000 partners with pydantic takes seconds; re-validating, on every start,
records this very program validated and wrote last time proves nothing new. So the store
keeps, in the state folder, the content hashes of records known to be valid for this
version of the rules, and the digest of the last file whose records all were. On open,
a file with that digest needs nothing more; otherwise only records whose bytes are not
in the set (edited by hand, merged from git, written by another version) are validated.
The cache is only an accelerator: losing or corrupting it just means validating again.

The store asks through StoreHooks.not_known_valid (at open and reload) and, as it
closes, remember_valid() keeps what this session wrote.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import stat
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from partner_tui.speedups.state_cache import keep, keep_encoded, program_stamp, read_kept
from partner_tui.speedups.trusted_stamp import (
    Stamp,
    _stamp_of,
    remember_stamp,
    stamp_now,
    trusted_stamp,
)

if TYPE_CHECKING:
    from partner_tui.store.partner_store import PartnerStore

# Bump when validation rules change within one release, so old verdicts are dropped.
RULES_VERSION = 1
# Hashing is work too: the screen gets its turn (the pause) once per this many records.
PAUSE_EVERY = 200
# The file is read this many bytes at a time to be hashed.
DIGEST_CHUNK = 1 << 20
# Record hashes joined as save_known_valid writes them: hex, between '","' (one class of
# characters: a pattern with a group would keep a frame per hash, ~15 MB at 110,000).
_HASHES = re.compile(r'[0-9a-f",]*')


def record_hash(record: dict[str, Any]) -> str:
    content = orjson.dumps(record, option=orjson.OPT_SORT_KEYS)
    return hashlib.blake2b(content, digest_size=12).hexdigest()


class RecordHashes:
    """record_hash of the records one command reads, each worked out once, by id() of
    the record (held here with its hash, so the id is never another's meanwhile): the
    JSON export hashes a changed file's partners for their kept texts, then the kept
    figures hash them again for their inputs."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[Any, str]] = {}

    def __call__(self, record: dict[str, Any]) -> str:
        found = self._known.get(id(record))
        if found is None or found[0] is not record:
            found = self._known[id(record)] = (record, record_hash(record))
        return found[1]

    def remember(self, record: dict[str, Any], digest: str) -> None:
        """`record`'s hash, known already (a kept index that vouches for it)."""
        self._known[id(record)] = (record, digest)


KIND = "validated"  # state/validated/


def _stamp() -> str:
    return f"{program_stamp()}/{RULES_VERSION}"


def file_digest(content: bytes | Iterable[bytes]) -> str:
    """The whole file's fingerprint (from its bytes, or from its bytes in chunks: the
    same digest, without holding the whole file). hashlib lets other threads run while
    it hashes, so checking 22 MB this way costs the screen nothing, where hashing 10,000
    records one by one holds the interpreter for ~150 ms."""
    if isinstance(content, bytes | bytearray | memoryview):
        return hashlib.blake2b(content, digest_size=16).hexdigest()
    digest = hashlib.blake2b(digest_size=16)
    for chunk in content:
        digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class KnownValid:
    records: set[str] = field(default_factory=set)  # record_hash of each valid record
    file: str | None = None  # file_digest of a file all of whose records were valid


def load_known_valid(db_path: Path) -> KnownValid:
    data = read_kept(db_path, KIND)
    if not isinstance(data, dict) or data.get("rules") != _stamp():
        return KnownValid()
    hashes = data.get("records")
    records = {h for h in hashes if isinstance(h, str)} if isinstance(hashes, list) else set()
    digest = data.get("file")
    return KnownValid(records, digest if isinstance(digest, str) else None)


def save_known_valid(db_path: Path, hashes: Collection[str], file: str | None = None) -> None:
    """Best effort: a cache that cannot be written only costs time next start.
    `hashes`: record_hash values, each once or more (a list: a set of 110,000 costs
    4 MB more, at the close, the app's highest memory at 100,000 deals)."""
    unique = [h for h, _ in itertools.groupby(sorted(hashes))]
    listed = '","'.join(unique)
    # Only hex between the quotes (record_hash's: never otherwise, but then orjson).
    if listed.count('"') != 2 * max(len(unique) - 1, 0) or _HASHES.fullmatch(listed) is None:
        keep(db_path, KIND, {"rules": _stamp(), "records": sorted(set(hashes)), "file": file})
        return
    # The bytes orjson would write for {"rules", "records": sorted unique, "file"}, made
    # without its buffer (~16 MB for these 3 MB).
    quote = b'"' if unique else b""
    records = listed.encode("ascii")
    del listed, unique
    keep_encoded(db_path, KIND, [
        b'{"rules":', orjson.dumps(_stamp()), b',"records":[', quote, records, quote,
        b'],"file":', orjson.dumps(file), b"}",
    ])


def not_known_valid(
    file: Path,
    records: Sequence[tuple[str, dict[str, Any]]],
    content: bytes | Iterable[bytes] | None,
    pause: Callable[[], None] | None = None,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """StoreHooks.not_known_valid: the records whose exact content is not known valid.

    A file known valid as a whole (by the digest of `content`) yields nothing. Once the
    store has drawn every record (having validated each one yielded), every record read
    is known valid, and so is the file they came from: both are remembered, with exactly
    the hashes computed here (no second pass over the records or the file).
    """
    known = load_known_valid(file)
    digest = file_digest(content) if content is not None else None
    if digest is not None and digest == known.file:
        return
    hashes: set[str] = set()
    fresh = False
    for i, (doc_id, raw) in enumerate(records):
        if pause is not None and i % PAUSE_EVERY == 0:
            pause()
        content_hash = record_hash(raw)
        hashes.add(content_hash)
        if content_hash in known.records:
            continue
        yield doc_id, raw
        fresh = True
    if fresh or digest is not None:
        save_known_valid(file, hashes, digest)


@dataclass(frozen=True)
class Remembered:
    """What remember_valid kept of a file a store wrote: its digest, and the record_hash
    of each partner's record, by id() of the record (the store holds each while it
    closes), so a caller in the same close hashes none twice. A deal's record is a new
    dict each time it is asked for: never found here, it is hashed (hash_of)."""

    digest: str
    hashes: dict[int, str]

    def hash_of(self, record: dict[str, Any]) -> str:
        found = self.hashes.get(id(record))
        return found if found is not None else record_hash(record)


def remember_valid(store: PartnerStore) -> Remembered | None:
    """As a store closes: the content hashes of every stored record, all of which have
    been validated (on open) or were written from validated models by this store.
    Nothing to do when nothing changed since the open's check remembered them.
    Returns what it remembered of the file on disk when it holds exactly these records
    (known valid as a whole, its stamp remembered with it: speedups/trusted_stamp.py),
    or None."""
    if not store.records_checked:
        return None  # still being checked, or found invalid
    if not store.changed_since_read:
        return None
    # By id() only the partners' records: the store holds each as one dict while it
    # closes. A deal is handed out as a new dict each time (records/deal_table.py: deals
    # are held compactly), freed as soon as it is hashed, and the next one may take its
    # id(): deals are hashed here, and again by a caller that needs their hashes.
    by_record = {id(card.record): record_hash(card.record) for card in store.partners.cards()}
    # A list, not a set (save_known_valid keeps each hash once): 4 MB less at 100,000 deals.
    hashes = list(by_record.values())
    hashes.extend(record_hash(raw) for raw in store.deals.stored_records())
    hashes.extend(record_hash(raw) for raw in store.accounts.records())
    disk = _disk_digest(store)
    digest = disk[0] if disk is not None else None
    save_known_valid(store.file, hashes, digest)
    if disk is None:
        return None
    if disk[1] is not None:
        # These very bytes, read under this stamp, hashed to the digest just kept: the
        # next reader of the file need not hash it again (as file_board.py's first read).
        remember_stamp(store.file, disk[0], disk[1])
    return Remembered(disk[0], by_record)


def _disk_digest(store: PartnerStore) -> tuple[str, Stamp | None] | None:
    """The file's digest, if the file on disk holds exactly what this store holds, and
    its stamp when it did not change while it was read."""
    if not store.matches_disk():
        return None
    try:
        with open(store.file, "rb") as stream:  # in chunks: not a second copy of the file
            before = os.fstat(stream.fileno())
            digest = file_digest(iter(lambda: stream.read(DIGEST_CHUNK), b""))
            after = os.fstat(stream.fileno())
            at_path = os.stat(store.file, follow_symlinks=False)
    except OSError:
        return None
    if not store.matches_disk():
        return None
    stamp = _stamp_of(before)
    same = stamp == _stamp_of(after) == _stamp_of(at_path) and stat.S_ISREG(before.st_mode)
    return digest, stamp if same else None


def vouched_digest(file: Path) -> str | None:
    """The digest of the file known valid, when `file`'s stamp (read without reading the
    file) is the one kept for it: the file was hashed under that very stamp. (Here, not
    in file_board, so that what reads only kept texts imports no board.)"""
    data = read_kept(file, KIND)  # only its file's digest: not a set of every record's
    if not isinstance(data, dict) or data.get("rules") != _stamp():
        return None
    digest = data.get("file")
    if not isinstance(digest, str):
        return None
    stamp = stamp_now(file)
    if stamp is None or not trusted_stamp(file, digest, stamp):
        return None
    return digest
