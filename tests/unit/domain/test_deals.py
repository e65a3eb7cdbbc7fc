"""Deals (domain/deals.py), periods (periods.py) and the figures from deals
(deal_figures.py): validation with clear messages, the registration clash, stepping."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from partner_tui.domain.deal_facts import TypedMetrics, facts_from_record, facts_of
from partner_tui.domain.deal_figures import commitment, revenue_by_month
from partner_tui.domain.deals import (
    Deal,
    DealStatus,
    normalise_domain,
    with_status,
)
from partner_tui.domain.errors import one_line
from partner_tui.domain.partner_figures import partner_figures
from partner_tui.domain.payouts import PayoutTerms
from partner_tui.domain.periods import Period, PeriodKind, month_index
from partner_tui.domain.program import ProgramRules
from partner_tui.domain.registration import registration_clash as clash_on
from partner_tui.store.records.stored_form import dump_deal

RULES = ProgramRules()
TODAY = date(2026, 2, 1)  # every registration of these tests is inside its window


def registration_clash(deal: Deal, others: list[Deal]) -> Deal | None:
    return clash_on(deal, others, RULES, TODAY)


def deal(**fields: object) -> Deal:
    base: dict[str, object] = {
        "partner_id": "p1", "customer": "Acme", "registered_on": date(2026, 1, 5)
    }
    return Deal.model_validate({**base, **fields})


def problems(**fields: object) -> str:
    with pytest.raises(ValidationError) as caught:
        deal(**fields)
    return one_line(caught.value)


# -- the customer domain -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("acme.io", "acme.io"),
        ("  https://www.Acme.IO/pricing?x=1  ", "acme.io"),
        ("http://shop.acme.co.uk:8080", "shop.acme.co.uk"),
        ("ann@acme.io", "acme.io"),
        ("ACME.io.", "acme.io"),
        ("", ""),
    ],
)
def test_customer_domains_have_one_spelling(typed: str, stored: str) -> None:
    assert normalise_domain(typed) == stored


@pytest.mark.parametrize("typed", ["acme", "not a domain", "https://", "1.2.3.4", "a..io", "-a.io"])
def test_what_cannot_be_a_domain_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="is not a domain"):
        normalise_domain(typed)


# -- dates that tell a deal's story -----------------------------------------------------------
def test_a_won_deal_needs_its_close_date() -> None:
    assert "closed_on: a won deal needs the date it closed" in problems(status="won")


def test_close_before_registration_is_refused_with_both_dates() -> None:
    message = problems(status="won", closed_on="2026-01-01")
    assert "closed_on: is before the registration (2026-01-05)" in message


def test_ended_and_paid_not_before_the_close() -> None:
    message = problems(status="won", closed_on="2026-02-01", ended_on="2026-01-31",
                       paid_on="2026-01-20")
    assert "ended_on: is before the close (2026-02-01)" in message
    assert "paid_on: is before the close (2026-02-01)" in message


def test_only_a_closed_deal_has_a_close_date_and_only_a_won_one_has_paid_and_ended() -> None:
    assert "only a won or lost deal has a close date" in problems(closed_on="2026-02-01")
    message = problems(status="lost", closed_on="2026-02-01", paid_on="2026-02-02")
    assert "paid_on: only a won deal has one" in message


def test_money_is_exact_and_never_negative() -> None:
    assert deal(amount="1,000.5".replace(",", "")).amount == Decimal("1000.50")
    assert "must be 0 or more" in problems(monthly_revenue="-1")
    assert "decimal places" in problems(amount="1.234")


def test_a_blank_customer_is_refused() -> None:
    assert "customer: is required" in problems(customer=" \u200b ")


# -- the first registration wins -----------------------------------------------------------------
def test_the_earliest_open_or_won_deal_on_a_domain_is_the_clash() -> None:
    first = deal(customer_domain="acme.io", registered_on=date(2026, 1, 2))
    second = deal(customer_domain="acme.io", status="won", closed_on="2026-02-01")
    new = deal(customer_domain="https://acme.io", partner_id="p2")
    assert registration_clash(new, [second, first]) == first


def test_a_lost_deal_frees_the_customer() -> None:
    lost = deal(customer_domain="acme.io", status="lost", closed_on="2026-02-01")
    assert registration_clash(deal(customer_domain="acme.io"), [lost]) is None
    assert registration_clash(deal(customer_domain=""), [deal(customer_domain="")]) is None


# -- status keys --------------------------------------------------------------------------------
def test_winning_closes_on_the_day_and_reopening_clears_the_close() -> None:
    open_deal = deal()
    won = with_status(open_deal, DealStatus.WON, date(2026, 3, 1))
    assert (won.status, won.closed_on) == (DealStatus.WON, date(2026, 3, 1))
    lost = with_status(won.model_copy(update={"paid_on": date(2026, 3, 2)}), DealStatus.LOST,
                       date(2026, 4, 1))
    assert (lost.closed_on, lost.paid_on) == (date(2026, 3, 1), None)  # keeps its close date
    reopened = with_status(lost, DealStatus.REGISTERED, date(2026, 4, 2))
    assert reopened.closed_on is None
    # A status set "today" on a deal registered later still closes after its registration.
    assert with_status(deal(registered_on=date(2026, 5, 1)), DealStatus.WON,
                       date(2026, 4, 1)).closed_on == date(2026, 5, 1)


# -- what the payout rules read of a stored record -------------------------------------------------
@given(
    amount=st.decimals(min_value=0, max_value=10**9, places=2),
    monthly=st.decimals(min_value=0, max_value=10**9, places=2),
    status=st.sampled_from(list(DealStatus)),
)
def test_a_stored_record_reads_as_the_validated_deal(
    amount: Decimal, monthly: Decimal, status: DealStatus
) -> None:
    fields: dict[str, object] = {"status": status, "amount": amount, "monthly_revenue": monthly}
    if status in (DealStatus.WON, DealStatus.LOST, DealStatus.REFUNDED):
        fields["closed_on"] = "2026-02-03"
    if status in (DealStatus.APPROVED, DealStatus.REJECTED):
        fields |= {"reviewed_on": "2026-01-06", "rejection_reason": "duplicate"
                   if status is DealStatus.REJECTED else ""}
    if status is DealStatus.WON:
        fields |= {"paid_on": "2026-03-04", "ended_on": "2027-01-01"}
    if status is DealStatus.REFUNDED:  # ended by the refund; the fee's month after it
        fields |= {"paid_on": "2026-06-04", "ended_on": "2027-01-01", "refunded_on": "2026-05-09"}
    model = deal(**fields)
    assert facts_from_record(dump_deal(model)) == facts_of(model)


# -- periods -------------------------------------------------------------------------------------
def test_periods_parse_step_and_read() -> None:
    march = Period.parse("2026-03")
    assert (march.label, march.title) == ("2026-03", "March 2026")
    assert march.step(-3).label == "2025-12" and march.step(10).label == "2027-01"
    q1 = Period.parse("2026-q1")
    assert (q1.label, q1.title) == ("2026-Q1", "Q1 2026 (January - March)")
    assert q1.step(-1).label == "2025-Q4" and q1.step(1).label == "2026-Q2"
    assert march.as_kind(PeriodKind.QUARTER) == q1 and q1.as_kind(PeriodKind.MONTH) == march
    assert q1.contains(march) and not march.contains(q1)
    assert Period.of(date(2026, 11, 30), PeriodKind.QUARTER).label == "2026-Q4"


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "March", "2026/03", ""])
def test_a_bad_period_is_refused_with_the_forms_that_work(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM|months are 01 to 12"):
        Period.parse(text)


# -- figures from deals ----------------------------------------------------------------------------
def test_leads_are_every_deal_deals_are_the_won_ones_revenue_is_to_date() -> None:
    won = facts_of(deal(status="won", closed_on="2026-01-10", amount="100", monthly_revenue="10"))
    lost = facts_of(deal(status="lost", closed_on="2026-01-10", amount="900"))
    registered = facts_of(deal())
    terms = PayoutTerms(share_enabled=True, percent_hundredths=1000)
    typed = TypedMetrics(leads=99, deals=99, revenue_cents=9_999_900)  # not used: deals
    figures = partner_figures([won, lost, registered], terms, typed, 0, 0, date(2026, 3, 16))
    assert (figures.source, figures.leads, figures.deals_won) == ("deals", 3, 1)
    assert figures.revenue == Decimal("130.00")  # 100 + 3 months of 10, through March
    assert figures.payout == Decimal("13.00")


def test_one_won_deal_earning_400_is_owed_its_share_and_has_an_roi() -> None:
    """The issue's case: one won deal earning $400 never shows payout 0.00 / roi null."""
    won = facts_of(deal(status="won", closed_on="2026-03-02", amount="400"))
    terms = PayoutTerms(share_enabled=True, percent_hundredths=2000)
    figures = partner_figures([won], terms, TypedMetrics(), 0, 0, date(2026, 3, 16))
    assert (figures.revenue, figures.payout, figures.owed) == (
        Decimal("400.00"), Decimal("80.00"), Decimal("80.00"))
    assert figures.roi == Decimal("400.0")  # (400 - 80) / 80


