"""Tiers through the store (docs/tiers.md): a change of tier logged once, by id, also
with two writers; the tier in figures, statements, cards' lookup; settings that change
the tiers recompute the payouts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from partner_tui.domain.deals import Deal, DealStatus
from partner_tui.domain.partner import new_partner
from partner_tui.domain.partnership_models import PartnershipModels, RevenueShare
from partner_tui.domain.periods import Period, month_index
from partner_tui.domain.stages import Stage
from partner_tui.exchange.payout_statement import (
    build_statement,
    statement_csv,
    statement_markdown,
)
from partner_tui.store.partner_store import PartnerStore

TODAY = date(2026, 3, 16)
TIERS = "Registered 0; Silver 10,000 at 25%"


def _program(db_path: Path) -> str:
    """Acme (10% flat, caps) with one big deal closed in February: Silver from March."""
    with PartnerStore(db_path) as store:
        share = RevenueShare(enabled=True, percent=Decimal(10),
                             cap_per_period=Decimal(2000))
        partner = store.partners.add(new_partner(
            "Acme", stage=Stage.ACTIVE, models=PartnershipModels(revenue_share=share)))
        store.deals.add(Deal(
            partner_id=partner.id, customer="Big Co", customer_domain="big.example",
            status=DealStatus.WON, registered_on=date(2026, 1, 5),
            closed_on=date(2026, 2, 10), amount=Decimal(12000),
            monthly_revenue=Decimal(1000),
        ))
        settings = store.program.settings()
        rules = settings.rules.model_copy(update={"tiers": TIERS})
        store.program.save_settings(settings.model_copy(update={"rules": rules}))
        return partner.id


def test_a_change_of_tier_is_logged_once_signed_program(db_path: Path) -> None:
    pid = _program(db_path)
    with PartnerStore(db_path) as store:
        assert store.payouts.log_tier_changes(TODAY) == [pid]
        assert store.payouts.log_tier_changes(TODAY) == []  # never twice
        logged = [a for a in store.partners.get(pid).activities if a.author == "program"]
        assert [(a.id, a.date) for a in logged] == [("tier-2026-03", date(2026, 3, 1))]
        assert logged[0].text == (
            "Tier: Registered → Silver (trailing 12 months' revenue $13,000.00)")
        # April: no change from March, nothing logged.
        assert store.payouts.log_tier_changes(date(2026, 4, 2)) == []
        # The program's own log is no contact with the partner.
        figures = store.payouts.figures(pid, TODAY)
        assert figures.last_touch != date(2026, 3, 1)
        assert figures.tier == "Silver"


def test_two_writers_log_a_change_of_tier_as_one_entry(db_path: Path) -> None:
    pid = _program(db_path)
    first, second = PartnerStore(db_path), PartnerStore(db_path)
    try:
        assert first.payouts.log_tier_changes(TODAY) == [pid]
        second.payouts.log_tier_changes(TODAY)  # it may not have seen the first's yet
        first.flush()
        second.flush()
        first.merge_from_disk()
        entries = [a for a in first.partners.get(pid).activities if a.id == "tier-2026-03"]
        assert len(entries) == 1
    finally:
        first.close()
        second.close()
    with PartnerStore(db_path) as store:
        entries = [a for a in store.partners.get(pid).activities if a.author == "program"]
        assert len(entries) == 1


def test_statements_say_the_tier_and_the_cap_per_period(db_path: Path) -> None:
    pid = _program(db_path)
    with PartnerStore(db_path) as store:
        march = Period.parse("2026-03")
        # Silver's 25% of 1,000 = 250.00 in March; February at the own 10% of 13,000 =
        # 1,300.00, under the cap of 2,000.
        assert store.payouts.of_partner(pid, march).revenue_share == Decimal("250.00")
        feb = store.payouts.of_partner(pid, Period.parse("2026-02"))
        assert feb.revenue_share == Decimal("1300.00")
        statement = build_statement(store, march, TODAY)
        assert "tier Silver" in statement_csv(statement)
        text = statement_markdown(statement, store, store.program.settings(), TODAY)
        assert "Tier: Silver." in text
        assert "cap per month $2,000.00" in text
        assert "| 25% (the tier's) |" in text
        assert store.payouts.tiers_above_first(month_index(TODAY)) == {pid: "Silver"}


def test_the_statements_show_a_tier_as_the_cards_do_only_above_the_first(
    db_path: Path,
) -> None:
    """February is Registered (the first tier, everyone's): no card mark, no tier in the
    CSV's note nor a Tier line in the Markdown. A quarter that rises to Silver says both."""
    pid = _program(db_path)
    with PartnerStore(db_path) as store:
        feb = Period.parse("2026-02")
        assert pid not in store.payouts.tiers_above_first(feb.first)
        statement = build_statement(store, feb, TODAY)
        (line,) = statement.lines
        assert line.notes() == ""  # 1,300.00 under the cap of 2,000: nothing to say
        text = statement_markdown(statement, store, store.program.settings(), TODAY)
        assert "Tier: Registered" not in text and "\nTier:" not in text
        quarter = build_statement(store, Period.parse("2026-Q1"), TODAY)
        assert quarter.lines[0].notes().startswith(
            "tier Registered until 2026-02, Silver from 2026-03")


def test_a_cap_per_period_is_a_line_of_its_own_in_the_statement(db_path: Path) -> None:
    pid = _program(db_path)
    with PartnerStore(db_path) as store:
        partner = store.partners.get(pid)
        share = partner.models.revenue_share.model_copy(update={"cap_per_period": Decimal(1000)})
        store.partners.update(partner.model_copy(update={
            "models": partner.models.model_copy(update={"revenue_share": share})}))
        feb = Period.parse("2026-02")
        assert store.payouts.of_partner(pid, feb).revenue_share == Decimal("1000.00")
        text = statement_markdown(build_statement(store, feb, TODAY), store,
                                  store.program.settings(), TODAY)
        assert "| Cap per month ($1,000.00) | | | | | -$300.00 | | -$300.00 |" in text
        assert "| Big Co |" in text and "$1,300.00" in text  # the deal's part before the cap
