"""A Prospect's reply, call or meeting logged in the form offers the move to Engage;
a note does not (and neither does sending outreach: tests/ui/outreach)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Select

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import ActivityKind, new_partner
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.dialogs.confirm import ConfirmDialog
from partner_tui.ui.form.screen import PartnerFormScreen
from tests.helpers.burst import burst, typed

PARTNER_ID = "acme0000001"


async def _log(app: PartnerApp, pilot: object, kind: ActivityKind, text: str) -> None:
    app.screen.query_one("#activity-log .activity-kind", Select).value = kind.value
    app.screen.query_one("#activity-log .activity-text").focus()
    await burst(pilot, typed(text), "enter")  # type: ignore[arg-type]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_meeting_offers_engage(db_path: Path, size: tuple[int, int]) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Acme", stage=Stage.PROSPECT, id=PARTNER_ID))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=size) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        await _log(app, pilot, ActivityKind.NOTE, "Looked them up")
        assert isinstance(app.screen, PartnerFormScreen)  # a note is no response
        await _log(app, pilot, ActivityKind.MEETING, "Intro call went well")
        assert isinstance(app.screen, ConfirmDialog)
        await burst(pilot, "y")
        assert isinstance(app.screen, PartnerFormScreen)
        assert app.store.partners.get(PARTNER_ID).stage is Stage.ENGAGE
        assert not app.screen.dirty
