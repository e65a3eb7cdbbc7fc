"""Escape and a letter typed at once reach the app as one key, alt+letter (a terminal's bare
ESC and the byte after it): the app reads them as escape, then the letter
(ui/common/key_order.py escape_then_key). The same bytes in a real terminal:
tests/reliability/test_key_bursts.py test_escape_then_a_letter_in_one_write."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

import partner_tui.ui
from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.paths import config_dir
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.board.quick_add import QuickAddScreen
from partner_tui.ui.board.screen import BoardScreen
from partner_tui.ui.common.key_order import escape_then_key
from partner_tui.ui.dashboard.screen import DashboardScreen
from partner_tui.ui.form.screen import PartnerFormScreen
from partner_tui.ui.help.screen import HelpScreen
from tests.helpers.burst import burst, settled

ALT_D = [("alt+d", "d")]  # what Textual makes of ESC d arriving in one read


def _seed(db_path: Path) -> str:
    with PartnerStore(db_path) as store:
        return store.partners.add(new_partner("Acme Analytics", stage=Stage.PROSPECT)).id


async def test_escape_then_d_closes_help_and_opens_the_dashboard(db_path: Path) -> None:
    _seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await burst(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await burst(pilot, ALT_D)
        assert isinstance(app.screen, DashboardScreen)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_escape_then_a_letter_in_the_form_types_nothing(
    db_path: Path, size: tuple[int, int]
) -> None:
    """Before: the form stayed open and the `d` went into the company field."""
    partner_id = _seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        await burst(pilot, "enter")
        assert isinstance(app.screen, PartnerFormScreen)
        await burst(pilot, ALT_D)
        assert isinstance(app.screen, DashboardScreen)
        assert app.store.partners.get(partner_id).company == "Acme Analytics"
        assert not any(isinstance(s, PartnerFormScreen) for s in app.screen_stack)


async def test_a_keymap_that_binds_alt_letter_keeps_it(db_path: Path) -> None:
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "config.json").write_text(
        json.dumps({"keymap": {"board.new": "alt+x"}}), encoding="utf-8"
    )
    _seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, BoardScreen)
        await burst(pilot, [("alt+x", "x")])
        # Split, it would have been escape, then x: archive asks why.
        assert isinstance(app.screen, QuickAddScreen)


def test_only_a_letter_after_escape_is_split() -> None:
    from textual import events

    escape, d = escape_then_key(events.Key("alt+d", "d"))
    assert (escape.key, d.key, d.character) == ("escape", "d", "d")
    _escape, shifted = escape_then_key(events.Key("alt+shift+o", "O"))
    assert (shifted.key, shifted.character) == ("O", "O")
    for key, char in (("d", "d"), ("alt+ctrl+d", "d"), ("alt+up", None), ("ctrl+d", "\x04")):
        assert escape_then_key(events.Key(key, char)) is None, key


def _our_classes() -> list[type[DOMNode]]:
    for module in pkgutil.walk_packages(partner_tui.ui.__path__, "partner_tui.ui."):
        importlib.import_module(module.name)
    found: list[type[DOMNode]] = []
    todo: list[type[DOMNode]] = [DOMNode]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("partner_tui."):
            found.append(cls)
    return found


def test_nothing_in_the_app_is_bound_to_alt_letter() -> None:
    """An alt+letter binding would never run as typed by most people (their terminal's
    alt is escape + letter) and would take escape + letter from everyone else: a new one
    fails here. (A person's own keymap may still bind one: the app checks.)"""
    classes = _our_classes()
    assert any(cls.__name__ == "BoardScreen" for cls in classes)
    bound: list[str] = []
    for cls in classes:
        for binding in cls.__dict__.get("BINDINGS", []):
            keys = binding.key if isinstance(binding, Binding) else binding[0]
            bound += [
                f"{cls.__name__}: {key}" for key in keys.split(",")
                if re.fullmatch(r"alt\+(shift\+)?[a-z]", key.strip())
            ]
    assert bound == []
