"""Every dashboard figure, on small hand-built programs whose answers are worked out by hand."""

from __future__ import annotations

import heapq
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from partner_tui.domain.cadence import Cadence
from partner_tui.domain.deal_facts import TypedMetrics
from partner_tui.domain.due_list import DueKind, replace_due, tick_off
from partner_tui.domain.metrics import Metrics
from partner_tui.domain.next_steps import max_reached, next_steps
from partner_tui.domain.partner import Activity, ActivityKind, Partner, StageChange
from partner_tui.domain.partner_figures import DealMeasures, partner_figures
from partner_tui.domain.partnership_models import PartnershipModels, ReferralFee, RevenueShare
from partner_tui.domain.payouts import DealFacts, PayoutTerms
from partner_tui.domain.periods import month_index, month_label
from partner_tui.domain.program import ProgramResources, ProgramRules, Settings, ToolCosts
from partner_tui.domain.program_metrics import (
    PartnerRow,
    SortKey,
    measure,
    median_days,
    months_between,
    sort_rows,
)
from partner_tui.domain.stages import Stage
from partner_tui.domain.targets import StageTargets

TODAY = date(2026, 3, 16)
T0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def partner(company: str, *path: tuple[Stage, float], **fields: object) -> Partner:
    """A partner whose history is `path` (stage, day entered after T0); its stage is the last."""
    history = [StageChange(stage=s, entered_at=at(d)) for s, d in path]
    return Partner(
        company=company,
        stage=path[-1][0],
        stage_history=history,
        created_at=history[0].entered_at,
        updated_at=history[-1].entered_at,
        **fields,
    )


# Rules under which no partner goes quiet: for the tests about cadence alone.
NOT_QUIET = Settings(rules=ProgramRules(quiet_engage_days=0, quiet_negotiate_days=0,
                                        quiet_active_days=0))
P, E, N, A, X = Stage.PROSPECT, Stage.ENGAGE, Stage.NEGOTIATE, Stage.ACTIVE, Stage.ARCHIVED


def pipeline() -> list[Partner]:
    return [
        partner("Alpha", (P, 0), (E, 10), (N, 30), (A, 60)),  # all the way: 10, 20, 30 days
        partner("Bravo", (P, 0), (E, 4), (X, 20)),  # engaged 4 days in, then declined
        partner("Charlie", (P, 0), (N, 6)),  # skipped Engage: still converts P -> E
        partner("Delta", (P, 2)),  # still a prospect
        partner("Echo", (E, 5)),  # came in at Engage (imported): not in the P denominator
    ]


def test_funnel_counts_partners_now_in_each_stage_against_the_targets() -> None:
    settings = Settings(targets=StageTargets(prospect=1, engage=2, negotiate=1, active=3))
    funnel = measure(pipeline(), settings, TODAY).funnel
    assert [(f.stage, f.count, f.target, f.on_target) for f in funnel] == [(P, 1, 1, True), (E, 1, 2, False), (N, 1, 1, True), (A, 1, 3, False)]


def test_conversion_between_stages_from_the_stage_histories() -> None:
    conversions = measure(pipeline(), Settings(), TODAY).conversions
    # P entered by Alpha, Bravo, Charlie, Delta; moved on: Alpha, Bravo, Charlie (skip counts).
    # E entered by Alpha, Bravo, Echo; moved on: Alpha. N entered by Alpha, Charlie: Alpha.
    assert [(c.from_stage, c.to_stage, c.entered, c.converted) for c in conversions] == [
        (P, E, 4, 3),
        (E, N, 3, 1),
        (N, A, 2, 1),
    ]
    assert [c.rate for c in conversions] == [Decimal("75.0"), Decimal("33.3"), Decimal("50.0")]


def test_a_partner_that_went_back_counts_once_by_its_first_entry() -> None:
    zigzag = partner("Zig", (P, 0), (E, 1), (P, 2), (E, 3))
    conversion = measure([zigzag], Settings(), TODAY).conversions[0]
    assert (conversion.entered, conversion.converted) == (1, 1)


