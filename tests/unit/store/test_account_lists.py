"""Account lists in the data file: replaced on import (idempotent), forgotten, validated,
and merged like every record when two people import on two copies of one file."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import orjson
import pytest

from partner_tui.domain.accounts import Account, AccountStatus
from partner_tui.domain.partner import new_partner
from partner_tui.store.errors import DatabaseUnreadable
from partner_tui.store.merge.three_way import iter_clash_lines, merge_files
from partner_tui.store.partner_store import PartnerStore
from partner_tui.store.records.account_lists import ACCOUNT_LISTS

C, P, O = AccountStatus.CUSTOMER, AccountStatus.PROSPECT, AccountStatus.OPPORTUNITY
OURS = [
    Account("Acme", "acme.io", O, "Ana", Decimal("5000.00")),
    Account("Beta", "beta.io", C),
]
THEIRS = [Account("Acme Inc", "acme.io", C), Account("Beta", "beta.io", P)]


def data_of(path: Path) -> dict:  # type: ignore[type-arg]
    return orjson.loads(path.read_bytes())


def _with_partner(db_path: Path) -> str:
    with PartnerStore(db_path) as store:
        return store.partners.add(new_partner("North", id="north0000001")).id


def test_a_list_is_kept_in_the_file_with_only_its_five_fields(db_path: Path) -> None:
    pid = _with_partner(db_path)
    with PartnerStore(db_path) as store:
        store.accounts.replace(None, OURS)
        store.accounts.replace(pid, THEIRS)
    stored = data_of(db_path)[ACCOUNT_LISTS]
    assert sorted(stored) == [pid, "ours"]
    assert stored["ours"]["accounts"] == [
        "acme.io\topportunity\tAcme\tAna\t5000.00",
        "beta.io\tcustomer\tBeta",
    ]
    with PartnerStore(db_path, read_only=True) as store:
        found = store.accounts.overlap_of(pid)
        assert found is not None
        assert [m.domain for m in found.intros_for_us] == ["acme.io"]
        assert [m.domain for m in found.intros_for_them] == ["beta.io"]
        assert found.intro_value == Decimal("5000.00")


def test_importing_the_same_list_again_changes_nothing(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        assert store.accounts.replace(None, OURS) is not None
    before = db_path.read_bytes()
    with PartnerStore(db_path) as store:
        assert store.accounts.replace(None, list(reversed(OURS))) is None
    assert db_path.read_bytes() == before


def test_importing_a_list_again_replaces_it_and_dates_it(db_path: Path) -> None:
    later = datetime(2026, 4, 2, 10, 0, tzinfo=UTC)
    with PartnerStore(db_path) as store:
        store.accounts.replace(None, OURS)
        made = store.accounts.replace(None, [Account("Gamma", "gamma.io", C)], later)
    assert made is not None
    with PartnerStore(db_path, read_only=True) as store:
        held = store.accounts.get(None)
    assert held is not None
    assert [a.domain for a in held.read()] == ["gamma.io"]
    assert held.imported_at == later


def test_forget_removes_a_list(db_path: Path) -> None:
    pid = _with_partner(db_path)
    with PartnerStore(db_path) as store:
        store.accounts.replace(pid, THEIRS)
        assert store.accounts.forget(pid)
        assert not store.accounts.forget(pid)
    assert data_of(db_path)[ACCOUNT_LISTS] == {}


def test_a_hand_broken_list_is_refused_with_one_line(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        store.accounts.replace(None, OURS)
    data = data_of(db_path)
    data[ACCOUNT_LISTS]["ours"]["accounts"].append("not a row")
    db_path.write_bytes(orjson.dumps(data))
    with pytest.raises(DatabaseUnreadable, match="account list record ours"):
        PartnerStore(db_path)


def _copy(db_path: Path, name: str) -> Path:
    target = db_path.with_name(name)
    target.write_bytes(db_path.read_bytes())
    return target


def test_lists_imported_on_two_copies_are_both_kept(db_path: Path) -> None:
    pid = _with_partner(db_path)
    ours, theirs = _copy(db_path, "ours.json"), _copy(db_path, "theirs.json")
    with PartnerStore(ours) as store:
        store.accounts.replace(None, OURS)
    with PartnerStore(theirs) as store:
        store.accounts.replace(pid, THEIRS)
    merged = merge_files(data_of(db_path), data_of(ours), data_of(theirs))
    assert sorted(merged.data[ACCOUNT_LISTS]) == [pid, "ours"]
    assert merged.clashes == []


def test_one_list_imported_on_two_copies_keeps_the_later_import_whole(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        store.accounts.replace(None, OURS)
    ours, theirs = _copy(db_path, "ours.json"), _copy(db_path, "theirs.json")
    early = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
    late = datetime(2026, 4, 1, 11, 0, tzinfo=UTC)
    with PartnerStore(ours) as store:
        store.accounts.replace(None, [Account("Early", "early.io", C)], early)
    with PartnerStore(theirs) as store:
        store.accounts.replace(None, [Account("Late", "late.io", P)], late)
    for a, b in ((ours, theirs), (theirs, ours)):
        merged = merge_files(data_of(db_path), data_of(a), data_of(b))
        record = merged.data[ACCOUNT_LISTS]["ours"]
        assert record["accounts"] == ["late.io\tprospect\tLate"]
        lines = list(iter_clash_lines(merged))
        # Told by the time of the import that lost, never by its thousands of rows.
        assert any("imported at" in line for line in lines)
        assert not any("early.io" in line for line in lines)


def test_two_stores_on_one_file_keep_each_others_lists(db_path: Path) -> None:
    pid = _with_partner(db_path)
    first, second = PartnerStore(db_path), PartnerStore(db_path)
    try:
        first.accounts.replace(None, OURS)
        second.accounts.replace(pid, THEIRS)  # merges the first's import as it writes
        first.merge_from_disk()
        assert first.accounts.overlap_of(pid) is not None
    finally:
        first.close()
        second.close()
    assert sorted(data_of(db_path)[ACCOUNT_LISTS]) == [pid, "ours"]
