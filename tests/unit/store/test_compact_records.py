"""Deals held compactly (store/file/compact.py): every row reads back as exactly the record
the file holds, and nothing that reads the store's deals sees a row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partner_tui.domain.deals import Deal, DealStatus
from partner_tui.domain.partner import new_partner
from partner_tui.speedups.known_valid import record_hash
from partner_tui.store.file import parse_pieces
from partner_tui.store.file.compact import (
    SHARED_FIELDS,
    Packer,
    as_record,
    expand_tables,
    field,
    is_row,
    unpack,
)
from partner_tui.store.file.parse_pieces import parse_in_pieces
from partner_tui.store.file.serialize import dumps, record_bytes
from partner_tui.store.partner_store import PartnerStore
from partner_tui.store.records.deal_table import DEALS
from partner_tui.store.records.stored_form import dump_deal

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=12)
    # (the character a row joins its own texts with, in a text: kept apart)
    | st.sampled_from(["", "\x00", "a\x00b", "2026-01-01"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
# Keys of a deal (shared and not), and any other key a hand edit might add.
keys = st.sampled_from(sorted(SHARED_FIELDS | {"id", "customer", "created_at", "notes"})) | st.text(
    max_size=8
)
records = st.dictionaries(keys, json_values, max_size=16)


@given(st.lists(records, max_size=8))
@settings(max_examples=100)
def test_a_row_reads_back_as_exactly_the_record_it_was_packed_from(batch: list[dict]) -> None:
    packer = Packer()  # one packer for all: values shared between rows stay each row's own
    rows = [packer.pack(record) for record in batch]
    for record, row in zip(batch, rows, strict=True):
        assert is_row(row) and not is_row(record)
        back = unpack(row)
        assert back == record and as_record(row) == record
        assert sorted(back) == sorted(record)  # the same keys, none added (no null for absent)
        assert record_bytes(row) == record_bytes(record)  # what the file holds
        assert record_hash(back) == record_hash(record)  # what the record check knows
        for key in (*record, "absent key"):
            assert field(row, key, "-") == record.get(key, "-")
        assert as_record(record) is record  # a record stays as it is


@given(st.dictionaries(st.text(max_size=6), st.dictionaries(st.text(max_size=8), records, max_size=8), max_size=4))
@settings(max_examples=60)
def test_a_file_parsed_packed_is_the_file_parsed(data: dict) -> None:
    """The deals packed slice by slice as they are parsed (a small table: after, as the
    store's read does) read back as the parsed file."""
    data = {**data, "deals": data.get("deals") or {"d": {"id": "d"}}}
    raw = dumps(data)
    packer = Packer()
    parsed = parse_in_pieces(raw, packer)
    assert parsed is not None
    packer.pack_tables(parsed)
    assert all(is_row(row) for row in parsed["deals"].values())
    assert expand_tables(parsed) == orjson.loads(raw)


@given(st.dictionaries(st.text(max_size=6), st.tuples(records, st.booleans()), max_size=8))
@settings(max_examples=100)
def test_a_table_packed_holds_its_records_and_each_ids_key_once(
    drawn: dict[str, tuple[dict, bool]]
) -> None:
    """pack_table: each row reads back as its record; a record whose id is its key holds
    the key's very string (not a second one the parser made), and any other id as it was."""
    table = {key: {**record, "id": key} if same else record for key, (record, same) in drawn.items()}
    # The parser makes the key and the id apart: equal strings, not the same one.
    parsed = orjson.loads(orjson.dumps(table))
    expected = orjson.loads(orjson.dumps(table))
    packed = Packer().pack_table(parsed)
    assert list(packed) == list(expected)
    for key, row in packed.items():
        assert is_row(row) and unpack(row) == expected[key]
        if expected[key].get("id") == key:
            assert field(row, "id") is key


def test_a_big_deals_table_is_packed_as_it_is_parsed() -> None:
    data = {"deals": {f"d{i:03d}": {"id": f"d{i:03d}", "status": "won"} for i in range(50)},
            "partners": {"p": {"id": "p"}}}
    parsed = parse_in_pieces(dumps(data))
    packed = parse_in_pieces(dumps(data), Packer())
    assert parsed is not None and packed is not None
    assert all(is_row(row) for row in packed["deals"].values())
    assert packed["partners"] == parsed["partners"] == data["partners"]
    assert expand_tables(packed) == parsed == data


@pytest.fixture(autouse=True)
def small_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    """Slices of a few bytes, so that small files take every path a 73 MB file takes."""
    monkeypatch.setattr(parse_pieces, "PIECES_FROM", 0)
    monkeypatch.setattr(parse_pieces, "SLICE", 40)


def _deal(partner_id: str, n: int) -> Deal:
    return Deal(
        partner_id=partner_id,
        customer=f"Customer {n}",
        customer_domain=f"c{n}.io",
        registered_on=date(2026, 1, 1 + n % 28),
        status=DealStatus.WON if n % 2 else DealStatus.REGISTERED,
        closed_on=date(2026, 2, 1) if n % 2 else None,
        amount=f"{100 + n}.50",
    )


def _store_with_deals(path: Path, count: int) -> list[str]:
    with PartnerStore(path) as store:
        partners = store.partners.add_many([new_partner(f"P{i}") for i in range(3)])
        store.deals.add_many([_deal(partners[i % 3].id, i) for i in range(count)])
    return [p.id for p in partners]


def test_the_store_holds_rows_and_hands_out_the_files_records(tmp_path: Path) -> None:
    path = tmp_path / "partners.json"
    _store_with_deals(path, 40)
    on_disk = orjson.loads(path.read_bytes())["deals"]
    with PartnerStore(path) as store:
        held = store.storage.read()["deals"]  # (the storage's own table)
        assert held and all(is_row(row) for row in held.values())
        table = store.deals._deals  # the one reader of the deals (records/deal_table.py)
        assert {key: table.record(DEALS, key) for key in held} == on_disk
        assert sorted(store.deals.stored_records(), key=lambda r: r["id"]) == sorted(
            on_disk.values(), key=lambda r: r["id"]
        )
        # A repeated value is one object across rows (what makes a row small).
        dates = [field(row, "registered_on") for row in held.values()]
        assert len({id(day) for day in dates}) == len(set(dates)) < len(dates)


def test_a_change_and_its_undo_write_the_file_a_full_serialization_would(tmp_path: Path) -> None:
    path = tmp_path / "partners.json"
    _store_with_deals(path, 30)
    before = path.read_bytes()
    with PartnerStore(path) as store:
        deal = store.deals.all()[3]
        store.deals.set_status(deal.id, DealStatus.LOST, date(2026, 3, 1))
        after = path.read_bytes()
        assert after == dumps(orjson.loads(after))
        assert orjson.loads(after)["deals"][deal.id]["status"] == "lost"
        assert is_row(store.storage.read()["deals"][deal.id])
        assert store.undo() is not None
    # The deal put back exactly as the file held it.
    assert orjson.loads(path.read_bytes())["deals"] == orjson.loads(before)["deals"]


def test_a_merge_keeps_the_rows_it_did_not_change(tmp_path: Path) -> None:
    """Another writer changed one deal: it comes in as a row; every other row is the very
    one held before (the serializer's bytes go by identity)."""
    path = tmp_path / "partners.json"
    _store_with_deals(path, 30)
    with PartnerStore(path) as mine:
        held = dict(mine.storage.read()["deals"])
        with PartnerStore(path) as theirs:
            deal = theirs.deals.all()[5]
            theirs.deals.set_status(deal.id, DealStatus.LOST, date(2026, 3, 1))
        mine.merge_from_disk()
        now = mine.storage.read()["deals"]
        assert all(is_row(row) for row in now.values())
        assert as_record(now[deal.id])["status"] == "lost"
        assert all(now[key] is row for key, row in held.items() if key != deal.id)
        assert mine.deals.get(deal.id).status is DealStatus.LOST
        other = next(d for d in mine.deals.all() if d.id != deal.id)
        mine.deals.set_status(other.id, DealStatus.LOST, date(2026, 3, 2))
    written = orjson.loads(path.read_bytes())["deals"]
    assert written[deal.id]["status"] == written[other.id]["status"] == "lost"
    assert path.read_bytes() == dumps(orjson.loads(path.read_bytes()))


def test_a_deal_stored_is_held_as_a_row_of_its_dump(tmp_path: Path) -> None:
    path = tmp_path / "partners.json"
    ids = _store_with_deals(path, 2)
    with PartnerStore(path) as store:
        stored = store.deals.add(_deal(ids[0], 99))
        row = store.storage.read()["deals"][stored.id]
        assert is_row(row) and unpack(row) == dump_deal(stored)
        assert store.deals.get(stored.id) == stored
