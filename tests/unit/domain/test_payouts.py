"""The payout rules (domain/payouts.py) at their edges, and their properties.

Each rule is checked against the words of the issue, month by month, with the amounts
worked out by hand here; the property tests compare the one-pass arithmetic with a
month-by-month reading of the rules over random deals and terms.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from partner_tui.domain.deal_facts import facts_of
from partner_tui.domain.deals import Deal, DealStatus
from partner_tui.domain.payouts import (
    DealFacts,
    PayoutTerms,
    deal_part,
    deal_parts,
    earned,
    earned_in,
    is_payable,
    partner_payout,
    payable_periods,
)
from partner_tui.domain.periods import Period, PeriodKind, month_index

M = Period.parse


def won(
    closed: str,
    amount: str = "0",
    monthly: str = "0",
    *,
    ended: str | None = None,
    paid: str | None = None,
) -> DealFacts:
    deal = Deal(
        partner_id="p1",
        customer="Acme",
        status=DealStatus.WON,
        registered_on=date(2020, 1, 1),
        closed_on=date.fromisoformat(closed),
        ended_on=date.fromisoformat(ended) if ended else None,
        paid_on=date.fromisoformat(paid) if paid else None,
        amount=Decimal(amount),
        monthly_revenue=Decimal(monthly),
    )
    return facts_of(deal)


SHARE_20_2Y = PayoutTerms(share_enabled=True, percent_hundredths=2000, years=2)
FEE_ON_CLOSE = PayoutTerms(fee_enabled=True, fee_cents=50_000)
FEE_ON_PAYMENT = PayoutTerms(fee_enabled=True, fee_cents=50_000, on_payment=True)


def in_month(deal: DealFacts, terms: PayoutTerms, month: str) -> tuple[int, int, int]:
    part = deal_part(deal, terms, M(month).first, M(month).last)
    return part.revenue, part.revenue_share, part.referral_fee


# -- revenue earned -------------------------------------------------------------------------------
def test_amount_in_the_close_month_and_monthly_from_the_close_month_on() -> None:
    deal = won("2026-02-10", "1000", "100")
    assert in_month(deal, SHARE_20_2Y, "2026-01") == (0, 0, 0)
    assert in_month(deal, SHARE_20_2Y, "2026-02")[0] == 110_000  # 1000 + 100
    assert in_month(deal, SHARE_20_2Y, "2026-03")[0] == 10_000
    assert in_month(deal, SHARE_20_2Y, "2031-07")[0] == 10_000  # no end: for ever


def test_monthly_revenue_runs_through_the_month_of_ended_on_and_stops_after() -> None:
    deal = won("2026-02-10", "0", "100", ended="2026-05-01")
    assert in_month(deal, PayoutTerms(), "2026-05")[0] == 10_000  # the end month counts
    assert in_month(deal, PayoutTerms(), "2026-06")[0] == 0


def test_a_customer_leaving_in_its_close_month_earns_that_month_only() -> None:
    deal = won("2026-02-10", "500", "100", ended="2026-02-20")
    assert in_month(deal, PayoutTerms(), "2026-02")[0] == 60_000
    assert in_month(deal, PayoutTerms(), "2026-03")[0] == 0


def test_registered_and_lost_deals_earn_nothing() -> None:
    registered = DealFacts("d", False, None, None, None, 100_000, 10_000)
    lost = DealFacts("d", False, month_index(date(2026, 2, 1)), None, None, 100_000, 10_000)
    terms = PayoutTerms(share_enabled=True, percent_hundredths=2000, fee_enabled=True, fee_cents=1)
    for deal in (registered, lost):
        assert earned([deal], terms, 0, 10**6).revenue == 0
        assert earned([deal], terms, 0, 10**6).total == 0


# -- revenue share ----------------------------------------------------------------------------
def test_revenue_share_is_the_percent_of_the_revenue_rounded_half_up_per_deal_and_month() -> None:
    deal = won("2026-02-10", "1000", "333.33")
    # 20% of 1333.33 = 266.666 -> 266.67; of 333.33 = 66.666 -> 66.67
    assert in_month(deal, SHARE_20_2Y, "2026-02")[1] == 26_667
    assert in_month(deal, SHARE_20_2Y, "2026-03")[1] == 6_667
    half = PayoutTerms(share_enabled=True, percent_hundredths=1000)
    assert in_month(won("2026-02-01", "0.05"), half, "2026-02")[1] == 1  # 0.005 rounds up


def test_revenue_share_stops_after_duration_years_times_twelve_months() -> None:
    deal = won("2026-02-10", "1000", "100")  # two years: 2026-02 .. 2028-01
    assert in_month(deal, SHARE_20_2Y, "2028-01")[1] == 2_000  # the 24th month still counts
    assert in_month(deal, SHARE_20_2Y, "2028-02") == (10_000, 0, 0)  # revenue, no share


def test_the_duration_runs_from_each_deals_own_close_month() -> None:
    early, late = won("2026-01-31", "0", "100"), won("2026-12-01", "0", "100")
    one_year = PayoutTerms(share_enabled=True, percent_hundredths=1000, years=1)
    assert in_month(early, one_year, "2027-01")[1] == 0
    assert in_month(late, one_year, "2027-01")[1] == 1_000
    assert in_month(late, one_year, "2027-11")[1] == 1_000
    assert in_month(late, one_year, "2027-12")[1] == 0


def test_a_duration_of_zero_has_no_end() -> None:
    open_ended = PayoutTerms(share_enabled=True, percent_hundredths=1000, years=0)
    assert in_month(won("2020-01-01", "0", "100"), open_ended, "2040-01")[1] == 1_000


def test_ended_on_before_the_duration_ends_stops_the_share_with_the_revenue() -> None:
    deal = won("2026-02-10", "0", "100", ended="2026-04-30")
    assert in_month(deal, SHARE_20_2Y, "2026-04")[1] == 2_000
    assert in_month(deal, SHARE_20_2Y, "2026-05")[1] == 0


def test_no_revenue_share_when_the_model_is_off() -> None:
    off = PayoutTerms(share_enabled=False, percent_hundredths=2000, years=2)
    assert in_month(won("2026-02-10", "1000", "100"), off, "2026-02") == (110_000, 0, 0)


def test_a_percent_change_applies_to_every_period_computed_after_it() -> None:
    deal = won("2026-02-10", "1000", "100")
    before = partner_payout("p1", [deal], SHARE_20_2Y, M("2026-03"))
    after = partner_payout(
        "p1", [deal], PayoutTerms(share_enabled=True, percent_hundredths=2500, years=2),
        M("2026-03"), paid=before.total,
    )
    assert before.revenue_share == Decimal("20.00")
    assert after.revenue_share == Decimal("25.00")
    # What was paid at 20% stays paid; the raise shows as still owed.
    assert after.paid == Decimal("20.00")
    assert after.owed == Decimal("5.00")


# -- referral fee -----------------------------------------------------------------------------
def test_referral_fee_on_close_once_in_the_close_month() -> None:
    deal = won("2026-02-10", "1000", "100", paid="2026-04-02")
    assert in_month(deal, FEE_ON_CLOSE, "2026-02")[2] == 50_000
    assert in_month(deal, FEE_ON_CLOSE, "2026-03")[2] == 0
    assert earned([deal], FEE_ON_CLOSE, 0, 10**6).referral_fees == 50_000  # once only


def test_referral_fee_on_payment_in_the_month_of_paid_on() -> None:
    deal = won("2026-02-10", "1000", "100", paid="2026-04-02")
    assert in_month(deal, FEE_ON_PAYMENT, "2026-02")[2] == 0
    assert in_month(deal, FEE_ON_PAYMENT, "2026-04")[2] == 50_000


def test_referral_fee_on_payment_is_nothing_until_paid_on_is_known() -> None:
    deal = won("2026-02-10", "1000", "100")
    assert earned([deal], FEE_ON_PAYMENT, 0, 10**6).referral_fees == 0


# -- periods and payment terms ------------------------------------------------------------------
def test_a_quarter_is_the_sum_of_its_months() -> None:
    deals = [
        won("2026-02-10", "1000", "333.33"), won("2026-03-31", "10", "0.01", paid="2026-03-31")
    ]
    terms = PayoutTerms(share_enabled=True, percent_hundredths=1250, years=1, quarterly=True,
                        fee_enabled=True, fee_cents=12_345, on_payment=True)
    months = [earned_in(deals, terms, month) for month in M("2026-Q1").month_periods()]
    quarter = earned_in(deals, terms, M("2026-Q1"))
    assert quarter == months[0] + months[1] + months[2]


def test_quarterly_partners_are_owed_per_quarter_monthly_partners_per_month() -> None:
    quarterly = PayoutTerms(quarterly=True)
    monthly = PayoutTerms()
    assert not is_payable(quarterly, M("2026-02"))
    assert is_payable(quarterly, M("2026-Q1"))
    assert is_payable(monthly, M("2026-02"))
    assert is_payable(monthly, M("2026-Q1"))  # the sum of its months
    assert partner_payout("p", [], quarterly, M("2026-02")).owed is None
    assert payable_periods(monthly, M("2026-Q1")) == M("2026-Q1").month_periods()
    assert payable_periods(quarterly, M("2026-Q1")) == [M("2026-Q1")]


def test_the_deals_behind_a_figure_are_those_that_earned_in_the_period() -> None:
    a, b = won("2026-02-10", "1000"), won("2026-05-10", "1000")
    parts = deal_parts([a, b], SHARE_20_2Y, M("2026-Q1"))
    assert [p.deal_id for p in parts] == [a.deal_id]


# -- properties ---------------------------------------------------------------------------------
def month_by_month(deal: DealFacts, terms: PayoutTerms, month: int) -> tuple[int, int, int]:
    """The rules read literally for one month (the reference the arithmetic must match)."""
    if not deal.won or deal.close is None:
        return 0, 0, 0
    revenue = 0
    if month == deal.close:
        revenue += deal.amount
    if deal.close <= month and (deal.end is None or month <= deal.end):
        revenue += deal.monthly
    share = 0
    in_window = terms.years == 0 or month < deal.close + terms.years * 12
    if terms.share_enabled and in_window and month >= deal.close:
        exact = Decimal(revenue) * Decimal(terms.percent_hundredths) / Decimal(10_000)
        share = int(exact.quantize(Decimal(1), rounding="ROUND_HALF_UP"))
    fee_month = deal.paid if terms.on_payment else deal.close
    fee = terms.fee_cents if terms.fee_enabled and fee_month == month else 0
    return revenue, share, fee


BASE = month_index(date(2026, 1, 1))
months = st.integers(min_value=BASE, max_value=BASE + 60)
cents = st.integers(min_value=0, max_value=10**9)


@st.composite
def facts(draw: st.DrawFn) -> DealFacts:
    is_won = draw(st.booleans())
    close = draw(st.one_of(st.none(), months))
    end = draw(st.one_of(st.none(), st.integers(0, 40))) if close is not None else None
    paid = draw(st.one_of(st.none(), st.integers(0, 6))) if close is not None else None
    return DealFacts(
        draw(st.text(min_size=1, max_size=4)),
        is_won and close is not None,
        close,
        close + end if end is not None and close is not None else None,
        close + paid if paid is not None and close is not None else None,
        draw(cents),
        draw(cents),
    )


terms_strategy = st.builds(
    PayoutTerms,
    share_enabled=st.booleans(),
    percent_hundredths=st.integers(0, 10_000),
    years=st.integers(0, 5),
    quarterly=st.booleans(),
    fee_enabled=st.booleans(),
    fee_cents=cents,
    on_payment=st.booleans(),
)
periods = st.builds(
    Period, first=st.integers(BASE - 3, BASE + 70), kind=st.sampled_from(list(PeriodKind))
)


@settings(max_examples=300, deadline=None)
@given(st.lists(facts(), max_size=8), terms_strategy, periods)
def test_a_periods_total_is_the_sum_of_its_deals_parts_and_of_the_rules_month_by_month(
    deals: list[DealFacts], terms: PayoutTerms, period: Period
) -> None:
    total = earned_in(deals, terms, period)
    parts = [deal_part(d, terms, period.first, period.last) for d in deals]
    assert total.revenue == sum(p.revenue for p in parts)
    assert total.revenue_share == sum(p.revenue_share for p in parts)
    assert total.referral_fees == sum(p.referral_fee for p in parts)
    literal = [month_by_month(d, terms, m) for d in deals for m in period.months]
    by_rule = tuple(sum(figures[i] for figures in literal) for i in range(3))
    assert (total.revenue, total.revenue_share, total.referral_fees) == by_rule


@settings(max_examples=300, deadline=None)
@given(facts(), terms_strategy, periods)
def test_no_revenue_share_falls_outside_a_deals_duration(
    deal: DealFacts, terms: PayoutTerms, period: Period
) -> None:
    part = deal_part(deal, terms, period.first, period.last)
    if part.revenue_share and deal.close is not None:
        assert period.last >= deal.close
        if terms.years:
            assert period.first <= deal.close + terms.years * 12 - 1
    if not deal.won or not terms.share_enabled:
        assert part.revenue_share == 0


@settings(max_examples=200, deadline=None)
@given(st.lists(facts(), max_size=8), terms_strategy, st.integers(BASE - 3, BASE + 70))
def test_a_quarter_is_always_the_sum_of_its_three_months(
    deals: list[DealFacts], terms: PayoutTerms, first: int
) -> None:
    quarter = Period(first - first % 3, PeriodKind.QUARTER)
    months_total = [earned_in(deals, terms, month) for month in quarter.month_periods()]
    assert earned_in(deals, terms, quarter) == months_total[0] + months_total[1] + months_total[2]