def test_median_days_in_stage_over_completed_stays() -> None:
    times = {t.stage: t for t in measure(pipeline(), Settings(), TODAY).stage_times}
    # Prospect stays: Alpha 10, Bravo 4, Charlie 6 -> median 6. Delta is still there.
    assert (times[P].median_days, times[P].completed_stays) == (Decimal("6.0"), 3)
    # Engage stays: Alpha 20, Bravo 16 -> median 18.
    assert times[E].median_days == Decimal("18.0")
    # Negotiate: Alpha 30 only (Charlie is still negotiating).
    assert times[N].median_days == Decimal("30.0")
    # Nobody has left Active yet: no figure rather than a made-up one.
    assert times[A].median_days is None
    # Current members: Delta a prospect since Jan 3 -> 72 days on Mar 16.
    assert times[P].median_current_days == Decimal("72.0")


def test_median_days_helper() -> None:
    day = 86_400
    assert median_days([]) is None
    assert median_days([3 * day, 1 * day, 2 * day]) == Decimal("2.0")
    assert median_days([1 * day, 2 * day]) == Decimal("1.5")


def money_partner(company: str, stage: Stage, **metrics: object) -> Partner:
    return partner(company, (stage, 0), metrics=Metrics(**metrics))


def test_totals_and_overall_roi() -> None:
    revenue_share = PartnershipModels(revenue_share=RevenueShare(enabled=True, percent=Decimal(10)))
    referral = PartnershipModels(referral_fee=ReferralFee(enabled=True, amount=Decimal(500)))
    partners = [
        partner("Alpha", (A, 0), models=revenue_share, metrics=Metrics(
            leads_generated=40, deals_closed=8, revenue_attributed=Decimal(20000),
            internal_cost=Decimal(1000))),
        partner("Bravo", (A, 0), models=referral, metrics=Metrics(
            leads_generated=10, deals_closed=2, revenue_attributed=Decimal(5000))),
        partner("Churned", (A, 0), (X, 30), metrics=Metrics(
            leads_generated=5, deals_closed=1, revenue_attributed=Decimal(1000))),
        partner("Delta", (P, 0)),
    ]
    settings = Settings(
        resources=ProgramResources(partnership_manager_hours=Decimal(10), hourly_rate=Decimal(60)),
        tools=ToolCosts(crm=Decimal(100), partner_portal=Decimal(50), analytics=Decimal(50)),
    )
    totals = measure(partners, settings, date(2026, 3, 2)).totals
    assert (totals.partnerships, totals.active, totals.archived) == (3, 2, 1)
    assert (totals.leads, totals.deals) == (55, 11)
    assert totals.revenue == Decimal(26000)
    assert totals.payouts == Decimal(2000) + Decimal(1000)  # 10% of 20,000 + 2 x 500
    assert totals.partner_costs == Decimal(1000)
    # 10 h/week x 52/12 x $60 = $2,600 per month, plus $200 of tools.
    assert totals.program_cost_per_month == Decimal("2800.00")
    # First partner Jan 1, today Mar 2: 60 days / 30.4375 = 1.97 -> 2.0 months.
    assert totals.program_months == Decimal("2.0")
    assert totals.program_cost_to_date == Decimal("5600.00")
    assert totals.total_cost == Decimal("9600.00")
    # (26,000 - 9,600) / 9,600 = 170.8%
    assert totals.roi == Decimal("170.8")


def test_roi_is_none_without_any_cost() -> None:
    totals = measure([money_partner("Free", A, revenue_attributed=Decimal(100))], Settings(), TODAY).totals
    assert totals.total_cost == 0
    assert totals.roi is None


def test_an_empty_program() -> None:
    metrics = measure([], Settings(), TODAY)
    assert metrics.totals.partnerships == 0
    assert metrics.totals.program_months == 0
    assert metrics.totals.roi is None
    assert metrics.due == []
    assert [c.rate for c in metrics.conversions] == [None, None, None]
    assert not metrics.revenue_by_month.enough_data


def test_months_between() -> None:
    assert months_between(date(2026, 1, 1), date(2026, 1, 1)) == 0
    assert months_between(date(2026, 1, 1), date(2027, 1, 1)) == Decimal("12.0")


