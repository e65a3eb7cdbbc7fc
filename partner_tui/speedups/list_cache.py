"""Every partner's entry in `list --json` (its summary and its figures), kept for the
file and the day.

A script or an agent calls `list --json` many times a day on a file that rarely changes;
computing 10,000 partners' figures (domain/partner_figures.py, through the store's
Payouts) and summaries costs about three times the program's own start each time. Both
depend only on the file's records and on the day (quiet days, the month to date), so
each entry's JSON is kept in the state folder under the digest of a file known valid as a
whole, the day and this version of the program: the same functions' results, computed
once per file and day. Any other file, day or version computes them again (and keeps
them). With the entries, each query's order is kept (`list --json`, `list --json --stage
active`): the same query on the same file and day then reads only these (kept_listing),
once the file's stamp vouches for it (speedups/trusted_stamp.py), not the data file.
Deleting this module, or its state file, loses only time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from partner_tui import __version__
from partner_tui.speedups.state_cache import keep, kept_under
from partner_tui.store.file import schema

KIND = "listed"  # state/listed/
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
    listing: str | None = None,
) -> dict[str, dict[str, Any]]:
    """The `list --json` entry of each partner in `ids`, by id: kept ones for this file
    (`digest`, known valid) and day, the others from `compute` (and kept). `listing`
    names the query `ids` answer, in their order (kept_listing gives it back)."""
    key = _key(digest, today)
    kept, listings = _load(file, key)
    found: dict[str, dict[str, Any]] = {}
    fresh = False
    order = list(ids)
    for partner_id in order:
        entry = kept.get(partner_id)
        if entry is None:
            entry = kept[partner_id] = compute(partner_id)
            fresh = True
        found[partner_id] = entry
    if listing is not None and listings.get(listing) != order:
        listings[listing] = order
        fresh = True
    if fresh:
        _save(file, key, kept, listings)
    return found


def kept_listing(file: Path, digest: str, today: date, listing: str) -> list[dict[str, Any]] | None:
    """The entries of the query `listing` (in its order) as kept for this file (`digest`,
    known valid) and day by an earlier entries_json, or None: the next call of the same
    `list --json` reads no more than this (not the data file)."""
    kept, listings = _load(file, _key(digest, today))
    order = listings.get(listing)
    if order is None:
        return None
    found = [kept.get(partner_id) for partner_id in order]
    return found if all(entry is not None for entry in found) else None  # type: ignore[return-value]


def _load(file: Path, key: str) -> tuple[dict[str, dict[str, Any]], dict[str, list[str]]]:
    data = kept_under(file, KIND, key)
    if data is None:
        return {}, {}
    entries = data.get("entries")
    if not isinstance(entries, dict):
        return {}, {}
    listings = data.get("listings")
    return (
        {k: v for k, v in entries.items() if isinstance(v, dict)},
        {
            k: v for k, v in (listings.items() if isinstance(listings, dict) else ())
            if isinstance(v, list) and all(isinstance(i, str) for i in v)
        },
    )


def _save(
    file: Path, key: str, entries: dict[str, dict[str, Any]], listings: dict[str, list[str]]
) -> None:
    """Best effort: entries that cannot be kept are computed again next time."""
    keep(file, KIND, {"key": key, "entries": entries, "listings": listings})
