"""A save copies unchanged records from the file it last wrote (or read at open) instead
of keeping their bytes (file/serialize.py stretches): what it writes is still exactly a
full serialization, after any mix of changes, located builds and lost sources."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from partner_tui.domain.deals import Deal
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.speedups.warm_up import warm_serializer
from partner_tui.store.file.atomic_write import atomic_write
from partner_tui.store.file.read import fingerprint
from partner_tui.store.file.serialize import RecordCache, dumps
from partner_tui.store.file.storage import SourceFile, table_starts
from partner_tui.store.partner_store import PartnerStore

keys = st.sampled_from([f"k{i:02d}" for i in range(12)])
records = st.dictionaries(
    st.sampled_from("abc"), st.integers(0, 3) | st.text(max_size=3), max_size=3
)
# One step: put a record (new, or replacing one), drop one, empty a table, save, build a
# section ahead from the file on disk (as the warm-up does), or lose the source file.
steps = st.lists(
    st.tuples(
        st.sampled_from(["deals", "partners", "payments", "settings"]),
        st.sampled_from(["put", "put", "put", "drop", "clear", "save", "save", "ahead", "lose"]),
        keys,
        records,
    ),
    max_size=30,
)


class Saver:
    """What the storage does around the cache: write with the source, then keep the new
    file as the source."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.cache = RecordCache()
        self.source: SourceFile | None = None

    def save(self, data: dict) -> None:
        pieces = self.cache.pieces(data)
        atomic_write(self.path, pieces, source=None if self.source is None else self.source.fd)
        self.drop()
        self.source = SourceFile.of(self.path, fingerprint(self.path))
        assert self.source is not None
        self.cache.written()
        assert self.path.read_bytes() == dumps(data)

    def ahead(self, name: str, table: dict) -> None:
        if self.source is None or self.cache.built(name) is not None or not table:
            return
        base = table_starts(self.path.read_bytes()).get(name)
        if base is None:
            return
        section = self.cache.build(
            name, list(table), list(table.values()), source=(self.source.read, base)
        )
        self.cache.adopt(name, section)

    def lose(self) -> None:
        self.drop()
        self.cache.unlocated()

    def drop(self) -> None:
        if self.source is not None:
            self.source.close()
            self.source = None


@given(steps)
@settings(max_examples=200, deadline=None)
def test_every_save_from_the_last_file_writes_exactly_a_full_serialization(changes: list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        saver = Saver(Path(folder) / "data.json")
        data: dict = {"meta": {"1": {"schema_version": 9}}, "deals": {}, "partners": {}}
        saver.save(data)
        try:
            for name, action, key, record in changes:
                table = data.setdefault(name, {})
                if action == "put":
                    table[key] = dict(record)  # records are replaced, never changed in place
                elif action == "drop":
                    table.pop(key, None)
                elif action == "clear":
                    table.clear()
                elif action == "save":
                    saver.save(data)
                elif action == "ahead":
                    saver.ahead(name, table)
                else:
                    saver.lose()
            saver.save(data)
            saver.save(data)  # again, all of it copied
        finally:
            saver.drop()


def test_a_located_table_is_held_as_stretches_and_copied_in_one_run(tmp_path: Path) -> None:
    saver = Saver(tmp_path / "data.json")
    data = {
        "deals": {f"d{i:03d}": {"n": i, "text": "a\nb"} for i in range(300)},
        "partners": {"p": {"stage": "a"}},
    }
    saver.save(data)
    deals = saver.cache.built("deals")
    assert deals is not None and deals.base is not None
    assert not [p for p in deals.pieces if isinstance(p, bytes) and len(p) > 4]  # no record's bytes
    data["partners"]["p"] = {"stage": "b"}  # a move: the deals are one stretch of the old file
    pieces = saver.cache.pieces(data)
    assert sum(isinstance(p, int) for p in pieces) == 1  # the deals copied; the partner made
    atomic_write(saver.path, pieces, source=saver.source.fd if saver.source else None)
    assert saver.path.read_bytes() == dumps(data)
    saver.drop()


def test_a_table_that_differs_from_the_file_is_not_located(tmp_path: Path) -> None:
    saver = Saver(tmp_path / "data.json")
    data = {"deals": {f"d{i}": {"n": i} for i in range(20)}}
    saver.save(data)
    saver.cache = RecordCache()  # as at open: nothing built yet
    data["deals"]["d7"] = {"n": "changed since the file was written"}
    saver.ahead("deals", data["deals"])
    section = saver.cache.built("deals")
    assert section is not None and section.base is None
    assert all(isinstance(p, bytes) for p in section.pieces)
    saver.save(data)
    saver.drop()


def deal(partner_id: str, i: int) -> Deal:
    return Deal(
        partner_id=partner_id,
        customer=f"Customer {i}",
        customer_domain=f"c{i}.io",
        registered_on=date(2026, 1, 1 + i % 28),
    )


def test_the_warm_up_locates_the_opened_file_and_a_move_writes_what_the_old_path_wrote(
    db_path: Path,
) -> None:
    with PartnerStore(db_path) as store:
        partners = store.partners.add_many([new_partner(f"P{i}") for i in range(5)])
        store.deals.add_many([deal(partners[i % 5].id, i) for i in range(60)])
    with PartnerStore(db_path) as store:
        warm_serializer(store, lambda: None)
        for name in ("deals", "partners"):
            built = store.storage._serializer.built(name)
            assert built is not None and built.base is not None, name
        store.partners.move(partners[2].id, Stage.ENGAGE)
        raw = db_path.read_bytes()
        assert raw == dumps(orjson.loads(raw))  # the old path: every record serialized
        held = {d.id: d for d in store.deals.all()}
        store.undo()
    with PartnerStore(db_path, read_only=True) as reader:
        assert {d.id: d for d in reader.deals.all()} == held
        assert reader.partners.get(partners[2].id).stage == partners[2].stage


def test_a_file_changed_in_place_is_never_copied_from(db_path: Path) -> None:
    """Another program rewrites the file in place (same inode): the next save takes its
    change in and writes every record from memory, never stale stretches."""
    with PartnerStore(db_path) as store:
        partners = store.partners.add_many([new_partner(f"P{i}") for i in range(4)])
        store.deals.add_many([deal(partners[0].id, i) for i in range(30)])
    with PartnerStore(db_path) as store:
        warm_serializer(store, lambda: None)
        store.partners.move(partners[1].id, Stage.ENGAGE)  # the written file is the source
        data = orjson.loads(db_path.read_bytes())
        data["partners"][partners[3].id]["notes"] = "edited in place by someone else"
        with open(db_path, "r+b") as same_inode:
            same_inode.write(dumps(data))
            same_inode.truncate()
        store.partners.move(partners[2].id, Stage.ENGAGE)
        raw = db_path.read_bytes()
        assert raw == dumps(orjson.loads(raw))
    with PartnerStore(db_path, read_only=True) as reader:
        assert reader.partners.get(partners[3].id).notes == "edited in place by someone else"
        assert reader.partners.get(partners[2].id).stage == Stage.ENGAGE
        assert reader.deals.count() == 30
