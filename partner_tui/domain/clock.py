"""One place that says what time it is, so tests can freeze it."""

from __future__ import annotations

from datetime import UTC, date, datetime


def now() -> datetime:
    """The current instant, always timezone-aware UTC (records compare across machines)."""
    return datetime.now(UTC)


def today() -> date:
    """The user's local calendar day: due dates are about the user's day, not UTC's."""
    return date.today()
