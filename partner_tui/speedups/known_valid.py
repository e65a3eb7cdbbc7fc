"""Remember which records have passed validation, by the hash of their exact content.

Validating 10,000 partners with pydantic takes seconds; re-validating, on every start,
records this very program validated and wrote last time proves nothing new. So the store
keeps, in the state folder, the content hashes of records known to be valid for this
version of the rules, and the digest of the last file whose records all were. On open,
a file with that digest needs nothing more; otherwise only records whose bytes are not
in the set (edited by hand, merged from git, written by another version) are validated.
The cache is only an accelerator: losing or corrupting it just means validating again.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from partner_tui import __version__
from partner_tui.paths import state_file
from partner_tui.store import schema
from partner_tui.store.atomic import atomic_write

# Bump when validation rules change within one release, so old verdicts are dropped.
RULES_VERSION = 1


def record_hash(record: dict[str, Any]) -> str:
    content = orjson.dumps(record, option=orjson.OPT_SORT_KEYS)
    return hashlib.blake2b(content, digest_size=12).hexdigest()


def _cache_file(db_path: Path) -> Path:
    return state_file(db_path, "validated")


def _stamp() -> str:
    return f"{__version__}/{schema.SCHEMA_VERSION}/{RULES_VERSION}"


def file_digest(content: bytes) -> str:
    """The whole file's fingerprint. hashlib lets other threads run while it hashes, so
    checking 22 MB this way costs the screen nothing, where hashing 10,000 records one
    by one holds the interpreter for ~150 ms."""
    return hashlib.blake2b(content, digest_size=16).hexdigest()


@dataclass(frozen=True)
class KnownValid:
    records: set[str] = field(default_factory=set)  # record_hash of each valid record
    file: str | None = None  # file_digest of a file all of whose records were valid


def load_known_valid(db_path: Path) -> KnownValid:
    try:
        data = orjson.loads(_cache_file(db_path).read_bytes())
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
        target.parent.mkdir(parents=True, exist_ok=True)
        content = {"rules": _stamp(), "records": sorted(hashes), "file": file}
        atomic_write(target, orjson.dumps(content))
