"""The board (and the screens a card leads to) never draws a control character from the
data: not from a hand-edited file, not from a board preview an older version kept."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.paths import state_file
from partner_tui.speedups.board_preview import read_preview
from partner_tui.speedups.store_speedups import store_speedups
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.board.card_text import due_text, type_text
from tests.helpers.hostile import OSC_52, OSC_52_STORED, unsafe_in_line, unsafe_on_terminal
from tests.helpers.pilot import screen_text

# Every single-line field a card draws, poisoned (a hand edit, a merge from git).
HOSTILE = {
    "company": OSC_52,
    "contact_name": "Ann\u202e\x1b[8m",
    "subtype": "Reseller\x9b2J",
    "next_action": "Call\x1b]0;pwned\x07 back\r\x1b[2K",
    "next_action_date": "2026-03-10",
    "partner_type": "channel",
}


def hostile_file(db_path: Path) -> None:
    with PartnerStore(db_path, hooks=store_speedups()) as store:
        store.partners.add(new_partner("Placeholder", potential_value=1000))
        gone = store.partners.add(new_partner("Gone", notes="x"))
        store.partners.archive(gone.id, ArchiveReason.PAUSED)
    data = json.loads(db_path.read_text(encoding="utf-8"))
    for record in data["partners"].values():
        record.update(HOSTILE)
    data["settings"] = {"1": {"currency_symbol": "€\x1b[5m"}}
    db_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_hostile_file_draws_no_control_character(
    db_path: Path, frozen_clock: object, size: tuple[int, int]
) -> None:
    hostile_file(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert OSC_52_STORED[:12] in shown  # the card is there, its name without controls
        assert unsafe_on_terminal(shown) == []
        for keys in (["a"], ["a", "d"], ["escape", "ctrl+p"]):  # archived, dashboard, palette
            await pilot.press(*keys)
            await pilot.pause()
            assert unsafe_on_terminal(screen_text(app)) == [], keys


async def test_a_preview_kept_by_an_older_version_draws_clean(
    db_path: Path, frozen_clock: object
) -> None:
    """The first paint draws the last session's preview before the file is read: an older
    version kept its cards' text as the file had it."""
    with PartnerStore(db_path, hooks=store_speedups()) as store:
        store.partners.add(new_partner("Placeholder"))
    preview_file = state_file(db_path, "preview")
    kept = orjson.loads(preview_file.read_bytes())
    kept["columns"]["prospect"]["cards"][0].update(HOSTILE)
    kept["currency"] = "$\x1b[5m"
    preview_file.write_bytes(orjson.dumps(kept))

    preview = read_preview(db_path)
    assert preview is not None and preview.currency == "$[5m"
    (card,) = preview.columns[Stage.PROSPECT]
    assert (card.company, card.contact_name) == (OSC_52_STORED, "Ann[8m")
    drawn = [type_text(card, 40), *due_text(card, frozen_clock.date())[1:]]
    assert all(unsafe_in_line(text) == [] for text in drawn), drawn

    app = PartnerApp(db_path=db_path)
    assert app.preview is not None
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert unsafe_on_terminal(screen_text(app)) == []
