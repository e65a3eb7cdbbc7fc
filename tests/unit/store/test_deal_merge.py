"""Deals and payments in the record-level merge (store/merge/three_way.py): two people registering
deals and marking payouts paid on two copies of one file lose nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import orjson

from partner_tui.domain.deals import DealStatus
from partner_tui.domain.partner import new_partner
from partner_tui.domain.partnership_models import PartnershipModels, ReferralFee
from partner_tui.domain.periods import Period
from partner_tui.store.merge.three_way import merge_files
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.seeding import seed_deals, seed_partners, won_deal


def copy_of(db_path: Path, name: str) -> Path:
    target = db_path.with_name(name)
    target.write_bytes(db_path.read_bytes())
    return target


def data_of(path: Path) -> dict:  # type: ignore[type-arg]
    return orjson.loads(path.read_bytes())


def test_deals_and_payments_added_on_both_sides_are_all_kept(db_path: Path) -> None:
    fee = PartnershipModels(referral_fee=ReferralFee(enabled=True, amount=Decimal(500)))
    seed_partners(db_path, [new_partner("North", id="north000001", models=fee)])
    seed_deals(db_path, won_deal("north000001", "Acme", "acme.io"))
    ours, theirs = copy_of(db_path, "ours.json"), copy_of(db_path, "theirs.json")
    seed_deals(ours, won_deal("north000001", "Beta", "beta.io"))
    seed_deals(theirs, won_deal("north000001", "Gamma", "gamma.io"))
    with PartnerStore(theirs) as store:
        store.payouts.mark_paid("north000001", Period.parse("2026-02"), date(2026, 4, 1))
    merged = merge_files(data_of(db_path), data_of(ours), data_of(theirs)).data
    customers = sorted(deal["customer"] for deal in merged["deals"].values())
    assert customers == ["Acme", "Beta", "Gamma"]
    assert [p["period"] for p in merged["payments"].values()] == ["2026-02"]


def test_a_deals_status_and_dates_merge_as_one_story(db_path: Path) -> None:
    seed_partners(db_path, [new_partner("North", id="north000001")])
    seed_deals(db_path, won_deal("north000001", "Acme", "acme.io", status="registered",
                                 closed_on=None))
    ours, theirs = copy_of(db_path, "ours.json"), copy_of(db_path, "theirs.json")
    with PartnerStore(ours) as store:
        [deal] = store.deals.of_partner("north000001")
        store.deals.set_status(deal.id, DealStatus.WON, date(2026, 3, 1))
    with PartnerStore(theirs) as store:
        [deal] = store.deals.of_partner("north000001")
        store.deals.update(deal.model_copy(update={"notes": "signed by their CFO"}))
    merged = merge_files(data_of(db_path), data_of(ours), data_of(theirs)).data
    [record] = merged["deals"].values()
    assert (record["status"], record["closed_on"]) == ("won", "2026-03-01")
    assert record["notes"] == "signed by their CFO"  # a field only one side changed


def two_sides(db_path: Path) -> tuple[Path, Path]:
    seed_partners(db_path, [new_partner("North", id="north000001"),
                            new_partner("South", id="south000001")])
    return copy_of(db_path, "ours.json"), copy_of(db_path, "theirs.json")


def merge_notes_of(merged: dict, partner_id: str) -> list[str]:  # type: ignore[type-arg]
    activities = merged["partners"][partner_id].get("activities", [])
    return [a["text"] for a in activities if a["text"].startswith("merge: ")]


def test_one_customer_registered_on_two_copies_keeps_both_and_notes_the_later(
    db_path: Path,
) -> None:
    """Each registration was checked against its own copy; merged, the first registration
    wins as everywhere: the later one's partner is told, whichever side is "ours"."""
    ours, theirs = two_sides(db_path)
    seed_deals(ours, won_deal("north000001", "Acme", "acme.io", registered_on="2026-01-05"))
    seed_deals(theirs, won_deal("south000001", "Acme Corp", "www.acme.io",
                                registered_on="2026-01-09", closed_on="2026-02-20"))
    base = data_of(db_path)
    result = merge_files(base, data_of(ours), data_of(theirs), today=date(2026, 3, 1))
    swapped = merge_files(base, data_of(theirs), data_of(ours), today=date(2026, 3, 1))
    assert result.data == swapped.data  # the same whichever side is "ours"
    merged = result.data
    assert sorted(d["customer"] for d in merged["deals"].values()) == ["Acme", "Acme Corp"]
    assert merge_notes_of(merged, "north000001") == []  # the first registration
    [note] = merge_notes_of(merged, "south000001")
    assert "acme.io was registered first by North on 2026-01-05 (Acme)" in note
    assert "Acme Corp (2026-01-09) came later" in note and "Deals tab" in note
    assert "south000001" in result.changed_keys("partners")
    [clash] = result.clashes
    assert (clash.table, clash.name, clash.text) == ("deals", "Acme Corp", note)
    # The merged file opens, and the note is in South's log.
    target = db_path.with_name("merged.json")
    target.write_bytes(orjson.dumps(merged))
    with PartnerStore(target, read_only=True) as store:
        assert store.partners.get("south000001").activities[-1].text == note
        assert len(store.deals.of_partner("north000001")) == len(store.deals.of_partner("south000001")) == 1


def test_a_lost_deal_or_registrations_made_over_a_known_one_are_no_clash(
    db_path: Path,
) -> None:
    """A lost deal frees its customer; deals registered on purpose over the registration
    both copies had (an override, logged when it was made) were settled by their writers."""
    seed_partners(db_path, [new_partner("North", id="north000001"),
                            new_partner("South", id="south000001")])
    seed_deals(db_path, won_deal("south000001", "Beta", "beta.io", registered_on="2025-06-01",
                                 closed_on="2025-07-01"))
    ours, theirs = copy_of(db_path, "ours.json"), copy_of(db_path, "theirs.json")
    seed_deals(ours, won_deal("north000001", "Acme", "acme.io"))
    seed_deals(ours, won_deal("north000001", "Beta again", "beta.io"), override=True)
    seed_deals(theirs, won_deal("south000001", "Acme lost", "acme.io", status="lost",
                                registered_on="2026-01-06"))
    seed_deals(theirs, won_deal("south000001", "Beta too", "beta.io",
                                registered_on="2026-01-07"), override=True)
    result = merge_files(data_of(db_path), data_of(ours), data_of(theirs))
    assert result.clashes == []
    assert merge_notes_of(result.data, "north000001") == []
    assert merge_notes_of(result.data, "south000001") == []
    assert len(result.data["deals"]) == 5
