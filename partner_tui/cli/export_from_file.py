"""The JSON export of a file known valid as a whole, read from its records.

`export --format json` used to open the store (a text pass over every record, the record
check) and validate every partner into its model, only to write each model's dump. A file
known valid (speedups/file_board.py: its bytes are those of a file all of whose records
passed validation) is read once instead. Each partner's text is the one kept from the
last export for the same record (speedups/kept_json_partners.py), else its dump read
straight from its record (exchange/json_records.py, held to model_dump by a property
test); a record that reader cannot vouch for is validated, as the store would. Every
partner's figures are written from their kept month part as kept text
(speedups/kept_figure_texts.py). The rest of the document comes from the store's own
parts over the file's tables, as the store gives it: the settings, the templates (the
playbook's first), the deals and payments (validated, in the store's order).
tests/unit/cli/test_export_from_file.py holds the bytes equal to the store's export.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from partner_tui.domain import clock

if TYPE_CHECKING:
    from partner_tui.cli.export_stream import Exported
    from partner_tui.speedups.file_board import FileBoard, FileStore
    from partner_tui.store.records.cards import PartnerCard
    from partner_tui.store.parts.deals import Deals
    from partner_tui.store.parts.payouts import Payouts


def kept_json_chunks_of(db: Path, counted: Exported) -> Iterator[str | bytes] | None:
    """export_json's text for `db` written from what is kept for it alone, when its stamp
    vouches that it is the very file known valid an export left all of it for
    (speedups/kept_json_export.py); None otherwise (the file is read)."""
    from partner_tui.speedups.known_valid import vouched_digest
    from partner_tui.speedups.kept_json_export import kept_json_chunks
    from partner_tui.store.file.lock import data_file

    file = data_file(db)
    digest = vouched_digest(file)
    if digest is None:
        return None
    ids: list[str] = []
    chunks = kept_json_chunks(file, digest, clock.today(), clock.now(), ids)
    if chunks is not None:
        counted.count = len(ids)
    return chunks


def json_chunks_of_file(store: FileStore, counted: Exported) -> Iterator[str | bytes]:
    """export_json's text for a file known valid, piece by piece (partners in board
    order, each partner's text as kept for its record, else read from it:
    speedups/kept_json_partners.py)."""
    from partner_tui.cli.partner_commands import listed_cards
    from partner_tui.exchange.json_export import written_document
    from partner_tui.speedups.kept_figure_texts import figures_text
    from partner_tui.speedups.kept_figures import figures_as_of
    from partner_tui.speedups.kept_json_export import keep_document, kept_head, tables_key
    from partner_tui.speedups.kept_json_partners import partners_body
    from partner_tui.speedups.known_valid import RecordHashes

    board = store.partners
    today, now = clock.today(), clock.now()

    # The settings' and templates' JSON forms as kept for the same records (a file
    # changed by log or move: only partners changed), else made from their models.
    tables = tables_key(board.data)
    kept = kept_head(board.file, tables, now)
    settings: Any = None
    templates: list[Any] = []
    head: tuple[Any, list[Any]] | None = None
    if kept is not None:
        settings_json, templates_json, made_now = kept
        head = (settings_json, templates_json)
    else:
        from partner_tui.domain.templates import PLAYBOOK_TEMPLATE_ID
        from partner_tui.store.records.templates import TemplateRecords

        # (No template of its own: nothing to clean, and the record rules not imported.)
        stored = _cleaned(board, "templates") if board.data.get("templates") else {}
        templates = TemplateRecords.of_table(stored).all()
        made_now = PLAYBOOK_TEMPLATE_ID not in stored  # the playbook's: made with its times
        settings = board.settings()

    def written_around(settings_json: Any, templates_json: list[Any], tail: str) -> None:
        # What an unchanged file's next export writes again without reading the file.
        if board.whole:
            keep_document(
                board.file, board.digest, settings_json, templates_json, made_now, tail, tables
            )

    ids: list[str] = []
    hashes = RecordHashes()  # a changed file's records hashed once, for both kept texts
    body = partners_body(board, listed_cards(board), _PartnerText(board), counted, ids, hashes)
    if not (board.data.get("deals") or board.data.get("payments")):
        # No deal nor payment: none to validate, and the store's parts (the deal and
        # payment models) are imported only if a partner's figures are computed.
        return written_document(
            body, ids, settings, templates, now, (), (),
            lambda: figures_as_of(store, today),
            lambda ids: figures_text(store, today, ids, None, hashes), written_around, head,
        )
    deals, payouts = _parts(board)
    return written_document(
        body, ids, settings, templates, now, deals.all(),
        payouts.all_payments(), lambda: figures_as_of(store, today, payouts=payouts),
        lambda ids: figures_text(store, today, ids, payouts, hashes), written_around, head,
    )


class _PartnerText:
    """A partner's text in the JSON export, from its record: its model_dump(mode="json")
    read from the record (the reader made on the first partner not kept); a record the
    reader cannot vouch for is validated."""

    def __init__(self, board: FileBoard) -> None:
        self._board = board
        self._read: Any = None

    def __call__(self, card: PartnerCard) -> tuple[bytes, str]:
        from partner_tui.exchange.json_export import written_partner
        from partner_tui.exchange.json_records import NotReadable

        try:
            dumped = self._reader()(card.record)
        except (NotReadable, ValueError, TypeError, AttributeError):  # as csv_records'
            dumped = self._board.get(card.id).model_dump(mode="json")
        return written_partner(dumped), dumped["id"]

    def _reader(self) -> Any:
        if self._read is None:
            from partner_tui.domain.partner import Partner
            from partner_tui.exchange.json_export import written_in_partner
            from partner_tui.exchange.json_records import record_reader

            # The sections a record leaves at their default are written as their text, once.
            self._read = record_reader(Partner, written_in_partner)
        return self._read


def _cleaned(board: FileBoard, table: str) -> dict[str, Any]:
    """A table of the file with every record's text cleaned, as the store reads it."""
    from partner_tui.domain.text_fields import clean_stored
    from partner_tui.store.records.load import TABLE_MODELS

    records = board.data.get(table)
    model = TABLE_MODELS[table]
    return {
        key: clean_stored(model, raw) for key, raw in (records or {}).items()
    } if isinstance(records, dict) else {}


def _parts(board: FileBoard) -> tuple[Deals, Payouts]:
    """The store's Deals and Payouts parts over the file's tables: deals and payments
    validated as the store validates them (text cleaned first), in its order."""
    from partner_tui.domain.text_fields import clean_stored
    from partner_tui.store.parts.deals import Deals
    from partner_tui.store.parts.payouts import Payouts
    from partner_tui.store.records.deal_table import DealTable
    from partner_tui.store.records.load import validate_record

    def validate(model: Any, raw: dict[str, Any], kind: str, key: str) -> Any:
        return validate_record(model, clean_stored(model, raw), kind, key, board.file, board.file)

    # The parts read their core's deal table, partner index and validator, nothing else.
    tables = SimpleNamespace(read=lambda: board.data)
    core: Any = SimpleNamespace(
        deals=DealTable(tables),  # type: ignore[arg-type]
        partners=SimpleNamespace(index=board.index),
        validate=validate,
    )
    deals = Deals(core, board.settings)
    return deals, Payouts(core, deals, board.settings)