def test_due_list_next_actions_and_cadence_oldest_first() -> None:
    partners = [
        # Active since Jan 10: monthly due Feb 10, quarterly due Apr 10 (not yet).
        partner("Zulu", (A, 9), cadence=Cadence(monthly={"review_metrics": True})),
        # Next action overdue since Feb 1.
        partner("Mike", (E, 0), next_action="Send proposal", next_action_date=date(2026, 2, 1)),
        # Due today.
        partner("Kilo", (P, 0), next_action="Call back", next_action_date=TODAY),
        # Not yet due, and an archived one: neither listed.
        partner("Later", (P, 0), next_action="Later", next_action_date=date(2026, 3, 17)),
        partner("Gone", (P, 0), (X, 1), next_action="x", next_action_date=date(2026, 1, 5)),
        # Active since Dec 1 last year, monthly done Mar 1: quarterly due Mar 1.
        partner("Yankee", (A, -31), cadence=Cadence(monthly_last_completed=date(2026, 3, 1))),
    ]
    everything = measure(partners, Settings(), TODAY).due
    # Quiet partners are their own test (below): here, next actions and cadence.
    due = [d for d in everything if d.kind is not DueKind.QUIET]
    assert [(d.company, d.kind, d.due, d.label) for d in due] == [
        ("Mike", DueKind.NEXT_ACTION, date(2026, 2, 1), "Send proposal"),
        ("Zulu", DueKind.MONTHLY, date(2026, 2, 10), "Check-in call"),
        ("Zulu", DueKind.MONTHLY, date(2026, 2, 10), "Share updates"),
        ("Zulu", DueKind.MONTHLY, date(2026, 2, 10), "Plan activities"),
        ("Yankee", DueKind.QUARTERLY, date(2026, 3, 1), "Business review"),
        ("Yankee", DueKind.QUARTERLY, date(2026, 3, 1), "Strategy discussion"),
        ("Yankee", DueKind.QUARTERLY, date(2026, 3, 1), "Performance analysis"),
        ("Yankee", DueKind.QUARTERLY, date(2026, 3, 1), "Plan adjustments"),
        ("Kilo", DueKind.NEXT_ACTION, TODAY, "Call back"),
    ]
    assert due[1].item == "check_in_call"
    assert due[0].days_overdue(TODAY) == 43


def test_a_partner_without_contact_for_longer_than_its_stage_allows_is_quiet() -> None:
    """Last touch = the latest activity, else the day it entered its stage. Engage allows 14
    days, Active 30 (the default rules); Prospect and Archived are never quiet."""
    called = [Activity(date=date(2026, 3, 1), kind=ActivityKind.CALL, text="Call")]
    partners = [
        partner("Echo", (E, 0)),  # entered Engage Jan 1: 74 days, quiet since Jan 16
        partner("Fresh", (E, 0), activities=called),  # touched Mar 1: 15 days, quiet
        partner("Active", (A, 60)),  # live since Mar 2: 14 days of 30
        partner("Prospect", (P, 0)),
        partner("Gone", (E, 0), (X, 1)),
    ]
    metrics = measure(partners, Settings(), TODAY)
    quiet = [(d.company, d.due, d.label) for d in metrics.due if d.kind is DueKind.QUIET]
    assert quiet == [
        ("Echo", date(2026, 1, 16), "No contact for 74 days"),
        ("Fresh", date(2026, 3, 16), "No contact for 15 days"),
    ]
    assert metrics.quiet == 2
    # Ticking it off logs the touch, and the partner leaves the list.
    echo = partners[0]
    item = next(d for d in metrics.due if d.company == "Echo" and d.kind is DueKind.QUIET)
    touched = tick_off(echo, item, TODAY)
    assert touched.activities[-1].date == TODAY
    after = replace_due(metrics.due, touched, TODAY)
    assert [d.company for d in after if d.kind is DueKind.QUIET] == ["Fresh"]


def test_next_steps_progress() -> None:
    outreach = [Activity(date=TODAY, kind=ActivityKind.OUTREACH, text="Intro email")]
    partners = [
        partner(f"P{i}", (P, 0), potential_value=Decimal(1000 * (i + 1))) for i in range(6)
    ]  # P5 is the most valuable, then P4 ...
    partners[5] = partner("P5", (P, 0), (E, 3), potential_value=Decimal(6000))  # engaged
    partners[4] = partner("P4", (P, 0), potential_value=Decimal(5000), activities=outreach)
    partners.append(partner("Live", (P, 0), (E, 1), (N, 2), (A, 3)))  # no value: not in top 5
    partners.append(partner("Nobody", (P, 0)))
    metrics = measure(partners, Settings(), TODAY)
    steps = metrics.next_steps
    assert [r.company for r in metrics.top_by_value] == ["P5", "P4", "P3", "P2", "P1"]
    assert [(s.name, s.done, s.target, s.complete) for s in steps] == [
        ("Identify", 8, 10, False),
        ("Prioritize", 6, 10, False),
        ("Outreach", 2, 5, False),  # P5 engaged, P4 outreach logged; P3, P2, P1 not yet
        ("Engage", 2, 5, False),  # P5 and Live
        ("Execute", 1, 1, True),
    ]


