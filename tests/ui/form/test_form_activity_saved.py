"""An activity added in the form is saved when added, like a deal, and ctrl+z takes it back."""

from __future__ import annotations

from pathlib import Path

import pytest

from partner_tui.app import PartnerApp
from partner_tui.ui.board.screen import BoardScreen
from tests.helpers.burst import burst, typed
from tests.ui.form.conftest import PARTNER_ID


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_an_added_entry_survives_discarding_the_form(
    seeded_db: Path, size: tuple[int, int]
) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=size) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        app.screen.query_one("#activity-log .activity-text").focus()
        await burst(pilot, typed("Kickoff call"), "enter")
        assert [a.text for a in app.store.partners.get(PARTNER_ID).activities] == ["Kickoff call"]
        # An unsaved edit elsewhere stays unsaved and is what the close asks about.
        assert not app.screen.dirty
        await pilot.press("f2")
        await burst(pilot, typed("X"), "escape")
        await pilot.pause()
        await pilot.press("y")  # "Discard"
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        partner = app.store.partners.get(PARTNER_ID)
        assert partner.company == "Acme"
        assert [a.text for a in partner.activities] == ["Kickoff call"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.store.partners.get(PARTNER_ID).activities == []
