"""Dates as a person types them: '2026-03-20', 'today', 'tomorrow', 'next friday',
'friday', '+3d', '+2w', '-1d'. Relative to a day handed in, so the rule needs no clock."""

from __future__ import annotations

import re
from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_OFFSET = re.compile(r"^([+-])\s*(\d{1,4})\s*([dw])$")
_UNIT_DAYS = {"d": 1, "w": 7}
HINT = "use YYYY-MM-DD, today, tomorrow, next friday or +3d"


def _weekday(word: str) -> int | None:
    """'fri', 'friday', 'Fri' -> 4; anything else None (three letters at least)."""
    if len(word) < 3:
        return None
    for index, name in enumerate(WEEKDAYS):
        if name.startswith(word):
            return index
    return None


def parse_day(text: str, today: date) -> date | None:
    """The date `text` names, None for blank; ValueError with a message for anything else.

    A weekday ('friday', 'next friday') is the first such day after today: on a Friday,
    'friday' is a week on, never today ('today' says that)."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        return None
    if cleaned == "today":
        return today
    if cleaned == "tomorrow":
        return today + timedelta(days=1)
    if cleaned == "yesterday":
        return today - timedelta(days=1)
    offset = _OFFSET.match(cleaned)
    if offset:
        sign = 1 if offset.group(1) == "+" else -1
        days = sign * int(offset.group(2)) * _UNIT_DAYS[offset.group(3)]
        try:
            return today + timedelta(days=days)
        except OverflowError:
            raise ValueError(f"{text.strip()!r} is too far away") from None
    weekday = _weekday(cleaned.removeprefix("next "))
    if weekday is not None:
        ahead = (weekday - today.weekday() - 1) % 7 + 1
        return today + timedelta(days=ahead)
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a date ({HINT})") from None