def test_revenue_by_go_live_month() -> None:
    partners = [
        partner("A", (P, 0), (A, 10), metrics=Metrics(revenue_attributed=Decimal(300))),  # Jan
        partner("B", (A, 70), metrics=Metrics(revenue_attributed=Decimal(200))),  # Mar
        partner("C", (A, 71), metrics=Metrics(revenue_attributed=Decimal(100))),  # Mar
        partner("D", (A, 40)),  # no revenue: no bucket
    ]
    series = measure(partners, Settings(), TODAY).revenue_by_month
    assert series.enough_data
    assert [(month_label(m), amount) for m, amount in series.months] == [
        ("2026-01", Decimal(300)), ("2026-02", Decimal(0)), ("2026-03", Decimal(300))]


def test_revenue_in_one_month_only_is_not_a_trend() -> None:
    partners = [partner("A", (A, 10), metrics=Metrics(revenue_attributed=Decimal(300)))]
    series = measure(partners, Settings(), TODAY).revenue_by_month
    assert not series.enough_data
    assert "Not enough data" in series.note


def row(company: str, revenue: int, roi: str | None, fit: int, value: int) -> PartnerRow:
    return PartnerRow(company, company, A, fit, Decimal(value), 0, 0, Decimal(revenue), Decimal(0),
                      Decimal(0), Decimal(roi) if roi is not None else None)


def test_sorting_rows_by_each_key() -> None:
    rows = [row("a", 10, "50", 80, 5), row("b", 30, None, 60, 9), row("c", 20, "-10", 90, 1)]
    names = lambda key, desc=True: [r.company for r in sort_rows(rows, key, desc)]
    assert names(SortKey.REVENUE) == ["b", "c", "a"]
    assert names(SortKey.REVENUE, False) == ["a", "c", "b"]
    assert names(SortKey.ROI) == ["a", "c", "b"]  # no ROI last, whichever direction
    assert names(SortKey.ROI, False) == ["c", "a", "b"]
    assert names(SortKey.FIT) == ["c", "a", "b"]
    assert names(SortKey.POTENTIAL_VALUE) == ["b", "a", "c"]


def test_rows_carry_each_partners_figures() -> None:
    models = PartnershipModels(revenue_share=RevenueShare(enabled=True, percent=Decimal(20)))
    p = partner("Alpha", (A, 0), models=models, metrics=Metrics(
        revenue_attributed=Decimal(1000), internal_cost=Decimal(300)))
    (only,) = measure([p], Settings(), TODAY).rows
    assert (only.revenue, only.payout, only.cost) == (Decimal(1000), Decimal(200), Decimal(500))
    assert only.roi == Decimal("100.0")


def test_ticking_off_recomputes_only_that_partners_due_items() -> None:
    alpha = partner("Alpha", (A, 9))  # monthly due Feb 10
    bravo = partner("Bravo", (P, 0), next_action="Call", next_action_date=date(2026, 2, 1))
    metrics = measure([alpha, bravo], NOT_QUIET, TODAY)
    first_alpha = next(d for d in metrics.due if d.company == "Alpha")
    ticked = tick_off(alpha, first_alpha, TODAY)
    due = replace_due(metrics.due, ticked, TODAY)
    assert due == measure([ticked, bravo], NOT_QUIET, TODAY).due
    assert [d.label for d in due] == ["Call", "Check-in call", "Share updates", "Plan activities"]


