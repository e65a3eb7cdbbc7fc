"""speedups/report_shares.py: a partner's share of the Markdown report's head, and the
sums of every share, written as JSON and read back, are what they were; and a head made
from kept sums, with the shares of partners since changed or gone taken back out and
the new ones taken in, is to the byte the head of the report made from the partners as
they are now, on every day of the month (what a store's close does: speedups/
report_carry.py). Arbitrary partners (drawn from the model's fields), next actions
around the day, settings and figures from deals or typed."""

from __future__ import annotations

from datetime import date, timedelta

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.domain.partner import Partner
from partner_tui.domain.program import Settings
from partner_tui.exchange.markdown import MarkdownReport
from partner_tui.speedups.kept_report_month import month_days
from partner_tui.speedups.report_shares import share_json, share_of_json, sums_json, take_sums
from tests.unit.speedups.test_kept_report_month import _drawn_partners, _month_days, _settings

EXAMPLES = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def _report(program: Settings, today: date, partners: list[Partner]) -> MarkdownReport:
    report = MarkdownReport(program, today)
    for partner in partners:
        report.add(partner)
    return report


@EXAMPLES
@given(data=st.data(), days=_month_days(), program=_settings())
def test_a_share_read_back_is_the_share(
    data: st.DataObject, days: tuple[date, date], program: Settings
) -> None:
    today = days[0]
    report = _report(program, today, _drawn_partners(data.draw, today))
    for _pid, share in report.partners:
        assert share_of_json(orjson.loads(orjson.dumps(share_json(share)))) == share


@EXAMPLES
@given(data=st.data(), days=_month_days(), program=_settings())
def test_a_head_from_kept_sums_with_shares_out_and_in_is_the_heads(
    data: st.DataObject, days: tuple[date, date], program: Settings
) -> None:
    made, day = days
    before = _drawn_partners(data.draw, made)
    # Now: some partners as they were, some changed (another of the drawn partners'
    # fields under the same id), some gone, and some new.
    others = _drawn_partners(data.draw, made)
    now: list[Partner] = []
    touched: set[str] = set()  # changed or gone
    for partner in before:
        fate = data.draw(st.sampled_from(["same", "changed", "gone"]))
        if fate == "same":
            now.append(partner)
            continue
        touched.add(partner.id)
        if fate == "changed" and others:
            now.append(others.pop().model_copy(update={"id": partner.id}))
    now += others  # new
    kept = _report(program, made, before)
    carried = MarkdownReport(program, made)
    take_sums(carried, orjson.loads(orjson.dumps(sums_json(kept))))
    for pid, share in kept.partners:
        if pid in touched:
            carried.take(share, -1)
    kept_ids = {p.id for p in before} - touched
    for partner in now:
        if partner.id not in kept_ids:
            carried.take(carried.made(partner)[0])
    fresh = _report(program, made, now)
    days_of_month = month_days(made)
    for when in (days_of_month[0], days_of_month[-1], made, day):
        assert carried.head(when) == fresh.head(when)
    for stage in fresh.members:
        assert carried.stage_heading(stage) == fresh.stage_heading(stage)


def test_no_share_and_damaged_sums_are_refused() -> None:
    report = MarkdownReport(Settings(), date(2026, 3, 1))
    good = sums_json(report)
    take_sums(MarkdownReport(Settings(), date(2026, 3, 1)), good)
    for damaged in ({**good, "leads": "1"}, {**good, "value": {}}, {**good, "revenue": 1.5},
                    {k: v for k, v in good.items() if k != "starts"}, None, []):
        with pytest.raises(ValueError):
            take_sums(MarkdownReport(Settings(), date(2026, 3, 1)), damaged)
    partner = Partner(company="Acme", next_action_date=date(2026, 3, 2))
    share = share_json(_report(Settings(), date(2026, 3, 1), [partner]).partners[0][1])
    for bad in (share[:-1], [*share[:2], "1", *share[3:]], [*share[:4], 4, *share[5:]],
                [*share[:1], [["prospect", 1]], *share[2:]], "share", None):
        with pytest.raises(ValueError):
            share_of_json(bad)


def test_taking_a_share_out_leaves_no_trace() -> None:
    """A share taken in then out: the head is the empty report's (no day left counted,
    no first day: the program's age is none again)."""
    today = date(2026, 3, 10)
    report = MarkdownReport(Settings(), today)
    partner = Partner(company="Acme", next_action_date=today - timedelta(days=2))
    share = report.made(partner)[0]
    report.take(share)
    report.take(share, -1)
    empty = MarkdownReport(Settings(), today)
    assert report.head(today) == empty.head(today)
    assert report.due_days == {} and report.measuring.starts == {}
