"""The file's bytes: the record cache writes exactly what a full serialization would."""

from __future__ import annotations

import difflib
from pathlib import Path

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from partner_tui.domain.money import parse_money
from partner_tui.domain.partner import new_partner
from partner_tui.domain.program import Settings
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.domain.templates import OutreachTemplate
from partner_tui.store.file.serialize import RecordCache, dumps
from partner_tui.store.partner_store import PartnerStore

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**9), 10**9) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12,
)
tables = st.dictionaries(
    st.sampled_from(["meta", "partners", "templates", "settings", "zz", "_default"]),
    st.dictionaries(st.integers(1, 30).map(str), st.dictionaries(st.text(max_size=6), json_values, max_size=4), max_size=5),
    max_size=5,
)


@given(tables)
@settings(max_examples=150)
def test_record_cache_output_equals_a_full_serialization(data: dict) -> None:
    cache = RecordCache()
    assert cache.dumps(data) == dumps(data)
    assert cache.dumps(data) == dumps(data)  # second time from the cache


def test_replaced_records_are_serialized_again() -> None:
    cache = RecordCache()
    data = {"partners": {"1": {"a": 1}, "2": {"a": 2}}, "meta": {"1": {"schema_version": 1}}}
    cache.dumps(data)
    data["partners"]["2"] = {"a": 3}
    data["partners"]["10"] = {"new": "line\nbreak"}
    del data["partners"]["1"]
    assert cache.dumps(data) == dumps(data)


def test_the_file_is_canonical_after_every_kind_of_change(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        ids = [store.partners.add(new_partner(f"P{i}", notes="a\nb")).id for i in range(12)]
        store.partners.add_many([new_partner(f"M{i}", Stage.ACTIVE) for i in range(3)])
        for i, pid in enumerate(ids):
            if i % 4 == 0:
                store.partners.move(pid, Stage.ENGAGE)
            elif i % 4 == 1:
                store.partners.update(store.partners.get(pid).model_copy(update={"notes": "édité"}))
            elif i % 4 == 2:
                store.partners.archive(pid, ArchiveReason.DECLINED)
            else:
                store.partners.reorder(pid, -1)
            check(db_path)
        store.partners.delete(ids[0])
        store.undo()
        store.undo()
        store.program.save_template(OutreachTemplate(name="t", body="x"))
        store.program.save_settings(Settings(currency_symbol="€"))
        check(db_path)
        with PartnerStore(db_path, read_only=True) as reader:
            assert {p.id: p for p in reader.partners.all()} == {p.id: p for p in store.partners.all()}


def check(path: Path) -> None:
    raw = path.read_bytes()
    assert raw == dumps(orjson.loads(raw))


def test_an_untouched_amount_is_spelled_like_an_edited_one(db_path: Path) -> None:
    # No diff noise: "0" turning into "0.00" the first time a form saves the partner.
    with PartnerStore(db_path) as store:
        partner = store.partners.add(new_partner("A"))
        first = orjson.loads(db_path.read_bytes())
        # What the form saves for an amount left empty: "not estimated".
        store.partners.update(partner.model_copy(update={"potential_value": None}))
        second = orjson.loads(db_path.read_bytes())
    before = next(iter(first["partners"].values()))
    after = next(iter(second["partners"].values()))
    # An amount not estimated is the default and is left out of the record either way, so the
    # save changes nothing but the update instant.
    assert "potential_value" not in before and "potential_value" not in after
    assert {k: v for k, v in before.items() if k != "updated_at"} == {
        k: v for k, v in after.items() if k != "updated_at"
    }


def test_records_are_stored_compactly_and_read_back_whole(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        partner = store.partners.add(
            new_partner("Acme", potential_value=parse_money("1200"), contact_name="Ana Ruiz")
        )
    record = next(iter(orjson.loads(db_path.read_bytes())["partners"].values()))
    # Defaults are left out; what identifies and places a record is always spelled out.
    assert "agreement" not in record and "fit" not in record
    assert {"id", "company", "stage", "position", "created_at", "updated_at"} <= set(record)
    assert record["potential_value"] == "1200.00"
    with PartnerStore(db_path, read_only=True) as reader:
        assert reader.partners.get(partner.id) == partner


def test_a_moved_partner_changes_only_its_own_lines_and_keeps_its_key(db_path: Path) -> None:
    """Keyed by id: a git diff of a move shows that record's lines and nothing else, and
    a partner added later lands under its own id, not the next counter number."""
    with PartnerStore(db_path) as store:
        added = store.partners.add_many([new_partner(f"Co {i}") for i in range(6)])
        mover = added[3]
        before = db_path.read_text().splitlines()
        store.partners.move(mover.id, Stage.ENGAGE)
        after = db_path.read_text().splitlines()
        late = store.partners.add(new_partner("Late Co"))
    old, new = record_lines(before, mover.id), record_lines(after, mover.id)
    edits = [op for op in difflib.SequenceMatcher(a=before, b=after).get_opcodes()
             if op[0] != "equal"]
    assert edits
    for _, i1, i2, j1, j2 in edits:
        assert old.start <= i1 and i2 <= old.stop and new.start <= j1 and j2 <= new.stop
    assert late.id in orjson.loads(db_path.read_bytes())["partners"]


def record_lines(lines: list[str], key: str) -> range:
    """The lines of one partner record in the file (its key line to its closing brace)."""
    first = lines.index(f'    "{key}": {{')
    last = next(i for i in range(first, len(lines)) if lines[i] in ("    },", "    }"))
    return range(first, last + 1)
