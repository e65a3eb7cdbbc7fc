"""The form's terms tab: steps and caps typed, checked and saved; the program tier shown
(docs/tiers.md)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from textual.widgets import Label, Static

from partner_tui.app import PartnerApp
from partner_tui.ui.form.fields import TextField
from partner_tui.ui.form.screen import PartnerFormScreen
from tests.helpers.pilot import fill
from tests.ui.form.conftest import PARTNER_ID

STEPS = "#f-models-revenue_share-steps"
CAP_CUSTOMER = "#f-models-revenue_share-cap_per_customer"
CAP_PERIOD = "#f-models-revenue_share-cap_per_period"


async def test_steps_and_caps_typed_in_the_form_are_saved_in_one_spelling(
    seeded_db: Path,
) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        assert isinstance(app.screen, PartnerFormScreen)
        await pilot.press("f6")
        await pilot.pause()
        tier = app.screen.query_one("#terms-tier", Static)
        assert "Program tier: Registered" in str(tier.render())
        await fill(pilot, STEPS, "20%x12; 10 for 12")
        await fill(pilot, CAP_CUSTOMER, "5k")
        await fill(pilot, CAP_PERIOD, "1,000")
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.store.flush()
        share = app.store.partners.get(PARTNER_ID).models.revenue_share
        assert share.steps == "20% x 12, 10% x 12"
        assert (share.cap_per_customer, share.cap_per_period) == (
            Decimal("5000.00"), Decimal("1000.00"))


async def test_steps_that_cannot_be_read_are_refused_beside_the_field(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        await fill(pilot, STEPS, "5%, 20% x 3")
        await pilot.press("ctrl+s")
        await pilot.pause()
        field = app.screen.query_one(STEPS, TextField)
        assert field.has_class("-has-error")
        assert "only the last step may run with no end" in str(
            field.query_one(".field-error", Label).content)
        app.store.flush()
        assert app.store.partners.get(PARTNER_ID).models.revenue_share.steps == ""
