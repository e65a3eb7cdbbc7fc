"""The playbook's pure rules: fit, ranking, payouts, ROI, stages, cadence, checklists."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from pydantic import ValidationError

from partner_tui.domain.agreement import Agreement
from partner_tui.domain.cadence import Cadence, add_months, cadence_due_date, tick
from partner_tui.domain.challenges import CHALLENGE_SOLUTIONS, Challenges
from partner_tui.domain.due import DueState, next_action_due
from partner_tui.domain.execution import Execution
from partner_tui.domain.fit_criteria import FitCriteria
from partner_tui.domain.metrics import lead_to_deal_rate, roi_percent
from partner_tui.domain.partner import (
    Partner,
    StageChange,
    new_partner,
    rank_by_potential_value,
)
from partner_tui.domain.partner_figures import PartnerFigures, figures_of_partner
from partner_tui.domain.partnership_models import (
    CoMarketing,
    IntegrationRequirements,
    PartnershipModels,
    ReferralFee,
    RevenueShare,
)
from partner_tui.domain.program import Settings, monthly_program_cost
from partner_tui.domain.stages import PIPELINE, Stage, next_stage, previous_stage
from partner_tui.domain.targets import StageTargets
from partner_tui.domain.value_proposition import ValueForPartner, ValueForYou

D = Decimal


# -- fit -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("ratings", "score"),
    [((0, 0, 0, 0, 0), 0), ((5, 5, 5, 5, 5), 100), ((5, 4, 3, 5, 4), 84), ((1, 0, 0, 0, 0), 4)],
)
def test_fit_score_is_the_share_of_25_points(ratings: tuple[int, ...], score: int) -> None:
    names = [name for name, _ in FitCriteria.items()]
    fit = FitCriteria(**dict(zip(names, ratings, strict=True)))
    assert fit.score == score
    assert fit.rated is any(ratings)
    assert Partner(company="A", fit=fit).fit_score == score


def test_fit_items_are_the_playbooks_five_criteria() -> None:
    assert [label for _, label in FitCriteria.items()] == [
        "Complementary products/services",
        "Similar target market",
        "Good brand reputation",
        "Growth trajectory",
        "Cultural fit",
    ]


@pytest.mark.parametrize("rating", [-1, 6])
def test_fit_ratings_are_0_to_5(rating: int) -> None:
    with pytest.raises(ValidationError):
        FitCriteria(cultural_fit=rating)
    fit = FitCriteria()
    with pytest.raises(ValidationError):
        fit.cultural_fit = rating  # validated on assignment too


# -- ranking ----------------------------------------------------------------------------
def test_rank_by_potential_value_then_fit_then_name() -> None:
    small = Partner(company="small", potential_value=D("100"))
    big = Partner(company="Big", potential_value=D("90000"))
    tie_good_fit = Partner(company="zeta", potential_value=D("5000"), fit=FitCriteria(cultural_fit=5))
    tie_bad_fit = Partner(company="alpha", potential_value=D("5000"))
    tie_same_b = Partner(company="beta", potential_value=D("5000"))
    ranked = rank_by_potential_value([small, tie_bad_fit, tie_same_b, big, tie_good_fit])
    assert [p.company for p in ranked] == ["Big", "zeta", "alpha", "beta", "small"]


def test_rank_of_nothing_is_nothing() -> None:
    assert rank_by_potential_value([]) == []


# -- payouts and ROI --------------------------------------------------------------------
def _typed(partner: Partner) -> PartnerFigures:
    return figures_of_partner(partner, date(2026, 3, 16))


def test_typed_revenue_share_payout_is_percent_of_revenue() -> None:
    def share(model: RevenueShare, revenue: str) -> Decimal:
        partner = Partner(company="A", models=PartnershipModels(revenue_share=model),
                          metrics={"revenue_attributed": D(revenue)})
        return _typed(partner).revenue_share

    assert share(RevenueShare(enabled=True, percent=D("20")), "12500") == D("2500.00")
    assert share(RevenueShare(enabled=True, percent=D("12.5")), "99.99") == D("12.50")
    # Half a cent rounds up, as every payout rule does (12.5% of 0.04 is 0.005).
    assert share(RevenueShare(enabled=True, percent=D("12.5")), "0.04") == D("0.01")
    # Not in force: nothing is owed, whatever the percent says.
    assert share(RevenueShare(percent=D("20")), "12500") == 0


def test_typed_referral_fee_payout_is_fee_times_deals() -> None:
    def fees(model: ReferralFee, deals: int) -> Decimal:
        partner = Partner(company="A", models=PartnershipModels(referral_fee=model),
                          metrics={"deals_closed": deals})
        return _typed(partner).referral_fees

    assert fees(ReferralFee(enabled=True, amount=D("750")), 4) == D("3000.00")
    assert fees(ReferralFee(enabled=True, amount=D("750")), 0) == 0
    assert fees(ReferralFee(amount=D("750")), 4) == 0


def test_typed_payout_adds_both_models() -> None:
    models = PartnershipModels(
        revenue_share=RevenueShare(enabled=True, percent=D("10")),
        referral_fee=ReferralFee(enabled=True, amount=D("100")),
    )
    partner = Partner(company="A", models=models,
                      metrics={"revenue_attributed": D("5000"), "deals_closed": 3})
    payout = _typed(partner).payout
    assert payout == D("800.00") and isinstance(payout, Decimal)


def test_enabled_model_names() -> None:
    models = PartnershipModels(
        revenue_share=RevenueShare(enabled=True),
        co_marketing=CoMarketing(enabled=True),
    )
    assert models.enabled_names() == ["Revenue share", "Co-marketing"]
    assert PartnershipModels().enabled_names() == []


@pytest.mark.parametrize(
    ("revenue", "cost", "roi"),
    [
        ("3000", "1000", "200.0"),
        ("1000", "1000", "0.0"),
        ("0", "1000", "-100.0"),
        ("1000", "3000", "-66.7"),
        ("1", "3", "-66.7"),
        ("2", "3", "-33.3"),
    ],
)
def test_roi_is_revenue_minus_cost_over_cost(revenue: str, cost: str, roi: str) -> None:
    assert roi_percent(D(revenue), D(cost)) == D(roi)


@pytest.mark.parametrize("cost", ["0", "-5"])
def test_roi_is_none_without_cost(cost: str) -> None:
    # Dividing by zero would pretend to an infinite return.
    assert roi_percent(D("5000"), D(cost)) is None


def test_partner_roi_counts_internal_cost_and_payouts() -> None:
    partner = Partner(
        company="A",
        models=PartnershipModels(revenue_share=RevenueShare(enabled=True, percent=D("20"))),
        metrics={"revenue_attributed": D("10000"), "internal_cost": D("3000"), "deals_closed": 2},
    )
    figures = _typed(partner)
    assert figures.typed
    assert figures.payout == D("2000.00")
    assert figures.cost == D("5000.00")
    assert figures.roi == D("100.0")
    assert _typed(Partner(company="B")).roi is None


def test_lead_to_deal_rate() -> None:
    assert lead_to_deal_rate(0, 0) is None
    assert lead_to_deal_rate(8, 2) == D("25.0")
    assert lead_to_deal_rate(3, 1) == D("33.3")


def test_monthly_program_cost_is_people_plus_tools() -> None:
    settings = Settings.model_validate(
        {
            "resources": {"partnership_manager_hours": "10", "hourly_rate": "60"},
            "tools": {"crm": "100", "partner_portal": "50", "analytics": "25.50"},
        }
    )
    # 10 h/week x 52/12 weeks x $60 = $2,600, plus $175.50 of tools.
    assert monthly_program_cost(settings) == D("2775.50")
    assert monthly_program_cost(Settings()) == 0


# -- stages -----------------------------------------------------------------------------
def test_stage_next_and_previous_walk_the_pipeline() -> None:
    assert [next_stage(s) for s in PIPELINE] == [
        Stage.ENGAGE,
        Stage.NEGOTIATE,
        Stage.ACTIVE,
        None,
    ]
    assert [previous_stage(s) for s in PIPELINE] == [
        None,
        Stage.PROSPECT,
        Stage.ENGAGE,
        Stage.NEGOTIATE,
    ]
    assert next_stage(Stage.ARCHIVED) is None
    assert previous_stage(Stage.ARCHIVED) is None


def test_stage_targets_default_to_the_playbook() -> None:
    targets = StageTargets()
    assert [targets.for_stage(s) for s in PIPELINE] == [20, 10, 5, 3]
    assert targets.for_stage(Stage.ARCHIVED) == 0
    with pytest.raises(ValidationError):
        StageTargets(prospect=-1)


def test_new_partner_starts_its_history(frozen_clock: datetime) -> None:
    partner = new_partner("Acme", Stage.ENGAGE)
    (entry,) = partner.stage_history
    assert (entry.stage, entry.entered_at) == (Stage.ENGAGE, frozen_clock)
    assert partner.created_at == partner.updated_at == frozen_clock
    assert partner.entered_stage_at() == frozen_clock
    assert partner.on_board


def test_records_use_the_frozen_clock(frozen_clock: datetime) -> None:
    # default_factory must look the clock up at call time, or freezing it does nothing.
    partner = Partner(company="A")
    assert partner.created_at == frozen_clock
    assert partner.updated_at == frozen_clock


def test_live_since_is_the_last_entry_into_active() -> None:
    t = [datetime(2026, 1, d, tzinfo=UTC) for d in (1, 2, 3, 4)]
    partner = Partner(
        company="A",
        stage=Stage.ACTIVE,
        created_at=t[0],
        stage_history=[
            StageChange(stage=Stage.PROSPECT, entered_at=t[0]),
            StageChange(stage=Stage.ACTIVE, entered_at=t[1]),
            StageChange(stage=Stage.ARCHIVED, entered_at=t[2]),
            StageChange(stage=Stage.ACTIVE, entered_at=t[3]),
        ],
    )
    assert partner.live_since == date(2026, 1, 4)
    assert Partner(company="B", created_at=t[0]).live_since == date(2026, 1, 1)


@pytest.mark.parametrize(
    ("when", "state"),
    [
        (None, DueState.NONE),
        (date(2026, 3, 15), DueState.OVERDUE),
        (date(2026, 3, 16), DueState.TODAY),
        (date(2026, 3, 19), DueState.SOON),
        (date(2026, 3, 20), DueState.LATER),
    ],
)
def test_next_action_due(when: date | None, state: DueState) -> None:
    partner = Partner(company="A", next_action_date=when)
    assert next_action_due(partner, date(2026, 3, 16)) is state


# -- cadence ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 10, 31), 3, date(2027, 1, 31)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), 12, date(2027, 1, 15)),
    ],
)
def test_add_months_clamps_to_the_month_end(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_cadence_due_dates_count_from_going_live_then_from_last_cycle() -> None:
    cadence = Cadence()
    live = date(2026, 1, 31)
    assert cadence_due_date(cadence, "monthly", live) == date(2026, 2, 28)
    assert cadence_due_date(cadence, "quarterly", live) == date(2026, 4, 30)
    done = cadence.model_copy(update={"monthly_last_completed": date(2026, 3, 10)})
    assert cadence_due_date(done, "monthly", live) == date(2026, 4, 10)
    assert cadence_due_date(done, "quarterly", live) == date(2026, 4, 30)


def test_tick_sets_one_item_and_rolls_the_cycle_over_when_complete() -> None:
    today = date(2026, 3, 16)
    cadence = Cadence()
    items = [name for name, _ in cadence.monthly.items()]
    for name in items[:-1]:
        cadence = tick(cadence, "monthly", name, True, today)
    assert cadence.monthly.done() == len(items) - 1
    assert cadence.monthly_last_completed is None
    # Unticking works and does not complete anything.
    cadence = tick(cadence, "monthly", items[0], False, today)
    assert cadence.monthly.done() == len(items) - 2
    cadence = tick(cadence, "monthly", items[0], True, today)
    cadence = tick(cadence, "monthly", items[-1], True, today)
    # The last tick closed the cycle: recorded, and the list starts over.
    assert cadence.monthly_last_completed == today
    assert cadence.monthly.done() == 0
    assert cadence_due_date(cadence, "monthly", date(2025, 1, 1)) == date(2026, 4, 16)
    # The other period is untouched.
    assert cadence.quarterly_last_completed is None


def test_tick_quarterly_and_unknown_items() -> None:
    today = date(2026, 5, 31)
    cadence = Cadence()
    for name, _ in cadence.quarterly.items():
        cadence = tick(cadence, "quarterly", name, True, today)
    assert cadence.quarterly_last_completed == today
    assert cadence_due_date(cadence, "quarterly", date(2026, 1, 1)) == date(2026, 8, 31)
    with pytest.raises(ValueError, match="not a monthly cadence item"):
        tick(cadence, "monthly", "business_review", True, today)


def test_cadence_labels_are_the_playbooks() -> None:
    cadence = Cadence()
    assert [label for _, label in cadence.monthly.items()] == [
        "Review metrics",
        "Check-in call",
        "Share updates",
        "Plan activities",
    ]
    assert [label for _, label in cadence.quarterly.items()] == [
        "Business review",
        "Strategy discussion",
        "Performance analysis",
        "Plan adjustments",
    ]


# -- checklists -------------------------------------------------------------------------
def test_checklist_progress() -> None:
    execution = Execution(sales_enablement=True, support_setup=True)
    assert (execution.done(), execution.total(), execution.progress()) == (2, 5, "2/5")
    assert Execution().progress() == "0/5"
    everything = Execution(**{name: True for name, _ in Execution.items()})
    assert everything.progress() == "5/5"
    assert ValueForPartner(customer_value=True).progress() == "1/4"
    assert ValueForYou().progress() == "0/4"
    assert Challenges(low_engagement=True).progress() == "1/3"


def test_model_checklists_do_not_count_their_on_switch() -> None:
    co = CoMarketing(enabled=True, joint_webinars=True)
    assert "enabled" not in dict(CoMarketing.items())
    assert co.progress() == "1/4"
    integration = IntegrationRequirements(enabled=True)
    assert integration.progress() == "0/4"


def test_agreement_progress_counts_agreed_elements() -> None:
    agreement = Agreement()
    assert agreement.progress() == "0/6"
    agreement.responsibilities = agreement.responsibilities.model_copy(
        update={"agreed": True, "note": "we host, they sell"}
    )
    assert agreement.progress() == "1/6"
    assert [label for _, label in Agreement.items()][0] == "Partnership type"


def test_every_challenge_has_the_playbooks_solution() -> None:
    assert set(CHALLENGE_SOLUTIONS) == {name for name, _ in Challenges.items()}
    assert all(CHALLENGE_SOLUTIONS.values())


def test_checklists_refuse_unknown_items() -> None:
    with pytest.raises(ValidationError):
        Execution(teleportation=True)


def test_settings_stay_valid_on_assignment() -> None:
    settings = Settings()
    with pytest.raises(ValidationError):
        settings.targets.prospect = -1
    with pytest.raises(ValidationError):
        settings.tools.crm = D("-1")
    assert settings.targets.prospect == 20


def test_cards_and_the_model_score_the_same_five_criteria() -> None:
    from partner_tui.domain.fit_score import FIT_FIELDS

    assert tuple(FitCriteria.model_fields) == FIT_FIELDS
