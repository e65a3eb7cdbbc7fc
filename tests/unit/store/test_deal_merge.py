"""Deals and payments in the record-level merge (store/merge.py): two people registering
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
from partner_tui.store.merge import merge_files
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
        store.mark_paid("north000001", Period.parse("2026-02"), date(2026, 3, 1))
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
        [deal] = store.deals_of("north000001")
        store.set_deal_status(deal.id, DealStatus.WON, date(2026, 3, 1))
    with PartnerStore(theirs) as store:
        [deal] = store.deals_of("north000001")
        store.update_deal(deal.model_copy(update={"notes": "signed by their CFO"}))
    merged = merge_files(data_of(db_path), data_of(ours), data_of(theirs)).data
    [record] = merged["deals"].values()
    assert (record["status"], record["closed_on"]) == ("won", "2026-03-01")
    assert record["notes"] == "signed by their CFO"  # a field only one side changed
