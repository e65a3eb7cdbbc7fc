"""The program's rules on the Settings screen: read from the ProgramRules model (a rule
added there shows with no edit to the screen), checked, saved and undone like every
other setting, and usable at 80x24."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import Field as ModelField
from textual.message import Message
from textual.notifications import Notify
from textual.widgets import Input, Label, Static

from partner_tui.app import PartnerApp
from partner_tui.domain.amount_fields import Money, Percent
from partner_tui.domain.program import ProgramRules, Settings
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.settings.screen import FIELDS, RULE_HINT, RULES, rule_fields
from tests.ui.settings.test_settings import error_text, open_settings, type_into


def test_every_rule_is_explained_in_the_model() -> None:
    # The screen's label and its explanation come from here: a rule without them would
    # show as a bare name. Fails for the next rule added without a description.
    for name, info in ProgramRules.model_fields.items():
        assert info.description, f"ProgramRules.{name} has no description="


def test_every_rule_of_one_value_has_its_field() -> None:
    shown = {f.key for f in RULES}
    for name, info in ProgramRules.model_fields.items():
        if info.annotation in (int, str, Decimal):
            assert f"rules.{name}" in shown
    assert {f.key for f in RULES} <= {f.key for f in FIELDS}  # checked and saved with the rest


def test_a_rule_added_to_the_model_shows_without_editing_the_screen() -> None:
    class MoreRules(ProgramRules):
        protection_days: int = ModelField(90, ge=1, le=3650, description="days a deal is protected")
        tier_percent: Percent = ModelField(Decimal(10), description="the tier's revenue share")
        cap_per_customer: Money = ModelField(Decimal(0), description="most paid per customer")
        tiers: list[str] = ModelField(default_factory=list, description="a table: its own widget")

    fields = {f.key: f for f in rule_fields(MoreRules)}
    protection = fields["rules.protection_days"]
    assert (protection.label, protection.kind, protection.hint, protection.minimum) == (
        "Protection days", "int", "days a deal is protected", 1)
    assert fields["rules.tier_percent"].kind == "hours"  # a decimal with a bound
    assert fields["rules.cap_per_customer"].kind == "money"
    assert "rules.tiers" not in fields
    assert fields["rules.quiet_engage_days"].label == "Quiet after, Engage"


def _toasts() -> tuple[list[str], Callable[[Message], None]]:
    """What the app says in toasts, heard as posted (run_test's message_hook)."""
    said: list[str] = []

    def hook(message: Message) -> None:
        if isinstance(message, Notify):
            said.append(message.notification.message)

    return said, hook


async def test_rules_are_saved_and_read_back(db_path: Path) -> None:
    app = PartnerApp(db_path=db_path)
    said, hook = _toasts()
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await open_settings(app, pilot)
        await type_into(app, pilot, "setting-rules-holding-days", "45")
        await type_into(app, pilot, "setting-rules-quiet-active-days", "21")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert said == ["Settings saved."]
        app.store.flush()
    with PartnerStore(db_path, read_only=True) as reader:
        rules = reader.program.settings().rules
    assert (rules.holding_days, rules.quiet_active_days, rules.quiet_engage_days) == (45, 21, 14)


async def test_a_bad_rule_keeps_what_was_typed_and_says_which(db_path: Path) -> None:
    app = PartnerApp(db_path=db_path)
    said, hook = _toasts()
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await open_settings(app, pilot)
        await type_into(app, pilot, "setting-rules-quiet-engage-days", "9999")
        await type_into(app, pilot, "setting-rules-holding-days", "")
        assert error_text(app, "setting-rules-quiet-engage-days") == "must be 3650 or less"
        assert error_text(app, "setting-rules-holding-days") == "required (type 0 for none)"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert said == ["Fix: Holding period (days), Quiet after, Engage"]
        engage = app.screen.query_one("#setting-rules-quiet-engage-days", Input)
        assert engage.value == "9999"  # nothing typed is lost
        assert app.focused is app.screen.query_one("#setting-rules-holding-days", Input)
        assert app.store.program.settings() == Settings()  # nothing written


async def test_ctrl_z_undoes_typing_in_a_rule(db_path: Path) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_settings(app, pilot)
        box = app.screen.query_one("#setting-rules-quiet-negotiate-days", Input)
        box.focus()
        await pilot.press("end", "0")
        assert box.value == "140"
        await pilot.press("ctrl+z")
        assert box.value == "14"
        assert not app.screen.dirty


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_focused_rule_is_explained_and_in_view(db_path: Path, size: tuple[int, int]
                                                         ) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=size) as pilot:
        await open_settings(app, pilot)
        note = app.screen.query_one("#settings-rule-help", Static)
        assert str(note.render()) == RULE_HINT
        for field in RULES:
            box = app.screen.query_one(f"#{field.input_id}", Input)
            box.focus()
            await pilot.pause()
            await pilot.pause()
            assert str(note.render()) == f"{field.label}: {field.hint}"
            screen = app.screen.region
            for widget in (box, note):  # the field and the words about it, both on screen
                assert screen.contains_region(widget.region), (field.key, widget.region)
            label = box.parent.query_one(Label)
            assert str(label.render()) == field.label  # whole: no label is cut
            assert label.region.right <= box.region.x
        # Leaving the rules: the general words again.
        app.screen.query_one("#setting-targets-prospect", Input).focus()
        await pilot.pause()
        assert str(note.render()) == RULE_HINT
