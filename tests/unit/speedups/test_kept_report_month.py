"""speedups/kept_report_month.py: the Markdown report kept for a month cut around its
day's parts, filled in for any day of that month, is the report made on that day, to the
byte, either way out (into a file as made, to the terminal escaped): for arbitrary
partners (drawn from the model's fields), next actions around the day, settings (your
name and company, the currency's symbol, costs) and two days of a month. Another month,
file, name or way is not kept; a report stopped half way keeps nothing. Through the
command line: tests/unit/cli/test_first_report_of_a_day.py."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.domain.partner import Partner
from partner_tui.domain.program import Settings
from partner_tui.domain.safe_text import for_terminal
from partner_tui.exchange.export_order import export_order
from partner_tui.exchange.markdown import MarkdownReport, export_markdown
from partner_tui.speedups.kept_report import FILE, TERMINAL
from partner_tui.speedups.kept_report_month import MonthReportKeeper, kept_month_report
from tests.unit.exchange.test_json_records import _record, _validated

WAYS = (TERMINAL, FILE)
DIGEST = "d" * 64


@st.composite
def _month_days(draw: st.DrawFn) -> tuple[date, date]:
    """Two days of one month (the first the report is kept on, the second filled in)."""
    year, month = draw(st.integers(1990, 2090)), draw(st.integers(1, 12))
    last = calendar.monthrange(year, month)[1]
    return (date(year, month, draw(st.integers(1, last))),
            date(year, month, draw(st.integers(1, last))))


@st.composite
def _settings(draw: st.DrawFn) -> Settings:
    return Settings.model_validate({
        "currency_symbol": draw(st.sampled_from(["$", "€", "CHF", "*_", ""])),
        "profile": {"your_name": draw(st.sampled_from(["", "Maya Okafor", "Zoë *x*"])),
                    "your_company": draw(st.sampled_from(["", "Acme | Co", " Beta  Ltd "]))},
        "resources": {"partnership_manager_hours": draw(st.sampled_from(["0", "12.5"])),
                      "hourly_rate": "80"},
    })


def _near(day: date, offsets: list[int | None]) -> list[date | None]:
    return [None if n is None else day + timedelta(days=n) for n in offsets]


def _drawn_partners(draw: st.DrawFn, day: date) -> list[Partner]:
    records = draw(st.lists(_record(Partner), max_size=5))
    # Next actions around the day: overdue, due today, soon, later, none.
    offsets = draw(st.lists(st.one_of(st.none(), st.integers(-40, 40)),
                            min_size=len(records), max_size=len(records)))
    partners = []
    for raw, when in zip(records, _near(day, offsets), strict=True):
        model = _validated(Partner, raw)
        assert isinstance(model, Partner)
        partners.append(model.model_copy(update={"next_action_date": when}))
    return partners


def _kept_then_filled(
    data_file: Path, partners: list[Partner], program: Settings, made: date, day: date,
    way: str, name: str,
) -> bytes:
    """The report made on `made`, kept `way` for its month, then read for `day`."""
    report = MarkdownReport(program, made)
    for partner in export_order(partners):
        report.add(partner)
    keeper = MonthReportKeeper(data_file, DIGEST, made, name, way)
    for batch in report.batches():
        keeper.keep(batch)
    keeper.done(report)
    kept = kept_month_report(data_file, DIGEST, day, name, way)
    assert kept is not None
    count, pieces = kept
    assert count == len(partners)
    return b"".join(pieces)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow,
                                 HealthCheck.function_scoped_fixture])
@given(data=st.data(), days=_month_days(), program=_settings(), way=st.sampled_from(WAYS))
def test_the_kept_month_filled_in_is_the_days_report(
    tmp_path: Path, data: st.DataObject, days: tuple[date, date], program: Settings,
    way: str,
) -> None:
    made, day = days
    partners = _drawn_partners(data.draw, day)
    got = _kept_then_filled(tmp_path / "data.json", partners, program, made, day, way, "n")
    text = export_markdown(partners, program, day)  # made on that day
    assert got == (for_terminal(text) if way == TERMINAL else text).encode("utf-8")


def test_a_report_with_no_partner_is_kept_too(tmp_path: Path) -> None:
    made, day = date(2024, 2, 3), date(2024, 2, 29)
    got = _kept_then_filled(tmp_path / "data.json", [], Settings(), made, day, FILE, "")
    assert got == export_markdown([], Settings(), day).encode("utf-8")


def test_another_month_file_or_name_is_not_kept(tmp_path: Path) -> None:
    data_file = tmp_path / "data.json"
    made = date(2026, 3, 10)
    _kept_then_filled(data_file, [], Settings(), made, made, FILE, "Ada")
    assert kept_month_report(data_file, DIGEST, date(2026, 3, 31), "Ada", FILE) is not None
    assert kept_month_report(data_file, DIGEST, date(2026, 4, 1), "Ada", FILE) is None
    assert kept_month_report(data_file, DIGEST, date(2025, 3, 10), "Ada", FILE) is None
    assert kept_month_report(data_file, "e" * 64, made, "Ada", FILE) is None
    assert kept_month_report(data_file, DIGEST, made, "Someone", FILE) is None
    assert kept_month_report(data_file, DIGEST, made, "Ada", TERMINAL) is None  # kept apart


def test_a_report_stopped_half_way_keeps_nothing(tmp_path: Path) -> None:
    data_file = tmp_path / "data.json"
    made = date(2026, 3, 10)
    report = MarkdownReport(Settings(), made)
    keeper = MonthReportKeeper(data_file, DIGEST, made, "", FILE)
    keeper.keep(next(report.batches()))
    keeper.drop()
    assert kept_month_report(data_file, DIGEST, made, "", FILE) is None
    # A report whose partners are not those its batches wrote (one added since).
    report.add(Partner(company="Late"))
    keeper = MonthReportKeeper(data_file, DIGEST, made, "", FILE)
    keeper.keep(next(MarkdownReport(Settings(), made).batches()))
    keeper.done(report)
    assert kept_month_report(data_file, DIGEST, made, "", FILE) is None
