"""When a partner counts as quiet: the one rule (docs/figures.md), with no models.

A partner is quiet when the days since its last touch (its latest activity, else the
day it entered its stage) are more than its stage allows (the program's rules: 0 for
never). `partner_figures` (every figure of a partner), the board's `quiet:` filter and
`due` all ask it here. Plain values only, so `due` can ask it of 10,000 stored records
without importing pydantic and the playbook's models (docs/cli-speed.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, NamedTuple

# The days each stage may go without contact before it counts as quiet, when the
# program's rules do not say (ProgramRules' defaults are these: domain/program.py).
QUIET_AFTER_DEFAULTS: dict[str, int] = {"prospect": 0, "engage": 14, "negotiate": 14, "active": 30}


def quiet_field(stage: str) -> str:
    """The program rule holding `stage`'s allowance (ProgramRules.quiet_<stage>_days)."""
    return f"quiet_{stage}_days"


def quiet_after_of(rules: Mapping[str, Any], stage: str) -> int:
    """Days without contact a partner in `stage` may go under `rules` (ProgramRules'
    fields, as a model's values or a stored record's, a missing one its default);
    0 for never (archived)."""
    return int(rules.get(quiet_field(stage), QUIET_AFTER_DEFAULTS.get(stage, 0)))


class Quiet(NamedTuple):
    """Whether a partner is quiet as of a day (the figures' quiet_days and quiet_since)."""

    quiet_days: int | None  # days since the last touch, when more than its stage allows
    quiet_since: date | None  # the first day it counted as quiet


def quiet_of(last_touch: date | None, quiet_after: int, as_of: date) -> Quiet:
    """Quiet when the days since the last touch are more than `quiet_after` (the stage's
    allowance; 0: never quiet). The one rule: partner_figures and `due` both ask it."""
    if quiet_after <= 0 or last_touch is None:
        return Quiet(None, None)
    days = (as_of - last_touch).days
    if days <= quiet_after:
        return Quiet(None, None)
    return Quiet(days, last_touch + timedelta(days=quiet_after + 1))


def _day(value: object) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def last_touch_from_record(raw: dict[str, Any]) -> date | None:
    """A stored partner's last touch, read like partner_figures.last_touch_of reads a
    validated one: its latest activity, else the day it entered its stage."""
    activities = raw.get("activities")
    days = [
        found for a in (activities if isinstance(activities, list) else [])
        if isinstance(a, dict) and a.get("author") != "program"  # the program's own log
        and (found := _day(a.get("date"))) is not None
    ]
    if days:
        return max(days)
    history = raw.get("stage_history")
    if isinstance(history, list) and history and isinstance(history[-1], dict):
        entered = _day(history[-1].get("entered_at"))
        if entered is not None:
            return entered
    return _day(raw.get("created_at"))
