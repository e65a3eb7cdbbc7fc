"""Deals and payments behind PartnerStore: stored by their own id, compact, checked before
the first write, undoable; the registration clash; payouts read from the file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import orjson
import pytest

from partner_tui.domain.deals import Deal, DealStatus, RegistrationClash
from partner_tui.domain.partner import Partner, new_partner
from partner_tui.domain.periods import Period
from partner_tui.store.errors import DatabaseUnreadable, NotFound
from partner_tui.store.partner_store import PartnerStore
from partner_tui.store.parts.payouts import NothingOwed


def sharing_partner(company: str = "Northwind", **share: object) -> Partner:
    partner = new_partner(company)
    models = partner.models.model_copy(deep=True)
    models.revenue_share.enabled = True
    models.revenue_share.percent = Decimal(str(share.get("percent", "20")))
    models.revenue_share.duration_years = int(share.get("years", 2))  # type: ignore[call-overload]
    models.revenue_share.payment_terms = share.get("terms", "monthly")  # type: ignore[assignment]
    return partner.model_copy(update={"models": models})


def won_deal(partner_id: str, **fields: object) -> Deal:
    base: dict[str, object] = {
        "partner_id": partner_id, "customer": "Acme", "customer_domain": "acme.io",
        "status": "won", "registered_on": "2026-01-05", "closed_on": "2026-02-10",
        "amount": "1000", "monthly_revenue": "100",
    }
    return Deal.model_validate({**base, **fields})


def test_deals_are_keyed_by_their_own_id_and_stored_compactly(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        partner = store.partners.add(sharing_partner())
        deal = store.deals.add(won_deal(partner.id, notes=""))
    data = orjson.loads(db_path.read_bytes())
    record = data["deals"][deal.id]
    assert record["id"] == deal.id and record["partner_id"] == partner.id
    assert "notes" not in record and "ended_on" not in record  # defaults left out
    with PartnerStore(db_path, read_only=True) as again:
        assert again.deals.of_partner(partner.id) == [deal]


def test_a_clash_names_the_earlier_registration_and_keeps_it(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        first = store.partners.add(sharing_partner("Brightpath"))
        second = store.partners.add(sharing_partner("Northwind"))
        store.deals.add(won_deal(first.id))
        with pytest.raises(RegistrationClash) as caught:
            store.deals.add(won_deal(second.id, customer="ACME Inc", customer_domain="www.acme.io",
                                    status="registered", closed_on=None, amount="0"))
        assert "registered by Brightpath on 2026-01-05, won" in str(caught.value)
        assert store.deals.of_partner(second.id) == []


def test_an_override_is_kept_written_on_the_deal_and_logged_and_undone_whole(
    db_path: Path,
) -> None:
    with PartnerStore(db_path) as store:
        first = store.partners.add(sharing_partner("Brightpath"))
        second = store.partners.add(sharing_partner("Northwind"))
        store.deals.add(won_deal(first.id))
        deal = store.deals.add(
            won_deal(second.id, status="registered", closed_on=None), override=True
        )
        assert "registered by Brightpath" in deal.override
        log = store.partners.get(second.id).activities
        assert "Deal registration override" in log[-1].text
        assert "Brightpath" in log[-1].text
        store.undo()
        assert store.deals.of_partner(second.id) == []
        assert store.partners.get(second.id).activities == []


def test_status_changes_and_undo_put_the_record_back_byte_for_byte(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        partner = store.partners.add(sharing_partner())
        deal = store.deals.add(won_deal(partner.id, status="registered", closed_on=None))
    before = orjson.loads(db_path.read_bytes())["deals"][deal.id]
    with PartnerStore(db_path) as store:
        won = store.deals.set_status(deal.id, DealStatus.WON, date(2026, 3, 1))
        assert won.closed_on == date(2026, 3, 1)
        assert store.undo() == "mark deal Acme won"
    assert orjson.loads(db_path.read_bytes())["deals"][deal.id] == before


def test_a_lost_deal_reopened_clashes_again(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        a = store.partners.add(sharing_partner("A"))
        b = store.partners.add(sharing_partner("B"))
        lost = store.deals.add(won_deal(a.id, status="lost"))
        store.deals.add(won_deal(b.id))  # the lost deal freed the customer
        with pytest.raises(RegistrationClash):
            store.deals.set_status(lost.id, DealStatus.REGISTERED, date(2026, 3, 1))


def test_a_deal_needs_a_partner_in_the_file(db_path: Path) -> None:
    with PartnerStore(db_path) as store, pytest.raises(NotFound):
        store.deals.add(won_deal("nobody"))


def test_mark_paid_records_what_is_owed_and_reopening_finds_it(db_path: Path) -> None:
    feb = Period.parse("2026-02")
    with PartnerStore(db_path) as store:
        partner = store.partners.add(sharing_partner())
        store.deals.add(won_deal(partner.id))
        line = store.payouts.of_partner(partner.id, feb)
        assert (line.revenue, line.revenue_share, line.owed) == (
            Decimal("1100.00"), Decimal("220.00"), Decimal("220.00")
        )
        [payment] = store.payouts.mark_paid(partner.id, feb, date(2026, 4, 2), author="Sam")
        assert payment.amount == Decimal("220.00")
        with pytest.raises(NothingOwed):
            store.payouts.mark_paid(partner.id, feb, date(2026, 4, 2))
    with PartnerStore(db_path) as store:
        line = store.payouts.of_partner(partner.id, feb)
        assert (line.paid, line.owed, line.settled) == (Decimal("220.00"), Decimal("0.00"), True)
        assert store.payouts.payments_of(partner.id)[0].paid_on == date(2026, 4, 2)
        store.undo()  # a new session: nothing of the last one to undo
        assert store.payouts.of_partner(partner.id, feb).settled


def test_a_monthly_partners_quarter_is_paid_month_by_month(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        partner = store.partners.add(sharing_partner())
        store.deals.add(won_deal(partner.id))
        payments = store.payouts.mark_paid(partner.id, Period.parse("2026-Q1"), date(2026, 5, 1))
        assert [p.period for p in payments] == ["2026-02", "2026-03"]
        assert store.payouts.of_partner(partner.id, Period.parse("2026-03")).settled
        assert store.undo() == "mark Northwind paid for 2026-Q1"
        assert store.payouts.of_partner(partner.id, Period.parse("2026-Q1")).paid == 0


def test_a_quarterly_partner_is_not_paid_for_a_month(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        partner = store.partners.add(sharing_partner(terms="quarterly"))
        store.deals.add(won_deal(partner.id))
        with pytest.raises(NothingOwed, match="paid per quarter: mark 2026-Q1 paid"):
            store.payouts.mark_paid(partner.id, Period.parse("2026-02"), date(2026, 4, 1))
        [payment] = store.payouts.mark_paid(partner.id, Period.parse("2026-Q1"), date(2026, 5, 1))
        assert payment.period == "2026-Q1" and payment.amount == Decimal("240.00")


def test_payouts_list_partners_with_something_in_the_period(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        a = store.partners.add(sharing_partner("Zeta"))
        b = store.partners.add(sharing_partner("alpha"))
        c = store.partners.add(sharing_partner("Idle"))
        store.deals.add(won_deal(a.id))
        store.deals.add(won_deal(b.id, customer_domain="other.io"))
        store.deals.add(won_deal(c.id, customer_domain="idle.io", status="registered",
                                closed_on=None))
        lines = store.payouts.for_period(Period.parse("2026-02"))
        assert [store.partners.company_of(line.partner_id) for line in lines] == ["alpha", "Zeta"]
        assert store.payouts.for_period(Period.parse("2026-01")) == []


def test_import_is_all_or_nothing_and_one_undo_step(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        partner = store.partners.add(sharing_partner())
        deals = [won_deal(partner.id, customer_domain=f"c{i}.io") for i in range(3)]
        clash = won_deal(partner.id, customer_domain="c1.io")
        with pytest.raises(RegistrationClash):
            store.deals.add_many([*deals, clash])
        assert store.deals.count() == 0
        store.deals.add_many(deals)
        assert store.deals.count() == 3
        assert store.undo() == "import 3 deals"
        assert store.deals.count() == 0


def test_a_damaged_deal_record_stops_the_open_and_the_file_is_left_as_it_was(
    db_path: Path,
) -> None:
    with PartnerStore(db_path) as store:
        partner = store.partners.add(sharing_partner())
        deal = store.deals.add(won_deal(partner.id))
    data = orjson.loads(db_path.read_bytes())
    data["deals"][deal.id]["closed_on"] = "2025-01-01"  # before the registration
    raw = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    db_path.write_bytes(raw)
    with pytest.raises(DatabaseUnreadable, match="deal record .* is invalid: closed_on"):
        PartnerStore(db_path)
    assert db_path.read_bytes() == raw


def test_a_deal_table_keyed_by_another_id_is_refused(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        partner = store.partners.add(sharing_partner())
        deal = store.deals.add(won_deal(partner.id))
    data = orjson.loads(db_path.read_bytes())
    data["deals"]["elsewhere"] = data["deals"].pop(deal.id)
    db_path.write_bytes(orjson.dumps(data))
    with pytest.raises(DatabaseUnreadable, match="each record.s key must be its id"):
        PartnerStore(db_path)


def test_figures_from_deals_to_date(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        partner = store.partners.add(sharing_partner())
        store.deals.add(won_deal(partner.id))
        store.deals.add(won_deal(partner.id, customer_domain="b.io", status="lost"))
        figures = store.payouts.figures(partner.id, date(2026, 3, 16))
        assert (figures.source, figures.leads, figures.deals_won) == ("deals", 2, 1)
        assert (figures.revenue, figures.payout) == (Decimal("1200.00"), Decimal("240.00"))
        store.payouts.mark_paid(partner.id, Period.parse("2026-02"), date(2026, 4, 5))
        paid = store.payouts.figures(partner.id, date(2026, 3, 16))
        assert paid.paid + paid.owed == paid.payout and paid.paid > 0
        no_deals = store.payouts.figures(store.partners.add(new_partner("No deals")).id, date(2026, 3, 16))
        assert no_deals.typed and no_deals.leads == 0


def test_the_payouts_kept_for_a_period_follow_every_change(db_path: Path) -> None:
    """What the Payouts screen shows again without computing is what computing gives."""
    feb, q1 = Period.parse("2026-02"), Period.parse("2026-Q1")
    with PartnerStore(db_path) as store:
        a = store.partners.add(sharing_partner("Alpha"))
        b = store.partners.add(sharing_partner("Bravo", terms="quarterly"))
        store.deals.add(won_deal(a.id))
        store.deals.add(won_deal(b.id, customer_domain="b.io"))

        def fresh(period: Period) -> list[object]:
            return store.payouts._compute_payouts(period)

        steps = [
            lambda: store.payouts.mark_paid(a.id, feb, date(2026, 4, 1)),  # kept lines follow
            lambda: store.payouts.mark_paid(b.id, q1, date(2026, 5, 1)),
            lambda: store.deals.add(won_deal(a.id, customer_domain="c.io", amount="7")),
            lambda: store.partners.update(store.partners.get(b.id).model_copy(update={"company": "Aardvark"})),
            store.undo,
            lambda: store.deals.set_status(store.deals.of_partner(a.id)[0].id, DealStatus.LOST,
                                          date(2026, 3, 2)),
        ]
        for step in steps:
            kept = (store.payouts.for_period(feb), store.payouts.for_period(q1))
            assert kept == (fresh(feb), fresh(q1))
            step()
            assert (store.payouts.for_period(feb), store.payouts.for_period(q1)) == (fresh(feb), fresh(q1))
