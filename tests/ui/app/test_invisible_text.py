"""Two companies that look the same on screen can be told apart: bidi controls and
zero-width characters are shown as escapes (they stay stored), on the board, in the
outreach draft, in toasts and in the path of the clipboard file the copy toast names."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.domain.value_proposition import ValueProposition
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.pilot import screen_text
from tests.helpers.seeding import seed_profile
from tests.helpers.toasts import Toasts

LOOK_ALIKE = "Acme\u200b"
NOTES = "Pay to\u202e 0987 \u2066account\u2069 only"


async def test_look_alike_names_and_hidden_controls_are_shown_escaped(
    db_path: Path, tmp_path: Path, frozen_clock: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The state folder (where the clipboard file goes) has a zero-width space in its name.
    state = tmp_path / "state\u200bdir"
    monkeypatch.setenv("PARTNER_TUI_STATE_DIR", str(state))
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Acme", Stage.PROSPECT))
        twin = store.partners.add(
            new_partner(LOOK_ALIKE, Stage.ENGAGE, notes=NOTES, contact_name="Ann",
                        value_proposition=ValueProposition(specific=NOTES))
        )
    seed_profile(db_path)
    app = PartnerApp(db_path=db_path)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        board = screen_text(app)
        assert "Acme\\u200b" in board  # the twin is told apart from Acme
        assert "\u200b" not in board
        app.open_outreach(twin.id)
        await pilot.pause()
        shown = screen_text(app)
        assert "\\u202e" in shown and "\u202e" not in shown  # the draft's value proposition
        await pilot.press("c")
        await asyncio.wait_for(app.workers.wait_for_complete(), timeout=10)
        await pilot.pause()
        messages = "\n".join(n.message for n in toasts)
        assert "state\\u200bdir" in messages and "\u200b" not in messages
    with PartnerStore(db_path) as store:
        kept = store.partners.get(twin.id)
        assert kept.company == LOOK_ALIKE and "\u202e" in kept.notes  # stored as they were
