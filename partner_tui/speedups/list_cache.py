"""Every partner's entry in `list --json` (its summary and its figures), kept for the
file and the day.

A script or an agent calls `list --json` many times a day on a file that rarely changes;
computing 10,000 partners' figures (domain/partner_figures.py, through the store's
Payouts) and summaries costs about three times the program's own start each time. Both
depend only on the file's records and on the day (quiet days, the month to date), so
each entry's JSON is kept in the state folder under the digest of a file known valid as a
whole, the day and this version of the program: the same functions' results, computed
once per file and day. Any other file, day or version computes them again (and keeps
them). Deleting this module, or its state file, loses only time.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from partner_tui import __version__
from partner_tui.os_compat.files import read_regular
from partner_tui.os_compat.plain_files import check_within, private_folder
from partner_tui.paths import state_dir, state_file
from partner_tui.store.file import schema
from partner_tui.store.file.atomic_write import atomic_write

# Bump when a figure's rule changes within one release, so kept figures are dropped.
RULES_VERSION = 2  # 2: revenue net of refunds (docs/refunds.md)


def _key(digest: str, today: date) -> str:
    return f"{__version__}/{schema.SCHEMA_VERSION}/{RULES_VERSION}/{digest}/{today.isoformat()}"


def entries_json(
    file: Path,
    digest: str,
    today: date,
    ids: Iterable[str],
    compute: Callable[[str], dict[str, Any]],
) -> dict[str, dict[str, Any]]:
    """The `list --json` entry of each partner in `ids`, by id: kept ones for this file
    (`digest`, known valid) and day, the others from `compute` (and kept)."""
    key = _key(digest, today)
    kept = _load(file, key)
    found: dict[str, dict[str, Any]] = {}
    fresh = False
    for partner_id in ids:
        entry = kept.get(partner_id)
        if entry is None:
            entry = kept[partner_id] = compute(partner_id)
            fresh = True
        found[partner_id] = entry
    if fresh:
        _save(file, key, kept)
    return found


def _load(file: Path, key: str) -> dict[str, dict[str, Any]]:
    try:
        cache = state_file(file, "listed")
        check_within(state_dir(), cache.parent)  # never through a link planted there
        data = orjson.loads(read_regular(cache))  # never a pipe or a device
    except (OSError, orjson.JSONDecodeError):
        return {}
    if not isinstance(data, dict) or data.get("key") != key:
        return {}
    entries = data.get("entries")
    if not isinstance(entries, dict):
        return {}
    return {k: v for k, v in entries.items() if isinstance(v, dict)}


def _save(file: Path, key: str, entries: dict[str, dict[str, Any]]) -> None:
    """Best effort: entries that cannot be kept are computed again next time."""
    target = state_file(file, "listed")
    with contextlib.suppress(OSError):
        private_folder(target.parent, inside=state_dir())  # 0700, never a planted link
        atomic_write(target, orjson.dumps({"key": key, "entries": entries}))
