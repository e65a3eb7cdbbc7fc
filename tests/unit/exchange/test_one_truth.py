"""One truth for every figure: random programs (partners, terms, deals, payments), and every
place that shows a partner's figures says the same thing (issue 24).

show --json, list --json, export json, export md, the dashboard's rows (the screens' figure
source) and the payout statement CSV, summed over every period to date, all agree with
store.payouts.figures(), the one implementation (domain/partner_figures.py). Deals may be
refunded: every revenue figure (show, the dashboard's totals and months, the statements,
the MCP statement) is what the deals brought minus what was refunded, worked out here
from the deals themselves, so a new figure that counts a refunded deal whole fails.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.cli.partner_commands import list_document, show_document
from partner_tui.domain.deals import Deal, DealStatus, refunded
from partner_tui.domain.metrics import Metrics
from partner_tui.domain.money import format_money, format_percent
from partner_tui.domain.partner import Partner, StageChange
from partner_tui.domain.partnership_models import (
    PartnershipModels,
    PaymentTerms,
    ReferralFee,
    ReferralPayment,
    RevenueShare,
)
from partner_tui.domain.payments import Payment
from partner_tui.domain.payouts import to_cents
from partner_tui.domain.periods import Period, PeriodKind
from partner_tui.domain.program_metrics import measure
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.exchange.json_export import export_document
from partner_tui.exchange.markdown import export_markdown
from partner_tui.exchange.payout_statement import build_statement, statement_csv
from partner_tui.mcp.documents import statement_document
from partner_tui.store.partner_store import PartnerStore

# The last day of a quarter: the quarter statements to date then cover exactly the months
# the figures count (through this month), for monthly and quarterly partners alike.
TODAY = date(2026, 3, 31)
FIRST = date(2024, 1, 1)
DAYS = (TODAY - FIRST).days

money = st.integers(0, 500_000).map(lambda cents: Decimal(cents).scaleb(-2))
day = st.integers(0, DAYS).map(lambda n: FIRST + timedelta(days=n))


@st.composite
def partners(draw: st.DrawFn, index: int) -> Partner:
    share = RevenueShare(
        enabled=draw(st.booleans()),
        percent=Decimal(draw(st.integers(0, 5_000))).scaleb(-2),
        duration_years=draw(st.integers(0, 3)),
        minimum_customers=draw(st.integers(0, 4)),
        payment_terms=draw(st.sampled_from(list(PaymentTerms))),
    )
    fee = ReferralFee(
        enabled=draw(st.booleans()), amount=draw(money),
        payment=draw(st.sampled_from(list(ReferralPayment))),
    )
    stage = draw(st.sampled_from(list(Stage)))
    went_live = datetime.combine(draw(day), datetime.min.time(), UTC)
    history = [StageChange(stage=Stage.ACTIVE, entered_at=went_live)]
    if stage is not Stage.ACTIVE:
        history.append(StageChange(stage=stage, entered_at=went_live + timedelta(days=1)))
    return Partner(
        id=f"p{index}",
        company=f"Partner {index}",
        stage=stage,
        archive_reason=ArchiveReason.PAUSED if stage is Stage.ARCHIVED else None,
        stage_history=history,
        created_at=went_live,
        updated_at=went_live,
        models=PartnershipModels(revenue_share=share, referral_fee=fee),
        metrics=Metrics(
            leads_generated=draw(st.integers(0, 50)), deals_closed=draw(st.integers(0, 20)),
            revenue_attributed=draw(money), internal_cost=draw(money),
        ),
    )


@st.composite
def deals(draw: st.DrawFn, partner_id: str, index: int) -> Deal:
    registered = draw(day)
    status = draw(st.sampled_from(["registered", "won", "lost", "refunded"]))
    fields: dict[str, object] = {
        "partner_id": partner_id, "customer": f"Customer {partner_id}-{index}",
        "customer_domain": f"c{partner_id}-{index}.io", "status": status,
        "registered_on": registered.isoformat(),
    }
    if status != "registered":
        closed = registered + timedelta(days=draw(st.integers(0, (TODAY - registered).days)))
        fields["closed_on"] = closed.isoformat()
        if status in ("won", "refunded"):
            fields["status"] = "won"
            fields["amount"] = str(draw(money))
            fields["monthly_revenue"] = str(draw(money))
            if draw(st.booleans()):
                fields["ended_on"] = (closed + timedelta(days=draw(st.integers(0, 400)))).isoformat()
            if draw(st.booleans()):
                fields["paid_on"] = (closed + timedelta(days=draw(st.integers(0, 90)))).isoformat()
    deal = Deal.model_validate(fields)
    if status == "refunded":
        # Refunded on a day from its close through today, wholly or in part (docs/refunds.md).
        assert deal.closed_on is not None
        on = deal.closed_on + timedelta(days=draw(st.integers(0, (TODAY - deal.closed_on).days)))
        most = to_cents(deal.revenue_brought(on))
        part = draw(st.one_of(st.none(), st.integers(1, most) if most else st.none()))
        deal = refunded(deal, on, None if part is None else Decimal(part).scaleb(-2))
    return deal


def _brought_minus_refunded(deals: list[Deal], partner_id: str) -> Decimal:
    """What a partner's deals brought through TODAY minus what was refunded of them, from
    the deals themselves (not through the rules' facts): every revenue figure's answer."""
    total = Decimal("0.00")
    for deal in deals:
        if deal.partner_id != partner_id or deal.status not in (
                DealStatus.WON, DealStatus.REFUNDED):
            continue
        through = deal.refunded_on if deal.refunded_on is not None else TODAY
        brought = deal.revenue_brought(through)
        total += brought
        if deal.status is DealStatus.REFUNDED:
            total -= brought if deal.refunded_amount is None else deal.refunded_amount
    return total


@st.composite
def programs(draw: st.DrawFn) -> tuple[list[Partner], list[Deal], list[Payment]]:
    people = [draw(partners(i)) for i in range(draw(st.integers(1, 4)))]
    sold = [draw(deals(p.id, i)) for p in people for i in range(draw(st.integers(0, 4)))]
    paid = []
    for p in people:
        quarterly = p.models.revenue_share.payment_terms is PaymentTerms.QUARTERLY
        kind = PeriodKind.QUARTER if quarterly else PeriodKind.MONTH
        for when in draw(st.sets(day, max_size=3)):
            paid.append(Payment(
                partner_id=p.id, period=Period.of(when, kind).label, amount=draw(money),
                paid_on=TODAY,
            ))
    return people, sold, paid


def _statement_sums(store: PartnerStore) -> dict[str, tuple[Decimal, Decimal, Decimal]]:
    """Each partner's total, paid and revenue, summed over every quarter to date: total and
    paid from the statement CSV, revenue from the Payouts screen's lines (the statement
    leaves out a line that earned nothing to pay); the MCP statement and the CSV say each
    line's revenue as the screen's line does."""
    sums: dict[str, tuple[Decimal, Decimal, Decimal]] = {}
    quarter = Period.of(FIRST - timedelta(days=400), PeriodKind.QUARTER)
    while quarter.first <= Period.of(TODAY, PeriodKind.QUARTER).first:
        lines = {line.partner_id: line for line in store.payouts.for_period(quarter)}
        rows = list(csv.DictReader(io.StringIO(statement_csv(build_statement(store, quarter)))))
        told = statement_document(store, quarter.label)["lines"]
        assert [row["revenue"] for row in rows] == [line["revenue"] for line in told]
        for row in rows:
            assert Decimal(row["revenue"]) == lines[row["partner_id"]].revenue
            total, paid, revenue = sums.get(row["partner_id"], (Decimal(0),) * 3)
            sums[row["partner_id"]] = (
                total + Decimal(row["total"]), paid + Decimal(row["paid"]), revenue)
        for pid, line in lines.items():
            total, paid, revenue = sums.get(pid, (Decimal(0),) * 3)
            sums[pid] = (total, paid, revenue + line.revenue)
        quarter = quarter.step()
    return sums


# TRUTH_EXAMPLES=3000 runs it over thousands of programs (by hand: about 8 minutes).
@settings(max_examples=int(os.environ.get("TRUTH_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs())
def test_every_place_shows_the_same_figures(program: tuple) -> None:
    people, sold, paid = program
    with (
        tempfile.TemporaryDirectory() as folder,
        PartnerStore(Path(folder) / "partners.json") as store,
    ):
        store.partners.add_many(people)
        if sold:
            store.deals.add_many(sold, override=True)
        if paid:
            store.payouts.add_payments(paid)
        truth = {p.id: store.payouts.figures(p.id, TODAY) for p in people}
        listed = {
            entry["id"]: entry["figures"]
            for entry in list_document(store, [store.partners.card(p.id) for p in people], TODAY)[
                "partners"]
        }
        exported = export_document(
            store.partners.all(), store.program.settings(), [], datetime.now(UTC), store.deals.all(),
            store.payouts.all_payments(), store.payouts.all_figures(TODAY),
        )["figures"]
        measures = store.payouts.deal_measures(TODAY)
        # Every month since the first deal could close: the chart's months add up to the
        # revenue of every partner measured by its deals.
        every_month = store.payouts.deal_measures(TODAY, months=(TODAY - FIRST).days // 28 + 2)
        by_deals = [truth[p.id].revenue for p in people if not truth[p.id].typed]
        assert sum(amount for _m, amount in every_month.months) == sum(by_deals)
        dashboard = measure(store.partners.all(), store.program.settings(), TODAY, measures)
        rows = {row.partner_id: row for row in dashboard.rows}
        assert dashboard.totals.revenue == sum(figures.revenue for figures in truth.values())
        report = export_markdown(store.partners.all(), store.program.settings(), TODAY, measures)
        statements = _statement_sums(store)
        for p in people:
            figures = truth[p.id]
            shown = show_document(store, p.id, TODAY)
            assert shown["figures"] == listed[p.id] == exported[p.id] == figures.as_json()
            assert shown["payout"] == format(figures.payout, "f")
            row = rows[p.id]
            assert (row.leads, row.deals, row.revenue, row.payout, row.roi, row.typed) == (
                figures.leads, figures.deals_won, figures.revenue, figures.payout,
                figures.roi, figures.typed)
            section = report[report.index(f"### {p.company}\n") + 4:]
            section = re.split(r"\n#{2,3} ", section)[0]
            if "**Metrics" in section:
                assert f"revenue {format_money(figures.revenue)}, " in section
                assert f"payout {format_money(figures.payout)} " in section
                assert f"ROI {format_percent(figures.roi)}" in section
                assert ("(typed)" in section) == figures.typed
            if not figures.typed:
                total, paid_sum, revenue = statements.get(p.id, (Decimal(0),) * 3)
                assert total == figures.payout
                assert paid_sum == figures.paid
                # Revenue is net of refunds everywhere: brought minus refunded (issue 32).
                assert revenue == figures.revenue == _brought_minus_refunded(sold, p.id)
