"""The tier log (ui/tier_watch.py) changes partners at the month's first start; the
payouts of the period the Payouts screen opens on, which the warm-up computed before,
are computed again off the screen's thread, so the first `p` finds them ready."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from partner_tui.app import PartnerApp
from partner_tui.domain import clock
from partner_tui.domain.deals import Deal, DealStatus
from partner_tui.domain.partner import new_partner
from partner_tui.domain.partnership_models import PartnershipModels, RevenueShare
from partner_tui.domain.periods import Period
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore


def seed_a_tier_change(db_path: Path) -> str:
    """Acme with a deal big enough to reach Silver: its change is logged at start."""
    with PartnerStore(db_path) as store:
        share = RevenueShare(enabled=True, percent=Decimal(10))
        partner = store.partners.add(new_partner(
            "Acme", stage=Stage.ACTIVE, models=PartnershipModels(revenue_share=share)))
        # Closed last month: Silver from this month, a change the app logs at start.
        closed = clock.today().replace(day=1) - timedelta(days=20)
        store.deals.add(Deal(
            partner_id=partner.id, customer="Big Co", customer_domain="big.example",
            status=DealStatus.WON, registered_on=closed - timedelta(days=30),
            closed_on=closed, amount=Decimal(12000),
            monthly_revenue=Decimal(1000),
        ))
        settings = store.program.settings()
        rules = settings.rules.model_copy(update={"tiers": "Registered 0; Silver 10,000"})
        store.program.save_settings(settings.model_copy(update={"rules": rules}))
        return partner.id


async def test_the_payouts_screens_period_is_ready_after_the_tier_log(db_path: Path) -> None:
    pid = seed_a_tier_change(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        store = app.store
        period = Period.of(clock.today()).step(-1)

        def logged() -> bool:
            return any(a.author == "program" for a in store.partners.get(pid).activities)

        def kept_is_current() -> bool:
            kept = store.payouts._deals.payouts_kept.get(period)
            return kept is not None and kept[0] == store.payouts._payouts_version()

        for _ in range(400):  # a condition, not a sleep: the log and the workers done
            await pilot.pause(0.02)
            if logged() and kept_is_current() and not app.workers:
                break
        assert logged()
        assert kept_is_current()
