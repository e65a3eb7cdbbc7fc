"""A dialog's key bar shows its own keys, never those of the screen below it."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from textual.screen import ModalScreen

import partner_tui.ui
from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.common.key_bar import KeyBar
from partner_tui.ui.dialogs.confirm import ChoiceDialog, ConfirmDialog
from tests.helpers.burst import burst, typed

UI = Path(partner_tui.ui.__file__).parent


def _modal_screens() -> list[type]:
    import importlib
    import pkgutil

    for module in pkgutil.walk_packages([str(UI)], "partner_tui.ui."):
        importlib.import_module(module.name)

    def below(cls: type) -> list[type]:
        return [c for sub in cls.__subclasses__() for c in (sub, *below(sub))]

    return [c for c in below(ModalScreen) if c.__module__.startswith("partner_tui.ui")]


def test_every_dialog_composes_its_own_key_bar() -> None:
    screens = _modal_screens()
    assert len(screens) >= 8
    without = [c.__name__ for c in screens if "KeyBar()" not in inspect.getsource(c.compose)]
    assert without == []


def _bar(app: PartnerApp) -> str:
    return app.screen.query_one(KeyBar).render().plain


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_discard_question_and_the_archive_choice_show_their_keys(
    db_path: Path, size: tuple[int, int]
) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Acme", stage=Stage.PROSPECT, id="acme0000001"))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=size) as pilot:
        await burst(pilot, "x")
        assert isinstance(app.screen, ChoiceDialog)
        assert "Cancel" in _bar(app) and "Archive" not in _bar(app)
        await burst(pilot, "escape", "enter", typed("!"), "escape")
        assert isinstance(app.screen, ConfirmDialog)
        bar = _bar(app)
        assert "Yes" in bar and "No" in bar
        assert "Save" not in bar and "Section" not in bar
