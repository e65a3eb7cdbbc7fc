"""What a partner adds to the Markdown report's head, as the kept report holds it.

exchange/markdown.ReportShare (with domain/program_metrics.TotalsShare in it) is what a
partner adds to the report's key figures; the kept month report (speedups/
kept_report_month.py) holds each partner's so that a store's close (speedups/
report_carry.py) makes the head again: from the sums kept (sums_json: what the head is
made from once every share is taken), the kept shares of the partners it changed taken
back out and their new shares taken in (MarkdownReport.take), no other partner's share
read. Here a share and the sums are written as JSON and read back: money as exact
decimal text, days as ordinals, stages by value. tests/unit/speedups/
test_report_shares.py holds them read back equal, and a head made from kept sums with
shares taken out and in equal to the head made from the partners.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from partner_tui.domain.program_metrics import TotalsShare
from partner_tui.domain.stages import Stage
from partner_tui.exchange.markdown import MarkdownReport, ReportShare


def share_json(share: ReportShare) -> list[Any]:
    """`share` as JSON values."""
    totals = share.totals
    return [
        totals.stage.value, [[stage.value, moved] for stage, moved in totals.outcome],
        totals.leads, totals.won, str(totals.revenue), str(totals.payout),
        str(totals.internal_cost), totals.start.toordinal(), str(share.potential_value),
        None if share.due is None else share.due.toordinal(),
    ]


def share_of_json(data: Any) -> ReportShare:
    """The share `data` (share_json's) holds; ValueError when it holds none."""
    try:
        (stage, outcome, leads, won, revenue, payout, internal, start, value, due) = data
        if type(leads) is not int or type(won) is not int or type(start) is not int:
            raise ValueError("not a kept share")
        if not all(type(text) is str for text in (revenue, payout, internal, value)):
            raise ValueError("not a kept share")
        if not all(type(moved) is bool for _, moved in outcome):
            raise ValueError("not a kept share")
        totals = TotalsShare(
            Stage(stage), tuple((Stage(seen), moved) for seen, moved in outcome), leads, won,
            Decimal(revenue), Decimal(payout), Decimal(internal), date.fromordinal(start),
        )
        return ReportShare(totals, Decimal(value),
                           None if due is None else date.fromordinal(due))
    except (TypeError, InvalidOperation, OverflowError) as error:
        raise ValueError("not a kept share") from error


def sums_json(report: MarkdownReport) -> dict[str, Any]:
    """What `report`'s head is made from once every partner's share is taken
    (MarkdownReport.take, ProgramTotals.take: counts and exact sums), as JSON values."""
    totals = report.measuring
    return {
        "members": _by_stage(report.members), "value": _by_stage(report.value, str),
        "due": [[day.toordinal(), n] for day, n in report.due_days.items()],
        "counts": _by_stage(totals.counts), "entered": _by_stage(totals.entered),
        "converted": _by_stage(totals.converted), "archived": totals.archived,
        "leads": totals.leads, "won": totals.won, "revenue": str(totals.revenue),
        "payouts": str(totals.payouts), "costs": str(totals.partner_costs),
        "starts": [[day.toordinal(), n] for day, n in totals.starts.items()],
    }


def take_sums(report: MarkdownReport, data: Any) -> None:
    """Make `report` (just made: nothing taken) as if it had taken the shares whose
    sums `data` (sums_json's) holds; ValueError when it holds none."""
    try:
        totals = report.measuring
        report.members = _stages_of(data["members"], report.members, int)
        report.value = _stages_of(data["value"], report.value, Decimal)
        report.due_days = {date.fromordinal(_int(day)): _int(n) for day, n in data["due"]}
        totals.counts = _stages_of(data["counts"], totals.counts, int)
        totals.entered = _stages_of(data["entered"], totals.entered, int)
        totals.converted = _stages_of(data["converted"], totals.converted, int)
        totals.archived, totals.leads, totals.won = (
            _int(data["archived"]), _int(data["leads"]), _int(data["won"]))
        totals.revenue, totals.payouts, totals.partner_costs = (
            _decimal(data["revenue"]), _decimal(data["payouts"]), _decimal(data["costs"]))
        totals.starts = {date.fromordinal(_int(day)): _int(n) for day, n in data["starts"]}
    except (TypeError, KeyError, InvalidOperation, OverflowError) as error:
        raise ValueError("not kept sums") from error


def _by_stage(values: dict[Stage, Any], kind: Any = None) -> dict[str, Any]:
    return {stage.value: kind(n) if kind else n for stage, n in values.items()}


def _stages_of(data: Any, like: dict[Stage, Any], kind: Any) -> dict[Stage, Any]:
    """`data` read back as `like` (the same stages), each value of `kind`."""
    if type(data) is not dict or set(data) != {stage.value for stage in like}:
        raise ValueError("not kept sums")
    return {stage: (_int if kind is int else _decimal)(data[stage.value]) for stage in like}


def _int(value: Any) -> int:
    if type(value) is not int:
        raise ValueError("not kept sums")
    return value


def _decimal(value: Any) -> Decimal:
    if type(value) is not str:
        raise ValueError("not kept sums")
    return Decimal(value)
