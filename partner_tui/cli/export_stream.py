"""`export --format csv|json|md|ics`, written as it is made: one partner at a time.

An export of 10,000 partners used to hold every partner's model (about 130 MB), the whole
text and its bytes at once (255 to 416 MB at the peak). Here partners come in board
order (the order every export writes, exchange/export_order.py), one model at a time
(the store keeps a bounded few), and each piece of text goes to the file or the terminal
as soon as it is made. The calendar needs no model at all when the file is known valid
as a whole (speedups/file_board.py): its entries are read from the records.

The pieces are the exchange's own (csv_chunks, json_chunks, calendar_chunks, and the
Markdown report, which measures the whole program before its first line, a partner at a
time, keeping each partner's section as text): the text is the same as the whole
exports', which tests hold. A file known valid gives its JSON export from its records
(cli/export_from_file.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from partner_tui.domain import clock

if TYPE_CHECKING:
    from partner_tui.domain.due_list import DueItem
    from partner_tui.domain.partner import Partner
    from partner_tui.exchange.ics_export import CalendarPartner
    from partner_tui.exchange.markdown import MarkdownReport
    from partner_tui.exchange.report_records import ReportPartner
    from partner_tui.speedups.file_board import FileStore
    from partner_tui.store.partner_store import PartnerStore


@dataclass
class Exported:
    """How many partners (or calendar entries) an export wrote, counted as it went."""

    count: int = 0


def board_order(
    store: PartnerStore | FileStore, counted: Exported
) -> Iterator[Partner | ReportPartner]:
    """Every partner's model in board order (stage by stage, archived last), one at a
    time, counted. From a file known valid (only the Markdown report reads it this way)
    what the report reads of each, read from its record (exchange/report_records.py,
    held to the model's reading by a property test); a record only validation can read
    is validated, its sections left at the default shared (speedups/
    read_only_partners.py). Read them, never change them."""
    from partner_tui.cli.partner_commands import listed_cards

    if hasattr(store.partners, "calendar_entries"):  # a file known valid (FileBoard)
        from partner_tui.exchange.report_records import ReportRecords
        from partner_tui.speedups.read_only_partners import ReadOnlyPartners

        records = ReportRecords()
        models: ReadOnlyPartners | None = None
        for card in listed_cards(store.partners):
            counted.count += 1
            try:
                partner: Partner | ReportPartner = records.read(card.record)
            except (ValueError, TypeError, AttributeError):  # NotReadable is a ValueError
                models = models or ReadOnlyPartners()
                partner = models.of_record(card.record)
            yield partner
        return
    for card in listed_cards(store.partners):
        counted.count += 1
        yield store.partners.get(card.id)


def export_chunks(
    store: PartnerStore | FileStore, fmt: str, events: bool, counted: Exported
) -> Iterator[str | bytes]:
    """The export's text (or bytes), piece by piece."""
    today = clock.today()
    if fmt == "ics":
        from partner_tui.exchange.ics_export import calendar_chunks

        yield from calendar_chunks(_counted_entries(_calendar(store), counted), events=events)
    elif fmt == "csv":
        from partner_tui.exchange.csv_export import csv_chunks, row_chunks

        if hasattr(store.partners, "calendar_entries"):  # a file known valid (FileBoard)
            yield from row_chunks(_record_rows(store, counted))  # type: ignore[arg-type]
        else:
            yield from csv_chunks(board_order(store, counted))
    elif fmt == "json":
        if hasattr(store.partners, "calendar_entries"):  # a file known valid (FileBoard)
            from partner_tui.cli.export_from_file import json_chunks_of_file
            from partner_tui.speedups.collector import paused_then_frozen

            # What this makes is no cycle (each partner's dump is freed by reference
            # counting once its piece is written): the cycle collector, which walked
            # what was made so far each time enough piled up, about a twentieth of
            # the export, is off meanwhile.
            with paused_then_frozen(big=False):
                yield from json_chunks_of_file(store, counted)  # type: ignore[arg-type]
            return
        from partner_tui.exchange.json_export import json_chunks

        program, payouts = store.program, store.payouts
        yield from json_chunks(
            board_order(store, counted), program.settings(), program.templates(), clock.now(),
            store.deals.all(), payouts.all_payments(), payouts.all_figures(today),
        )
    else:
        yield from markdown_report(store, counted).chunks()


def markdown_report(store: PartnerStore | FileStore, counted: Exported) -> MarkdownReport:
    """The Markdown report of every partner, in board order, counted, as of today."""
    from partner_tui.exchange.markdown import MarkdownReport
    from partner_tui.profile.your_name import settings_with_your_name
    from partner_tui.speedups.kept_figures import deal_measures_as_of

    today = clock.today()
    # The report is yours: your name (from your config) beside the company.
    settings = settings_with_your_name(store.program.settings())
    # The report opens with figures of the whole program: each partner is measured and
    # its section written as it comes (one model at a time), the text sent at the end.
    report = MarkdownReport(settings, today, deal_measures_as_of(store, today))  # kept
    for partner in board_order(store, counted):
        report.add(partner)
    return report


def _record_rows(store: FileStore, counted: Exported) -> Iterator[dict[str, str]]:
    """Each partner's CSV row in board order, read from its record (a file known valid:
    exchange/csv_records.py); a record only validation can read is validated."""
    from partner_tui.cli.partner_commands import listed_cards
    from partner_tui.exchange.csv_export import partner_row
    from partner_tui.exchange.csv_records import record_row

    for card in listed_cards(store.partners):
        counted.count += 1
        try:
            yield record_row(card.record)
        except (ValueError, TypeError, AttributeError):
            yield partner_row(store.partners.get(card.id))


def _calendar(
    store: PartnerStore | FileStore,
) -> Iterable[tuple[CalendarPartner, list[DueItem]]]:
    """Each partner that may have something to do, with all it has still open."""
    entries = getattr(store.partners, "calendar_entries", None)
    if entries is not None:  # a file known valid: read from its records (FileBoard)
        return entries()
    from partner_tui.cli.due_command import may_be_due
    from partner_tui.domain.due_list import due_items
    from partner_tui.exchange.ics_export import CalendarPartner

    today = clock.today()
    return (
        (CalendarPartner.of_partner(p), due_items(p, today, until=date.max))
        for p in may_be_due(store, date.max)  # type: ignore[arg-type]
    )


def _counted_entries(
    entries: Iterable[tuple[CalendarPartner, list[DueItem]]], counted: Exported
) -> Iterator[tuple[CalendarPartner, list[DueItem]]]:
    for partner, items in entries:
        counted.count += len(items)
        yield partner, items
