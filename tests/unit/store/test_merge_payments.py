"""Payments merge per partner and period: paid on both copies is paid once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import orjson

from partner_tui.domain.partner import new_partner
from partner_tui.domain.partnership_models import PartnershipModels, ReferralFee
from partner_tui.domain.payments import Payment
from partner_tui.domain.periods import Period
from partner_tui.store.merge.three_way import merge_files
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.seeding import seed_deals, seed_partners, won_deal

NORTH = "north000001"
FEBRUARY = Period.parse("2026-02")


def copy_of(db_path: Path, name: str) -> Path:
    target = db_path.with_name(name)
    target.write_bytes(db_path.read_bytes())
    return target


def data_of(path: Path) -> dict:  # type: ignore[type-arg]
    return orjson.loads(path.read_bytes())


def owed_500(db_path: Path) -> tuple[Path, Path]:
    fee = PartnershipModels(referral_fee=ReferralFee(enabled=True, amount=Decimal(500)))
    seed_partners(db_path, [new_partner("North", id=NORTH, models=fee)])
    seed_deals(db_path, won_deal(NORTH, "Acme", "acme.io"))
    return copy_of(db_path, "ours.json"), copy_of(db_path, "theirs.json")


# Paid in April: February is payable once its 30 holding days have passed (March 31).
def pay(path: Path, amount: str | None = None, on: date = date(2026, 4, 1)) -> None:
    with PartnerStore(path) as store:
        if amount is None:
            store.payouts.mark_paid(NORTH, FEBRUARY, on, author="Ann")
        else:
            store.payouts.add_payments([Payment(partner_id=NORTH, period="2026-02",
                                        amount=Decimal(amount), paid_on=on, author="Ben")])


def both_ways(db_path: Path, ours: Path, theirs: Path):  # type: ignore[no-untyped-def]
    base = data_of(db_path)
    one = merge_files(base, data_of(ours), data_of(theirs), today=date(2026, 4, 5))
    other = merge_files(base, data_of(theirs), data_of(ours), today=date(2026, 4, 5))
    assert one.data == other.data
    return one


def owed_after(db_path: Path, merged: dict) -> Decimal | None:  # type: ignore[type-arg]
    target = db_path.with_name("merged.json")
    target.write_bytes(orjson.dumps(merged))
    with PartnerStore(target, read_only=True) as store:
        return store.payouts.of_partner(NORTH, FEBRUARY).owed


def test_the_same_payment_on_both_copies_is_one(db_path: Path) -> None:
    ours, theirs = owed_500(db_path)
    pay(ours)
    pay(theirs)
    result = both_ways(db_path, ours, theirs)
    assert [p["amount"] for p in result.data["payments"].values()] == ["500.00"]
    assert owed_after(db_path, result.data) == Decimal(0)
    assert result.clashes == []


def test_two_different_amounts_keep_the_later_and_note_the_other(db_path: Path) -> None:
    ours, theirs = owed_500(db_path)
    pay(ours)  # 500.00, recorded first
    pay(theirs, "1000")  # recorded later
    result = both_ways(db_path, ours, theirs)
    assert [p["amount"] for p in result.data["payments"].values()] == ["1000.00"]
    notes = [a["text"] for a in result.data["partners"][NORTH]["activities"]
             if a["text"].startswith("merge:")]
    assert notes == [
        (
            "merge: North was marked paid for 2026-02 on two copies of the file: 500.00 on "
            "2026-04-01 by Ann on the other copy was dropped; kept 1000.00 on 2026-04-01 "
            "by Ben (the later)"
        )
    ]
    assert NORTH in result.changed_keys("partners")
    [clash] = result.clashes
    assert clash.table == "payments" and clash.name == "North"


def test_a_part_payment_and_the_rest_on_one_copy_are_both_kept(db_path: Path) -> None:
    ours, theirs = owed_500(db_path)
    pay(ours, "200")
    pay(ours, "300")
    with PartnerStore(theirs) as store:
        store.partners.add(new_partner("Elsewhere"))
    result = both_ways(db_path, ours, theirs)
    assert sorted(p["amount"] for p in result.data["payments"].values()) == ["200.00", "300.00"]
    assert owed_after(db_path, result.data) == Decimal(0)


def test_a_dropped_payment_held_by_ours_is_reported_as_changed(db_path: Path) -> None:
    ours, theirs = owed_500(db_path)
    pay(ours)
    pay(theirs, "1000")
    result = merge_files(data_of(db_path), data_of(ours), data_of(theirs))
    [ours_payment] = data_of(ours)["payments"]
    assert ours_payment in result.changed_keys("payments")
    assert ours_payment not in result.data["payments"]
