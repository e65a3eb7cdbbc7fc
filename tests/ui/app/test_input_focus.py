"""Focus puts the cursor at the end of a field and never selects its text, on every screen.

The class of bug: a field that selects all on focus, so the first key typed wipes it
(F3 F2 `Q` turned "Acme" into "Q"). Fixed once, in the app's one Input
(common/undo_input.py); these tests fail on the next field built any other way.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from textual.widgets import Input

import partner_tui.ui
from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.common.undo_input import UndoInput
from partner_tui.ui.form.sections import SECTIONS

UI = Path(partner_tui.ui.__file__).parent
PARTNER_ID = "acme0000001"


def test_no_screen_builds_an_input_of_its_own() -> None:
    """Every Input the UI builds is the UndoInput (which does not select on focus)."""
    other_inputs = []
    for module in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name is not None and name.endswith("Input") and name != "UndoInput":
                    other_inputs.append(f"{module.relative_to(UI)}:{node.lineno} {name}")
            if isinstance(node, ast.ClassDef) and any(
                getattr(base, "id", None) == "Input" for base in node.bases
            ) and node.name != "UndoInput":
                other_inputs.append(f"{module.relative_to(UI)}:{node.lineno} class {node.name}")
    assert other_inputs == []




async def _after_focus(app: PartnerApp, pilot: object, where: str, failures: list[str]) -> None:
    fields = [f for f in app.screen.query(Input) if f.focusable]
    for field in fields:
        if not field.value:
            field.value = "some text"
        field.cursor_position = 0  # moved away, as the user might have
        app.screen.set_focus(None)  # from elsewhere, as by tab or a jump
        await pilot.pause()  # type: ignore[attr-defined]
        field.focus()
        await pilot.pause()  # type: ignore[attr-defined]
        named = next((node.id for node in [field, *field.ancestors] if node.id), "")
        label = f"{where} {named}"
        if not isinstance(field, UndoInput):
            failures.append(f"{label}: not an UndoInput")
        if not field.selection.is_empty:
            failures.append(f"{label}: selects on focus")
        if field.cursor_position != len(field.value):
            failures.append(f"{label}: cursor at {field.cursor_position}, not the end")


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_focus_never_selects_on_any_screen(db_path: Path, size: tuple[int, int]) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Acme", stage=Stage.ENGAGE, id=PARTNER_ID))
    app = PartnerApp(db_path=db_path)
    failures: list[str] = []
    async with app.run_test(size=size) as pilot:
        await pilot.press("slash")  # the board's filter
        await pilot.pause()
        await _after_focus(app, pilot, "board", failures)
        await pilot.press("escape", "escape")
        await pilot.press("n")  # quick add
        await pilot.pause()
        await _after_focus(app, pilot, "quick add", failures)
        await pilot.press("escape")
        await pilot.pause()
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        for section in SECTIONS:  # each section is built when first shown
            await pilot.press(section.key)
            await pilot.pause()
        await _after_focus(app, pilot, "form", failures)
        app.pop_screen()
        await pilot.pause()
        for opened, where in (
            (lambda: app.open_outreach(PARTNER_ID), "outreach"),
            (app.open_settings, "settings"),
            (app.open_templates, "templates"),
        ):
            opened()
            await pilot.pause()
            await _after_focus(app, pilot, where, failures)
            if where == "templates":
                await pilot.press("e")  # the template editor
                await pilot.pause()
                await _after_focus(app, pilot, "template editor", failures)
                app.pop_screen()
            app.pop_screen()
            await pilot.pause()
    assert failures == [], "\n".join(failures)


async def test_typing_after_moving_between_sections_adds_to_the_field(db_path: Path) -> None:
    """The issue's own steps: F3, F2, Q keeps the company and adds a Q."""
    from tests.helpers.burst import burst

    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Acme", stage=Stage.ENGAGE, id=PARTNER_ID))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        await burst(pilot, "f3", "f2", "Q")
        assert app.screen.query_one("#f-company").query_one(Input).value == "AcmeQ"
