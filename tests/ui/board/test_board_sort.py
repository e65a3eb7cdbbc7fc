"""Sorting a column from a key and the palette, kept for you in your user config."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.profile.preferences import board_sort
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.burst import burst, typed
from tests.helpers.pilot import column_names
from tests.ui.board.test_board_views import palette_has_hits


def _seed(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Beta", stage=Stage.PROSPECT, potential_value=Decimal("10")))
        store.partners.add(new_partner("Alpha", stage=Stage.PROSPECT))
        store.partners.add(new_partner("Gamma", stage=Stage.PROSPECT, potential_value=Decimal("900")))


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_s_sorts_by_value_and_the_choice_is_kept(
    db_path: Path, size: tuple[int, int]
) -> None:
    _seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=size) as pilot:
        assert column_names(app, Stage.PROSPECT) == ["Beta", "Alpha", "Gamma"]
        await burst(pilot, "s")
        assert column_names(app, Stage.PROSPECT) == ["Gamma", "Beta", "Alpha"]
        assert board_sort() == "value"
        await burst(pilot, "shift+down")  # sorted: the order is not yours to change now
        assert column_names(app, Stage.PROSPECT) == ["Gamma", "Beta", "Alpha"]
    again = PartnerApp(db_path=db_path)
    async with again.run_test(size=size) as pilot:
        await pilot.pause()
        assert column_names(again, Stage.PROSPECT) == ["Gamma", "Beta", "Alpha"]


async def test_the_palette_sorts_by_name(db_path: Path) -> None:
    _seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await burst(pilot, typed("sort columns by name"))
        await palette_has_hits(pilot)
        await burst(pilot, "enter")
        assert column_names(app, Stage.PROSPECT) == ["Alpha", "Beta", "Gamma"]
        assert board_sort() == "name"
