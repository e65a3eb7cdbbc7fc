"""What a new user met on the board: where the focus lands, what keys on an empty column
say, the key bar at 80 and 120 columns, moves from the palette, the archive's keys."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.ui.board.commands import move_request
from partner_tui.ui.common.key_bar import KeyBar, joined_keys
from tests.helpers.pilot import board_of, column_names, focused_company, type_text
from tests.helpers.seeding import seed_partners
from tests.helpers.toasts import Toasts


def seed_without_prospects(db_path: Path) -> dict[str, str]:
    return seed_partners(db_path, [
        new_partner("Engaged One", Stage.ENGAGE),
        new_partner("Engaged Two", Stage.ENGAGE),
        new_partner("Negotiating", Stage.NEGOTIATE),
    ])


def notices(toasts: Toasts) -> list[str]:
    return [n.message for n in toasts]


def bar_text(app: PartnerApp) -> str:
    bar = app.screen.query_one(KeyBar)
    return str(bar.render())


# -- where the focus lands -------------------------------------------------------------------
async def test_focus_starts_on_the_first_card_not_an_empty_column(db_path: Path) -> None:
    seed_without_prospects(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert focused_company(app) == "Engaged One"
        await pilot.press("enter")  # acts on that card
        await pilot.pause()
        assert type(app.screen).__name__ == "PartnerFormScreen"


async def test_after_a_filter_the_focus_goes_to_a_matching_card(db_path: Path) -> None:
    seed_without_prospects(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "negot")
        await pilot.press("enter")
        await pilot.pause()
        board = board_of(app)
        assert app.focused is board.column(Stage.NEGOTIATE)
        assert focused_company(app) == "Negotiating"


async def test_keys_on_an_empty_column_say_why(db_path: Path) -> None:
    seed_without_prospects(db_path)
    app = PartnerApp(db_path=db_path)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        await pilot.press("left")  # to the empty Prospect column
        await pilot.pause()
        assert focused_company(app) is None
        for key in ("enter", "o", "x"):
            app.clear_notifications()
            await pilot.press(key)
            await pilot.pause()
            assert type(app.screen).__name__ == "BoardScreen"
            assert notices(toasts) == [
                "Prospect has no partners yet: n adds one here, ← → go to another stage."
            ], key


# -- the key bar ---------------------------------------------------------------------------------
async def test_the_key_bar_at_80_columns_shows_the_keys_a_new_user_needs(db_path: Path) -> None:
    seed_without_prospects(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        text = bar_text(app)
        assert len(text) <= 80
        for entry in ("n New", "⏎ Open", "⇧←→ Stage", "o Outreach", "d Dashboard",
                      "t Templates", "q Quit"):
            assert entry in text, (entry, text)
        assert text.rstrip().endswith("? more")  # the rest: behind ?


async def test_the_key_bar_at_120_columns_has_whole_entries(db_path: Path) -> None:
    seed_without_prospects(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        text = bar_text(app)
        assert len(text) <= 120
        assert "  / Filter  x Archive  ^z Undo" in text
        assert "Stage/" not in text and "palette" not in text
        await pilot.press("a")  # the archive: its escape is "Back", as its header says
        await pilot.pause()
        assert "esc Back" in bar_text(app)
        assert board_of(app).header(Stage.ARCHIVED).note == "r restores · esc back to the board"


def test_a_groups_keys_are_one_word() -> None:
    assert joined_keys(["⇧←", "⇧→"]) == "⇧←→"
    assert joined_keys(["←", "↓", "↑", "→"]) == "←↓↑→"
    assert joined_keys(["n"]) == "n"


# -- the command palette ------------------------------------------------------------------------
def test_move_requests_name_a_partner_and_maybe_a_stage() -> None:
    assert move_request("move syncw") == ("syncw", set())
    assert move_request("move syncw to active") == ("syncw", {Stage.ACTIVE})
    assert move_request("syncw engage") == ("syncw", {Stage.ENGAGE})
    assert move_request("syncw") is None


async def test_the_palette_moves_any_partner_not_only_the_focused(db_path: Path) -> None:
    ids = seed_without_prospects(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert focused_company(app) == "Engaged One"
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert CommandPalette.is_open(app)
        await type_text(pilot, "move negotiating to active")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.store.partners.get(ids["Negotiating"]).stage is Stage.ACTIVE
        assert focused_company(app) == "Negotiating"  # the focus follows it


# -- archive and restore -------------------------------------------------------------------------
async def test_a_restored_partner_goes_back_where_it_was(db_path: Path) -> None:
    seed_partners(db_path, [new_partner(name) for name in ("A", "B", "C")])
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        board = board_of(app)
        await pilot.press("j")  # B
        await pilot.pause()
        app.store.partners.archive(board.focused_partner().id, ArchiveReason.PAUSED)  # type: ignore[union-attr]
        board.reload()
        assert column_names(app, Stage.PROSPECT) == ["A", "C"]
        await pilot.press("a", "r")
        await pilot.pause()
        assert column_names(app, Stage.PROSPECT) == ["A", "B", "C"]


async def test_filter_box_still_takes_every_letter(db_path: Path) -> None:
    seed_without_prospects(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "xoqdt/")
        await pilot.pause()
        assert board_of(app).query_one("#filter", Input).value == "xoqdt/"
        assert type(app.screen).__name__ == "BoardScreen"
