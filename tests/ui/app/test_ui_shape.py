"""The shape of the UI: the app knows every screen, screens reach it through one typed
API, the form's sections come from one list, and the import contracts hold."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from textual.screen import ModalScreen, Screen

import partner_tui.ui
from partner_tui.app import PartnerApp
from partner_tui.ui.common.app_api import PartnerAppAPI
from partner_tui.ui.common.screen import PartnerScreen
from partner_tui.ui.form.screen import PartnerFormScreen
from partner_tui.ui.form.sections import SECTIONS
from partner_tui.ui.help.screen import HelpScreen, own_bindings

REPO = Path(__file__).resolve().parents[3]


def screens_defined_in_the_ui() -> set[type[Screen[Any]]]:
    """Every Screen class a ui module defines that no other ui screen builds on."""
    found: set[type[Screen[Any]]] = set()
    for info in pkgutil.walk_packages(partner_tui.ui.__path__, "partner_tui.ui."):
        if info.ispkg or info.name.endswith((".screenshots", ".serve")):
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == info.name:
                found.add(cls)
    return {cls for cls in found if not any(other is not cls and issubclass(other, cls)
                                            for other in found)}


def test_the_app_hands_the_help_every_screen_of_the_ui() -> None:
    listed = PartnerApp.screen_classes()
    assert len(listed) == len(set(listed))
    assert set(listed) == screens_defined_in_the_ui()
    assert listed[0].__name__ == "BoardScreen" and listed[-1] is HelpScreen


def test_full_screens_are_partner_screens_and_dialogs_are_modal() -> None:
    for cls in PartnerApp.screen_classes():
        assert issubclass(cls, PartnerScreen) or issubclass(cls, ModalScreen), cls


def test_the_app_has_everything_a_screen_may_ask_of_it(db_path: Path) -> None:
    wanted = {
        name
        for name, _ in inspect.getmembers(PartnerAppAPI)
        if not name.startswith("_")
    }
    assert {"store", "preview", "started", "open_partner_form", "open_help"} <= wanted
    app = PartnerApp(db_path=db_path)
    try:
        missing = []
        for name in sorted(wanted):
            try:
                inspect.getattr_static(app, name)  # (reading a property could open the file)
            except AttributeError:
                missing.append(name)
        assert not missing
    finally:
        app.close_store()


def test_the_form_has_one_key_and_one_tab_per_section() -> None:
    keys = {b.key: b for b in own_bindings(PartnerFormScreen)}
    for index, section in enumerate(SECTIONS):
        assert keys[section.key].action == f"section({index})"
    assert len({section.id for section in SECTIONS}) == len(SECTIONS)
    assert len({section.key for section in SECTIONS}) == len(SECTIONS)
    first, last = SECTIONS[0], SECTIONS[-1]
    tooltip = keys[first.key].tooltip
    assert f"{first.key.upper()} {first.title}" in tooltip
    assert f"{last.key.upper()} {last.title}" in tooltip


async def test_the_help_lists_each_form_section_by_its_title(db_path: Path) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        form_rows = dict(app.screen.sections)["Partner form"]
        said = " ".join(what for _keys, what in form_rows)
        for section in SECTIONS[1:]:
            assert f"Section: {section.title}" in said


def test_the_ui_import_contracts_are_kept() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import sys; from importlinter.cli import lint_imports_command;"
                " sys.exit(lint_imports_command())"
            ),
            "--no-cache",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "ui feature folders never import each other KEPT" in output
    assert "ui layers: app above session and features, above dialogs and common KEPT" in output
    assert "ui: only the session opens the data file (and names its lock) KEPT" in output
