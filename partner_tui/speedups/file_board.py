"""The board's cards and tables straight from a file this program has validated whole,
for the command line's reading commands (`list`, `due`, `show`, with or without
`--json`, and the CSV, Markdown and calendar exports).

A script or cron job calls `list` many times a day on a file that rarely changes. Opening
the store for it (text cleaning of every record, the record check, the lock machinery,
pydantic and the playbook's models) costs several times the program's own start at
10,000 partners, to prove again what an earlier open proved. Here the file's bytes are
hashed and compared with the digest kept in the state folder of the last file all of
whose records passed validation (known_valid.py), or, once they have been, trusted by
the file's stamp (trusted_stamp.py); only that exact file is read this way, as cards
(which clean every field they show, see store/cards.py) and tables (FileStore: a
partner's model, the store's own Payouts over the deals and payments). Anything else (a file
changed by hand or by git since, no digest kept, a newer schema) answers None, and the
command opens the store as before, which validates and remembers the file for next time.

Like every speedup, deleting this module loses nothing but time: the command line falls
back to the store whenever this answers None.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from partner_tui.domain.cadence_rule import StoredCadence
from partner_tui.domain.due_list import active_due_items
from partner_tui.domain.quiet import quiet_after_of
from partner_tui.domain.stages import PIPELINE, Stage, live_since_of
from partner_tui.domain.tiers import Tier, stored_tier_table
from partner_tui.speedups.collector import collector_paused
from partner_tui.speedups.known_valid import file_digest, load_known_valid, vouched_digest
from partner_tui.speedups.trusted_stamp import (
    read_stamped,
    remember_stamp,
    trusted_stamp,
)
from partner_tui.store.file import schema
from partner_tui.store.file.lock import data_file
from partner_tui.store.records.cards import PartnerCard
from partner_tui.store.records.partner_index import PartnerIndex

if TYPE_CHECKING:
    from partner_tui.domain.deals import Deal
    from partner_tui.domain.due_list import DueItem
    from partner_tui.domain.partner import Partner
    from partner_tui.domain.partner_figures import PartnerFigures
    from partner_tui.domain.program import ProgramRules, Settings
    from partner_tui.exchange.ics_export import CalendarPartner
    from partner_tui.store.parts.payouts import Payouts


class FileBoard:
    """The board as the store would give it (`column_cards`, `cards`, `card`), read-only,
    and what an active partner has due, from its record (no model of the partner)."""

    def __init__(
        self,
        index: PartnerIndex,
        settings: dict[str, Any],
        data: dict[str, Any],
        file: Path,
        digest: str,
        whole: bool = False,
    ) -> None:
        self.index = index
        self._settings = settings  # the file's settings table, as stored
        self.data = data  # every table of the file, as parsed
        self.file = file
        self.digest = digest  # file_digest of the bytes read (known valid)
        # Every record of the file, whole (not a kept board's projections, not one
        # partner's spans): only such a board's figures are kept (kept_figures.py).
        self.whole = whole
        self._settings_model: Settings | None = None
        self._quiet_after: dict[Stage, int] | None = None  # each stage's, read once
        self._tier_table: tuple[Tier, ...] | None = None  # read once

    def __contains__(self, partner_id: object) -> bool:
        return partner_id in self.index.cards

    def get(self, partner_id: str) -> Partner:
        """The partner's model, as the store gives it: its record's text cleaned by the
        store's rule (store/records/load.py), then validated (it passed once already)."""
        from partner_tui.domain.partner import Partner
        from partner_tui.domain.text_fields import clean_stored

        return Partner.model_validate(clean_stored(Partner, self.index.cards[partner_id].record))

    def column_cards(self, stage: Stage) -> list[PartnerCard]:
        return self.index.column(stage)

    def cards(self) -> list[PartnerCard]:
        return list(self.index.cards.values())

    def card(self, partner_id: str) -> PartnerCard:
        return self.index.cards[partner_id]

    def active_due(self, card: PartnerCard, until: date) -> list[DueItem]:
        """domain/due_list.active_due_items of an active partner, its cadence read from
        the record by the rule itself (domain/cadence_rule.StoredCadence: no model)."""
        raw = card.record
        history = (
            (Stage(change["stage"]), datetime.fromisoformat(change["entered_at"]))
            for change in raw.get("stage_history") or ()
        )
        since = live_since_of(history, datetime.fromisoformat(raw["created_at"]))
        return active_due_items(card, StoredCadence(raw.get("cadence")), since, until)

    def open_registrations(self) -> list[Deal]:
        """The open registrations of partners in the file (store.deals'), made models."""
        cards, deals = self.index.cards, self.data.get("deals")
        if not deals:  # no deal at all: no models to import
            return []
        from partner_tui.domain.deals import Deal
        from partner_tui.domain.registration import is_open_record

        return [
            Deal.model_validate(raw)
            for raw in (deals.values() if isinstance(deals, dict) else ())
            if isinstance(raw, dict) and raw.get("partner_id") in cards and is_open_record(raw)
        ]

    def calendar_entries(self) -> Iterator[tuple[CalendarPartner, list[DueItem]]]:
        """The calendar export's partners (as cli/due_command.may_be_due picks them, in
        the same order) with everything each has still open, from their records."""
        from partner_tui.domain.due_list import next_action_item
        from partner_tui.exchange.ics_export import CalendarPartner

        for stage in PIPELINE:  # an archived partner has nothing due
            for card in self.column_cards(stage):
                first = next_action_item(card, date.max)
                if stage is not Stage.ACTIVE and first is None:
                    continue
                items = self.active_due(card, date.max) if stage is Stage.ACTIVE else [first]
                try:
                    partner = calendar_partner(card)
                except (ValueError, TypeError):  # read by validation instead
                    partner = CalendarPartner.of_partner(self.get(card.id))
                yield partner, items

    def quiet_after(self, stage: Stage) -> int:
        """ProgramRules.quiet_after of the file's settings, by the rule itself over the
        stored record (domain/quiet.py: a rule left out is at its default), no model."""
        if self._quiet_after is None:
            stored = self.stored_rules()
            self._quiet_after = {s: quiet_after_of(stored, s.value) for s in Stage}
        return self._quiet_after[stage]

    def stored_rules(self) -> dict[str, Any]:
        """The settings record's rules as stored ({}: all at their defaults)."""
        # store/records/settings.SETTINGS_KEY's record (that module brings the models).
        record = self._settings.get("1")
        rules = record.get("rules") if isinstance(record, dict) else None
        return rules if isinstance(rules, dict) else {}

    def tier_table(self) -> tuple[Tier, ...]:
        """ProgramRules.tier_table of the file's settings, read from the stored record by
        the tiers' own rule (domain/tiers.stored_tier_table), no model; the model's for a
        value only validation reads."""
        if self._tier_table is None:
            try:
                self._tier_table = stored_tier_table(self.stored_rules())
            except (ValueError, TypeError):
                self._tier_table = self.rules().tier_table()
        return self._tier_table

    def rules(self) -> ProgramRules:
        """The program's rules (quiet days per stage, ...) from the file's settings."""
        return self.settings().rules

    def settings(self) -> Settings:
        """The file's settings (read once: the figures ask for them per partner)."""
        if self._settings_model is None:
            from partner_tui.store.records.settings import settings_of_table

            self._settings_model = settings_of_table(self._settings)
        return self._settings_model


