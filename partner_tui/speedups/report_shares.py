"""What a partner adds to the Markdown report's head, as the kept report holds it.

exchange/markdown.ReportShare (with domain/program_metrics.TotalsShare in it) is what a
partner adds to the report's key figures; the kept month report (speedups/
kept_report_month.py) holds each partner's so that a store's close (speedups/
report_carry.py) makes the head again from the shares of the partners it did not change
and the new shares of those it did, without reading them. Here a share is written as
JSON and read back: money as exact decimal text, days as ordinals, stages by value.
tests/unit/speedups/test_report_carry.py holds a share read back equal to the share.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from partner_tui.domain.program_metrics import TotalsShare
from partner_tui.domain.stages import Stage
from partner_tui.exchange.markdown import ReportShare


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
