"""The calendar export, parsed back with icalendar: what is in it, what is left out, and
UIDs that stay the same so a calendar updates its entries instead of adding copies."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
from hypothesis import given
from hypothesis import strategies as st

from partner_tui.domain.cadence import Cadence, MonthlyCadence
from partner_tui.domain.partner import Partner, StageChange, new_partner
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.exchange.ical_lines import _TEXT_ESCAPES, line, text
from partner_tui.exchange.ics_export import CALENDAR_NAME, export_ics

TODAY = date(2026, 3, 16)
LIVE = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


def program() -> list[Partner]:
    acme = new_partner(
        "Acme Analytics", Stage.ENGAGE, contact_name="Jane Doe", contact_email="jane@acme.io",
        next_action="Send the proposal", next_action_date=date(2026, 3, 13),
        website="acme.io",
    )
    beacon = new_partner(
        "Beacon", Stage.ACTIVE, contact_name="Ola", next_action="Plan the webinar",
        next_action_date=date(2026, 4, 2),
        # Live since Jan 10: the monthly cycle was due Feb 10; two of its items are done.
        cadence=Cadence(monthly=MonthlyCadence(review_metrics=True, check_in_call=True)),
    ).model_copy(update={"stage_history": [StageChange(stage=Stage.ACTIVE, entered_at=LIVE)]})
    gone = new_partner(
        "Gone Corp", Stage.ARCHIVED, archive_reason=ArchiveReason.DECLINED,
        next_action="Never", next_action_date=date(2026, 3, 1),
    )
    undated = new_partner("Undated", next_action="Someday")
    return [acme, beacon, gone, undated]


def todos(data: bytes) -> dict[str, icalendar.cal.Component]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(c["summary"]): c for c in calendar.walk("VTODO")}


def test_every_open_item_is_a_todo_with_its_due_day() -> None:
    partners = program()
    data = export_ics(partners, TODAY)
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["x-wr-calname"]) == CALENDAR_NAME
    assert str(calendar["version"]) == "2.0"
    items = todos(data)
    assert set(items) == {
        "Acme Analytics: Send the proposal",
        "Beacon: Plan the webinar",
        "Beacon: Share updates (monthly cadence)",
        "Beacon: Plan activities (monthly cadence)",
        "Beacon: Business review (quarterly cadence)",
        "Beacon: Strategy discussion (quarterly cadence)",
        "Beacon: Performance analysis (quarterly cadence)",
        "Beacon: Plan adjustments (quarterly cadence)",
    }  # archived partners and ticked items are left out; an undated action has no day
    acme = items["Acme Analytics: Send the proposal"]
    assert acme.decoded("due") == date(2026, 3, 13)  # overdue stays on its day
    assert "Contact: Jane Doe <jane@acme.io>" in str(acme["description"])
    assert "Stage: Engage" in str(acme["description"])
    assert str(acme["status"]) == "NEEDS-ACTION"
    assert str(acme["url"]) == "https://acme.io"
    assert items["Beacon: Share updates (monthly cadence)"].decoded("due") == date(2026, 2, 10)
    assert items["Beacon: Business review (quarterly cadence)"].decoded("due") == date(2026, 4, 10)


def test_uids_are_stable_so_a_second_import_updates() -> None:
    partners = program()
    first = {str(c["uid"]): c for c in todos(export_ics(partners, TODAY)).values()}
    assert len(first) == 8  # one UID per item
    assert export_ics(partners, TODAY) == export_ics(partners, date(2026, 3, 17))
    # The next action moves to another day: same UID, new day.
    acme = partners[0].model_copy(update={"next_action_date": date(2026, 3, 30)})
    again = {str(c["uid"]): c for c in todos(export_ics([acme, *partners[1:]], TODAY)).values()}
    assert set(again) == set(first)
    uid = f"{acme.id}.next-action@partner-tui"
    assert again[uid].decoded("due") == date(2026, 3, 30)
    assert f"{partners[1].id}.monthly.share_updates@partner-tui" in again


def test_events_for_calendars_without_todos() -> None:
    calendar = icalendar.Calendar.from_ical(export_ics(program(), TODAY, events=True))
    assert not list(calendar.walk("VTODO"))
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    acme = events["Acme Analytics: Send the proposal"]
    assert acme.decoded("dtstart") == date(2026, 3, 13)
    assert acme.decoded("dtend") == date(2026, 3, 14)
    assert str(acme["transp"]) == "TRANSPARENT"


def test_no_control_character_reaches_the_calendar() -> None:
    hostile = new_partner(
        "Evil\x1b]52;c;aGk=\x07 Corp\u202e", next_action="Call\x9b2J",
        next_action_date=date(2026, 3, 20),
    )
    data = export_ics([hostile], TODAY)
    assert b"\x1b" not in data and b"\x07" not in data
    assert "\u202e".encode() not in data and "\x9b".encode() not in data
    (summary,) = todos(data)
    assert summary.startswith("Evil]52;c;aGk= Corp")  # the model cleaned what it stored


# -- the lines are written directly: the icalendar parser must read them back exactly --

PRINTABLE_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029")
    | st.sampled_from(["\n", "\\", ";", ",", ":", '"', "é", "日", "🙂"]),
    max_size=300,
)


@given(PRINTABLE_TEXT)
def test_any_text_value_reads_back_as_written(value: str) -> None:
    data = b"".join(
        [
            line("BEGIN", "VCALENDAR"),
            line("VERSION", "2.0"),
            line("PRODID", "-//test//EN"),
            line("BEGIN", "VJOURNAL"),
            line("UID", "x@test"),
            line("DTSTAMP", "20260316T093000Z"),
            line("SUMMARY", text(value)),
            line("END", "VJOURNAL"),
            line("END", "VCALENDAR"),
        ]
    )
    for physical in data.split(b"\r\n"):
        assert len(physical) <= 75  # folded (RFC 5545 3.1)
        physical.decode("utf-8")  # never inside a character
    (journal,) = icalendar.Calendar.from_ical(data).walk("VJOURNAL")
    assert str(journal["summary"]) == value


@given(st.text(st.sampled_from(list("a\\;,\r\n:é")) | st.characters(), max_size=40))
def test_text_escapes_as_the_escape_mapping_does(value: str) -> None:
    # text() escapes by one str.replace per character (faster): the mapping's result.
    expected = value.replace("\r\n", "\n").replace("\r", "\n").translate(_TEXT_ESCAPES)
    assert text(value) == expected


@given(st.lists(PRINTABLE_TEXT.filter(str.strip), min_size=1, max_size=4))
def test_an_export_reads_back_with_every_entry(actions: list[str]) -> None:
    partners = [
        new_partner(f"Partner {n}", next_action=action, next_action_date=date(2026, 3, 20 + n))
        for n, action in enumerate(actions)
    ]
    data = export_ics(partners, TODAY)
    calendar = icalendar.Calendar.from_ical(data)
    read = {str(todo["uid"]): todo for todo in calendar.walk("VTODO")}
    assert len(read) == len(partners)
    for partner in partners:
        todo = read[f"{partner.id}.next-action@partner-tui"]
        assert str(todo["summary"]) == f"{partner.company}: {partner.next_action}"
        assert todo.decoded("due") == partner.next_action_date
        assert f"partner-tui id: {partner.id}" in str(todo["description"])


def test_an_export_with_nothing_due_still_holds_a_component_calendars_do_not_show() -> None:
    data = export_ics([new_partner("Undated", next_action="Someday")], TODAY)
    calendar = icalendar.Calendar.from_ical(data)
    assert not list(calendar.walk("VTODO")) and not list(calendar.walk("VEVENT"))
    (placeholder,) = calendar.walk("VJOURNAL")
    assert "Nothing to do" in str(placeholder["summary"])
    assert export_ics([], TODAY) == export_ics([], date(2027, 1, 1))  # the same file each time


def test_sequence_grows_when_the_partner_changes_so_calendars_take_the_new_day() -> None:
    acme = program()[0]
    later = acme.model_copy(
        update={
            "next_action_date": date(2026, 3, 30),
            "updated_at": acme.updated_at + timedelta(minutes=5),
        }
    )
    (before,) = icalendar.Calendar.from_ical(export_ics([acme], TODAY)).walk("VTODO")
    (after,) = icalendar.Calendar.from_ical(export_ics([later], TODAY)).walk("VTODO")
    assert int(after["sequence"]) > int(before["sequence"]) > 0
    assert str(after["uid"]) == str(before["uid"])
