"""Fixtures for the partner form tests: one partner in a fresh file, and ways to reach fields."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore

PARTNER_ID = "acme0000001"


@pytest.fixture
def seeded_db(db_path: Path, frozen_clock: object) -> Path:
    """A file holding one active partner, Acme, with a fixed id and frozen timestamps."""
    with PartnerStore(db_path) as store:
        store.add(new_partner("Acme", stage=Stage.ACTIVE, id=PARTNER_ID))
    return db_path


def key_names(text: str) -> list[str]:
    """Text as the key presses that type it (pilot.press takes characters, but ' ' is 'space')."""
    return ["space" if ch == " " else ch for ch in text]


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*key_names(text))


async def fill(pilot: Pilot, selector: str, text: str) -> None:
    """Put the cursor in a field's Input (like tab would), clear it, type `text`."""
    from textual.widgets import Input

    widget = pilot.app.screen.query_one(selector)
    target = widget if isinstance(widget, Input) else widget.query_one(Input)
    target.focus()
    await pilot.pause()
    await pilot.press("ctrl+u")  # Input: delete everything left of the cursor (at the end)
    await type_text(pilot, text)


