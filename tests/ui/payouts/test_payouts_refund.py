"""Pilot test of a refund on the Payouts screen: the clawback is a negative line in the
refund's month, the balance below zero is carried forward, and space pays nothing while it
is, saying why (docs/refunds.md)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from textual.widgets import DataTable

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import Partner, new_partner
from partner_tui.domain.partnership_models import PartnershipModels, ReferralFee, RevenueShare
from partner_tui.domain.periods import Period
from partner_tui.domain.program import ProgramRules
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.payouts.deals_behind import DealsBehind
from partner_tui.ui.payouts.payout_list import PayoutList, status_text
from partner_tui.ui.payouts.screen import PayoutsScreen
from tests.helpers.seeding import seed_deals, seed_partners, won_deal
from tests.helpers.toasts import Toasts

NORTH = "north000001"


def sharing(pid: str, company: str) -> Partner:
    models = PartnershipModels(
        revenue_share=RevenueShare(enabled=True, percent=Decimal(20), duration_years=2),
        referral_fee=ReferralFee(enabled=True, amount=Decimal(500)),
    )
    return new_partner(company, Stage.ACTIVE, id=pid, models=models)


def seed(db_path: Path) -> None:
    """Northwind: 20% and $500 a deal; Acme won 2026-02-10 ($1,100 in February: $720 with
    the fee), February paid, then Acme refunded in full on 2026-03-10."""
    with PartnerStore(db_path) as store:
        store.program.save_settings(store.program.settings().model_copy(
            update={"rules": ProgramRules(holding_days=0)}))
    seed_partners(db_path, [sharing(NORTH, "Northwind")])
    seed_deals(db_path, won_deal(NORTH, "Acme", "acme.io"))
    with PartnerStore(db_path) as store:
        store.payouts.mark_paid(NORTH, Period.parse("2026-02"), date(2026, 3, 5))
        [deal] = store.deals.of_partner(NORTH)
        store.deals.refund(deal.id, date(2026, 3, 10))


async def test_a_refund_is_a_negative_line_and_space_pays_nothing_while_in_the_red(
    db_path: Path, frozen_clock: datetime
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    toasts = Toasts(app)
    async with app.run_test(size=(120, 40), message_hook=toasts.hook) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PayoutsScreen) and screen.period.label == "2026-02"
        await pilot.press("right_square_bracket")  # March: the refund's month
        await pilot.pause()
        listing = screen.query_one(PayoutList)
        [march] = listing.lines
        # Earned $20 in March; the refund takes back the $240 share and the $500 fee.
        assert (march.total, march.clawback, march.carried, march.balance) == (
            Decimal("-720.00"), Decimal("740.00"), Decimal("0.00"), Decimal("-720.00"))
        assert status_text(march) == "clawed back"
        header = listing.render_line(0).text
        assert "Clawback" in header and "Balance" in header
        assert "-$740.00" in listing.render_line(1).text
        await pilot.press("enter")  # the deals behind March: the refund, negative, named
        await pilot.pause()
        behind = app.screen
        assert isinstance(behind, DealsBehind)
        rows = behind.query_one("#behind-deals", DataTable)
        cells = [str(c) for c in rows.get_row_at(rows.row_count - 1)]
        assert cells[0] == "↩ refund: Acme" and "2026-03-10" in cells
        assert cells[-3:] == ["-$240.00", "-$500.00", "-$740.00"]
        # Revenue is net of refunds: Acme's row is what it brought in March ($100), the
        # refund's row what it gave back ($1,000 once + $100 in February and March).
        assert cells[-4] == "-$1,200.00"
        assert [str(c) for c in rows.get_row_at(0)][-4] == "$100.00"
        summary = str(behind.query_one("#behind-summary").render())
        assert "Revenue -$1,100.00 (net of $1,200.00 refunded)" in summary
        assert "- clawed back $740.00 = -$720.00" in summary
        assert "-$720.00 after this period: nothing is paid until it is earned back" in summary
        assert "Negative: the refund took back $720.00 more than was left to pay" in summary
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("right_square_bracket")  # April: nothing earned, still in the red
        await pilot.pause()
        [april] = listing.lines
        assert (april.total, april.balance, status_text(april)) == (
            Decimal("0.00"), Decimal("-720.00"), "in the red")
        await pilot.press("space")
        await pilot.pause()
        said = toasts.said[-1].message
        assert "Nothing is paid while the balance is -720.00" in str(said)
        assert "the refund of Acme on 2026-03-10 clawed back 740.00" in str(said)
    with PartnerStore(db_path, read_only=True) as store:
        assert [p.period for p in store.payouts.payments_of(NORTH)] == ["2026-02"]
