"""The board's filter: owner, contact, tags and type, and the qualifiers; a card keeps
the money and shows the owner's initials when wide."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from partner_tui.app import PartnerApp
from partner_tui.domain.board_query import BoardQuery
from partner_tui.domain.partner import new_partner
from partner_tui.domain.partner_types import PartnerType
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from partner_tui.store.records.cards import card_from_record
from partner_tui.ui.board.card_text import initials, name_line, worth_line
from tests.helpers.burst import burst, typed
from tests.helpers.pilot import column_names

TODAY = date(2026, 3, 16)


def _card(company: str, **fields: object):  # noqa: ANN202
    partner = new_partner(company, **fields)  # type: ignore[arg-type]
    return card_from_record(partner.model_dump(mode="json"))


GRANITE = dict(owner="Maya Okafor", partner_type=PartnerType.STRATEGIC_ALLIANCE,
               tags=["tier-1", "emea"], contact_name="Lee Park",
               potential_value=Decimal("200000"), next_action_date=TODAY - timedelta(days=2),
               stage=Stage.ENGAGE)


@pytest.mark.parametrize(
    ("query", "matches"),
    [
        ("maya", True), ("lee park", True), ("tier-1", True), ("alliance", True),
        ("owner:maya", True), ("owner:okafor", True), ("owner:sam", False),
        ("type:strategic", True), ("type:alliance", True), ("type:channel", False),
        ("tag:tier", True), ("tag:apac", False), ("due:overdue", True), ("due:today", False),
        ("stage:engage", True), ("stage:active", False), ("owner:maya granite", True),
        ("owner:maya acme", False), ("owner:", True),
    ],
)
def test_the_filter_reads_words_and_qualifiers(query: str, matches: bool) -> None:
    card = _card("Granite Cloud", **GRANITE)
    assert BoardQuery.parse(query).matches(card, TODAY) is matches


@given(st.text(alphabet="aegilmnorstwy:-1 ", max_size=24))
def test_typing_letter_by_letter_finds_what_typing_at_once_finds(text: str) -> None:
    from partner_tui.ui.board.card_filter import CardFilter

    cards = [_card("Granite Cloud", **GRANITE), _card("Tag Team", owner="Sam"),
             _card("Stage Left", tags=["tier-2"], owner="Amy Tanaka")]
    typing = CardFilter()
    for end in range(len(text) + 1):
        shown = typing.matching(text[:end], Stage.ENGAGE, cards, TODAY)
    at_once = CardFilter().matching(text, Stage.ENGAGE, cards, TODAY)
    assert list(shown) == list(at_once)


@pytest.mark.parametrize("width", [14, 18, 24, 36])
def test_a_card_keeps_the_money_and_shortens_the_type_first(width: int) -> None:
    line = worth_line(_card("Granite Cloud", **GRANITE), width, "$")
    assert "$200,000" in line and cell_len(line) == width


def test_a_wide_card_names_the_contact_and_the_owners_initials() -> None:
    card = _card("Granite Cloud", **GRANITE)
    assert name_line(card, 40) == ("Granite Cloud", "Lee Park · MO")
    assert name_line(card, 20) == ("Granite Cloud", "MO")
    assert initials("maya") == "M"


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_owner_qualifier_on_the_board(db_path: Path, size: tuple[int, int]) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Granite Cloud", **GRANITE))  # type: ignore[arg-type]
        store.partners.add(new_partner("Acme", owner="Sam Lee", stage=Stage.ENGAGE))
        store.partners.add(new_partner("Beaconly", owner="Maya Okafor", stage=Stage.PROSPECT))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=size) as pilot:
        await burst(pilot, "slash", typed("owner:maya"))
        assert column_names(app, Stage.ENGAGE) == ["Granite Cloud"]
        assert column_names(app, Stage.PROSPECT) == ["Beaconly"]
        await burst(pilot, typed(" tag:tier"))  # 'tag' is a word until the colon
        assert column_names(app, Stage.PROSPECT) == []
        assert column_names(app, Stage.ENGAGE) == ["Granite Cloud"]
