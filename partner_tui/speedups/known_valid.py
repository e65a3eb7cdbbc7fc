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

import contextlib
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from partner_tui import __version__
from partner_tui.os_compat.files import read_regular
from partner_tui.os_compat.plain_files import check_within, private_folder
from partner_tui.paths import state_dir, state_file
from partner_tui.store.file import schema
from partner_tui.store.file.atomic_write import atomic_write

if TYPE_CHECKING:
    from partner_tui.store.partner_store import PartnerStore

# Bump when validation rules change within one release, so old verdicts are dropped.
RULES_VERSION = 1
# Hashing is work too: the screen gets its turn (the pause) once per this many records.
PAUSE_EVERY = 200
# The file is read this many bytes at a time to be hashed.
DIGEST_CHUNK = 1 << 20


def record_hash(record: dict[str, Any]) -> str:
    content = orjson.dumps(record, option=orjson.OPT_SORT_KEYS)
    return hashlib.blake2b(content, digest_size=12).hexdigest()


def _cache_file(db_path: Path) -> Path:
    return state_file(db_path, "validated")


def _stamp() -> str:
    return f"{__version__}/{schema.SCHEMA_VERSION}/{RULES_VERSION}"


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
    try:
        cache = _cache_file(db_path)
        check_within(state_dir(), cache.parent)  # never through a link planted in the state folder
        data = orjson.loads(read_regular(cache))  # never a pipe or a device
    except (OSError, orjson.JSONDecodeError):
        return KnownValid()
    if not isinstance(data, dict) or data.get("rules") != _stamp():
        return KnownValid()
    hashes = data.get("records")
    records = {h for h in hashes if isinstance(h, str)} if isinstance(hashes, list) else set()
    digest = data.get("file")
    return KnownValid(records, digest if isinstance(digest, str) else None)


def save_known_valid(db_path: Path, hashes: set[str], file: str | None = None) -> None:
    """Best effort: a cache that cannot be written only costs time next start."""
    target = _cache_file(db_path)
    with contextlib.suppress(OSError):
        private_folder(target.parent, inside=state_dir())  # 0700, never a planted link
        content = {"rules": _stamp(), "records": sorted(hashes), "file": file}
        atomic_write(target, orjson.dumps(content))


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


def remember_valid(store: PartnerStore) -> None:
    """As a store closes: the content hashes of every stored record, all of which have
    been validated (on open) or were written from validated models by this store.
    Nothing to do when nothing changed since the open's check remembered them."""
    if not store.records_checked:
        return  # still being checked, or found invalid
    if not store.changed_since_read:
        return
    hashes = {record_hash(card.record) for card in store.partners.cards()}
    hashes.update(record_hash(raw) for raw in store.deals.stored_records())
    hashes.update(record_hash(raw) for raw in store.accounts.records())
    save_known_valid(store.file, hashes, _disk_digest(store))


def _disk_digest(store: PartnerStore) -> str | None:
    """The file's digest, if the file on disk holds exactly what this store holds."""
    if not store.matches_disk():
        return None
    try:
        with open(store.file, "rb") as stream:  # in chunks: not a second copy of the file
            digest = file_digest(iter(lambda: stream.read(DIGEST_CHUNK), b""))
    except OSError:
        return None
    return digest if store.matches_disk() else None
