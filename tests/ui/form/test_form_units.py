"""The pure pieces under the form: typed text <-> model values, log order, cadence roll-over."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from partner_tui.domain.cadence import Cadence, close_finished_cycles
from partner_tui.domain.partner import Activity, ActivityKind
from partner_tui.ui.form.activity_log import newest_first
from partner_tui.ui.form.fields import format_kind, get_path, parse_kind, set_path


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("money", Decimal("12500.50")),
        ("money", Decimal("25000.00")),
        ("percent", Decimal("12.5")),
        ("percent_or_none", Decimal("0")),
        ("percent_or_none", None),
        ("count", 42),
        ("date", date(2026, 3, 20)),
        ("date", None),
        ("tags", ["saas", "emea"]),
        ("optional", None),
        ("text", "Acme"),
    ],
)
def test_what_the_form_shows_reads_back_as_the_same_value(kind: str, value: object) -> None:
    assert parse_kind(kind, format_kind(kind, value)) == value  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "typed", "message"),
    [
        ("money", "-1", "negative"),
        ("percent", "150", "between 0 and 100"),
        ("count", "3.5", "whole number"),
        ("count", "abc", "whole number"),
        ("date", "20/03/2026", "YYYY-MM-DD"),
    ],
)
def test_text_that_cannot_be_read_says_why(kind: str, typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_kind(kind, typed)  # type: ignore[arg-type]


def test_blank_numbers_are_zero_and_zero_shows_blank() -> None:
    assert parse_kind("money", "") == Decimal("0")
    assert parse_kind("count", " ") == 0
    assert format_kind("money", Decimal("0")) == ""


def test_paths_reach_into_nested_records() -> None:
    data = {"models": {"revenue_share": {"percent": 0}}}
    set_path(data, "models.revenue_share.percent", Decimal("20"))
    assert get_path(data, "models.revenue_share.percent") == Decimal("20")


def test_log_is_newest_first_and_same_day_entries_latest_first() -> None:
    a = Activity(date=date(2026, 3, 1), kind=ActivityKind.NOTE, text="a")
    b = Activity(date=date(2026, 3, 5), kind=ActivityKind.CALL, text="b")
    c = Activity(date=date(2026, 3, 1), kind=ActivityKind.EMAIL, text="c")
    assert [x.text for x in newest_first([a, b, c])] == ["b", "c", "a"]


def test_a_fully_ticked_cycle_closes_and_starts_over() -> None:
    cadence = Cadence.model_validate(
        {
            "monthly": {"review_metrics": True, "check_in_call": True,
                        "share_updates": True, "plan_activities": True},
            "quarterly": {"business_review": True},
        }
    )
    closed = close_finished_cycles(cadence, date(2026, 3, 16))
    assert closed.monthly.done() == 0
    assert closed.monthly_last_completed == date(2026, 3, 16)
    assert closed.quarterly.done() == 1 and closed.quarterly_last_completed is None
