"""The account lists in the data file: ours and each partner's, and their overlap.

One record per list in the table `account_lists`, keyed by the list's id ('ours' or the
partner's id: domain/accounts.list_id), so a team shares them and the record-level merge
and the git merge driver handle them like any record (merge_specs.py says how two imports
of one list meet: the later import wins whole). Only name, domain, status, owner and value
of each account are kept. Importing a list again replaces it; importing the same accounts
again changes nothing (not even the day it is "as of").

Records are replaced, never changed in place, so what is computed from a record is kept
for as long as the very same record object is stored: our list's domain index, and each
partner's overlap with it. The dashboard's panel and the board's cards read those.
"""

from __future__ import annotations

import threading
from collections.abc import Container, Iterable
from datetime import date, datetime
from typing import Any

from partner_tui.domain.account_overlap import OurAccounts, Overlap, overlap
from partner_tui.domain.accounts import OURS, Account, AccountList, list_id, new_list, rows_of
from partner_tui.store.file.storage import SafeJSONStorage
from partner_tui.store.records.account_lists import drop_list, put_list, stored_lists


def dump_list(account_list: AccountList) -> dict[str, Any]:
    """The stored form: every field spelled out (a list is one record; its rows are most
    of it)."""
    return account_list.model_dump(mode="json")


class AccountLists:
    """PartnerStore's account lists (store.accounts)."""

    def __init__(self, storage: SafeJSONStorage) -> None:
        self._storage = storage
        self._lock = threading.RLock()
        # (our stored record, its index) and, per partner, (their record, our record,
        # the overlap): kept while those very records are stored.
        self._ours: tuple[dict[str, Any] | None, OurAccounts] = (None, OurAccounts())
        self._overlaps: dict[str, tuple[dict[str, Any], dict[str, Any] | None, Overlap]] = {}
        self.changed = False  # a list was imported or forgotten since the file was read

    # -- reading ---------------------------------------------------------------------------
    def table(self) -> dict[str, dict[str, Any]]:
        return stored_lists(self._storage)

    def records(self) -> list[dict[str, Any]]:
        """Every stored list (to hash, never to change)."""
        return list(self.table().values())

    def get(self, partner_id: str | None) -> AccountList | None:
        """Our list (partner_id None) or a partner's, validated; None when there is none."""
        raw = self.table().get(list_id(partner_id))
        return None if raw is None else AccountList.model_validate(raw)

    def held(self) -> list[AccountList]:
        """Every list held, ours first, then by partner id (the stored rows included)."""
        lists = [AccountList.model_validate(raw) for raw in self.table().values()]
        return sorted(lists, key=lambda a: (not a.ours, a.partner_id or ""))

    def has_ours(self) -> bool:
        return OURS in self.table()

    # -- changing ------------------------------------------------------------------------
    def replace(
        self, partner_id: str | None, accounts: Iterable[Account], now: datetime | None = None
    ) -> AccountList | None:
        """Store `accounts` as the list (ours, or the partner's), in place of what it held.
        Returns the stored list, or None when it holds these very accounts already (then
        nothing is written)."""
        accounts = list(accounts)
        rows = rows_of(accounts)
        key = list_id(partner_id)
        with self._storage.batch():
            old = stored_lists(self._storage).get(key)
            if old is not None and old.get("accounts") == rows:
                return None
            made = new_list(partner_id, accounts, now)
            created = _instant(old.get("created_at")) if old is not None else None
            if created is not None:
                made = made.model_copy(update={"created_at": created})  # the list, renewed
            record = dump_list(made)
            put_list(self._storage, key, record)
            self.changed = True
        return AccountList.model_validate(record)

    def forget(self, partner_id: str | None) -> bool:
        """Remove the list from the file; False when there was none."""
        key = list_id(partner_id)
        with self._storage.batch():
            if not drop_list(self._storage, key):
                return False
            self.changed = True
        return True

    # -- the overlap -------------------------------------------------------------------------
    def _our_index(self, ours: dict[str, Any] | None) -> OurAccounts:
        with self._lock:
            kept_record, index = self._ours
            if kept_record is not ours:
                index = OurAccounts(ours.get("accounts") or [] if ours is not None else [])
                self._ours = (ours, index)
            return index

    def overlap_of(self, partner_id: str) -> Overlap | None:
        """Our list against the partner's; None when either list is missing."""
        table = self.table()
        ours, theirs = table.get(OURS), table.get(partner_id)
        if ours is None or theirs is None or partner_id == OURS:
            return None
        with self._lock:
            kept = self._kept(partner_id, theirs, ours)
            if kept is not None:
                return kept
            found = overlap(
                partner_id,
                _day(theirs.get("as_of")),
                theirs.get("accounts") or [],
                self._our_index(ours),
            )
            self._overlaps[partner_id] = (theirs, ours, found)
            return found

    def _kept(
        self, partner_id: str, theirs: dict[str, Any], ours: dict[str, Any]
    ) -> Overlap | None:
        kept = self._overlaps.get(partner_id)
        return kept[2] if kept is not None and kept[0] is theirs and kept[1] is ours else None

    def _listed(self, live: Container[str]) -> list[str]:
        """The partners in `live` (the file's partners) that have a list."""
        return [key for key in self.table() if key != OURS and key in live]

    def overlaps(self, live: Container[str]) -> list[Overlap]:
        """The overlap with each partner in `live` that has a list (none without ours).
        The first call after a list changed compares it (up to a second at 50 lists of
        10,000 against 100,000: call it off the screen's thread); later calls are free."""
        if not self.has_ours():
            return []
        found = (self.overlap_of(pid) for pid in self._listed(live))
        return [o for o in found if o is not None]

    def known_overlaps(self, live: Container[str]) -> list[Overlap] | None:
        """overlaps(live) if every one is computed already (a screen can draw them at
        once), else None (compute them with overlaps() in the background first)."""
        table = self.table()
        ours = table.get(OURS)
        if ours is None:
            return []
        with self._lock:
            found = [self._kept(pid, table[pid], ours) for pid in self._listed(live)]
        return None if any(o is None for o in found) else [o for o in found if o is not None]

    def known_intro_counts(self, live: Container[str]) -> dict[str, int] | None:
        """Partner id -> its warm intros for us (those with one), if known_overlaps is."""
        found = self.known_overlaps(live)
        if found is None:
            return None
        return {o.partner_id: o.intro_count for o in found if o.intro_count}


def _instant(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _day(value: object) -> date:
    """A stored list's as_of (validated when the file was read)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))
