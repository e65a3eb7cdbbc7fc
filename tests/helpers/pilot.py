"""Drive the app in Pilot tests and read what it shows."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from partner_tui.app import PartnerApp
from partner_tui.domain.stages import Stage
from partner_tui.ui.board.screen import BoardScreen

# Snapshots and pictures show this instead of the temp folder, which changes every run.
SHOWN_FILE_NAME = "partners.json"


def key_names(text: str) -> list[str]:
    """Text as the key presses that type it (pilot.press takes characters, but ' ' is 'space')."""
    return ["space" if ch == " " else ch for ch in text]


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*key_names(text))


async def fill(pilot: Pilot, selector: str, text: str) -> None:
    """Put the cursor in a field's Input (like tab would), clear it, type `text`."""
    widget = pilot.app.screen.query_one(selector)
    target = widget if isinstance(widget, Input) else widget.query_one(Input)
    target.focus()
    await pilot.pause()
    await pilot.press("ctrl+u")  # Input: delete everything left of the cursor (at the end)
    await type_text(pilot, text)


def board_of(app: PartnerApp) -> BoardScreen:
    assert isinstance(app.screen, BoardScreen), app.screen
    return app.screen


def column_names(app: PartnerApp, stage: Stage) -> list[str]:
    return [p.company for p in board_of(app).column(stage).partners]


def focused_company(app: PartnerApp) -> str | None:
    partner = board_of(app).focused_partner()
    return partner.company if partner else None


def app_for_pictures(db_path: Path) -> PartnerApp:
    """An app whose header shows a fixed file name, so snapshots do not depend on tmp_path."""
    app = PartnerApp(db_path=db_path)
    app.sub_title = SHOWN_FILE_NAME
    return app


def screen_text(app: PartnerApp) -> str:
    """Every character the screen draws now, line by line, as it goes to the terminal
    (control characters included, if any got through)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
