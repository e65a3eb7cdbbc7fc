"""Quiet partners on the board: the mark on the card and the `quiet:` qualifier, both
judged by the figures' one rule (partner_figures.quiet_of) over the program's rules."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Input

from partner_tui.app import PartnerApp
from partner_tui.domain.board_query import QUALIFIER_HELP, BoardQuery
from partner_tui.domain.partner import Activity, ActivityKind, new_partner
from partner_tui.domain.partner_figures import figures_of_partner
from partner_tui.domain.program import ProgramRules
from partner_tui.domain.stages import PIPELINE, Stage
from partner_tui.store.partner_store import PartnerStore
from partner_tui.store.records.cards import card_from_record
from partner_tui.ui.board.card_filter import CardFilter
from partner_tui.ui.board.card_text import NAME_KEPT, name_line, worth_line
from tests.conftest import FROZEN_TODAY
from tests.helpers.burst import burst, typed
from tests.helpers.pilot import column_names, screen_text

TODAY = FROZEN_TODAY
RULES = ProgramRules()  # Active: quiet after 30 days; Engage: 14; Prospect: never


def _partner(company: str, stage: Stage, touched_days_ago: int, **fields: object):
    touch = Activity(date=TODAY - timedelta(days=touched_days_ago), kind=ActivityKind.CALL,
                     text="Call")
    return new_partner(company, stage=stage, activities=[touch], **fields)  # type: ignore[arg-type]


def _card(company: str, stage: Stage, touched_days_ago: int, **fields: object):
    return card_from_record(_partner(company, stage, touched_days_ago, **fields)
                            .model_dump(mode="json"))


BEACON = ("Beacon", Stage.ACTIVE, 34)  # quiet: 34 days, Active allows 30
GRANITE = ("Granite", Stage.ACTIVE, 30)  # 30 days: not quiet yet
RELAY = ("Relay", Stage.ENGAGE, 20)  # quiet: 20 days, Engage allows 14
BEACONLY = ("Beaconly", Stage.PROSPECT, 400)  # a prospect is never quiet (0 days)


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("quiet:", {"Beacon", "Relay"}), ("quiet:yes", {"Beacon", "Relay"}),
        ("quiet:y", {"Beacon", "Relay"}), ("quiet:30", {"Beacon"}),
        ("quiet:20", {"Beacon", "Relay"}),
        ("quiet:35", set()), ("quiet:no", set()), ("quiet: bea", {"Beacon"}),
        ("quiet", set()),  # a word until the colon: no partner's text holds it
    ],
)
def test_quiet_asks_the_figures_rule(query: str, names: set[str]) -> None:
    cards = [_card(*row) for row in (BEACON, GRANITE, RELAY, BEACONLY)]
    found = {c.company for c in cards if BoardQuery.parse(query).matches(c, TODAY, RULES)}
    assert found == names


def test_without_the_rules_nobody_is_quiet_yet() -> None:
    # The board's preview (before the file is read) has no activities to judge by.
    assert not BoardQuery.parse("quiet:").matches(_card(*BEACON), TODAY, None)


@given(
    stage=st.sampled_from(list(Stage)),
    ago=st.integers(min_value=-5, max_value=400),
    allow=st.integers(min_value=0, max_value=60),
)
def test_the_card_says_what_the_figures_say(stage: Stage, ago: int, allow: int) -> None:
    partner = _partner("Acme", stage, ago)
    card = card_from_record(partner.model_dump(mode="json"))
    rules = ProgramRules(**{f"quiet_{s.value}_days": allow for s in PIPELINE})
    after = rules.quiet_after(stage.value)
    figures = figures_of_partner(partner, TODAY, after)
    assert card.quiet(after, TODAY).quiet_days == figures.quiet_days
    quiet = figures.quiet_days is not None
    assert BoardQuery.parse("quiet:").matches(card, TODAY, rules) is quiet


@given(st.text(alphabet="quietyes:0123 b", max_size=16))
def test_typing_quiet_letter_by_letter_finds_what_typing_at_once_finds(text: str) -> None:
    cards = [_card(*row) for row in (BEACON, GRANITE, RELAY)]
    typing = CardFilter()
    for end in range(len(text) + 1):
        shown = typing.matching(text[:end], Stage.ACTIVE, cards, TODAY, RULES)
    assert list(shown) == list(CardFilter().matching(text, Stage.ACTIVE, cards, TODAY, RULES))


def test_other_rules_search_the_column_again() -> None:
    cards = [_card(*row) for row in (BEACON, GRANITE)]
    typing = CardFilter()
    assert [c.company for c in typing.matching("quiet:", Stage.ACTIVE, cards, TODAY, RULES)] == [
        "Beacon"]
    stricter = RULES.model_copy(update={"quiet_active_days": 20})  # Settings, meanwhile
    assert [c.company for c in typing.matching("quiet:y", Stage.ACTIVE, cards, TODAY, stricter)
            ] == ["Beacon", "Granite"]


@pytest.mark.parametrize("width", [12, 14, 16, 18, 24, 30, 40])
def test_the_quiet_mark_always_shows_and_fits(width: int) -> None:
    card = _card("Northwind Traders International", Stage.ACTIVE, 34, owner="Maya Okafor",
                 contact_name="Lee Park", potential_value=Decimal(120000))
    company, right = name_line(card, width, 34)
    assert right in ("quiet 34d · Lee Park · MO", "quiet 34d · MO", "quiet 34d", "☾34d")
    assert cell_len(company) + 1 + cell_len(right) <= width
    assert company  # some of the name is always left to tell the card
    if width >= NAME_KEPT + len("quiet 34d") + 1:  # wide enough: the mark in words
        assert right.startswith("quiet 34d")
    # The money is on the next line, which the mark never touches.
    assert "$120,000" in worth_line(card, width, "$")
    # Not quiet: the first line is as it always was.
    assert name_line(card, width, None) == name_line(card, width)


def test_a_wide_card_spells_it_out() -> None:
    card = _card("Beacon", Stage.ACTIVE, 34, owner="Maya Okafor", contact_name="Lee Park")
    assert name_line(card, 40, 34) == ("Beacon", "quiet 34d · Lee Park · MO")
    assert name_line(card, 22, 34) == ("Beacon", "quiet 34d · MO")
    assert name_line(card, 20, 34) == ("Beacon", "quiet 34d")


def test_the_help_lists_the_qualifier() -> None:
    assert "quiet:" in QUALIFIER_HELP


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_quiet_partners_on_the_board(
    db_path: Path, frozen_clock: object, size: tuple[int, int]
) -> None:
    with PartnerStore(db_path) as store:
        for company, stage, ago in (BEACON, GRANITE, RELAY):
            store.partners.add(_partner(company, stage, ago, potential_value=Decimal(45000)))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert _marked(text, 34) and _marked(text, 20)
        assert not _marked(text, 30)  # Granite: not yet
        assert text.count("$45,000") == 3  # the money stays on every card
        await burst(pilot, "slash", typed("quiet:"))
        assert column_names(app, Stage.ACTIVE) == ["Beacon"]
        assert column_names(app, Stage.ENGAGE) == ["Relay"]
        await burst(pilot, typed("30"))  # 30 days or more
        assert column_names(app, Stage.ENGAGE) == []
        assert column_names(app, Stage.ACTIVE) == ["Beacon"]
        # Another writer logs a call today: Beacon is in touch again, and leaves the
        # quiet partners (the board shows the change, the filter kept).
        with PartnerStore(db_path) as other:
            beacon = next(p for p in other.partners.all() if p.company == "Beacon")
            call = Activity(date=TODAY, kind=ActivityKind.CALL, text="Caught up")
            other.partners.update(
                beacon.model_copy(update={"activities": [*beacon.activities, call]}))
        await _until(pilot, lambda: column_names(app, Stage.ACTIVE) == [])
        await burst(pilot, "escape")
        assert not _marked(screen_text(app), 34) and _marked(screen_text(app), 20)


def _marked(text: str, days: int) -> bool:
    """A card on screen says it has been quiet `days` days (in full, or short)."""
    return f"quiet {days}d" in text or f"☾{days}d" in text


async def _until(pilot: Pilot, condition: Callable[[], bool], within: float = 10.0) -> None:
    """Until `condition` holds, the app running meanwhile (a bound, not a sleep)."""
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "never happened"
        await pilot.pause(0.02)


async def test_a_rule_saved_in_settings_counts_on_the_board_at_once(
    db_path: Path, frozen_clock: object
) -> None:
    with PartnerStore(db_path) as store:
        for company, stage, ago in (BEACON, GRANITE):
            store.partners.add(_partner(company, stage, ago))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert _marked(screen_text(app), 34)
        await burst(pilot, "d", "s")
        await _until(pilot, lambda: type(app.screen).__name__ == "SettingsScreen")
        box = app.screen.query_one("#setting-rules-quiet-active-days", Input)
        box.focus()
        await burst(pilot, "ctrl+u", typed("40"), "ctrl+s")
        assert app.store.program.settings().rules.quiet_active_days == 40
        await burst(pilot, "escape", "escape")
        await _until(pilot, lambda: type(app.screen).__name__ == "BoardScreen")
        assert not _marked(screen_text(app), 34)  # 34 days: Active now allows 40
        await burst(pilot, "slash", typed("quiet:"))
        assert column_names(app, Stage.ACTIVE) == []
