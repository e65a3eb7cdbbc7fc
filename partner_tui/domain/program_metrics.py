"""Step 5, Measurement, for the whole program: what the dashboard shows, computed in one pass.

Pure: no textual, no store. `measure(partners, settings, today)` walks the partners once and
returns every figure the dashboard needs, so the screen stays fast at 10,000 partners;
ProgramMeasure is the same walk a partner at a time (the Markdown report measures while it
writes, never holding 10,000 models).
What is due today is due_list.py's rule, the playbook's Next Steps next_steps.py's.

Definitions (the dashboard and README say the same):
- Funnel: partners *currently* in each board stage, against the stage targets.
- Conversion A -> B: of the partners whose stage history ever shows A, the share that later
  entered B or any stage after it (skipping a stage still counts as converting). Partners
  still sitting in A count against the rate: it is conversion *to date*.
- Median days in a stage: over completed stays (entered A, later left A), from the stage
  history. Stays still open are reported apart as the median age of the current members.
- Totals count every partner, archived ones too (a churned partner's revenue happened),
  except `partnerships`, which counts the partners on the board.
- Program cost over its life = cost per month x months since the first partner was added.
- Overall ROI = (revenue - cost) / cost with cost = program cost to date + partners'
  internal costs + payouts. None when there is no cost (no infinite returns).
- Each partner's figures are partner_figures.py's (from its deals, else as typed), passed
  in by the store; with deals the revenue chart is revenue earned per calendar month, net
  of refunds (deal_figures.revenue_by_month: a refund's month may be below zero).
- Top 5 by potential value: partners on the board only (an archived partner is not one
  to contact).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise
from typing import Any, NamedTuple, Protocol

from partner_tui.domain.due_list import DueItem, due_items, quiet_item
from partner_tui.domain.metrics import roi_percent
from partner_tui.domain.money import ZERO
from partner_tui.domain.next_steps import TOP_TO_CONTACT, NextStep, max_reached, next_steps
from partner_tui.domain.partner import Partner
from partner_tui.domain.partner_figures import DealMeasures, PartnerFigures, figures_of_partner
from partner_tui.domain.periods import month_index, month_label
from partner_tui.domain.program import Settings, monthly_program_cost
from partner_tui.domain.stages import PIPELINE, Stage, pipeline_index
from partner_tui.domain.targets import StageTargets

# An average month (365.25 / 12 days): turns the program's age in days into months.
DAYS_PER_MONTH = Decimal("30.4375")
SECONDS_PER_DAY = 86_400
ONE_DECIMAL = Decimal("0.1")
# Revenue chart: at most this many months, the most recent ones.
REVENUE_MONTHS_SHOWN = 24


# -- the figures ---------------------------------------------------------------------------
@dataclass(frozen=True)
class FunnelStage:
    stage: Stage
    count: int
    target: int

    @property
    def on_target(self) -> bool:
        return self.count >= self.target


@dataclass(frozen=True)
class Conversion:
    from_stage: Stage
    to_stage: Stage
    entered: int  # partners whose history shows from_stage
    converted: int  # of those, how many later reached to_stage or beyond

    @property
    def rate(self) -> Decimal | None:
        if self.entered == 0:
            return None
        return (Decimal(self.converted) * 100 / Decimal(self.entered)).quantize(ONE_DECIMAL)


@dataclass(frozen=True)
class StageTime:
    stage: Stage
    median_days: Decimal | None  # completed stays; None when none finished yet
    completed_stays: int
    median_current_days: Decimal | None  # partners in the stage now: how long so far


@dataclass(frozen=True)
class Totals:
    partnerships: int  # on the board (prospect..active)
    active: int
    archived: int
    leads: int
    deals: int
    revenue: Decimal
    payouts: Decimal
    partner_costs: Decimal  # the partners' own internal costs
    program_cost_per_month: Decimal
    program_months: Decimal  # since the first partner was added
    program_cost_to_date: Decimal

    @property
    def total_cost(self) -> Decimal:
        return self.program_cost_to_date + self.partner_costs + self.payouts

    @property
    def roi(self) -> Decimal | None:
        return roi_percent(self.revenue, self.total_cost)


@dataclass(frozen=True)
class RevenueByMonth:
    """Revenue earned per calendar month, from deals; without deals, revenue attributed
    bucketed by the month each partner went live (typed revenue is a running total with no
    dates: a cohort view, "partners who went live in March brought $X so far")."""

    months: list[tuple[int, Decimal]]  # (month_index, amount), oldest first, gaps filled with 0
    enough_data: bool
    note: str


@dataclass(frozen=True)
class PartnerRow:
    """One line of the per-partner table: the figures it shows and sorts by."""

    partner_id: str
    company: str
    stage: Stage
    fit: int
    potential_value: Decimal
    leads: int
    deals: int
    revenue: Decimal
    payout: Decimal
    cost: Decimal
    roi: Decimal | None
    typed: bool = False  # figures typed by hand (the partner has no deals)


class SortKey(StrEnum):
    REVENUE = "revenue"
    ROI = "roi"
    FIT = "fit"
    POTENTIAL_VALUE = "potential_value"

    @property
    def label(self) -> str:
        return {
            "revenue": "revenue",
            "roi": "ROI",
            "fit": "fit",
            "potential_value": "potential value",
        }[self.value]


@dataclass(frozen=True)
class ProgramMetrics:
    today: date
    funnel: list[FunnelStage]
    conversions: list[Conversion]
    stage_times: list[StageTime]
    totals: Totals
    due: list[DueItem]
    next_steps: list[NextStep]
    revenue_by_month: RevenueByMonth
    rows: list[PartnerRow] = field(repr=False)
    # The playbook's "Prioritize": the partners ranked first by potential value.
    top_by_value: list[PartnerRow] = field(default_factory=list)
    quiet: int = 0  # partners without contact for longer than their stage allows


# -- small pure helpers ----------------------------------------------------------------------
def median_days(seconds: list[int]) -> Decimal | None:
    """Median of durations given in seconds, in days to one decimal; None for no data."""
    if not seconds:
        return None
    ordered = sorted(seconds)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        middle = Decimal(ordered[mid])
    else:
        middle = Decimal(ordered[mid - 1] + ordered[mid]) / 2
    return (middle / SECONDS_PER_DAY).quantize(ONE_DECIMAL)


def months_between(start: date, end: date) -> Decimal:
    """Age in average months (one decimal); 0 when end is not after start."""
    days = (end - start).days
    if days <= 0:
        return ZERO
    return (Decimal(days) / DAYS_PER_MONTH).quantize(ONE_DECIMAL)


def _seconds(start: datetime, end: datetime) -> int:
    return max(0, int((end - start).total_seconds()))


def sort_rows(rows: Iterable[PartnerRow], key: SortKey, descending: bool = True) -> list[PartnerRow]:
    """Rows by one figure; ties by company. Partners without an ROI always go last."""
    rows = list(rows)
    if key is SortKey.ROI:
        with_roi = [r for r in rows if r.roi is not None]
        without = sorted((r for r in rows if r.roi is None), key=lambda r: r.company.lower())
        ordered = sorted(with_roi, key=lambda r: r.company.lower())
        ordered.sort(key=lambda r: r.roi or ZERO, reverse=descending)
        return ordered + without
    attr = {
        SortKey.REVENUE: "revenue",
        SortKey.FIT: "fit",
        SortKey.POTENTIAL_VALUE: "potential_value",
    }[key]
    ordered = sorted(rows, key=lambda r: r.company.lower())
    ordered.sort(key=lambda r: getattr(r, attr), reverse=descending)  # stable: ties by name
    return ordered


def earned_by_month(months: list[tuple[int, Decimal]]) -> RevenueByMonth:
    """The chart from deals: revenue earned in each calendar month (gaps are real zeros)."""
    shown = months[-REVENUE_MONTHS_SHOWN:]
    enough = sum(1 for _key, amount in shown if amount) >= 2
    note = "Revenue earned by month, from deals" if enough else (
        "Not enough data for a trend: deals earned revenue in one month only.")
    return RevenueByMonth(shown, enough, note)


def typed_revenue_by_cohort(buckets: dict[int, Decimal], today: date) -> RevenueByMonth:
    """Without deals: typed revenue by the month each partner went live (a cohort view),
    from the first month with revenue up to this one, gaps filled with zero; says so when
    a chart would mislead."""
    if not buckets:
        return RevenueByMonth([], False, "No revenue attributed yet.")
    last = max(max(buckets), month_index(today))
    keys = range(min(buckets), last + 1)[-REVENUE_MONTHS_SHOWN:]
    months = [(key, buckets.get(key, ZERO)) for key in keys]
    if len(buckets) < 2:
        only = month_label(next(iter(buckets)))
        return RevenueByMonth(
            months, False, f"Not enough data for a trend: all revenue is from partners live since {only}."
        )
    return RevenueByMonth(months, True, "Revenue attributed, by month partners went live")


# -- the one pass ---------------------------------------------------------------------------
def measure(
    partners: Iterable[Partner], settings: Settings, today: date, deals: DealMeasures | None = None
) -> ProgramMetrics:
    """Every dashboard figure from one walk over the partners (and `deals`' figures)."""
    measuring = ProgramMeasure(settings, today, deals)
    for partner in partners:
        measuring.add(partner)
    return measuring.result()


class MeasuredPartner(Protocol):
    """What the measure reads of a partner: a Partner, or a reading of its stored record
    that holds the same values (exchange/report_records.ReportPartner, held to the
    model's by a property test). A partner whose figures are not given is measured by
    figures_of_partner, which reads its models, metrics and activities too."""

    @property
    def id(self) -> str: ...
    @property
    def company(self) -> str: ...
    @property
    def stage(self) -> Stage: ...
    @property
    def potential_value(self) -> Decimal | None: ...
    @property
    def stage_history(self) -> Sequence[Any]: ...  # .stage, .entered_at
    @property
    def activities(self) -> Sequence[Any]: ...  # .kind (next_steps.contacted)
    @property
    def created_at(self) -> datetime: ...
    @property
    def next_action(self) -> str: ...
    @property
    def next_action_date(self) -> date | None: ...
    @property
    def cadence(self) -> Any: ...  # the Cadence model
    @property
    def fit_score(self) -> int: ...
    @property
    def live_since(self) -> date: ...


class TotalsShare(NamedTuple):
    """What one partner adds to the program's totals (ProgramTotals.share_of): its stage,
    for each pipeline stage its history shows whether it later moved on, its figures'
    sums, and the day it started (the program's age runs from the first)."""

    stage: Stage
    outcome: tuple[tuple[Stage, bool], ...]
    leads: int
    won: int
    revenue: Decimal
    payout: Decimal
    internal_cost: Decimal
    start: date


class ProgramTotals:
    """The program's totals and conversion to date, a partner at a time: `add` each
    partner, then `totals()` and `conversions()`. The part of the dashboard's walk the
    Markdown report's key figures read: ProgramMeasure holds one, so each figure has one
    implementation, and the report measures no more than it writes."""

    def __init__(self, settings: Settings, today: date, deals: DealMeasures | None = None) -> None:
        self.settings = settings
        self.today = today
        self.deals = deals or DealMeasures()
        self.counts = dict.fromkeys(PIPELINE, 0)
        self.entered = dict.fromkeys(PIPELINE, 0)
        self.converted = dict.fromkeys(PIPELINE, 0)
        self.archived = self.leads = self.won = 0
        self.revenue = self.payouts = self.partner_costs = ZERO
        # How many partners started on each day: the program's age runs from the first
        # (counted, not only the least kept, so a share can be taken back out).
        self.starts: dict[date, int] = {}

    def add(self, p: MeasuredPartner) -> PartnerFigures:
        """Take one partner into the totals; its figures (from its deals when it has any)."""
        share, money = self.share_of(p)
        self.take(share)
        return money

    def share_of(self, p: MeasuredPartner) -> tuple[TotalsShare, PartnerFigures]:
        """What one partner adds to the totals, and its figures (from its deals when it
        has any): `add` is `take(share_of(p))`, so what a partner adds can be kept and
        taken again without the partner (speedups/report_carry.py)."""
        stage = p.stage
        # Stage history, walked once from the end: for each stage the outcome of its
        # *earliest* entry (did any later change reach a further stage?).
        history = p.stage_history
        furthest_after = -1  # furthest pipeline index among the changes after this one
        outcome: dict[Stage, bool] = {}
        for change in reversed(history):
            index = pipeline_index(change.stage)
            if index is None:
                continue
            outcome[change.stage] = furthest_after > index  # earlier entries overwrite later
            furthest_after = max(furthest_after, index)
        if not history and stage in self.counts:
            outcome[stage] = False  # a hand-made record without history: in its stage now

        # Money and measurement: the partner's figures (from its deals when it has any).
        money = self.deals.figures.get(p.id) or figures_of_partner(
            p, self.today, self.settings.rules.quiet_after(stage.value))  # type: ignore[arg-type]

        # Program age: from the first partner ever added.
        start = p.created_at.date()
        if history and history[0].entered_at.date() < start:
            start = history[0].entered_at.date()
        return TotalsShare(
            stage, tuple(outcome.items()), money.leads, money.deals_won, money.revenue,
            money.payout, money.internal_cost, start,
        ), money

    def take(self, share: TotalsShare, times: int = 1) -> None:
        """Take one partner's share (share_of's) into the totals; `times` -1 takes a
        share taken before back out (the partner changed since: the sums are exact, so
        the totals are as if it had never been taken)."""
        counts = self.counts
        if share.stage in counts:
            counts[share.stage] += times
        else:
            self.archived += times
        entered, converted = self.entered, self.converted
        for stage_seen, moved_on in share.outcome:
            entered[stage_seen] += times
            converted[stage_seen] += moved_on * times
        self.leads += share.leads * times
        self.won += share.won * times
        self.revenue += share.revenue * times
        self.payouts += share.payout * times
        self.partner_costs += share.internal_cost * times
        starts = self.starts
        left = starts[share.start] = starts.get(share.start, 0) + times
        if not left:
            del starts[share.start]

    @property
    def first_day(self) -> date | None:
        """The day the first partner started (None: no partner)."""
        return min(self.starts) if self.starts else None

    def conversions(self) -> list[Conversion]:
        return [
            Conversion(a, b, self.entered[a], self.converted[a]) for a, b in pairwise(PIPELINE)
        ]

    def totals(self) -> Totals:
        counts, today = self.counts, self.today
        per_month = monthly_program_cost(self.settings)
        first_day = self.first_day
        months = months_between(first_day, today) if first_day else ZERO
        return Totals(
            partnerships=sum(counts.values()),
            active=counts[Stage.ACTIVE],
            archived=self.archived,
            leads=self.leads,
            deals=self.won,
            revenue=self.revenue,
            payouts=self.payouts,
            partner_costs=self.partner_costs,
            program_cost_per_month=per_month,
            program_months=months,
            program_cost_to_date=(per_month * months).quantize(Decimal("0.01")),
        )


class ProgramMeasure:
    """measure(), a partner at a time: `add` each partner, then `result()`. Nothing keeps
    a partner's model but the few ranked first by potential value (the Next Steps read
    them), so a caller that makes each model as it goes holds one at a time. The totals
    and conversions are its ProgramTotals' (`program`)."""

    def __init__(self, settings: Settings, today: date, deals: DealMeasures | None = None) -> None:
        self.settings = settings
        self.today = today
        self.program = ProgramTotals(settings, today, deals)
        self.deals = self.program.deals
        self.stays: dict[Stage, list[int]] = {stage: [] for stage in PIPELINE}
        self.current_ages: dict[Stage, list[int]] = {stage: [] for stage in PIPELINE}
        self.quiet_count = 0
        self.due: list[DueItem] = []
        self.rows: list[PartnerRow] = []
        self.buckets: dict[int, Decimal] = {}
        self.identified = self.valued = self.reached_engage = 0
        # The partners ranked first by potential value so far: ((rank key, index), model),
        # the TOP_TO_CONTACT smallest (heapq.nsmallest's order: ties by the order added).
        self.top: list[tuple[tuple[tuple[Decimal, int, str], int], MeasuredPartner]] = []

    def add(self, p: MeasuredPartner) -> None:
        """Take one partner into the figures."""
        money = self.program.add(p)
        today, stays = self.today, self.stays
        stage = p.stage
        on_board = stage in stays
        self.identified += 1
        if (p.potential_value or ZERO) > 0:
            self.valued += 1

        # Completed stays: a pipeline stage entered, then left by the next change.
        history = p.stage_history
        for change, following in pairwise(history):
            if change.stage in stays:
                stays[change.stage].append(_seconds(change.entered_at, following.entered_at))
        if on_board:
            since = (history[-1].entered_at if history else p.created_at).date()
            self.current_ages[stage].append(max(0, (today - since).days) * SECONDS_PER_DAY)
        if max_reached(p) >= 1:  # type: ignore[arg-type]
            self.reached_engage += 1

        live_since = p.live_since
        if money.revenue > 0:
            key = month_index(live_since)
            self.buckets[key] = self.buckets.get(key, ZERO) + money.revenue
        row = PartnerRow(
            p.id, p.company, stage, p.fit_score, p.potential_value or ZERO, money.leads,
            money.deals_won, money.revenue, money.payout, money.cost, money.roi,
            money.typed,
        )
        self.rows.append(row)

        self.due.extend(due_items(p, today, live_since))  # type: ignore[arg-type]
        quiet = quiet_item(p.id, p.company, money)
        if quiet is not None:
            self.due.append(quiet)
            self.quiet_count += 1

        # The top 5 on the board by potential value (fit breaks ties), ranked from the
        # row's figures so no partner's fit score is computed twice.
        if on_board:
            rank = ((-row.potential_value, -row.fit, row.company.lower()), len(self.rows) - 1)
            if len(self.top) < TOP_TO_CONTACT or rank < self.top[-1][0]:
                self.top.append((rank, p))
                self.top.sort(key=lambda ranked: ranked[0])
                del self.top[TOP_TO_CONTACT:]

    def result(self) -> ProgramMetrics:
        """The figures of every partner added."""
        program, today, deals = self.program, self.today, self.deals
        counts = program.counts
        targets: StageTargets = self.settings.targets
        funnel = [FunnelStage(stage, counts[stage], targets.for_stage(stage)) for stage in PIPELINE]
        stage_times = [
            StageTime(stage, median_days(self.stays[stage]), len(self.stays[stage]),
                      median_days(self.current_ages[stage]))
            for stage in PIPELINE
        ]
        due = sorted(self.due, key=lambda d: d.sort_key)
        steps = next_steps(
            [partner for _rank, partner in self.top], self.identified, self.valued,  # type: ignore[misc]
            self.reached_engage, counts[Stage.ACTIVE],
        )
        return ProgramMetrics(
            today=today,
            funnel=funnel,
            conversions=program.conversions(),
            stage_times=stage_times,
            totals=program.totals(),
            due=due,
            next_steps=steps,
            revenue_by_month=(
                earned_by_month(deals.months)
                if any(not f.typed for f in deals.figures.values())
                else typed_revenue_by_cohort(self.buckets, today)
            ),
            rows=list(self.rows),
            top_by_value=[self.rows[index] for (_key, index), _partner in self.top],
            quiet=self.quiet_count,
        )
