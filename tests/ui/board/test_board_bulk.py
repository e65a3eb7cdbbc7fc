"""Bulk actions: space marks cards, then one move, archive, owner or tag acts on all of
them, and one ctrl+z takes the whole batch back."""

from __future__ import annotations

from pathlib import Path

import pytest

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.burst import burst, typed
from tests.helpers.pilot import column_names

SIZES = [(120, 40), (80, 24)]


def _partners(app: PartnerApp) -> list:  # type: ignore[type-arg]
    return [app.store.partners.get(card.id) for card in app.store.partners.cards()]


def _seed(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        for name in ("Acme", "Beaconly", "Corvid"):
            store.partners.add(new_partner(name, stage=Stage.PROSPECT))


def test_changes_made_as_one_are_undone_as_one(db_path: Path) -> None:
    _seed(db_path)
    with PartnerStore(db_path) as store:
        ids = [c.id for c in store.partners.cards()]
        with store.as_one_change("move 3 partners on"):
            for partner_id in ids:
                store.partners.move(partner_id, Stage.ENGAGE)
        assert store.undo_label == "move 3 partners on"
        assert store.undo() == "move 3 partners on"
        assert {store.partners.get(i).stage for i in ids} == {Stage.PROSPECT}
        assert store.undo_label is None  # this store's history held that one change


@pytest.mark.parametrize("size", SIZES)
async def test_mark_two_move_them_and_undo_once(db_path: Path, size: tuple[int, int]) -> None:
    _seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=size) as pilot:
        await burst(pilot, "space", "down", "down", "space", "shift+right")
        assert column_names(app, Stage.ENGAGE) == ["Acme", "Corvid"]
        assert column_names(app, Stage.PROSPECT) == ["Beaconly"]
        await burst(pilot, "ctrl+z")
        assert column_names(app, Stage.PROSPECT) == ["Acme", "Beaconly", "Corvid"]
        assert column_names(app, Stage.ENGAGE) == []


@pytest.mark.parametrize("size", SIZES)
async def test_mark_set_owner_tag_and_archive(db_path: Path, size: tuple[int, int]) -> None:
    _seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=size) as pilot:
        await burst(pilot, "space", "down", "space", "O", typed("Maya Okafor"), "enter")
        owners = {p.company: p.owner for p in _partners(app)}
        assert owners == {"Acme": "Maya Okafor", "Beaconly": "Maya Okafor", "Corvid": ""}
        await burst(pilot, "space", "up", "space", "number_sign", typed("tier-1"), "enter")
        assert {p.company: p.tags for p in _partners(app)}["Beaconly"] == ["tier-1"]
        await burst(pilot, "space", "down", "space", "x", "down", "enter")
        assert column_names(app, Stage.PROSPECT) == ["Corvid"]  # Acme, Beaconly archived
        await burst(pilot, "ctrl+z")
        assert column_names(app, Stage.PROSPECT) == ["Acme", "Beaconly", "Corvid"]