def calendar_partner(card: PartnerCard) -> CalendarPartner:
    """ics_export.CalendarPartner.of_partner of the card's model, read from its record
    through the model's own rules (exchange/csv_records.py; tests/unit/store/
    test_readers.py holds the two equal). Raises ValueError or TypeError for a record
    only validation reads (the caller validates it)."""
    from partner_tui.exchange.csv_records import (
        company_field,
        email_field,
        line_field,
        url_field,
    )
    from partner_tui.exchange.ics_export import CalendarPartner

    raw = card.record
    return CalendarPartner(
        line_field(raw, "id"), company_field(raw), line_field(raw, "contact_name"),
        email_field(raw) or None, card.stage, url_field(raw, "website") or None,
        line_field(raw, "owner"), datetime.fromisoformat(raw["updated_at"]),
    )


class StoredRules:
    """The two rules a partner's figures read (Payouts.figures: quiet_after and
    tier_table), read from the file's stored settings by the rules' own functions
    (FileBoard.quiet_after, FileBoard.tier_table): no Settings model, so `show` on a file
    known valid imports no pydantic. tests/unit/speedups/test_stored_figures.py holds
    the figures they give equal to the model's."""

    def __init__(self, board: FileBoard) -> None:
        self._board = board

    def quiet_after(self, stage: str) -> int:
        return self._board.quiet_after(Stage(stage))

    def tier_table(self) -> tuple[Tier, ...]:
        return self._board.tier_table()


