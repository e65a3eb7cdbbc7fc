"""One place that says what time it is, so tests can freeze it.

$PARTNER_TUI_TODAY (an ISO day, 2026-12-08) sets the day the command line takes for
today, for the benches and tests that time "the first call of a day" as a separate
process (bench/cli.py); it moves the calendar day only, not the clock's instant.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

TODAY_ENV = "PARTNER_TUI_TODAY"


def now() -> datetime:
    """The current instant, always timezone-aware UTC (records compare across machines)."""
    return datetime.now(UTC)


def today() -> date:
    """The user's local calendar day: due dates are about the user's day, not UTC's."""
    day = os.environ.get(TODAY_ENV, "").strip()
    if day:
        try:
            return date.fromisoformat(day)
        except ValueError:
            pass  # not a day: the calendar's
    return date.today()
