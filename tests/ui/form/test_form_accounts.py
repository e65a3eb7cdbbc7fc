"""Account mapping on screen: the form's Accounts tab, the dashboard's Warm intros panel,
and the intro count on a board card, at 120x40 and 80x24; names from a CSV as plain text."""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from partner_tui.app import PartnerApp
from partner_tui.domain.accounts import Account, AccountStatus
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.board.stage_column import StageColumn
from partner_tui.ui.dashboard.warm_intros import DashWarmIntros
from partner_tui.ui.form.screen import PartnerFormScreen

C, P, O = AccountStatus.CUSTOMER, AccountStatus.PROSPECT, AccountStatus.OPPORTUNITY
HOSTILE = "[bold red]Acme[/] \x1b[31m"
SIZES = [(120, 40), (80, 24)]


def seed(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("North", stage=Stage.ENGAGE, id="north0000001"))
        store.partners.add(new_partner("South", stage=Stage.ENGAGE, id="south0000001"))
        store.partners.add(new_partner("Quiet", stage=Stage.ENGAGE, id="quiet0000001"))
        store.accounts.replace(None, [
            Account(HOSTILE, "acme.io", O, "Ana", Decimal("5000.00")),
            Account("Big", "big.io", O, "Cy", Decimal("9000.00")),
            Account("Beta", "beta.io", C),
        ])
        store.accounts.replace("north0000001", [
            Account("Acme", "acme.io", C), Account("Beta", "beta.io", P),
        ])
        store.accounts.replace("south0000001", [Account("Big", "big.io", C)])


async def until(pilot: Pilot, condition: Callable[[], bool], within: float = 10.0) -> None:
    """Wait (the app running) until `condition` holds: the overlaps are computed in a
    worker, off the screen's thread."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < within, "never shown"
        await pilot.pause(0.02)


def rows(table: DataTable) -> list[list[str]]:  # type: ignore[type-arg]
    return [[str(cell) for cell in table.get_row(key)] for key in table.rows]


@pytest.mark.parametrize("size", SIZES)
async def test_the_accounts_tab_lists_the_three_kinds_of_match(
    db_path: Path, size: tuple[int, int]
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.open_partner_form("north0000001")
        await until(pilot, lambda: isinstance(app.screen, PartnerFormScreen))
        await pilot.press("f11")
        await until(pilot, lambda: bool(app.screen.query("#intros-for-us")))
        screen = app.screen
        summary = str(screen.query_one("#accounts-summary", Static).render())
        assert "1 intro for us worth $5,000" in summary
        intros = rows(screen.query_one("#intros-for-us", DataTable))
        # The name as the CSV wrote it, shown as text (no markup read, no escape kept).
        assert intros == [["[bold red]Acme[/] [31m", "acme.io", "opportunity", "Ana", "$5,000"]]
        assert rows(screen.query_one("#intros-for-them", DataTable))[0][:3] == [
            "Beta", "beta.io", "prospect",
        ]
        assert rows(screen.query_one("#shared-customers", DataTable)) == []


async def test_the_accounts_tab_says_how_to_import_without_lists(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("North", id="north0000001"))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_partner_form("north0000001")
        await until(pilot, lambda: isinstance(app.screen, PartnerFormScreen))
        await pilot.press("f11")
        await until(pilot, lambda: bool(app.screen.query("#accounts-summary")))
        summary = str(app.screen.query_one("#accounts-summary", Static).render())
        assert "partner-tui accounts import FILE.csv" in summary


@pytest.mark.parametrize("size", SIZES)
async def test_warm_intros_ranks_partners_by_open_value_and_opens_one(
    db_path: Path, size: tuple[int, int]
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.open_dashboard()
        await until(pilot, lambda: bool(app.screen.query(DashWarmIntros)))
        panel = app.screen.query_one(DashWarmIntros)
        await until(pilot, lambda: panel.row_count == 2)
        assert panel.display
        shown = rows(panel)
        assert [row[0] for row in shown] == ["South", "North"]  # $9,000 before $5,000
        assert shown[0][2] == "$9,000"
        panel.focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PartnerFormScreen))
        assert app.screen.partner_id == "south0000001"  # type: ignore[attr-defined]


async def test_no_panel_without_account_lists(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("North", id="north0000001"))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_dashboard()
        await until(pilot, lambda: bool(app.screen.query(DashWarmIntros)))
        await pilot.pause()
        assert not app.screen.query_one(DashWarmIntros).display


@pytest.mark.parametrize(("size", "words"), [((120, 40), "1 intro"), ((80, 24), "⇄1")])
async def test_a_board_card_shows_its_intro_count(
    db_path: Path, size: tuple[int, int], words: str
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=size) as pilot:
        column = app.screen.query_one("#column-engage", StageColumn)

        def card_line(partner_id: str) -> str:
            index = next(i for i, p in enumerate(column.partners) if p.id == partner_id)
            return column.render_line(index * 4 + 1 - int(column.scroll_offset.y)).text

        await until(pilot, lambda: bool(column.intros))
        assert words in card_line("north0000001")
        assert "intro" not in card_line("quiet0000001")
        assert "⇄" not in card_line("quiet0000001")


async def test_another_writers_import_shows_on_the_board(db_path: Path) -> None:
    seed(db_path)
    with PartnerStore(db_path) as store:
        store.accounts.forget("north0000001")
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        column = app.screen.query_one("#column-engage", StageColumn)
        await until(pilot, lambda: bool(column.intros))
        assert "north0000001" not in column.intros
        with PartnerStore(db_path) as other:  # a teammate imports North's list
            other.accounts.replace("north0000001", [Account("Acme", "acme.io", C)])
        await until(pilot, lambda: column.intros.get("north0000001") == 1)
