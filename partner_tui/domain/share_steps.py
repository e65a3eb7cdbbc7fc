"""Revenue share in steps (docs/tiers.md): '20% x 12, 10% x 12' is 20% for the first 12
months of each referred customer (its close month is month 1), then 10% for 12 more, then
nothing. A last step without months ('20% x 12, 5%') runs with no end.

Steps are written as text everywhere (the form, the import column, the file), so a person
reads and types them the same way; this is the one parser and the one spelling.
"""

from __future__ import annotations

import re
from decimal import Decimal

from partner_tui.domain.money import parse_percent

# (months, percent in hundredths): months 0 is "with no end" (the last step only).
Step = tuple[int, int]

_STEP = re.compile(
    r"(?P<percent>[0-9]+(?:\.[0-9]+)?)\s*%?\s*"
    r"(?:(?:x|×|for)\s*(?P<months>[0-9]+)\s*(?:months?|mo|m)?)?",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:,|;|\bthen\b)\s*", re.IGNORECASE)
MAX_STEPS = 12


def parse_steps(text: str) -> tuple[Step, ...]:
    """'20% x 12, 10% x 12' -> ((12, 2000), (12, 1000)); '' -> () (no steps). ValueError
    says what is wrong, fit to show beside the field."""
    cleaned = text.strip()
    if not cleaned:
        return ()
    steps: list[Step] = []
    items = [item for item in _SPLIT.split(cleaned) if item.strip()]
    for n, item in enumerate(items):
        found = _STEP.fullmatch(item.strip())
        if found is None:
            raise ValueError(f"{item.strip()!r} is not a step (write 20% x 12: percent x months)")
        percent = parse_percent(found.group("percent"))
        if percent > 100:
            raise ValueError(f"{item.strip()!r}: a percent is at most 100")
        months = int(found.group("months") or 0)
        if found.group("months") is not None and months == 0:
            raise ValueError(f"{item.strip()!r}: a step lasts at least 1 month")
        if months == 0 and n != len(items) - 1:
            raise ValueError(f"{item.strip()!r}: only the last step may run with no end")
        steps.append((months, int(percent.scaleb(2))))
    if len(steps) > MAX_STEPS:
        raise ValueError(f"at most {MAX_STEPS} steps")
    return tuple(steps)


def steps_text(steps: tuple[Step, ...]) -> str:
    """The one spelling: '20% x 12, 10% x 12' (and '5%' for a last step with no end)."""
    return ", ".join(
        percent_text(p) + (f" x {months}" if months else "") for months, p in steps
    )


def percent_text(hundredths: int) -> str:
    """'20%', '12.25%': exact (format_percent rounds to a tenth for reading figures)."""
    value = Decimal(hundredths).scaleb(-2)
    return f"{value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize():f}%"


def steps_words(steps: tuple[Step, ...]) -> str:
    """'20% for months 1-12, then 10% for months 13-24, then nothing' (months of each
    customer, its close month being month 1)."""
    parts: list[str] = []
    start = 1
    for months, p in steps:
        if months:
            span = f"month {start}" if months == 1 else f"months {start}-{start + months - 1}"
            parts.append(f"{percent_text(p)} for {span}")
            start += months
        else:
            parts.append(f"{percent_text(p)} from month {start} on")
    if steps and steps[-1][0]:
        parts.append("nothing")
    return ", then ".join(parts)


def step_at(steps: tuple[Step, ...], month_of_customer: int) -> int | None:
    """Which step (0-based) applies in the customer's month `month_of_customer` (0 is its
    close month); None after the last step."""
    start = 0
    for n, (months, _p) in enumerate(steps):
        if months == 0 or month_of_customer < start + months:
            return n
        start += months
    return None
