"""Bad input shows beside its field, blocks the save, keeps the text, leaves the file alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Label, TabbedContent

from partner_tui.app import PartnerApp
from partner_tui.ui.form.activity_log import ActivityLog
from partner_tui.ui.form.fields import TextField
from partner_tui.ui.form.sections import SECTIONS
from tests.helpers.pilot import fill
from tests.helpers.toasts import Toasts
from tests.ui.form.conftest import PARTNER_ID


def key_of(section: str) -> str:
    return next(s.key for s in SECTIONS if s.id == section)

# (field, what the user types, a word of the message beside it, the field's section)
BAD_INPUTS = [
    ("#f-models-revenue_share-percent", "150", "between 0 and 100", "terms"),
    ("#f-metrics-revenue_attributed", "-5", "cannot be negative", "metrics"),
    ("#f-potential_value", "12.3456", "two decimal places", "overview"),
    ("#f-potential_value", "1.500", "is ambiguous", "overview"),
    ("#f-models-referral_fee-amount", "lots", "is not an amount", "terms"),
    ("#f-contact_email", "jane@", "email", "overview"),
    ("#f-website", "not a site", "not a web address", "overview"),
    ("#f-contact_linkedin", "ftp://x", "not a web address", "overview"),
    ("#f-next_action_date", "2026-13-45", "not a date", "overview"),
    ("#f-company", "", "required", "overview"),
    ("#f-metrics-leads_generated", "abc", "not a whole number", "metrics"),
    ("#f-metrics-deals_closed", "-2", "0 or more", "metrics"),
    ("#f-metrics-customer_satisfaction", "101", "between 0 and 100", "metrics"),
]


@pytest.mark.parametrize(("selector", "typed", "message", "section"), BAD_INPUTS)
async def test_bad_input_blocks_the_save(
    seeded_db: Path, selector: str, typed: str, message: str, section: str
) -> None:
    before = seeded_db.read_bytes()
    app = PartnerApp(db_path=seeded_db)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        screen = app.screen
        await fill(pilot, "#f-owner", "Dana")  # a good edit that must survive
        await pilot.press(key_of(section))  # a section is built when first shown
        await fill(pilot, selector, typed)
        await pilot.press("f9")  # away from the field's section: the save must bring us back
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()

        field = screen.query_one(selector, TextField)
        error = field.query_one(".field-error", Label)
        assert message in str(error.content)
        assert error.display and field.has_class("-has-error")
        assert field.input.has_class("field-invalid")  # the red border
        notes = [n for n in toasts]
        assert len(notes) == 1 and notes[0].severity == "error"
        assert field.field_label in notes[0].message
        assert screen.query_one("#sections", TabbedContent).active == section
        assert screen.focused is field.input
        # Everything typed is still there, and nothing reached the file.
        assert field.input.value == typed
        assert screen.query_one("#f-owner", TextField).input.value == "Dana"
        assert screen.dirty
        app.store.flush()
        assert app.store.partners.get(PARTNER_ID).owner == ""
    assert seeded_db.read_bytes() == before


async def test_fixing_the_field_clears_the_error_and_saves(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        await fill(pilot, "#f-contact_email", "jane@")
        await pilot.press("ctrl+s")
        await pilot.pause()
        field = app.screen.query_one("#f-contact_email", TextField)
        assert field.has_class("-has-error")
        await pilot.press("a", "c", "m", "e", ".", "i", "o")
        await pilot.pause()
        assert not field.has_class("-has-error")  # editing clears the old message
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert list(toasts)[-1].message == "Saved"
        assert app.store.partners.get(PARTNER_ID).contact_email == "jane@acme.io"


async def test_a_number_field_says_what_is_wrong_while_typing(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        await fill(pilot, "#f-potential_value", "12x")
        await pilot.pause()
        field = app.screen.query_one("#f-potential_value", TextField)
        assert "is not an amount" in str(field.query_one(".field-error", Label).content)
        await pilot.press("backspace")
        await pilot.pause()
        assert not field.has_class("-has-error")


async def test_a_bad_log_entry_blocks_the_save_and_keeps_its_text(seeded_db: Path) -> None:
    before = seeded_db.read_bytes()
    app = PartnerApp(db_path=seeded_db)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        await pilot.press("f9")
        log = app.screen.query_one("#activity-log", ActivityLog)
        await fill(pilot, "#activity-log .activity-date", "2026-02-30")
        await fill(pilot, "#activity-log .activity-text", "Call")
        await pilot.press("f2")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not a date" in str(log.query_one(".field-error", Label).content)
        assert log.text_input.value == "Call" and log.date_input.value == "2026-02-30"
        assert app.screen.query_one("#sections", TabbedContent).active == "challenges"
        assert list(toasts)[-1].severity == "error"
        app.store.flush()
    assert seeded_db.read_bytes() == before


async def test_an_entry_typed_but_not_added_is_saved_with_the_partner(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.press("f9")
        await fill(pilot, "#activity-log .activity-text", "Call")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [a.text for a in app.store.partners.get(PARTNER_ID).activities] == ["Call"]
