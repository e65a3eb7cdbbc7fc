"""The first save after open, made before the warm-up located the file read (a change
waiting at the gate while an upgrade's record check validated every record), copies the
unchanged records from that file instead of holding every record's bytes at once
(storage.SafeJSONStorage.flush and prepare_sections): what it writes is still exactly a
full serialization of what the store holds, after any changes."""

from __future__ import annotations

import tempfile
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import PIPELINE
from partner_tui.store.file import storage
from partner_tui.store.file.serialize import dumps, piece_length
from partner_tui.store.partner_store import PartnerStore
from tests.unit.store.test_saves_from_the_last_file import deal

PARTNERS = 6
DEALS = 24


def build(db_path: Path) -> tuple[list[str], list[str]]:
    with PartnerStore(db_path) as store:
        partners = store.partners.add_many([new_partner(f"P{i}") for i in range(PARTNERS)])
        deals = store.deals.add_many([deal(partners[i % PARTNERS].id, i) for i in range(DEALS)])
    return [p.id for p in partners], [d.id for d in deals]


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch) -> list[list[object]]:
    """The pieces of every save, as handed to atomic_write."""
    saves: list[list[object]] = []
    real = storage.atomic_write

    def spy(path: Path, content: object, **kwargs: object) -> None:
        saves.append(list(content))  # type: ignore[call-overload]
        real(path, content, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(storage, "atomic_write", spy)
    return saves


def test_the_first_save_before_the_warm_up_copies_the_unchanged_records(
    db_path: Path, written: list[list[object]]
) -> None:
    partner_ids, _ = build(db_path)
    written.clear()
    with PartnerStore(db_path) as store:
        assert store.storage._serializer.built("deals") is None  # no warm-up came
        store.partners.move(partner_ids[2], PIPELINE[1])
        held = sum(len(p) for p in written[0] if isinstance(p, bytes))
        total = sum(piece_length(p) for p in written[0])  # type: ignore[arg-type]
        # Only the moved partner's record (and the tables' punctuation) is bytes: the
        # deals and the other partners are stretches of the file read at open.
        moved = len(dumps(orjson.loads(db_path.read_bytes())["partners"][partner_ids[2]]))
        assert held < moved + 1000 < total
        raw = db_path.read_bytes()
        assert raw == dumps(orjson.loads(raw))
    with PartnerStore(db_path, read_only=True) as reader:
        assert reader.partners.get(partner_ids[2]).stage == PIPELINE[1]
        assert reader.deals.count() == DEALS


def test_a_table_changed_before_the_warm_up_is_still_located(db_path: Path) -> None:
    partner_ids, _ = build(db_path)
    with PartnerStore(db_path) as store:
        with store.batch():  # (not saved yet: the warm-up comes first)
            store.partners.move(partner_ids[1], PIPELINE[1])
            store.prepare_save(lambda: None)
            section = store.storage._serializer.built("partners")
            # Located: every record a stretch of the file read, the moved one found
            # replaced by the save.
            assert section is not None and section.base is not None
        raw = db_path.read_bytes()
        assert raw == dumps(orjson.loads(raw))
        assert orjson.loads(raw)["partners"][partner_ids[1]]["stage"] == PIPELINE[1].value


# Changes made before the first save (in one batch: one save), then maybe the warm-up's
# build ahead of the save, then more changes.
changes = st.lists(
    st.tuples(
        st.sampled_from(["move", "add partner", "delete partner", "add deal", "delete deal",
                         "ahead"]),
        st.integers(0, 1000),
    ),
    max_size=12,
)


@given(changes)
@settings(max_examples=40, deadline=None)
def test_a_first_save_after_any_changes_writes_what_the_store_holds(steps: list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "partners.json"
        partner_ids, deal_ids = build(db_path)
        with PartnerStore(db_path) as store:
            with store.batch():
                for action, n in steps:
                    if action == "move" and partner_ids:
                        pid = partner_ids[n % len(partner_ids)]
                        store.partners.move(pid, PIPELINE[n % len(PIPELINE)])
                    elif action == "add partner":
                        partner_ids.append(store.partners.add(new_partner(f"New {n}")).id)
                    elif action == "delete partner" and len(partner_ids) > 1:
                        pid = partner_ids.pop(n % len(partner_ids))
                        for owned in [d.id for d in store.deals.all() if d.partner_id == pid]:
                            store.deals.delete(owned)
                            deal_ids.remove(owned)
                        store.partners.delete(pid)
                    elif action == "add deal" and partner_ids:
                        added = deal(partner_ids[n % len(partner_ids)], 100 + n)
                        deal_ids.append(store.deals.add_many([added])[0].id)
                    elif action == "delete deal" and deal_ids:
                        store.deals.delete(deal_ids.pop(n % len(deal_ids)))
                    elif action == "ahead":
                        store.prepare_save(lambda: None)
            store.partners.move(partner_ids[0], PIPELINE[0])  # a second save, from the first
            partners = {p.id: p for p in store.partners.all()}
            deals = {d.id: d for d in store.deals.all()}
        raw = db_path.read_bytes()
        assert raw == dumps(orjson.loads(raw))
        with PartnerStore(db_path, read_only=True) as reader:
            assert {p.id: p for p in reader.partners.all()} == partners
            assert {d.id: d for d in reader.deals.all()} == deals
