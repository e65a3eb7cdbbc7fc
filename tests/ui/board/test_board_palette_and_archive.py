"""The palette ranks jumping to a partner before moving it; a board whose only partners
are archived says where they are."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.burst import burst, typed
from tests.ui.board.test_board_views import palette_has_hits


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_jump_to_a_partner_comes_before_its_moves(
    db_path: Path, size: tuple[int, int]
) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Acme Analytics", stage=Stage.PROSPECT))
        store.partners.add(new_partner("Beaconly", stage=Stage.ENGAGE))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=size) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await burst(pilot, typed("acme"))
        await palette_has_hits(pilot)
        commands = app.screen.query_one("CommandList")
        for _ in range(50):  # the moves arrive after the jumps: wait for them
            await pilot.pause(0.02)
            texts = [str(commands.get_option_at_index(i).prompt)
                     for i in range(commands.option_count)]
            if any(t.startswith("Move") for t in texts):
                break
        first_move = next(i for i, t in enumerate(texts) if t.startswith("Move"))
        assert texts[0].startswith("Jump to Acme Analytics")
        assert first_move > 0


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_archiving_the_only_partner_points_to_the_archive(
    db_path: Path, size: tuple[int, int]
) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Acme", stage=Stage.PROSPECT))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=size) as pilot:
        await burst(pilot, "x")
        await pilot.pause()
        await burst(pilot, "down", "enter")  # past "Keep it on the board": declined
        await pilot.pause()
        text = str(app.screen.query_one("#empty", Static).render())
        assert "1 archived partner: a shows the archive" in text
        assert "partner-tui demo" not in text
