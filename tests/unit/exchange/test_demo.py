"""The demo program: deterministic, realistic, every stage and checklist filled, loads once."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from partner_tui.domain.due import DueState, next_action_due
from partner_tui.domain.partner import Partner
from partner_tui.domain.partner_types import PARTNER_SUBTYPES
from partner_tui.domain.program import Settings
from partner_tui.domain.program_metrics import measure
from partner_tui.domain.stages import PIPELINE, Stage
from partner_tui.domain.templates import OutreachTemplate
from partner_tui.exchange.demo import DemoRefused, database_is_empty, demo_program, load_demo
from partner_tui.store.partner_store import PartnerStore

TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def program():
    return demo_program(TODAY)


def by_stage(partners: list[Partner]) -> dict[Stage, list[Partner]]:
    out: dict[Stage, list[Partner]] = {}
    for p in partners:
        out.setdefault(p.stage, []).append(p)
    return out


def test_same_day_same_program_and_ids_are_stable(program) -> None:
    again = demo_program(TODAY)
    assert again == program
    assert [p.id for p in program.partners] == [f"demo-{i:02d}" for i in range(1, 26)]


def test_dates_move_with_today(program) -> None:
    later = demo_program(TODAY + timedelta(days=40))
    for a, b in zip(program.partners, later.partners, strict=True):
        assert b.created_at - a.created_at == timedelta(days=40)
        if a.next_action_date:
            assert b.next_action_date - a.next_action_date == timedelta(days=40)


def test_about_25_partners_in_every_stage_with_archived_reasons(program) -> None:
    stages = by_stage(program.partners)
    assert 22 <= len(program.partners) <= 30
    assert all(stages.get(stage) for stage in PIPELINE)
    archived = stages[Stage.ARCHIVED]
    assert 2 <= len(archived) <= 3
    assert all(p.archive_reason is not None and p.archived_from is not None for p in archived)
    assert len({p.archive_reason for p in archived}) == len(archived)  # declined, paused, churned


def test_every_partner_is_valid_and_realistic(program) -> None:
    names = [p.company for p in program.partners]
    assert len(set(names)) == len(names)
    for p in program.partners:
        # Re-validating the dump proves the record would load from a data file.
        assert Partner.model_validate(p.model_dump(mode="json")) == p
        assert p.partner_type is not None and p.subtype in PARTNER_SUBTYPES[p.partner_type]
        assert p.contact_email and p.website and "example" not in p.contact_email
        assert p.fit.rated and p.activities
        assert p.stage_history[-1].stage is p.stage
        entered = [c.entered_at for c in p.stage_history]
        assert entered == sorted(entered) and p.created_at == entered[0]
        assert p.created_at.date() < TODAY and p.updated_at >= p.created_at


def test_next_actions_are_overdue_due_today_and_later(program) -> None:
    states = Counter(
        next_action_due(p, TODAY) for p in program.partners if p.stage is not Stage.ARCHIVED
    )
    assert states[DueState.OVERDUE] >= 2
    assert states[DueState.TODAY] >= 2
    assert states[DueState.LATER] + states[DueState.SOON] >= 5


def test_negotiate_and_active_partners_carry_their_checklists(program) -> None:
    stages = by_stage(program.partners)
    for p in stages[Stage.NEGOTIATE] + stages[Stage.ACTIVE]:
        assert p.agreement.done() > 0
        assert p.models.enabled_names()
        assert p.value_proposition.specific
    for p in stages[Stage.ACTIVE]:
        assert p.execution.done() > 0
        assert p.metrics.leads_generated and p.metrics.deals_closed
        assert p.metrics.revenue_attributed > 0 and p.metrics.internal_cost > 0
        assert p.metrics.customer_satisfaction is not None
        assert p.cadence.monthly_last_completed is not None
    assert any(p.challenges.done() for p in program.partners)


def test_settings_and_templates(program) -> None:
    settings: Settings = program.settings
    # The company is the program's (the file); your name is per person (your config).
    assert (settings.profile.your_company, settings.profile.your_name) == ("Lumen Desk", "")
    assert (settings.targets.prospect, settings.targets.engage,
            settings.targets.negotiate, settings.targets.active) == (20, 10, 5, 3)
    assert settings.resources.hours_per_week > 0 and settings.resources.hourly_rate > 0
    assert settings.tools.monthly_total > 0
    assert 1 <= len(program.templates) <= 3
    assert all(isinstance(t, OutreachTemplate) and not t.builtin for t in program.templates)


def test_dashboard_figures_are_meaningful(program) -> None:
    figures = measure(program.partners, program.settings, TODAY)
    assert all(c.rate is not None and 0 < c.rate < 100 for c in figures.conversions)
    assert all(t.median_days is not None for t in figures.stage_times[:3])
    assert figures.totals.revenue > 0
    assert figures.totals.roi is not None and figures.totals.roi > 0
    assert figures.due  # something to do today


def test_load_demo_fills_an_empty_store_in_one_go(db_path, frozen_clock) -> None:
    with PartnerStore(db_path) as store:
        assert database_is_empty(store)
        assert len(load_demo(store, TODAY).partners) == 25
    with PartnerStore(db_path, read_only=True) as store:
        assert store.partners.count() == 25
        assert store.program.settings() == demo_program(TODAY).settings
        assert {t.id for t in store.program.templates()} >= {"demo-tpl-follow-up", "demo-tpl-check-in"}
        assert [p.company for p in store.partners.list_by_stage(Stage.ACTIVE)][0] == "Northwind CRM"


@pytest.mark.parametrize("what", ["partner", "template", "settings"])
def test_load_demo_refuses_any_existing_data(db_path, what: str) -> None:
    from partner_tui.domain.partner import new_partner
    from partner_tui.domain.templates import OutreachTemplate

    with PartnerStore(db_path) as store:
        if what == "partner":
            store.partners.add(new_partner("Mine"))
        elif what == "template":
            store.program.save_template(OutreachTemplate(name="Mine"))
        else:
            settings = store.program.settings()
            store.program.save_settings(settings.model_copy(update={"currency_symbol": "€"}))
    before = db_path.read_bytes()
    with PartnerStore(db_path) as store:
        assert not database_is_empty(store)
        with pytest.raises(DemoRefused, match="not empty"):
            load_demo(store, TODAY)
    assert db_path.read_bytes() == before


def test_the_demo_has_a_deal_history_with_the_last_period_still_owed(program) -> None:
    statuses = Counter(deal.status.value for deal in program.deals)
    assert statuses["won"] >= 10 and statuses["lost"] >= 3 and statuses["registered"] >= 3
    assert any(deal.ended_on for deal in program.deals)
    assert all(deal.closed_on is None or deal.closed_on <= TODAY for deal in program.deals)
    assert len({deal.customer_domain for deal in program.deals}) == len(program.deals)
    assert program.payments and all(p.paid_on <= TODAY for p in program.payments)


def test_the_demo_loads_its_deals_and_payments(db_path, frozen_clock) -> None:
    from partner_tui.domain.periods import Period

    with PartnerStore(db_path) as store:
        load_demo(store, TODAY)
    with PartnerStore(db_path, read_only=True) as store:
        assert store.deals.count() == len(demo_program(TODAY).deals)
        last_month = Period.of(TODAY).step(-1)
        owed = [line for line in store.payouts.for_period(last_month) if line.owed]
        assert owed  # something to pay on the Payouts screen's first look
        # Last month is held for refunds (pending), the month before is the latest payable
        # (owed), and what was payable before that is paid (test_demo_rules.py: the rule).
        assert any(line.owed for line in store.payouts.for_period(last_month.step(-1)))
        three_ago = store.payouts.for_period(last_month.step(-2))
        assert all(line.settled or not line.payable for line in three_ago)
