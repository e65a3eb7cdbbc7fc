"""Pilot tests of the template library: every change is persisted; the playbook's stays."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, TextArea

from partner_tui.app import PartnerApp
from partner_tui.domain.templates import PLAYBOOK_BODY, PLAYBOOK_TEMPLATE_ID, OutreachTemplate
from partner_tui.ui.dialogs.confirm import ConfirmDialog
from partner_tui.ui.dialogs.text_prompt import TextPrompt
from partner_tui.ui.outreach.template_editor import TemplateEditorScreen
from partner_tui.ui.outreach.template_library import TemplateLibraryScreen
from tests.helpers.reading import read_back
from tests.helpers.seeding import seed_templates as seed

CHECK_IN = OutreachTemplate(id="checkin", name="Check-in", subject="Checking in", body="Hi [Name]")


async def open_library(app: PartnerApp, pilot) -> TemplateLibraryScreen:
    await pilot.pause()
    app.open_templates()
    await pilot.pause()
    assert isinstance(app.screen, TemplateLibraryScreen)
    return app.screen


def stored_templates(db_path: Path, app: PartnerApp) -> dict[str, OutreachTemplate]:
    """What a fresh reader of the file sees (the app writes in the background)."""
    with read_back(app, db_path) as store:
        return {t.id: t for t in store.program.templates()}


def names(app: PartnerApp) -> list[str]:
    return [t.name for t in app.store.program.templates()]


async def test_new_template_opens_the_editor_and_saves(db_path: Path) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_library(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"Follow-up", "enter")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, TemplateEditorScreen)
        assert app.focused is editor.query_one("#body", TextArea)
        editor.query_one("#subject", Input).value = "Following up, [Name]"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TemplateLibraryScreen)
        saved = stored_templates(db_path, app)
    [follow_up] = [t for t in saved.values() if t.name == "Follow-up"]
    assert follow_up.subject == "Following up, [Name]"
    assert "[Your name]" in follow_up.body and not follow_up.builtin


async def test_duplicate_and_rename_are_persisted(db_path: Path) -> None:
    seed(db_path, CHECK_IN)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_library(app, pilot)
        await pilot.press("down")  # Check-in
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        assert app.screen.query_one(Input).value == "Check-in (copy)"
        await pilot.press("enter")
        await pilot.pause()
        assert names(app) == ["Playbook: partnership opportunity", "Check-in", "Check-in (copy)"]
        # The copy is highlighted after duplicating: rename it.
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*"Quarterly check-in", "enter")  # the old name is selected: replaced
        await pilot.pause()
        saved = stored_templates(db_path, app)
    by_name = {t.name: t for t in saved.values()}
    assert set(by_name) == {"Playbook: partnership opportunity", "Check-in", "Quarterly check-in"}
    assert by_name["Quarterly check-in"].body == CHECK_IN.body
    assert by_name["Quarterly check-in"].id != CHECK_IN.id


async def test_delete_asks_and_is_persisted(db_path: Path) -> None:
    seed(db_path, CHECK_IN)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_library(app, pilot)
        await pilot.press("down", "x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep it
        await pilot.pause()
        assert "checkin" in stored_templates(db_path, app)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        saved = stored_templates(db_path, app)
    assert list(saved) == [PLAYBOOK_TEMPLATE_ID]


async def test_playbook_template_cannot_be_deleted_but_can_be_restored(db_path: Path) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        library = await open_library(app, pilot)
        # Edit the playbook's body through the editor.
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, TemplateEditorScreen)
        editor.query_one("#body", TextArea).load_text("Hello [Name], my own words.")
        await pilot.press("ctrl+s", "escape")
        await pilot.pause()
        assert (
            stored_templates(db_path, app)[PLAYBOOK_TEMPLATE_ID].body
            == "Hello [Name], my own words."
        )

        await pilot.press("x")
        await pilot.pause()
        assert app.screen is library  # no question: it simply cannot be deleted
        assert PLAYBOOK_TEMPLATE_ID in stored_templates(db_path, app)

        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        saved = stored_templates(db_path, app)
        listing = library.query_one(OptionList)
        assert listing.get_option_at_index(0).id == PLAYBOOK_TEMPLATE_ID
    assert saved[PLAYBOOK_TEMPLATE_ID].body == PLAYBOOK_BODY
    assert saved[PLAYBOOK_TEMPLATE_ID].builtin


async def test_editor_refuses_an_empty_name_and_keeps_the_words(db_path: Path) -> None:
    seed(db_path, CHECK_IN)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_library(app, pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, TemplateEditorScreen)
        editor.query_one("#name", Input).value = "  "
        editor.query_one("#body", TextArea).load_text("New words")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "needed" in str(editor.query_one("#name-error").content)
        assert editor.query_one("#body", TextArea).text == "New words"
        assert app.store.program.template("checkin").name == "Check-in"
        # Leaving unsaved asks first.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)


async def test_a_deleted_template_comes_back_with_ctrl_z(db_path: Path) -> None:
    seed(db_path, CHECK_IN)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_library(app, pilot)
        await pilot.press("down", "x")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#no")  # Keep: enter deletes nothing
        await pilot.press("y")
        await pilot.pause()
        assert "checkin" not in stored_templates(db_path, app)
        await pilot.press("escape")  # left and came back: still undoable this session
        await pilot.pause()
        await open_library(app, pilot)
        await pilot.press("ctrl+z")
        await pilot.pause()
        saved = stored_templates(db_path, app)
        assert isinstance(app.screen, TemplateLibraryScreen)
        assert app.screen.highlighted_id == "checkin"
    assert (saved["checkin"].name, saved["checkin"].body) == (CHECK_IN.name, CHECK_IN.body)
