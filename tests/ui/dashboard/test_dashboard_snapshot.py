"""Pictures of the dashboard and the settings on the demo program, with the clock frozen."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from partner_tui.app import PartnerApp
from tests.helpers.pilot import app_for_pictures
from tests.helpers.seeding import seed_demo


def demo_app(db_path: Path) -> PartnerApp:
    seed_demo(db_path)
    return app_for_pictures(db_path)


async def _open_dashboard(pilot: Any) -> None:
    await pilot.pause()
    pilot.app.open_dashboard()
    await pilot.pause()
    pilot.app.screen.sub_title = "partners.json"


def test_dashboard_on_the_demo_program(
    snap_compare: Any, db_path: Path, frozen_clock: datetime
) -> None:
    assert snap_compare(demo_app(db_path), terminal_size=(120, 40), run_before=_open_dashboard)


def test_settings_on_the_demo_program(
    snap_compare: Any, db_path: Path, frozen_clock: datetime
) -> None:
    assert snap_compare(
        demo_app(db_path), terminal_size=(120, 40), run_before=_open_dashboard, press=["s"]
    )
