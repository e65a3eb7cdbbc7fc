"""'25k' and 'next friday' are read, and what they were read as shows under the field;
every message names its field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from textual.widgets import Label

from partner_tui.app import PartnerApp
from partner_tui.ui.form.fields import TextField
from tests.helpers.pilot import fill
from tests.ui.form.conftest import PARTNER_ID


def _line(app: PartnerApp, field_id: str) -> str:
    field = app.screen.query_one(field_id, TextField)
    label = field.query_one(".field-error", Label)
    shown = field.has_class("-has-error") or field.has_class("-has-hint")
    return str(label.content) if shown else ""


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_short_forms_are_read_and_shown(
    seeded_db: Path, frozen_clock: object, size: tuple[int, int]
) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=size) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        await fill(pilot, "#f-potential_value", "25k")
        await fill(pilot, "#f-next_action_date", "next friday")
        await fill(pilot, "#f-contact_email", "jane@acme")
        await pilot.pause()
        assert _line(app, "#f-potential_value") == "= 25,000"
        assert _line(app, "#f-next_action_date") == "= Fri 2026-03-20"
        assert _line(app, "#f-contact_email").startswith("Contact email: ")
        await fill(pilot, "#f-contact_email", "jane@acme.com")
        await pilot.press("ctrl+s")
        await pilot.pause()
        partner = app.store.partners.get(PARTNER_ID)
        assert partner.potential_value == Decimal("25000")
        assert partner.next_action_date == date(2026, 3, 20)
        # Saved, the field shows the date itself and no read-back.
        assert app.screen.query_one("#f-next_action_date", TextField).input.value == "2026-03-20"
        assert _line(app, "#f-next_action_date") == ""
