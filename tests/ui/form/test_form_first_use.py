"""What a new user met in the form: every field to fix named at once, the email checked as
typed, no stale toast after a save, the company not selected on open, ctrl+z undoing
typing, checkboxes that read without colour, placeholders that read as examples, layout."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from partner_tui.app import PartnerApp
from partner_tui.ui.form.fields import BoundCheckbox, TextField
from partner_tui.ui.form.screen import PartnerFormScreen
from tests.helpers.pilot import fill, type_text
from tests.helpers.toasts import Toasts
from tests.ui.form.conftest import PARTNER_ID


def notices(toasts: Toasts) -> list[str]:
    return [n.message for n in toasts]


async def open_form(app: PartnerApp, pilot: object) -> PartnerFormScreen:
    app.open_partner_form(PARTNER_ID)
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, PartnerFormScreen)
    return app.screen


def error_of(screen: PartnerFormScreen, selector: str) -> str:
    field = screen.query_one(selector, TextField)
    return str(field.query_one(".field-error").render())


async def test_ctrl_s_names_every_field_to_fix_at_once(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        screen = await open_form(app, pilot)
        await fill(pilot, "#f-company", "")  # the model refuses it
        await fill(pilot, "#f-next_action_date", "2026-13-45")  # does not even parse
        await fill(pilot, "#f-potential_value", "12.345")  # the model refuses it
        app.clear_notifications()
        await pilot.press("ctrl+s")
        await pilot.pause()
        [refusal] = notices(toasts)
        assert refusal.startswith("Fix: ")
        for name in ("Company *", "Potential value", "Next action date"):
            assert name in refusal, refusal
        assert app.focused is screen.query_one("#f-company", TextField).input


async def test_a_bad_email_is_flagged_as_typed(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_form(app, pilot)
        await fill(pilot, "#f-contact_email", "jane@acme")
        assert "is not a valid email address" in error_of(screen, "#f-contact_email")
        await type_text(pilot, ".io")
        assert error_of(screen, "#f-contact_email") == ""


async def test_a_save_clears_the_stale_refusal(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        await open_form(app, pilot)
        await fill(pilot, "#f-next_action_date", "soon")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any(n.startswith("Fix: ") for n in notices(toasts))
        await fill(pilot, "#f-next_action_date", "2026-04-01")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert notices(toasts) == ["Saved"]


async def test_the_form_opens_with_the_cursor_after_the_company(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_form(app, pilot)
        company = screen.query_one("#f-company", TextField).input
        assert app.focused is company
        assert company.selection.is_empty and company.cursor_position == len("Acme")
        await pilot.press("x")  # a stray key adds a letter, it does not replace the name
        assert company.value == "Acmex"


async def test_ctrl_z_in_a_field_undoes_typing(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_form(app, pilot)
        company = screen.query_one("#f-company", TextField).input
        await type_text(pilot, " Global Corp")
        assert company.value == "Acme Global Corp"
        await pilot.press("ctrl+z")
        assert company.value == "Acme Global"
        await pilot.press("ctrl+z", "ctrl+z")
        assert company.value == "Acme"
        await pilot.press("ctrl+y")
        assert company.value == "Acme Global"
        await pilot.press("backspace", "backspace", "ctrl+z")
        assert company.value == "Acme Global"


async def test_checkboxes_read_without_colour(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_form(app, pilot)
        await pilot.press("f5")
        await pilot.pause()
        box = screen.query(BoundCheckbox).first()
        assert str(box.render()).startswith("[ ]")
        await pilot.press("space")
        await pilot.pause()
        assert box.value and str(box.render()).startswith("[x]")


async def test_placeholders_read_as_examples(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_form(app, pilot)
        for path in ("company", "contact_name", "contact_email", "contact_linkedin", "website"):
            field = screen.query_one(f"#f-{path}", TextField)
            assert field.input.placeholder.startswith("e.g. "), path


async def test_the_log_add_button_and_the_models_fit_the_screen(seeded_db: Path) -> None:
    for size, section, selector in (((120, 40), "f9", ".activity-add"),
                                    ((80, 24), "f6", ".model-switches BoundCheckbox")):
        app = PartnerApp(db_path=seeded_db)
        async with app.run_test(size=size) as pilot:
            screen = await open_form(app, pilot)
            await pilot.press(section)
            await pilot.pause()
            for widget in screen.query(selector):
                # Whole, and a cell short of the edge (a vertical scrollbar may sit there).
                assert widget.region.right <= size[0] - 1, (size, selector, widget.region)
                assert widget.region.width >= len(str(getattr(widget, "label", "")))


async def test_subtype_is_skipped_until_there_is_a_type(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_form(app, pilot)
        await pilot.press("tab", "tab", "tab")  # owner, type, (subtype skipped)
        await pilot.pause()
        assert app.focused is screen.query_one("#f-contact_name", TextField).input
        assert isinstance(app.focused, Input)