def test_the_minimum_commitment_counts_only_deals_won_during_the_term() -> None:
    terms = PayoutTerms(share_enabled=True, years=1, minimum_customers=3)
    start = month_index(date(2026, 1, 1))  # term: January - December 2026
    before = facts_of(deal(status="won", registered_on="2025-11-02", closed_on="2025-12-20"))
    inside = facts_of(deal(status="won", closed_on="2026-05-01"))
    after = facts_of(deal(status="won", closed_on="2027-01-05"))
    progress = commitment([before, inside, after], terms, start, month_index(date(2027, 2, 1)))
    assert progress.won == 1


def test_the_minimum_commitment_is_progress_and_flags_a_term_that_ran_out_short() -> None:
    terms = PayoutTerms(share_enabled=True, years=1, minimum_customers=3)
    won = [facts_of(deal(status="won", closed_on="2026-02-01"))]
    start = month_index(date(2026, 1, 1))
    running = commitment(won, terms, start, month_index(date(2026, 6, 1)))
    assert (running.met, running.ended_short, running.text()) == (
        False, False, "1/3 customers, 7 months left"
    )
    over = commitment(won, terms, start, month_index(date(2027, 1, 1)))
    assert over.ended_short and over.text() == "⚠ 1/3 customers: term ended 2026-12"
    met = commitment(won * 3, terms, start, month_index(date(2027, 1, 1)))
    assert met.met and not met.ended_short and met.text() == "3/3 customers ✓"


def test_revenue_by_month_follows_each_deal_from_close_to_end() -> None:
    a = facts_of(deal(status="won", closed_on="2026-01-10", amount="100", monthly_revenue="10",
                      ended_on="2026-02-01"))
    b = facts_of(deal(status="won", closed_on="2026-03-10", monthly_revenue="1"))
    first = month_index(date(2025, 12, 1))
    assert revenue_by_month([a, b], first, first + 4) == [0, 11_000, 1_000, 100, 100]


def test_a_lost_deal_claims_no_customer() -> None:
    won = deal(customer_domain="acme.io", status="won", closed_on="2026-02-01")
    lost = deal(customer_domain="acme.io", status="lost", closed_on="2026-02-02")
    assert registration_clash(lost, [won]) is None
