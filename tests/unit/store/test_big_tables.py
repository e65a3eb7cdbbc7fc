"""100,000 deals: the save's pieces, the sections built ahead, and every field of a deal
read back as it was stored."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from partner_tui.domain.deals import Deal, DealStatus
from partner_tui.domain.money import parse_money
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.store.file.atomic_write import PIECES_PER_WRITE, atomic_write
from partner_tui.store.file.serialize import RecordCache, dumps
from partner_tui.store.partner_store import PartnerStore

keys = st.sampled_from([f"k{i:02d}" for i in range(12)])
records = st.dictionaries(st.sampled_from("abc"), st.integers(0, 3) | st.text(max_size=3), max_size=3)
# One step on a table: put a record (new, or replacing one), drop one, or empty the table.
steps = st.lists(
    st.tuples(st.sampled_from(["deals", "partners", "settings"]),
              st.sampled_from(["put", "put", "drop", "clear"]), keys, records),
    max_size=25,
)


@given(steps, st.integers(0, 24))
@settings(max_examples=200)
def test_every_save_writes_exactly_a_full_serialization(changes: list, ahead: int) -> None:
    """Saves after any mix of changes, with sections built ahead of a save (as the
    warm-up does, from a snapshot that later changes) at any step."""
    cache = RecordCache()
    data: dict = {"meta": {"1": {"schema_version": 9}}, "deals": {}, "partners": {}}
    for step, (name, action, key, record) in enumerate(changes):
        table = data.setdefault(name, {})
        if action == "put":
            table[key] = dict(record)  # records are replaced, never changed in place
        elif action == "drop":
            table.pop(key, None)
        else:
            table.clear()
        if step == ahead and table and cache.built(name) is None:
            cache.adopt(name, cache.build(name, list(table), list(table.values())))
        elif step % 3 == 0:
            assert cache.dumps(data) == dumps(data)
    assert b"".join(cache.pieces(data)) == dumps(data)
    assert cache.dumps(data) == dumps(data)  # again, from what was kept


def test_a_save_of_an_unchanged_table_reuses_its_pieces() -> None:
    cache = RecordCache()
    data = {"deals": {str(i): {"n": i} for i in range(50)}, "partners": {"p": {"stage": "a"}}}
    cache.dumps(data)
    kept = cache.built("deals")
    data["partners"]["p"] = {"stage": "b"}  # a move: no deal changed
    assert cache.dumps(data) == dumps(data)
    assert cache.built("deals") is kept


def test_a_file_written_in_pieces_holds_their_bytes(tmp_path: Path) -> None:
    pieces = [f"{i},".encode() for i in range(PIECES_PER_WRITE * 2 + 5)]
    atomic_write(tmp_path / "f", pieces)
    assert (tmp_path / "f").read_bytes() == b"".join(pieces)


def every_field_set(partner_id: str, i: int) -> Deal:
    """A deal with as many fields away from their default as the model allows: the ones
    below, then every other field the model has (a field added to Deal later included, no
    list kept by hand) given the first of a few plain values it accepts."""
    deal = Deal(
        partner_id=partner_id,
        customer=f"Customer {i}",
        customer_domain=f"c{i}.io",
        status=DealStatus.WON,
        registered_on=date(2026, 1, 5),
        closed_on=date(2026, 2, 1),
        paid_on=date(2026, 2, 3),
        amount=parse_money("1200.50"),
        monthly_revenue=parse_money("99.90"),
        ended_on=date(2026, 6, 30),
        notes="line one\nline two",
        author="Ana",
        override="over Acme's registration",
    )
    for name, field in Deal.model_fields.items():
        if getattr(deal, name) != field.get_default(call_default_factory=True):
            continue
        for value in (f"{name} {i}", date(2026, 3, 1), parse_money("7.25"), 3, True):
            try:
                deal = Deal.model_validate({**deal.model_dump(), name: value})
            except ValidationError:
                continue
            break
    return deal


def test_every_field_of_a_deal_is_read_back_as_stored(db_path: Path) -> None:
    """Over a thousand deals, saved, read back, saved again after a move."""
    with PartnerStore(db_path) as store:
        partner = store.partners.add(new_partner("Acme"))
        stored = store.deals.add_many([every_field_set(partner.id, i) for i in range(1_005)])
    sample = stored[0]
    assert sample.override and sample.ended_on and sample.notes  # the sample is not all defaults
    with PartnerStore(db_path) as reader:
        back = {d.id: d for d in reader.deals.all()}
        assert back == {d.id: d for d in stored}
        for name in Deal.model_fields:
            assert getattr(back[sample.id], name) == getattr(sample, name), name
        reader.partners.move(partner.id, Stage.ENGAGE)  # a save with 1,005 deals held
    raw = db_path.read_bytes()
    assert raw == dumps(orjson.loads(raw))
    with PartnerStore(db_path, read_only=True) as again:
        assert {d.id: d for d in again.deals.all()} == {d.id: d for d in stored}
