"""One undo: ctrl+z undoes your last change from any screen and says what it undid."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from partner_tui.app import PartnerApp
from partner_tui.ui.dashboard.due_table import DashDueTable
from tests.helpers.burst import burst, typed
from tests.helpers.toasts import Toasts
from tests.ui.dashboard.test_dashboard import open_dashboard, seed

SIZES = [(120, 40), (80, 24)]


def _said(toasts: Toasts) -> list[str]:
    return [str(n.message) for n in toasts]


@pytest.mark.parametrize("size", SIZES)
async def test_ctrl_z_on_the_dashboard_unticks(
    db_path: Path, frozen_clock: datetime, size: tuple[int, int]
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=size) as pilot:
        await open_dashboard(app, pilot)
        due = app.screen.query_one(DashDueTable)
        due.focus()
        await burst(pilot, "down", "space")
        assert app.store.partners.get("a").cadence.monthly.review_metrics is True
        await burst(pilot, "ctrl+z")
        assert app.store.partners.get("a").cadence.monthly.review_metrics is False
        assert "Undone: tick off Review metrics" in _said(toasts)
        assert "Review metrics" in [i.label for i in due.items]  # shown again


@pytest.mark.parametrize("size", SIZES)
async def test_ctrl_z_in_the_form_takes_back_the_entry_just_added(
    db_path: Path, frozen_clock: datetime, size: tuple[int, int]
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=size) as pilot:
        await pilot.pause()
        app.open_partner_form("c")
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        app.screen.query_one("#activity-log .activity-text").focus()
        await burst(pilot, typed("Left a voicemail"), "enter")
        assert [a.text for a in app.store.partners.get("c").activities] == ["Left a voicemail"]
        app.screen.query_one("#f-challenges-low_engagement").focus()  # out of the text
        await burst(pilot, "ctrl+z")
        assert app.store.partners.get("c").activities == []
        assert any(s.startswith("Undone: log note for Charlie") for s in _said(toasts))
        assert "Left a voicemail" not in str(
            app.screen.query_one("#activity-log .activity-list").render()
        )
        assert not app.screen.dirty
