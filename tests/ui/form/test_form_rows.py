"""Up and down move between checklist rows and fit ratings; left/right and digits rate."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Checkbox

from partner_tui.app import PartnerApp
from partner_tui.ui.form.rating import Rating
from tests.helpers.burst import burst
from tests.ui.form.conftest import PARTNER_ID


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_arrows_walk_the_ratings_and_rate(seeded_db: Path, size: tuple[int, int]) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=size) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        ratings = list(app.screen.query(Rating))
        ratings[0].focus()
        await burst(pilot, "down", "right", "right", "down", "4", "up", "up")
        assert [r.value for r in ratings[:3]] == [0, 2, 4]
        assert app.screen.focused is ratings[0]
        shown = app.screen.query_one("KeyBar").render().plain
        if size[0] >= 120:
            assert "↑↓ Row" in shown and "←→ Rate" in shown


@pytest.mark.parametrize("section", ["f4", "f5", "f7", "f9"])
async def test_arrows_walk_a_checklist(seeded_db: Path, section: str) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        await pilot.press(section)
        await pilot.pause()
        boxes = [b for b in app.screen.query(Checkbox) if b.focusable]
        boxes[0].focus()
        await burst(pilot, "down", "space")
        assert app.screen.focused is boxes[1] and boxes[1].value and not boxes[0].value
        await burst(pilot, "up")
        assert app.screen.focused is boxes[0]


async def test_help_names_the_row_and_rating_keys(seeded_db: Path) -> None:
    from partner_tui.ui.help.screen import help_sections

    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)):
        form = dict(help_sections(app, app.screen_classes()))["Partner form"]
        words = " ".join(f"{keys} {text}" for keys, text in form)
        assert "Previous row" in words and "Next row" in words
        assert "Rate one higher" in words and "Rate 3" in words
