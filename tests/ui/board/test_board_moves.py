"""Board keys that change data: stage moves, reorder and undo, checked in the saved file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from partner_tui.app import PartnerApp
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.board.screen import BoardScreen
from tests.helpers.pilot import board_of, column_names
from tests.helpers.toasts import Toasts


async def test_shift_right_moves_to_next_stage_saves_and_focus_follows(
    db_path: Path, seeded: dict[str, str], saved: Callable[[PartnerApp], PartnerStore]
) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        board = board_of(app)
        assert board.focused_partner().company == "Acme Analytics"
        await pilot.press("shift+right")
        await pilot.pause()
        # Focus followed the card into Engage.
        assert isinstance(app.focused, type(board.column(Stage.ENGAGE)))
        assert app.focused is board.column(Stage.ENGAGE)
        assert board.focused_partner().company == "Acme Analytics"
        assert "Acme Analytics" in column_names(app, Stage.ENGAGE)
        assert "Acme Analytics" not in column_names(app, Stage.PROSPECT)
        on_disk = saved(app).partners.get(seeded["Acme Analytics"])
        assert on_disk.stage is Stage.ENGAGE
        assert [change.stage for change in on_disk.stage_history] == [Stage.PROSPECT, Stage.ENGAGE]


async def test_shift_left_moves_back_and_is_recorded(
    db_path: Path, seeded: dict[str, str], saved: Callable[[PartnerApp], PartnerStore]
) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "shift+left")  # Delta Data: Engage -> Prospect
        await pilot.pause()
        board = board_of(app)
        assert board.focused_partner().company == "Delta Data"
        assert app.focused is board.column(Stage.PROSPECT)
        on_disk = saved(app).partners.get(seeded["Delta Data"])
        assert on_disk.stage is Stage.PROSPECT
        assert [c.stage for c in on_disk.stage_history] == [Stage.ENGAGE, Stage.PROSPECT]


async def test_moving_past_either_end_changes_nothing(
    db_path: Path, seeded: dict[str, str], saved: Callable[[PartnerApp], PartnerStore]
) -> None:
    app = PartnerApp(db_path=db_path)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        await pilot.press("shift+left")  # Acme is in Prospect, the first stage
        await pilot.press("l", "l", "l", "shift+right")  # Fjord Sync is in Active, the last
        await pilot.pause()
        assert app.store.undo_label is None
        assert any("last stage" in n.message for n in toasts)
        assert saved(app).partners.get(seeded["Fjord Sync"]).stage is Stage.ACTIVE


async def test_shift_down_and_up_reorder_the_column_and_save(
    db_path: Path, seeded: dict[str, str], saved: Callable[[PartnerApp], PartnerStore]
) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("shift+down")
        await pilot.pause()
        assert column_names(app, Stage.PROSPECT) == ["Bolt Resellers", "Acme Analytics", "Cobalt Cloud"]
        assert board_of(app).focused_partner().company == "Acme Analytics"
        order = [p.company for p in saved(app).partners.list_by_stage(Stage.PROSPECT)]
        assert order == ["Bolt Resellers", "Acme Analytics", "Cobalt Cloud"]

        await pilot.press("j", "shift+up", "shift+up")  # Cobalt to the top
        await pilot.pause()
        order = [p.company for p in saved(app).partners.list_by_stage(Stage.PROSPECT)]
        assert order == ["Cobalt Cloud", "Bolt Resellers", "Acme Analytics"]
        assert column_names(app, Stage.PROSPECT) == order


async def test_ctrl_z_undoes_moves_and_reorders_one_by_one(
    db_path: Path, seeded: dict[str, str], saved: Callable[[PartnerApp], PartnerStore]
) -> None:
    app = PartnerApp(db_path=db_path)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        await pilot.press("shift+down")  # reorder Acme below Bolt
        await pilot.press("shift+right", "shift+right")  # Acme to Engage, then Negotiate
        await pilot.pause()
        assert saved(app).partners.get(seeded["Acme Analytics"]).stage is Stage.NEGOTIATE

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert saved(app).partners.get(seeded["Acme Analytics"]).stage is Stage.ENGAGE
        assert any("Undone: move Acme Analytics" in n.message for n in toasts)

        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        reread = saved(app)
        assert reread.partners.get(seeded["Acme Analytics"]).stage is Stage.PROSPECT
        assert [p.company for p in reread.partners.list_by_stage(Stage.PROSPECT)] == [
            "Acme Analytics",
            "Bolt Resellers",
            "Cobalt Cloud",
        ]
        assert column_names(app, Stage.PROSPECT)[0] == "Acme Analytics"

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert any(n.message == "Nothing to undo." for n in toasts)


async def test_moves_on_a_read_only_file_are_refused_politely(
    db_path: Path, seeded: dict[str, str]
) -> None:
    app = PartnerApp(db_path=db_path, read_only=True)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        await pilot.press("shift+right")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert "Acme Analytics" in column_names(app, Stage.PROSPECT)
        assert any(n.severity == "error" for n in toasts)
        await pilot.press("n", "x")  # neither asks a question it could not act on
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert any(n.title == "Read-only" for n in toasts)


async def test_undo_brings_the_focus_back_to_the_partner_it_changed(
    db_path: Path, seeded: dict[str, str]
) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "shift+right")  # Bolt to Engage; focus follows it there
        await pilot.press("h")  # look elsewhere
        await pilot.press("ctrl+z")
        await pilot.pause()
        board = board_of(app)
        assert app.focused is board.column(Stage.PROSPECT)
        assert board.focused_partner().company == "Bolt Resellers"
        assert column_names(app, Stage.PROSPECT) == ["Acme Analytics", "Bolt Resellers", "Cobalt Cloud"]
