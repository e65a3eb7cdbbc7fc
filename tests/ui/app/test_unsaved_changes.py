"""Quitting asks first when a screen says it holds unsaved edits (PartnerScreen's
has_unsaved_changes): settings and the template editor as well as the form."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.dialogs.confirm import ConfirmDialog
from partner_tui.ui.form.screen import PartnerFormScreen
from partner_tui.ui.outreach.template_editor import TemplateEditorScreen
from partner_tui.ui.settings.screen import SettingsScreen


def one_partner(db_path: Path) -> str:
    with PartnerStore(db_path) as store:
        return store.partners.add(new_partner("Tracked Co")).id


async def test_unsaved_settings_make_quit_ask(db_path: Path) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_settings()
        await pilot.pause()
        settings = app.screen
        assert isinstance(settings, SettingsScreen) and not settings.has_unsaved_changes
        settings.query_one("#setting-targets-prospect", Input).value = "25"
        await pilot.pause()
        assert settings.has_unsaved_changes
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is settings and app.return_code is None


async def test_an_unsaved_template_makes_quit_ask(db_path: Path) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, TemplateEditorScreen) and not editor.has_unsaved_changes
        editor.query_one("#body", TextArea).insert("P.S. ")
        await pilot.pause()
        assert editor.has_unsaved_changes
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_read_only_form_never_holds_unsaved_work(db_path: Path) -> None:
    partner_id = one_partner(db_path)
    app = PartnerApp(db_path=db_path, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form(partner_id)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PartnerFormScreen)
        form.query_one("#f-company").query_one(Input).value = "Cannot Be Saved"
        await pilot.pause()
        assert form.dirty and not form.has_unsaved_changes
        await pilot.press("ctrl+q")  # nothing that could be saved: quits at once
        await pilot.pause()
    assert app.return_code == 0
