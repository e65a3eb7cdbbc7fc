"""A payout marked paid on two branches is paid once after a real `git merge`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from partner_tui.domain.partner import new_partner
from partner_tui.domain.partnership_models import PartnershipModels, ReferralFee
from partner_tui.domain.payments import Payment
from partner_tui.domain.periods import Period
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.git_repo import commit_all, git, git_run, new_repo
from tests.helpers.seeding import seed_deals, won_deal
from tests.helpers.torture import run_cli

# Paid in April: February is payable once its 30 holding days have passed (March 31).
FEBRUARY = Period.parse("2026-02")


def test_paid_on_both_branches_is_paid_once_and_a_different_amount_is_noted(
    tmp_path: Path,
) -> None:
    repo = new_repo(tmp_path / "team")
    db = repo / "partners.json"
    fee = PartnershipModels(referral_fee=ReferralFee(enabled=True, amount=Decimal(500)))
    with PartnerStore(db) as store:
        north = store.partners.add(new_partner("North", models=fee)).id
        south = store.partners.add(new_partner("South", models=fee)).id
    seed_deals(db, won_deal(north, "Acme", "acme.io"), won_deal(south, "Beta", "beta.io"))
    assert run_cli(tmp_path, "--db", db, "git-setup").returncode == 0
    commit_all(repo, "two partners, each owed 500.00 for February")

    git(repo, "checkout", "-q", "-b", "finance")
    with PartnerStore(db) as store:
        store.payouts.mark_paid(north, FEBRUARY, date(2026, 4, 2), author="Fin")
        store.payouts.mark_paid(south, FEBRUARY, date(2026, 4, 2), author="Fin")
    commit_all(repo, "finance paid February")

    git(repo, "checkout", "-q", "main")
    with PartnerStore(db) as store:
        store.payouts.mark_paid(north, FEBRUARY, date(2026, 4, 3), author="Lead")  # the same 500.00
        store.payouts.add_payments([Payment(partner_id=south, period="2026-02", amount=Decimal(1000),
                                    paid_on=date(2026, 4, 3), author="Lead")])
    commit_all(repo, "the lead paid February too")

    merge = git_run(repo, "merge", "--no-edit", "finance")
    assert merge.returncode == 0, merge.stdout + merge.stderr
    with PartnerStore(db, read_only=True) as store:
        assert [p.amount for p in store.payouts.payments_of(north)] == [Decimal("500.00")]
        assert store.payouts.of_partner(north, FEBRUARY).owed == Decimal(0)
        [kept] = store.payouts.payments_of(south)
        notes = [a.text for a in store.partners.get(south).activities if a.text.startswith("merge:")]
    assert len(notes) == 1
    lost = "1000.00" if kept.amount == Decimal("500.00") else "500.00"
    assert f"{lost} on 2026-04-0" in notes[0] and "was dropped" in notes[0]
