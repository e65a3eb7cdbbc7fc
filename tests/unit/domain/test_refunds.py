"""Refunds claw back (domain/payouts.py clawback, deals.py refund_problems, docs/refunds.md):
the worked example to the cent, the validation, and the properties over random deals:
nothing is taken back before it was earned, and what a partner is paid over all periods is
what the deals that stay earned plus what the partly refunded ones keep."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from partner_tui.domain.deal_facts import TypedMetrics, facts_of, refund_of, refunded_facts
from partner_tui.domain.deal_figures import revenue_by_month
from partner_tui.domain.deals import Deal, DealStatus, refunded, with_status
from partner_tui.domain.errors import one_line
from partner_tui.domain.partner_figures import partner_figures
from partner_tui.domain.payouts import (
    DealFacts,
    PayoutTerms,
    RefundFacts,
    brought,
    clawback,
    clawbacks,
    clawed_back,
    deal_part,
    earned,
    partner_payout,
)
from partner_tui.domain.tiers import parse_tiers, tier_in, tier_schedule, trailing_revenue
from partner_tui.domain.periods import Period, month_index

M = Period.parse
TERMS = PayoutTerms(share_enabled=True, percent_hundredths=2000, fee_enabled=True,
                    fee_cents=5_000)


def won_deal(**fields: object) -> Deal:
    base: dict[str, object] = {
        "partner_id": "p1", "customer": "Acme", "status": "won",
        "registered_on": date(2026, 1, 5), "closed_on": date(2026, 1, 15),
        "amount": Decimal("1000.00"), "monthly_revenue": Decimal("99.99"),
    }
    return Deal.model_validate({**base, **fields})


def net(facts: list[DealFacts], refunds: list[RefundFacts], terms: PayoutTerms, month: str
        ) -> int:
    period = M(month)
    got = earned(facts, terms, period.first, period.last).total
    return got - clawed_back(facts, refunds, terms, period.first, period.last)


# -- the worked example of docs/refunds.md, to the cent ------------------------------------------
def test_the_worked_example() -> None:
    deal = refunded(won_deal(), date(2026, 3, 10), Decimal("600.00"))
    facts, refund = [facts_of(deal)], [refund_of(deal)]
    assert refund == [RefundFacts(deal.id, month_index(date(2026, 3, 1)), 60_000)]
    # January: 20% of 1,099.99 = 220.00 (219.998) + the fee 50.00; Feb and Mar: 20.00 each.
    assert net(facts, refund, TERMS, "2026-01") == 27_000
    assert net(facts, refund, TERMS, "2026-02") == 2_000
    (back,) = clawbacks(facts, refund, TERMS, M("2026-03").first, M("2026-03").last)
    assert (back.brought, back.refunded) == (129_997, 60_000)  # 1,000 + 3 x 99.99
    assert back.revenue_share == 12_000  # 260.00 x 600 / 1,299.97 = 120.0028 -> 120.00
    assert back.referral_fee == 0  # a part refund keeps the fee
    assert net(facts, refund, TERMS, "2026-03") == 2_000 - 12_000  # a negative line: -100.00
    assert net(facts, refund, TERMS, "2026-04") == 0  # the refund ended the revenue
    line = partner_payout("p1", facts, TERMS, M("2026-03"), refunds=refund)
    assert (line.revenue_share, line.clawback, line.total) == (
        Decimal("20.00"), Decimal("120.00"), Decimal("-100.00"))
    assert deal.revenue_brought(date(2026, 3, 10)) == Decimal("1299.97")


def test_a_whole_refund_takes_back_the_share_and_the_fee() -> None:
    deal = refunded(won_deal(), date(2026, 3, 10))
    facts, refund = [facts_of(deal)], [refund_of(deal)]
    assert refund[0].cents is None
    assert net(facts, refund, TERMS, "2026-03") == 2_000 - 26_000 - 5_000
    total = earned(facts, TERMS, 0, M("2030-01").last).total
    assert total - clawed_back(facts, refund, TERMS, 0, M("2030-01").last) == 0


def test_the_figures_are_net_of_the_clawback() -> None:
    deal = refunded(won_deal(), date(2026, 3, 10), Decimal("600.00"))
    figures = partner_figures([facts_of(deal)], TERMS, TypedMetrics(), 27_000, 0,
                              date(2026, 3, 31), refunds=[refund_of(deal)])
    assert figures.clawback == Decimal("120.00")
    assert figures.payout == Decimal("190.00")  # 260 + 50 - 120
    assert figures.owed == Decimal("-80.00")  # January was paid: the balance is negative
    assert figures.as_json()["clawback"] == "120.00"


def test_a_fee_due_on_a_first_payment_after_the_refund_is_never_due() -> None:
    terms = PayoutTerms(fee_enabled=True, fee_cents=5_000, on_payment=True)
    deal = refunded(won_deal(paid_on=date(2026, 4, 2)), date(2026, 3, 10))
    assert earned([facts_of(deal)], terms, 0, M("2030-01").last).referral_fees == 0
    assert clawed_back([facts_of(deal)], [refund_of(deal)], terms, 0, M("2030-01").last) == 0


# -- what may be refunded ------------------------------------------------------------------------------
def problems(**fields: object) -> str:
    with pytest.raises(ValidationError) as caught:
        won_deal(**fields)
    return one_line(caught.value)


def test_only_a_won_deal_is_refunded_on_or_after_its_close_and_of_at_most_what_it_brought(
) -> None:
    with pytest.raises(ValueError, match="only a won deal can be refunded; Acme is lost"):
        refunded(won_deal(status="lost"), date(2026, 3, 1))
    assert "refunded_on: is before the close (2026-01-15)" in problems(
        status="refunded", refunded_on=date(2026, 1, 14))
    assert "refunded_on: a refunded deal needs the date of the refund" in problems(
        status="refunded")
    assert "refunded_amount: is more than the deal brought through the refund (1099.99)" in (
        problems(status="refunded", refunded_on=date(2026, 1, 20),
                 refunded_amount=Decimal("1100.00")))
    assert "refunded_amount: is more than 0" in problems(
        status="refunded", refunded_on=date(2026, 1, 20), refunded_amount=Decimal(0))
    assert "refunded_on: only a refunded deal has one" in problems(refunded_on=date(2026, 2, 1))
    ok = won_deal(status="refunded", refunded_on=date(2026, 1, 20),
                  refunded_amount=Decimal("1099.99"))
    assert ok.status is DealStatus.REFUNDED


def test_a_deal_moved_off_refunded_drops_the_refund() -> None:
    deal = refunded(won_deal(), date(2026, 3, 10), Decimal(5))
    back = with_status(deal, DealStatus.WON, date(2026, 4, 1))
    assert (back.refunded_on, back.refunded_amount) == (None, None)


# -- properties ------------------------------------------------------------------------------------
BASE = month_index(date(2026, 1, 1))


@st.composite
def a_deal(draw: st.DrawFn) -> tuple[DealFacts, RefundFacts | None]:
    """A won deal, refunded (wholly or in part) or not, as the readers make it."""
    close = draw(st.integers(BASE, BASE + 24))
    end = draw(st.one_of(st.none(), st.integers(close, close + 30)))
    paid = draw(st.one_of(st.none(), st.integers(close, close + 6)))
    facts = DealFacts(str(draw(st.integers(0, 10**6))), True, close, end, paid,
                      draw(st.integers(0, 10**8)), draw(st.integers(0, 10**7)))
    if not draw(st.booleans()):
        return facts, None
    month = draw(st.integers(close, close + 36))
    end = month if end is None or end > month else end
    most = brought(close, end, facts.amount, facts.monthly)
    cents = draw(st.one_of(st.none(), st.integers(1, most) if most else st.none()))
    refund = RefundFacts(facts.deal_id, month, cents)
    return refunded_facts(facts, refund), refund


terms_strategy = st.builds(
    PayoutTerms, share_enabled=st.booleans(), percent_hundredths=st.integers(0, 10_000),
    years=st.integers(0, 3), fee_enabled=st.booleans(), fee_cents=st.integers(0, 10**6),
    on_payment=st.booleans(),
)
LAST = BASE + 80


def unique(deals: list[tuple[DealFacts, RefundFacts | None]]
           ) -> tuple[list[DealFacts], list[RefundFacts]]:
    seen: dict[str, tuple[DealFacts, RefundFacts | None]] = {}
    for facts, refund in deals:
        seen.setdefault(facts.deal_id, (facts, refund))
    return [f for f, _r in seen.values()], [r for _f, r in seen.values() if r is not None]


@settings(max_examples=300, deadline=None)
@given(st.lists(a_deal(), max_size=6), terms_strategy)
def test_a_clawback_never_takes_back_more_than_was_earned_by_then(
    deals: list[tuple[DealFacts, RefundFacts | None]], terms: PayoutTerms
) -> None:
    facts, refunds = unique(deals)
    paid_out = earned_so_far = 0
    for month in range(BASE - 1, LAST + 1):
        got = earned(facts, terms, month, month).total
        back = clawed_back(facts, refunds, terms, month, month)
        earned_so_far += got
        paid_out += got - back
        # What the partner may be paid through any month never exceeds what was earned
        # through it, and never goes below nothing.
        assert 0 <= paid_out <= earned_so_far
    for refund in refunds:
        one = next(f for f in facts if f.deal_id == refund.deal_id)
        taken = clawback(one, refund, terms)
        assert taken.total <= earned((one,), terms, 0, refund.month).total
        assert earned((one,), terms, refund.month + 1, LAST + 12).total == 0


@settings(max_examples=300, deadline=None)
@given(st.lists(a_deal(), max_size=6), terms_strategy)
def test_all_periods_sum_to_what_the_kept_deals_earned_plus_what_part_refunds_keep(
    deals: list[tuple[DealFacts, RefundFacts | None]], terms: PayoutTerms
) -> None:
    facts, refunds = unique(deals)
    by_month = sum(
        earned(facts, terms, m, m).total - clawed_back(facts, refunds, terms, m, m)
        for m in range(BASE, LAST + 1)
    )
    refunded_ids = {r.deal_id: r for r in refunds}
    expected = 0
    for one in facts:
        whole = earned((one,), terms, 0, LAST).total
        refund = refunded_ids.get(one.deal_id)
        if refund is None:
            expected += whole  # kept: all it earned
            continue
        b = brought(one.close or 0, one.end, one.amount, one.monthly)
        r = b if refund.cents is None else refund.cents
        share = earned((one,), terms, 0, LAST).revenue_share
        kept_share = share - ((share * r * 2 + b) // (2 * b) if b else 0)
        kept_fee = 0 if r == b else earned((one,), terms, 0, LAST).referral_fees
        expected += kept_share + kept_fee  # a whole refund keeps nothing
    assert by_month == expected
    # ... and quarters (any run of months) add up the same way.
    quarters = sum(
        earned(facts, terms, q, min(q + 2, LAST)).total
        - clawed_back(facts, refunds, terms, q, min(q + 2, LAST))
        for q in range(BASE, LAST + 1, 3)
    )
    assert quarters == by_month


@settings(max_examples=200, deadline=None)
@given(st.lists(a_deal(), max_size=5), terms_strategy, st.integers(BASE, LAST),
       st.integers(0, 10**7))
def test_the_figures_payout_is_the_months_net_of_clawbacks_and_owed_the_balance(
    deals: list[tuple[DealFacts, RefundFacts | None]], terms: PayoutTerms, month: int,
    paid: int,
) -> None:
    facts, refunds = unique(deals)
    year, month0 = divmod(month, 12)
    figures = partner_figures(facts, terms, TypedMetrics(), paid, 0, date(year, month0 + 1, 28),
                              refunds=refunds)
    net = sum(earned(facts, terms, m, m).total - clawed_back(facts, refunds, terms, m, m)
              for m in range(BASE, month + 1))
    if facts:
        assert figures.payout == Decimal(net).scaleb(-2)
        assert figures.owed == Decimal(net - paid).scaleb(-2)
        assert figures.clawback >= 0 and figures.payout >= 0


# -- revenue is net of refunds, in every figure (the one rule: DealFacts.refunded) ----------------
def test_the_worked_example_nets_the_refund_in_its_month() -> None:
    deal = refunded(won_deal(), date(2026, 3, 10), Decimal("600.00"))
    facts = [facts_of(deal)]
    jan, mar = M("2026-01").first, M("2026-03").first
    # January 1,099.99, February 99.99, March 99.99 - 600.00 refunded: -500.01, then nothing.
    assert revenue_by_month(facts, jan, mar + 2) == [109_999, 9_999, -50_001, 0, 0]
    assert earned(facts, TERMS, jan, mar + 2).revenue == 129_997 - 60_000
    # The payout rules are unchanged: the share is on what it brought, the refund clawed back.
    assert earned(facts, TERMS, mar, mar).revenue_share == 2_000
    figures = partner_figures(facts, TERMS, TypedMetrics(), 0, 0, date(2026, 3, 31),
                              refunds=[refund_of(deal)])
    assert figures.revenue == Decimal("699.97")  # 1,299.97 brought - 600.00 refunded
    before = partner_figures(facts, TERMS, TypedMetrics(), 0, 0, date(2026, 2, 28),
                             refunds=[refund_of(deal)])
    assert before.revenue == Decimal("1199.98")  # a refund never changes an earlier month


@settings(max_examples=300, deadline=None)
@given(st.lists(a_deal(), max_size=6), terms_strategy, st.integers(BASE - 2, LAST),
       st.integers(0, 40))
def test_every_revenue_figure_is_what_deals_brought_minus_what_was_refunded(
    deals: list[tuple[DealFacts, RefundFacts | None]], terms: PayoutTerms, first: int,
    length: int,
) -> None:
    facts, refunds = unique(deals)
    last = first + length
    # The two ways revenue is summed (a run of months, month by month) are one figure ...
    revenue = earned(facts, terms, first, last).revenue
    assert sum(revenue_by_month(facts, first, last)) == revenue
    # ... which the rows behind a line add up to: each deal's part (before its refund)
    # and each refund's row, the revenue it refunded taken off.
    rows = sum(deal_part(f, terms, first, last).revenue for f in facts) - sum(
        c.refunded for c in clawbacks(facts, refunds, terms, first, last))
    assert rows == revenue
    # ... and over all time it is what each deal brought minus what was refunded of it,
    # the refunded amount read as the clawback reads it.
    by_id = {r.deal_id: r for r in refunds}
    through = LAST + 40
    expected = 0
    for one in facts:
        assert one.close is not None
        end = one.end if one.end is not None else through  # a refunded deal ends by its refund
        b = brought(one.close, end, one.amount, one.monthly)
        refund = by_id.get(one.deal_id)
        r = 0 if refund is None else (b if refund.cents is None else refund.cents)
        assert one.refunded == r
        if refund is not None:
            assert clawback(one, refund, terms).refunded == r
        expected += b - r
    assert earned(facts, terms, 0, through).revenue == expected
    # A refund changes no month before its own, and takes all it refunds off that month.
    gross = [f._replace(refund=None, refunded=0) for f in facts]
    net_months = revenue_by_month(facts, BASE, LAST + 40)
    gross_months = revenue_by_month(gross, BASE, LAST + 40)
    first_refund = min((r.month for r in refunds), default=LAST + 41)
    assert net_months[: first_refund - BASE] == gross_months[: first_refund - BASE]
    for month in {r.month for r in refunds}:
        taken = sum(f.refunded for f in facts if f.refund == month)
        assert net_months[month - BASE] == gross_months[month - BASE] - taken


def test_tiers_read_revenue_net_of_refunds_and_only_forward() -> None:
    """Silver from 10,000 of trailing revenue: a deal of 12,000 lifts the partner the
    month after its close; refunding 5,000 of it three months later takes it back to the
    first tier from the month after the refund (the months before keep their tier)."""
    tiers = parse_tiers("Registered 0; Silver 10,000")
    deal = won_deal(amount=Decimal("12000.00"), monthly_revenue=Decimal("0.00"))
    kept = [facts_of(deal)]
    back = [facts_of(refunded(deal, date(2026, 4, 20), Decimal("5000.00")))]
    jan, apr = M("2026-01").first, M("2026-04").first
    assert trailing_revenue(back, apr + 1) == 700_000  # 12,000 - 5,000
    kept_tiers = [tier_in(tier_schedule(kept, tiers), m) for m in range(jan, jan + 15)]
    back_tiers = [tier_in(tier_schedule(back, tiers), m) for m in range(jan, jan + 15)]
    assert kept_tiers == [0] + [1] * 12 + [0, 0]
    assert back_tiers == [0, 1, 1, 1, 0] + [0] * 10
