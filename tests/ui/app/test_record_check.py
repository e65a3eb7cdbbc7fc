"""The app opens without validating every record first, yet never runs on a bad file."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.store import partner_store as repository
from partner_tui.store.partner_store import PartnerStore


async def test_an_invalid_record_ends_the_app_and_leaves_the_file(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Large files are checked after the first paint; a small limit makes this one "large".
    monkeypatch.setattr(repository, "EAGER_CHECK_LIMIT", 5)
    with PartnerStore(db_path) as store:
        store.partners.add_many([new_partner(f"Co {i}") for i in range(30)])
    data = orjson.loads(db_path.read_bytes())
    next(iter(data["partners"].values()))["contact_email"] = "no-at-sign"
    db_path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
    before = db_path.read_bytes()

    app = PartnerApp(db_path=db_path)
    async with app.run_test() as pilot:
        app.store.wait_verified(10)
        await pilot.pause()
    assert app.return_code == 1
    assert app.store.storage.blocked is not None
    assert "contact_email" in str(app.store.storage.blocked)
    assert db_path.read_bytes() == before


async def test_a_valid_file_opens_and_saves(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        first = store.partners.add_many([new_partner(f"Co {i}") for i in range(30)])[0]
    app = PartnerApp(db_path=db_path)
    async with app.run_test() as pilot:
        await pilot.press("shift+right")
        assert app.store.wait_verified(10)
        app.store.flush()
        assert app.return_code is None
    with PartnerStore(db_path, read_only=True) as reader:
        assert reader.partners.get(first.id).stage is Stage.ENGAGE


async def test_leaving_the_app_frees_the_file_for_the_next_writer(db_path: Path) -> None:
    app = PartnerApp(db_path=db_path)
    async with app.run_test() as pilot:
        await pilot.press("q")
    with PartnerStore(db_path) as store:  # would raise DatabaseLocked if still held
        assert store.partners.count() == 0
