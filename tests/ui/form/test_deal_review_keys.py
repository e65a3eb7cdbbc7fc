"""Pilot tests of the Deals tab's registration keys: a approves, d rejects with a reason,
t extends; each change is signed, logged on the partner and undone by ctrl+z; the state
and the end of the window show at 120x40 and at 80x24."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from partner_tui.app import PartnerApp
from partner_tui.domain.deals import Deal, DealStatus
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.profile.your_name import save_your_name
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.dialogs.confirm import ChoiceDialog
from partner_tui.ui.dialogs.text_prompt import TextPrompt
from partner_tui.ui.form.deal_list import DealList
from partner_tui.ui.form.screen import PartnerFormScreen
from tests.conftest import FROZEN_TODAY
from tests.helpers.seeding import seed_deals, seed_partners
from tests.helpers.toasts import Toasts
from tests.ui.form.test_form_deals import ACME, open_deals

REGISTERED = FROZEN_TODAY - timedelta(days=80)  # 10 days of protection left


def seed(db_path: Path) -> str:
    seed_partners(db_path, [new_partner("Acme", Stage.ACTIVE, id=ACME)])
    deal = Deal(partner_id=ACME, customer="Beta Stores", customer_domain="beta.io",
                registered_on=REGISTERED)
    seed_deals(db_path, deal)
    return deal.id


async def wait_for(pilot: object, condition: object) -> None:
    for _ in range(100):
        if condition():  # type: ignore[operator]
            return
        await pilot.pause()  # type: ignore[attr-defined]
    raise AssertionError("the screen never got there")


def row_text(listing: DealList) -> list[str]:
    return [str(cell) for cell in listing.get_row_at(0)]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_state_and_expiry_are_in_view(
    db_path: Path, frozen_clock: object, size: tuple[int, int]
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=size) as pilot:
        listing = await open_deals(app, pilot)
        ends = (REGISTERED + timedelta(days=90)).isoformat()
        assert row_text(listing)[1:3] == ["○ open", ends]
        # Customer, Status and Expires fit the table without scrolling sideways.
        widths = [column.get_render_width(listing) for column in listing.ordered_columns[:3]]
        assert sum(widths) <= listing.scrollable_content_region.width
        assert listing.scroll_x == 0


async def test_approve_extend_reject_signed_logged_and_undone(
    db_path: Path, frozen_clock: object
) -> None:
    deal_id = seed(db_path)
    save_your_name("Ann Lee")
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        listing = await open_deals(app, pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: listing.deals[0].status is DealStatus.APPROVED)
        ends = FROZEN_TODAY + timedelta(days=90)
        assert row_text(listing)[1:3] == ["● approved", ends.isoformat()]

        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt))
        await pilot.press("1", "5", "enter")  # typing replaces the offered 30
        await wait_for(pilot, lambda: bool(listing.deals[0].extensions))
        assert row_text(listing)[2] == (ends + timedelta(days=15)).isoformat()

        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("down", "enter")  # past "Keep it": existing customer
        await wait_for(pilot, lambda: listing.deals[0].status is DealStatus.REJECTED)
        assert isinstance(app.screen, PartnerFormScreen)
        assert row_text(listing)[1:3] == ["⊘ rejected", "-"]

        store = app.store
        stored = store.deals.get(deal_id)
        assert (stored.reviewed_by, stored.rejection_reason) == ("Ann Lee", "existing customer")
        assert stored.extensions[0].author == "Ann Lee"
        log = [a for a in store.partners.get(ACME).activities
               if a.text.startswith("Deal registration")]
        assert [a.author for a in log] == ["Ann Lee"] * 3
        assert "approved" in log[0].text and "extended by 15 days" in log[1].text
        assert "rejected: existing customer" in log[2].text

        await pilot.press("ctrl+z")  # takes back the last change: the rejection, and its log
        await wait_for(pilot, lambda: store.deals.get(deal_id).status is DealStatus.APPROVED)
    with PartnerStore(db_path, read_only=True) as again:
        back = again.deals.get(deal_id)
        assert (back.status, back.rejection_reason, len(back.extensions)) == (
            DealStatus.APPROVED, "", 1
        )
        texts = [a.text for a in again.partners.get(ACME).activities]
        assert not any("rejected" in text for text in texts)


async def test_a_key_that_does_not_fit_says_why(db_path: Path, frozen_clock: object) -> None:
    seed_partners(db_path, [new_partner("Acme", Stage.ACTIVE, id=ACME)])
    seed_deals(db_path, Deal(partner_id=ACME, customer="Won Co", customer_domain="won.io",
                             registered_on=REGISTERED, status="won", closed_on=FROZEN_TODAY))
    app = PartnerApp(db_path=db_path)
    toasts = Toasts(app)
    async with app.run_test(size=(120, 40), message_hook=toasts.hook) as pilot:
        listing = await open_deals(app, pilot)
        for key in ("a", "d", "t"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, PartnerFormScreen)  # no dialog for a won deal
        assert listing.deals[0].status is DealStatus.WON
        said = toasts.messages
        assert any("only a registered or rejected registration can be approved" in s
                   for s in said)
        assert any("can be extended" in s for s in said)
