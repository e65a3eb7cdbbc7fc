"""The form fits: every tab on the bar, the F-keys in the key bar, whole dates, and the
deal list's money columns at 80 columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TabbedContent, Tabs

from partner_tui.app import PartnerApp
from partner_tui.ui.form.deal_list import DealList
from partner_tui.ui.form.section_tabs import tab_labels
from partner_tui.ui.form.sections import SECTIONS
from tests.ui.form.conftest import PARTNER_ID

SIZES = [(120, 40), (80, 24)]


def _tabs_in_sight(app: PartnerApp) -> None:
    tabs = app.screen.query_one("#sections", TabbedContent).query_one(Tabs)
    bar = tabs.region
    assert tabs.scroll_offset.x == 0
    for section in SECTIONS:
        tab = tabs.query_one(f"#--content-tab-{section.id}")
        assert tab.region.right <= bar.right, section.id
        assert str(tab.label).startswith(section.key.upper())


@pytest.mark.parametrize("size", SIZES)
async def test_every_tab_and_the_section_keys_are_in_sight(
    seeded_db: Path, size: tuple[int, int]
) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=size) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        for section in SECTIONS:
            await pilot.press(section.key)
            await pilot.pause()
            _tabs_in_sight(app)
            assert "F2…F11 Section" in app.screen.query_one("KeyBar").render().plain


def test_tab_labels_shorten_the_others_before_the_open_one() -> None:
    wide = tab_labels("challenges", 120)
    assert wide["challenges"] == "F9 Challenges & notes" and wide["fit"] == "F3 Fit"
    narrow = tab_labels("fit", 80)
    assert narrow["fit"] == "F3 Fit & outreach" and narrow["deals"] == "F10"


@pytest.mark.parametrize("size", SIZES)
async def test_dates_show_whole_when_focused(seeded_db: Path, size: tuple[int, int]) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=size) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        dates = [app.screen.query_one("#activity-log .activity-date", Input)]
        dates.append(app.screen.query_one("#f-next_action_date").query_one(Input))
        for field in dates:
            field.value = "2026-12-06"
            field.focus()
            await pilot.pause()
            assert field.scroll_offset.x == 0, field
            assert field.content_region.width > len(field.value)


@pytest.mark.parametrize("size", SIZES)
async def test_the_deal_list_shows_amount_and_monthly(
    seeded_db: Path, size: tuple[int, int]
) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=size) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        table = app.screen.query_one(DealList)
        right = 0
        for key, column in table.columns.items():
            right += column.get_render_width(table)
            if str(key.value) == "Monthly":
                break
        assert right <= table.content_region.width
