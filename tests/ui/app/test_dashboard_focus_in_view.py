"""The dashboard opens with its focused list on screen, at 80x24 too."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from partner_tui.app import PartnerApp
from tests.ui.dashboard.test_dashboard import open_dashboard, seed


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_focused_list_is_in_view(
    db_path: Path, frozen_clock: datetime, size: tuple[int, int]
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=size) as pilot:
        await open_dashboard(app, pilot)
        for _ in range(20):
            await pilot.pause()
            focused = app.screen.focused
            assert focused is not None
            if focused.region.intersection(app.screen.region).height >= 3:
                break
        shown = focused.region.intersection(app.screen.region)
        assert shown.height >= 3, (focused, focused.region)  # its head and rows are on screen
