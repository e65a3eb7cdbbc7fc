"""Everything still to do, as a calendar (iCalendar, RFC 5545): every open next action
and every unticked cadence item of the active partners, each a to-do on its due day.

What is due comes from the dashboard's own rule (domain/due_list.py), looked ahead
without limit. Archived partners and done items are left out.

Each item keeps one UID for good (the partner's id, the kind of item, the cadence item),
so a calendar that imports the file again, or refreshes a subscription to it, updates its
entries instead of adding copies: a next action moved to another day moves, and the next
monthly cycle's "Review metrics" replaces the last one. The file holds nothing that
changes between two exports of the same data (no export time), so it diffs cleanly.
SEQUENCE grows with the partner's last change, so Outlook and Google, which keep an
imported entry unless its sequence grew, take a moved item's new day.

An export with nothing to do still holds one component, as RFC 5545 requires: a journal
entry saying so, which calendars do not show.

The lines are written directly (ical_lines.py): 30,000 entries in well under a second,
where building them as icalendar objects took seconds.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from partner_tui import __version__
from partner_tui.domain.due_list import DueItem, DueKind, due_items
from partner_tui.domain.safe_text import for_terminal
from partner_tui.domain.stages import Stage
from partner_tui.exchange.ical_lines import ical_date, line, text, text_list, utc_datetime

if TYPE_CHECKING:  # a file known valid is exported from its records: no models imported
    from partner_tui.domain.partner import Partner

CALENDAR_NAME = "Partnerships (partner-tui)"
UID_DOMAIN = "partner-tui"
# Subscribed calendars re-read the file this often (clients that honour the hint).
REFRESH = "PT1H"
# SEQUENCE counts seconds of the partner's last change since this day: it only grows, and
# stays within the 32-bit integer calendars store it in until 2088.
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
# Entries written out at a time: a few hundred kilobytes (a write per partner cost a
# tenth of the export).
ENTRIES_PER_CHUNK = 500
# The stamp of the placeholder of an empty export when there is no partner at all.
NOTHING_STAMP = datetime(2020, 1, 1, tzinfo=UTC)


def item_uid(item: DueItem) -> str:
    """The item's UID: the same for as long as the item is the same kind of work."""
    what = "next-action" if item.kind is DueKind.NEXT_ACTION else f"{item.kind}.{item.item}"
    return f"{item.partner_id}.{what}@{UID_DOMAIN}"


@dataclass(frozen=True)
class CalendarPartner:
    """What a calendar entry shows of its partner: read from the model (of_partner), or
    from the stored record of a file known valid (speedups/file_board.py), which
    tests/unit/cli/test_file_board.py holds to the same calendar."""

    id: str
    company: str
    contact_name: str
    contact_email: str | None
    stage: Stage
    website: str | None
    owner: str
    updated_at: datetime

    @classmethod
    def of_partner(cls, partner: Partner) -> CalendarPartner:
        return cls(
            partner.id, partner.company, partner.contact_name, partner.contact_email,
            partner.stage, partner.website, partner.owner, partner.updated_at,
        )


def description(partner: CalendarPartner) -> str:
    contact = partner.contact_name.strip()
    if partner.contact_email:
        contact = f"{contact} <{partner.contact_email}>" if contact else partner.contact_email
    lines = [f"Contact: {contact or 'none recorded'}", f"Stage: {partner.stage.label}"]
    if partner.website:
        lines.append(f"Website: {partner.website}")
    if partner.owner:
        lines.append(f"Owner: {partner.owner}")
    lines.append(f"partner-tui id: {partner.id}")
    return "\n".join(lines)


def _text(value: str) -> str:
    # A calendar shows these to a person, as a terminal would: nothing in them may act.
    return for_terminal(value, multiline=True)


def sequence(changed: datetime) -> int:
    moment = changed if changed.tzinfo is not None else changed.replace(tzinfo=UTC)
    return max(0, int((moment - SEQUENCE_EPOCH).total_seconds()))


class _PartnerLines:
    """What every entry of one partner shares, written once for all its entries."""

    def __init__(self, partner: CalendarPartner) -> None:
        # Stamped with the partner's last change, not the export's time: the same data
        # always gives the same file, and a calendar sees an entry as changed only when it is.
        stamp = utc_datetime(partner.updated_at)
        shared = [
            line("DTSTAMP", stamp),
            line("LAST-MODIFIED", stamp),
            line("SEQUENCE", str(sequence(partner.updated_at))),
            line("DESCRIPTION", text(_text(description(partner)))),
        ]
        if partner.website:
            shared.append(line("URL", for_terminal(partner.website, multiline=False)))
        self.shared = b"".join(shared)
        self.company = partner.company


