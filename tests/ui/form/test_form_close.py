"""Escape closes the form, asking first only when something is unsaved; read-only files."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from partner_tui.app import PartnerApp
from partner_tui.store.data_changed import DataChanged
from partner_tui.ui.dialogs.confirm import ConfirmDialog
from partner_tui.ui.form.fields import BoundCheckbox, TextField
from partner_tui.ui.form.screen import PartnerFormScreen
from tests.helpers.pilot import fill
from tests.helpers.toasts import Toasts
from tests.ui.form.conftest import PARTNER_ID


async def open_form(app: PartnerApp, pilot: Pilot[None]) -> PartnerFormScreen:
    app.open_partner_form(PARTNER_ID)
    await pilot.pause()
    assert isinstance(app.screen, PartnerFormScreen)
    return app.screen


async def test_escape_without_changes_closes_at_once(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PartnerFormScreen | ConfirmDialog)


async def test_escape_with_changes_asks_and_can_keep_editing(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(app, pilot)
        await pilot.press("f5", "space")  # agree on the partnership type
        await pilot.pause()
        assert form.query_one("#f-agreement-partnership_type-agreed", BoundCheckbox).value
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#f-agreement-partnership_type-agreed", BoundCheckbox).value


async def test_escape_with_changes_can_discard_them(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form(app, pilot)
        await fill(pilot, "#f-owner", "Dana")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, PartnerFormScreen | ConfirmDialog)
        assert app.store.partners.get(PARTNER_ID).owner == ""


async def test_undoing_an_edit_back_to_the_saved_text_is_not_a_change(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(app, pilot)
        await fill(pilot, "#f-owner", "D")
        assert form.dirty
        await pilot.press("backspace")
        await pilot.pause()
        assert not form.dirty
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PartnerFormScreen | ConfirmDialog)


async def test_after_saving_escape_closes_without_asking(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form(app, pilot)
        await fill(pilot, "#f-owner", "Dana")
        await pilot.press("ctrl+s", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, PartnerFormScreen | ConfirmDialog)
        assert app.store.partners.get(PARTNER_ID).owner == "Dana"


async def test_read_only_file_shows_a_banner_and_saves_nothing(seeded_db: Path) -> None:
    before = seeded_db.read_bytes()
    app = PartnerApp(db_path=seeded_db, read_only=True)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        form = await open_form(app, pilot)
        assert "Read-only" in str(form.query_one("#read-only-banner", Static).content)
        company = form.query_one("#f-company", TextField)
        assert company.disabled or company.input.disabled
        assert all(box.disabled for box in form.query(BoundCheckbox))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert list(toasts)[-1].severity == "warning"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PartnerFormScreen)
    assert seeded_db.read_bytes() == before


async def test_a_subtype_outside_the_playbook_examples_survives_opening(
    db_path: Path, frozen_clock: object
) -> None:
    """An imported 'Marketplace' subtype is offered as a choice, not silently dropped."""
    from partner_tui.domain.partner import new_partner
    from partner_tui.domain.partner_types import PartnerType
    from partner_tui.store.partner_store import PartnerStore
    from partner_tui.ui.form.fields import BoundSelect

    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Shop", id="shop1", partner_type=PartnerType.CHANNEL,
                              subtype="Marketplace"))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form("shop1")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PartnerFormScreen)
        assert form.query_one("#f-subtype", BoundSelect).dump() == "Marketplace"
        assert not form.dirty


async def test_sections_never_shown_keep_their_stored_values_on_save(
    db_path: Path, frozen_clock: object
) -> None:
    """Sections are built when first shown; saving before that must not blank them."""
    from decimal import Decimal

    from partner_tui.domain.partner import new_partner
    from partner_tui.store.partner_store import PartnerStore

    with PartnerStore(db_path) as store:
        partner = new_partner("Keep", id="keep1", notes="kept")
        data = partner.model_dump()
        data["metrics"]["revenue_attributed"] = Decimal("900")
        data["agreement"]["responsibilities"] = {"agreed": True, "note": "n"}
        store.partners.add(type(partner).model_validate(data))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form("keep1")
        await pilot.pause()
        await fill(pilot, "#f-owner", "Dana")
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = app.store.partners.get("keep1")
    assert saved.owner == "Dana"
    assert saved.notes == "kept"
    assert saved.metrics.revenue_attributed == Decimal("900")
    assert saved.agreement.responsibilities.agreed and saved.agreement.responsibilities.note == "n"


async def test_reloading_the_file_refreshes_an_untouched_form(seeded_db: Path) -> None:
    """After 'reload theirs' the app asks every screen to reload: the form shows theirs."""
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(app, pilot)
        partner = app.store.partners.get(PARTNER_ID)
        app.store.partners.update(partner.model_copy(update={"owner": "Theirs"}))
        app.session.publish(DataChanged("opened"))
        await pilot.pause()
        assert form.query_one("#f-owner", TextField).input.value == "Theirs"
        assert not form.dirty
        await fill(pilot, "#f-contact_name", "Mine")
        app.store.partners.update(app.store.partners.get(PARTNER_ID).model_copy(update={"owner": "Again"}))
        app.session.publish(DataChanged("opened"))
        await pilot.pause()
        assert form.query_one("#f-contact_name", TextField).input.value == "Mine"  # kept
