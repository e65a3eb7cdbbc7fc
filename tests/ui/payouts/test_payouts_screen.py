"""Pilot tests of the Payouts screen: opened with p from the board and the dashboard on last
month, stepping periods, the deals behind a figure, marking paid (and undoing it), and
finding the payment again after the app is closed and opened."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from partner_tui.app import PartnerApp
from partner_tui.domain import clock
from partner_tui.domain.partner import Partner, new_partner
from partner_tui.domain.partnership_models import PartnershipModels, ReferralFee, RevenueShare
from partner_tui.domain.program import ProgramRules
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.payouts.commands import PayoutCommands
from partner_tui.ui.payouts.deals_behind import DealsBehind
from partner_tui.ui.payouts.payout_list import PayoutList
from partner_tui.ui.payouts.screen import PayoutsScreen
from tests.helpers.burst import burst
from tests.helpers.reading import read_back
from tests.helpers.seeding import seed_deals, seed_partners, won_deal
from tests.helpers.toasts import Toasts

NORTH, BRIGHT = "north000001", "bright00001"


def sharing(pid: str, company: str, *, quarterly: bool = False) -> Partner:
    models = PartnershipModels(
        revenue_share=RevenueShare(enabled=True, percent=Decimal(20), duration_years=2,
                                   payment_terms="quarterly" if quarterly else "monthly"),
        referral_fee=ReferralFee(enabled=True, amount=Decimal(500)),
    )
    return new_partner(company, Stage.ACTIVE, id=pid, models=models)


def seed(db_path: Path, *, quarterly: bool = False, holding: int = 0) -> None:
    """Two partners paid under deals. `holding`: the program's holding period; 0 here,
    so last month (where the screen opens) is payable at once: these tests are about
    marking paid, and the holding period has a test of its own."""
    with PartnerStore(db_path) as store:
        store.program.save_settings(store.program.settings().model_copy(
            update={"rules": ProgramRules(holding_days=holding)}))
    seed_partners(db_path, [sharing(NORTH, "Northwind"),
                            sharing(BRIGHT, "Brightpath", quarterly=quarterly)])
    seed_deals(
        db_path,
        won_deal(NORTH, "Acme", "acme.io"),  # February: 1,100 revenue -> 220 + 500 fee
        won_deal(NORTH, "Beta", "beta.io", amount="0", monthly_revenue="50"),  # 50 -> 10 + 500
        won_deal(BRIGHT, "Gamma", "gamma.io", closed_on="2026-01-20"),  # 100 in February -> 20
    )


def shown(app: PartnerApp) -> dict[str, tuple[Decimal, Decimal | None]]:
    listing = app.screen.query_one(PayoutList)
    return {listing.company_of(line.partner_id): (line.total, line.owed) for line in listing.lines}


async def open_payouts(app: PartnerApp, pilot: object, key: str = "p") -> PayoutsScreen:
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press(key)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, PayoutsScreen)
    return app.screen


async def test_p_on_the_board_opens_last_month_with_what_each_partner_is_owed(
    db_path: Path, frozen_clock: datetime
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_payouts(app, pilot)
        assert screen.period.label == "2026-02"  # the frozen today is 2026-03-16
        assert shown(app) == {
            "Brightpath": (Decimal("20.00"), Decimal("20.00")),
            "Northwind": (Decimal("1230.00"), Decimal("1230.00")),
        }
        await pilot.press("left_square_bracket")
        assert screen.period.label == "2026-01"
        assert shown(app)["Brightpath"][0] == Decimal("720.00")  # 1,100 x 20% + 500 fee
        await pilot.press("right_square_bracket", "m")
        assert screen.period.label == "2026-Q1"
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "BoardScreen"


async def test_enter_shows_the_deals_behind_the_figures(
    db_path: Path, frozen_clock: datetime
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_payouts(app, pilot)
        await pilot.press("down", "enter")  # Northwind
        await pilot.pause()
        assert isinstance(app.screen, DealsBehind)
        behind = app.screen.behind
        assert sorted(deal.customer for deal, _part in behind.parts) == ["Acme", "Beta"]
        assert sum(part.total for _deal, part in behind.parts) == 123_000  # cents
        assert "Owed $1,230.00" in str(app.screen.query_one("#behind-summary").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PayoutsScreen)


async def test_space_marks_paid_ctrl_z_takes_it_back_and_reopening_finds_it_paid(
    db_path: Path, frozen_clock: datetime
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_payouts(app, pilot)
        await pilot.press("down", "space")
        await pilot.pause()
        assert shown(app)["Northwind"] == (Decimal("1230.00"), Decimal("0.00"))
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert shown(app)["Northwind"] == (Decimal("1230.00"), Decimal("1230.00"))
        await pilot.press("space")
        await pilot.pause()
    with read_back(app, db_path) as store:
        [payment] = store.payouts.payments_of(NORTH)
        assert (payment.period, payment.amount, payment.paid_on) == (
            "2026-02", Decimal("1230.00"), frozen_clock.date()
        )
    again = PartnerApp(db_path=db_path)
    async with again.run_test(size=(120, 40)) as pilot:
        await open_payouts(again, pilot)
        line = next(x for x in again.screen.query_one(PayoutList).lines if x.partner_id == NORTH)
        assert (line.paid, line.settled) == (Decimal("1230.00"), True)


async def test_a_pending_period_says_when_it_is_payable_and_space_pays_nothing(
    db_path: Path, frozen_clock: datetime
) -> None:
    seed(db_path, holding=30)  # February, on March 16: held until March 30
    app = PartnerApp(db_path=db_path)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        screen = await open_payouts(app, pilot)
        header = str(screen.query_one("#payouts-period").render())
        assert "pending: payable from 2026-03-31" in header
        await pilot.press("down", "space")
        await pilot.pause()
        assert shown(app)["Northwind"] == (Decimal("1230.00"), Decimal("1230.00"))
        assert any("nothing is payable yet" in str(n.message).lower()
                   for n in toasts)
    with read_back(app, db_path) as store:
        assert store.payouts.payments_of(NORTH) == []


def after_the_quarter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Today 2026-04-02: the first quarter is over (a period is pending until it is over
    and its holding period, 0 in these tests, has passed)."""
    monkeypatch.setattr(clock, "today", lambda: date(2026, 4, 2))