_KINDS = {
    True: (line("BEGIN", "VEVENT"), line("END", "VEVENT")),
    False: (line("BEGIN", "VTODO"), line("END", "VTODO")),
}
_TODO_STATUS = line("STATUS", "NEEDS-ACTION")
_FREE_TIME = line("TRANSP", "TRANSPARENT")  # a reminder, not a busy slot


@functools.cache
def _categories(kind: DueKind) -> bytes:
    return line("CATEGORIES", text_list(["Partnerships", kind.label]))


@functools.cache
def _day_lines(day: date, events: bool) -> bytes:
    """The lines that place an entry on its day (a few hundred distinct days a file)."""
    if events:
        return b"".join([
            line("DTSTART", ical_date(day), VALUE="DATE"),
            line("DTEND", ical_date(day + timedelta(days=1)), VALUE="DATE"),
            _FREE_TIME,
        ])
    return line("DUE", ical_date(day), VALUE="DATE") + _TODO_STATUS


def _component(item: DueItem, lines: _PartnerLines, events: bool) -> bytes:
    begin, end = _KINDS[events]
    return b"".join([
        begin,
        line("UID", text(item_uid(item))),
        lines.shared,
        line("SUMMARY", text(_text(_title(item, lines.company)))),
        _categories(item.kind),
        _day_lines(item.due, events),
        end,
    ])


def _title(item: DueItem, company: str) -> str:
    """The item's title naming its partner as the model reads the company (the
    CalendarPartner's): an item made from a board card holds the card's reading, which
    keeps the spaces a hand-typed company may have around it."""
    return item.title if item.company == company else replace(item, company=company).title


def _nothing_due(stamp: datetime) -> Iterator[bytes]:
    yield line("BEGIN", "VJOURNAL")
    yield line("UID", f"nothing-due@{UID_DOMAIN}")
    yield line("DTSTAMP", utc_datetime(stamp))
    yield line("SUMMARY", text("Nothing to do: no open next action or cadence item"))
    yield line("END", "VJOURNAL")


def export_ics(partners: Iterable[Partner], today: date, *, events: bool = False) -> bytes:
    """The calendar as bytes (CRLF lines, UTF-8), partners in the order given (the
    board's, from the command line). `events`: all-day events instead of to-dos, for
    calendars that do not show to-dos (Google Calendar, Outlook, Apple Calendar, GNOME).

    Partners are read one at a time: a generator of partners is never all in memory."""
    return b"".join(calendar_chunks(
        ((CalendarPartner.of_partner(p), due_items(p, today, until=date.max)) for p in partners),
        events=events,
    ))


def calendar_chunks(
    entries: Iterable[tuple[CalendarPartner, list[DueItem]]], *, events: bool = False
) -> Iterator[bytes]:
    """The calendar's lines, a partner's entries at a time: each partner that may have
    something to do with what it has (domain/due_list.due_items, looked ahead without
    limit). Written as they come, so a file is never held whole."""
    yield b"".join([
        line("BEGIN", "VCALENDAR"),
        line("VERSION", "2.0"),
        line("PRODID", text(f"-//partner-tui//partner-tui {__version__}//EN")),
        line("CALSCALE", "GREGORIAN"),
        line("METHOD", "PUBLISH"),
        line("X-WR-CALNAME", text(CALENDAR_NAME)),
        line("REFRESH-INTERVAL", REFRESH, VALUE="DURATION"),
        line("X-PUBLISHED-TTL", REFRESH),
    ])
    entries_written = 0
    newest = NOTHING_STAMP
    pieces: list[bytes] = []
    for partner, items in entries:
        newest = max(newest, partner.updated_at.astimezone(UTC))
        if items:
            lines = _PartnerLines(partner)
            pieces.extend([_component(item, lines, events) for item in items])
            entries_written += len(items)
            if len(pieces) >= ENTRIES_PER_CHUNK:  # one write for many entries
                yield b"".join(pieces)
                pieces.clear()
    if pieces:
        yield b"".join(pieces)
    if not entries_written:
        yield from _nothing_due(newest)
    yield line("END", "VCALENDAR")
