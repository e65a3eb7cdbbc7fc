"""Steps, caps and tiers (docs/tiers.md) on the figure functions: the worked example of
the docs to the cent, each rule at its edge, and their properties (caps never exceeded,
steps as written, a change of tier recomputing only forward)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partner_tui.domain.deal_facts import TypedMetrics
from partner_tui.domain.partner_figures import partner_figures
from partner_tui.domain.payouts import (
    DealFacts,
    PayoutTerms,
    deal_part,
    earned,
    shaped_share,
)
from partner_tui.domain.periods import Period
from partner_tui.domain.program import ProgramRules
from partner_tui.domain.share_steps import parse_steps, steps_text, steps_words
from partner_tui.domain.tiers import (
    Tier,
    parse_tiers,
    tier_in,
    tier_schedule,
    tiered_terms,
    tiers_text,
    trailing_revenue,
)

M = Period.parse


def month(label: str) -> int:
    return M(label).first


def deal(deal_id: str, close: str, amount: int = 0, monthly: int = 0,
         end: str | None = None) -> DealFacts:
    return DealFacts(deal_id, True, month(close), month(end) if end else None, None,
                     amount, monthly)


def share_in(deals: list[DealFacts], terms: PayoutTerms, label: str) -> int:
    period = M(label)
    return earned(deals, terms, period.first, period.last).revenue_share


# -- the worked example of docs/tiers.md ---------------------------------------------------
EXAMPLE_TERMS = PayoutTerms(
    share_enabled=True, percent_hundredths=1500, steps=parse_steps("20% x 2, 10% x 2"),
    customer_cap_cents=100_000, period_cap_cents=60_000,
)
EXAMPLE = [
    deal("acme", "2026-01", amount=300_000, monthly=100_000),  # $3,000 once, $1,000 a month
    deal("birch", "2026-02", monthly=250_000),  # $2,500 a month
]


def test_the_worked_example_of_the_docs_to_the_cent() -> None:
    # Acme: Jan 20% of 4,000 = 800; Feb 20% of 1,000 = 200 (its cap of 1,000 is reached);
    # Mar 10% of 1,000 = 100, nothing left of the cap: 0.
    # Birch: Feb 20% of 2,500 = 500; Mar 20% of 2,500 = 500 (cap reached); Apr 0.
    # Cap per month 600: Jan 800 -> 600; Feb 200 + 500 = 700 -> 600; Mar 500; Apr 0.
    assert [share_in(EXAMPLE, EXAMPLE_TERMS, m) for m in
            ("2026-01", "2026-02", "2026-03", "2026-04")] == [60_000, 60_000, 50_000, 0]
    march = shaped_share(EXAMPLE, EXAMPLE_TERMS, month("2026-03"), month("2026-03"))
    assert march.deals["acme"].capped_in == month("2026-03")
    assert march.deals["acme"].cap_cut == 10_000
    assert march.deals["acme"].percents == ((month("2026-03"), 1000, 1),)  # step 2: 10%
    feb = shaped_share(EXAMPLE, EXAMPLE_TERMS, month("2026-02"), month("2026-02"))
    assert (feb.before_cap, feb.period_cut, feb.total) == (70_000, 10_000, 60_000)
    # A deal's part is before the cap per period (the statement shows that cut apart).
    assert deal_part(EXAMPLE[1], EXAMPLE_TERMS, month("2026-02"), month("2026-02")
                     ).revenue_share == 50_000
    # The first quarter is the sum of its months: 600 + 600 + 500.
    assert share_in(EXAMPLE, EXAMPLE_TERMS, "2026-Q1") == 170_000


def test_steps_by_month_of_each_customer_from_its_close_month() -> None:
    terms = PayoutTerms(share_enabled=True, percent_hundredths=5000,
                        steps=parse_steps("20% x 12, 10% x 12"))
    deals = [deal("d", "2026-03", monthly=10_000)]
    assert share_in(deals, terms, "2026-03") == 2_000  # month 1: 20%
    assert share_in(deals, terms, "2027-02") == 2_000  # month 12
    assert share_in(deals, terms, "2027-03") == 1_000  # month 13: 10%
    assert share_in(deals, terms, "2028-02") == 1_000  # month 24
    assert share_in(deals, terms, "2028-03") == 0  # after the last step: nothing


def test_a_last_step_without_months_runs_with_no_end_inside_the_duration() -> None:
    terms = PayoutTerms(share_enabled=True, steps=parse_steps("20% x 1, 5%"), years=2)
    deals = [deal("d", "2026-01", monthly=10_000)]
    assert share_in(deals, terms, "2026-01") == 2_000
    assert share_in(deals, terms, "2027-12") == 500
    assert share_in(deals, terms, "2028-01") == 0  # the duration still ends it


def test_the_cap_per_period_of_a_quarterly_partner_is_met_month_by_month() -> None:
    terms = PayoutTerms(share_enabled=True, percent_hundredths=1000, quarterly=True,
                        period_cap_cents=2_500)
    deals = [deal("d", "2026-01", monthly=10_000)]  # 1,000 cents a month
    months = [share_in(deals, terms, m) for m in ("2026-01", "2026-02", "2026-03", "2026-04")]
    assert months == [1_000, 1_000, 500, 1_000]  # the quarter's cap, then a new quarter
    assert share_in(deals, terms, "2026-Q1") == sum(months[:3]) == 2_500


def test_steps_text_has_one_spelling_and_says_what_is_wrong() -> None:
    assert steps_text(parse_steps("20%x12; 10 for 12 months")) == "20% x 12, 10% x 12"
    assert steps_words(parse_steps("20% x 12, 10% x 12")) == (
        "20% for months 1-12, then 10% for months 13-24, then nothing")
    for bad in ("20% x 0", "5%, 20% x 3", "abc", "120% x 2"):
        with pytest.raises(ValueError):
            parse_steps(bad)


# -- tiers ------------------------------------------------------------------------------------
TIERS = parse_tiers("Registered 0; Silver 10,000; Gold 50,000 at 25%")


def test_tier_table_text_has_one_spelling_and_rules() -> None:
    assert tiers_text(TIERS) == "Registered 0; Silver 10,000; Gold 50,000 at 25%"
    assert TIERS[2] == Tier("Gold", 5_000_000, 2_500)
    assert ProgramRules().tier_table()[0].name == "Registered"
    for bad in ("Silver 100", "Registered 0; Silver 5; Gold 5", "Registered 0; registered 9"):
        with pytest.raises(ValueError):
            parse_tiers(bad)


def test_a_tier_is_set_by_the_12_whole_months_before_the_month() -> None:
    deals = [deal("d", "2026-01", amount=1_000_000, monthly=100_000)]  # 10,000 + 1,000/month
    schedule = tier_schedule(deals, TIERS)
    assert tier_in(schedule, month("2026-01")) == 0  # its close month counts from February
    assert tier_in(schedule, month("2026-02")) == 1  # Jan earned 11,000: Silver
    assert trailing_revenue(deals, month("2026-02")) == 1_100_000
    # Jan 2027 reads Jan-Dec 2026: 10,000 + 12 x 1,000 = 22,000; Feb 2027 drops the 10,000.
    assert trailing_revenue(deals, month("2027-02")) == 1_200_000
    assert tier_in(schedule, month("2030-01")) == 1


def test_a_tier_that_sets_a_percent_replaces_the_flat_percent_not_the_steps() -> None:
    deals = [deal("big", "2026-01", amount=6_000_000, monthly=10_000)]  # Gold from Feb
    flat = PayoutTerms(share_enabled=True, percent_hundredths=1000)
    terms, _schedule = tiered_terms(flat, deals, TIERS)
    assert share_in(deals, terms, "2026-01") == (6_010_000 * 1000 + 5_000) // 10_000
    assert share_in(deals, terms, "2026-02") == 2_500  # 25% of 10,000: Gold's
    stepped = replace(flat, steps=((0, 1000),))
    assert tiered_terms(stepped, deals, TIERS)[0] == stepped


def test_figures_carry_the_tier_and_its_percent() -> None:
    deals = [deal("big", "2026-01", amount=6_000_000, monthly=10_000)]
    flat = PayoutTerms(share_enabled=True, percent_hundredths=1000)
    figures = partner_figures(deals, flat, TypedMetrics(), 0, 0, date(2026, 3, 15),
                              tiers=TIERS)
    assert figures.tier == "Gold"
    assert figures.as_json()["tier"] == "Gold"
    # Jan at the own 10% (60,100.00 -> 6,010.00), Feb and Mar at Gold's 25% of 100.00.
    assert figures.revenue_share == Decimal("6060.00")
    assert partner_figures(deals, flat, TypedMetrics(), 0, 0, date(2026, 3, 15)).tier is None


# -- properties ---------------------------------------------------------------------------------
BASE = month("2025-01")
months = st.integers(BASE, BASE + 36)


@st.composite
def won_deals(draw: st.DrawFn) -> list[DealFacts]:
    rows = draw(st.lists(st.tuples(
        months, st.one_of(st.none(), st.integers(0, 30)),
        st.integers(0, 5_000_000), st.integers(0, 1_000_000),
    ), min_size=1, max_size=6))
    return [DealFacts(f"d{n}", True, close, close + end if end is not None else None, None,
                      amount, monthly)
            for n, (close, end, amount, monthly) in enumerate(rows)]


step_lists = st.lists(st.tuples(st.integers(1, 12), st.integers(0, 10_000)), max_size=4)
shaped_terms = st.builds(
    PayoutTerms,
    share_enabled=st.just(True),
    percent_hundredths=st.integers(0, 10_000),
    years=st.integers(0, 3),
    quarterly=st.booleans(),
    steps=step_lists.map(tuple),
    customer_cap_cents=st.integers(0, 500_000),
    period_cap_cents=st.integers(0, 500_000),
)


@given(won_deals(), shaped_terms)
def test_caps_are_never_exceeded(deals: list[DealFacts], terms: PayoutTerms) -> None:
    last = BASE + 60
    if terms.customer_cap_cents:
        for facts in deals:
            ever = deal_part(facts, terms, 0, last).revenue_share
            assert ever <= terms.customer_cap_cents
    if terms.period_cap_cents:
        kind = 3 if terms.quarterly else 1
        for first in range(BASE - BASE % 3, last, kind):
            got = earned(deals, terms, first, first + kind - 1).revenue_share
            assert got <= terms.period_cap_cents


@given(won_deals(), shaped_terms)
def test_a_period_is_the_sum_of_its_months_under_steps_and_caps(
    deals: list[DealFacts], terms: PayoutTerms
) -> None:
    quarter = M("2026-Q2")
    whole = earned(deals, terms, quarter.first, quarter.last).revenue_share
    assert whole == sum(earned(deals, terms, m, m).revenue_share for m in quarter.months)


@given(won_deals(), st.integers(0, 10_000))
def test_without_steps_caps_or_tiers_the_month_by_month_path_is_the_one_pass(
    deals: list[DealFacts], percent: int
) -> None:
    plain = PayoutTerms(share_enabled=True, percent_hundredths=percent, years=2)
    # A cap too high to matter takes the month-by-month path: the same cents.
    shaped = replace(plain, customer_cap_cents=10**15)
    for first in range(BASE, BASE + 40, 5):
        assert (earned(deals, plain, first, first + 4).revenue_share
                == earned(deals, shaped, first, first + 4).revenue_share)


@given(st.lists(st.tuples(st.integers(1, 12), st.integers(0, 10_000)), min_size=1, max_size=4),
       st.integers(0, 40))
def test_each_month_of_a_customer_is_paid_at_its_steps_percent(
    steps: list[tuple[int, int]], age: int
) -> None:
    terms = PayoutTerms(share_enabled=True, steps=tuple(steps))
    close = BASE
    deals = [DealFacts("d", True, close, None, None, 0, 1_000_000)]
    start, expected = 0, 0
    for months_, percent in steps:
        if start <= age < start + months_:
            expected = percent * 100  # 1% of 10,000.00 is 100.00: percent x 100 cents
            break
        start += months_
    assert earned(deals, terms, close + age, close + age).revenue_share == expected


@given(won_deals(), st.integers(BASE, BASE + 40), st.integers(0, 5_000_000),
       st.integers(0, 1_000_000), st.integers(0, 10_000))
def test_a_change_of_tier_recomputes_only_forward(
    deals: list[DealFacts], cut: int, amount: int, monthly: int, percent: int
) -> None:
    """A deal closing in month `cut` can lift the partner's tier (and its percent) from the
    month after: no month before `cut` changes, whatever it does to the tiers."""
    tiers = parse_tiers("Registered 0; Silver 1,000 at 30%; Gold 20,000 at 45%")
    flat = PayoutTerms(share_enabled=True, percent_hundredths=percent)
    before, _ = tiered_terms(flat, deals, tiers)
    more = [*deals, DealFacts("new", True, cut, None, None, amount, monthly)]
    after, schedule = tiered_terms(flat, more, tiers)
    for m in range(BASE - 12, cut):
        assert earned(deals, before, m, m) == earned(more, after, m, m)
        assert tier_in(tier_schedule(deals, tiers), m) == tier_in(schedule, m)


@given(won_deals(), st.integers(0, 10_000),
       st.lists(st.tuples(st.integers(BASE, BASE + 40), st.integers(-1, 10_000)), max_size=4))
def test_a_tiers_percent_by_runs_is_the_month_by_month_reading(
    deals: list[DealFacts], percent: int, marks: list[tuple[int, int]]
) -> None:
    tier_percents = ((-(10**9), -1), *sorted(dict(marks).items()))
    terms = PayoutTerms(share_enabled=True, percent_hundredths=percent, years=2,
                        tier_percents=tier_percents)
    for first in range(BASE, BASE + 40, 7):
        assert (earned(deals, terms, first, first + 6).revenue_share
                == shaped_share(deals, terms, first, first + 6).total)
