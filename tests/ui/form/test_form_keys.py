"""Moving between sections from the keyboard, from wherever the cursor is."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TabbedContent

from partner_tui.app import PartnerApp
from partner_tui.ui.form.fields import TextField
from partner_tui.ui.form.sections import SECTIONS
from tests.ui.form.conftest import PARTNER_ID


async def test_section_keys_work_from_inside_an_input(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        screen = app.screen
        tabs = screen.query_one("#sections", TabbedContent)
        assert screen.focused is screen.query_one("#f-company", TextField).input
        # An Input scrolls itself on ctrl+pageup/pagedown; the form's keys win.
        await pilot.press("ctrl+pagedown")
        await pilot.pause()
        assert tabs.active == "fit"
        await pilot.press("ctrl+pageup", "ctrl+pageup")
        await pilot.pause()
        assert tabs.active == SECTIONS[-1].id  # wraps around
        for section in SECTIONS:
            tab_id = section.id
            await pilot.press(section.key)
            await pilot.pause()
            assert tabs.active == tab_id
            # The cursor goes into the section, so typing continues there.
            assert screen.focused is not None and tab_id in [a.id for a in screen.focused.ancestors]


async def test_footer_shows_the_form_keys(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        shown = {
            key
            for key, active in app.screen.active_bindings.items()
            if active.binding.show
        }
        assert {"ctrl+s", "escape", "ctrl+pagedown", "ctrl+pageup", "f2"} <= shown


async def test_metrics_show_payouts_and_roi_as_soon_as_the_section_opens(seeded_db: Path) -> None:
    from textual.widgets import Static

    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        derived = str(app.screen.query_one("#metrics-derived", Static).content)
        assert "Payouts to partner: $0" in derived
        assert "no cost recorded yet" in derived
        assert app.screen.has_class("-narrow")  # one field per row at 80 columns
