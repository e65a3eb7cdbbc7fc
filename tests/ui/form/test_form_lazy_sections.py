"""The form builds only the section in view when it opens (the others on their first
showing, section_tabs.py): nothing of a section never opened is lost on save, an F-key
into a section not built yet takes the keys typed right after it, and bursts of section
keys land where a slow typist's would. Also the deal dialog and list at 80x24."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from textual.widgets import Input, Select, TabbedContent, TextArea

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.form.deal_editor import DealEditor
from partner_tui.ui.form.deal_list import DealList
from partner_tui.ui.form.screen import PartnerFormScreen
from partner_tui.ui.form.section_tabs import SectionTabs
from partner_tui.ui.form.sections import SECTIONS
from tests.helpers.burst import burst, typed
from tests.helpers.seeding import seed_deals, seed_partners, won_deal

ACME = "acme0000001"
NOTES = "Met at the summit.\nThey want a co-marketing plan first."


def seed_filled(db_path: Path) -> None:
    """A partner with values in sections the tests never open (notes, terms, metrics)."""
    partner = new_partner("Acme", Stage.ACTIVE, id=ACME)
    data = partner.model_dump()
    data["notes"] = NOTES
    data["models"]["revenue_share"]["percent"] = Decimal(20)
    data["models"]["referral_fee"]["amount"] = Decimal(500)
    data["challenges"]["low_engagement"] = True
    seed_partners(db_path, [type(partner).model_validate(data)])


def built(app: PartnerApp) -> set[str]:
    tabs = app.screen.query_one(SectionTabs)
    return {section.id for section in SECTIONS if tabs.is_built(section.id)}


async def test_the_form_opens_with_only_the_section_in_view_built(
    db_path: Path, frozen_clock: object
) -> None:
    seed_filled(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form(ACME)
        await pilot.pause()
        assert built(app) == {SECTIONS[0].id}
        assert not app.screen.query("#f-notes")  # not built, so not there
        # Its title and "saved" are in the header from the first paint (title_bar.py).
        assert app.screen.sub_title == "saved"


async def test_values_of_sections_never_opened_survive_a_save(
    db_path: Path, frozen_clock: object
) -> None:
    seed_filled(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form(ACME)
        await pilot.pause()
        await burst(pilot, "end", typed(" Inc"), "ctrl+s")
        assert "notes" not in {w.path for w in app.screen._bound_widgets()}  # never built
        assert not app.screen.dirty
    with PartnerStore(db_path) as store:
        saved = store.partners.get(ACME)
    assert saved.company == "Acme Inc"
    assert saved.notes == NOTES
    assert saved.models.revenue_share.percent == Decimal(20)
    assert saved.models.referral_fee.amount == Decimal(500)
    assert saved.challenges.low_engagement is True


async def test_an_f_key_into_a_section_not_built_takes_the_keys_typed_after_it(
    db_path: Path, frozen_clock: object
) -> None:
    """F9, then text, in one burst: the notes are built and filled before the text lands,
    which joins the stored notes (never replacing them, never in the company)."""
    seed_filled(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form(ACME)
        await pilot.pause()
        await burst(pilot, "f9", "tab", "tab", "tab", typed(" Call Maya."), "ctrl+s")
        screen = app.screen
        assert isinstance(screen, PartnerFormScreen)
        assert screen.query_one("#sections", TabbedContent).active == "challenges"
        notes = screen.query_one("#f-notes", TextArea)
        assert notes.text.replace(" Call Maya.", "", 1) == NOTES
        assert screen.query_one("#f-company > Input", Input).value == "Acme"
    with PartnerStore(db_path) as store:
        assert store.partners.get(ACME).notes == notes.text


async def test_a_burst_of_section_keys_ends_where_a_slow_typist_would(
    db_path: Path, frozen_clock: object
) -> None:
    """Each section built on the way, in one burst; then back to F2 and typing goes to the
    company name, whose end the cursor is at; a section built meanwhile shows its values."""
    seed_filled(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_partner_form(ACME)
        await pilot.pause()
        keys = [section.key for section in SECTIONS[1:]]
        await burst(pilot, *keys, "ctrl+pagedown", "ctrl+pageup", "ctrl+pageup", "f2",
                    typed(" Co"))
        screen = app.screen
        assert built(app) == {section.id for section in SECTIONS}
        assert screen.query_one("#sections", TabbedContent).active == "overview"
        assert screen.query_one("#f-company > Input", Input).value == "Acme Co"
        percent = screen.query_one("#f-models-revenue_share-percent > Input", Input)
        assert percent.value == "20"  # loaded when built, though never in view for long
        assert screen.dirty  # the company, and only it
        assert screen.sub_title.startswith("unsaved")


async def test_escape_after_edits_in_a_section_built_late_asks_first(
    db_path: Path, frozen_clock: object
) -> None:
    seed_filled(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form(ACME)
        await pilot.pause()
        await burst(pilot, "f9", "space", "escape")  # a challenge ticked off, then leave
        assert not isinstance(app.screen, PartnerFormScreen)  # the discard question
        await burst(pilot, "escape")  # keep editing
        assert isinstance(app.screen, PartnerFormScreen)
        assert app.screen.dirty


async def test_the_deal_dialog_fits_80x24_without_scrolling(
    db_path: Path, frozen_clock: object
) -> None:
    seed_partners(db_path, [new_partner("Acme", Stage.ACTIVE, id=ACME)])
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_partner_form(ACME)
        await pilot.pause()
        await burst(pilot, "f10", "n")
        dialog = app.screen
        assert isinstance(dialog, DealEditor)
        fields = dialog.query_one("#deal-fields")
        assert fields.max_scroll_y == 0  # nothing hidden below
        screen_region = dialog.region
        for path in ("amount", "monthly_revenue", "status", "registered_on", "closed_on",
                     "paid_on", "ended_on", "customer"):
            widget = dialog.query_one(f"#f-{path}")
            target = widget if isinstance(widget, Select) else widget.query_one(Input)
            assert screen_region.contains_region(target.region), path
            assert target.region.height == 1  # compact: one line a field
        # A field marked wrong stays one line, its text in sight, the message under it.
        closed = dialog.query_one("#f-closed_on > Input", Input)
        dialog.set_focus(closed)
        await burst(pilot, typed("2026-12-01"), "ctrl+s")  # a close date on an open deal
        assert app.screen is dialog
        assert closed.has_class("field-invalid") and closed.region.height == 1
        assert closed.content_region.width > len(closed.value)


async def test_the_deal_list_shows_amount_and_monthly_at_80_columns(
    db_path: Path, frozen_clock: object
) -> None:
    seed_partners(db_path, [new_partner("Acme", Stage.ACTIVE, id=ACME)])
    seed_deals(db_path, won_deal(ACME, "The Very Long Customer Name Holdings International",
                                 "long.io"))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_partner_form(ACME)
        await pilot.pause()
        await burst(pilot, "f10")
        listing = app.screen.query_one(DealList)
        right = 0
        for column in listing.ordered_columns:
            right += column.get_render_width(listing)
            if column.key.value == "Monthly":
                break
        assert right <= listing.scrollable_content_region.width


async def test_section_keys_work_on_a_read_only_file(db_path: Path, frozen_clock: object) -> None:
    """Every field is locked there, so the cursor rests on the tab bar, inside the section
    tabs whose keys these are: F-keys and ctrl+pgdn still move between sections."""
    seed_filled(db_path)
    app = PartnerApp(db_path=db_path, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form(ACME)
        await pilot.pause()
        tabs = app.screen.query_one("#sections", TabbedContent)
        await burst(pilot, "f9")
        assert tabs.active == "challenges"
        assert app.screen.query_one("#f-notes", TextArea).text == NOTES
        await burst(pilot, "ctrl+pagedown", "f2")
        assert tabs.active == "overview"
        assert app.screen.focused is not None
