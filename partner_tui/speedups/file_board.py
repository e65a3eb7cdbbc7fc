"""The board's cards straight from a file this program has validated whole, for the
command line's reading commands (`list`, `due`, with or without `--json`).

A script or cron job calls `list` many times a day on a file that rarely changes. Opening
the store for it (text cleaning of every record, the record check, the lock machinery,
pydantic and the playbook's models) costs several times the program's own start at
10,000 partners, to prove again what an earlier open proved. Here the file's bytes are
hashed and compared with the digest kept in the state folder of the last file all of
whose records passed validation (known_valid.py); only that exact file is read this way,
as cards (which clean every field they show, see store/cards.py). Anything else (a file
changed by hand or by git since, an older schema, no digest kept) answers None, and the
command opens the store as before, which validates and remembers the file for next time.

Like every speedup, deleting this module loses nothing but time: the command line falls
back to the store whenever this answers None.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from partner_tui.domain.stages import Stage, live_since_of
from partner_tui.os_compat.files import read_regular
from partner_tui.speedups.known_valid import file_digest, load_known_valid
from partner_tui.store.file import schema
from partner_tui.store.file.lock import data_file
from partner_tui.store.records.cards import PartnerCard
from partner_tui.store.records.partner_index import PartnerIndex

if TYPE_CHECKING:
    from partner_tui.domain.deals import Deal
    from partner_tui.domain.due_list import DueItem
    from partner_tui.domain.program import ProgramRules


class FileBoard:
    """The board as the store would give it (`column_cards`, `cards`, `card`), read-only,
    and what an active partner has due, from its record (no model of the partner)."""

    def __init__(
        self, index: PartnerIndex, settings: dict[str, Any], deals: dict[str, Any] | None = None
    ) -> None:
        self._index = index
        self._settings = settings  # the file's settings table, as stored
        self._deals = deals or {}  # the file's deals table, as stored

    def column_cards(self, stage: Stage) -> list[PartnerCard]:
        return self._index.column(stage)

    def cards(self) -> list[PartnerCard]:
        return list(self._index.cards.values())

    def card(self, partner_id: str) -> PartnerCard:
        return self._index.cards[partner_id]

    def active_due(self, card: PartnerCard, until: date) -> list[DueItem]:
        """domain/due_list.active_due_items of an active partner, its cadence the only
        part of the record made a model (a partner's whole model costs 20 times more)."""
        from partner_tui.domain.cadence import Cadence
        from partner_tui.domain.due_list import active_due_items

        raw = card.record
        history = (
            (Stage(change["stage"]), datetime.fromisoformat(change["entered_at"]))
            for change in raw.get("stage_history") or ()
        )
        since = live_since_of(history, datetime.fromisoformat(raw["created_at"]))
        cadence = Cadence.model_validate(raw.get("cadence") or {})
        return active_due_items(card, cadence, since, until)

    def open_registrations(self) -> list[Deal]:
        """The open registrations of partners in the file (store.deals'), made models."""
        from partner_tui.domain.deals import Deal
        from partner_tui.domain.registration import is_open_record

        cards = self._index.cards
        return [
            Deal.model_validate(raw)
            for raw in self._deals.values()
            if isinstance(raw, dict) and raw.get("partner_id") in cards and is_open_record(raw)
        ]

    def rules(self) -> ProgramRules:
        """The program's rules (quiet days per stage, ...) from the file's settings."""
        from partner_tui.store.records.settings import settings_of_table

        return settings_of_table(self._settings).rules


def known_valid_board(db: Path) -> FileBoard | None:
    """The board of `db` when its bytes are those of a file known valid as a whole, in
    the current schema; None whenever that cannot be vouched for."""
    file = data_file(db)
    known = load_known_valid(file)
    if known.file is None:
        return None
    try:
        content = read_regular(file)  # never through a planted link, never a pipe
    except OSError:
        return None
    if file_digest(content) != known.file:
        return None
    try:
        data = orjson.loads(content)
        if not isinstance(data, dict) or schema.version_of(data) != schema.SCHEMA_VERSION:
            return None
    except (orjson.JSONDecodeError, ValueError):
        return None
    partners = data.get("partners")
    if not isinstance(partners, dict) or not all(isinstance(r, dict) for r in partners.values()):
        return None
    settings = data.get("settings")
    if not isinstance(settings, dict):
        return None
    cards = {key: PartnerCard(raw, key) for key, raw in partners.items()}
    deals = data.get("deals")
    return FileBoard(PartnerIndex(cards), settings, deals if isinstance(deals, dict) else None)
