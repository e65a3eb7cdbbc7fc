"""Through the form: whatever is pasted or typed into a field is saved clean (the model's
rule), nothing is refused for it, and the form then shows what was saved."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from textual import events
from textual.widgets import Input, TextArea

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import Partner, new_partner
from partner_tui.domain.safe_text import clean_line, clean_text
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.form.fields import TextField
from tests.helpers.hostile import (
    OSC_52,
    OSC_52_STORED,
    assert_clean,
    hostile_text,
    unsafe_on_terminal,
)
from tests.helpers.pilot import screen_text
from tests.helpers.reading import read_back
from tests.ui.form.conftest import PARTNER_ID


async def test_a_pasted_escape_sequence_is_never_drawn_and_saved_clean(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        company = app.screen.query_one("#f-company", TextField).input
        assert app.focused is company
        company.value = ""
        app.post_message(events.Paste(OSC_52 + "\r\nsecond line"))
        await pilot.pause()
        # Cleaned as it arrived: the field never drew the sequence (an Input keeps only
        # the first line of a paste).
        assert company.value == OSC_52_STORED
        assert unsafe_on_terminal(screen_text(app)) == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        with read_back(app, seeded_db) as store:
            assert store.partners.get(PARTNER_ID).company == OSC_52_STORED


async def scenario(db_path: Path, text: str) -> None:
    """Set every text field of the Overview and the notes to `text` (as a paste or a
    program could), save, and check what is stored and what the form shows."""
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        screen = app.screen
        # Cut to the fields' length limits (a company is at most 200 characters): a value
        # too long is refused for its length, which is not what this test is about.
        for field in ("company", "contact_name", "owner", "next_action", "tags"):
            screen.query_one(f"#f-{field}", TextField).input.value = "Co" + text[:100]
        await pilot.press("f9")
        await pilot.pause()
        notes = screen.query_one("#f-notes", TextArea)
        notes.text = text
        await pilot.pause()
        # As the text area holds it (it reads \v, \f, \x1c-\x1e, NEL as line breaks).
        typed_notes = notes.text
        await pilot.press("ctrl+s")
        await pilot.pause()
        with read_back(app, db_path) as store:
            saved = store.partners.get(PARTNER_ID)
        assert_clean(Partner, saved.model_dump(mode="json"))  # nothing refused, all clean
        assert saved.company == clean_line("Co" + text[:100]).strip()
        assert saved.notes == clean_text(typed_notes)
        # The form shows what was saved: the sequences are gone from the screen too.
        assert notes.text == saved.notes
        await pilot.press("f2")
        await pilot.pause()
        assert screen.query_one("#f-company", TextField).input.value == saved.company
        assert all(unsafe_on_terminal(i.value) == [] for i in screen.query(Input))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile_text)
def test_any_text_through_the_form_is_saved_clean(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "partners.json"
        with PartnerStore(db_path) as store:
            store.partners.add(new_partner("Acme", stage=Stage.ACTIVE, id=PARTNER_ID))
        asyncio.run(scenario(db_path, text))