class FileStore:
    """What the reading commands ask of PartnerStore, over a file known valid and read
    once: `partners` (the board's cards, a partner's model), `program.settings()`, and
    `payouts`: the store's own Payouts part over the file's deal and payment tables, so
    every figure comes from the one implementation (domain/partner_figures.py through
    store/parts/payouts.py), not from a copy of it."""

    def __init__(self, board: FileBoard) -> None:
        self.partners = board
        self.program = board  # .settings()
        self._payouts: Payouts | None = None

    @property
    def payouts(self) -> Payouts:
        if self._payouts is None:
            from types import SimpleNamespace

            from partner_tui.store.parts.payouts import Payouts
            from partner_tui.store.records.deal_table import DealTable

            # Payouts reads its core's deal table and partner index, nothing else.
            tables = SimpleNamespace(read=lambda: self.partners.data)
            core: Any = SimpleNamespace(
                deals=DealTable(tables), partners=SimpleNamespace(index=self.partners.index)  # type: ignore[arg-type]
            )
            self._payouts = Payouts(  # type: ignore[arg-type]
                core, None, self.partners.settings, rules=lambda: StoredRules(self.partners)
            )
        return self._payouts


    def listed(
        self,
        cards: list[PartnerCard],
        today: date,
        entry: Callable[[PartnerCard, PartnerFigures], dict[str, Any]],
        listing: str | None = None,
    ) -> list[dict[str, Any]]:
        """`entry(card, its figures)` of each card (`list --json`'s entry of a partner as
        of `today`), kept per partner for the month (speedups/list_cache.py), with the
        order of the query `listing` they answer (kept_list_entries gives it back)."""
        from partner_tui.speedups.list_cache import entries_json

        return entries_json(self, today, cards, entry, listing)


def kept_list_entries(db: Path, listing: str, today: date) -> bytes | None:
    """`list --json`'s text (bytes: ASCII) for the query `listing` as of `today`, its
    entries as kept for this file in its month (speedups/list_cache.py), when the file's stamp vouches
    that it is the very file known valid they were computed from; None otherwise.
    Nothing is read but the state folder's files and the file's stamp: not the data
    file."""
    from partner_tui.speedups.list_cache import kept_listing

    file = data_file(db)
    digest = vouched_digest(file)
    return kept_listing(file, digest, today, listing) if digest is not None else None


def kept_board(db: Path, *, with_deals: bool) -> FileBoard | None:
    """The board of `db` from what `list` and `due` read of it, as kept the first time
    the file was read known valid (speedups/board_cache.py), when its stamp vouches for
    it; None otherwise, and when `with_deals` is asked of a file that holds deals (the
    kept board has no deal table)."""
    from partner_tui.speedups import board_cache

    file = data_file(db)
    digest = vouched_digest(file)
    kept = board_cache.kept_board(file, digest) if digest is not None else None
    if kept is None or (with_deals and kept.get("deals") is not False):
        return None
    partners = kept["partners"]
    cards = {key: PartnerCard(raw, key) for key, raw in partners.items() if isinstance(raw, dict)}
    if len(cards) != len(partners):
        return None
    data = {"partners": partners, "settings": kept["settings"]}
    return FileBoard(PartnerIndex(cards), kept["settings"], data, file, digest)  # type: ignore[arg-type]


