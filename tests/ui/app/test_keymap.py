"""Your own keys from the user config (by binding id): they work, and `?` shows them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.paths import config_dir
from partner_tui.profile.preferences import keymap
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.help.screen import help_sections
from tests.helpers.burst import burst
from tests.helpers.pilot import column_names


def _write_config(data: object) -> None:
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "config.json").write_text(json.dumps(data), encoding="utf-8")


def test_a_damaged_keymap_is_left_out() -> None:
    _write_config({"keymap": {"board.down": "n,down", "bad": 3, "x": ["a"]}})
    assert keymap() == {"board.down": "n,down"}
    _write_config({"keymap": "nonsense"})
    assert keymap() == {}


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_your_keys_move_a_partner_and_show_in_help(
    db_path: Path, size: tuple[int, int]
) -> None:
    # A Dvorak user's habit: 'e' moves the partner on.
    _write_config({"keymap": {"board.move_on": "e", "board.new": "ctrl+n"}})
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Acme", stage=Stage.PROSPECT))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=size) as pilot:
        await burst(pilot, "e")
        assert column_names(app, Stage.ENGAGE) == ["Acme"]
        board = dict(help_sections(app, app.screen_classes()))["Board"]
        keys = {text.split(" — ")[0]: keys for keys, text in board}
        assert keys["On"] == "e"
        assert keys["New"] == "^n"
