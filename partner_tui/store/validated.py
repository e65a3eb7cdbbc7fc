"""Remember which records have passed validation, by the hash of their exact content.

Validating 10,000 partners with pydantic takes seconds; re-validating, on every start,
records this very program validated and wrote last time proves nothing new. So the store
keeps, in the state folder, the content hashes of records known to be valid for this
version of the rules. On open only records whose bytes are not in that set (edited by
hand, merged from git, written by another version) are validated. The cache is only an
accelerator: losing or corrupting it just means validating everything again.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path
from typing import Any

import orjson

from partner_tui import __version__
from partner_tui.locations import state_dir
from partner_tui.store import schema
from partner_tui.store.atomic import atomic_write

# Bump when validation rules change within one release, so old verdicts are dropped.
RULES_VERSION = 1


def record_hash(record: dict[str, Any]) -> str:
    content = orjson.dumps(record, option=orjson.OPT_SORT_KEYS)
    return hashlib.blake2b(content, digest_size=12).hexdigest()


def _cache_file(db_path: Path) -> Path:
    key = hashlib.blake2b(str(db_path.resolve()).encode(), digest_size=8).hexdigest()
    return state_dir() / "validated" / f"{key}.json"


def _stamp() -> str:
    return f"{__version__}/{schema.SCHEMA_VERSION}/{RULES_VERSION}"


def load_valid_hashes(db_path: Path) -> set[str]:
    try:
        data = orjson.loads(_cache_file(db_path).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return set()
    if not isinstance(data, dict) or data.get("rules") != _stamp():
        return set()
    hashes = data.get("records")
    return {h for h in hashes if isinstance(h, str)} if isinstance(hashes, list) else set()


def save_valid_hashes(db_path: Path, hashes: set[str]) -> None:
    """Best effort: a cache that cannot be written only costs time next start."""
    target = _cache_file(db_path)
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, orjson.dumps({"rules": _stamp(), "records": sorted(hashes)}))
