"""Pilot tests of the Deals tab's refund key (f): the day and amount asked, the deal stored
refunded, the clawback said; a deal that is not won is refused and left as it was."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from textual.widgets import Input

from partner_tui.app import PartnerApp
from partner_tui.domain.deals import DealStatus
from partner_tui.domain.partner import new_partner
from partner_tui.domain.partnership_models import PartnershipModels, ReferralFee, RevenueShare
from partner_tui.domain.registration import RegistrationState
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.dialogs.text_prompt import TextPrompt
from partner_tui.ui.form.deal_editor import DealEditor
from partner_tui.ui.form.deal_list import STATUS_MARK, DealList
from partner_tui.ui.form.fields import BoundSelect
from partner_tui.ui.form.screen import PartnerFormScreen
from tests.helpers.seeding import seed_deals, seed_partners, won_deal
from tests.helpers.toasts import Toasts

ACME = "acme0000001"


def seed(db_path: Path) -> None:
    models = PartnershipModels(
        revenue_share=RevenueShare(enabled=True, percent=Decimal(20), duration_years=2),
        referral_fee=ReferralFee(enabled=True, amount=Decimal(500)),
    )
    seed_partners(db_path, [new_partner("Acme", Stage.ACTIVE, id=ACME, models=models)])
    # Won 2026-02-10: $1,000 + $100 a month; a lost one beside it.
    seed_deals(db_path, won_deal(ACME, "Beta Stores", "beta.io"),
               won_deal(ACME, "Gamma", "gamma.io", status="lost", registered_on="2026-01-04"))


async def open_deals(app: PartnerApp, pilot: object) -> DealList:
    await pilot.pause()  # type: ignore[attr-defined]
    app.open_partner_form(ACME)
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("f10")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.focused, DealList)
    return app.focused


async def test_f_refunds_the_highlighted_won_deal_and_says_what_is_clawed_back(
    db_path: Path, frozen_clock: object
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    toasts = Toasts(app)
    async with app.run_test(size=(120, 40), message_hook=toasts.hook) as pilot:
        listing = await open_deals(app, pilot)
        assert listing.current() is not None and listing.current().customer == "Beta Stores"
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        field = app.screen.query_one("#prompt-input", Input)
        assert field.value == "2026-03-16"  # today, ready to be typed over
        field.value = "2026-03-10 300"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PartnerFormScreen)
        refunded = next(d for d in listing.deals if d.customer == "Beta Stores")
        assert (refunded.status, refunded.refunded_on, refunded.refunded_amount) == (
            DealStatus.REFUNDED, date(2026, 3, 10), Decimal("300.00"))
        # Brought $1,200 through March; the share earned $240: 240 x 300 / 1,200 = $60.
        assert toasts.messages[-1] == (
            "Beta Stores: refunded on 2026-03-10; $60.00 clawed back in 2026-03")
        summary = str(app.screen.query_one("#deals-summary").render())
        assert "1 lost · 0 open · 1 refunded" in summary
        assert "↩ refunded" in str(listing.get_row(refunded.id)[1])
    with PartnerStore(db_path, read_only=True) as store:
        stored = next(d for d in store.deals.of_partner(ACME) if d.customer == "Beta Stores")
        assert stored.status is DealStatus.REFUNDED


async def test_f_on_a_deal_that_is_not_won_refuses_and_changes_nothing(
    db_path: Path, frozen_clock: object
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    toasts = Toasts(app)
    async with app.run_test(size=(80, 24), message_hook=toasts.hook) as pilot:
        listing = await open_deals(app, pilot)
        await pilot.press("down")
        assert listing.current() is not None and listing.current().customer == "Gamma"
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, PartnerFormScreen)  # nothing asked
        last = toasts.said[-1]
        assert last.message == "Only a won deal can be refunded; Gamma is lost."
        # A refund the domain refuses (before the close) is said, and nothing changes.
        await pilot.press("up", "f")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        app.screen.query_one("#prompt-input", Input).value = "2026-02-01"
        await pilot.press("enter")
        await pilot.pause()
        assert "refunded_on: is before the close (2026-02-10)" in str(
            toasts.said[-1].message)
    with PartnerStore(db_path, read_only=True) as store:
        assert {d.status for d in store.deals.of_partner(ACME)} == {DealStatus.WON,
                                                                     DealStatus.LOST}


def test_every_status_has_its_mark_in_the_deals_tab() -> None:
    """A status added to DealStatus (or a state to RegistrationState) without a mark would
    fail the Deals tab on its first deal; this fails first."""
    assert set(STATUS_MARK) == set(RegistrationState)
    assert {status.value for status in DealStatus} <= {state.value for state in STATUS_MARK}


async def test_a_refunded_deal_made_won_again_drops_its_refund(
    db_path: Path, frozen_clock: object
) -> None:
    seed(db_path)
    with PartnerStore(db_path) as store:
        beta = next(d for d in store.deals.of_partner(ACME) if d.customer == "Beta Stores")
        store.deals.refund(beta.id, date(2026, 3, 10))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        listing = await open_deals(app, pilot)
        await pilot.press("e")  # the editor: its status may be set back to won
        await pilot.pause()
        assert isinstance(app.screen, DealEditor)
        app.screen.query_one(BoundSelect).value = DealStatus.WON.value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PartnerFormScreen)
        again = next(d for d in listing.deals if d.customer == "Beta Stores")
        assert (again.status, again.refunded_on, again.refunded_amount) == (
            DealStatus.WON, None, None)
