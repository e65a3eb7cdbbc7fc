"""Dates and amounts as people type them: 'next friday', '+3d', '25k', '1.2m'."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partner_tui.domain.day_words import parse_day
from partner_tui.domain.money import parse_money

MONDAY = date(2026, 3, 16)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", MONDAY),
        (" Tomorrow ", date(2026, 3, 17)),
        ("yesterday", date(2026, 3, 15)),
        ("next friday", date(2026, 3, 20)),
        ("friday", date(2026, 3, 20)),
        ("fri", date(2026, 3, 20)),
        ("monday", date(2026, 3, 23)),  # a week on, never today
        ("+3d", date(2026, 3, 19)),
        ("+2w", date(2026, 3, 30)),
        ("-1d", date(2026, 3, 15)),
        ("2026-12-06", date(2026, 12, 6)),
        ("", None),
    ],
)
def test_day_words(text: str, expected: date | None) -> None:
    assert parse_day(text, MONDAY) == expected


@pytest.mark.parametrize("text", ["next week", "fr", "+d", "2026-02-30", "someday"])
def test_other_words_are_refused_with_the_forms_that_work(text: str) -> None:
    with pytest.raises(ValueError, match="next friday"):
        parse_day(text, MONDAY)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
       st.sampled_from(["monday", "tuesday", "wednesday", "thursday", "friday",
                        "saturday", "sunday"]))
def test_a_weekday_is_the_first_such_day_after_today(today: date, name: str) -> None:
    day = parse_day(f"next {name}", today)
    assert day is not None and 1 <= (day - today).days <= 7
    assert day.strftime("%A").lower() == name


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
       st.integers(min_value=0, max_value=999))
def test_offsets_count_days(today: date, days: int) -> None:
    assert parse_day(f"+{days}d", today) == today + timedelta(days=days)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("25k", "25000.00"), ("1.2m", "1200000.00"), ("$2.5K", "2500.00"), ("12,500", "12500.00")],
)
def test_amounts_take_k_and_m(text: str, expected: str) -> None:
    assert parse_money(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["k", "1.234567k", "abc", "5x"])
def test_bad_short_amounts_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_money(text)