def one_partner_store(db: Path, partner: str) -> FileStore | None:
    """A FileStore over the one partner `partner` names (an id, else a name matched on
    the kept board, as cli/partner_lookup.find_partner matches it) in a file known valid
    whose record spans were kept (speedups/record_spans.py): its record, deals and
    payments and the file's settings, read by their spans, not the whole file. None
    whenever that cannot be vouched for (the caller reads the file)."""
    from partner_tui.speedups import record_spans

    file = data_file(db)
    known = load_known_valid(file)
    digest = known.file
    if digest is None:
        return None
    kept = record_spans.kept_spans(file, digest)
    if kept is None:
        return None
    partners = kept["partners"]
    wanted = partner.strip()
    if wanted not in partners:
        board = kept_board(db, with_deals=False)
        if board is None or not wanted:
            return None
        from partner_tui.cli.partner_lookup import find_partner

        wanted = find_partner(FileStore(board), wanted)  # type: ignore[arg-type]
    where = partners.get(wanted)
    if not isinstance(where, list) or len(where) != 4:
        return None
    start, end, deal_spans, payment_spans = where
    spans = [(start, end), *map(tuple, deal_spans), *map(tuple, payment_spans)]
    records = record_spans.read_spans(
        file, spans, lambda stamp: trusted_stamp(file, digest, stamp)  # type: ignore[arg-type]
    )
    if records is None or not all(isinstance(r, dict) for r in records):
        return None
    raw, deals = records[0], records[1 : 1 + len(deal_spans)]
    payments = records[1 + len(deal_spans) :]
    if raw.get("id") != wanted:
        return None
    data = {
        "partners": {wanted: raw},
        # Keyed by their place (what the figures read of a deal or payment is in it).
        "deals": {str(n): deal for n, deal in enumerate(deals)},
        "payments": {str(n): payment for n, payment in enumerate(payments)},
        "settings": kept["settings"],
    }
    index = PartnerIndex({wanted: PartnerCard(raw, wanted)})
    return FileStore(FileBoard(index, kept["settings"], data, file, digest))


def known_valid_store(db: Path) -> FileStore | None:
    """known_valid_board(db) as a read-only stand-in for the store, or None."""
    board = known_valid_board(db)
    return FileStore(board) if board is not None else None


def known_valid_board(db: Path) -> FileBoard | None:
    """The board of `db` when its bytes are those of a file known valid as a whole (an
    older schema migrated in memory); None whenever that cannot be vouched for."""
    read = _known_valid_read(db)
    if read is None:
        return None
    data, digest, content, migrated = read
    partners = data.get("partners")
    if not isinstance(partners, dict) or not all(isinstance(r, dict) for r in partners.values()):
        return None
    settings = data.get("settings")
    if not isinstance(settings, dict):
        return None
    cards = {key: PartnerCard(raw, key) for key, raw in partners.items()}
    file = data_file(db)
    from partner_tui.speedups.board_cache import keep_board

    keep_board(file, digest, data)  # for the next `list` and `due` of this very file
    if not migrated:  # for the next `show` of this very file
        from partner_tui.speedups.record_spans import keep_spans

        keep_spans(file, digest, content, data)
    return FileBoard(PartnerIndex(cards), settings, data, file, digest, whole=True)


def known_valid_data(db: Path) -> tuple[dict[str, Any], str] | None:
    """The parsed tables of `db` when its bytes are those of a file known valid as a
    whole (by its digest, or by the cheap stamp of a file whose digest was checked),
    migrated in memory as the store does when its schema is older, with that digest;
    None whenever that cannot be vouched for."""
    read = _known_valid_read(db)
    return None if read is None else (read[0], read[1])


def _known_valid_read(db: Path) -> tuple[dict[str, Any], str, bytes, bool] | None:
    """known_valid_data's tables and digest, with the bytes read and whether they were
    migrated in memory: every read of the whole file known valid goes through here."""
    file = data_file(db)
    known = load_known_valid(file)
    if known.file is None:
        return None
    try:
        content, stamp = read_stamped(file)
    except OSError:
        return None
    if stamp is None or not trusted_stamp(file, known.file, stamp):
        if file_digest(content) != known.file:
            return None
        if stamp is not None:  # the next read of these very bytes skips the hash
            remember_stamp(file, known.file, stamp)
    try:
        # Parsed JSON has no cycles: the collector is paused, then what was read frozen
        # (it walked the million new objects several times over otherwise).
        with collector_paused(len(content)):
            data = orjson.loads(content)
            if not isinstance(data, dict):
                return None
            found = schema.version_of(data)
            migrated = found < schema.SCHEMA_VERSION
            if found > schema.SCHEMA_VERSION:
                return None
            if found < schema.SCHEMA_VERSION:
                # Known valid as read: the store validated these very bytes after the
                # same migrations (store/file/read.py), in memory, as a read-only open
                # leaves the file at its schema. Migrated again here, the same way,
                # instead of validating every call until something writes it forward.
                data, _found = schema.migrate(schema.check_shape(data))
                schema.check_keys(data)
    except (orjson.JSONDecodeError, ValueError):
        return None
    return data, known.file, content, migrated
