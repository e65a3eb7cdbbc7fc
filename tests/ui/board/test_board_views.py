"""Board keys that look and navigate: focus, filter, quick add, archive, help, palette, screens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.await_complete import AwaitComplete
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Label

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.board.quick_add import QuickAddScreen
from partner_tui.ui.board.screen import BoardScreen
from partner_tui.ui.dashboard.screen import DashboardScreen
from partner_tui.ui.dialogs.confirm import ChoiceDialog
from partner_tui.ui.form.screen import PartnerFormScreen
from partner_tui.ui.help.screen import HelpScreen
from partner_tui.ui.outreach.screen import OutreachScreen
from partner_tui.ui.outreach.template_library import TemplateLibraryScreen
from tests.helpers.pilot import board_of, column_names, focused_company, type_text


async def palette_has_hits(pilot: Pilot) -> None:
    """The palette searches in a worker: wait (bounded) until its list shows hits."""
    for _ in range(100):
        await pilot.pause(0.02)
        if pilot.app.screen.query_one("CommandList").option_count:
            return
    raise AssertionError("the command palette found nothing")


# -- columns and focus ------------------------------------------------------------------
async def test_columns_are_headed_by_count_against_target(db_path: Path, seeded: dict[str, str]) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)):
        board = board_of(app)
        assert [board.header(s).title for s in (Stage.PROSPECT, Stage.ENGAGE, Stage.NEGOTIATE, Stage.ACTIVE)] == [
            "Prospect 3/20",
            "Engage 1/10",
            "Negotiate 1/5",
            "Active 1/3",
        ]
        assert column_names(app, Stage.PROSPECT) == ["Acme Analytics", "Bolt Resellers", "Cobalt Cloud"]
        assert not app.screen.query_one("#empty").display


async def test_hjkl_and_arrows_move_the_focus(db_path: Path, seeded: dict[str, str]) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        board = board_of(app)
        assert focused_company(app) == "Acme Analytics"
        await pilot.press("j", "j")
        assert focused_company(app) == "Cobalt Cloud"
        await pilot.press("k")
        assert focused_company(app) == "Bolt Resellers"
        await pilot.press("l")
        assert app.focused is board.column(Stage.ENGAGE)
        assert focused_company(app) == "Delta Data"  # only one card there: the sensible row
        await pilot.press("l", "l")
        assert focused_company(app) == "Fjord Sync"
        await pilot.press("l")  # past the last column: stays
        assert focused_company(app) == "Fjord Sync"
        await pilot.press("h", "h", "h")
        assert app.focused is board.column(Stage.PROSPECT)
        await pilot.press("down", "up", "right", "left")
        assert app.focused is board.column(Stage.PROSPECT)


async def test_left_right_keep_the_cursor_level(db_path: Path, frozen_clock: object) -> None:
    with PartnerStore(db_path) as store:
        for i in range(4):
            store.partners.add(new_partner(f"Prospect {i}", Stage.PROSPECT))
            store.partners.add(new_partner(f"Engaged {i}", Stage.ENGAGE))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "j", "l")
        assert focused_company(app) == "Engaged 2"
        await pilot.press("j", "h")
        assert focused_company(app) == "Prospect 3"


async def test_empty_board_explains_how_to_start(db_path: Path, frozen_clock: object) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        empty = app.screen.query_one("#empty")
        assert empty.display
        text = str(empty.render())
        assert "n" in text and "partner-tui demo" in text
        await pilot.press("n")
        await type_text(pilot, "First One")
        await pilot.press("enter")
        await pilot.pause()
        assert not app.screen.query_one("#empty").display


# -- filter ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cobalt", {"Cobalt Cloud"}),  # company
        ("ada", {"Acme Analytics"}),  # contact
        ("channel", {"Bolt Resellers"}),  # partner type
        ("saastr", {"Bolt Resellers"}),  # notes
    ],
)
async def test_slash_filters_as_you_type_and_escape_clears(
    db_path: Path, seeded: dict[str, str], query: str, expected: set[str]
) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        board = board_of(app)
        await pilot.press("slash")
        await type_text(pilot, query)
        await pilot.pause()
        shown = {p.company for s in Stage for p in board.column(s).partners if s is not Stage.ARCHIVED}
        assert shown == expected
        assert board.query_one("#filter-count", Label).content == f"{len(expected)} of 6 match"
        await pilot.press("escape")
        await pilot.pause()
        assert board.filter_text == ""
        assert not board.query_one("#filter-bar").display
        assert len(column_names(app, Stage.PROSPECT)) == 3
        assert isinstance(app.focused, type(board.column(Stage.PROSPECT)))


async def test_enter_in_the_filter_keeps_it_and_returns_to_the_cards(
    db_path: Path, seeded: dict[str, str], saved: Callable[[PartnerApp], PartnerStore]
) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "bolt")
        await pilot.press("enter", "shift+right")
        await pilot.pause()
        assert column_names(app, Stage.ENGAGE) == ["Bolt Resellers"]
        assert saved(app).partners.get(seeded["Bolt Resellers"]).stage is Stage.ENGAGE


# -- quick add --------------------------------------------------------------------------
@pytest.mark.parametrize("save_key", ["enter", "ctrl+s"])
async def test_n_adds_a_partner_in_the_focused_stage(
    db_path: Path, seeded: dict[str, str], saved: Callable[[PartnerApp], PartnerStore], save_key: str
) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "n")  # in Engage
        assert isinstance(app.screen, QuickAddScreen)
        await type_text(pilot, "Nova Partners")
        await pilot.press(save_key)
        await pilot.pause()
        assert focused_company(app) == "Nova Partners"
        assert column_names(app, Stage.ENGAGE)[-1] == "Nova Partners"
        stored = [p for p in saved(app).partners.all() if p.company == "Nova Partners"]
        assert len(stored) == 1 and stored[0].stage is Stage.ENGAGE

        await pilot.press("ctrl+z")  # undo the add
        await pilot.pause()
        assert "Nova Partners" not in column_names(app, Stage.ENGAGE)
        assert not [p for p in saved(app).partners.all() if p.company == "Nova Partners"]


async def test_quick_add_escape_cancels_and_a_blank_name_is_explained(
    db_path: Path, seeded: dict[str, str]
) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "space", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuickAddScreen)
        assert "name" in str(app.screen.query_one("#company-error", Label).content)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert app.store.partners.count() == 6


# -- archive -----------------------------------------------------------------------------
async def test_x_asks_and_cancel_changes_nothing(db_path: Path, seeded: dict[str, str]) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert "Acme Analytics" in app.screen.question
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert app.store.partners.get(seeded["Acme Analytics"]).stage is Stage.PROSPECT
        assert app.store.undo_label is None


async def test_archive_with_a_reason_then_view_restore_and_undo(
    db_path: Path, seeded: dict[str, str], saved: Callable[[PartnerApp], PartnerStore]
) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "x")  # Bolt Resellers
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # past "keep it", the second reason: paused
        await pilot.pause()
        on_disk = saved(app).partners.get(seeded["Bolt Resellers"])
        assert on_disk.stage is Stage.ARCHIVED
        assert on_disk.archive_reason is ArchiveReason.PAUSED
        assert "Bolt Resellers" not in column_names(app, Stage.PROSPECT)

        await pilot.press("ctrl+z")  # undo the archive
        await pilot.pause()
        assert saved(app).partners.get(seeded["Bolt Resellers"]).stage is Stage.PROSPECT

        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")  # the safe choice is highlighted: it stays on the board
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert app.store.partners.get(seeded["Bolt Resellers"]).stage is Stage.PROSPECT
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("down", "enter")  # declined
        await pilot.pause()
        await pilot.press("a")  # the archived view
        await pilot.pause()
        board = board_of(app)
        assert board.archive_mode
        assert column_names(app, Stage.ARCHIVED) == [focused_company(app)]
        await pilot.press("r")
        await pilot.pause()
        restored = saved(app).partners.get(board.column(Stage.PROSPECT).partners[-1].id)
        assert restored.stage is Stage.PROSPECT
        assert column_names(app, Stage.ARCHIVED) == []
        await pilot.press("escape")  # back to the board
        await pilot.pause()
        assert not board.archive_mode


# -- help, palette and other screens -------------------------------------------------------
async def test_question_mark_lists_every_screens_keys(db_path: Path, seeded: dict[str, str]) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        sections = dict(app.screen.sections)
        assert "Board" in sections and "Confirm dialog" in sections and "Everywhere" in sections
        board_keys = {key for keys, _ in sections["Board"] for key in keys.split("  ")}
        wanted = {"←", "→", "↑", "↓", "h", "j", "k", "l", "⇧→", "⇧←", "⇧↑", "⇧↓", "n", "⏎",
                  "o", "x", "/", "esc", "^z", "d", "t", "?", "q", "a", "r"}
        assert wanted <= board_keys, wanted - board_keys
        assert ("^s", "Save — Add the partner") in sections["Quick add"]
        assert any(what.startswith("Yes") for _, what in sections["Confirm dialog"])
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_palette_jumps_to_a_partner_and_moves_it(
    db_path: Path, seeded: dict[str, str], saved: Callable[[PartnerApp], PartnerStore]
) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "jump to echo")
        await palette_has_hits(pilot)
        await pilot.press("enter")
        await pilot.pause()
        board = board_of(app)
        assert focused_company(app) == "Echo Alliance"
        assert app.focused is board.column(Stage.NEGOTIATE)

        await pilot.press("ctrl+p")
        await type_text(pilot, "move echo alliance to active")
        await palette_has_hits(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert saved(app).partners.get(seeded["Echo Alliance"]).stage is Stage.ACTIVE
        assert focused_company(app) == "Echo Alliance"


class _Opened(Screen[None]):
    """Stands in for a screen another part of the app provides."""


async def test_enter_o_d_t_open_their_screens(
    db_path: Path, seeded: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = PartnerApp(db_path=db_path)
    calls: list[tuple[str, ...]] = []

    def opens(*call: str) -> AwaitComplete:
        calls.append(call)
        return AwaitComplete()  # what the app's own openings give: something to await

    monkeypatch.setattr(app, "open_partner_form", lambda pid: opens("form", pid))
    monkeypatch.setattr(app, "open_outreach", lambda pid: opens("outreach", pid))
    monkeypatch.setattr(app, "open_dashboard", lambda: opens("dashboard"))
    monkeypatch.setattr(app, "open_templates", lambda: opens("templates"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "j", "o", "d", "t")
        await pilot.pause()
    assert calls == [
        ("form", seeded["Acme Analytics"]),
        ("outreach", seeded["Bolt Resellers"]),
        ("dashboard",),
        ("templates",),
    ]


async def test_enter_o_d_t_open_the_real_screens_and_escape_comes_back(
    db_path: Path, seeded: dict[str, str]
) -> None:
    """The app opens each screen itself (no stand-ins): the right one, for the right partner."""
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PartnerFormScreen)
        assert app.screen.partner_id == seeded["Acme Analytics"]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("j", "o")
        await pilot.pause()
        outreach = next(s for s in app.screen_stack if isinstance(s, OutreachScreen))
        assert outreach.partner_id == seeded["Bolt Resellers"]
        # The first outreach asks who is writing (ProfileDialog): not what this is about.
        while not isinstance(app.screen, BoardScreen):
            app.pop_screen()
            await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TemplateLibraryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert focused_company(app) == "Bolt Resellers"


async def test_the_board_refreshes_when_a_pushed_screen_closes(
    db_path: Path, seeded: dict[str, str]
) -> None:
    """A form that saves and closes: the board shows the change without a key press."""
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(_Opened())
        acme = app.store.partners.get(seeded["Acme Analytics"])
        app.store.partners.update(acme.model_copy(update={"company": "Acme Renamed"}))
        app.pop_screen()
        await pilot.pause()
        assert column_names(app, Stage.PROSPECT)[0] == "Acme Renamed"
        assert focused_company(app) == "Acme Renamed"


async def test_a_slash_in_the_filter_is_just_a_character(db_path: Path, seeded: dict[str, str]) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", "a", "slash", "b")
        await pilot.pause()
        assert board_of(app).filter_text == "a/b"
        assert board_of(app).query_one("#filter-count", Label).content == "0 of 6 match"


async def test_clicking_a_card_focuses_it(db_path: Path, seeded: dict[str, str]) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        # Prospect's third card: each card is 3 lines and a gap, so line 9 is in it.
        await pilot.click("#column-prospect", offset=(3, 9))
        await pilot.pause()
        assert focused_company(app) == "Cobalt Cloud"
        await pilot.click("#column-negotiate", offset=(3, 1))
        await pilot.pause()
        assert app.focused is board_of(app).column(Stage.NEGOTIATE)
        assert focused_company(app) == "Echo Alliance"


async def test_page_keys_and_home_end_walk_a_long_column(db_path: Path, frozen_clock: object) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add_many([new_partner(f"Prospect {i:02d}") for i in range(30)])
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        column = board_of(app).column(Stage.PROSPECT)
        await pilot.press("end")
        assert focused_company(app) == "Prospect 29"
        assert column.first_visible > 0  # scrolled so the last card shows
        await pilot.press("home")
        assert focused_company(app) == "Prospect 00"
        await pilot.press("pagedown")
        assert column.cursor == column.page_cards
        await pilot.press("pageup")
        assert column.cursor == 0
