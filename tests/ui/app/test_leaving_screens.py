"""Leaving settings with discard leaves no "Not saved" notice behind; the template editor
opens with the body focused, the cursor at its end."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from partner_tui.app import PartnerApp
from partner_tui.ui.board.screen import BoardScreen
from tests.helpers.burst import burst, typed
from tests.helpers.toasts import Toasts
from tests.ui.settings.test_settings import open_settings, type_into

SIZES = [(120, 40), (80, 24)]


@pytest.mark.parametrize("size", SIZES)
async def test_discarding_settings_takes_the_not_saved_notice_away(
    db_path: Path, size: tuple[int, int]
) -> None:
    app = PartnerApp(db_path=db_path)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=size) as pilot:
        await open_settings(app, pilot)
        await type_into(app, pilot, "setting-targets-engage", "0")
        await burst(pilot, "ctrl+s")
        assert [n.title for n in toasts] == ["Not saved"]
        await burst(pilot, "escape", "y")
        assert isinstance(app.screen, BoardScreen)
        assert list(toasts) == []


@pytest.mark.parametrize("size", SIZES)
async def test_the_template_editor_opens_in_the_body(db_path: Path, size: tuple[int, int]) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=size) as pilot:
        await burst(pilot, "t", "e")
        body = app.screen.query_one("#body", TextArea)
        assert app.screen.focused is body
        assert body.cursor_location == body.document.end
        before = body.text
        await burst(pilot, typed("Thanks!"))
        assert body.text == before + "Thanks!"
