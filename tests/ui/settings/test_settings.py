"""Pilot tests of the settings screen: saving, validation beside the field, unsaved changes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from textual.widgets import Input, Static

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.program import Settings
from partner_tui.profile import your_name
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.dashboard.funnel import DashFunnel
from tests.helpers.toasts import Toasts


async def open_settings(app: PartnerApp, pilot: object) -> None:
    await pilot.pause()  # type: ignore[attr-defined]
    app.open_settings()
    await pilot.pause()  # type: ignore[attr-defined]
    assert type(app.screen).__name__ == "SettingsScreen"


async def type_into(app: PartnerApp, pilot: object, input_id: str, text: str) -> None:
    """Put text in a field as a paste would (one Changed message; keys are slow in Pilot)."""
    field = app.screen.query_one(f"#{input_id}", Input)
    field.focus()
    field.value = text
    await pilot.pause()  # type: ignore[attr-defined]


def error_text(app: PartnerApp, input_id: str) -> str:
    return str(app.screen.query_one(f"#{input_id}-error", Static).render())


async def test_ctrl_s_saves_every_section(db_path: Path) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_settings(app, pilot)
        await type_into(app, pilot, "setting-targets-prospect", "25")
        await type_into(app, pilot, "setting-profile-your-name", "Ana")
        await type_into(app, pilot, "setting-resources-technical-hours", "7.5")
        await type_into(app, pilot, "setting-resources-hourly-rate", "1,200.50")
        await type_into(app, pilot, "setting-tools-crm", "$99")
        await pilot.press("ctrl+s")
        app.store.flush()
        with PartnerStore(db_path, read_only=True) as reader:
            saved = reader.program.settings()
    assert saved.targets.prospect == 25
    assert saved.profile.your_name == ""  # yours, not the shared file's:
    assert your_name.given_name() == "Ana"  # kept in your user config
    assert saved.resources.technical_hours == Decimal("7.5")
    assert saved.resources.hourly_rate == Decimal("1200.50")
    assert saved.tools.crm == Decimal("99.00")


async def test_bad_values_get_a_message_beside_the_field_and_are_not_saved(db_path: Path) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_settings(app, pilot)
        marketing = app.screen.query_one("#setting-resources-marketing-hours", Input)
        marketing.focus()
        await pilot.press("end", "backspace", "5", "0", "0", "x")  # the x is refused as typed
        await type_into(app, pilot, "setting-resources-hourly-rate", "12.3456")
        assert error_text(app, "setting-resources-marketing-hours") == "must be 168 or less"
        assert "two decimal places" in error_text(app, "setting-resources-hourly-rate")
        await pilot.press("ctrl+s")
        # Nothing typed is lost, the first bad field has focus, and nothing was written.
        assert marketing.value == "500"
        assert app.focused is marketing
        assert app.store.program.settings() == Settings()
        # Fixing it clears the message.
        await type_into(app, pilot, "setting-resources-marketing-hours", "16")
        assert error_text(app, "setting-resources-marketing-hours") == ""


async def test_escape_with_unsaved_changes_asks_first(db_path: Path) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_settings(app, pilot)
        await type_into(app, pilot, "setting-profile-your-company", "Acme")
        await pilot.press("escape")
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("n")  # keep editing
        assert type(app.screen).__name__ == "SettingsScreen"
        assert app.screen.query_one("#setting-profile-your-company", Input).value == "Acme"
        await pilot.press("escape", "y")  # discard
        assert type(app.screen).__name__ != "SettingsScreen"
        assert app.store.program.settings().profile.your_company == ""


async def test_escape_without_changes_just_goes_back(db_path: Path) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_settings(app, pilot)
        await pilot.press("escape")
        assert type(app.screen).__name__ == "BoardScreen"


async def test_the_dashboard_shows_new_targets_after_saving(db_path: Path) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_dashboard()
        await pilot.pause()
        assert "0/20" in str(app.screen.query_one(DashFunnel).render())
        await pilot.press("s")
        await type_into(app, pilot, "setting-targets-prospect", "40")
        await pilot.press("ctrl+s", "escape")
        assert type(app.screen).__name__ == "DashboardScreen"
        assert "0/40" in str(app.screen.query_one(DashFunnel).render())


async def test_the_currency_symbol_is_set_here_and_shown_on_the_board(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Acme", potential_value=Decimal(12500)))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_settings(app, pilot)
        assert app.screen.query_one("#setting-currency-symbol", Input).value == "$"
        await type_into(app, pilot, "setting-currency-symbol", "CHFXY")  # too long
        assert "at most 4 characters" in error_text(app, "setting-currency-symbol")
        await type_into(app, pilot, "setting-currency-symbol", "€")
        assert error_text(app, "setting-currency-symbol") == ""
        assert "€" in str(app.screen.query_one("#settings-cost", Static).render())
        await pilot.press("ctrl+s")
        await pilot.press("escape")
        await pilot.pause()
        board = app.screen
        assert type(board).__name__ == "BoardScreen"
        column = board.query_one("#column-prospect")
        shown = "\n".join("".join(seg.text for seg in column.render_line(y)) for y in range(3))
        assert "€12,500" in shown
    with PartnerStore(db_path, read_only=True) as reader:
        assert reader.program.settings().currency_symbol == "€"


async def test_a_target_of_zero_is_refused_and_the_toast_names_the_fields(db_path: Path) -> None:
    app = PartnerApp(db_path=db_path)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        await open_settings(app, pilot)
        await type_into(app, pilot, "setting-targets-engage", "0")
        await type_into(app, pilot, "setting-resources-hourly-rate", "12.345")
        assert error_text(app, "setting-targets-engage") == "must be 1 or more"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [n.message for n in toasts] == ["Fix: Engaged, Hourly rate"]
        assert app.store.program.settings() == Settings()
        await type_into(app, pilot, "setting-targets-engage", "8")
        await type_into(app, pilot, "setting-resources-hourly-rate", "")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [n.message for n in toasts] == ["Settings saved."]
        assert app.store.program.settings().targets.engage == 8
