"""Pictures of the dashboard and the settings on the demo program, with the clock frozen."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from partner_tui.app import PartnerApp
from partner_tui.domain import clock
from partner_tui.exchange.demo import load_demo
from partner_tui.store.partner_store import PartnerStore


def demo_app(db_path: Path) -> PartnerApp:
    with PartnerStore(db_path) as store:
        load_demo(store, clock.today())
    app = PartnerApp(db_path=db_path)
    app.sub_title = "partners.json"  # not the temp folder, which changes every run
    return app


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
