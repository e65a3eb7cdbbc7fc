"""The registration workflow in the record-level merge: each side's review facts and
extensions are kept, and only live registrations are noted as clashing
(store/merge/table_rules.py, store/merge/registrations.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.domain.deals import Deal, DealStatus
from partner_tui.domain.partner import new_partner
from partner_tui.store.merge.three_way import merge_files
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.seeding import seed_deals, seed_partners

NORTH, SOUTH = "north000001", "south000001"


def copy_of(db_path: Path, name: str) -> Path:
    target = db_path.with_name(name)
    target.write_bytes(db_path.read_bytes())
    return target


def data_of(path: Path) -> dict:  # type: ignore[type-arg]
    return orjson.loads(path.read_bytes())


def open_deal(partner_id: str, domain: str, registered_on: str = "2026-03-01") -> Deal:
    return Deal(partner_id=partner_id, customer=domain.split(".")[0].title(),
                customer_domain=domain, registered_on=date.fromisoformat(registered_on))


def two_copies(db_path: Path, *deals: Deal) -> tuple[Path, Path]:
    seed_partners(db_path, [new_partner("North", id=NORTH), new_partner("South", id=SOUTH)])
    if deals:
        seed_deals(db_path, *deals)
    return copy_of(db_path, "ours.json"), copy_of(db_path, "theirs.json")


def test_an_approval_on_one_side_and_a_win_on_the_other_are_both_kept(
    db_path: Path, frozen_clock: object
) -> None:
    deal = open_deal(NORTH, "acme.io")
    ours, theirs = two_copies(db_path, deal)
    with PartnerStore(ours, author="Ann") as store:
        store.deals.approve(deal.id, date(2026, 3, 5))
    with PartnerStore(theirs, author="Bob") as store:
        store.deals.set_status(deal.id, DealStatus.WON, date(2026, 3, 10))
    merged = merge_files(data_of(db_path), data_of(ours), data_of(theirs))
    record = merged.data["deals"][deal.id]
    assert (record["reviewed_on"], record["reviewed_by"]) == ("2026-03-05", "Ann")
    assert (record["status"], record.get("closed_on")) in (
        ("won", "2026-03-10"), ("approved", None)
    )
    Deal.model_validate(record)  # the merged story holds together


def test_both_sides_extensions_are_kept(db_path: Path, frozen_clock: object) -> None:
    deal = open_deal(NORTH, "acme.io")
    ours, theirs = two_copies(db_path, deal)
    with PartnerStore(ours, author="Ann") as store:
        store.deals.extend(deal.id, 30, date(2026, 3, 5))
    with PartnerStore(theirs, author="Bob") as store:
        store.deals.approve(deal.id, date(2026, 3, 6))
        store.deals.extend(deal.id, 10, date(2026, 3, 6))
    record = merge_files(data_of(db_path), data_of(ours), data_of(theirs)).data["deals"][deal.id]
    assert sorted((e["days"], e["author"]) for e in record["extensions"]) == [
        (10, "Bob"), (30, "Ann")
    ]
    assert (record["status"], record["reviewed_by"]) == ("approved", "Bob")


def test_only_a_live_registration_is_noted_as_the_first(
    db_path: Path, frozen_clock: object
) -> None:
    ours, theirs = two_copies(db_path)
    # Ours: a registration of 2025 (expired by 2026-03-16); theirs: a new one of the domain.
    seed_deals(ours, open_deal(NORTH, "acme.io", "2025-06-01"))
    seed_deals(theirs, open_deal(SOUTH, "acme.io", "2026-03-10"))
    result = merge_files(data_of(db_path), data_of(ours), data_of(theirs), today=date(2026, 3, 16))
    assert not [c for c in result.clashes if c.table == "deals"]
    # Both live: the later one is noted, naming the first.
    seed_deals(ours, open_deal(NORTH, "beta.io", "2026-03-01"))
    seed_deals(theirs, open_deal(SOUTH, "beta.io", "2026-03-02"))
    result = merge_files(data_of(db_path), data_of(ours), data_of(theirs), today=date(2026, 3, 16))
    [clash] = [c for c in result.clashes if c.table == "deals"]
    assert "beta.io was registered first by North" in clash.text


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ours_days=st.lists(st.integers(1, 200), max_size=3),
       theirs_days=st.lists(st.integers(1, 200), max_size=3))
def test_no_extension_is_lost_whichever_side_is_ours(
    tmp_path_factory: object, ours_days: list[int], theirs_days: list[int]
) -> None:
    folder = tmp_path_factory.mktemp("m")  # type: ignore[attr-defined]
    db_path = folder / "base.json"
    deal = open_deal(NORTH, "acme.io")
    ours, theirs = two_copies(db_path, deal)
    for path, days in ((ours, ours_days), (theirs, theirs_days)):
        with PartnerStore(path) as store:
            for n in days:
                store.deals.extend(deal.id, n, date(2026, 3, 5))
    base, a, b = data_of(db_path), data_of(ours), data_of(theirs)
    one = merge_files(base, a, b).data["deals"][deal.id]
    other = merge_files(base, b, a).data["deals"][deal.id]
    for record in (one, other):
        kept = sorted(e["days"] for e in record.get("extensions", []))
        assert kept == sorted(ours_days + theirs_days)


def test_an_approval_and_a_rejection_on_two_copies_are_both_kept_in_the_log(
    db_path: Path, frozen_clock: object
) -> None:
    deal = open_deal(NORTH, "acme.io")
    ours, theirs = two_copies(db_path, deal)
    with PartnerStore(ours, author="Ann") as store:
        store.deals.approve(deal.id, date(2026, 3, 5))
    with PartnerStore(theirs, author="Bob") as store:
        store.deals.reject(deal.id, "duplicate", date(2026, 3, 6))
    merged = merge_files(data_of(db_path), data_of(ours), data_of(theirs)).data
    record = merged["deals"][deal.id]
    model = Deal.model_validate(record)  # one side's review whole, never a mix
    assert (model.status, model.reviewed_by) in (
        (DealStatus.APPROVED, "Ann"), (DealStatus.REJECTED, "Bob")
    )
    log = [(a["author"], a["text"]) for a in merged["partners"][NORTH]["activities"]
           if a["text"].startswith("Deal registration")]
    assert {author for author, _text in log} == {"Ann", "Bob"}
    assert {text.split(":")[0] for _author, text in log} == {
        "Deal registration approved", "Deal registration rejected"
    }