async def test_a_quarterly_partner_is_paid_for_the_quarter_not_the_month(
    db_path: Path, frozen_clock: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(db_path, quarterly=True)
    after_the_quarter(monkeypatch)  # the screen opens on March
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_payouts(app, pilot)
        assert shown(app)["Brightpath"] == (Decimal("20.00"), None)  # not owed per month
        await pilot.press("space")  # Brightpath is first
        await pilot.pause()
        with PartnerStore(db_path, read_only=True) as store:
            assert store.payouts.payments_of(BRIGHT) == []
        await pilot.press("m", "space")
        await pilot.pause()
        assert shown(app)["Brightpath"][1] == Decimal("0.00")
    with read_back(app, db_path) as store:
        assert [p.period for p in store.payouts.payments_of(BRIGHT)] == ["2026-Q1"]


async def test_p_on_the_dashboard_opens_the_payouts(db_path: Path, frozen_clock: datetime) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await open_payouts(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "DashboardScreen"


async def test_an_empty_period_says_so_and_the_narrow_screen_keeps_what_is_owed(
    db_path: Path, frozen_clock: datetime
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_payouts(app, pilot)
        listing = screen.query_one(PayoutList)
        titles = [column.title for column in listing.shown_columns(listing.size.width)]
        assert {"Total", "Paid", "Owed"} <= set(titles)
        await pilot.press(*["left_square_bracket"] * 3)
        assert listing.lines == [] and "No partner earned" in listing.empty_text


async def test_keys_in_one_burst_step_and_pay_as_typed_slowly(
    db_path: Path, frozen_clock: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """p [ ] m and space in one go: the screen opens on last month, steps back and forth,
    shows the quarter and marks the first partner paid for it."""
    seed(db_path)
    after_the_quarter(monkeypatch)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await burst(pilot, "p", "left_square_bracket", "right_square_bracket", "m", "space")
        assert isinstance(app.screen, PayoutsScreen) and app.screen.period.label == "2026-Q1"
    with read_back(app, db_path) as store:
        assert [p.period for p in store.payouts.payments_of(BRIGHT)] == ["2026-01", "2026-02", "2026-03"]


async def test_the_palette_offers_the_payouts_commands(
    db_path: Path, frozen_clock: datetime
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_payouts(app, pilot)
        provider = PayoutCommands(screen)
        names = [hit.text async for hit in provider.search("period")]
        assert names == ["Previous period", "Next period"]
