"""Values that repeat across partners' records, held once (store/records/shared_values.py):
every record stays exactly what was read (equal, the same bytes and hash), equal values
become one object, and a change to one partner never reaches another."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partner_tui.domain.partner import new_partner
from partner_tui.domain.partnership_models import PartnershipModels, RevenueShare
from partner_tui.domain.stages import Stage
from partner_tui.speedups.known_valid import record_hash
from partner_tui.store.file.serialize import record_bytes
from partner_tui.store.partner_store import PartnerStore
from partner_tui.store.records import shared_values
from partner_tui.store.records.shared_values import SHARED_NESTED, SHARED_TEXT, SharedValues

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.sampled_from(["", "a", "b", "2026-01-01"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("xyz"), inner, max_size=3),
    max_leaves=6,
)
keys = st.sampled_from([*SHARED_TEXT, *SHARED_NESTED, "stage_history", "notes", "id"])
history = st.lists(
    st.dictionaries(st.sampled_from(["author", "stage", "entered_at"]), json_values, max_size=3)
    | json_values,
    max_size=3,
)
records = st.dictionaries(keys, json_values, max_size=8).flatmap(
    lambda r: st.builds(lambda h: {**r, "stage_history": h} if h is not None else r, st.none() | history)
)


@given(st.lists(records, max_size=10))
@settings(max_examples=150)
def test_shared_records_are_exactly_the_records_read(batch: list[dict]) -> None:
    before = copy.deepcopy(batch)
    shared = SharedValues()
    for record in batch:
        shared.share(record)
    for record, was in zip(batch, before, strict=True):
        assert record == was and list(record) == list(was)  # the same keys, in order
        assert record_bytes(record) == record_bytes(was)  # what the file holds
        assert record_hash(record) == record_hash(was)  # what the record check knows
    # Equal values (as JSON text, in the same order) are one object.
    kinds = {**{key: (str,) for key in SHARED_TEXT}, **{key: (dict, list) for key in SHARED_NESTED}}
    for key, kind in kinds.items():
        held = [r[key] for r in batch if type(r.get(key)) in kind]
        for a in held:
            for b in held:
                if type(a) is type(b) and orjson.dumps(a) == orjson.dumps(b):
                    assert a is b


def test_a_value_orjson_cannot_write_is_kept_apart() -> None:
    record = {"models": {"x": 2**70}}
    same = {"models": {"x": 2**70}}
    shared = SharedValues()
    shared.share(record)
    shared.share(same)
    assert record["models"] is not same["models"] and record == same


def test_a_store_shares_the_terms_and_a_change_stays_with_its_partner(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shared_values, "SHARE_FROM_RECORDS", 4)  # (a big store, small)
    terms = PartnershipModels(revenue_share=RevenueShare(enabled=True, percent=Decimal("10")))
    with PartnerStore(db_path) as store:
        store.partners.add_many([new_partner(f"P{i}", models=terms) for i in range(4)])
    with PartnerStore(db_path) as store:
        cards = store.partners.cards()
        assert len({id(card.record["models"]) for card in cards}) == 1  # one dict for all
        assert len({id(card.record["stage"]) for card in cards}) == 1
        changed = store.partners.get(cards[0].id)
        more = changed.models.model_copy(
            update={"revenue_share": RevenueShare(enabled=True, percent=Decimal("20"))}
        )
        store.partners.update(changed.model_copy(update={"models": more}))
        store.partners.move(cards[1].id, Stage.ENGAGE)
    with PartnerStore(db_path) as store:
        percents = {p.company: p.models.revenue_share.percent for p in store.partners.all()}
        stages = {p.company: p.stage for p in store.partners.all()}
    first, second = cards[0].company, cards[1].company
    assert percents[first] == Decimal("20")
    assert all(v == Decimal("10") for k, v in percents.items() if k != first)
    assert stages[second] is Stage.ENGAGE
    assert all(v is not Stage.ENGAGE for k, v in stages.items() if k != second)


def test_either_side_of_the_threshold_reads_the_same_records(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store of SHARE_FROM_RECORDS records shares; one record fewer does not: the very
    same records either way (equal, keys in order, the same bytes and hash)."""
    terms = PartnershipModels(revenue_share=RevenueShare(enabled=True, percent=Decimal("10")))
    with PartnerStore(db_path) as store:
        store.partners.add_many([new_partner(f"P{i}", models=terms) for i in range(5)])
    read = {}
    for threshold in (5, 6):  # 5 records: shared from 5 on, not from 6
        monkeypatch.setattr(shared_values, "SHARE_FROM_RECORDS", threshold)
        with PartnerStore(db_path, read_only=True) as store:
            records = [card.record for card in store.partners.cards()]
            read[threshold] = [
                (r, list(r), record_bytes(r), record_hash(r)) for r in copy.deepcopy(records)
            ]
            held_once = len({id(r["models"]) for r in records}) == 1
            assert held_once is (threshold == 5)
    assert read[5] == read[6]
