"""`list`'s table reads its rows straight from the records when every value printed is
plain (cli/partner_text._plain_rows): it must print exactly what reading each row
through its card (cleaned as stored, escaped for a terminal) prints, for any text."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partner_tui.cli import partner_text
from partner_tui.store.records.cards import PartnerCard

TODAY = date(2026, 12, 7)
# Plain text most of the time (the fast path), any text sometimes (its fallback).
TEXT = st.one_of(
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40),
    st.text(max_size=40),
)
RECORD = st.fixed_dictionaries(
    {"id": st.uuids().map(str), "stage": st.sampled_from(["prospect", "engage", "active"])},
    optional={
        "company": TEXT,
        "contact_name": TEXT,
        "contact_email": TEXT,
        "next_action": TEXT,
        "next_action_date": st.dates().map(date.isoformat),
    },
)


def by_card(cards: list[PartnerCard]) -> list[str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(partner_text, "_plain_rows", lambda _cards: None)
        return partner_text.partner_table(cards, TODAY)


@given(st.lists(RECORD, max_size=8))
def test_the_table_read_from_records_is_the_table_read_through_cards(
    records: list[dict[str, str]],
) -> None:
    cards = [PartnerCard(raw) for raw in records]
    assert partner_text.partner_table(cards, TODAY) == by_card(cards)


def test_a_control_character_anywhere_sends_the_table_through_the_cards() -> None:
    cards = [PartnerCard({"id": "a", "company": "Acme"}),
             PartnerCard({"id": "b", "company": "Evil\x1b]52;c;x\x07"})]
    assert partner_text._plain_rows(cards) is None
    table = partner_text.partner_table(cards, TODAY)
    assert "\x1b" not in "".join(table) and table == by_card(cards)


def test_the_due_report_escapes_a_title_only_when_one_needs_it() -> None:
    from partner_tui.domain.due_list import DueItem, DueKind

    items = [
        DueItem("a", "Acme", DueKind.NEXT_ACTION, date(2026, 12, 1), "Call"),
        DueItem("b", "Beta\x1b[2J", DueKind.NEXT_ACTION, date(2026, 12, 1), "Mail"),
        DueItem("c", "Gamma", DueKind.NEXT_ACTION, TODAY, "Visit"),
    ]
    report = partner_text.due_report(items, TODAY, 7)
    assert report == [
        "Overdue:",
        "  Tue 2026-12-01  Acme: Call  (6 days overdue)",
        "  Tue 2026-12-01  Beta\\x1b[2J: Mail  (6 days overdue)",
        "Today:",
        "  Mon 2026-12-07  Gamma: Visit",
    ]
    plain = partner_text.due_report([items[0], items[2]], TODAY, 7)
    assert plain == [report[0], report[1], *report[3:]]
