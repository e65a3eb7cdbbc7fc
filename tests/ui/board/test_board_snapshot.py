"""Pictures of the board: the demo program at two sizes, and the empty board (clock frozen)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from partner_tui.app import PartnerApp
from partner_tui.domain import clock
from partner_tui.exchange.demo import load_demo
from partner_tui.store.partner_store import PartnerStore


def app_on(db_path: Path, *, demo: bool) -> PartnerApp:
    if demo:
        with PartnerStore(db_path) as store:
            load_demo(store, clock.today())
    app = PartnerApp(db_path=db_path)
    app.sub_title = "partners.json"  # not the temp folder, which changes every run
    return app


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
