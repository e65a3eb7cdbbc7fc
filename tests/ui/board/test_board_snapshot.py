"""Pictures of the board: the demo program at two sizes, and the empty board (clock frozen)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from partner_tui.app import PartnerApp
from tests.helpers.pilot import app_for_pictures
from tests.helpers.seeding import seed_demo


def app_on(db_path: Path, *, demo: bool) -> PartnerApp:
    if demo:
        seed_demo(db_path)
    return app_for_pictures(db_path)


async def _settle(pilot: Any) -> None:
    await pilot.pause()
    pilot.app.screen.sub_title = "partners.json"


def test_board_with_the_demo_program(snap_compare: Any, db_path: Path, frozen_clock: datetime) -> None:
    # j j l: the focused card is in Engage, level with the third card of Prospect.
    assert snap_compare(
        app_on(db_path, demo=True), terminal_size=(120, 40), run_before=_settle, press=["j", "j", "l"]
    )


def test_board_with_the_demo_program_at_80x24(
    snap_compare: Any, db_path: Path, frozen_clock: datetime
) -> None:
    assert snap_compare(app_on(db_path, demo=True), terminal_size=(80, 24), run_before=_settle)


def test_empty_board_at_80x24(snap_compare: Any, db_path: Path, frozen_clock: datetime) -> None:
    assert snap_compare(app_on(db_path, demo=False), terminal_size=(80, 24), run_before=_settle)
