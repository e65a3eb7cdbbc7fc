"""Everything still to do, as a calendar (iCalendar, RFC 5545): every open next action
and every unticked cadence item of the active partners, each a to-do on its due day.

What is due comes from the dashboard's own rule (domain/due_list.py), looked ahead
without limit. Archived partners and done items are left out.

Each item keeps one UID for good (the partner's id, the kind of item, the cadence item),
so a calendar that imports the file again, or refreshes a subscription to it, updates its
entries instead of adding copies: a next action moved to another day moves, and the next
monthly cycle's "Review metrics" replaces the last one. The file holds nothing that
changes between two exports of the same data (no export time), so it diffs cleanly.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from icalendar import Calendar, Event, Todo

from partner_tui import __version__
from partner_tui.domain.due_list import DueItem, DueKind, due_items
from partner_tui.domain.partner import Partner
from partner_tui.domain.safe_text import for_terminal

CALENDAR_NAME = "Partnerships (partner-tui)"
UID_DOMAIN = "partner-tui"
# Subscribed calendars re-read the file this often (clients that honour the hint).
REFRESH = "PT1H"


def item_uid(item: DueItem) -> str:
    """The item's UID: the same for as long as the item is the same kind of work."""
    what = "next-action" if item.kind is DueKind.NEXT_ACTION else f"{item.kind}.{item.item}"
    return f"{item.partner_id}.{what}@{UID_DOMAIN}"


def description(partner: Partner) -> str:
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


def _component(item: DueItem, partner: Partner, events: bool) -> Todo | Event:
    entry: Todo | Event = Event() if events else Todo()
    entry.add("uid", item_uid(item))
    # Stamped with the partner's last change, not the export's time: the same data always
    # gives the same file, and a calendar sees an entry as changed only when it is.
    entry.add("dtstamp", partner.updated_at)
    entry.add("last-modified", partner.updated_at)
    entry.add("summary", _text(item.title))
    entry.add("description", _text(description(partner)))
    entry.add("categories", ["Partnerships", item.kind.label])
    if partner.website:
        entry.add("url", partner.website)
    if events:
        entry.add("dtstart", item.due)
        entry.add("dtend", item.due + timedelta(days=1))
        entry.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
    else:
        entry.add("due", item.due)
        entry.add("status", "NEEDS-ACTION")
    return entry


def export_ics(partners: Iterable[Partner], today: date, *, events: bool = False) -> bytes:
    """The calendar as bytes (CRLF lines, UTF-8), partners in the order given (the
    board's, from the command line). `events`: all-day events instead of to-dos, for
    calendars that do not show to-dos (Google Calendar, Outlook).

    Each entry is written out as soon as it is made: 10,000 partners' 30,000 entries are
    never all in memory at once, nor are the partners when `partners` is a generator."""
    calendar = Calendar()
    calendar.add("prodid", f"-//partner-tui//partner-tui {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    head, end = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
    chunks = [head]
    for partner in partners:
        for item in due_items(partner, today, until=date.max):
            chunks.append(_component(item, partner, events).to_ical())
    chunks.append(b"END:VCALENDAR" + end)
    return b"".join(chunks)