def test_tick_off_a_next_action_logs_it_and_clears_it() -> None:
    bravo = partner("Bravo", (P, 0), next_action="Call", next_action_date=date(2026, 2, 1))
    (item,) = measure([bravo], Settings(), TODAY).due
    done = tick_off(bravo, item, TODAY)
    assert (done.next_action, done.next_action_date) == ("", None)
    assert [(a.date, a.kind, a.text) for a in done.activities] == [
        (TODAY, ActivityKind.NOTE, "Done: Call")
    ]
    assert measure([done], Settings(), TODAY).due == []


def test_ticking_the_last_cadence_item_closes_the_cycle() -> None:
    alpha = partner("Alpha", (A, 9))
    for item in [d for d in measure([alpha], NOT_QUIET, TODAY).due if d.kind is DueKind.MONTHLY]:
        alpha = tick_off(alpha, item, TODAY)
    assert alpha.cadence.monthly_last_completed == TODAY
    assert measure([alpha], NOT_QUIET, TODAY).due == []  # next cycle due Apr 16


def test_a_partner_with_deals_is_measured_by_them_and_the_chart_by_month_earned() -> None:
    typed = Metrics(leads_generated=99, deals_closed=99, revenue_attributed=Decimal(99_999),
                    internal_cost=Decimal(100))
    with_deals = partner("Alpha", (A, 0), metrics=typed)
    without = partner("Bravo", (A, 0), metrics=Metrics(revenue_attributed=Decimal(500)))
    # 3 deals, 2 won: $1,000 closed in February, $100 a month from February; 25% share.
    facts = [DealFacts("d1", True, 2026 * 12 + 1, None, None, 100_000, 0),
             DealFacts("d2", True, 2026 * 12 + 1, None, None, 0, 10_000),
             DealFacts("d3", False, None, None, None, 0, 0)]
    terms = PayoutTerms(share_enabled=True, percent_hundredths=2500)
    deals = DealMeasures(
        figures={with_deals.id: partner_figures(
            facts, terms, TypedMetrics(99, 99, 9_999_900, 10_000), 0, 0, TODAY)},
        months=[(month_index(date(2026, 2, 1)), Decimal(1100)),
                (month_index(date(2026, 3, 1)), Decimal(100))],
    )
    figures = measure([with_deals, without], Settings(), TODAY, deals)
    alpha = next(r for r in figures.rows if r.company == "Alpha")
    assert (alpha.leads, alpha.deals, alpha.revenue, alpha.payout, alpha.cost) == (
        3, 2, Decimal(1200), Decimal(300), Decimal(400)
    )
    assert alpha.roi == Decimal("200.0")  # (1,200 - 400) / 400
    assert (figures.totals.leads, figures.totals.revenue) == (3, Decimal(1700))
    assert figures.revenue_by_month.months == deals.months
    assert figures.revenue_by_month.note == "Revenue earned by month, from deals"


@given(st.lists(st.tuples(st.sampled_from([None, 0, 500, 1000]), st.integers(0, 2),
                          st.sampled_from(["acme", "Acme", "beta", "Zed"]),
                          st.sampled_from([P, E, N, A, X])), max_size=14))
def test_the_top_by_potential_value_kept_a_partner_at_a_time_is_nsmallest_of_all(
    drawn: list[tuple[int | None, int, str, Stage]],
) -> None:
    """ProgramMeasure keeps only the five ranked first while it walks (the Markdown report
    holds one partner at a time): the same five, in the same order, as ranking every
    partner on the board at the end (heapq.nsmallest: ties in the order given)."""
    from partner_tui.domain.fit_criteria import FitCriteria

    partners = [
        partner(company, (stage, 0), fit=FitCriteria(complementary=fit),
                potential_value=None if value is None else Decimal(value))
        for value, fit, company, stage in drawn
    ]
    metrics = measure(partners, NOT_QUIET, TODAY)
    ranked = heapq.nsmallest(
        5, (row for row in metrics.rows if row.stage is not X),
        key=lambda r: (-r.potential_value, -r.fit, r.company.lower()),
    )
    assert [r.partner_id for r in metrics.top_by_value] == [r.partner_id for r in ranked]
    by_id = {p.id: p for p in partners}
    assert metrics.next_steps == next_steps(
        [by_id[r.partner_id] for r in ranked], len(partners),
        sum(1 for p in partners if (p.potential_value or 0) > 0),
        sum(1 for p in partners if max_reached(p) >= 1),
        sum(1 for p in partners if p.stage is A),
    )
